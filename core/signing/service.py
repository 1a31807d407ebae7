"""Signing archived documents and checking files against the archive: what the CLI and the web
call.

:func:`open_signer` gets the pejabat's signer through the ``naskah_signer`` hook and refuses a
certificate that may not sign (:func:`naskah.signing.certs.check_signing_cert`);
:func:`probe_signer` tells, without asking for a passphrase, whether a signer is provided for a
NIP (the web shows "Tandatangani" only then); :func:`sign_document` signs one archived PDF
into a new signed version; :func:`sign_documents` / :func:`sign_set` sign every document of a
set / run whose signature block is the pejabat's; :func:`check_file` validates a PDF offline
and says whether it is a signed version held in this archive.

:func:`open_test_signer` opens a naskah TEST certificate without NIP (the demo's, see
docs/signing.md): it may sign only a block whose NIP the data leaves blank, found by its
jabatan, and its mark says that the name and NIP are not in the data.
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
    embeds_revocation,
    is_test_certificate,
    signing_context,
    verifying_context,
)
from naskah.signing.layout import (
    SignatureBlockNotFound,
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

NO_NIP_MARK = "Nama dan NIP tidak ada di data"
"""What the mark of the TEST signer says in place of the NIP line (document text: Indonesian)."""


@dataclass
class OpenSigner:
    """A signer ready to sign: the pyHanko signer, its certificate's :class:`CertInfo`, the NIP
    asked for (``""`` for the demo's TEST signer, which signs a blank-NIP block of its
    certificate's jabatan), and the validation context used (trust roots, CRLs, OCSP)."""

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
    return signing_context(settings.signing)


def _plugins(settings):
    from naskah.agencies.manager import get_plugins

    return get_plugins(settings.plugins.disabled, profiles_dir=settings.plugins.profiles_dir)


class _WouldAsk(Exception):
    """Raised by the probe of :func:`probe_signer` where a signer asks for a passphrase."""


def probe_signer(settings, nip: str, *, plugins=None) -> str | None:
    """Whether a signer is provided for ``nip`` (18 digits), without asking anything: ``None``
    when no plugin's ``naskah_signer`` has one; ``"passphrase"`` when one would ask for a
    passphrase (or raised: configured but not openable, signing will say why); ``"ready"``
    when one opened without asking (the settings hold its passphrase). No passphrase is
    used."""

    def probe(_prompt: str) -> str:
        raise _WouldAsk

    plugins = plugins if plugins is not None else _plugins(settings)
    try:
        found = plugins.hook.naskah_signer(nip=clean_nip(nip), settings=settings,
                                           ask_passphrase=probe)
    except (_WouldAsk, SigningError):
        return "passphrase"
    return None if found is None else "ready"


def open_signer(
    settings, nip: str, *, plugins=None, ask_passphrase: Callable[[str], str] | None = None,
) -> OpenSigner:
    """The signer of ``nip`` from the plugins (``naskah_signer``), with its certificate checked
    now. Raises :class:`SigningError` when no plugin has a signer for ``nip``, or the certificate
    is expired, revoked, untrusted or issued to another NIP."""
    if plugins is None:
        plugins = _plugins(settings)
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


def open_test_signer(settings, keystore: Path, passphrase: str) -> OpenSigner:
    """The signer of a naskah TEST certificate without NIP (``examples/tte-uji/
    penanda-tangan-uji.p12``): it signs only blank-NIP blocks of its certificate's jabatan.
    Raises :class:`SigningError` when the passphrase is wrong, the certificate may not sign
    (expired, revoked, untrusted), is not a TEST certificate, or carries a NIP (a pejabat's
    certificate signs through :func:`open_signer`)."""
    from naskah.signing.keystore import load_pkcs12

    signer = load_pkcs12(keystore, passphrase)
    if not is_test_certificate(signer.signing_cert):
        raise SigningError(_("{name}: only a naskah TEST certificate may sign a block whose "
                             "NIP is not in the data", name=Path(keystore).name))
    vc = _vc(settings)
    info = check_signing_cert(signer.signing_cert, list(signer.cert_registry), vc)
    if info.nip or not info.jabatan:
        raise SigningError(_("{name}: a TEST signer has a jabatan and no NIP",
                             name=Path(keystore).name))
    return OpenSigner(signer, info, "", vc)


def signable_pdf(session: Session, settings, document_id: int, nip: str, *, jabatan: str = ""):
    """The archived PDF of ``document_id`` and where ``nip``'s signature blocks are on it,
    checked before any passphrase is asked: ``(document, pdf path, [Box, …])`` — every block of
    the signer, the last one for the signature field (``nip`` empty: the blank-NIP blocks of
    ``jabatan``, for the TEST signer). Raises :class:`SigningError` when the document or its
    PDF is missing, the PDF differs from the index, or it has no signature block with that
    NIP."""
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
        boxes = find_signature_blocks(pdf, clean_nip(nip) if nip else "", jabatan=jabatan)
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
    info = opened.info
    doc, pdf, boxes = signable_pdf(session, settings, document_id, opened.nip,
                                   jabatan="" if opened.nip else info.jabatan)
    archive_dir = Path(settings.archive_dir)
    code = new_code()
    url = f"{settings.signing.base_url.rstrip('/')}/verifikasi/{code}"
    text = MarkText(
        nama=info.nama, nip=nip_line(opened.nip) if opened.nip else NO_NIP_MARK,
        jabatan=info.jabatan, issuer=settings.signing.issuer_label or info.issuer,
    )
    staging = Path(settings.data_dir) / "staging"
    staging.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f"ttd-{document_id}-", dir=staging))
    try:
        out = workdir / "signed.pdf"
        sign_pdf(pdf, out, opened.signer, boxes[-1], text, url,
                 tsa_url=settings.signing.tsa_url, reason=f"Penandatanganan {doc.title}",
                 location=doc.agency, other_boxes=tuple(boxes[:-1]),
                 validation_context=opened.vc if embeds_revocation(settings.signing) else None)
        verdict = verify_pdf(out, verifying_context(settings.signing))
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


def sign_documents(session: Session, settings, docs: list[Document],
                   opened: OpenSigner) -> SetResult:
    """Sign each of ``docs`` whose PDF carries ``opened``'s signature block and that this
    pejabat has not signed yet. Documents without a PDF, signed already, or whose block is
    another pejabat's are skipped (with the reason). Does not commit; a failure on one
    document raises and, since the caller's transaction is not committed, signs none."""
    result = SetResult([], [])
    for doc in docs:
        if not doc.pdf_path:
            result.skipped.append((doc, _("has no PDF yet")))
            continue
        if any(s.signer_nip == opened.nip for s in signatures_of(session, doc.id)):
            result.skipped.append((doc, _("already signed by this official")))
            continue
        try:
            find_signature_blocks(doc.pdf_file(settings.archive_dir), opened.nip,
                                  jabatan="" if opened.nip else opened.info.jabatan)
        except SignatureBlockNotFound:
            result.skipped.append((doc, _("signed by another official")))
            continue
        result.signed.append(sign_document(session, settings, doc.id, opened))
    return result


def sign_set(session: Session, settings, run_id: int, opened: OpenSigner) -> SetResult:
    """:func:`sign_documents` over every document of run ``run_id``. Raises
    :class:`SigningError` when the run has no documents."""
    docs = list_documents(session, run_id=run_id)
    if not docs:
        raise SigningError(_("no documents in set (run) {id}", id=run_id))
    return sign_documents(session, settings, docs, opened)


def check_file(session: Session | None, settings, path: Path) -> tuple[Verdict, Signature | None]:
    """Validate ``path`` offline against the configured trust roots, and find it in the archive
    by sha256 (``session`` ``None``: no archive lookup). Returns the verdict and the archived
    signed version it is, if any."""
    verdict = verify_pdf(path, verifying_context(settings.signing))
    archived = by_sha256(session, verdict.sha256) if session is not None else None
    return verdict, archived
