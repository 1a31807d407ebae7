"""The SOP cycle in a real browser: an admin starts the example's cycle from ``/siklus`` with its
workbook, completes the first step on the cycle page, follows the document it archived, and the
cycle pages fit a 390 px phone (no horizontal scroll, tap targets ≥ 44 px).

The server and browser fixtures are :mod:`tests.test_web_e2e`'s (Debian's chromium through
Playwright); this module's own ``archive`` is an empty data directory with users.
``NASKAH_SCREENSHOT_DIR`` keeps the screenshots.
"""

from __future__ import annotations

import re

import pytest

from naskah.accounts.users import Role, add_user, set_password
from naskah.archive.store import init_db
from naskah.db import make_engine, session_factory
from naskah.settings import PdfSettings, Settings
from tests import test_web_e2e as e2e
from tests.conftest import EXAMPLE
from tests.test_web_e2e import AGENCY, _login, _no_horizontal_scroll, _shot, _small_tap_targets

pytestmark = e2e.pytestmark
server = e2e.server
browser = e2e.browser


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """An empty archive with an admin and an arsiparis."""
    data_dir = tmp_path_factory.mktemp("e2e-siklus") / "data"
    settings = Settings(data_dir=data_dir, pdf=PdfSettings(enabled=False))
    engine = make_engine(settings.database)
    init_db(engine)
    passwords = {}
    with session_factory(engine)() as s, s.begin():
        for name, role in (("admin@pessel.go.id", Role.ADMIN),
                           ("rina@pessel.go.id", Role.ARSIPARIS)):
            add_user(s, name, role, None)
            passwords[name] = f"sandi {name} panjang"
            set_password(s, name, passwords[name])
    engine.dispose()
    return {"settings": settings, "passwords": passwords}


def test_an_admin_walks_a_cycle_in_the_browser_and_it_fits_a_phone(archive, server, browser,
                                                                    tmp_path):
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    page = context.new_page()
    _login(page, server, "admin@pessel.go.id", archive["passwords"]["admin@pessel.go.id"])
    page.click("nav a:has-text('Siklus SOP')")
    page.wait_for_url(f"{server}/siklus")
    assert "Belum ada siklus SOP" in page.locator("main").inner_text()
    page.select_option("#s-agency", AGENCY)
    page.fill("#s-periode", "2025-TW1")
    page.set_input_files("#s-workbook", str(EXAMPLE))
    page.click("button:has-text('Mulai siklus')")
    page.wait_for_url(re.compile(rf"{server}/siklus/\d+$"))
    cycle_url = page.url
    current = page.locator("#sekarang")
    assert "Langkah yang sedang berjalan" in current.inner_text()
    assert page.locator("#langkah-1 .pill").inner_text() == "berjalan"
    page.fill("#c-note", "Nota dinas diedarkan")
    page.click("button:has-text('Selesaikan langkah 1')")
    page.wait_for_url(f"{cycle_url}#langkah-1")
    assert page.locator("#langkah-1 .pill").first.inner_text() == "selesai"
    assert "diselesaikan oleh admin@pessel.go.id" in page.locator("#langkah-1").inner_text()
    assert page.locator("#langkah-2 .pill").inner_text() == "berjalan"
    chart = page.locator(".chart img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=chart.element_handle())
    _shot(page, tmp_path, "siklus-1366.png")
    page.locator("#langkah-1 .step-docs a").first.click()
    page.wait_for_url(re.compile(rf"{server}/dokumen/\d+$"))
    assert page.locator("h1").inner_text() == "Nota Dinas"
    page.goto(f"{server}/siklus")
    _shot(page, tmp_path, "siklus-daftar-1366.png")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, device_scale_factor=1)
    small = phone.new_page()
    _login(small, server, "rina@pessel.go.id", archive["passwords"]["rina@pessel.go.id"])
    for name, url in (("siklus-daftar-390.png", f"{server}/siklus"),
                      ("siklus-390.png", cycle_url)):
        small.goto(url)
        small.wait_for_load_state("networkidle")
        _no_horizontal_scroll(small)
        assert _small_tap_targets(small) == [], name
        _shot(small, tmp_path, name)
    assert "/selesaikan" not in small.content()  # the arsiparis reads only
    context.close()
    phone.close()
