"""Painting a laid-out flowchart page as SVG with :class:`naskah.documents.svg.Svg`.

The picture is the one matplotlib painted until the SVG writer took over (issue 15: its import,
font set-up and drawing cost 0.7–0.9 s on an agency's first run): the same shapes, line widths,
dash patterns, colours, stacking order and text positions (text as ``<text>`` in the font the
layout measured, :func:`naskah.documents.flowchart.text.font_family`). Matplotlib's rules that
placed things are reproduced here: a dash pattern is a multiple of its line width, lines of the
grid have square caps and the arrows butt caps, a rounded box's corners are quadratic Bézier
curves, a text aligned by its top, bottom or centre is aligned by the box from the bottom of
``p`` to the top of ``l``, a label's white box is that box plus a tenth of the font size.
Drawing order (what lies on top): matplotlib's z-order — header cells, the frame and the
off-page connectors; grid lines and arrow lines; texts and symbols (a symbol hides the arrow
lines under it); the letters of the connectors, the grey note in a symbol drawn in no column
and the arrowheads; the YA / TIDAK labels.

Only SVG is written: the SOP document embeds the pages as SVG pictures
(:class:`naskah.render.SvgInlineImage`; LibreOffice draws them as vector graphics, Word 2016+
reads the ``svgBlip``), as the charts (:mod:`naskah.documents.charts`)."""

from __future__ import annotations

from pathlib import Path

from naskah.documents.flowchart.layout import layout_flowchart
from naskah.documents.flowchart.model import (
    _ABU,
    _BORDER,
    _HEADER_FILL,
    _NOMOR_FILL,
    FONT_HEADER_PT,
    FONT_LABEL_PT,
    FONT_NOMOR_KOLOM_PT,
    FONT_PT,
    KEPUTUSAN,
    KONEKTOR,
    LEBAR_F4_LANDSCAPE_MM,
    MM_PER_PT,
    PAD_MM,
    PROSES,
    TERMINATOR,
    Halaman,
    Simbol,
)
from naskah.documents.flowchart.text import (
    bungkus,
    font_family,
    kotak_baris_pt,
    lebar_pt,
    tinggi_baris_teks_mm,
)
from naskah.documents.svg import Svg, _num, polyline
from naskah.model import Procedure

MARGIN_MM = 0.4
"""Room around the matrix so the outer frame is not cut (each side)."""

GRID_PT, FRAME_PT, SYMBOL_PT = 0.5, 0.9, 0.9
"""Line widths: the table's grid, its outer frame, the symbols' outlines."""
ARROW_PT, LINK_PT, HEAD_PT = 0.8, 0.7, 0.3
"""Line widths: an arrow, the dashed link of a step with several pelaksana, an arrowhead's
outline."""
DASH = (3.0, 2.0)
"""Dash and gap of a dashed line, in line widths."""

_FAMILIES = {
    "Liberation Sans": "'Liberation Sans', Arial, sans-serif",
    "Arial": "Arial, 'Liberation Sans', sans-serif",
}
"""The ``font-family`` list written for the font the layout measured: the metric-compatible
twin second (Word on Windows has Arial, LibreOffice on Linux Liberation Sans)."""


def _pt(mm: float) -> float:
    """A coordinate of the layout (mm from the matrix's top left) in the picture (pt)."""
    return (mm + MARGIN_MM) / MM_PER_PT


def _points(points) -> list[tuple[float, float]]:
    return [(_pt(x), _pt(y)) for x, y in points]


def _arrowhead(p0: tuple[float, float], p1: tuple[float, float], length=1.9, width=1.5):
    """The triangle (mm) of an arrowhead at ``p1`` pointing along ``p0 → p1``."""
    (x0, y0), (x1, y1) = p0, p1
    dx, dy = x1 - x0, y1 - y0
    d = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / d, dy / d
    bx, by = x1 - ux * length, y1 - uy * length
    return [
        (x1, y1),
        (bx - uy * width / 2, by + ux * width / 2),
        (bx + uy * width / 2, by - ux * width / 2),
    ]


def _capsule(s: Simbol) -> str:
    """Path data of a terminator: a box whose corners are rounded with radius half its height,
    each corner a quadratic Bézier through the box's corner (matplotlib's ``round`` box)."""
    x0, y0, x1, y1 = _pt(s.kiri), _pt(s.atas), _pt(s.kanan), _pt(s.bawah)
    r = s.tinggi / 2 / MM_PER_PT
    n = _num
    return (f"M{n(x0 + r)} {n(y0)} L{n(x1 - r)} {n(y0)} Q{n(x1)} {n(y0)} {n(x1)} {n(y0 + r)} "
            f"L{n(x1)} {n(y1 - r)} Q{n(x1)} {n(y1)} {n(x1 - r)} {n(y1)} L{n(x0 + r)} {n(y1)} "
            f"Q{n(x0)} {n(y1)} {n(x0)} {n(y1 - r)} L{n(x0)} {n(y0 + r)} "
            f"Q{n(x0)} {n(y0)} {n(x0 + r)} {n(y0)} Z")


def _symbol_path(s: Simbol) -> str:
    if s.bentuk == TERMINATOR:
        return _capsule(s)
    if s.bentuk == PROSES:
        corners = [(s.kiri, s.atas), (s.kanan, s.atas), (s.kanan, s.bawah), (s.kiri, s.bawah)]
    elif s.bentuk == KEPUTUSAN:
        corners = [(s.cx, s.atas), (s.kanan, s.cy), (s.cx, s.bawah), (s.kiri, s.cy)]
    else:  # KONEKTOR, the off-page connector: a pentagon pointing down
        tip = s.tinggi * 0.35
        corners = [(s.kiri, s.atas), (s.kanan, s.atas), (s.kanan, s.bawah - tip),
                   (s.cx, s.bawah), (s.kiri, s.bawah - tip)]
    return polyline(_points(corners), closed=True)


class _Painter:
    """The page's SVG with text helpers in the layout's font (``family``)."""

    def __init__(self, halaman: Halaman):
        self.family = halaman.font or font_family()
        self.css_family = _FAMILIES.get(self.family, f"'{self.family}', sans-serif")
        self.svg = Svg(_pt(halaman.lebar + MARGIN_MM), _pt(halaman.tinggi + MARGIN_MM))

    def text(self, x_mm: float, baseline_pt: float, teks: str, size: float, *,
             ha: str = "left", bold: bool = False, italic: bool = False,
             fill: str = "#000000") -> float:
        """One line whose baseline is at ``baseline_pt`` (picture pt) and whose start, centre
        or end (``ha``) is at ``x_mm``. Returns its width (pt)."""
        width = lebar_pt(teks, size, bold, self.family)
        anchor = {"left": "start", "center": "middle", "right": "end"}[ha]
        self.svg.text(_pt(x_mm), baseline_pt, teks, size, anchor=anchor, bold=bold,
                      italic=italic, fill=fill, family=self.css_family, lebar=width)
        return width

    def text_lines(self, lines, x_mm: float, top_mm: float, size: float, *,
                   ha: str = "left", bold: bool = False) -> None:
        """Lines from ``top_mm`` down, one :func:`tinggi_baris_teks_mm` apart, the first
        baseline 0.8 font sizes below the top."""
        step = tinggi_baris_teks_mm(size)
        for i, line in enumerate(lines):
            baseline = _pt(top_mm + size * MM_PER_PT * 0.8 + i * step)
            self.text(x_mm, baseline, line, size, ha=ha, bold=bold)

    def baseline(self, y_mm: float, va: str, size: float) -> float:
        """The baseline (pt) of a line aligned by its box's ``va`` (``top``, ``bottom``,
        ``center``) at ``y_mm``."""
        height, descent = kotak_baris_pt(size, self.family)
        offset = {"top": height - descent, "bottom": -descent, "center": height / 2 - descent}
        return _pt(y_mm) + offset[va]


def render_page(halaman: Halaman, out: Path) -> Path:
    """Paint ``halaman`` into ``out`` as SVG (``halaman.lebar`` × ``halaman.tinggi`` mm plus
    :data:`MARGIN_MM` around, in pt). Returns ``out``. Lines are 0.5 pt (grid), 0.9 pt (outer
    frame, symbols), 0.8 pt (arrows).

    :raises ValueError: ``out`` does not end in ``.svg``.
    """
    out = Path(out)
    if out.suffix.lower() != ".svg":
        raise ValueError(f"flowchart pages are written as SVG: {out.name!r} must end in .svg")
    p = _Painter(halaman)
    svg = p.svg
    W, H = halaman.lebar, halaman.tinggi
    dash_symbol = [d * SYMBOL_PT for d in DASH]

    # below everything: header cells, the outer frame, the off-page connectors
    for c in halaman.header:
        svg.rect(_pt(c.x), _pt(c.y), c.lebar / MM_PER_PT, c.tinggi / MM_PER_PT,
                 fill=_NOMOR_FILL if c.nomor_kolom else _HEADER_FILL, stroke=_BORDER,
                 stroke_width=GRID_PT)
    svg.rect(_pt(0), _pt(0), W / MM_PER_PT, H / MM_PER_PT, stroke=_BORDER, stroke_width=FRAME_PT)
    konektor = [s for s in halaman.simbol if s.bentuk == KONEKTOR]
    for s in konektor:
        svg.path(_symbol_path(s), fill="#ffffff", stroke=_BORDER, width=SYMBOL_PT)

    # the grid (square caps) and the arrows' lines (butt caps, round joins)
    body_top = halaman.tinggi_header
    rules = [((0, b.y + b.tinggi), (W, b.y + b.tinggi)) for b in halaman.baris]
    for band in (halaman.strip_atas, halaman.strip_bawah):
        if band:
            y, h = band
            rules += [((0, y + h), (W, y + h)), ((0, y), (W, y))]
    rules += [((k.x, body_top), (k.x, H)) for k in halaman.kolom[1:]]
    for a, b in rules:
        svg.path(polyline(_points([a, b])), stroke=_BORDER, width=GRID_PT, cap="square",
                 join="round")
    for a in halaman.panah:
        width = LINK_PT if a.putus else ARROW_PT
        svg.path(polyline(_points(a.titik)), stroke=_ABU if a.putus else _BORDER, width=width,
                 dash=[d * width for d in DASH] if a.putus else None, join="round")

    # header and cell texts, then the symbols (which hide the arrow lines under them)
    for c in halaman.header:
        size = FONT_NOMOR_KOLOM_PT if c.nomor_kolom else FONT_HEADER_PT
        top = c.y + (c.tinggi - len(c.baris_teks) * tinggi_baris_teks_mm(size)) / 2
        p.text_lines(c.baris_teks, c.x + c.lebar / 2, top, size, ha="center",
                     bold=not c.nomor_kolom)
    cols = {k.kunci: k for k in halaman.kolom if k.kunci != "pelaksana"}
    for b in halaman.baris:
        for key, lines in b.sel.items():
            k = cols[key]
            if key in ("no", "waktu"):
                p.text_lines(lines, k.tengah, b.y + PAD_MM, FONT_PT, ha="center")
            else:
                p.text_lines(lines, k.x + PAD_MM, b.y + PAD_MM, FONT_PT)
    for s in halaman.simbol:
        if s.bentuk == KONEKTOR:
            continue
        dashed = s.pendamping or s.tanpa_pelaksana
        svg.path(_symbol_path(s), fill="#ffffff", stroke=_ABU if s.tanpa_pelaksana else _BORDER,
                 width=SYMBOL_PT, dash=dash_symbol if dashed else None)

    # the connectors' letters, the grey notes, the arrowheads
    for s in halaman.simbol:
        if s.bentuk == KONEKTOR:
            tip = s.tinggi * 0.35
            size = FONT_LABEL_PT + 0.5
            p.text(s.cx, p.baseline(s.cy - tip / 3, "center", size), s.label, size,
                   ha="center", bold=True)
        elif s.teks:
            lines = bungkus(s.teks, s.lebar - s.tinggi, FONT_LABEL_PT)
            teks = lines[0] + ("…" if len(lines) > 1 else "")
            p.text(s.cx, p.baseline(s.cy, "center", FONT_LABEL_PT), teks, FONT_LABEL_PT,
                   ha="center", italic=True, fill=_ABU)
    for a in halaman.panah:
        if a.kepala:
            head = polyline(_points(_arrowhead(a.titik[-2], a.titik[-1])), closed=True)
            svg.path(head, fill=_BORDER, stroke=_BORDER, width=HEAD_PT)

    # on top: the YA / TIDAK labels on a white box (the text's box plus 0.1 font size)
    size = FONT_LABEL_PT
    height, descent = kotak_baris_pt(size, p.family)
    pad = 0.1 * size
    for lb in halaman.label:
        baseline = p.baseline(lb.y, lb.va, size)
        width = lebar_pt(lb.teks, size, True, p.family)
        start = _pt(lb.x) - {"left": 0.0, "center": 0.5, "right": 1.0}[lb.ha] * width
        svg.rect(start - pad, baseline + descent - height - pad, width + 2 * pad,
                 height + 2 * pad, fill="#ffffff")
        p.text(lb.x, baseline, lb.teks, size, ha=lb.ha, bold=True)

    return svg.save(out)


def draw_flowchart(
    procedure: Procedure,
    out: Path,
    *,
    lebar_mm: float = LEBAR_F4_LANDSCAPE_MM,
) -> Path:
    """The whole flowchart matrix of ``procedure`` as ONE SVG ``out`` (one page however tall),
    ``lebar_mm`` wide. Returns ``out``.

    :raises ValueError: ``out`` does not end in ``.svg``; see also :func:`layout_flowchart`.
    """
    layout = layout_flowchart(procedure, lebar_mm=lebar_mm)
    return render_page(layout.halaman[0], out)


def draw_flowchart_pages(
    procedure: Procedure,
    outdir: Path,
    *,
    lebar_mm: float = LEBAR_F4_LANDSCAPE_MM,
    tinggi_maks_mm: float | None = None,
    cadangan_akhir_mm: float = 0.0,
    suffix: str = ".svg",
) -> list[tuple[Path, Halaman]]:
    """The matrix of ``procedure`` split into pages (see :func:`layout_flowchart`), one SVG
    file per page in ``outdir`` (``<slug>-1.svg`` …). Returns ``[(file, halaman)]`` in page
    order.

    :raises ValueError: ``suffix`` is not ``".svg"``; see also :func:`layout_flowchart`.
    """
    if suffix.lower() != ".svg":
        raise ValueError(f"flowchart pages are written as SVG, not {suffix!r}")
    layout = layout_flowchart(
        procedure,
        lebar_mm=lebar_mm,
        tinggi_maks_mm=tinggi_maks_mm,
        cadangan_akhir_mm=cadangan_akhir_mm,
    )
    outdir = Path(outdir)
    return [
        (render_page(h, outdir / f"{procedure.slug}-{h.nomor}{suffix}"), h) for h in layout.halaman
    ]
