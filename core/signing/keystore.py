"""The built-in signer: one PKCS#12 keystore (``.p12``/``.pfx``) per pejabat.

Found as ``Settings.signing.keystores[nip]`` or ``<Settings.signing.keystore_dir>/<nip>.p12``;
the passphrase comes from ``Settings.signing.passphrases[nip]`` (unattended use) or is asked of
the person signing. It is used to open the keystore and dropped: never written to the
database, a log or an error message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from naskah.i18n import _
from naskah.signing.certs import SigningError


class WrongPassphrase(SigningError):
    """The passphrase does not open the keystore (or the file is not PKCS#12)."""


def keystore_path(nip: str, settings) -> Path | None:
    """The keystore configured for ``nip``, or ``None`` (the file may still be missing)."""
    signing = settings.signing
    if nip in signing.keystores:
        return Path(signing.keystores[nip])
    if signing.keystore_dir is not None:
        for suffix in (".p12", ".pfx"):
            candidate = Path(signing.keystore_dir) / f"{nip}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def pkcs12_signer(nip: str, settings, ask_passphrase: Callable[[str], str] | None):
    """A ``pyhanko.sign.signers.SimpleSigner`` from ``nip``'s keystore, or ``None`` when no
    keystore is configured for ``nip``.

    Raises :class:`~naskah.signing.certs.SigningError` when the file is missing or unreadable,
    no passphrase can be had, or the passphrase does not open it."""
    path = keystore_path(nip, settings)
    if path is None:
        return None
    if not path.is_file():
        raise SigningError(_("the certificate file (PKCS#12) of NIP {nip} does not exist: {path}",
                             nip=nip, path=path))
    secret = settings.signing.passphrases.get(nip)
    if secret is not None:
        passphrase = secret.get_secret_value()
    elif ask_passphrase is not None:
        passphrase = ask_passphrase(_("Passphrase of certificate {name}", name=path.name))
    else:
        raise SigningError(_("the certificate passphrase of NIP {nip} is needed but cannot be "
                             "asked for", nip=nip))
    return load_pkcs12(path, passphrase)


def load_pkcs12(path: Path, passphrase: str):
    """Open a PKCS#12 file with cryptography and wrap it as a pyHanko ``SimpleSigner`` (key,
    certificate and the chain it carries). Raises :class:`WrongPassphrase` on a wrong
    passphrase or a file that is not PKCS#12."""
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        pkcs12,
    )
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        key, cert, extra = pkcs12.load_key_and_certificates(
            Path(path).read_bytes(), passphrase.encode() if passphrase else None)
    except (ValueError, TypeError):
        raise WrongPassphrase(_("{name}: wrong passphrase, or the file is not PKCS#12",
                             name=Path(path).name)) from None
    if key is None or cert is None:
        raise SigningError(_("{name}: holds no private key and certificate",
                             name=Path(path).name))
    der_key = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    chain = [x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in extra or ()]
    return SimpleSigner(
        signing_cert=x509.Certificate.load(cert.public_bytes(Encoding.DER)),
        signing_key=keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )
