"""Electronic signatures (TTE): a throw-away CA made here (root → intermediate → pejabat), the
example cycle's Nota Dinas rendered to PDF/A by LibreOffice and signed with pyHanko.

Covers: sign → valid and archived as a new version (the unsigned PDF stays); one byte changed →
altered; revoked, expired, foreign-CA certificates and a wrong passphrase → refused with a clear
message; the signer must be the pejabat of the document's signature block; the QR code of the
rendered page decodes (zbar) to the verification URL; the mark sits in the block's empty row,
overlapping no text; the PDF/A identification, output intent and embedded fonts survive; the
public page shows the document and 404s an unknown code; ``naskah sign``/``verify`` with the
demo's test certificate.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from naskah.archive.store import file_sha256
from naskah.db import session_factory
from naskah.signing import SigningError
from naskah.signing.service import check_file, open_signer, sign_document, sign_set
from naskah.signing.store import Signature, signatures_of
from naskah.signing.verify import Status
from tests.conftest import HAS_SOFFICE
from tests.signing_world import (
    BASE_URL,
    EXPIRED_NIP,
    FOREIGN_NIP,
    KEPALA,
    REVOKED_NIP,
    build_signing_world,
    local_tsa,
)

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(not HAS_SOFFICE, reason="needs LibreOffice and poppler-utils"),
]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The example cycle archived with the PDF/A of the pengukuran Nota Dinas and the SOP
    (signed by the Kepala) and of the Laporan (the Sekretaris' block, no NIP in the data);
    keystores of a valid, a revoked and an expired pejabat certificate of one CA, and one of a
    foreign CA (:func:`tests.signing_world.build_signing_world`)."""
    return build_signing_world(tmp_path_factory.mktemp("ttd"))


@pytest.fixture(scope="module")
def signed(world):
    """The Nota Dinas signed once by the Kepala: its Signature row (detached) and files."""
    settings, engine = world["settings"], world["engine"]
    opened = open_signer(settings, KEPALA[1])
    with session_factory(engine)() as s, s.begin():
        sig = sign_document(s, settings, world["ids"]["nota_dinas"], opened)
        doc = sig.document
        out = {"code": sig.code, "id": sig.id, "nomor": doc.nomor,
               "signed": sig.pdf_file(settings.archive_dir),
               "unsigned": doc.pdf_file(settings.archive_dir),
               "unsigned_sha": doc.pdf_sha256, "sha": sig.pdf_sha256}
    return out


def _session(world, read_only=True):
    return session_factory(world["engine"], read_only=read_only)()


def test_signed_pdf_validates_and_is_a_new_archived_version(world, signed):
    assert signed["signed"].is_file() and signed["signed"].name.endswith(".ttd1.pdf")
    # the unsigned PDF stays, unchanged, as the document's PDF
    assert file_sha256(signed["unsigned"])[0] == signed["unsigned_sha"]
    assert signed["signed"].read_bytes().startswith(signed["unsigned"].read_bytes())
    with _session(world) as s:
        verdict, archived = check_file(s, world["settings"], signed["signed"])
        assert verdict.status == Status.VALID, verdict.message
        assert archived is not None and archived.code == signed["code"]
        assert verdict.signer.nama == KEPALA[0] and verdict.signer.nip == KEPALA[1]
        assert verdict.level == "B-B"
        assert archived.document.pdf_sha256 == signed["unsigned_sha"]
        assert [x.code for x in signatures_of(s, archived.document_id)] == [signed["code"]]
        verdict, archived = check_file(s, world["settings"], signed["unsigned"])
        assert verdict.status == Status.UNSIGNED and archived is None


def test_one_byte_changed_after_signing_is_reported_altered(world, signed, tmp_path):
    data = bytearray(signed["signed"].read_bytes())
    # a byte of the first signed range (the original document's content), not the signature
    m = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)", bytes(data))
    assert m, "no /ByteRange in the signed PDF"
    data[int(m.group(2)) // 2] ^= 0x01
    bad = tmp_path / "ubah.pdf"
    bad.write_bytes(bytes(data))
    with _session(world) as s:
        verdict, archived = check_file(s, world["settings"], bad)
    assert verdict.status == Status.ALTERED, verdict.message
    assert archived is None


@pytest.mark.parametrize(("nip", "words"), [
    (REVOKED_NIP, "DICABUT"),
    (EXPIRED_NIP, "KEDALUWARSA"),
    (FOREIGN_NIP, "tidak berantai ke akar tepercaya"),
])
def test_revoked_expired_or_untrusted_certificate_is_refused(world, nip, words):
    with pytest.raises(SigningError, match=words):
        open_signer(world["settings"], nip)


def test_wrong_passphrase_and_unknown_signer_are_refused(world):
    settings = world["settings"]
    bad = settings.model_copy(update={"signing": settings.signing.model_copy(
        update={"passphrases": {}})})
    with pytest.raises(SigningError, match="frasa sandi salah"):
        open_signer(bad, KEPALA[1], ask_passphrase=lambda prompt: "bukan-ini")
    with pytest.raises(SigningError, match="tidak ada sertifikat penanda tangan untuk NIP"):
        open_signer(settings, "199001012015011001")
    with pytest.raises(SigningError, match="harus 18 angka"):
        open_signer(settings, "12345")


def test_signer_must_be_the_pejabat_of_the_signature_block(world):
    opened = open_signer(world["settings"], KEPALA[1])
    with _session(world, read_only=False) as s, s.begin():
        with pytest.raises(SigningError, match="tidak ada blok tanda tangan dengan NIP. 19830523"):
            sign_document(s, world["settings"], world["ids"]["laporan_pengukuran"], opened)
        assert signatures_of(s, world["ids"]["laporan_pengukuran"]) == []


def _render(pdf_path: Path, out: Path, dpi: int) -> Path:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", str(pdf_path),
                    str(out)], check=True, timeout=120)
    return next(out.parent.glob(out.name + "*.png"))


def test_qr_code_of_the_rendered_page_decodes_to_the_verification_url(signed, tmp_path):
    from PIL import Image
    from pyzbar.pyzbar import decode

    png = _render(signed["signed"], tmp_path / "hal", 150)
    found = [d.data.decode() for d in decode(Image.open(png))]
    assert found == [f"{BASE_URL}/verifikasi/{signed['code']}"]


def test_mark_sits_in_the_empty_row_of_the_signature_block_overlapping_nothing(signed):
    import pdfplumber
    from pypdf import PdfReader

    reader = PdfReader(signed["signed"])
    widgets = [(i, a.get_object()) for i, page in enumerate(reader.pages)
               for a in page.get("/Annots", []) if a.get_object().get("/FT") == "/Sig"]
    assert len(widgets) == 1
    index, widget = widgets[0]
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 - x1 > 150 and y2 - y1 > 40  # room for the QR code and four lines
    assert int(widget["/F"]) & 4  # printed
    with pdfplumber.open(signed["unsigned"]) as doc:  # the text of the page before signing
        page = doc.pages[index]
        h = float(page.height)
        lines = page.extract_text_lines()
    overlapping = [ln["text"] for ln in lines
                   if ln["x0"] < x2 and ln["x1"] > x1 and h - ln["bottom"] < y2
                   and h - ln["top"] > y1]
    assert overlapping == []
    above = [ln for ln in lines if h - ln["bottom"] >= y2 and ln["x0"] < x2 and ln["x1"] > x1]
    below = [ln for ln in lines if h - ln["top"] <= y1 and ln["x0"] < x2 and ln["x1"] > x1]
    assert "Kabupaten Pesisir Selatan" in above[-1]["text"]  # the jabatan's last line
    assert below[0]["text"] == KEPALA[0] and below[1]["text"] == "NIP. 19830523 200212 1 002"


def test_signed_page_shows_mark_and_footer_sentence_with_the_certificate_issuer(signed):
    text = subprocess.run(["pdftotext", "-layout", str(signed["signed"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Ditandatangani secara elektronik oleh:" in text
    flat = " ".join(text.split())
    assert ("Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat "
            "elektronik yang diterbitkan oleh naskah SERTIFIKAT UJI (bukan BSrE, bukan TTE "
            "resmi).") in flat
    assert "BSrE" not in flat.replace("bukan BSrE", "")
    assert f"Verifikasi: {BASE_URL}/verifikasi/{signed['code']}" in flat


def test_pdfa_identification_output_intent_and_embedded_fonts_survive_signing(signed):
    """No PDF/A validator (veraPDF) is packaged for Debian: this checks the PDF/A-2b points an
    incremental signature can break — the XMP ``pdfaid`` part/conformance of the final
    revision, the output intent, every font of every page embedded (the mark's and footer's
    included), no encryption, the signature widget printable."""
    from pypdf import PdfReader

    before, after = PdfReader(signed["unsigned"]), PdfReader(signed["signed"])

    def pdfa_id(reader):
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        part = re.search(r"pdfaid:part(?:>|=\")(\d)", xmp)
        conf = re.search(r"pdfaid:conformance(?:>|=\")([ABU])", xmp)
        return part and part.group(1), conf and conf.group(1)

    assert pdfa_id(before) == ("2", "B")
    assert pdfa_id(after) == ("2", "B")
    assert "/OutputIntents" in after.trailer["/Root"]
    assert "/Encrypt" not in after.trailer

    def fonts(res, seen):
        res = res.get_object() if res else {}
        for font in (res.get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor") or (
                font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                if "/DescendantFonts" in font else None)
            seen.append((font.get("/BaseFont"), desc is not None and any(
                k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))))
        for xobj in (res.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                fonts(xobj.get("/Resources"), seen)

    seen: list = []
    for page in after.pages:
        fonts(page.get("/Resources"), seen)
        for annot in page.get("/Annots", []):
            ap = annot.get_object().get("/AP")
            if ap:
                fonts(ap["/N"].get_object().get("/Resources"), seen)
    assert seen and all(embedded for _, embedded in seen), seen
    assert any("LiberationSans" in str(name) for name, _ in seen)


def test_verification_page_shows_the_document_and_hides_unknown_codes(world, signed):
    from naskah.api.app import create_app

    client = TestClient(create_app(world["settings"]))
    page = client.get(f"/verifikasi/{signed['code'].lower().replace('-', '')}")
    assert page.status_code == 200
    body = page.text
    assert signed["nomor"] and signed["nomor"] in body
    assert "SAH" in body and "valid" in body and signed["sha"] in body
    assert KEPALA[0] in body and "Nota Dinas" in body
    assert KEPALA[1] not in body and "19830523 200212" not in body  # no NIP on a public page
    missing = client.get("/verifikasi/AAAA-BBBB-CCCC")
    junk = client.get("/verifikasi/" + "x" * 300)
    assert missing.status_code == junk.status_code == 404
    assert missing.text == junk.text and signed["nomor"] not in missing.text
    assert "tidak dikenal" in missing.text


def test_verification_page_is_rate_limited(world, signed):
    from naskah.api.app import create_app

    settings = world["settings"]
    limited = settings.model_copy(update={"signing": settings.signing.model_copy(
        update={"verify_rate": "3/minute"})})
    client = TestClient(create_app(limited))
    codes = [client.get(f"/verifikasi/{signed['code']}").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_sign_set_signs_only_the_documents_of_the_signatory(world, signed):
    opened = open_signer(world["settings"], KEPALA[1])
    with _session(world, read_only=False) as s, s.begin():
        result = sign_set(s, world["settings"], world["ids"]["run"], opened)
        reasons = {d.id: why for d, why in result.skipped}
        signed_now = {sig.document_id for sig in result.signed}
    ids = world["ids"]
    # the Nota Dinas is signed already, the Laporan is not his; the SOP is his (signed now,
    # unless another test signed it first); documents without PDF are skipped
    assert reasons[ids["nota_dinas"]] == "sudah ditandatangani pejabat ini"
    assert reasons[ids["laporan_pengukuran"]] == "penandatangannya pejabat lain"
    assert signed_now <= {ids["sop"]}
    assert ids["sop"] in signed_now or reasons[ids["sop"]] == "sudah ditandatangani pejabat ini"
    assert set(reasons.values()) <= {"sudah ditandatangani pejabat ini",
                                     "penandatangannya pejabat lain", "belum punya PDF"}


def test_cli_signs_with_the_demo_test_certificate_and_verify_tells_valid_then_altered(
    world, tmp_path, monkeypatch
):
    """The demo's shipped test certificate (examples/tte-uji, passphrase in docs/signing.md)
    signs the example's Nota Dinas through ``naskah sign``; ``naskah verify`` says SAH, and
    DIUBAH for the same file with one byte changed."""
    from naskah.cli.main import app
    from naskah.settings import get_settings

    demo = ROOT / "examples" / "tte-uji"
    monkeypatch.setenv("NASKAH_SIGNING__KEYSTORE_DIR", str(demo))
    monkeypatch.setenv("NASKAH_SIGNING__TRUST_ROOTS", f'["{demo / "akar-uji.pem"}"]')
    monkeypatch.setenv("NASKAH_SIGNING__CRLS", f'["{demo / "crl-uji.pem"}"]')
    monkeypatch.delenv("NASKAH_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        data_dir = world["settings"].data_dir
        runner = CliRunner()
        signed = runner.invoke(app, ["sign", str(world["ids"]["nota_dinas"]), "--signer",
                                     "19830523 200212 1 002", "--data-dir", str(data_dir)],
                               input="uji-coba-naskah\n")
        assert signed.exit_code == 0, signed.output
        assert "1 dokumen ditandatangani oleh ILHAM RACHMADSYAH PUTRA" in signed.output
        with _session(world) as s:
            sig = s.query(Signature).order_by(Signature.id.desc()).first()
            path, nomor = sig.pdf_file(data_dir / "archive"), sig.document.nomor
            assert "UJI" in sig.cert_issuer
        ok = runner.invoke(app, ["verify", str(path), "--data-dir", str(data_dir)])
        assert ok.exit_code == 0, ok.output
        line = " ".join(ok.output.split())
        assert line.startswith("SAH:") and f"dokumen arsip asli: Nota Dinas nomor {nomor}" in line
        data = bytearray(path.read_bytes())
        data[len(data) // 3] ^= 0x20
        bad = tmp_path / "diubah.pdf"
        bad.write_bytes(bytes(data))
        altered = runner.invoke(app, ["verify", str(bad), "--data-dir", str(data_dir)])
        assert altered.exit_code == 1 and altered.output.startswith("DIUBAH"), altered.output
        refused = runner.invoke(app, ["sign", str(world["ids"]["laporan_pengukuran"]),
                                      "--signer", "198305232002121002", "--data-dir",
                                      str(data_dir)])
        assert refused.exit_code == 1 and "tidak ada blok tanda tangan" in " ".join(
            refused.output.split())
    finally:
        get_settings.cache_clear()


def test_demo_test_certificate_says_it_is_a_test():
    from naskah.signing.certs import cert_info, load_certs
    from naskah.signing.keystore import load_pkcs12

    demo = ROOT / "examples" / "tte-uji"
    signer = load_pkcs12(demo / "198305232002121002.p12", "uji-coba-naskah")
    info = cert_info(signer.signing_cert)
    assert "UJI" in info.issuer and "bukan BSrE" in info.issuer
    (root,) = load_certs([demo / "akar-uji.pem"])
    assert "UJI" in root.subject.human_friendly


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").is_file(), reason="needs Debian's chromium")
def test_verification_page_in_chromium_shows_nomor_and_valid(world, signed, tmp_path):
    """`naskah serve` on the signed archive; Chromium opens the URL the QR code carries (with
    the server's own address) and reads the nomor and "valid" — no sign-in."""
    import json
    import os
    import sys
    import time
    import urllib.request

    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    from tests.test_web_e2e import CHROMIUM, CHROMIUM_ARGS, _free_port

    settings = world["settings"]
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NASKAH_")}
    env["NASKAH_SIGNING__TRUST_ROOTS"] = json.dumps([str(p) for p in settings.signing.trust_roots])
    env["NASKAH_SIGNING__CRLS"] = json.dumps([str(p) for p in settings.signing.crls])
    proc = subprocess.Popen(
        [sys.executable, "-m", "naskah.cli.serve", "--host", "127.0.0.1", "--port", str(port),
         "--data-dir", str(settings.data_dir), "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("naskah serve did not start:\n"
                                + proc.stdout.read().decode(errors="replace"))
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            response = page.goto(f"{base}/verifikasi/{signed['code']}")
            assert response.status == 200
            assert page.locator("#nomor").inner_text() == signed["nomor"]
            status = page.locator("#status").inner_text()
            assert "SAH" in status and "valid" in status
            assert "Masuk" not in page.locator("h1").inner_text()
            page.screenshot(path=str(tmp_path / "verifikasi.png"), full_page=True)
            if os.environ.get("NASKAH_SCREENSHOT_DIR"):
                out = Path(os.environ["NASKAH_SCREENSHOT_DIR"])
                out.mkdir(parents=True, exist_ok=True)
                (out / "verifikasi.png").write_bytes((tmp_path / "verifikasi.png").read_bytes())
            missing = page.goto(f"{base}/verifikasi/ZZZZ-ZZZZ-ZZZZ")
            assert missing.status == 404 and signed["nomor"] not in page.content()
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_document_page_lists_signed_versions_and_the_api_serves_them(world, signed):
    from naskah.accounts.users import Role, add_user, set_password
    from naskah.api.app import create_app
    from tests.archive_world import web_login

    with _session(world, read_only=False) as s, s.begin():
        _, token = add_user(s, "arsip-ttd", Role.ARSIPARIS, None)
        set_password(s, "arsip-ttd", "sandi-arsip-ttd")
    client = TestClient(create_app(world["settings"]))
    auth = {"Authorization": f"Bearer {token}"}
    doc_id = world["ids"]["nota_dinas"]
    got = client.get(f"/api/documents/{doc_id}/ttd/1", headers=auth)
    assert got.status_code == 200 and got.content == signed["signed"].read_bytes()
    assert got.headers["x-naskah-sha256"] == signed["sha"]
    assert client.get(f"/api/documents/{doc_id}/ttd/99", headers=auth).status_code == 404
    assert client.get(f"/api/documents/{doc_id}/ttd/1").status_code == 401
    web_login(client, "arsip-ttd", "sandi-arsip-ttd")
    page = client.get(f"/dokumen/{doc_id}").text
    assert f"/verifikasi/{signed['code']}" in page and KEPALA[0] in page
    other = client.get(f"/dokumen/{world['ids']['laporan_pengukuran']}").text
    assert "Belum ditandatangani secara elektronik." in other


def test_archive_verify_also_checks_signed_files(world, signed, tmp_path):
    from naskah.signing.store import verify_files

    with _session(world) as s:
        assert verify_files(s, world["settings"].archive_dir) == []
    path = signed["signed"]
    original = path.read_bytes()
    try:
        path.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
        with _session(world) as s:
            problems = verify_files(s, world["settings"].archive_dir)
        assert len(problems) == 1 and problems[0].startswith("sha256 tidak cocok: ")
        assert path.name in problems[0]
    finally:
        path.write_bytes(original)


def test_remote_signing_service_plugin_signs_through_the_documented_requests(world, signed):
    """A plugin returning :func:`naskah.signing.remote.remote_signer` for the Kepala: a local HTTP
    service answers the two requests of docs/signing.md with the Kepala's key (held only by the
    service); the signed version validates. A wrong PIN is refused with the service's answer."""
    import base64
    import json
    import threading
    import types
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

    import naskah
    from naskah.agencies.manager import get_plugins
    from naskah.signing.remote import remote_signer

    issued = world["ca"].issue(*KEPALA)  # the HSM's own key pair for the Kepala
    pem = issued.pem().decode()
    chain = [c.public_bytes(serialization.Encoding.PEM).decode() for c in issued.chain]
    requests = []

    class Service(BaseHTTPRequestHandler):
        def _answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 - http.server's name
            requests.append(("GET", self.path))
            if self.path == f"/api/sertifikat/{KEPALA[1]}":
                self._answer(200, {"certificate": pem, "chain": chain})
            else:
                self._answer(404, {})

        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            requests.append(("POST", self.path, sorted(body)))
            if body["passphrase"] != "123456":
                return self._answer(401, {})
            digest = base64.b64decode(body["digest"])
            value = issued.key.sign(digest, ec.ECDSA(Prehashed(hashes.SHA256())))
            self._answer(200, {"signature": base64.b64encode(value).decode()})

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Service)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/api"
    try:
        def naskah_signer(nip, settings, ask_passphrase):
            return remote_signer(base, nip, ask_passphrase("PIN"))

        module = types.ModuleType("hsm_kabupaten")
        module.naskah_signer = naskah.hookimpl(naskah_signer)
        plugins = get_plugins(extra=(("hsm_kabupaten", module),))
        opened = open_signer(world["settings"], KEPALA[1], plugins=plugins,
                             ask_passphrase=lambda prompt: "123456")
        assert opened.info.sha256 != open_signer(world["settings"], KEPALA[1]).info.sha256
        with _session(world, read_only=False) as s, s.begin():
            sig = sign_document(s, world["settings"], world["ids"]["nota_dinas"], opened)
            path = sig.pdf_file(world["settings"].archive_dir)
            assert sig.pdf_path.endswith(".ttd2.pdf") or sig.pdf_path.endswith(".ttd3.pdf")
        with _session(world) as s:
            verdict, archived = check_file(s, world["settings"], path)
        assert verdict.status == Status.VALID, verdict.message
        assert archived is not None and verdict.signer.sha256 == opened.info.sha256
        assert requests[0] == ("GET", f"/api/sertifikat/{KEPALA[1]}")
        assert requests[-1] == ("POST", "/api/tandatangan",
                                ["digest", "digest_algorithm", "nip", "passphrase"])
        wrong = open_signer(world["settings"], KEPALA[1], plugins=plugins,
                            ask_passphrase=lambda prompt: "000000")
        with (_session(world, read_only=False) as s, s.begin(),
              pytest.raises(SigningError, match="menolak")):
            sign_document(s, world["settings"], world["ids"]["nota_dinas"], wrong)
    finally:
        server.shutdown()


def test_every_signature_block_of_the_signer_gets_the_mark(world, tmp_path):
    """The SOP carries the Kepala's block on its cover (a table cell beside "Disahkan oleh") and
    after each flowchart: the signature field sits in the last, the same mark is drawn in the
    others, and every QR code decodes to the one verification URL."""
    from PIL import Image
    from pyzbar.pyzbar import decode

    opened = open_signer(world["settings"], KEPALA[1])
    with _session(world, read_only=False) as s, s.begin():
        sig = sign_document(s, world["settings"], world["ids"]["sop"], opened)
        path, code = sig.pdf_file(world["settings"].archive_dir), sig.code
    subprocess.run(["pdftoppm", "-png", "-r", "300", str(path), str(tmp_path / "sop")],
                   check=True, timeout=300)
    found = {}
    for png in sorted(tmp_path.glob("sop*.png")):
        urls = [d.data.decode() for d in decode(Image.open(png))]
        if urls:
            found[int(png.stem.rsplit("-", 1)[1])] = urls
    url = f"{BASE_URL}/verifikasi/{code}"
    assert len(found) == 3 and all(urls == [url] for urls in found.values()), found
    with _session(world) as s:
        verdict, _ = check_file(s, world["settings"], path)
    assert verdict.status == Status.VALID


def test_a_configured_timestamp_authority_makes_pades_b_t(world, tmp_path):
    """NASKAH_SIGNING__TSA_URL set: the signature carries an RFC 3161 timestamp from that
    authority (a local HTTP TSA answering with pyHanko's test time stamper, certificate from
    the test CA) and validates as B-T (no CRL configured: nothing to embed, so not B-LT)."""
    settings = world["settings"]
    with local_tsa(world["ca"]) as (url, asked):
        with_tsa = settings.model_copy(update={"signing": settings.signing.model_copy(
            update={"tsa_url": url, "crls": []})})
        opened = open_signer(with_tsa, KEPALA[1])
        with _session(world, read_only=False) as s, s.begin():
            sig = sign_document(s, with_tsa, world["ids"]["nota_dinas"], opened)
            path, level = sig.pdf_file(settings.archive_dir), sig.level
        assert level == "B-T"
        assert asked and set(asked) == {"application/timestamp-query"}  # (size estimate too)
        with _session(world) as s:
            verdict, archived = check_file(s, with_tsa, path)
        assert verdict.status == Status.VALID and verdict.level == "B-T", verdict.message
        assert not verdict.ltv


def test_crls_and_a_timestamp_authority_make_pades_b_lt(world, tmp_path):
    """A CRL configured (the test CA's, made with cryptography's
    CertificateRevocationListBuilder) and a TSA: the CRL is embedded in a Document Security
    Store after the signature, and the file validates as B-LT — from the embedded data alone
    (verified without the CRL file configured). No network: the TSA is local, fetching is
    off."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    settings = world["settings"]
    with local_tsa(world["ca"]) as (url, _asked):
        lt = settings.model_copy(update={"signing": settings.signing.model_copy(
            update={"tsa_url": url})})
        opened = open_signer(lt, KEPALA[1])
        with _session(world, read_only=False) as s, s.begin():
            sig = sign_document(s, lt, world["ids"]["nota_dinas"], opened)
            path, level = sig.pdf_file(settings.archive_dir), sig.level
    assert level == "B-LT"
    with open(path, "rb") as f:
        dss = DocumentSecurityStore.read_dss(PdfFileReader(f, strict=False))
        assert len(dss.crls) >= 1 and dss.certs
    no_crl_file = lt.model_copy(update={"signing": lt.signing.model_copy(
        update={"crls": [], "tsa_url": ""})})
    with _session(world) as s:
        verdict, archived = check_file(s, no_crl_file, path)
    assert verdict.status == Status.VALID and verdict.level == "B-LT" and verdict.ltv
    assert "(PAdES B-LT)" in verdict.message and archived.id == sig.id
    runner = CliRunner()
    from naskah.cli.main import app

    # `naskah verify` names the level; the altered copy is still DIUBAH
    env = {"NASKAH_SIGNING__TRUST_ROOTS": f'["{world["keys"] / "root.pem"}"]'}
    ok = runner.invoke(app, ["verify", str(path), "--data-dir", str(settings.data_dir)], env=env)
    assert ok.exit_code == 0 and "PAdES B-LT" in " ".join(ok.output.split()), ok.output
    from naskah.signing.demo import changed_copy

    bad = runner.invoke(app, ["verify", str(changed_copy(path, tmp_path / "x.pdf")),
                              "--data-dir", str(settings.data_dir)], env=env)
    assert bad.exit_code == 1 and bad.output.startswith("DIUBAH"), bad.output


def test_without_a_timestamp_the_embedded_crl_is_told_but_the_level_stays_b_b(world):
    """CRL configured, no TSA: the DSS is still written (the data is kept for later checks),
    but PAdES B-LT needs a signature timestamp: the level is B-B, "data pencabutan tertanam"."""
    settings = world["settings"]
    opened = open_signer(settings, KEPALA[1])
    with _session(world, read_only=False) as s, s.begin():
        sig = sign_document(s, settings, world["ids"]["sop"], opened)
        path = sig.pdf_file(settings.archive_dir)
    with _session(world) as s:
        verdict, _archived = check_file(s, settings, path)
    assert verdict.level == "B-B" and verdict.ltv
    assert "(PAdES B-B, data pencabutan tertanam)" in verdict.message
    no_crl = settings.model_copy(update={"signing": settings.signing.model_copy(
        update={"crls": []})})
    with _session(world, read_only=False) as s, s.begin():
        plain = sign_document(s, no_crl, world["ids"]["sop"], open_signer(no_crl, KEPALA[1]))
        plain_path = plain.pdf_file(settings.archive_dir)
    with _session(world) as s:
        verdict, _archived = check_file(s, no_crl, plain_path)
    assert verdict.level == "B-B" and not verdict.ltv
