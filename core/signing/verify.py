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

The PAdES baseline level reached (ETSI EN 319 142-1) is told too: **B-B** (a valid signature),
**B-T** (with a signature timestamp), **B-LT** (B-T and a Document Security Store whose
revocation data alone — without the configured CRL files — validates the signer's chain at
the signing time, revocation checked wherever a certificate declares a CRL or OCSP address:
:func:`embedded_revocation_suffices`). A B-B signature with such data embedded says so.
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
    read; ``level`` (``B-B``/``B-T``/``B-LT``) when it was valid enough to tell; ``ltv``: the
    file embeds revocation data sufficient to validate the signer's chain at the signing time
    (see the module)."""

    status: Status
    message: str
    sha256: str
    signer: CertInfo | None = None
    signed_at: datetime | None = None
    level: str = ""
    ltv: bool = False

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
    moment = st.timestamp_validity.timestamp if st.timestamp_validity is not None else when
    ltv = embedded_revocation_suffices(reader, sig, vc, moment)
    if ltv and level == "B-T":
        level = "B-LT"
    if not st.trusted or st.revoked:
        why = (_("the signer's certificate has been revoked") if st.revoked else
               _("the certificate does not chain to a configured trust root"))
        return Verdict(Status.UNTRUSTED, _("intact signature, but {why}", why=why), sha, signer,
                       when, level, ltv)
    nama = signer.nama if signer else "?"
    return Verdict(Status.VALID, _("electronic signature of {name} intact and valid ({level})",
                                   name=nama, level=level_text(level, ltv)),
                   sha, signer, when, level, ltv)


def level_text(level: str, ltv: bool) -> str:
    """``"PAdES B-LT"``; a B-B/B-T signature with revocation data embedded: ``"PAdES B-B,
    revocation data embedded"`` (in the user's language)."""
    text = f"PAdES {level}"
    if ltv and level != "B-LT":
        text += _(", revocation data embedded")
    return text


def embedded_revocation_suffices(reader, sig, vc, moment: datetime | None) -> bool:
    """Whether the file's Document Security Store holds revocation data (CRLs or OCSP
    responses) that alone validates ``sig``'s signer certificate at ``moment`` against the
    trust anchors of ``vc`` (offline, revocation *hard-fail* wherever a certificate declares
    a CRL or OCSP address). ``False`` without a DSS or revocation data in it."""
    import asyncio

    from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator.errors import PathError, ValidationError

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except (NoDSSFoundError, ValueError, KeyError, TypeError):
        return False
    if not dss.crls and not dss.ocsps:
        return False
    try:
        embedded = dss.as_validation_context({
            "trust_manager": vc.path_builder.trust_manager, "allow_fetching": False,
            "revocation_mode": "hard-fail", "moment": moment,
            "other_certs": list(sig.other_embedded_certs),
        })
        validator = CertificateValidator(sig.signer_cert, validation_context=embedded)
        asyncio.run(validator.async_validate_usage(set()))
    except (PathError, ValidationError, ValueError, KeyError, TypeError):
        return False
    return True


def verify_pdf(path: Path, vc) -> Verdict:
    """Validate the last signature of the PDF at ``path`` against ``vc``
    (:func:`naskah.signing.certs.validation_context`). Never raises for a bad file: a file that
    cannot be read as a signed PDF is a verdict; ``OSError`` if ``path`` cannot be read."""
    return verify_bytes(Path(path).read_bytes(), vc)
