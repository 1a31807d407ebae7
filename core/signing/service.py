"""Signing archived documents and checking files against the archive: what the CLI and the web
call.

:func:`open_signer` gets the pejabat's signer through the ``naskah_signer`` hook and refuses a
certificate that may not sign (:func:`naskah.signing.certs.check_signing_cert`);
:func:`sign_document` signs one archived PDF into a new signed version; :func:`sign_set` signs
every document of a run whose signature block is the pejabat's; :func:`check_file` validates a
PDF offline and says whether it is a signed version held in this archive.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from naskah.archive.store import Document, file_sha256, get_document, list_documents
from naskah.i18n import _
from naskah.signing.certs import (
    CertInfo,
    SigningError,
    check_signing_cert,
    validation_context,
)
from naskah.signing.layout import (
    SignatureBlockNotFound,
    find_signature_block,
    find_signature_blocks,
    nip_line,
)
from naskah.signing.pades import MarkText, sign_pdf
from naskah.signing.store import (
    Signature,
    SignedFile,
    add_signed_version,
    by_sha256,
    new_code,
    signatures_of,
)
from naskah.signing.verify import Status, Verdict, verify_pdf


@dataclass
class OpenSigner:
    """A signer ready to sign: the pyHanko signer, its certificate's :class:`CertInfo`, the NIP
    asked for, and the validation context used (trust roots, CRLs)."""

    signer: object
    info: CertInfo
    nip: str
    vc: object


def clean_nip(nip: str) -> str:
    """Digits of a NIP as typed (``"19830523 200212 1 002"`` → ``"198305232002121002"``).
    Raises :class:`SigningError` when it is not 18 digits."""
    digits = re.sub(r"\D", "", nip or "")
    if len(digits) != 18:
        raise SigningError(_("NIP {nip} is not valid: it must be 18 digits", nip=repr(nip)))
    return digits


def _vc(settings):
    return validation_context(settings.signing.trust_roots, settings.signing.crls)


def open_signer(
    settings, nip: str, *, plugins=None, ask_passphrase: Callable[[str], str] | None = None,
) -> OpenSigner:
    """The signer of ``nip`` from the plugins (``naskah_signer``), with its certificate checked
    now. Raises :class:`SigningError` when no plugin has a signer for ``nip``, or the certificate
    is expired, revoked, untrusted or issued to another NIP."""
    if plugins is None:
        from naskah.agencies.manager import get_plugins

        plugins = get_plugins(settings.plugins.disabled,
                              profiles_dir=settings.plugins.profiles_dir)
    nip = clean_nip(nip)
    signer = plugins.hook.naskah_signer(nip=nip, settings=settings,
                                        ask_passphrase=ask_passphrase)
    if signer is None:
        raise SigningError(_(
            "no signing certificate for NIP {nip}: set NASKAH_SIGNING__KEYSTORE_DIR or "
            "NASKAH_SIGNING__KEYSTORES (see docs/signing.md)", nip=nip))
    vc = _vc(settings)
    chain = list(getattr(signer, "cert_registry", None) or ())
    info = check_signing_cert(signer.signing_cert, chain, vc)
    if info.nip and info.nip != nip:
        raise SigningError(_(
            "the certificate opened belongs to NIP {owner} ({name}), not NIP {nip}: refused",
            owner=info.nip, name=info.nama, nip=nip))
    return OpenSigner(signer, info, nip, vc)


def signable_pdf(session: Session, settings, document_id: int, nip: str):
    """The archived PDF of ``document_id`` and where ``nip``'s signature blocks are on it,
    checked before any passphrase is asked: ``(document, pdf path, [Box, …])`` — every block of
    the signer, the last one for the signature field. Raises :class:`SigningError` when the
    document or its PDF is missing, the PDF differs from the index, or it has no signature
    block with that NIP."""
    doc = get_document(session, document_id)
    if doc is None:
        raise SigningError(_("no archived document with ID {id}", id=document_id))
    pdf = doc.pdf_file(Path(settings.archive_dir))
    if pdf is None or not pdf.is_file():
        raise SigningError(_("document {id} ({title}) has no PDF to sign yet",
                             id=document_id, title=doc.title))
    if file_sha256(pdf)[0] != doc.pdf_sha256:
        raise SigningError(_(
            "the PDF of document {id} differs from the archive's record (sha256): {path}",
            id=document_id, path=doc.pdf_path))
    try:
        boxes = find_signature_blocks(pdf, clean_nip(nip))
    except SignatureBlockNotFound as exc:
        raise SigningError(_("document {id} ({title}): {problem}", id=document_id,
                             title=doc.title, problem=exc)) from None
    return doc, pdf, boxes


def sign_document(session: Session, settings, document_id: int, opened: OpenSigner) -> Signature:
    """Sign the archived PDF of document ``document_id`` by ``opened``'s pejabat and archive the
    result as a new signed version (the unsigned PDF stays). Does not commit.

    The PDF must carry the pejabat's signature block (their NIP line): that is how naskah knows
    the SOP made them its signatory, and where the mark goes. Raises :class:`SigningError`
    when the document or its PDF is missing, its file differs from the index, the block is not
    found, or the signed result does not validate; nothing is archived then.
    """
    doc, pdf, boxes = signable_pdf(session, settings, document_id, opened.nip)
    archive_dir = Path(settings.archive_dir)
    info = opened.info
    code = new_code()
    url = f"{settings.signing.base_url.rstrip('/')}/verifikasi/{code}"
    text = MarkText(
        nama=info.nama, nip=nip_line(opened.nip), jabatan=info.jabatan,
        issuer=settings.signing.issuer_label or info.issuer,
    )
    staging = Path(settings.data_dir) / "staging"
    staging.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f"ttd-{document_id}-", dir=staging))
    try:
        out = workdir / "signed.pdf"
        sign_pdf(pdf, out, opened.signer, boxes[-1], text, url,
                 tsa_url=settings.signing.tsa_url, reason=f"Penandatanganan {doc.title}",
                 location=doc.agency, other_boxes=tuple(boxes[:-1]))
        verdict = verify_pdf(out, opened.vc)
        if verdict.status != Status.VALID:
            raise SigningError(_("the signed result of document {id} is not valid: {why}",
                                 id=document_id, why=verdict.message))
        return add_signed_version(
            session, archive_dir, doc.id, out,
            SignedFile(
                signer_nip=opened.nip, signer_nama=info.nama, signer_jabatan=info.jabatan,
                cert_issuer=info.issuer, cert_serial=info.serial, cert_sha256=info.sha256,
                level=verdict.level, signed_at=verdict.signed_at,
            ),
            code=code,
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@dataclass
class SetResult:
    """What :func:`sign_set` did: the new signed versions, and the documents skipped with why."""

    signed: list[Signature]
    skipped: list[tuple[Document, str]]


def sign_set(session: Session, settings, run_id: int, opened: OpenSigner) -> SetResult:
    """Sign every document of run ``run_id`` whose PDF carries ``opened``'s signature block and
    that this pejabat has not signed yet. Documents without a PDF, signed already, or whose
    block is another pejabat's are skipped (with the reason). Does not commit; a failure on one
    document raises and, since the caller's transaction is not committed, signs none."""
    docs = list_documents(session, run_id=run_id)
    if not docs:
        raise SigningError(_("no documents in set (run) {id}", id=run_id))
    result = SetResult([], [])
    for doc in docs:
        if not doc.pdf_path:
            result.skipped.append((doc, _("has no PDF yet")))
            continue
        if any(s.signer_nip == opened.nip for s in signatures_of(session, doc.id)):
            result.skipped.append((doc, _("already signed by this official")))
            continue
        try:
            find_signature_block(doc.pdf_file(settings.archive_dir), opened.nip)
        except SignatureBlockNotFound:
            result.skipped.append((doc, _("signed by another official")))
            continue
        result.signed.append(sign_document(session, settings, doc.id, opened))
    return result


def check_file(session: Session | None, settings, path: Path) -> tuple[Verdict, Signature | None]:
    """Validate ``path`` offline against the configured trust roots, and find it in the archive
    by sha256 (``session`` ``None``: no archive lookup). Returns the verdict and the archived
    signed version it is, if any."""
    verdict = verify_pdf(path, _vc(settings))
    archived = by_sha256(session, verdict.sha256) if session is not None else None
    return verdict, archived
