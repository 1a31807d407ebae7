"""The collection round trip: formulir out → filled like a user would → import → recap."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

from naskah.agencies.manager import get_plugins
from naskah.collect.data import cycle_data, load_source, open_pengumpulan
from naskah.collect.formulir_docx import write_formulir_docx
from naskah.collect.formulir_xlsx import write_formulir_xlsx
from naskah.collect.importer import import_files
from naskah.collect.store import RevisionStatus, open_store, revisions_of
from naskah.documents.kinerja import nama_indikator
from naskah.documents.pengumpulan import rekapitulasi_pengumpulan
from naskah.documents.registry import kind
from naskah.model import TIDAK_DAPAT_DIUKUR, PlannedDocument
from naskah.pipeline import prepare_cycle
from tests.collect_fill import fill_docx, fill_xlsx
from tests.conftest import EXAMPLE

AGENCY = "dinsos-p3a-pessel"
REHSOS = "Bidang Rehabilitasi Sosial"
SEKRETARIAT = "Sekretariat"
NAMES = {"DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK KABUPATEN PESISIR SELATAN":
         AGENCY}

# What the Bidang Rehabilitasi Sosial types: a comma decimal, an Excel number, n/a, Rupiah with
# dots, one indicator left empty with a note (not reported: never 0).
FILLED = {
    "1.06.04": ("80,5", None, "Data layanan per 31 Maret"),
    "1.06.04.2.01.0001": (63, "46.350.000", "Daftar penerima"),
    "1.06.04.2.01.0003": ("n/a", None, "Pengadaan belum dilaksanakan"),
    "1.06.04.2.01.0005": ("35", 21480000, None),
    "1.06.04.2.01.0014": (None, None, "Data dukcapil belum diterima"),
    "1.06.04.2.02.0007": ("15", None, None),
    "1.06.04.2.02.0013": ("0", None, None),
}
EXPECTED = {
    "1.06.04": Decimal("80.5"),
    "1.06.04.2.01.0001": Decimal(63),
    "1.06.04.2.01.0003": TIDAK_DAPAT_DIUKUR,
    "1.06.04.2.01.0005": Decimal(35),
    "1.06.04.2.02.0007": Decimal(15),
    "1.06.04.2.02.0013": Decimal(0),
}


@pytest.fixture
def plugins():
    return get_plugins()


@pytest.fixture
def store(settings, plugins):
    with open_store(settings) as session:
        open_pengumpulan(session, settings, plugins, EXAMPLE)
        session.commit()
        yield session


def _cycle(settings, plugins, session):
    from naskah.collect.data import require_pengumpulan

    row = require_pengumpulan(session, AGENCY, "2025-TW1")
    return prepare_cycle(plugins, AGENCY, load_source(settings, row)), row


def _import(session, settings, *paths, periode="2025-TW1"):
    return import_files(session, settings, list(paths), agency=AGENCY, periode=periode,
                        by="tim-sakip", agency_names=NAMES)


def _tw1(settings, session, row) -> dict:
    return {r.kode: r for r in cycle_data(session, settings, row).realisasi if r.triwulan == 1}


@pytest.mark.parametrize(("written", "read"), [("en", "id"), ("en", "en"), ("id", "en")])
def test_an_xlsx_formulir_imports_whatever_language_it_was_written_and_read_in(
        written, read, settings, plugins, store, tmp_path, monkeypatch):
    monkeypatch.setenv("NASKAH_LANG", written)
    cycle, row = _cycle(settings, plugins, store)
    blank = write_formulir_xlsx(plugins, cycle, REHSOS, tmp_path / "formulir.xlsx")
    sheet = openpyxl.load_workbook(blank)["Formulir"]
    texts = {str(c.value) for line in sheet.iter_rows() for c in line if c.value}
    english = {"Code", "Budget realisasi TW I (Rp)",
               "Notes/ Supporting evidence", "Date filled in", "Name", "Position"}
    indonesian = {"Kode", "Realisasi Anggaran TW I (Rp)", "Keterangan/ Bukti Dukung",
                  "Tanggal pengisian", "Nama", "Jabatan"}
    assert english <= texts if written == "en" else indonesian <= texts
    assert not (indonesian if written == "en" else english) & texts
    filled = fill_xlsx(blank, FILLED, out=tmp_path / "isi.xlsx")

    monkeypatch.setenv("NASKAH_LANG", read)
    [outcome] = _import(store, settings, filled)

    assert outcome.accepted, outcome.problems
    got = _tw1(settings, store, row)
    assert {k: v.nilai for k, v in got.items() if k in FILLED and v.nilai is not None} == EXPECTED
    assert got["1.06.04.2.01.0001"].realisasi_anggaran == 46_350_000
    assert got["1.06.04.2.01.0014"].keterangan == "Data dukcapil belum diterima"
    filled_in = "filled in 10/04/2025" if read == "en" else "diisi 10/04/2025"
    assert outcome.revision.pengisi == (
        f"Rina Marlina, S.E. · Kepala Bidang Rehabilitasi Sosial · {filled_in}")


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_filled_formulir_round_trip_recap_equals_values_filled_in(
        fmt, settings, plugins, store, tmp_path):
    cycle, row = _cycle(settings, plugins, store)
    blank = tmp_path / f"formulir.{fmt}"
    writer = write_formulir_xlsx if fmt == "xlsx" else write_formulir_docx
    writer(plugins, cycle, REHSOS, blank)
    filled = (fill_xlsx if fmt == "xlsx" else fill_docx)(blank, FILLED,
                                                         out=tmp_path / f"isi.{fmt}")

    [outcome] = _import(store, settings, filled)

    assert outcome.accepted, outcome.problems
    assert outcome.revision.status == RevisionStatus.DITERIMA
    got = _tw1(settings, store, row)
    rehsos = {k: v for k, v in got.items() if k in FILLED}
    assert {k: v.nilai for k, v in rehsos.items() if v.nilai is not None} == EXPECTED
    assert got["1.06.04.2.01.0001"].realisasi_anggaran == 46_350_000
    assert got["1.06.04.2.01.0005"].realisasi_anggaran == 21_480_000
    # Left empty: kept as not reported with its note, never 0.
    assert got["1.06.04.2.01.0014"].nilai is None
    assert got["1.06.04.2.01.0014"].keterangan == "Data dukcapil belum diterima"
    # Other bidang sent nothing: the workbook's own TW1 realisasi are not used.
    assert not any(k.startswith("1.06.05") for k in got)

    measured = prepare_cycle(plugins, AGENCY, cycle_data(store, settings, row))
    doc = PlannedDocument(AGENCY, measured.periode, "pengumpulan", 8,
                          kind("rekapitulasi_pengumpulan"))
    rows = {r["indikator"]: r for g in rekapitulasi_pengumpulan(measured, doc, None)["groups"]
            for r in g["rows"]}
    shown = {c.indikator.kode: rows[nama_indikator(c.indikator)]["realisasi_tw"]
             for c in measured.capaian if c.indikator.bidang == REHSOS}
    # the indicator's decimals (2: the workbook types 81,75), the same in every document
    assert shown["1.06.04"] == "80,50"
    assert shown["1.06.04.2.01.0003"] == "tidak dapat diukur"
    assert shown["1.06.04.2.01.0014"] == "belum dilaporkan"
    assert shown["1.06.04.2.02.0013"] == "0"


def test_formulir_of_another_period_is_refused(settings, plugins, store, tmp_path):
    cycle, _ = _cycle(settings, plugins, store)
    filled = fill_xlsx(write_formulir_xlsx(plugins, cycle, REHSOS, tmp_path / "f.xlsx"), FILLED)
    tw2 = _workbook_of_period(tmp_path, "2025-TW2")
    open_pengumpulan(store, settings, plugins, tw2)
    store.commit()

    [outcome] = _import(store, settings, filled, periode="2025-TW2")

    assert not outcome.accepted
    assert [p.found for p in outcome.problems] == ["formulir periode 2025-TW1"]
    assert "2025-TW2" in outcome.problems[0].expected
    assert outcome.problems[0].file == "f.xlsx"


def test_formulir_of_a_bidang_not_in_the_pengumpulan_is_refused(
        settings, plugins, store, tmp_path):
    cycle, row = _cycle(settings, plugins, store)
    path = write_formulir_docx(plugins, cycle, REHSOS, tmp_path / "f.docx")
    # Saved by a program that dropped the stamp, and the bidang retyped: identified by its
    # printed fields, which name a bidang this agency's data does not have.
    d = docx.Document(str(path))
    d.core_properties.comments = ""
    for table in d.tables:
        for r in table.rows:
            if r.cells[0].text.strip() == "Sekretariat/Bidang":
                r.cells[-1].paragraphs[0].text = "Bidang Pemberdayaan Sosial"
    d.save(str(path))

    [outcome] = _import(store, settings, fill_docx(path, FILLED))

    assert not outcome.accepted
    assert outcome.problems[0].found == "formulir bidang 'Bidang Pemberdayaan Sosial'"
    assert revisions_of(store, row) == []


def test_formulir_whose_identity_was_edited_is_refused(settings, plugins, store, tmp_path):
    cycle, row = _cycle(settings, plugins, store)
    path = fill_xlsx(write_formulir_xlsx(plugins, cycle, REHSOS, tmp_path / "f.xlsx"), FILLED)
    wb = openpyxl.load_workbook(path)
    meta = wb["_naskah"]
    for r in meta.iter_rows():
        if r[0].value == "bidang":
            r[1].value = SEKRETARIAT  # pass it off as another bidang's form
    wb.save(path)

    [outcome] = _import(store, settings, path)

    assert not outcome.accepted
    assert "checksum tidak cocok" in outcome.problems[0].found
    assert outcome.problems[0].sheet == "_naskah"
    assert revisions_of(store, row) == []


def test_rows_of_another_bidang_pasted_into_a_formulir_are_refused(
        settings, plugins, store, tmp_path):
    cycle, _ = _cycle(settings, plugins, store)
    path = fill_xlsx(write_formulir_xlsx(plugins, cycle, REHSOS, tmp_path / "f.xlsx"), FILLED)
    wb = openpyxl.load_workbook(path)
    ws = wb["Formulir"]
    ws["B13"] = "1.06.05.2.02.0001"  # a Linjamsos indicator typed over the first kode
    wb.save(path)

    [outcome] = _import(store, settings, path)

    assert not outcome.accepted
    located = {(p.sheet, p.row, p.column): p.found for p in outcome.problems}
    assert located[("Formulir", 13, "B")] == "kode 1.06.05.2.02.0001 tidak ada di formulir ini"
    assert any(p.found == "baris kode 1.06.04 tidak ada" for p in outcome.problems)


def test_malformed_formulir_is_refused_whole_and_stored_data_is_unchanged(
        settings, plugins, store, tmp_path):
    cycle, row = _cycle(settings, plugins, store)
    blank = write_formulir_xlsx(plugins, cycle, REHSOS, tmp_path / "blank.xlsx")
    first = fill_xlsx(blank, FILLED, out=tmp_path / "isi.xlsx")
    assert _import(store, settings, first)[0].accepted
    before = _tw1(settings, store, row)

    corrected = dict(FILLED)
    corrected["1.06.04.2.01.0014"] = ("55", "8.450.000", None)  # a good correction …
    corrected["1.06.04"] = ("80,5%", None, None)                 # … and two bad cells
    corrected["1.06.04.2.01.0005"] = ("35", "Rp 21.480.000,50", None)
    bad = fill_xlsx(blank, corrected, out=tmp_path / "isi-2.xlsx")
    [outcome] = _import(store, settings, bad)

    assert not outcome.accepted
    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [
        ("Formulir", 13, "I"), ("Formulir", 16, "J")]
    assert "80,5%" in outcome.problems[0].found
    assert "memuat sen" in outcome.problems[1].found
    assert [r.nomor for r in revisions_of(store, row)] == [1]
    assert _tw1(settings, store, row) == before


def test_corrected_reimport_is_a_new_revision_and_the_old_one_is_kept(
        settings, plugins, store, tmp_path):
    cycle, row = _cycle(settings, plugins, store)
    blank = write_formulir_xlsx(plugins, cycle, REHSOS, tmp_path / "blank.xlsx")
    _import(store, settings, fill_xlsx(blank, FILLED, out=tmp_path / "isi.xlsx"))
    corrected = dict(FILLED) | {"1.06.04.2.01.0014": ("55", None, "Rekap dukcapil")}
    _import(store, settings, fill_xlsx(blank, corrected, out=tmp_path / "isi-2.xlsx"))

    revs = revisions_of(store, row, REHSOS)
    assert [(r.nomor, r.source_name) for r in revs] == [(1, "isi.xlsx"), (2, "isi-2.xlsx")]
    assert revs[0].value_of("1.06.04.2.01.0014").as_nilai is None
    assert revs[0].pengisi.startswith("Rina Marlina, S.E.")
    assert _tw1(settings, store, row)["1.06.04.2.01.0014"].nilai == Decimal(55)


def test_one_bad_file_does_not_stop_the_good_ones(settings, plugins, store, tmp_path):
    cycle, row = _cycle(settings, plugins, store)
    good = fill_xlsx(write_formulir_xlsx(plugins, cycle, REHSOS, tmp_path / "a.xlsx"), FILLED)
    not_xlsx = tmp_path / "b.xlsx"
    not_xlsx.write_text("kode;realisasi\n1.06.04;80\n")

    outcomes = _import(store, settings, not_xlsx, good)

    assert [o.accepted for o in outcomes] == [False, True]
    assert "bukan workbook Excel yang dapat dibaca" in outcomes[0].problems[0].found
    assert len(revisions_of(store, row)) == 1


def _workbook_of_period(tmp_path: Path, periode: str) -> Path:
    wb = openpyxl.load_workbook(EXAMPLE)
    for r in wb["Siklus"].iter_rows():
        if str(r[0].value).strip().lower() == "periode":
            r[1].value = periode
    out = tmp_path / f"data-{periode}.xlsx"
    wb.save(out)
    return out
