"""A small SVG writer for naskah's charts: rectangles, lines and text in points, written as
plain SVG 1.1 text that LibreOffice and Word draw as vector pictures (text kept as text).

Why not matplotlib (issue 15, measured): the two chart kinds of the measurement documents are
a few dozen rectangles, lines and labels. Matplotlib took ≈ 0.3 s to import, ≈ 0.3 s to set
up its fonts on the first chart and 0.04–0.18 s per chart after that — ≈ 1.7 of the 3.9 CPU
seconds of ``naskah run --no-pdf`` of the bundled example (20 charts). Written here a chart
costs about a millisecond and the run imports no plotting library.

- :class:`Svg`: the canvas (origin top left, y downwards, every length in pt);
- :func:`lebar_teks_pt`: printed width of a string in DejaVu Sans (the font the SVG names
  first, installed with LibreOffice's fonts and shipped by matplotlib), from the font's own
  advance widths (:mod:`naskah.documents.dejavu`); kerning is ignored (< 1% on these labels);
- :func:`nice_ticks`: axis tick values as matplotlib's default locator chooses them
  (``MaxNLocator``, steps 1, 2, 2.5, 5, 10 × a power of ten), so the axes read as before.

Text is positioned by its baseline; :data:`ASCENT`, :data:`DESCENT` and :data:`TENGAH` give
the offsets from a box's top, bottom or centre (fractions of the font size, DejaVu Sans).
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from naskah.documents.dejavu import EM, LEBAR, LEBAR_LAIN

FONT_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', 'Liberation Sans', Arial, sans-serif"
"""The ``font-family`` of every text (DejaVu Sans is what the widths are measured in)."""

ASCENT = 0.76
"""Baseline below the top of a text box, in font sizes (the height of ``l``)."""
DESCENT = 0.208
"""Baseline above the bottom of a text box, in font sizes (the depth of ``p``)."""
TENGAH = 0.36
"""Baseline below the vertical centre of a line of text, in font sizes (half the height of a
capital: digits and capitals look centred)."""
LINE_SPACING = 1.2
"""Distance of the baselines of two lines, in font sizes."""

PT_PER_MM = 72 / 25.4


def lebar_teks_pt(teks: str, size_pt: float) -> float:
    """Printed width (pt) of one line ``teks`` at ``size_pt`` in DejaVu Sans (regular and
    oblique share their widths). A character outside the table counts as an ``M``."""
    units = sum(LEBAR.get(ch) or LEBAR_LAIN for ch in teks)
    return units * size_pt / EM


def _num(x: float) -> str:
    """A coordinate as short, deterministic text: at most 3 decimals, no trailing zeros."""
    s = f"{x:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


class Svg:
    """An SVG picture ``lebar_pt`` × ``tinggi_pt``, drawn in the order the methods are called
    (later on top). Colours are ``#rrggbb``; lengths and font sizes in pt."""

    def __init__(self, lebar_pt: float, tinggi_pt: float, background: str | None = "#ffffff"):
        self.lebar = lebar_pt
        self.tinggi = tinggi_pt
        self._items: list[str] = []
        if background:
            self.rect(0, 0, lebar_pt, tinggi_pt, fill=background)

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str | None = None,
             stroke: str | None = None, stroke_width: float = 0.0,
             opacity: float | None = None) -> None:
        """A rectangle from ``(x, y)`` (top left; negative ``w``/``h`` are flipped)."""
        if w < 0:
            x, w = x + w, -w
        if h < 0:
            y, h = y + h, -h
        style = f'fill="{fill or "none"}"'
        if opacity is not None:
            style += f' fill-opacity="{_num(opacity)}"'
        if stroke and stroke_width:
            style += f' stroke="{stroke}" stroke-width="{_num(stroke_width)}"'
        self._items.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" '
                           f'height="{_num(h)}" {style}/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, *, stroke: str = "#000000",
             width: float = 0.8, dash: Sequence[float] | None = None,
             cap: str = "butt") -> None:
        """A straight line; ``dash``: lengths of dash and gap (pt)."""
        extra = f' stroke-dasharray="{",".join(_num(d) for d in dash)}"' if dash else ""
        if cap != "butt":
            extra += f' stroke-linecap="{cap}"'
        self._items.append(f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" '
                           f'y2="{_num(y2)}" stroke="{stroke}" stroke-width="{_num(width)}"'
                           f"{extra}/>")

    def path(self, d: str, *, fill: str | None = None, stroke: str | None = None,
             width: float = 0.0, dash: Sequence[float] | None = None, join: str = "miter",
             cap: str = "butt") -> None:
        """A path ``d`` (SVG path data in pt, e.g. from :func:`polyline`): filled with
        ``fill`` (``None``: not filled), stroked ``width`` pt wide with ``stroke`` (``None``:
        not stroked), ``dash`` as for :meth:`line`; ``join``: ``miter``, ``round`` or
        ``bevel``; ``cap``: ``butt``, ``round`` or ``square``."""
        style = f'fill="{fill or "none"}"'
        if stroke and width:
            style += f' stroke="{stroke}" stroke-width="{_num(width)}"'
            if dash:
                style += f' stroke-dasharray="{",".join(_num(v) for v in dash)}"'
            if join != "miter":
                style += f' stroke-linejoin="{join}"'
            if cap != "butt":
                style += f' stroke-linecap="{cap}"'
        self._items.append(f'<path d="{d}" {style}/>')

    def text(self, x: float, y: float, teks: str, size: float, *, anchor: str = "start",
             fill: str = "#000000", italic: bool = False, rotate: float = 0.0,
             bold: bool = False, family: str = FONT_FAMILY,
             lebar: float | None = None) -> None:
        """One line of text whose baseline starts (``anchor="start"``), is centred
        (``"middle"``) or ends (``"end"``) at ``(x, y)``; ``rotate``: degrees
        counter-clockwise about that point. ``family``: the ``font-family`` list;
        ``lebar``: the printed width (pt) of ``teks`` in that font, which places a centred or
        ending text (default: :func:`lebar_teks_pt`, DejaVu Sans).

        The start is computed here and written with SVG's default anchor: LibreOffice 7.4
        places ``text-anchor: end`` text about 7 pt too far right at these sizes (its anchor
        and its drawing measure differently), so matplotlib's SVG positioned such text itself
        as well; its ``middle`` is up to 1.5 pt off centre."""
        fraction = {"start": 0.0, "middle": 0.5, "end": 1.0}[anchor]
        shift = fraction * (lebar if lebar is not None else lebar_teks_pt(teks, size))
        if shift:
            a = math.radians(rotate)
            x, y = x - shift * math.cos(a), y + shift * math.sin(a)
        attrs = (f'x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" '
                 f"font-family={quoteattr(family)}")
        if bold:
            attrs += ' font-weight="bold"'
        if italic:
            attrs += ' font-style="italic"'
        if fill != "#000000":
            attrs += f' fill="{fill}"'
        if rotate:
            attrs += f' transform="rotate({_num(-rotate)} {_num(x)} {_num(y)})"'
        self._items.append(f"<text {attrs}>{escape(teks)}</text>")

    def lines(self, x: float, y_tengah: float, baris: Sequence[str], size: float, *,
              anchor: str = "start", **kwargs) -> None:
        """Lines of text centred as a block on ``y_tengah`` (each line anchored at ``x``)."""
        first = y_tengah - (len(baris) - 1) * LINE_SPACING * size / 2 + TENGAH * size
        for i, teks in enumerate(baris):
            self.text(x, first + i * LINE_SPACING * size, teks, size, anchor=anchor, **kwargs)

    def to_bytes(self) -> bytes:
        """The picture as SVG text (UTF-8): the same calls give the same bytes."""
        head = ('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
                f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
                f'width="{_num(self.lebar)}pt" height="{_num(self.tinggi)}pt" '
                f'viewBox="0 0 {_num(self.lebar)} {_num(self.tinggi)}">\n')
        return (head + "\n".join(self._items) + "\n</svg>\n").encode("utf-8")

    def save(self, out: Path) -> Path:
        """Write the picture to ``out`` (its folder made when missing), through a temporary
        file renamed into place (a reader never sees half a file). Returns ``out``."""
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".svg-", dir=out.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(self.to_bytes())
        os.replace(tmp, out)
        return out


def polyline(points: Sequence[tuple[float, float]], *, closed: bool = False) -> str:
    """SVG path data of straight segments through ``points`` (pt), closed back to the first
    point when ``closed``."""
    d = " ".join(f"{'M' if i == 0 else 'L'}{_num(x)} {_num(y)}" for i, (x, y) in enumerate(points))
    return d + " Z" if closed else d


# --- axis ticks --------------------------------------------------------------------------------

STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)


def nice_ticks(vmin: float, vmax: float, nbins: int) -> list[float]:
    """Tick values between ``vmin`` and ``vmax`` (inclusive), at most ``nbins`` intervals of
    1, 2, 2.5 or 5 × a power of ten, at least two ticks when the range allows: matplotlib's
    ``MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10])`` (its default axis locator), whose results
    the charts printed before issue 15. ``vmin == vmax`` gives ``[vmin]``."""
    if not (math.isfinite(vmin) and math.isfinite(vmax)):
        raise ValueError(f"tick range must be finite, found {vmin!r} .. {vmax!r}")
    if vmax < vmin:
        vmin, vmax = vmax, vmin
    if vmax - vmin < 1e-12 * max(1.0, abs(vmin), abs(vmax)):
        return [vmin]
    nbins = max(int(nbins), 1)
    scale = 10 ** math.floor(math.log10((vmax - vmin) / nbins))
    extended = [0.1 * s for s in STEPS[:-1]] + list(STEPS) + [10 * STEPS[1]]
    steps = [s * scale for s in extended]
    raw = (vmax - vmin) / nbins
    istep = next((i for i, s in enumerate(steps) if s >= raw), len(steps) - 1)
    eps = 1e-10 * (vmax - vmin)  # a tick this close to an end is on the axis (as the axis clips)
    ticks: list[float] = []
    for step in reversed(steps[: istep + 1]):
        base = math.floor(vmin / step) * step
        low = math.floor((vmin - base) / step + 1e-10)
        high = math.ceil((vmax - base) / step - 1e-10)
        ticks = [base + i * step for i in range(low, high + 1)]
        if sum(vmin <= t <= vmax for t in ticks) >= 2:  # counted strictly, as matplotlib
            break
    return [round(t, 12) for t in ticks if vmin - eps <= t <= vmax + eps]


def tick_space(panjang_pt: float, size_pt: float, *, per_label: float) -> int:
    """How many intervals an axis ``panjang_pt`` long gets (matplotlib's ``nbins="auto"``):
    one per ``per_label`` × the label size (3 along x, 2 along y), at most 9, at least 1."""
    return max(min(int(panjang_pt // (size_pt * per_label)), 9), 1)
