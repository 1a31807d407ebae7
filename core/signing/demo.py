"""The demo's electronic signature: ``naskah demo`` signs the example's Laporan Hasil
Pengukuran Kinerja with the shipped TEST certificate and checks the result.

The Laporan is signed by the Sekretaris, whose name and NIP the example (and its SOP) do not
give: the block prints them blank, and naskah never invents them. So the demo signs with a
TEST signer (``examples/tte-uji/penanda-tangan-uji.p12``, common name
:data:`~naskah.signing.testca.DEMO_TEST_SIGNER`, no NIP, organisation
:data:`~naskah.signing.certs.TEST_ORG`) that may sign only a blank-NIP block of its jabatan
(:func:`naskah.signing.service.open_test_signer`); its mark says "SERTIFIKAT UJI — bukan TTE
resmi" and that the name and NIP are not in the data, and the footer names the test issuer.
docs/signing.md explains the choice.

:func:`sign_demo_laporan` signs, validates the signed file as ``naskah verify`` does (SAH),
and validates a copy with one byte of the signed content changed (DIUBAH).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from naskah.archive.store import Document
from naskah.db import make_engine, session_factory
from naskah.signing.service import check_file, open_test_signer, sign_document
from naskah.signing.testca import DEMO_TEST_SIGNER_FILE
from naskah.signing.verify import Verdict

DEMO_PASSPHRASE = "uji-coba-naskah"
"""Passphrase of the demo's test keystores (public: so is their private key)."""
LAPORAN = ("laporan_pengukuran", "")
"""``(kind, variant)`` of the document the demo signs: the final Laporan."""


@dataclass(frozen=True)
class DemoSigning:
    """What the demo's signing did: the document, the signed file (``path``), its
    verification ``code``, ``level``; the verdict on the signed file and on a copy with one
    byte changed."""

    document_id: int
    title: str
    path: Path
    code: str
    level: str
    valid: Verdict
    altered: Verdict


def demo_signing_settings(settings, folder: Path):
    """``settings`` with signing set to the demo's test files in ``folder``: its trust root
    and CRL (the user's own signing settings are not used by the demo; base URL kept)."""
    from naskah.settings import SigningSettings

    signing = SigningSettings(
        base_url=settings.signing.base_url, trust_roots=[folder / "akar-uji.pem"],
        crls=[folder / "crl-uji.pem"], verify_rate=settings.signing.verify_rate,
    )
    return settings.model_copy(update={"signing": signing})


def changed_copy(path: Path, out: Path) -> Path:
    """Write ``path`` to ``out`` with one byte of the signed content changed: the middle byte
    of the first signed range (the original document, before the signature). Returns
    ``out``."""
    import re

    data = bytearray(path.read_bytes())
    found = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)", bytes(data))
    end = int(found.group(2)) if found else len(data) // 2
    data[end // 2] ^= 0x20
    out.write_bytes(bytes(data))
    return out


def sign_demo_laporan(settings, run_id: int, folder: Path) -> DemoSigning | None:
    """Sign the final Laporan of run ``run_id`` with the TEST signer in ``folder`` and check
    it. ``None`` when the Laporan has no PDF (LibreOffice missing). Raises
    :class:`~naskah.signing.certs.SigningError` when signing is refused."""
    settings = demo_signing_settings(settings, folder)
    engine = make_engine(settings.database)
    try:
        with session_factory(engine)() as s, s.begin():
            doc = s.query(Document).filter_by(run_id=run_id, kind=LAPORAN[0],
                                              variant=LAPORAN[1]).one_or_none()
            if doc is None or not doc.pdf_path:
                return None
            opened = open_test_signer(settings, folder / DEMO_TEST_SIGNER_FILE, DEMO_PASSPHRASE)
            sig = sign_document(s, settings, doc.id, opened)
            path = sig.pdf_file(settings.archive_dir)
            done = (doc.id, doc.title, sig.code, sig.level)
        with session_factory(engine, read_only=True)() as s:
            valid, _archived = check_file(s, settings, path)
            with tempfile.TemporaryDirectory() as tmp:
                altered, _none = check_file(s, settings, changed_copy(path, Path(tmp) / "x.pdf"))
    finally:
        engine.dispose()
    return DemoSigning(done[0], done[1], path, done[2], done[3], valid, altered)
