"""Certificates: what naskah reads from a signing certificate, the trust roots it validates
against, and the check that a certificate may sign today (chain, validity, revocation).

Validation is offline (pyhanko-certvalidator with fetching off): the chain must end at one of
``Settings.signing.trust_roots``; revocation is checked against the CRLs in
``Settings.signing.crls`` (and those embedded in a signed PDF) in *soft-fail* mode — a
certificate listed as revoked is refused; one with no CRL at hand is accepted (say so in the
deployment: configure the issuer's current CRL, as docs/signing.md explains).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from naskah.errors import NaskahError
from naskah.i18n import _

TEST_ORG = "naskah SERTIFIKAT UJI (bukan BSrE, bukan TTE resmi)"
"""Organisation written in every certificate of :mod:`naskah.signing.testca`, so no reader
takes it for a real one (and :func:`is_test_certificate` can tell)."""


class SigningError(NaskahError):
    """Signing was refused or failed (certificate expired/revoked/untrusted, wrong passphrase,
    no signer for the NIP, no signature block …); the message says which, in Indonesian."""


@dataclass(frozen=True)
class CertInfo:
    """The parts of a signing certificate naskah shows: ``nama`` (subject CN), ``nip`` (digits of
    the subject serialNumber, ``""`` when absent), ``jabatan`` (subject title), ``issuer`` (the
    issuer's organisation, else its CN), ``serial`` (hex), ``sha256`` (fingerprint, hex),
    validity bounds (UTC)."""

    nama: str
    nip: str
    jabatan: str
    issuer: str
    serial: str
    sha256: str
    not_before: datetime
    not_after: datetime


def cert_info(cert) -> CertInfo:
    """:class:`CertInfo` of an ``asn1crypto.x509.Certificate``."""
    subject = cert.subject.native
    issuer = cert.issuer.native
    nip = re.sub(r"\D", "", str(subject.get("serial_number", "")))
    return CertInfo(
        nama=str(subject.get("common_name", "")),
        nip=nip,
        jabatan=str(subject.get("title", "")),
        issuer=str(issuer.get("organization_name") or issuer.get("common_name") or ""),
        serial=format(cert.serial_number, "x"),
        sha256=hashlib.sha256(cert.dump()).hexdigest(),
        not_before=cert["tbs_certificate"]["validity"]["not_before"].native,
        not_after=cert["tbs_certificate"]["validity"]["not_after"].native,
    )


def is_test_certificate(cert) -> bool:
    """Whether ``cert`` (asn1crypto) is a naskah TEST certificate: its subject organisation
    is :data:`TEST_ORG` (never true of a certificate from a real authority)."""
    return cert.subject.native.get("organization_name") == TEST_ORG


def load_certs(paths: list[Path]) -> list:
    """Certificates from PEM (one or several per file) or DER files, as asn1crypto objects.
    Raises :class:`SigningError` naming a file that is missing or holds no certificate."""
    from asn1crypto import pem, x509

    out = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise SigningError(_("trust root {path} cannot be read: {error}", path=path,
                                   error=exc)) from None
        if pem.detect(data):
            found = [x509.Certificate.load(der) for kind, _, der in pem.unarmor(data, True)
                     if kind == "CERTIFICATE"]
        else:
            found = [x509.Certificate.load(data)]
        if not found:
            raise SigningError(_("{path}: holds no certificate", path=path))
        out.extend(found)
    return out


def load_crls(paths: list[Path]) -> list[bytes]:
    """CRLs (DER bytes) from PEM or DER files."""
    from asn1crypto import pem

    out = []
    for path in paths:
        data = Path(path).read_bytes()
        if pem.detect(data):
            out.extend(der for _, _, der in pem.unarmor(data, True))
        else:
            out.append(data)
    return out


def load_ocsps(paths: list[Path]) -> list[bytes]:
    """OCSP responses (DER bytes) from files. Raises :class:`SigningError` naming a file that
    cannot be read."""
    out = []
    for path in paths:
        try:
            out.append(Path(path).read_bytes())
        except OSError as exc:
            raise SigningError(_("OCSP response {path} cannot be read: {error}", path=path,
                                 error=exc)) from None
    return out


def validation_context(trust_roots: list[Path], crls: list[Path] = (), *, at=None,
                       other_certs: list | None = None, ocsps: list[Path] = (),
                       allow_fetching: bool = False):
    """A pyHanko ``ValidationContext``: ``trust_roots`` only (no system store), revocation
    soft-fail with the ``crls`` and ``ocsps`` files; ``at``: validation time (default now);
    ``allow_fetching``: may download CRLs/OCSP responses the certificates point to (signing
    only, when ``Settings.signing.allow_fetching``; verification stays offline).
    Raises :class:`SigningError` when no trust root is configured."""
    from pyhanko_certvalidator import ValidationContext

    roots = load_certs(list(trust_roots))
    if not roots:
        raise SigningError(_(
            "no trust root is configured: set NASKAH_SIGNING__TRUST_ROOTS (see docs/signing.md)"))
    return ValidationContext(
        trust_roots=roots, crls=load_crls(list(crls)), ocsps=load_ocsps(list(ocsps)),
        other_certs=other_certs or [], allow_fetching=allow_fetching,
        revocation_mode="soft-fail", moment=at,
    )


def signing_context(signing):
    """The ``ValidationContext`` used when signing with ``Settings.signing`` (``signing``): the
    trust roots, CRL and OCSP files, fetching as configured. Raises :class:`SigningError`
    when no trust root is configured."""
    return validation_context(signing.trust_roots, signing.crls, ocsps=signing.ocsps,
                              allow_fetching=signing.allow_fetching)


def embeds_revocation(signing) -> bool:
    """Whether signatures made with ``Settings.signing`` embed validation data (PAdES B-LT
    with a timestamp authority): CRLs or OCSP responses are configured, or fetching is
    allowed."""
    return bool(signing.crls or signing.ocsps or signing.allow_fetching)


def verifying_context(signing):
    """The offline ``ValidationContext`` of verification (never fetches)."""
    return validation_context(signing.trust_roots, signing.crls, ocsps=signing.ocsps)


def _tanggal(value: datetime) -> str:
    return value.strftime("%d-%m-%Y %H:%M UTC")


def check_signing_cert(cert, intermediates: list, vc) -> CertInfo:
    """Refuse a certificate that may not sign now: the chain to a trust root, validity period,
    revocation (CRLs of ``vc``) and key usage (digitalSignature + nonRepudiation).

    :param cert: the signer's ``asn1crypto`` certificate; ``intermediates``: its chain.
    :return: its :class:`CertInfo`.
    :raises SigningError: with the reason (kedaluwarsa, belum berlaku, dicabut, tidak tepercaya).
    """
    from pyhanko_certvalidator import CertificateValidator, errors

    info = cert_info(cert)
    who = info.nama or info.serial
    validator = CertificateValidator(cert, intermediates, validation_context=vc)
    try:
        asyncio.run(validator.async_validate_usage({"digital_signature", "non_repudiation"}))
    except errors.RevokedError:
        raise SigningError(_("Certificate {who} has been REVOKED by its issuer: refused",
                              who=who)) from None
    except errors.ExpiredError:
        raise SigningError(_("Certificate {who} EXPIRED on {date}: refused", who=who,
                             date=_tanggal(info.not_after))) from None
    except errors.NotYetValidError:
        raise SigningError(_("Certificate {who} is not valid before {date}: refused", who=who,
                             date=_tanggal(info.not_before))) from None
    except errors.PathBuildingError:
        raise SigningError(_(
            "Certificate {who} (issuer: {issuer}) does not chain to a configured trust root: "
            "refused", who=who, issuer=info.issuer)) from None
    except errors.InvalidCertificateError as exc:
        raise SigningError(_("Certificate {who} cannot be used for signing: {error}",
                              who=who, error=exc)) from None
    except errors.PathValidationError as exc:
        raise SigningError(_("Certificate {who} is not valid: {error}", who=who,
                              error=exc)) from None
    return info
