"""naskah's own SVG writer (issue 15): the tick values matplotlib's default locator chose, the
font widths of DejaVu Sans, text placed by its computed width, well-formed output."""

from __future__ import annotations

import math
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from naskah.documents import charts, dejavu
from naskah.documents.svg import Svg, lebar_teks_pt, nice_ticks, tick_space
from tests.factories import make_cycle

SVG = "{http://www.w3.org/2000/svg}"


def matplotlib_ticks(vmin: float, vmax: float, nbins: int) -> list[float]:
    """The ticks matplotlib's axis shows for the view ``vmin .. vmax`` (default locator)."""
    from matplotlib.ticker import MaxNLocator

    locs = MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10]).tick_values(vmin, vmax)
    eps = (vmax - vmin) * 1e-10
    return [float(t) for t in locs if vmin - eps <= t <= vmax + eps]


@pytest.mark.parametrize(("vmin", "vmax", "nbins", "want"), [
    (0, 146.4, 9, [0, 20, 40, 60, 80, 100, 120, 140]),  # a capaian chart, best 120%
    (0, 90.625, 8, [0, 20, 40, 60, 80]),  # an indicator chart, highest value 72,5
    (0, 3.75, 8, [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5]),
    (-138, 813.3, 9, [0, 200, 400, 600, 800]),
])
def test_ticks_of_the_charts_before_issue_15(vmin, vmax, nbins, want):
    assert nice_ticks(vmin, vmax, nbins) == pytest.approx(want)


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e6, 1e6), st.floats(1e-3, 1e6), st.integers(1, 9))
@example(6.103515625e-05, 610352.0, 1)  # a tick 0.00006 below the start is on the axis
def test_ticks_are_those_of_matplotlibs_default_locator(vmin, span, nbins):
    vmax = vmin + span
    if abs((vmin + vmax) / 2) / span >= 100:  # matplotlib then ticks around an offset
        return
    assert nice_ticks(vmin, vmax, nbins) == pytest.approx(
        matplotlib_ticks(vmin, vmax, nbins), rel=1e-9, abs=1e-9 * span)


def test_tick_space_follows_the_axis_length():
    assert tick_space(469, 7, per_label=3) == 9  # capped
    assert tick_space(107.6, 6, per_label=2) == 8
    assert tick_space(5, 7, per_label=3) == 1


def test_the_width_tables_are_those_of_the_installed_dejavu_sans():
    ttlib = pytest.importorskip("fontTools.ttLib")
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    font = ttlib.TTFont(str(path))
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    assert font["head"].unitsPerEm == dejavu.EM
    assert {ch: hmtx[cmap[ord(ch)]][0] for ch in dejavu.LEBAR} == dejavu.LEBAR
    assert hmtx[cmap[ord("M")]][0] == dejavu.LEBAR_LAIN
    assert (font["glyf"]["l"].yMax, font["glyf"]["p"].yMin) == (dejavu.L_ATAS, dejavu.P_BAWAH)
    bold = ttlib.TTFont(str(path.with_name("DejaVuSans-Bold.ttf")))
    cmap, hmtx = bold.getBestCmap(), bold["hmtx"]
    assert {ch: hmtx[cmap[ord(ch)]][0] for ch in dejavu.LEBAR_TEBAL} == dejavu.LEBAR_TEBAL
    assert hmtx[cmap[ord("M")]][0] == dejavu.LEBAR_LAIN_TEBAL
    assert (bold["glyf"]["l"].yMax, bold["glyf"]["p"].yMin) == (dejavu.L_ATAS, dejavu.P_BAWAH)


def test_text_widths_add_the_advances():
    assert lebar_teks_pt("", 7) == 0
    assert lebar_teks_pt("00", 10) == pytest.approx(2 * 1303 * 10 / 2048)
    assert lebar_teks_pt("≥ 91%", 6.5) > lebar_teks_pt("91%", 6.5)
    assert lebar_teks_pt("漢", 10) == pytest.approx(1767 * 10 / 2048)  # unknown: an M


def test_anchored_text_is_placed_by_its_computed_start():
    """LibreOffice misplaces ``text-anchor: end``: the writer computes the start itself."""
    svg = Svg(200, 100)
    svg.text(150, 50, "Capaian (%)", 7, anchor="end")
    svg.text(100, 60, "TW III", 6.5, anchor="middle")
    svg.text(20, 80, "Orang", 6.5, anchor="middle", rotate=90)
    root = ElementTree.fromstring(svg.to_bytes())
    end, mid, up = root.findall(f"{SVG}text")
    assert "text-anchor" not in svg.to_bytes().decode()
    assert float(end.get("x")) + lebar_teks_pt("Capaian (%)", 7) == pytest.approx(150, abs=1e-3)
    assert float(mid.get("x")) + lebar_teks_pt("TW III", 6.5) / 2 == pytest.approx(100, abs=1e-3)
    # rotated a quarter turn: the text runs upwards, its middle at the anchor point
    assert float(up.get("x")) == pytest.approx(20)
    assert float(up.get("y")) - lebar_teks_pt("Orang", 6.5) / 2 == pytest.approx(80, abs=1e-3)
    assert up.get("transform").startswith("rotate(-90 ")


def test_text_is_escaped_and_the_file_is_written_whole(tmp_path):
    svg = Svg(10, 10, background=None)
    svg.text(1, 5, "A & B < C > D", 7)
    out = svg.save(tmp_path / "deep" / "x.svg")
    root = ElementTree.parse(out).getroot()
    assert root.find(f"{SVG}text").text == "A & B < C > D"
    assert [p.name for p in out.parent.iterdir()] == ["x.svg"]  # no temporary file left
    assert root.get("width") == "10pt" and root.get("viewBox") == "0 0 10 10"


def test_the_labels_of_a_capaian_chart_end_at_the_same_place(tmp_path):
    """The indicator labels (one to three lines each) are right-aligned before the ticks."""
    cycle = make_cycle()
    out = charts.capaian_chart(cycle.capaian, tmp_path / "c.svg", lebar_mm=160)
    root = ElementTree.parse(out).getroot()
    ends = []
    for t in root.iter(f"{SVG}text"):
        if re.match(r"\d+\. ", t.text or "") or (t.get("font-size") == "7"
                                                  and float(t.get("x")) < 60):
            ends.append(float(t.get("x")) + lebar_teks_pt(t.text, 7))
    assert len(ends) >= len(cycle.capaian)
    assert max(ends) - min(ends) < 0.01
    axis = [ln for ln in root.iter(f"{SVG}line") if ln.get("x1") == ln.get("x2")
            and ln.get("stroke") == "#000000"]
    assert math.isclose(float(axis[0].get("x1")) - 7, ends[0], abs_tol=0.01)
