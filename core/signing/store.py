"""Signed versions of archived documents: the ``signature`` table and its files.

Signing never changes an archived file: the signed PDF is a new file beside the unsigned one,
``<NN>_<kind>….ttd<N>.pdf`` (N = 1, 2 … per document), moved into the archive the way
:mod:`naskah.archive` moves every file (:func:`naskah.archive.store_file`: never overwrites,
sha256 and size recorded, fsync'd). One :class:`Signature` row per signed version records who
signed, with which certificate, when, and the public verification code printed in its QR code.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from naskah.archive.store import ArchiveError, Document, Run, file_sha256, store_file
from naskah.db import Base, UtcDateTime, utcnow
from naskah.i18n import _

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Verification codes use letters and digits that cannot be confused when typed (no I, O, 0, 1)."""


class Signature(Base):
    """One signed version of an archived document (``document_id``: the unsigned original).

    ``code`` is the public verification code (``XXXX-XXXX-XXXX``, 60 random bits). ``signer_*``
    come from the signing certificate (``nip`` digits only); ``cert_sha256`` is the certificate's
    fingerprint (lower-case hex). ``level`` is the PAdES baseline level reached (``B-B``,
    ``B-T``). ``pdf_*`` describe the signed file as :class:`~naskah.archive.Document` does.
    """

    __tablename__ = "signature"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    signer_nip: Mapped[str] = mapped_column(String(32), index=True)
    signer_nama: Mapped[str] = mapped_column(Text)
    signer_jabatan: Mapped[str] = mapped_column(Text, default="")
    cert_issuer: Mapped[str] = mapped_column(Text)
    cert_serial: Mapped[str] = mapped_column(String(64))
    cert_sha256: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(8))
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    pdf_path: Mapped[str] = mapped_column(Text)
    pdf_sha256: Mapped[str] = mapped_column(String(64), index=True)
    pdf_size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    document: Mapped[Document] = relationship(lazy="joined")

    def pdf_file(self, archive_dir: Path) -> Path:
        """Absolute path of the signed PDF."""
        return Path(archive_dir) / self.pdf_path

    def __repr__(self) -> str:
        return f"<Signature {self.id} doc={self.document_id} {self.code} {self.signer_nip}>"


@dataclass(frozen=True)
class SignedFile:
    """What :func:`add_signed_version` records besides the file: signer and certificate."""

    signer_nip: str
    signer_nama: str
    signer_jabatan: str
    cert_issuer: str
    cert_serial: str
    cert_sha256: str
    level: str
    signed_at: datetime


def new_code() -> str:
    """A fresh verification code, e.g. ``"K7QX-9M2P-W4HT"`` (12 characters of 32: 60 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(code: str) -> str:
    """``"k7qx9m2pw4ht"`` → ``"K7QX-9M2P-W4HT"`` (case and dashes do not matter when typed)."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else code.strip().upper()


def signed_relpath(doc: Document, n: int) -> PurePosixPath:
    """Where the ``n``-th signed version of ``doc`` goes: beside its DOCX, ``….ttd<n>.pdf``."""
    docx = PurePosixPath(doc.docx_path)
    return docx.with_name(f"{docx.stem}.ttd{n}.pdf")


def add_signed_version(
    session: Session, archive_dir: Path, document_id: int, signed_pdf: Path, info: SignedFile,
    *, code: str | None = None,
) -> Signature:
    """Move ``signed_pdf`` into the archive as a new signed version of document ``document_id``
    and add its :class:`Signature` row (with a new verification code unless ``code`` is given:
    the code printed in the QR code must be the one recorded).

    Does not commit. Raises :class:`~naskah.archive.ArchiveError` if the document does not exist
    or the target file exists; on a failure after the move the file is moved back.
    """
    doc = session.get(Document, document_id)
    if doc is None:
        raise ArchiveError(f"no archived document with id {document_id}")
    n = 1 + (session.scalar(
        select(func.count(Signature.id)).where(Signature.document_id == document_id)) or 0)
    rel = signed_relpath(doc, n)
    while (Path(archive_dir) / rel).exists():  # left by a failed COMMIT: never reused
        n += 1
        rel = signed_relpath(doc, n)
    with store_file(archive_dir, Path(signed_pdf), rel) as (sha, size):
        sig = Signature(
            document_id=document_id, code=code or new_code(), pdf_path=rel.as_posix(),
            pdf_sha256=sha, pdf_size=size, created_at=utcnow(), **info.__dict__,
        )
        with session.begin_nested():
            session.add(sig)
            session.flush()
    return sig


def by_code(session: Session, code: str) -> Signature | None:
    """The signed version with this verification code, or ``None``."""
    return session.scalar(select(Signature).where(Signature.code == normalise_code(code)))


def by_sha256(session: Session, sha256: str) -> Signature | None:
    """The signed version whose file has this sha256 (lower-case hex), or ``None``."""
    return session.scalar(select(Signature).where(Signature.pdf_sha256 == sha256.lower()))


def signatures_of(session: Session, document_id: int) -> list[Signature]:
    """Signed versions of one document, oldest first."""
    return list(session.scalars(
        select(Signature).where(Signature.document_id == document_id).order_by(Signature.id)))


def newer_version_exists(session: Session, sig: Signature) -> bool:
    """``True`` when something newer than this signed version is archived: a later signed
    version of the same document, or the same document (same key) in a newer run."""
    later = session.scalar(select(func.count(Signature.id)).where(
        Signature.document_id == sig.document_id, Signature.id > sig.id))
    if later:
        return True
    doc = sig.document
    newer_run = session.scalar(
        select(func.count(Document.id)).join(Run, Document.run_id == Run.id).where(
            Document.key == doc.key, Document.agency == doc.agency,
            Document.periode == doc.periode, Run.version > doc.run.version)
    )
    return bool(newer_run)


def verify_files(session: Session, archive_dir: Path) -> list[str]:
    """Check every signed file against its row, as :func:`naskah.archive.verify` does for the
    documents' own files: one line per file missing or whose sha256/size differs."""
    problems = []
    for sig in session.scalars(select(Signature).order_by(Signature.id)):
        where = _("{rel} (signed version {n} of document {doc})", rel=sig.pdf_path, n=sig.id,
                  doc=sig.document_id)
        path = Path(archive_dir) / sig.pdf_path
        if not path.is_file():
            problems.append(_("missing: {where}", where=where))
            continue
        sha, size = file_sha256(path)
        if sha != sig.pdf_sha256 or size != sig.pdf_size:
            problems.append(_("sha256 mismatch: {where}: index {sha}, file {actual_sha} "
                              "({actual_size} bytes, index {size})", where=where,
                              sha=sig.pdf_sha256, actual_sha=sha, actual_size=size,
                              size=sig.pdf_size))
    return problems
