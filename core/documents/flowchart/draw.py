"""Painting a flowchart page with matplotlib (``Figure``, no pyplot) as SVG or PNG.

SVG (what the SOP document embeds) keeps the text as text in the font the layout measured;
PNG is drawn by Agg at :data:`DPI`. Matplotlib is imported when a page is painted."""

from __future__ import annotations

from pathlib import Path

from naskah.documents.flowchart.layout import layout_flowchart
from naskah.documents.flowchart.model import (
    _ABU,
    _BORDER,
    _HEADER_FILL,
    _NOMOR_FILL,
    DPI,
    FONT_HEADER_PT,
    FONT_LABEL_PT,
    FONT_NOMOR_KOLOM_PT,
    FONT_PT,
    KEPUTUSAN,
    LEBAR_F4_LANDSCAPE_MM,
    MM_PER_PT,
    PAD_MM,
    PROSES,
    TERMINATOR,
    Halaman,
)
from naskah.documents.flowchart.text import bungkus, font_family, tinggi_baris_teks_mm
from naskah.model import Procedure

# --- drawing -----------------------------------------------------------------------------------


def _arrowhead(p0: tuple[float, float], p1: tuple[float, float], length=1.9, width=1.5):
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


def render_page(halaman: Halaman, out: Path, *, dpi: int = DPI) -> Path:
    """Paint ``halaman`` into ``out`` (``halaman.lebar`` × ``halaman.tinggi`` mm plus 0.4 mm
    around): SVG when ``out`` ends in ``.svg``, else PNG at ``dpi``. Returns ``out``. Lines are
    0.5 pt (grid), 0.9 pt (outer frame, symbols)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle

    from naskah.documents.charts import save_figure
    family = halaman.font or font_family()
    W, H = halaman.lebar, halaman.tinggi
    margin = 0.4  # mm around, so the outer frame is not cut
    fig = Figure(figsize=((W + 2 * margin) / 25.4, (H + 2 * margin) / 25.4), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-margin, W + margin)
    ax.set_ylim(H + margin, -margin)
    ax.set_axis_off()
    grid_lw, frame_lw, sym_lw = 0.5, 0.9, 0.9

    def text_lines(lines, x, top, font_pt, *, ha="left", bold=False, color="black"):
        step = tinggi_baris_teks_mm(font_pt)
        for i, ln in enumerate(lines):
            ax.text(
                x,
                top + font_pt * MM_PER_PT * 0.8 + i * step,
                ln,
                ha=ha,
                va="baseline",
                fontsize=font_pt,
                family=family,
                weight="bold" if bold else "normal",
                color=color,
            )

    # header
    for c in halaman.header:
        ax.add_patch(
            Rectangle(
                (c.x, c.y),
                c.lebar,
                c.tinggi,
                facecolor=_NOMOR_FILL if c.nomor_kolom else _HEADER_FILL,
                edgecolor=_BORDER,
                lw=grid_lw,
            )
        )
        font_pt = FONT_NOMOR_KOLOM_PT if c.nomor_kolom else FONT_HEADER_PT
        step = tinggi_baris_teks_mm(font_pt)
        top = c.y + (c.tinggi - len(c.baris_teks) * step) / 2
        text_lines(
            c.baris_teks, c.x + c.lebar / 2, top, font_pt, ha="center", bold=not c.nomor_kolom
        )

    # body grid: rows, strips, column lines
    body_top = halaman.tinggi_header
    for b in halaman.baris:
        ax.plot([0, W], [b.y + b.tinggi] * 2, color=_BORDER, lw=grid_lw)
    for band in (halaman.strip_atas, halaman.strip_bawah):
        if band:
            ax.plot([0, W], [band[0] + band[1]] * 2, color=_BORDER, lw=grid_lw)
            ax.plot([0, W], [band[0]] * 2, color=_BORDER, lw=grid_lw)
    for k in halaman.kolom[1:]:
        ax.plot([k.x, k.x], [body_top, H], color=_BORDER, lw=grid_lw)
    ax.add_patch(Rectangle((0, 0), W, H, fill=False, edgecolor=_BORDER, lw=frame_lw))

    # cell texts
    cols = {k.kunci: k for k in halaman.kolom if k.kunci != "pelaksana"}
    for b in halaman.baris:
        for key, lines in b.sel.items():
            k = cols[key]
            if key in ("no", "waktu"):
                text_lines(lines, k.tengah, b.y + PAD_MM, FONT_PT, ha="center")
            else:
                text_lines(lines, k.x + PAD_MM, b.y + PAD_MM, FONT_PT)

    # symbols
    for s in halaman.simbol:
        dashed = s.pendamping or s.tanpa_pelaksana
        edge = _ABU if s.tanpa_pelaksana else _BORDER
        ls = (0, (3, 2)) if dashed else "solid"
        if s.bentuk == TERMINATOR:
            r = s.tinggi / 2
            patch = FancyBboxPatch(
                (s.kiri, s.atas),
                s.lebar,
                s.tinggi,
                boxstyle=f"round,pad=0,rounding_size={r}",
                facecolor="white",
                edgecolor=edge,
                lw=sym_lw,
                ls=ls,
            )
        elif s.bentuk == PROSES:
            patch = Rectangle(
                (s.kiri, s.atas),
                s.lebar,
                s.tinggi,
                facecolor="white",
                edgecolor=edge,
                lw=sym_lw,
                ls=ls,
            )
        elif s.bentuk == KEPUTUSAN:
            patch = Polygon(
                [(s.cx, s.atas), (s.kanan, s.cy), (s.cx, s.bawah), (s.kiri, s.cy)],
                closed=True,
                facecolor="white",
                edgecolor=edge,
                lw=sym_lw,
                ls=ls,
            )
        else:  # off-page connector: a pentagon pointing down
            tip = s.tinggi * 0.35
            patch = Polygon(
                [
                    (s.kiri, s.atas),
                    (s.kanan, s.atas),
                    (s.kanan, s.bawah - tip),
                    (s.cx, s.bawah),
                    (s.kiri, s.bawah - tip),
                ],
                closed=True,
                facecolor="white",
                edgecolor=_BORDER,
                lw=sym_lw,
            )
            ax.add_patch(patch)
            ax.text(
                s.cx,
                s.cy - tip / 3,
                s.label,
                ha="center",
                va="center",
                fontsize=FONT_LABEL_PT + 0.5,
                family=family,
                weight="bold",
                zorder=4,
            )
            continue
        patch.set_zorder(3)
        ax.add_patch(patch)
        if s.teks:
            lines = bungkus(s.teks, s.lebar - s.tinggi, FONT_LABEL_PT)
            ax.text(
                s.cx,
                s.cy,
                lines[0] + ("…" if len(lines) > 1 else ""),
                ha="center",
                va="center",
                fontsize=FONT_LABEL_PT,
                family=family,
                style="italic",
                color=_ABU,
                zorder=4,
            )

    # arrows and links
    for a in halaman.panah:
        xs = [p[0] for p in a.titik]
        ys = [p[1] for p in a.titik]
        ax.plot(
            xs,
            ys,
            color=_ABU if a.putus else _BORDER,
            lw=0.7 if a.putus else 0.8,
            ls=(0, (3, 2)) if a.putus else "solid",
            zorder=2,
            solid_capstyle="butt",
        )
        if a.kepala:
            ax.add_patch(
                Polygon(
                    _arrowhead(a.titik[-2], a.titik[-1]),
                    closed=True,
                    facecolor=_BORDER,
                    edgecolor=_BORDER,
                    lw=0.3,
                    zorder=4,
                )
            )
    for lb in halaman.label:
        ax.text(
            lb.x,
            lb.y,
            lb.teks,
            ha=lb.ha,
            va=lb.va,
            fontsize=FONT_LABEL_PT,
            family=family,
            weight="bold",
            zorder=5,
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
        )

    return save_figure(fig, out, dpi=dpi, facecolor="white")


def draw_flowchart(
    procedure: Procedure,
    out: Path,
    *,
    lebar_mm: float = LEBAR_F4_LANDSCAPE_MM,
) -> Path:
    """The whole flowchart matrix of ``procedure`` as ONE PNG ``out`` (one page however tall),
    ``lebar_mm`` wide at :data:`DPI`. Returns ``out``.

    :raises ValueError: see :func:`layout_flowchart`.
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
    suffix: str = ".png",
) -> list[tuple[Path, Halaman]]:
    """The matrix of ``procedure`` split into pages (see :func:`layout_flowchart`), one file
    per page in ``outdir`` (``<slug>-1.png`` …; ``suffix`` ``".svg"``: SVG). Returns
    ``[(file, halaman)]`` in page order."""
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
