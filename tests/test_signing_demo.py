"""The demo signs its Laporan (issue 13's "done when"): ``naskah demo`` renders the example,
signs the final Laporan Hasil Pengukuran Kinerja with the shipped TEST signer, and prints that
``naskah verify`` says SAH, and DIUBAH for a copy with one byte changed.

The Laporan's signatory (the Sekretaris) has no name or NIP in the example: the mark names the
TEST certificate and says the name and NIP are not in the data; the block's own name and NIP
lines stay blank (nothing invented). Also: the TEST signer is refused on a block that carries
a NIP, and a real (non-test) certificate cannot sign a blank-NIP block.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from naskah.archive.store import Document
from naskah.db import make_engine, session_factory
from naskah.signing import SigningError
from naskah.signing.store import Signature
from tests.conftest import HAS_SOFFICE

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(not HAS_SOFFICE, reason="needs LibreOffice and poppler-utils"),
]
ROOT = Path(__file__).resolve().parent.parent
DEMO_KEYS = ROOT / "examples" / "tte-uji"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """``naskah demo`` once, in a data folder of its own: its output and the signed Laporan."""
    from naskah.cli.main import app
    from naskah.settings import get_settings

    data_dir = tmp_path_factory.mktemp("demo-ttd") / "data"
    get_settings.cache_clear()
    out = CliRunner().invoke(app, ["demo", "--data-dir", str(data_dir)],
                             env={"NASKAH_DATABASE_URL": "", "COLUMNS": "200"})
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{data_dir / 'naskah.db'}")
    with session_factory(engine, read_only=True)() as s:
        (sig,) = s.query(Signature).all()
        found = {"doc": sig.document.kind, "variant": sig.document.variant, "code": sig.code,
                 "signed": data_dir / "archive" / sig.pdf_path,
                 "unsigned": data_dir / "archive" / sig.document.pdf_path,
                 "nama": sig.signer_nama, "nip": sig.signer_nip, "level": sig.level,
                 "nota": s.query(Document).filter_by(kind="nota_dinas").first().id}
    engine.dispose()
    return {"output": out.output, "exit": out.exit_code, "data_dir": data_dir, **found}


def test_the_demo_signs_its_laporan_and_verify_says_valid_then_altered(demo):
    assert demo["exit"] == 0, demo["output"]
    flat = " ".join(demo["output"].split())
    assert demo["doc"] == "laporan_pengukuran" and demo["variant"] == ""
    assert "TTE dengan sertifikat UJI (bukan TTE resmi): Laporan Hasil Pengukuran Kinerja " \
           "ditandatangani" in flat
    assert re.search(r"naskah verify: SAH: 08_laporan_pengukuran\.ttd1\.pdf: tanda tangan "
                     r"elektronik SERTIFIKAT UJI — bukan TTE resmi utuh dan sah", flat), flat
    assert "satu bita diubah: DIUBAH: 08_laporan_pengukuran.ttd1.pdf" in flat
    assert "periksa lagi: NASKAH_SIGNING__TRUST_ROOTS='[\"examples/tte-uji/akar-uji.pem\"]' " \
           "naskah verify" in flat
    assert demo["nama"] == "SERTIFIKAT UJI — bukan TTE resmi" and demo["nip"] == ""


def test_naskah_verify_with_the_demo_root_says_valid_and_one_byte_changed_altered(demo,
                                                                                 tmp_path):
    from naskah.cli.main import app
    from naskah.signing.demo import changed_copy

    env = {"NASKAH_SIGNING__TRUST_ROOTS": f'["{DEMO_KEYS / "akar-uji.pem"}"]',
           "NASKAH_DATABASE_URL": ""}
    runner = CliRunner()
    args = ["--data-dir", str(demo["data_dir"])]
    ok = runner.invoke(app, ["verify", str(demo["signed"]), *args], env=env)
    line = " ".join(ok.output.split())
    assert ok.exit_code == 0 and line.startswith("SAH:"), ok.output
    assert "dokumen arsip asli: Laporan Hasil Pengukuran Kinerja" in line
    bad = runner.invoke(app, ["verify", str(changed_copy(demo["signed"], tmp_path / "x.pdf")),
                              *args], env=env)
    assert bad.exit_code == 1 and bad.output.startswith("DIUBAH"), bad.output


def test_the_mark_names_the_test_signer_and_invents_no_name_or_nip(demo):
    text = subprocess.run(["pdftotext", "-layout", str(demo["signed"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Ditandatangani secara elektronik oleh: SERTIFIKAT UJI — bukan TTE resmi " \
           "Nama dan NIP tidak ada di data" in flat
    assert "diterbitkan oleh naskah SERTIFIKAT UJI (bukan BSrE, bukan TTE resmi)." in flat
    assert f"/verifikasi/{demo['code']}" in flat
    # the block's own name and NIP lines are still the blanks the document printed
    assert re.search(r"\.{20,}\s+NIP\. \.{10,}", text)
    assert not re.search(r"NIP\. \d", text)


def test_qr_code_on_the_signed_laporan_page_decodes_and_the_mark_overlaps_nothing(demo,
                                                                                  tmp_path):
    from PIL import Image
    from pypdf import PdfReader
    from pyzbar.pyzbar import decode

    from naskah.signing.layout import read_pages

    reader = PdfReader(demo["signed"])
    (index, widget), = [(i, a.get_object()) for i, page in enumerate(reader.pages)
                        for a in page.get("/Annots", []) if a.get_object().get("/FT") == "/Sig"]
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    page = read_pages(demo["unsigned"])[index]
    h = page.height
    overlapping = [ln["text"] for ln in page.lines
                   if ln["x0"] < x2 and ln["x1"] > x1 and h - ln["bottom"] < y2
                   and h - ln["top"] > y1]
    assert overlapping == []
    above = [ln for ln in page.lines if h - ln["bottom"] >= y2 and ln["x0"] < x2
             and ln["x1"] > x1]
    assert above[-1]["text"].strip() == "Kabupaten Pesisir Selatan"  # the jabatan's last line
    for dpi in (60, 300):
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(index + 1), "-l",
                        str(index + 1), str(demo["signed"]), str(tmp_path / f"p{dpi}")],
                       check=True, timeout=120)
    png = next(tmp_path.glob("p300*.png"))
    assert [d.data.decode() for d in decode(Image.open(png))] == [
        f"http://127.0.0.1:8000/verifikasi/{demo['code']}"]


def test_the_test_signer_signs_only_blank_nip_blocks_and_only_test_certificates_may(
    demo, tmp_path, monkeypatch
):
    from naskah.settings import Settings
    from naskah.signing import testca
    from naskah.signing.demo import DEMO_PASSPHRASE, demo_signing_settings
    from naskah.signing.service import open_test_signer, sign_document

    settings = demo_signing_settings(Settings(data_dir=demo["data_dir"]), DEMO_KEYS)
    opened = open_test_signer(settings, DEMO_KEYS / "penanda-tangan-uji.p12", DEMO_PASSPHRASE)
    assert opened.nip == "" and "UJI" in opened.info.nama
    engine = make_engine(settings.database)
    try:
        with session_factory(engine)() as s, s.begin(), \
                pytest.raises(SigningError, match="tidak ada blok tanda tangan"):
            sign_document(s, settings, demo["nota"], opened)  # the Kepala's NIP is printed
    finally:
        engine.dispose()
    with pytest.raises(SigningError, match="penanda tangan UJI harus punya jabatan dan tanpa NIP"):
        open_test_signer(settings, DEMO_KEYS / "198305232002121002.p12", DEMO_PASSPHRASE)
    with pytest.raises(SigningError, match="frasa sandi salah"):
        open_test_signer(settings, DEMO_KEYS / "penanda-tangan-uji.p12", "salah")
    # a certificate that does not say it is a test one never signs a blank-NIP block
    monkeypatch.setattr(testca, "TEST_ORG", "Dinas Contoh")
    ca = testca.make_ca("CA Contoh")
    (tmp_path / "akar.pem").write_bytes(ca.root.pem())
    (tmp_path / "lain.p12").write_bytes(ca.issue("PEJABAT", "", "Sekretaris").pkcs12("sandi"))
    other = demo_signing_settings(Settings(data_dir=demo["data_dir"]), DEMO_KEYS)
    other.signing.trust_roots = [tmp_path / "akar.pem"]
    with pytest.raises(SigningError, match="hanya sertifikat UJI naskah"):
        open_test_signer(other, tmp_path / "lain.p12", "sandi")
