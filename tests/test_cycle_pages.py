"""The SOP cycle on the web (``/siklus``, ``/siklus/{id}``: :mod:`naskah.api.routes_cycle_pages`):
who may see and act, CSRF, a step completed and a decision taken through the page's forms, and
the archive version page at ``/versi/{id}``."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from naskah.accounts.audit import AuditEvent
from naskah.accounts.users import Role, add_user, set_password
from naskah.agencies.manager import get_plugins
from naskah.api.app import create_app
from naskah.archive.store import Document
from naskah.collect.operator import check_bidang, enter_realisasi, return_bidang
from naskah.collect.store import Pengumpulan, open_store
from naskah.db import session_factory, utcnow
from naskah.sop_cycle import engine
from naskah.sop_cycle.store import SopCycle
from tests.archive_world import page_csrf, web_login
from tests.conftest import EXAMPLE

AGENCY = "dinsos-p3a-pessel"
DISDAGTRANS = EXAMPLE.parent / "disdagtrans-pessel-2025-TW1.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
USERS = (("admin", Role.ADMIN, None), ("op-dinsos", Role.OPERATOR, AGENCY),
         ("op-bkpsdm", Role.OPERATOR, "bkpsdm-pessel"), ("arsip", Role.ARSIPARIS, None))


def password(name: str) -> str:
    return f"sandi-{name}-panjang"


@pytest.fixture
def web(settings):
    app = create_app(settings)
    with session_factory(app.state.engine)() as s, s.begin():
        for name, role, agency in USERS:
            add_user(s, name, role, agency)
            set_password(s, name, password(name))
    with TestClient(app) as client:
        client.settings = settings
        yield client


def login(client: TestClient, name: str) -> None:
    client.cookies.clear()
    assert web_login(client, name, password(name)).status_code == 303


def start(client: TestClient, **fields) -> object:
    """Start the example's cycle through the list page's form (with the workbook)."""
    csrf = page_csrf(client.get("/siklus").text)
    data = {"csrf": csrf, "agency": AGENCY, "periode": "2025-TW1", **fields}
    return client.post("/siklus", data=data, follow_redirects=False,
                       files={"workbook": (EXAMPLE.name, EXAMPLE.read_bytes(), XLSX)})


def cycle_row(client: TestClient, cycle_id: int) -> SopCycle:
    with open_store(client.settings) as s:
        row = s.get(SopCycle, cycle_id)
        s.expunge(row)
        return row


def events(client: TestClient, action: str) -> list[AuditEvent]:
    with open_store(client.settings) as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def step_post(client: TestClient, cycle_id: int, action: str, langkah: int, putaran: int = 1,
              **fields):
    csrf = page_csrf(client.get(f"/siklus/{cycle_id}").text)
    return client.post(f"/siklus/{cycle_id}/{action}", follow_redirects=False,
                       data={"csrf": csrf, "langkah": langkah, "putaran": putaran, **fields})


def step_html(page: str, n: int) -> str:
    """The ``<li>`` of step ``n`` on the cycle page."""
    pattern = rf'<li class="step [^"]*" id="langkah-{n}">(.*?)</li>\s*(?=<li class="step|</ol>)'
    return re.search(pattern, page, re.S).group(0)


def test_an_admin_starts_a_cycle_and_completes_a_step_which_changes_the_page(web):
    login(web, "admin")
    started = start(web)
    assert started.status_code == 303, started.text
    cycle_id = int(started.headers["location"].rsplit("/", 1)[1])
    page = web.get(f"/siklus/{cycle_id}").text
    assert "Pengumpulan Data Kinerja · Triwulan I Tahun 2025" in page
    first = step_html(page, 1)
    assert "berjalan" in first and "Nota Dinas" in first  # the SOP's output of step 1
    assert f'action="/siklus/{cycle_id}/selesaikan"' in page
    assert "menunggu" in step_html(page, 2) and "Bidang" in page  # the collection table

    done = step_post(web, cycle_id, "selesaikan", 1, note="Nota dinas dikirim")
    assert done.status_code == 303 and done.headers["location"].endswith("#langkah-1")

    after = web.get(f"/siklus/{cycle_id}").text
    first = step_html(after, 1)
    assert "selesai" in first and "diselesaikan oleh admin" in first
    assert "Nota dinas dikirim" in first
    with open_store(web.settings) as s:
        nota = s.scalar(select(Document).where(Document.kind == "nota_dinas"))
    assert f'href="/dokumen/{nota.id}"' in first
    assert "berjalan" in step_html(after, 2)
    assert cycle_row(web, cycle_id).current_step == 2
    [started_event] = events(web, "mulai_siklus")
    [step_event] = events(web, "selesai_langkah")
    assert (started_event.actor, started_event.object_id) == ("admin", str(cycle_id))
    assert step_event.detail == "langkah 1 — Nota dinas dikirim"
    assert step_event.address == "testclient"
    listing = web.get("/siklus").text
    assert f'href="/siklus/{cycle_id}"' in listing and "2. " in listing


@pytest.fixture
def started(web):
    """The example's cycle started by the admin (its id); the client signed out."""
    login(web, "admin")
    response = start(web)
    assert response.status_code == 303, response.text
    web.cookies.clear()
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(web, started):
    login(web, "admin")
    for data in ({"langkah": 1, "putaran": 1}, {"langkah": 1, "putaran": 1, "csrf": "palsu"}):
        refused = web.post(f"/siklus/{started}/selesaikan", data=data, follow_redirects=False)
        assert refused.status_code == 403 and "Formulir tidak berlaku" in refused.text
    no_token_start = web.post("/siklus", data={"agency": AGENCY, "periode": "2025-TW2"})
    assert no_token_start.status_code == 403
    assert cycle_row(web, started).current_step == 1 and not events(web, "selesai_langkah")


def test_who_sees_and_who_acts(web, started):
    login(web, "arsip")  # reads every cycle, changes none
    page = web.get(f"/siklus/{started}")
    assert page.status_code == 200 and "/selesaikan" not in page.text
    assert "Hanya administrator atau operator instansi ini" in page.text
    assert "Mulai siklus" not in web.get("/siklus").text
    refused = step_post(web, started, "selesaikan", 1)
    assert refused.status_code == 403 and cycle_row(web, started).current_step == 1

    login(web, "op-bkpsdm")  # another agency's cycle does not exist for it
    assert web.get(f"/siklus/{started}").status_code == 404
    assert f'href="/siklus/{started}"' not in web.get("/siklus").text
    csrf = page_csrf(web.get("/siklus").text)
    hidden = web.post(f"/siklus/{started}/selesaikan", follow_redirects=False,
                      data={"csrf": csrf, "langkah": 1, "putaran": 1})
    assert hidden.status_code == 404 and cycle_row(web, started).current_step == 1
    other = web.post("/siklus", data={"csrf": csrf, "agency": AGENCY, "periode": "2025-TW2"})
    assert other.status_code == 422 and cycle_row(web, started).current_step == 1

    login(web, "op-dinsos")  # its own agency: it may complete the step
    done = step_post(web, started, "selesaikan", 1)
    assert done.status_code == 303 and cycle_row(web, started).current_step == 2
    assert web.get("/siklus/999999").status_code == 404
    web.cookies.clear()
    assert web.get(f"/siklus/{started}").status_code == 401


def test_a_repeated_post_of_a_step_already_completed_does_nothing(web, started):
    login(web, "admin")
    csrf = page_csrf(web.get(f"/siklus/{started}").text)
    form = {"csrf": csrf, "langkah": 1, "putaran": 1}
    assert web.post(f"/siklus/{started}/selesaikan", data=form,
                    follow_redirects=False).status_code == 303
    again = web.post(f"/siklus/{started}/selesaikan", data=form, follow_redirects=False)
    assert again.status_code == 409 and "Siklus sudah berlanjut" in again.text
    assert cycle_row(web, started).current_step == 2
    assert len(events(web, "selesai_langkah")) == 1


def _walk_to_the_decision(client: TestClient, cycle_id: int) -> int:
    """Steps completed through the engine (as the CLI does) up to the decision step."""
    plugins = get_plugins()
    with open_store(client.settings) as s:
        while True:
            cycle = s.get(SopCycle, cycle_id)
            step = engine.procedure_of(plugins, cycle).step(cycle.current_step)
            if step.keputusan is not None:
                return step.nomor
            engine.advance(s, client.settings, plugins, cycle_id, by="tim")


def test_the_sekretaris_decision_is_recorded_with_its_note_and_who(web, started):
    decision = _walk_to_the_decision(web, started)
    login(web, "admin")
    page = web.get(f"/siklus/{started}").text
    assert f'action="/siklus/{started}/putuskan"' in page and "/selesaikan" not in page
    assert "TIDAK: kembali ke langkah 7" in page

    no_note = step_post(web, started, "putuskan", decision, keputusan="TIDAK")
    assert no_note.status_code == 409 and "arahan" in no_note.text
    note = "Lengkapi data Bidang Perlindungan dan Jaminan Sosial"
    tidak = step_post(web, started, "putuskan", decision, keputusan="TIDAK", note=note)
    assert tidak.status_code == 303

    cycle = cycle_row(web, started)
    assert (cycle.current_step, cycle.putaran) == (7, 2)
    after = web.get(f"/siklus/{started}").text
    decided = step_html(after, decision)
    assert "TIDAK" in decided and "diputuskan oleh admin" in decided and note in decided
    assert "berjalan" in step_html(after, 7) and "putaran 2" in step_html(after, 7)
    assert "menunggu" in step_html(after, 8)  # done in putaran 1, to be done again
    decisions = after.split('id="keputusan"')[1].split("</section>")[0]
    assert "TIDAK" in decisions and note in decisions
    [audited] = events(web, "putuskan")
    assert audited.actor == "admin" and note in audited.detail
    assert audited.address == "testclient"


def test_the_archive_version_page_moved_to_versi(web, started):
    login(web, "admin")
    step_post(web, started, "selesaikan", 1)
    with open_store(web.settings) as s:
        run_id = s.scalar(select(Document.run_id).where(Document.kind == "nota_dinas"))
    page = web.get(f"/versi/{run_id}")
    assert page.status_code == 200 and "versi arsip" in page.text
    assert web.get("/versi/999999").status_code == 404
    assert "Versi arsip tidak ditemukan" in web.get("/versi/999999").text


def test_collection_progress_per_bidang_shows_checked_returned_and_waiting(web):
    """Disdagtrans collects through an application: operators enter, the Kepala Bidang checks
    or returns; the page says which bidang is where."""
    plugins = get_plugins()
    with open_store(web.settings) as s:
        cycle = engine.start_cycle(s, web.settings, plugins, agency="disdagtrans-pessel",
                                   periode="2025-TW1", data=DISDAGTRANS, by="tim")
        p = s.get(Pengumpulan, cycle.pengumpulan_id)
        for kode, value in (("S.1", "22,5"), ("3.30.06.2.01.0001", "712"), ("T.1", "4,41"),
                            ("3.30.03.2.01.0001", "10")):
            enter_realisasi(s, web.settings, p, kode=kode, realisasi=value, by="operator",
                            now=utcnow())
        check_bidang(s, p, "Bidang Metrologi Legal", by="kabid", now=utcnow())
        return_bidang(s, p, "Bidang Perdagangan", note="Periksa angka pasar", by="kabid",
                      now=utcnow())
        s.commit()
        cycle_id = cycle.id
    login(web, "op-bkpsdm")
    assert web.get(f"/siklus/{cycle_id}").status_code == 404
    login(web, "arsip")
    page = web.get(f"/siklus/{cycle_id}").text
    table = page.split('id="pengumpulan"')[1].split("</section>")[0]
    rows = {m.group(1): m.group(2) for m in re.finditer(
        r"<strong>([^<]+)</strong></td>(.*?)</tr>", table, re.S)}
    assert "melalui aplikasi" in table
    assert "diperiksa Kepala Bidang" in rows["Bidang Metrologi Legal"]
    assert "2 dari 3 indikator" in rows["Bidang Metrologi Legal"]
    assert "dikembalikan Kepala Bidang" in rows["Bidang Perdagangan"]
    assert "Periksa angka pasar" in rows["Bidang Perdagangan"]
    assert "dientri, menunggu pemeriksaan" in rows["Sekretariat"]
    assert "0 dari 1 indikator" in rows["Sekretariat"] and "T.1" in rows["Sekretariat"]


def test_a_cycle_whose_procedure_left_the_plugin_says_so(web, started):
    login(web, "arsip")
    with open_store(web.settings) as s:
        s.get(SopCycle, started).procedure = "tidak-ada"
        s.commit()
    page = web.get(f"/siklus/{started}")
    assert page.status_code == 409 and "tidak-ada" in page.text
