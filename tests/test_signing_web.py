"""Electronic signature in the browser ("Tandatangani") and signature status in the pages.

The example cycle with the PDF/A of both Nota Dinas (the Kepala signs them) and of the Laporan
(the Sekretaris' block, no NIP in the data); the Kepala's keystore from a throw-away CA, its
passphrase NOT in the settings (it must be typed). The Kepala signs in with their NIP as user
name. Covers: only the signatory sees the form, and only when a signer is configured; the CSRF
token is required; a wrong passphrase, a revoked certificate and a non-signatory are refused
in Indonesian with nothing signed and an audit entry that does not hold the passphrase; signing
makes a new signed version shown on the document page and in search results (table and phone
cards share the rows); bulk signing of the set; "signed, newer version exists" after the cycle
is run again; a Playwright run of the form in Chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from naskah.accounts.audit import AuditEvent
from naskah.accounts.users import Role, add_user, set_password
from naskah.api.app import create_app
from naskah.db import session_factory
from naskah.signing.store import Signature
from tests.archive_world import page_csrf, web_login
from tests.conftest import HAS_SOFFICE
from tests.signing_world import KEPALA, PASS, REVOKED_NIP, build_signing_world

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(not HAS_SOFFICE, reason="needs LibreOffice and poppler-utils"),
]

USERS = {KEPALA[1]: (Role.OPERATOR, "dinsos-p3a-pessel"), "arsip@pessel.go.id": (Role.ARSIPARIS,
                                                                                   None)}
CHROMIUM = "/usr/bin/chromium"


def _password(name: str) -> str:
    return f"sandi web {name}"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("ttd-web")
    w = build_signing_world(base, (("nota_dinas", "pengukuran"), ("nota_dinas", "pengumpulan"),
                                   ("laporan_pengukuran", None)), passphrases=False)
    with session_factory(w["engine"])() as s, s.begin():
        for name, (role, agency) in USERS.items():
            add_user(s, name, role, agency)
            set_password(s, name, _password(name))
    yield w
    w["engine"].dispose()


def _client(settings, who: str | None = KEPALA[1]) -> TestClient:
    client = TestClient(create_app(settings))
    if who:
        assert web_login(client, who, _password(who)).status_code == 303
    return client


def _signatures(world, doc_id: int) -> list[Signature]:
    with session_factory(world["engine"], read_only=True)() as s:
        return list(s.scalars(select(Signature).where(Signature.document_id == doc_id)))


def _audit(world, action: str) -> list[AuditEvent]:
    with session_factory(world["engine"], read_only=True)() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


FORM = re.compile(r'<form class="ttd-form" method="post" action="/dokumen/(\d+)/tandatangani"')


def test_only_the_signatory_with_a_configured_signer_sees_the_form(world):
    ids, settings = world["ids"], world["settings"]
    kepala = _client(settings)
    page = kepala.get(f"/dokumen/{ids['nota_dinas']}").text
    assert FORM.findall(page) == [str(ids["nota_dinas"])] * 2  # this one, and the whole set
    field = re.search(r'<input id="ttd-pass"[^>]*>', page).group(0)
    assert 'type="password"' in field and 'autocomplete="off"' in field
    assert "Anda penanda tangan dokumen ini (NIP 198305232002121002)" in page
    assert "Tandatangani semua dokumen saya di set ini (2 dokumen)" in page
    # the Laporan is the Sekretaris': no form for the Kepala
    assert not FORM.search(kepala.get(f"/dokumen/{ids['laporan_pengukuran']}").text)
    # someone else (an arsiparis, no NIP) never sees it
    arsip = _client(settings, "arsip@pessel.go.id")
    assert not FORM.search(arsip.get(f"/dokumen/{ids['nota_dinas']}").text)
    # no keystore configured for the Kepala: nothing offered
    unconfigured = settings.model_copy(update={"signing": settings.signing.model_copy(
        update={"keystore_dir": None})})
    assert not FORM.search(_client(unconfigured).get(f"/dokumen/{ids['nota_dinas']}").text)


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="needs Debian's chromium")
def test_signing_in_chromium(world, tmp_path):
    """`naskah serve` on a copy of the archive (before the other tests sign anything); the
    Kepala signs in, opens the Nota Dinas page, types a wrong passphrase (refused), then the
    right one, sees the verification code, the status on the document page and in the search
    cards at phone width, and the public page says SAH; screenshots at 1366 and 390 px."""
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    settings = world["settings"]
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir, data)
    doc = world["ids"]["nota_dinas"]
    assert _signatures(world, doc) == []
    port = _free_port()
    keys = world["keys"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NASKAH_")}
    env.update({"NASKAH_SIGNING__KEYSTORE_DIR": str(keys),
                "NASKAH_SIGNING__TRUST_ROOTS": f'["{keys / "root.pem"}"]',
                "NASKAH_SIGNING__CRLS": f'["{keys / "crl.pem"}"]',
                "NASKAH_SIGNING__BASE_URL": f"http://127.0.0.1:{port}",
                "NASKAH_PDF__ENABLED": "false"})
    proc = subprocess.Popen(
        [sys.executable, "-m", "naskah.cli.serve", "--host", "127.0.0.1", "--port", str(port),
         "--data-dir", str(data), "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, proc)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(f"{base}/masuk?next=/dokumen/{doc}")
            page.fill("#username", KEPALA[1])
            page.fill("#password", _password(KEPALA[1]))
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/dokumen/{doc}")
            page.set_viewport_size({"width": 390, "height": 844})
            page.locator("#tandatangani").screenshot(path=str(tmp_path / "ttd-form-390.png"))
            page.set_viewport_size({"width": 1366, "height": 900})
            page.fill("#ttd-pass", "salah-sekali-123")
            page.click(".ttd-offer > .ttd-form button[type=submit]")
            assert "Frasa sandi salah" in page.inner_text("#ttd-error")
            page.fill("#ttd-pass", PASS)
            page.click(".ttd-result .ttd-form button[type=submit]")
            page.wait_for_selector("#ttd-done")
            code = page.inner_text("#ttd-done a.mono")
            assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
            page.screenshot(path=str(tmp_path / "ttd-hasil-1366.png"), full_page=True)
            page.goto(f"{base}/dokumen/{doc}")
            assert page.get_attribute(".ttd", "data-ttd") == "signed"
            page.screenshot(path=str(tmp_path / "ttd-dokumen-1366.png"), full_page=True)
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(f"{base}/cari?kind=nota_dinas")
            assert page.locator('[data-ttd="signed"]').count() >= 1
            page.screenshot(path=str(tmp_path / "ttd-cari-390.png"), full_page=True)
            page.goto(f"{base}/verifikasi/{code}")
            assert "SAH" in page.inner_text("#status")
            browser.close()
        shots = os.environ.get("NASKAH_SCREENSHOT_DIR")
        if shots:
            for png in tmp_path.glob("ttd-*.png"):
                shutil.copy(png, shots)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_signing_without_the_csrf_token_is_refused(world):
    client = _client(world["settings"])
    doc = world["ids"]["nota_dinas"]
    out = client.post(f"/dokumen/{doc}/tandatangani", data={"passphrase": PASS})
    assert out.status_code == 403 and "Formulir tidak berlaku" in out.text
    forged = client.post(f"/dokumen/{doc}/tandatangani",
                         data={"passphrase": PASS, "csrf": "x" * 43})
    assert forged.status_code == 403
    assert _signatures(world, doc) == []


def test_a_wrong_passphrase_is_refused_in_indonesian_and_audited_without_it(world):
    client = _client(world["settings"])
    doc = world["ids"]["nota_dinas"]
    csrf = page_csrf(client.get(f"/dokumen/{doc}").text)
    wrong = "bukan-sandinya-9876"
    out = client.post(f"/dokumen/{doc}/tandatangani", data={"passphrase": wrong, "csrf": csrf})
    assert out.status_code == 400
    assert "Frasa sandi salah: sertifikat tidak dapat dibuka. Tidak ada yang ditandatangani." \
        in out.text
    assert wrong not in out.text and FORM.search(out.text)  # the form again, empty
    assert _signatures(world, doc) == []
    failed = _audit(world, "tandatangani_gagal")
    assert failed and failed[-1].actor == KEPALA[1] and failed[-1].object_id == str(doc)
    assert all(wrong not in e.detail for e in failed)


def test_who_is_not_the_signatory_is_refused(world):
    client = _client(world["settings"], "arsip@pessel.go.id")
    doc = world["ids"]["nota_dinas"]
    csrf = page_csrf(client.get(f"/dokumen/{doc}").text)
    out = client.post(f"/dokumen/{doc}/tandatangani", data={"passphrase": PASS, "csrf": csrf})
    assert out.status_code == 403 and "Anda bukan penanda tangan dokumen ini" in out.text
    kepala = _client(world["settings"])
    laporan = world["ids"]["laporan_pengukuran"]
    csrf = page_csrf(kepala.get(f"/dokumen/{laporan}").text)
    out = kepala.post(f"/dokumen/{laporan}/tandatangani", data={"passphrase": PASS,
                                                                "csrf": csrf})
    assert out.status_code == 403 and _signatures(world, laporan) == []


def test_a_revoked_certificate_is_refused_with_its_reason(world):
    settings = world["settings"]
    revoked = settings.model_copy(update={"signing": settings.signing.model_copy(
        update={"keystores": {KEPALA[1]: world["keys"] / f"{REVOKED_NIP}.p12"}})})
    client = _client(revoked)
    doc = world["ids"]["nota_dinas"]
    csrf = page_csrf(client.get(f"/dokumen/{doc}").text)
    out = client.post(f"/dokumen/{doc}/tandatangani", data={"passphrase": PASS, "csrf": csrf})
    assert out.status_code == 400 and "telah DICABUT" in out.text
    assert _signatures(world, doc) == []


def test_the_signatory_signs_and_the_pages_show_the_status(world):
    client = _client(world["settings"])
    doc = world["ids"]["nota_dinas"]
    before = client.get("/cari?kind=nota_dinas").text
    assert before.count('data-ttd="unsigned"') == 2
    csrf = page_csrf(client.get(f"/dokumen/{doc}").text)
    out = client.post(f"/dokumen/{doc}/tandatangani", data={"passphrase": PASS, "csrf": csrf})
    assert out.status_code == 200, out.text
    assert "1 dokumen ditandatangani" in out.text and PASS not in out.text
    (sig,) = _signatures(world, doc)
    assert sig.signer_nip == KEPALA[1] and f"/verifikasi/{sig.code}" in out.text
    page = client.get(f"/dokumen/{doc}").text
    assert 'data-ttd="signed"' in page and KEPALA[0] in page
    assert "Anda sudah menandatangani dokumen ini." in page
    assert FORM.findall(page) == [str(doc)]  # only the set's form is left
    found = client.get("/cari?kind=nota_dinas").text
    assert found.count('data-ttd="signed"') == 1 and found.count('data-ttd="unsigned"') == 1
    done = _audit(world, "tandatangani")
    assert [e.object_id for e in done] == [str(doc)]
    assert sig.code in done[0].detail and PASS not in done[0].detail
    # signing again is refused: already signed
    again = client.post(f"/dokumen/{doc}/tandatangani", data={"passphrase": PASS, "csrf": csrf})
    assert again.status_code == 409 and len(_signatures(world, doc)) == 1


def test_bulk_signing_signs_the_rest_of_the_set(world):
    client = _client(world["settings"])
    ids = world["ids"]
    doc = ids["nota_dinas/pengukuran"]
    csrf = page_csrf(client.get(f"/dokumen/{doc}").text)
    out = client.post(f"/dokumen/{doc}/tandatangani",
                      data={"passphrase": PASS, "csrf": csrf, "semua": "1"})
    assert out.status_code == 200, out.text
    assert "1 dokumen ditandatangani" in out.text
    assert len(_signatures(world, ids["nota_dinas/pengumpulan"])) == 1
    assert len(_signatures(world, doc)) == 1  # not signed twice
    assert _signatures(world, ids["laporan_pengukuran"]) == []  # the Sekretaris'
    nothing = client.post(f"/dokumen/{doc}/tandatangani",
                          data={"passphrase": PASS, "csrf": csrf, "semua": "1"})
    assert nothing.status_code == 409
    assert "Tidak ada lagi dokumen di set ini yang perlu Anda tandatangani." in nothing.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(base: str, proc) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                pytest.fail(f"naskah serve did not start:\n{out}")
            time.sleep(0.2)


def test_a_newer_version_of_a_signed_document_is_told(world):
    """The cycle run again (version 2, DOCX only): the search shows the new Nota Dinas as not
    signed with version 1 signed; with old versions, version 1 as signed with a newer version;
    version 1's page says so and offers no signing of the old version."""
    from naskah.run import run_cycle
    from tests.conftest import EXAMPLE

    doc = world["ids"]["nota_dinas"]
    assert len(_signatures(world, doc)) == 1, "runs after the signing tests"
    run_cycle(EXAMPLE, agency="dinsos-p3a-pessel", periode="2025-TW1",
              settings=world["settings"])
    client = _client(world["settings"])
    current = client.get("/cari?kind=nota_dinas").text
    assert current.count('data-ttd="older_signed"') == 2
    assert "Belum ditandatangani; versi 1 sudah ditandatangani" in current
    every = client.get("/cari?kind=nota_dinas&semua_versi=1").text
    assert every.count('data-ttd="signed_newer"') == 2
    assert "Ditandatangani; ada versi yang lebih baru" in every
    old = client.get(f"/dokumen/{doc}").text
    assert 'data-ttd="signed_newer"' in old and "Anda sudah menandatangani dokumen ini." in old
