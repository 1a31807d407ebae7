"""Charts of the measurement documents: data fed to the bars, valid PNGs, no pyplot state."""

from __future__ import annotations

import struct
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from naskah.documents import charts
from naskah.measurement.rules import measure
from naskah.measurement.types import PERMENDAGRI_86_2017, MeasurementRules, Predikat
from naskah.model import (
    TIDAK_DAPAT_DIUKUR,
    Agregasi,
    Indikator,
    Jenis,
    Level,
    Periode,
    Polaritas,
    Realisasi,
)
from tests.factories import make_cycle

D = Decimal
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels from the IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def mm_to_px(mm: float) -> float:
    return mm / 25.4 * charts.DPI


@pytest.fixture
def cycle():
    return make_cycle()


def test_indicators_without_a_number_get_no_bar(cycle):
    bars, lain = charts.capaian_bars(cycle.capaian)
    assert len(bars) == 5
    assert [x.alasan for x in lain] == ["tanpa target", "tidak dapat diukur", "belum dilaporkan"]
    assert all(b.nilai != 0 for b in bars)
    # the not-measured ones keep their place in the numbering
    assert lain[0].label.startswith("3. Opini BPK")
    assert lain[1].label.startswith("5. Jumlah Orang yang Mendapatkan Alat Bantu")
    assert lain[2].label.startswith("8. Jumlah Orang yang Mendapatkan Pelayanan")


def test_bars_carry_the_measured_capaian_and_band_colour(cycle):
    bars, _ = charts.capaian_bars(cycle.capaian)
    by_label = {b.label.split(".")[0]: b for b in bars}
    ppks = by_label["1"]
    assert ppks.nilai == D("94.375") and ppks.predikat == "Sangat Tinggi"
    assert ppks.warna == charts.WARNA_PREDIKAT_5[0]
    bimbingan = by_label["6"]
    assert bimbingan.predikat == "Tinggi" and bimbingan.warna == charts.WARNA_PREDIKAT_5[1]


def test_numbering_can_continue_across_charts(cycle):
    bars, _ = charts.capaian_bars(cycle.capaian[:2], nomor_awal=13)
    assert bars[0].label.startswith("13. ") and bars[1].label.startswith("14. ")


def test_labels_are_wrapped_to_at_most_three_lines(cycle):
    long = cycle.capaian[3]
    label = charts.label_indikator(long, 4, lebar=30)
    assert label.startswith("4. Jumlah Orang")
    assert len(label.splitlines()) <= 3
    assert all(len(line) <= 32 for line in label.splitlines())


def test_other_scale_sizes_get_a_colour_per_band():
    skala = (
        Predikat(D(100), "Sangat Berhasil"),
        Predikat(D(75), "Berhasil"),
        Predikat(D(55), "Cukup Berhasil"),
        Predikat(D("-Infinity"), "Kurang Berhasil"),
    )
    warna = charts.warna_predikat(skala)
    assert list(warna) == [p.label for p in skala]
    assert len(set(warna.values())) == 4


def test_capaian_chart_is_a_png_of_the_asked_width(cycle, tmp_path):
    out = charts.capaian_chart(cycle.capaian, tmp_path / "sub" / "capaian.png", lebar_mm=160)
    assert out.exists()
    w, h = png_size(out)
    assert abs(w - mm_to_px(160)) <= 2
    assert abs(h - mm_to_px(28 + 11 * 8)) <= 2


def test_same_data_gives_the_same_png_bytes(cycle, tmp_path):
    a = charts.capaian_chart(cycle.capaian, tmp_path / "a.png")
    b = charts.capaian_chart(cycle.capaian, tmp_path / "b.png")
    assert a.read_bytes() == b.read_bytes()


def _ind(kode, polaritas=Polaritas.POSITIF):
    return Indikator(kode, Level.KEGIATAN, "Kegiatan", f"Indikator {kode}", Jenis.IK, "Dokumen",
                     polaritas, Agregasi.KUMULATIF, "Bidang", D(4), {1: D(1)})  # fmt: skip


def test_extreme_values_and_an_empty_list_do_not_crash(tmp_path):
    p = Periode(2025, 1)
    rules = MeasurementRules()
    big = measure(_ind("a"), {1: Realisasi("a", 1, D("6.6667"))}, p, rules)  # 666,67%
    neg = measure(_ind("b", Polaritas.NEGATIF), {1: Realisasi("b", 1, D(3))}, p, rules)  # -100%
    assert big.nilai > 600 and neg.nilai < 0
    assert png_size(charts.capaian_chart([big, neg], tmp_path / "x.png"))[0] > 0
    assert png_size(charts.capaian_chart([], tmp_path / "empty.png"))[0] > 0


def test_triwulan_series_never_turns_missing_values_into_zero():
    values = {1: D("75.5"), 2: None, 3: TIDAK_DAPAT_DIUKUR, 4: "WTP"}
    assert charts.triwulan_series(values) == [75.5, None, None, None]
    assert charts.triwulan_series({}) == [None, None, None, None]


def test_indikator_chart_is_a_small_png(cycle, tmp_path):
    c = cycle.capaian[0]
    real = {1: D("75.5")}
    out = charts.indikator_chart(c, real, c.indikator.target_triwulan, tmp_path / "i.png",
                                 lebar_mm=80, tinggi_mm=55)  # fmt: skip
    w, h = png_size(out)
    assert abs(w - mm_to_px(80)) <= 2 and abs(h - mm_to_px(55)) <= 2


def test_indikator_chart_without_numbers_still_draws(cycle, tmp_path):
    opini = cycle.capaian[2]  # text target "WTP", realisasi "WTP"
    out = charts.indikator_chart(opini, {1: "WTP"}, {}, tmp_path / "opini.png")
    assert png_size(out)[0] > 0


def test_charts_leave_no_pyplot_figures(cycle, tmp_path):
    source = Path(charts.__file__).read_text(encoding="utf-8")
    assert "import matplotlib.pyplot" not in source
    assert "from matplotlib import pyplot" not in source
    charts.capaian_chart(cycle.capaian, tmp_path / "c.png")
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        assert plt.get_fignums() == []


def test_legend_prints_the_scale_intervals():
    assert charts._skala_legenda(PERMENDAGRI_86_2017) == [
        "Sangat Tinggi (≥ 91%)",
        "Tinggi (≥ 76%)",
        "Sedang (≥ 66%)",
        "Rendah (≥ 51%)",
        "Sangat Rendah (< 51%)",
    ]


def test_a_missing_realisasi_in_the_period_is_marked_not_drawn():
    assert charts._tanda(True, None) == "belum dilaporkan"
    assert charts._tanda(False, None) == ""  # a triwulan after the period
    assert charts._tanda(True, TIDAK_DAPAT_DIUKUR) == "n/a"
    assert charts._tanda(True, "WTP") == "WTP"
