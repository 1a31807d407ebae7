"""Application-based collection (seed 002, Disdagtrans): operators enter, the Kepala Bidang
checks or returns; the recap uses only checked data."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from naskah.agencies.manager import get_plugins
from naskah.cli.collect import app
from naskah.collect import CollectError
from naskah.collect.data import cycle_data, open_pengumpulan
from naskah.collect.operator import check_bidang, enter_realisasi, return_bidang
from naskah.collect.store import Mode, RevisionStatus, open_store, revisions_of
from tests.conftest import EXAMPLE as DINSOS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "disdagtrans-pessel-2025-TW1.xlsx"
METROLOGI = "Bidang Metrologi Legal"
NOW = datetime(2025, 4, 8, 2, 0, tzinfo=UTC)


@pytest.fixture
def store(settings):
    with open_store(settings) as session:
        row = open_pengumpulan(session, settings, get_plugins(), EXAMPLE)
        session.commit()
        yield session, row


def _tw1(session, settings, row) -> dict:
    return {r.kode: r.nilai for r in cycle_data(session, settings, row).realisasi
            if r.triwulan == 1}


def _enter(session, settings, row, kode, realisasi, **kw):
    rev, _ = enter_realisasi(session, settings, row, kode=kode, realisasi=realisasi,
                             by=kw.pop("by", "operator-metrologi"), now=NOW, **kw)
    session.commit()
    return rev


def test_disdagtrans_collects_through_the_application(store):
    _, row = store
    assert row.mode == Mode.APLIKASI


def test_recap_uses_only_data_checked_by_the_kepala_bidang(settings, store):
    session, row = store
    _enter(session, settings, row, "S.1", "22,5")
    _enter(session, settings, row, "3.30.06.2.01.0001", "712", anggaran="41.500.000")

    assert "S.1" not in _tw1(session, settings, row)  # entered, not checked: belum dilaporkan

    check_bidang(session, row, METROLOGI, by="kabid-metrologi", now=NOW)
    session.commit()
    got = _tw1(session, settings, row)
    assert got["S.1"] == Decimal("22.5") and got["3.30.06.2.01.0001"] == Decimal(712)
    assert "3.30.06.2.01.0002" not in got  # never entered: not reported, never 0
    [rev] = revisions_of(session, row, METROLOGI)
    assert (rev.status, rev.checked_by) == (RevisionStatus.DIPERIKSA, "kabid-metrologi")


def test_returned_entries_keep_the_note_and_the_next_entry_starts_a_new_revision(
        settings, store):
    session, row = store
    _enter(session, settings, row, "S.1", "225")
    return_bidang(session, row, METROLOGI, note="S.1 dalam persen: 22,5 bukan 225",
                  by="kabid-metrologi", now=NOW)
    session.commit()
    _enter(session, settings, row, "S.1", "22,5")

    first, second = revisions_of(session, row, METROLOGI)
    assert (first.status, first.note) == (RevisionStatus.DIKEMBALIKAN,
                                          "S.1 dalam persen: 22,5 bukan 225")
    assert first.value_of("S.1").as_nilai == Decimal(225)  # the old revision is kept as it was
    assert (second.nomor, second.status) == (2, RevisionStatus.ENTRI)
    assert "S.1" not in _tw1(session, settings, row)


def test_correction_after_a_check_waits_for_a_new_check(settings, store):
    session, row = store
    _enter(session, settings, row, "S.1", "22,5")
    _enter(session, settings, row, "3.30.06.2.01.0002", "n/a", keterangan="Alat tera rusak")
    check_bidang(session, row, METROLOGI, by="kabid", now=NOW)
    session.commit()

    _enter(session, settings, row, "S.1", "23")  # copied from the checked revision, then changed

    revs = revisions_of(session, row, METROLOGI)
    assert [r.status for r in revs] == [RevisionStatus.DIPERIKSA, RevisionStatus.ENTRI]
    assert revs[1].value_of("3.30.06.2.01.0002").keterangan == "Alat tera rusak"
    assert _tw1(session, settings, row)["S.1"] == Decimal("22.5")  # the checked value
    check_bidang(session, row, METROLOGI, by="kabid", now=NOW)
    session.commit()
    assert _tw1(session, settings, row)["S.1"] == Decimal(23)


def test_entries_are_read_like_the_workbook(settings, store):
    session, row = store
    with pytest.raises(CollectError, match="85%"):
        _enter(session, settings, row, "S.1", "85%")
    with pytest.raises(CollectError, match="realisasi anggaran diisi untuk tujuan"):
        _enter(session, settings, row, "T.1", "4,35", anggaran="1.000.000")
    with pytest.raises(CollectError, match="bukan indikator"):
        _enter(session, settings, row, "9.99", "1")
    assert revisions_of(session, row) == []


def test_check_without_entries_is_refused(settings, store):
    session, row = store
    with pytest.raises(CollectError, match="tidak memiliki data yang menunggu pemeriksaan"):
        check_bidang(session, row, METROLOGI, by="kabid", now=NOW)


def test_formulir_agency_refuses_operator_entries(settings):
    with open_store(settings) as session:
        row = open_pengumpulan(session, settings, get_plugins(), DINSOS)
        with pytest.raises(CollectError, match="mengumpulkan data melalui formulir"):
            enter_realisasi(session, settings, row, kode="T.1", realisasi="20", by="x", now=NOW)


def test_cli_operator_enters_kabid_checks_and_status_shows_what_is_missing(settings, store):
    session, _ = store
    session.close()
    runner = CliRunner()
    base = ["--agency", "disdagtrans-pessel", "--period", "2025-TW1",
            "--data-dir", str(settings.data_dir)]

    entered = runner.invoke(app, ["enter", *base, "--kode", "S.1", "--realisasi", "22,5",
                                  "--by", "operator1"])
    checked = runner.invoke(app, ["check", *base, "--bidang", "bidang metrologi legal",
                                  "--by", "kabid"])
    status = runner.invoke(app, ["status", *base], env={"COLUMNS": "200"})

    assert entered.exit_code == 0, entered.output
    assert "Bidang Metrologi Legal, revisi 1 (entri): S.1 = 22,5" in entered.output
    assert checked.exit_code == 0 and "revisi 1 diperiksa oleh kabid" in checked.output
    assert status.exit_code == 0
    assert "rev 1 diperiksa" in status.output
    assert "1/3" in status.output  # Metrologi: S.1 reported, two indicators still missing
    assert "3.30.06.2.01.0002" in status.output
