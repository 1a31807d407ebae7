"""Period kinds (triwulan, semester, tahunan) end to end: the model, the workbook (Siklus periode,
semester targets, decimals, induk, earlier years), the measurement of a semester and a year over
the months, the documents' titles, the API's period pattern and the numbering date of undated
documents. Domain brief §2 (Periods, Period targets, Decimals)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from naskah.api.params import periode_key
from naskah.documents.kinerja import cara_perhitungan, sd_teks, tampil
from naskah.errors import InputError
from naskah.input.workbook import read_workbook
from naskah.measurement.rules import measure_all
from naskah.measurement.types import MeasurementRules
from naskah.model import PERIODE_REGEX, JenisPeriode, Periode
from naskah.run import tanggal_register

D = Decimal


@pytest.mark.parametrize(("text", "key", "nama", "triwulan", "bulan"), [
    ("2025-TW1", "2025-TW1", "Triwulan I Tahun 2025", 1, (1, 2, 3)),
    ("2025-TW IV", "2025-TW4", "Triwulan IV Tahun 2025", 4, (10, 11, 12)),
    ("2025-S1", "2025-S1", "Semester I Tahun 2025", 2, (1, 2, 3, 4, 5, 6)),
    ("2022-Semester II", "2022-S2", "Semester II Tahun 2022", 4, (7, 8, 9, 10, 11, 12)),
    ("2025-smt 2", "2025-S2", "Semester II Tahun 2025", 4, (7, 8, 9, 10, 11, 12)),
    ("2022", "2022", "Tahun 2022", 4, tuple(range(1, 13))),
])  # fmt: skip
def test_period_kinds_parse_name_and_cover_their_months(text, key, nama, triwulan, bulan):
    p = Periode.parse(text)
    assert p.key == key and p.nama_lengkap == nama
    assert p.triwulan == triwulan and p.bulan == bulan
    assert Periode.parse(p.key) == p
    assert re.fullmatch(PERIODE_REGEX, p.key)
    assert periode_key(text) == key


@pytest.mark.parametrize("text", ["2025-S3", "2025-TW5", "25", "2025-Q1", "", "2025 TW1 x"])
def test_a_bad_period_names_the_three_forms(text):
    with pytest.raises(ValueError, match="mis. 2025-TW1, 2025-S1, 2025"):
        Periode.parse(text)


def test_existing_triwulan_constructor_still_means_a_triwulan():
    assert Periode(2025, 1) == Periode.parse("2025-TW1")
    assert Periode(2025, 1).jenis is JenisPeriode.TRIWULAN


def test_months_measured_in_words():
    assert sd_teks(Periode.parse("2025-TW3")) == "TW I s.d. TW III"
    assert sd_teks(Periode.parse("2025-S1")) == "Januari s.d. Juni 2025"
    assert sd_teks(Periode.parse("2025")) == "Januari s.d. Desember 2025"


@pytest.mark.parametrize(("key", "expected"), [
    ("2019-TW1", date(2019, 3, 31)), ("2019-S1", date(2019, 6, 30)),
    ("2019", date(2019, 12, 31)), ("2024-TW1", date(2024, 3, 31)),
])  # fmt: skip
def test_an_undated_document_is_numbered_in_the_period_not_today(key, expected):
    assert tanggal_register(Periode.parse(key)) == expected


# --- the workbook ---------------------------------------------------------------------------------

INDIKATOR = ["kode", "level", "uraian", "indikator", "jenis", "satuan", "polaritas", "agregasi",
             "bidang", "target_tahunan", "target_tw1", "target_tw2", "target_s1", "pagu",
             "induk", "desimal", "Realisasi Tahun 2024"]  # fmt: skip


def _workbook(path, periode, indikator, realisasi):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Siklus"
    ws.append(["kunci", "nilai"])
    ws.append(["periode", periode])
    ws = wb.create_sheet("Indikator")
    ws.append(INDIKATOR)
    for row in indikator:
        ws.append(row)
    ws = wb.create_sheet("Realisasi")
    ws.append(["kode", "periode", "realisasi", "realisasi_anggaran"])
    for row in realisasi:
        ws.append(row)
    wb.save(path)
    return path


def _row(kode, agregasi, tahunan, tw1=None, tw2=None, s1=None, pagu=None, induk=None,
         desimal=None, lalu=None, level="sub_kegiatan"):  # fmt: skip
    return [kode, level, "u", f"Indikator {kode}", "IK", "Orang", "positif", agregasi,
            "Sekretariat", tahunan, tw1, tw2, s1, pagu, induk, desimal, lalu]  # fmt: skip


@pytest.fixture
def semester_book(tmp_path):
    rows = [
        _row("K.1", "kumulatif", 120, 30, 30, 55),            # S1 target given: 55
        _row("K.2", "kumulatif", 120, 30, 30),                # S1 from the TW targets: 60
        _row("K.3", "kumulatif", 120),                        # no period target: tidak dihitung
        _row("K.4", "rata_rata", "14,40", "14,40", "14,40"),  # decimals as given
        _row("K.5", "akhir_periode", 80, 70, 75, desimal=1, lalu="68,25"),
    ]
    real = [
        ("K.1", "Januari", 10, None), ("K.1", "Februari", 8, None), ("K.1", "Maret", 12, None),
        ("K.1", "TW2", 27, None),
        ("K.2", "TW1", 30, None), ("K.2", "TW2", 27, None),
        ("K.3", "TW1", 30, None),
        ("K.4", 1, 14, None), ("K.4", 2, 15, None), ("K.4", 3, 16, None), ("K.4", 4, "12,5", None),
        ("K.5", "TW1", 71, None), ("K.5", "TW2", 76, None),
    ]  # fmt: skip
    return _workbook(tmp_path / "s1.xlsx", "2025-S1", rows, real)


def test_semester_measurement_by_hand(semester_book):
    data = read_workbook(semester_book)
    assert data.siklus.periode == Periode.parse("2025-S1")
    caps = {c.indikator.kode: c for c in measure_all(data, MeasurementRules())}
    # K.1: 10 + 8 + 12 + 27 = 57 against target_s1 55 → 103,6363…%
    assert caps["K.1"].realisasi == 57 and caps["K.1"].target == 55
    assert caps["K.1"].nilai == D(57) / D(55) * 100
    # K.2: 30 + 27 = 57 against TW I + TW II targets 60 → 95%
    assert (caps["K.2"].target, caps["K.2"].nilai) == (60, 95)
    # K.3: no TW/semester target before December → tidak dihitung, not measured against 120
    assert caps["K.3"].nilai is None and caps["K.3"].target is None
    assert "Semester I Tahun 2025" in caps["K.3"].keterangan
    # K.4: mean of the four months (14, 15, 16, 12,5) = 14,375, not a mean of quarterly means
    assert caps["K.4"].realisasi == D("14.375")
    assert caps["K.4"].target == D("14.40")
    # K.5: akhir periode, TW II target 75, realisasi 76; declared 1 decimal
    assert (caps["K.5"].target, caps["K.5"].realisasi) == (75, 76)


def test_decimals_earlier_years_and_induk_are_read(semester_book):
    data = read_workbook(semester_book)
    by = {i.kode: i for i in data.indikator}
    assert by["K.4"].target_tahunan == D("14.40") and by["K.4"].desimal == 2
    assert tampil(by["K.4"].target_tahunan, desimal=by["K.4"].desimal) == "14,40"
    assert by["K.1"].desimal == 0 and by["K.1"].target_semester == {1: 55}
    assert by["K.5"].desimal == 1 and by["K.5"].realisasi_lalu == {2024: D("68.25")}
    assert tampil(D(76), desimal=1) == "76,0"


def test_an_excel_number_keeps_the_decimals_its_cell_shows(tmp_path):
    path = _workbook(tmp_path / "f.xlsx", "2025", [_row("K.1", "akhir_periode", 14.4)],
                     [("K.1", "TW4", 14.4, None)])  # fmt: skip
    wb = openpyxl.load_workbook(path)
    wb["Indikator"]["J2"].number_format = "0.00"
    wb["Realisasi"]["C2"].number_format = "#,##0.00"
    wb.save(path)
    data = read_workbook(path)
    ind = data.indikator[0]
    assert str(ind.target_tahunan) == "14.40" and ind.desimal == 2
    assert str(data.realisasi[0].nilai) == "14.40"


def test_a_bad_desimal_is_a_located_error(tmp_path):
    path = _workbook(tmp_path / "d.xlsx", "2025", [_row("K.1", "kumulatif", 10, desimal="dua")], [])
    with pytest.raises(InputError) as err:
        read_workbook(path)
    assert "d.xlsx: Indikator!P2: desimal 'dua'" in str(err.value)


def test_a_bad_period_in_the_workbook_names_the_forms(tmp_path):
    path = _workbook(tmp_path / "p.xlsx", "2025-S3", [_row("K.1", "kumulatif", 10)], [])
    with pytest.raises(InputError) as err:
        read_workbook(path)
    assert "p.xlsx: Siklus!B2: '2025-S3' bukan periode" in str(err.value)
    assert "2025-TW1, 2025-S1 atau 2025" in str(err.value)


def test_annual_measurement_uses_the_yearly_target_and_every_month(tmp_path):
    rows = [_row("K.1", "kumulatif", 120, 30, 30), _row("K.2", "akhir_periode", 80)]
    real = [("K.1", "TW1", 30, None), ("K.1", "TW2", 27, None), ("K.1", "Oktober", 40, None),
            ("K.2", "Juni", 70, None), ("K.2", "Desember", 82, None)]  # fmt: skip
    data = read_workbook(_workbook(tmp_path / "y.xlsx", "2025", rows, real))
    caps = {c.indikator.kode: c for c in measure_all(data, MeasurementRules())}
    assert (caps["K.1"].target, caps["K.1"].realisasi) == (120, 97)
    assert (caps["K.2"].target, caps["K.2"].realisasi) == (80, 82)
    text = cara_perhitungan(data.indikator[0], MeasurementRules(), data.siklus.periode)
    assert text == ("Kumulatif: jumlah realisasi Januari s.d. Desember 2025 dibandingkan dengan "
                    "target tahunan")  # fmt: skip


def test_bundled_example_tw1_no_target_is_tidak_dihitung_and_the_average_is_101_12():
    """Issue 10, figure 3: 1.06.06.2.02.0002 has no TW I target ("–" on the formulir): it is
    tidak dihitung, not 0,00% Sangat Rendah; the average of the 14 measured indicators is
    101,12% (it was 94,38% over 15 with the 0%)."""
    from naskah.agencies.manager import get_plugins
    from naskah.documents.kinerja import capaian_teks, rata_rata
    from naskah.formatting import persen
    from naskah.pipeline import prepare_cycle
    from tests.conftest import EXAMPLE

    cycle = prepare_cycle(get_plugins(), "dinsos-p3a-pessel", read_workbook(EXAMPLE))
    by = {c.indikator.kode: c for c in cycle.capaian}
    c = by["1.06.06.2.02.0002"]
    assert c.target is None and capaian_teks(c) == "tidak dihitung" and c.predikat is None
    assert persen(rata_rata(cycle.capaian)) == "101,12%"
    assert sum(1 for x in cycle.capaian if x.nilai is not None) == 14
    assert sum(1 for x in cycle.capaian if x.predikat == "Sangat Rendah") == 0


def test_formula_keterangan_and_chart_labels_print_the_indicators_decimals(semester_book,
                                                                            tmp_path):
    """One indicator, one way of writing its numbers: the kertas kerja's Rumus and Keterangan
    and the lampiran's bar labels print 14,40 as the Target column does (they printed 14,4)."""
    from xml.etree import ElementTree

    from naskah.documents import charts

    data = read_workbook(semester_book)
    caps = {c.indikator.kode: c for c in measure_all(data, MeasurementRules())}
    k4, k5 = caps["K.4"], caps["K.5"]
    assert tampil(k4.target, desimal=k4.indikator.desimal) == "14,40"
    assert k4.rumus == "14,38 / 14,40 × 100"  # the mean 14,375 half-up; the target as typed
    assert "(realisasi 14,38 < target 14,40)" in k4.keterangan
    assert k5.rumus == "76,0 / 75,0 × 100"  # desimal 1 declared
    assert "(realisasi 76,0 ≥ target 75,0)" in k5.keterangan
    out = charts.indikator_chart(k4, {1: D(15), 2: D("13.75")}, k4.indikator.target_triwulan,
                                 tmp_path / "k4.svg")
    labels = {t.text for t in ElementTree.parse(out).getroot().iter()
              if t.tag.endswith("text")}
    assert {"14,40", "15,00", "13,75"} <= labels and "14,4" not in labels


def test_bundled_example_budget_total_counts_the_program_and_its_sub_kegiatan_once():
    """Issue 10, figure 2 in the bundled example: the program 1.06.04 carries its own pagu
    (Rp 579.650.000, the sum of its six sub kegiatan) beside theirs; the total is the 15 sub
    kegiatan, Rp 1.233.050.000 — never Rp 1.812.700.000 (program and sub kegiatan added) — and
    the program keeps its own serapan."""
    from naskah.agencies.manager import get_plugins
    from naskah.documents.anggaran import anggaran_of, jumlah_anggaran
    from naskah.pipeline import prepare_cycle
    from tests.conftest import EXAMPLE

    cycle = prepare_cycle(get_plugins(), "dinsos-p3a-pessel", read_workbook(EXAMPLE))
    total = jumlah_anggaran(cycle, cycle.capaian)
    assert (total["pagu"], total["realisasi"], total["serapan"]) == (
        "Rp 1.233.050.000", "Rp 218.305.000", "17,70%")
    assert (total["jumlah"], total["baris"]) == (15, 16)
    program = next(c for c in cycle.capaian if c.indikator.kode == "1.06.04")
    own = anggaran_of(cycle, program)
    assert (own["pagu_teks"], own["realisasi_teks"], own["serapan_teks"]) == (
        "Rp 579.650.000", "Rp 87.905.000", "15,17%")
    assert not any("pagu" in w and "1.06.04" in w for w in cycle.warnings)


def test_efficiency_of_nothing_done_with_nothing_spent_is_not_measurable(tmp_path):
    """Issue 10, item 5: capaian 0,00% and serapan 0,00% print "tidak dapat diukur" in the
    rekapitulasi pengukuran, never "Cukup Efisien"; a row that spent nothing but did something
    keeps its reading."""
    from naskah.agencies.manager import get_plugins
    from naskah.documents.registry import build_context, kind
    from naskah.model import PlannedDocument
    from naskah.pipeline import prepare_cycle

    rows = [_row("K.1", "kumulatif", 20, 5, 5, pagu=1_000_000),
            _row("K.2", "kumulatif", 20, 5, 5, pagu=1_000_000)]
    real = [("K.1", "TW1", 0, 0), ("K.2", "TW1", 5, 0)]
    path = _workbook(tmp_path / "nol.xlsx", "2025-TW1", rows, real)
    cycle = prepare_cycle(get_plugins(), "dinsos-p3a-pessel", read_workbook(path))
    doc = PlannedDocument("dinsos-p3a-pessel", cycle.periode, "pengukuran", 6,
                          kind("rekapitulasi_pengukuran"))
    ctx = build_context(cycle, doc, None)
    rows_ = {r["indikator"]: r for g in ctx["groups"] for r in g["rows"]}
    nol = rows_["Indikator K.1"]
    assert (nol["capaian"], nol["serapan"], nol["efisiensi"]) == (
        "0,00%", "0,00%", "tidak dapat diukur")
    assert rows_["Indikator K.2"]["efisiensi"] == "Efisien"  # 100% done, 0% spent


@pytest.mark.parametrize(("key", "kalimat"), [
    ("2025-TW2", "jumlah target triwulan sampai periode pengukuran"),
    ("2025-S1", "jumlah target semester sampai periode pengukuran (bila target semester tidak "
                "ditetapkan: jumlah target triwulan)"),
    ("2025", "Setiap indikator dibandingkan dengan target tahunan."),
])  # fmt: skip
def test_the_ketentuan_names_the_target_the_period_uses(key, kalimat):
    """The laporan's Ketentuan agrees with its numbers: a year compares every indicator with
    the yearly target (target_periode), not with "the sum of the period targets"."""
    from naskah.documents.kinerja import ketentuan

    text = ketentuan(MeasurementRules(), Periode.parse(key))
    assert kalimat in " ".join(text)
    tahunan = Periode.parse(key).jenis is JenisPeriode.TAHUNAN
    assert ("tanpa target tahunan tidak dihitung" in " ".join(text)) is tahunan
    assert ("Desember memakai target tahunan" in " ".join(text)) is not tahunan
