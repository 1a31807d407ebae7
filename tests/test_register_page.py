"""The numbering register page (``/register``), new letters from the admin run page, and the
retry of a batch's failed items from its page (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from naskah.accounts.audit import AuditEvent
from naskah.archive.numbering import NomorIssued, allocate, record
from naskah.archive.register import hal_of
from naskah.archive.store import Document
from naskah.batch.batches import NEW_NUMBERS_FILE, Batch, batch_dir, submit_batch
from naskah.batch.inprocess import run_batch
from naskah.db import make_engine, session_factory
from naskah.model import PlannedDocument
from tests.archive_world import (
    BKPSDM,
    DINSOS,
    LAPORAN,
    NOTA,
    TW1,
    World,
    build_world,
    close_world,
    page_csrf,
    web_login,
)
from tests.conftest import EXAMPLE, postgres_schema_url

EXAMPLE_AGENCY = "dinsos-p3a-pessel"


def _urls(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        return iter([f"sqlite:///{tmp_path / 'naskah.db'}"])
    return postgres_schema_url()


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request, tmp_path) -> Iterator[World]:
    """The archive world with register numbers for its numbered letters (and one number whose
    letter was never archived)."""
    for url in _urls(request, tmp_path):
        w = build_world(tmp_path / "data", url)
        engine = make_engine(w.settings.database)
        with session_factory(engine)() as s, s.begin():
            for agency, planned, nomor in (
                (DINSOS, PlannedDocument(DINSOS, TW1, "pengumpulan", 1, NOTA),
                 "000.8.6.3/0001/Dinsos/2025"),
                (DINSOS, PlannedDocument(DINSOS, TW1, "pengukuran", 8, LAPORAN),
                 "000.8.6.3/0004/Dinsos/2025"),
                (DINSOS, PlannedDocument(DINSOS, TW1, "pengukuran", 1, NOTA),
                 "000.8.6.3/0005/Dinsos/2025"),
                (BKPSDM, PlannedDocument(BKPSDM, TW1, "pengukuran", 8, LAPORAN),
                 "000.8.6.3/0002/BKPSDM/2025"),
            ):
                [n] = allocate(s, agency, 2025, "000.8.6.3")
                record(s, agency, 2025, "000.8.6.3", n, nomor, planned.key)
        engine.dispose()
        try:
            yield w
        finally:
            close_world(w)


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="(/dokumen/\d+)"', html))


def test_the_register_shows_each_number_its_letter_and_its_versions(world):
    assert world.client.get("/register").status_code == 401
    web_login(world.client, "arsip", world.passwords["arsip"])
    page = world.client.get("/register")
    assert page.status_code == 200 and "4 nomor" in page.text
    for nomor in ("000.8.6.3/0001/Dinsos/2025", "000.8.6.3/0004/Dinsos/2025",
                  "000.8.6.3/0005/Dinsos/2025", "000.8.6.3/0002/BKPSDM/2025"):
        assert nomor in page.text
    nota = [world.docs[(DINSOS, v, "nota_dinas")] for v in (1, 2)]
    assert {f"/dokumen/{i}" for i in nota} <= _links(page.text)  # both versions of the letter
    assert "versi 1" in page.text and "versi 2" in page.text
    assert "belum diarsipkan" in page.text  # number 3 of Dinsos: its letter was never archived
    assert "Nota Dinas" in page.text and "Laporan Hasil Pengukuran Kinerja" in page.text
    only = world.client.get("/register", params={"agency": BKPSDM}).text
    assert "1 nomor" in only and "000.8.6.3/0002/BKPSDM/2025" in only and "Dinsos/2025" not in only
    assert _links(only) == {f"/dokumen/{world.docs[(BKPSDM, 1, 'laporan_pengukuran')]}"}
    other = world.client.get("/register", params={"periode": "2025-TW2"}).text
    assert "Tidak ada nomor yang cocok" in other
    bad = world.client.get("/register", params={"periode": "2025-TW9"})
    assert bad.status_code == 200 and "tidak dikenal" in bad.text


@pytest.mark.parametrize("who, own, other", [("op-dinsos", DINSOS, BKPSDM),
                                             ("op-bkpsdm", BKPSDM, DINSOS)])
def test_an_operator_sees_only_its_own_agencys_register(world, who, own, other):
    web_login(world.client, who, world.passwords[who])
    page = world.client.get("/register").text
    mine = {DINSOS: "Dinsos/2025", BKPSDM: "BKPSDM/2025"}
    assert mine[own] in page and mine[other] not in page
    assert all(int(link.rsplit("/", 1)[1]) in
               {i for (agency, _v, _k), i in world.docs.items() if agency == own}
               for link in _links(page))
    asked = world.client.get("/register", params={"agency": other}).text
    assert mine[other] not in asked and not _links(asked)
    assert "Tidak ada nomor yang cocok" in asked


def test_the_hal_of_a_letter_is_read_from_its_text():
    text = "NOTA DINAS\nSifat\n:\nBiasa\nHal\n:\nPengukuran Kinerja Triwulan I Tahun 2025\nIsi"
    assert hal_of(text) == "Pengukuran Kinerja Triwulan I Tahun 2025"
    assert hal_of("Nomor : 1\nHal : Undangan Rapat\n") == "Undangan Rapat"
    assert hal_of("Halaman 2 dari 3\nLaporan") == ""


# --- new letters from the run page, retry from the batch page --------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def running(request, tmp_path) -> Iterator[World]:
    """An admin world whose batches run at once, here (one process, DOCX only)."""
    for url in _urls(request, tmp_path):
        w = build_world(tmp_path / "data", url,
                        executor=lambda s, b: run_batch(s, b, processes=1))
        try:
            yield w
        finally:
            close_world(w)


def _run_example(world: World, csrf: str, nomor_baru: str) -> str:
    checked = world.client.post("/admin/jalankan", data={"csrf": csrf, "aksi": "periksa"},
                                files={"workbook": ("data.xlsx", EXAMPLE.read_bytes(),
                                                    "application/octet-stream")})
    assert checked.status_code == 200 and "Nomor naskah" in checked.text
    assert "Pertahankan nomor" in checked.text and "--nomor-baru" in checked.text
    token = checked.text.split('name="upload" value="')[1].split('"')[0]
    run = world.client.post("/admin/jalankan", follow_redirects=False,
                            data={"csrf": csrf, "aksi": "jalankan", "upload": token,
                                  "agency": EXAMPLE_AGENCY, "nomor_baru": nomor_baru})
    assert run.status_code == 303
    return run.headers["location"]


def _numbers(world: World) -> list[tuple[int, str]]:
    engine = make_engine(world.settings.database)
    try:
        with session_factory(engine)() as s:
            return [(n.number, n.document_key) for n in s.scalars(
                select(NomorIssued).where(NomorIssued.agency == EXAMPLE_AGENCY)
                .order_by(NomorIssued.number))]
    finally:
        engine.dispose()


@pytest.mark.slow
def test_new_letters_from_the_run_page_take_new_numbers_and_the_register_shows_both(running):
    web_login(running.client, "admin", running.passwords["admin"])
    csrf = page_csrf(running.client.get("/admin/jalankan").text)
    first = _run_example(running, csrf, "")
    assert "selesai" in running.client.get(first).text
    taken = _numbers(running)
    assert [n for n, _ in taken] == [1, 2, 3, 4]
    second = _run_example(running, csrf, "1")
    assert second != first
    batch_id = int(second.rsplit("/", 1)[1])
    assert (batch_dir(running.settings, batch_id) / NEW_NUMBERS_FILE).is_file()
    page = running.client.get(second).text
    assert "selesai" in page and "mengambil nomor baru dari register" in page
    after = _numbers(running)
    assert [n for n, _ in after] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [k for _, k in after[4:]] == [k for _, k in taken], "the same letters, new numbers"
    engine = make_engine(running.settings.database)
    with session_factory(engine)() as s:
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "nomor_baru"))
        assert (event.object_type, event.object_id, event.actor) == ("batch", str(batch_id),
                                                                     "admin")
        docs = s.scalars(select(Document).where(Document.agency == EXAMPLE_AGENCY,
                                                Document.nomor != "")).all()
    engine.dispose()
    register = running.client.get("/register", params={"agency": EXAMPLE_AGENCY,
                                                       "periode": "2025-TW1"}).text
    assert "8 nomor" in register
    assert _links(register) >= {f"/dokumen/{d.id}" for d in docs}
    assert "Hal: Pengumpulan Data Kinerja Triwulan I Tahun 2025" in register


def _failed_batch(world: World, agencies: list[str]) -> int:
    """A batch of the example workbook for ``agencies`` whose copies were damaged: every item
    fails (nothing numbered)."""
    batch_id = submit_batch(world.settings, agencies, "2025-TW1", [EXAMPLE] * len(agencies),
                            executor=lambda s, b: None)
    for agency in agencies:
        (batch_dir(world.settings, batch_id) / f"{agency}.xlsx").write_bytes(b"PK\x03\x04 rusak")
    run_batch(world.settings, batch_id, processes=1)
    return batch_id


@pytest.mark.slow
def test_a_failed_item_is_retried_from_the_batch_page(running):
    batch_id = _failed_batch(running, [EXAMPLE_AGENCY])
    web_login(running.client, "admin", running.passwords["admin"])
    page = running.client.get(f"/admin/batch/{batch_id}")
    assert "gagal" in page.text and "Ulangi semua yang gagal" in page.text
    assert "Ulangi Dinsos P3A" in page.text or f"Ulangi {EXAMPLE_AGENCY}" in page.text
    item = re.search(r'name="item" value="(\d+)"', page.text).group(1)
    csrf = page_csrf(page.text)
    copy = batch_dir(running.settings, batch_id) / f"{EXAMPLE_AGENCY}.xlsx"
    copy.write_bytes(EXAMPLE.read_bytes())  # the workbook is put right
    retried = running.client.post(f"/admin/batch/{batch_id}/ulangi", follow_redirects=False,
                                  data={"csrf": csrf, "item": item})
    assert retried.status_code == 303 and retried.headers["location"].endswith("?ulang=1")
    done = running.client.get(retried.headers["location"]).text
    assert "1 butir yang gagal dikirim lagi" in done
    assert "selesai" in done and "30 dari 30 dibuat" in done and "Ulangi" not in done
    nothing = running.client.post(f"/admin/batch/{batch_id}/ulangi", follow_redirects=False,
                                  data={"csrf": csrf})
    assert nothing.headers["location"].endswith("?ulang=0")
    engine = make_engine(running.settings.database)
    with session_factory(engine)() as s:
        assert s.get(Batch, batch_id).status == "done"
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "batch_ulang"))
        assert (event.actor, event.object_id) == ("admin", str(batch_id))
    engine.dispose()


def test_a_running_batch_is_not_retried_and_the_page_says_why(running):
    batch_id = submit_batch(running.settings, [EXAMPLE_AGENCY], "2025-TW1", [EXAMPLE],
                            executor=lambda s, b: None)  # recorded, never run: queued
    web_login(running.client, "admin", running.passwords["admin"])
    csrf = page_csrf(running.client.get(f"/admin/batch/{batch_id}").text)
    refused = running.client.post(f"/admin/batch/{batch_id}/ulangi", data={"csrf": csrf})
    assert refused.status_code == 409 and "masih" in refused.text
    missing = running.client.post("/admin/batch/999/ulangi", data={"csrf": csrf})
    assert missing.status_code == 404
