"""End to end in a real browser: `naskah serve` under uvicorn, driven in headless Chromium.

An arsiparis signs in with e-mail and password, searches last quarter's Laporan Hasil
Pengukuran Kinerja of an agency, opens it and downloads its PDF: the bytes must be the archived
file's. An operator of another agency (signing in with the NIP) finds nothing and gets 404 for
the same document.

Uses Debian's ``chromium`` (``scripts/ensure-system.sh chromium``) through Playwright's
``executable_path``; Playwright's own browser download is never used. Screenshots go to the
test's tmp dir, and to ``$NASKAH_SCREENSHOT_DIR`` when it is set.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from naskah.accounts.users import Role, add_user, set_password
from naskah.archive.store import Document, attach_pdf, init_db
from naskah.db import make_engine, session_factory
from naskah.pdf import soffice as pdf
from naskah.run import run_cycle
from naskah.settings import PdfSettings, Settings
from tests.archive_world import pdf_bytes
from tests.conftest import EXAMPLE, HAS_SOFFICE

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AGENCY = "dinsos-p3a-pessel"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="needs Debian's chromium "
                       "(bash scripts/ensure-system.sh chromium)"),
]
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The example cycle archived (DOCX), with a PDF for its final Laporan Hasil Pengukuran."""
    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    settings = Settings(data_dir=data_dir, pdf=PdfSettings(enabled=False))
    run_cycle(EXAMPLE, agency=AGENCY, periode="2025-TW1", settings=settings)
    engine = make_engine(settings.database)
    init_db(engine)
    with session_factory(engine)() as s, s.begin():
        laporan = s.query(Document).filter_by(kind="laporan_pengukuran", variant="").one()
        outdir = data_dir / "pdf-tmp"
        if HAS_SOFFICE:  # a real PDF of the document
            docx = laporan.docx_file(settings.archive_dir)
            made = pdf.convert_to_pdf([docx], outdir, Settings(data_dir=data_dir))[docx]
        else:
            outdir.mkdir()
            made = outdir / "laporan.pdf"
            made.write_bytes(pdf_bytes("laporan"))
        attach_pdf(s, settings.archive_dir, laporan.id, made)
        passwords = {}
        for name, role, agency in (("rina@pessel.go.id", Role.ARSIPARIS, None),
                                   ("admin@pessel.go.id", Role.ADMIN, None),
                                   ("198305232002121002", Role.OPERATOR, "bkpsdm-pessel")):
            add_user(s, name, role, agency)
            passwords[name] = f"sandi {name} panjang"
            set_password(s, name, passwords[name])
        laporan_id, pdf_path = laporan.id, laporan.pdf_file(settings.archive_dir)
        run_id = laporan.run_id
    engine.dispose()
    shutil.rmtree(outdir, ignore_errors=True)
    return {"settings": settings, "passwords": passwords, "laporan": laporan_id,
            "pdf": pdf_path, "run": run_id}


@pytest.fixture(scope="module")
def server(archive):
    """``python -m naskah.cli.serve`` (the `naskah serve` command) on a free loopback port."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("NASKAH_DATABASE_URL", "NASKAH_QUEUE__BROKER_URL")}
    env["NASKAH_PDF__ENABLED"] = "false"  # batches run from the admin page: DOCX only, quick
    proc = subprocess.Popen(
        [sys.executable, "-m", "naskah.cli.serve", "--host", "127.0.0.1", "--port", str(port),
         "--data-dir", str(archive["settings"].data_dir), "--log-level", "warning"],
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
                    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                    pytest.fail(f"naskah serve did not start:\n{out}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _shot(page, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get("NASKAH_SCREENSHOT_DIR"):
        out = Path(os.environ["NASKAH_SCREENSHOT_DIR"])
        out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_path / name, out / name)


def _login(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/cari")
    assert page.locator("h1").inner_text() == "Masuk"
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/cari")


PHRASE = "rencana aksi pencapaian kinerja"
"""Words found only inside the body of the Laporan Hasil Pengukuran Kinerja (and its draft)."""


def test_arsiparis_finds_last_quarters_laporan_and_downloads_the_archived_pdf(
    archive, server, browser, tmp_path
):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1366, "height": 800})
    page = context.new_page()
    _login(page, server, "rina@pessel.go.id", archive["passwords"]["rina@pessel.go.id"])
    _shot(page, tmp_path, "cari.png")
    page.select_option("#f-agency", AGENCY)
    page.select_option("#f-periode", "2025-TW1")
    page.select_option("#f-kind", "laporan_pengukuran")
    page.click("button:has-text('Terapkan saringan')")
    page.wait_for_load_state()
    assert "2 dokumen ditemukan" in page.locator(".summary").inner_text()
    _shot(page, tmp_path, "hasil.png")

    # a phrase from inside the laporan's body, found with a highlighted snippet and thumbnail
    page.goto(f"{server}/cari")
    page.fill("#f-q", f'"{PHRASE}"')
    page.click(".searchline button")
    page.wait_for_load_state()
    assert "2 dokumen ditemukan" in page.locator(".summary").inner_text()
    marks = page.locator(".snippet mark").all_inner_texts()
    assert PHRASE in " ".join(marks).lower()  # one mark (SQLite) or one per word
    thumb = page.locator(f"img[src='/api/documents/{archive['laporan']}/thumbnails/1']")
    thumb.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=thumb.element_handle())
    _shot(page, tmp_path, "hasil-teks.png")

    page.get_by_role("link", name="Laporan Hasil Pengukuran Kinerja", exact=True).click()
    page.wait_for_url(f"{server}/dokumen/{archive['laporan']}")
    page.click("summary:has-text('Rincian teknis')")
    body = page.locator("main").inner_text()
    pdf_bytes_archived = archive["pdf"].read_bytes()
    assert hashlib.sha256(pdf_bytes_archived).hexdigest() in body
    assert "Pengukuran Kinerja, langkah" in body and "Triwulan I Tahun 2025" in body
    assert "Riwayat versi" in body and "Dibuat (naskah run)" in body
    _shot(page, tmp_path, "dokumen.png")
    view = page.get_by_role("link", name="Lihat PDF")
    preview = page.request.get(server + view.get_attribute("href"))
    assert preview.headers["content-disposition"].startswith("inline")
    assert preview.body() == pdf_bytes_archived
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh PDF").click()
    download = info.value
    assert download.suggested_filename.endswith("_laporan_pengukuran.pdf")
    assert Path(download.path()).read_bytes() == pdf_bytes_archived
    context.close()


def test_operator_of_another_agency_cannot_see_the_document(archive, server, browser, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    nip = "198305232002121002"
    _login(page, server, "19830523 200212 1 002", archive["passwords"][nip])
    assert "0 dokumen ditemukan" in page.locator(".summary").inner_text()
    page.goto(f"{server}/cari?q={PHRASE.replace(' ', '+')}")
    assert "0 dokumen ditemukan" in page.locator(".summary").inner_text()
    response = page.goto(f"{server}/dokumen/{archive['laporan']}")
    assert response.status == 404 and "Dokumen tidak ditemukan" in page.content()
    api = page.request.get(f"{server}/api/documents/{archive['laporan']}/pdf")
    assert api.status == 404
    _shot(page, tmp_path, "operator-404.png")
    context.close()


def _no_horizontal_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url}: {widths[0]} px wide on a {widths[1]} px screen"


def _small_tap_targets(page) -> list[str]:
    """Links, buttons and fields people tap, lower than 44 CSS px (WCAG 2.5.5); a checkbox
    counts with its label (tapping the label ticks it)."""
    return page.evaluate("""() => [...document.querySelectorAll(
        'main a.btn, main button, main .chip, main select, main input:not([type=hidden]), '
        + 'main summary, .results-table a, .topbar a, .topbar button')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.textContent.trim().slice(0, 30) || e.name || e.tagName,
                   (e.closest('label') || e).getBoundingClientRect().height])
        .filter(([, h]) => h < 44).map(([t, h]) => `${t}: ${h}px`)""")


@pytest.mark.parametrize("width", [390, 1366])
def test_pages_fit_the_screen_and_phone_tap_targets_are_large_enough(
    archive, server, browser, tmp_path, width
):
    phone = width < 700
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else 800},
                                  is_mobile=phone, has_touch=phone, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{server}/masuk")
    _no_horizontal_scroll(page)
    _shot(page, tmp_path, f"masuk-{width}.png")
    _login(page, server, "rina@pessel.go.id", archive["passwords"]["rina@pessel.go.id"])
    pages = {
        "cari": f"/cari?agency={AGENCY}&periode=2025-TW1",
        "cari-teks": f"/cari?q=%22{PHRASE.replace(' ', '+')}%22",
        "dokumen": f"/dokumen/{archive['laporan']}",
        "versi": f"/versi/{archive['run']}",
        "tidak-ada": "/tidak/ada",
    }
    for name, path in pages.items():
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        _no_horizontal_scroll(page)
        if phone:
            assert _small_tap_targets(page) == [], name
        _shot(page, tmp_path, f"{name}-{width}.png")
    page.goto(server + pages["cari"])
    first = page.locator(".results-table .doc-title").first
    first.scroll_into_view_if_needed()  # a phone scrolls to it; then nothing may cover it
    box = first.bounding_box()
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y)?.closest('a')?.href",
                        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert hit and "/dokumen/" in hit, "the first result can be tapped (nothing covers it)"
    if phone:
        assert page.locator(".results-table thead").is_hidden(), "results are cards on a phone"
    context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_the_audit_log_page_shows_who_did_what_at_both_widths(
    archive, server, browser, tmp_path, width
):
    phone = width < 700
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else 800},
                                  is_mobile=phone, has_touch=phone)
    page = context.new_page()
    _login(page, server, "admin@pessel.go.id", archive["passwords"]["admin@pessel.go.id"])
    page.goto(f"{server}/dokumen/{archive['laporan']}")
    page.click("a:has-text('Log Audit')")
    page.wait_for_url(f"{server}/admin/audit")
    text = page.locator("main").inner_text()
    assert "Melihat" in text and "admin@pessel.go.id" in text
    _no_horizontal_scroll(page)
    if phone:
        assert _small_tap_targets(page) == []
    _shot(page, tmp_path, f"audit-{width}.png")
    context.close()


def test_an_admin_uploads_a_workbook_sees_its_problem_fixes_it_and_follows_the_run(
    archive, server, browser, tmp_path
):
    import openpyxl

    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Indikator"]
    header = [str(c.value).strip().lower() for c in ws[1]]
    ws.cell(row=2, column=header.index("polaritas") + 1, value="naik")
    broken = tmp_path / "rusak.xlsx"
    wb.save(broken)

    context = browser.new_context(viewport={"width": 1366, "height": 800})
    page = context.new_page()
    _login(page, server, "admin@pessel.go.id", archive["passwords"]["admin@pessel.go.id"])
    page.click("a:has-text('Jalankan')")
    page.set_input_files("#j-workbook", str(broken))
    page.click("button:has-text('Periksa')")
    page.wait_for_load_state()
    problems = page.locator(".problems").inner_text()
    assert "Indikator!" in problems and "naik" in problems
    _shot(page, tmp_path, "admin-masalah-1366.png")
    page.set_input_files("#j-workbook", str(EXAMPLE))
    page.click("button:has-text('Periksa')")
    page.wait_for_load_state()
    assert "Siap dijalankan" in page.locator("main").inner_text()
    page.click("button:has-text('Jalankan')")
    page.wait_for_url(f"{server}/admin/batch/*")
    page.wait_for_function(
        "() => ['selesai', 'gagal', 'sebagian gagal'].includes("
        "document.querySelector('.batch-status')?.textContent)", timeout=240_000)
    assert page.locator(".batch-status").inner_text() == "selesai"
    assert "30 dari 30 dibuat" in page.locator("main").inner_text()
    _shot(page, tmp_path, "admin-batch-1366.png")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_horizontal_scroll(page)
    _shot(page, tmp_path, "admin-batch-390.png")
    context.close()


def test_an_admin_adds_a_user_who_then_signs_in(archive, server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    page = context.new_page()
    _login(page, server, "admin@pessel.go.id", archive["passwords"]["admin@pessel.go.id"])
    page.click(".usernav a:has-text('Pengguna')")
    page.wait_for_url(f"{server}/admin/pengguna")
    page.fill("#u-name", "Budi.Santoso@Pessel.go.id")
    page.fill("#u-full", "Budi Santoso, S.Sos.")
    page.select_option("#u-role", "operator")
    page.select_option("#u-agency", AGENCY)
    page.fill("#u-pass", "sandi budi yang panjang")
    page.fill("#u-pass2", "sandi budi yang panjang")
    page.click("button:has-text('Tambahkan')")
    page.wait_for_load_state()
    assert "budi.santoso@pessel.go.id sudah ditambahkan" in page.locator("main").inner_text()
    _shot(page, tmp_path, "pengguna-1366.png")
    page.click("a.btn:has-text('Kelola') >> nth=0")
    page.wait_for_load_state()
    _shot(page, tmp_path, "pengguna-satu-1366.png")

    budi = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                               has_touch=True)
    phone = budi.new_page()
    _login(phone, server, "BUDI.SANTOSO@pessel.go.id", "sandi budi yang panjang")
    assert phone.locator(".who .name").inner_text() == "budi.santoso@pessel.go.id"
    assert phone.locator(".usernav a:has-text('Pengguna')").count() == 0, "not an admin"
    phone.goto(f"{server}/register")
    assert "Register Penomoran" in phone.locator("h1").inner_text()
    _no_horizontal_scroll(phone)
    assert _small_tap_targets(phone) == []
    _shot(phone, tmp_path, "register-operator-390.png")
    assert phone.goto(f"{server}/admin/pengguna").status == 403
    budi.close()
    context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_the_users_and_register_pages_fit_the_screen(archive, server, browser, tmp_path, width):
    phone = width < 700
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else 800},
                                  is_mobile=phone, has_touch=phone, device_scale_factor=1)
    page = context.new_page()
    _login(page, server, "admin@pessel.go.id", archive["passwords"]["admin@pessel.go.id"])
    for name, path in {"pengguna": "/admin/pengguna",
                       "pengguna-satu": "/admin/pengguna/rina@pessel.go.id",
                       "register": f"/register?agency={AGENCY}&periode=2025-TW1"}.items():
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        _no_horizontal_scroll(page)
        if phone:
            assert _small_tap_targets(page) == [], name
        _shot(page, tmp_path, f"{name}-{width}.png")
    text = page.locator("main").inner_text()
    assert "Hal: Pengumpulan Data Kinerja Triwulan I Tahun 2025" in text
    page.click(".register-table a[href^='/dokumen/'] >> nth=0")
    page.wait_for_url(f"{server}/dokumen/*")
    context.close()


@pytest.mark.slow
def test_an_admin_retries_a_failed_batch_from_its_page(archive, server, browser, tmp_path):
    from naskah.batch.batches import batch_dir, submit_batch
    from naskah.batch.inprocess import run_batch

    settings = archive["settings"]
    batch_id = submit_batch(settings, [AGENCY], "2025-TW1", [EXAMPLE], again=True,
                            executor=lambda s, b: None)
    copy = batch_dir(settings, batch_id) / f"{AGENCY}.xlsx"
    copy.write_bytes(b"PK\x03\x04 rusak di jalan")
    run_batch(settings, batch_id, processes=1)

    for width in (390, 1366):  # the phone first: the wide page then retries
        phone = width < 700
        context = browser.new_context(viewport={"width": width, "height": 844 if phone else 800},
                                      is_mobile=phone, has_touch=phone)
        page = context.new_page()
        _login(page, server, "admin@pessel.go.id", archive["passwords"]["admin@pessel.go.id"])
        page.goto(f"{server}/admin/batch/{batch_id}")
        assert page.locator(".batch-status").inner_text() == "gagal"
        _no_horizontal_scroll(page)
        if phone:
            assert _small_tap_targets(page) == []
        _shot(page, tmp_path, f"batch-gagal-{width}.png")
        if phone:
            context.close()
            continue
        copy.write_bytes(EXAMPLE.read_bytes())  # the workbook put right
        page.click("button:has-text('Ulangi semua yang gagal')")
        page.wait_for_url(f"{server}/admin/batch/{batch_id}?ulang=1")
        page.wait_for_function(
            "() => ['selesai', 'gagal', 'sebagian gagal'].includes("
            "document.querySelector('.batch-status')?.textContent)", timeout=240_000)
        assert page.locator(".batch-status").inner_text() == "selesai"
        assert "30 dari 30 dibuat" in page.locator("main").inner_text()
        _shot(page, tmp_path, "batch-diulang-1366.png")
        context.close()
