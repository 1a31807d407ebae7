"""The flowchart painter without matplotlib: text measured from Liberation Sans' own tables as
matplotlib measured it (so the layout and every line break stay what they were), pages written
as SVG by naskah's writer with every step's words as ``<text>``, and no plotting library
imported by a run that draws them."""

from __future__ import annotations

import html
import importlib
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from naskah.documents import dejavu, liberation
from naskah.documents.flowchart import draw_flowchart_pages, layout_flowchart
from naskah.documents.flowchart import text as flowtext
from naskah.documents.flowchart.draw import ARROW_PT, MARGIN_MM, render_page
from naskah.documents.flowchart.model import FONT_HEADER_PT, FONT_PT, MM_PER_PT
from naskah.documents.flowchart.text import (
    bungkus,
    font_family,
    kotak_baris_pt,
    lebar_pt,
    lebar_teks_mm,
)

AGENCIES = ("bkpsdm_pessel", "dinsos_p3a_pessel", "dinsos_sumedang", "disdagtrans_pessel",
            "diskominfo_tanjabbar")
LIBERATION = Path("/usr/share/fonts/truetype/liberation")


def procedures():
    return [p for a in AGENCIES
            for p in importlib.import_module(f"naskah.plugins.{a}.sop").PROCEDURES]


def svg_texts(path: Path) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text())]


needs_liberation = pytest.mark.skipif(
    font_family() != "Liberation Sans", reason="Liberation Sans is not installed")


# --- the font tables ---------------------------------------------------------------------------


@pytest.mark.skipif(not (LIBERATION / "LiberationSans-Regular.ttf").is_file(),
                    reason="Debian's fonts-liberation is not installed")
def test_the_tables_are_those_of_the_installed_liberation_sans():
    ttlib = pytest.importorskip("fontTools.ttLib")
    for file, runs, flat in (("LiberationSans-Regular.ttf", liberation.REGULAR_RUNS,
                              liberation.REGULAR_KERN),
                             ("LiberationSans-Bold.ttf", liberation.BOLD_RUNS,
                              liberation.BOLD_KERN)):
        font = ttlib.TTFont(str(LIBERATION / file))
        cmap, hmtx = font.getBestCmap(), font["hmtx"].metrics
        table = {start + i: w for start, widths in runs for i, w in enumerate(widths)}
        kept = {cp for cp in cmap if any(lo <= cp <= hi for lo, hi in liberation.RENTANG)}
        assert table == {cp: hmtx[cmap[cp]][0] for cp in kept}
        assert max(hmtx[g][0] for cp, g in cmap.items() if cp not in kept) <= (
            liberation.LEBAR_TERBESAR_LAIN)
        kern = font["kern"].kernTables[0].kernTable
        pairs = {(flat[i], flat[i + 1]): flat[i + 2] for i in range(0, len(flat), 3)}
        assert pairs == {(a, b): v for a in kept for b in kept
                         if (v := kern.get((cmap[a], cmap[b]), 0))}
        assert ("A", "V") in {(chr(a), chr(b)) for a, b in pairs}  # it does kern
        glyf = font["glyf"]
        assert (glyf["l"].yMax, glyf["p"].yMin) == (liberation.L_ATAS, liberation.P_BAWAH)
        assert font["head"].unitsPerEm == liberation.EM
    # wider than any character left out of the table: such text is never measured too narrow
    assert flowtext._subpx(liberation.LEBAR_TERBESAR_LAIN, liberation.EM) < flowtext._TAK_ADA


def _layout_strings(monkeypatch) -> set[tuple[str, float, bool]]:
    """Every (text, size, bold) the layout of the bundled SOPs measures (F4 and A4 widths)."""
    seen: set[tuple[str, float, bool]] = set()
    measure = flowtext.lebar_teks_mm

    def spy(teks, font_pt=FONT_PT, bold=False):
        seen.add((teks, font_pt, bold))
        return measure(teks, font_pt, bold)

    monkeypatch.setattr(flowtext, "lebar_teks_mm", spy)
    for proc in procedures():
        for lebar in (294.2, 251.2):
            layout_flowchart(proc, lebar_mm=lebar, tinggi_maks_mm=170, cadangan_akhir_mm=40)
    return seen


@needs_liberation
def test_widths_are_exactly_those_matplotlib_measured(monkeypatch):
    """The layout's line breaks are decided by these widths: equal to the last float bit to
    what matplotlib 3.11 measured (HarfBuzz, kerning, 1/64 px at 100 px), for every text the
    bundled SOPs' layout measures, random Latin text, and the spaces and invisible characters
    HarfBuzz treats specially."""
    mpl = pytest.importorskip("matplotlib")
    if tuple(int(x) for x in mpl.__version__.split(".")[:2]) < (3, 11):
        pytest.skip("matplotlib before 3.11 measured without HarfBuzz")
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    to_path = TextToPath()

    def matplotlib_mm(teks: str, size: float, bold: bool) -> float:
        prop = FontProperties(family="Liberation Sans", size=size,
                              weight="bold" if bold else "normal")
        width, _, _ = to_path.get_text_width_height_descent(teks, prop, ismath=False)
        return width * MM_PER_PT * flowtext._HINTING

    cases = _layout_strings(monkeypatch)
    assert len(cases) > 1000
    monkeypatch.undo()
    rnd = random.Random(15)
    latin = [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x180)]
    latin += list("–—‘’“”•…€™≤≥−")
    cases |= {("".join(rnd.choice(latin) for _ in range(rnd.randint(1, 40))),
               rnd.choice((6.0, 6.5, 7.5)), rnd.random() < 0.5) for _ in range(400)}
    cases |= {(f"Tim{ch}SAKIP", 7.5, False) for ch in
              "\u00ad\u200b\u200d\u2002\u2003\u2007\u2008\u2009\u200a\u202f\u205f\u3000"}
    wrong = [(t, s, b) for t, s, b in cases if lebar_teks_mm(t, s, b) != matplotlib_mm(t, s, b)]
    assert not wrong, wrong[:5]


def test_a_character_the_table_lacks_is_measured_wide():
    assert lebar_pt("Ω", 10, family="Liberation Sans") == pytest.approx(7344 / 64 / 10)
    assert lebar_pt("Ω", 10) > lebar_pt("M", 10)
    assert lebar_pt("a\u00adb", 10, family="Liberation Sans") == lebar_pt(
        "ab", 10, family="Liberation Sans")


def test_kerning_narrows_a_pair():
    av = lebar_pt("AV", 10, family="Liberation Sans")
    assert av < lebar_pt("A", 10, family="Liberation Sans") + lebar_pt(
        "V", 10, family="Liberation Sans")
    assert av == pytest.approx((1366 + 1366 - 152) * 10 / 2048, abs=0.01)


def test_without_liberation_sans_the_dejavu_widths_are_used(monkeypatch):
    monkeypatch.setattr(flowtext, "font_family", lambda: "DejaVu Sans")
    flowtext.lebar_teks_mm.cache_clear()
    try:
        assert lebar_pt("Kepala", 10) == pytest.approx(
            sum(dejavu.LEBAR[c] for c in "Kepala") * 10 / 2048, abs=0.01)
        assert lebar_pt("Kepala", 10, bold=True) == pytest.approx(
            sum(dejavu.LEBAR_TEBAL[c] for c in "Kepala") * 10 / 2048, abs=0.01)
        assert lebar_pt("Kepala", 10, bold=True) > lebar_pt("Kepala", 10)
        assert kotak_baris_pt(10) == pytest.approx(((1556 + 426) / 204.8, 426 / 204.8))
        lines = bungkus("Sekretaris melakukan rapat dengan Tim", 30, FONT_HEADER_PT, True)
        assert all(lebar_teks_mm(ln, FONT_HEADER_PT, True) <= 30 for ln in lines)
    finally:
        flowtext.lebar_teks_mm.cache_clear()


@pytest.mark.parametrize(("files", "family"), [
    (["LiberationSans-Regular.ttf", "arial.ttf"], "Liberation Sans"),
    (["Arial.ttf"], "Arial"),
    (["DejaVuSans.ttf"], "DejaVu Sans"),
])
def test_the_font_is_found_by_its_file_in_the_font_folders(tmp_path, monkeypatch, files,
                                                            family):
    fonts = tmp_path / "share" / "fonts" / "truetype" / "x"
    fonts.mkdir(parents=True)
    for name in files:
        (fonts / name).write_bytes(b"")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "share"))
    font_family.cache_clear()
    try:
        assert font_family() == family
    finally:
        font_family.cache_clear()


# --- the painter -------------------------------------------------------------------------------


def test_every_steps_words_are_text_in_the_svg_pages(tmp_path):
    for proc in procedures():
        pages = draw_flowchart_pages(proc, tmp_path / proc.slug, tinggi_maks_mm=170,
                                     cadangan_akhir_mm=40)
        words = " ".join(t for page, _ in pages for t in svg_texts(page)).split()
        for step in proc.steps:
            for text in (step.uraian, ", ".join(step.kelengkapan), step.output,
                         step.waktu_teks):
                for word in text.split():
                    assert word in words, (proc.slug, step.nomor, word)


def test_the_page_has_every_symbol_arrowhead_and_label_in_matplotlibs_order(tmp_path):
    proc = importlib.import_module("naskah.plugins.dinsos_p3a_pessel.sop").PROCEDURES[0]
    halaman = layout_flowchart(proc, tinggi_maks_mm=170, cadangan_akhir_mm=40).halaman[-1]
    assert halaman.label and any(s.bentuk == "keputusan" for s in halaman.simbol)
    svg = render_page(halaman, tmp_path / "p.svg").read_text()
    items = re.findall(r"<(rect|path|text)\b([^>]*)>(?:([^<]*)</text>)?", svg)
    kinds = [k for k, _, _ in items]
    heads = [i for i, (k, a, _) in enumerate(items) if k == "path" and 'fill="#000000"' in a]
    assert len(heads) == sum(a.kepala for a in halaman.panah)
    arrows = [i for i, (k, a, _) in enumerate(items)
              if k == "path" and f'stroke-width="{ARROW_PT}"' in a]
    symbols = [i for i, (k, a, _) in enumerate(items)
               if k == "path" and 'fill="#ffffff"' in a and 'stroke-width="0.9"' in a]
    assert len(symbols) == len(halaman.simbol)
    texts = [t for k, _, t in items if k == "text"]
    # the connectors lie under the arrow lines, the other symbols on them (hiding what passes
    # under them), the arrowheads over those, YA / TIDAK on top on a white box
    konektor = sum(s.bentuk == "konektor" for s in halaman.simbol)
    assert konektor and [i < min(arrows) for i in symbols].count(True) == konektor
    assert [i > max(arrows) for i in symbols].count(True) == len(symbols) - konektor
    assert max(symbols) < min(heads)
    labels = [i for i, (k, _, t) in enumerate(items) if k == "text" and t in ("YA", "TIDAK")]
    assert len(labels) == len(halaman.label) and min(labels) > max(heads)
    assert all(kinds[i - 1] == "rect" for i in labels)
    assert "'Liberation Sans', Arial" in svg or font_family() != "Liberation Sans"
    # the picture is the matrix plus the margin, in pt
    w, h = (float(v) for v in re.search(r'width="([0-9.]+)pt" height="([0-9.]+)pt"',
                                         svg).groups())
    assert w == pytest.approx((halaman.lebar + 2 * MARGIN_MM) / MM_PER_PT, abs=0.001)
    assert h == pytest.approx((halaman.tinggi + 2 * MARGIN_MM) / MM_PER_PT, abs=0.001)
    assert texts.count("YA") == sum(lb.teks == "YA" for lb in halaman.label)


def test_a_run_that_draws_flowcharts_imports_no_plotting_library(tmp_path):
    """Issue 15: matplotlib's import and font set-up cost ≈ 0.5 s of an agency's first run."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from naskah.documents import artifacts\n"
        "from naskah.documents.sop import flowchart_pages\n"
        "from naskah.plugins.dinsos_p3a_pessel.sop import PROCEDURES\n"
        "artifacts.use_cache_dir(Path(sys.argv[1]))\n"
        "for proc in PROCEDURES:\n"
        "    pages = flowchart_pages(proc, Path(sys.argv[1]), lebar_mm=294.2,\n"
        "                            tinggi_maks_mm=170, cadangan_akhir_mm=40)\n"
        "    assert pages and all(p.suffix == '.svg' for p in pages)\n"
        "bad = sorted({m.split('.')[0] for m in sys.modules} & {'matplotlib', 'fontTools',\n"
        "                                                        'numpy', 'PIL'})\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
    assert list((tmp_path / "flowchart").glob("*/*.svg"))
