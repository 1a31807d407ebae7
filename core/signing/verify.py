"""Offline validation of a signed PDF (pyHanko): integrity, chain to the trust roots,
modification after signing.

:func:`verify_pdf` answers with a :class:`Verdict` whose ``status`` is one of
:class:`Status`; its ``message`` is one Indonesian line. Rules (pyHanko's
``validate_pdf_signature`` for the last signature of the file):

- no signature → ``unsigned``; a file pyHanko cannot read → ``altered`` (damaged);
- digest or signature value wrong (``intact``/``valid`` false) → ``altered``;
- bytes added after the signature other than validation data (``coverage`` not the entire file
  and ``modification_level`` beyond LTA updates) → ``altered``;
- chain not ending at a configured trust root, or the certificate revoked → ``untrusted``;
- else ``valid``.
"""

from __future__ import annotations

import enum
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from naskah.i18n import N_, _
from naskah.signing.certs import CertInfo, cert_info


class Status(enum.StrEnum):
    VALID = "valid"
    ALTERED = "altered"
    UNTRUSTED = "untrusted"
    UNSIGNED = "unsigned"


LABELS = {
    Status.VALID: N_("VALID"),
    Status.ALTERED: N_("ALTERED"),
    Status.UNTRUSTED: N_("UNTRUSTED"),
    Status.UNSIGNED: N_("UNSIGNED"),
}
"""The word for each status (message ids; :attr:`Verdict.label` translates: SAH, DIUBAH …)."""


@dataclass(frozen=True)
class Verdict:
    """The result for one file: ``status``, a one-line Indonesian ``message``, the file's
    ``sha256``; ``signer`` and ``signed_at`` (signer-reported time, UTC) when a signature was
    read; ``level`` (``B-B``/``B-T``) when it was valid enough to tell."""

    status: Status
    message: str
    sha256: str
    signer: CertInfo | None = None
    signed_at: datetime | None = None
    level: str = ""

    @property
    def label(self) -> str:
        """The status in the user's language (``SAH``, ``DIUBAH`` …)."""
        return _(LABELS[self.status])


def verify_bytes(data: bytes, vc) -> Verdict:
    """:func:`verify_pdf` on bytes in memory."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel

    sha = hashlib.sha256(data).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError) as exc:
        return Verdict(Status.ALTERED, _("damaged or altered file: not readable as a PDF "
                                         "({error})", error=exc), sha)
    if not sigs:
        return Verdict(Status.UNSIGNED, _("this file carries no electronic signature"), sha)
    sig = sigs[-1]
    try:
        signer = cert_info(sig.signer_cert)
    except Exception:  # noqa: BLE001 - a damaged CMS blob
        signer = None
    try:
        st = validate_pdf_signature(sig, vc)
    except (SignatureValidationError, PdfReadError, ValueError, KeyError) as exc:
        return Verdict(Status.ALTERED, _("damaged signature or altered file ({error})",
                                         error=exc), sha,
                       signer)
    when = st.signer_reported_dt
    if not (st.intact and st.valid):
        return Verdict(Status.ALTERED, _("the file's content CHANGED after signing: the "
                                         "signature no longer matches"), sha, signer, when)
    if st.coverage != SignatureCoverageLevel.ENTIRE_FILE and (
        st.modification_level is None
        or st.modification_level > ModificationLevel.LTA_UPDATES
    ):
        return Verdict(Status.ALTERED, _("the file was ALTERED after signing (additions other "
                                         "than validation data)"), sha, signer, when)
    level = "B-T" if st.timestamp_validity is not None else "B-B"
    if not st.trusted or st.revoked:
        why = (_("the signer's certificate has been revoked") if st.revoked else
               _("the certificate does not chain to a configured trust root"))
        return Verdict(Status.UNTRUSTED, _("intact signature, but {why}", why=why), sha, signer,
                       when, level)
    nama = signer.nama if signer else "?"
    return Verdict(Status.VALID, _("electronic signature of {name} intact and valid", name=nama),
                   sha, signer,
                   when, level)


def verify_pdf(path: Path, vc) -> Verdict:
    """Validate the last signature of the PDF at ``path`` against ``vc``
    (:func:`naskah.signing.certs.validation_context`). Never raises for a bad file: a file that
    cannot be read as a signed PDF is a verdict; ``OSError`` if ``path`` cannot be read."""
    return verify_bytes(Path(path).read_bytes(), vc)
