"""Electronic signatures (TTE) on archived PDFs, and their public verification.

- :mod:`naskah.signing.service` — sign an archived document or a whole run, check a file;
- :mod:`naskah.signing.pades` — the PAdES signature with pyHanko (visible mark, footer);
- :mod:`naskah.signing.layout` — where the signature block sits on the page;
- :mod:`naskah.signing.certs` — certificate facts, trust roots, refusal of expired/revoked;
- :mod:`naskah.signing.keystore` — the built-in PKCS#12 signer (hook ``naskah_signer``);
- :mod:`naskah.signing.remote` — a signer backed by a remote signing service (the contract);
- :mod:`naskah.signing.verify` — offline validation verdicts;
- :mod:`naskah.signing.store` — the ``signature`` table and signed files in the archive;
- :mod:`naskah.signing.testca` — a throw-away CA for tests and the demo (never real use).

docs/signing.md explains certificates, trust roots, what is verified and how to write a
remote signer plugin.
"""

from naskah.signing.certs import SigningError

__all__ = ["SigningError"]
