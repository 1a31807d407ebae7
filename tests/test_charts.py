"""Charts of the measurement documents: data fed to the bars, SVG pictures of the asked size,
no plotting library imported."""

from __future__ import annotations

import subprocess
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
from naskah.render import svg_size_pt
from tests.factories import make_cycle

D = Decimal


def svg_size_mm(path: Path) -> tuple[float, float]:
    """(width, height) in mm of an SVG picture (its root's ``width``/``height`` in pt)."""
    data = path.read_bytes()
    assert data.startswith(b"<?xml") and b"<svg " in data
    w_pt, h_pt = svg_size_pt(data)
    return w_pt * 25.4 / 72, h_pt * 25.4 / 72


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


def test_capaian_chart_is_an_svg_of_the_asked_size(cycle, tmp_path):
    out = charts.capaian_chart(cycle.capaian, tmp_path / "sub" / "capaian.svg", lebar_mm=160)
    assert out.exists()
    w, h = svg_size_mm(out)
    assert w == pytest.approx(160, abs=0.01)
    assert h == pytest.approx(28 + 11 * 8, abs=0.01)


def test_same_data_gives_the_same_svg_bytes(cycle, tmp_path):
    a = charts.capaian_chart(cycle.capaian, tmp_path / "a.svg")
    charts._drawn.clear()  # drawn afresh, not copied
    b = charts.capaian_chart(cycle.capaian, tmp_path / "b.svg")
    assert a.read_bytes() == b.read_bytes()


def test_a_chart_is_svg_only(cycle, tmp_path):
    with pytest.raises(ValueError, match="SVG"):
        charts.capaian_chart(cycle.capaian, tmp_path / "c.png")


def _ind(kode, polaritas=Polaritas.POSITIF):
    return Indikator(kode, Level.KEGIATAN, "Kegiatan", f"Indikator {kode}", Jenis.IK, "Dokumen",
                     polaritas, Agregasi.KUMULATIF, "Bidang", D(4), {1: D(1)})  # fmt: skip


def test_extreme_values_and_an_empty_list_do_not_crash(tmp_path):
    p = Periode(2025, 1)
    rules = MeasurementRules()
    big = measure(_ind("a"), {1: Realisasi("a", 1, D("6.6667"))}, p, rules)  # 666,67%
    neg = measure(_ind("b", Polaritas.NEGATIF), {1: Realisasi("b", 1, D(3))}, p, rules)  # -100%
    assert big.nilai > 600 and neg.nilai < 0
    texts = svg_texts(charts.capaian_chart([big, neg], tmp_path / "x.svg"))
    assert "666,67%" in texts and "-100,00%" in texts
    assert "800" in texts and "0" in texts  # the axis covers both bars
    assert "Tidak ada indikator." in svg_texts(charts.capaian_chart([], tmp_path / "empty.svg"))


def svg_texts(path: Path) -> list[str]:
    import re
    from xml.sax.saxutils import unescape

    return [unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)<", path.read_text())]


def test_triwulan_series_never_turns_missing_values_into_zero():
    values = {1: D("75.5"), 2: None, 3: TIDAK_DAPAT_DIUKUR, 4: "WTP"}
    assert charts.triwulan_series(values) == [75.5, None, None, None]
    assert charts.triwulan_series({}) == [None, None, None, None]


def test_indikator_chart_is_a_small_svg(cycle, tmp_path):
    c = cycle.capaian[0]
    real = {1: D("75.5")}
    out = charts.indikator_chart(c, real, c.indikator.target_triwulan, tmp_path / "i.svg",
                                 lebar_mm=80, tinggi_mm=55)  # fmt: skip
    w, h = svg_size_mm(out)
    assert w == pytest.approx(80, abs=0.01) and h == pytest.approx(55, abs=0.01)
    texts = svg_texts(out)
    assert "75,5" in texts and [
        t for t in texts if t.startswith("TW")] == ["TW I", "TW II", "TW III", "TW IV"]
    assert {"Target", "Realisasi", c.indikator.satuan} <= set(texts)


def test_indikator_chart_without_numbers_still_draws(cycle, tmp_path):
    opini = cycle.capaian[2]  # text target "WTP", realisasi "WTP"
    out = charts.indikator_chart(opini, {1: "WTP"}, {}, tmp_path / "opini.svg")
    texts = svg_texts(out)
    assert "WTP" in texts and "tidak ada nilai angka untuk digambarkan" in texts


def test_charts_import_no_plotting_library(tmp_path):
    """A run draws its charts without matplotlib (issue 15: its import and font set-up cost
    more than all the charts drawn here)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tests.factories import make_cycle\n"
        "from naskah.documents import charts\n"
        "c = make_cycle()\n"
        f"charts.capaian_chart(c.capaian, Path({str(tmp_path)!r}) / 'c.svg')\n"
        "x = c.capaian[0]\n"
        "charts.indikator_chart(x, {1: 1}, x.indikator.target_triwulan,"
        f" Path({str(tmp_path)!r}) / 'i.svg')\n"
        "assert not [m for m in sys.modules if m.startswith('matplotlib')], 'matplotlib'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).parents[1])
    assert done.returncode == 0, done.stderr[-2000:]
    source = Path(charts.__file__).read_text(encoding="utf-8")
    assert "pyplot" not in source


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
