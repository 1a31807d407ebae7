"""A signer backed by a remote signing service (a kabupaten's HSM, a national TTE service):
the reference implementation of the contract docs/signing.md describes.

naskah builds the PDF signature itself and asks the service only to sign a digest, in two
JSON-over-HTTPS requests (the shapes a plugin adapts to its real service)::

    GET  <base>/sertifikat/<NIP>
      → 200 {"certificate": "<PEM>", "chain": ["<PEM>", ...]}      404: no certificate
    POST <base>/tandatangan
         {"nip": "<NIP>", "passphrase": "<PIN/OTP>", "digest_algorithm": "sha256",
          "digest": "<base64>"}
      → 200 {"signature": "<base64>"}                               401/403: refused

The signature is over the digest as a pre-hashed value: RSA PKCS#1 v1.5 or ECDSA (DER), by the
key of the certificate returned. A plugin returns ``RemoteSigner(base, nip, passphrase)`` from
its ``naskah_signer`` hook; the passphrase is sent with each signing request and never kept
beyond the signer object's life. Uses the standard library's ``urllib`` (no extra dependency).
"""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.request
from urllib.parse import quote

from naskah.i18n import _
from naskah.signing.certs import SigningError


def _request(url: str, body: dict | None, timeout: float) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method="POST" if body is not None else "GET",
                                 headers={"Content-Type": "application/json",
                                          "Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - configured URL
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, {}
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise SigningError(_("the signing service {url} cannot be reached: {error}", url=url,
                             error=exc)) from None


def _pem_cert(text: str):
    from asn1crypto import pem, x509

    data = text.encode()
    return x509.Certificate.load(pem.unarmor(data)[2] if pem.detect(data) else data)


def remote_signer(base: str, nip: str, passphrase: str, *, timeout: float = 60.0):
    """A pyHanko ``Signer`` for ``nip`` at the service ``base`` (its certificate fetched now),
    or ``None`` when the service has no certificate for ``nip`` (404). Raises
    :class:`SigningError` when the service cannot be reached or answers otherwise."""
    from asn1crypto import algos
    from pyhanko.sign.signers import Signer
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    base = base.rstrip("/")
    status, body = _request(f"{base}/sertifikat/{quote(nip)}", None, timeout)
    if status == 404:
        return None
    if status != 200 or "certificate" not in body:
        raise SigningError(_("the signing service answered {status} for the certificate of "
                             "NIP {nip}", status=status, nip=nip))
    cert = _pem_cert(body["certificate"])
    chain = [_pem_cert(c) for c in body.get("chain", [])]
    key_algo = cert.public_key.algorithm  # "rsa" or "ec"
    mechanism = "sha256_ecdsa" if key_algo == "ec" else "sha256_rsa"
    size = 8 + 2 * (cert.public_key.bit_size // 8 + 1) if key_algo == "ec" else \
        cert.public_key.bit_size // 8

    class RemoteSigner(Signer):
        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False):
            if dry_run:
                return bytes(size)
            digest = hashlib.new(digest_algorithm, data).digest()
            status, answer = _request(f"{base}/tandatangan", {
                "nip": nip, "passphrase": passphrase, "digest_algorithm": digest_algorithm,
                "digest": base64.b64encode(digest).decode(),
            }, timeout)
            if status in (401, 403):
                raise SigningError(_("the signing service refused: wrong passphrase/OTP or no "
                                     "permission for NIP {nip}", nip=nip))
            if status != 200 or "signature" not in answer:
                raise SigningError(_("the signing service answered {status} when signing",
                                     status=status))
            return base64.b64decode(answer["signature"])

    return RemoteSigner(
        signing_cert=cert,
        cert_registry=SimpleCertificateStore.from_certs(chain),
        signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": mechanism}),
    )
