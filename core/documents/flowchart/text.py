"""Text measurement for the flowchart: printed widths of text in mm and line wrapping."""

from __future__ import annotations

import functools

from naskah.documents.flowchart.model import _FONT_FAMILIES, FONT_PT, LINE_SPACING, MM_PER_PT

# --- text measurement --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def font_family() -> str:
    """The first of :data:`_FONT_FAMILIES` installed (Liberation Sans where LibreOffice is)."""
    from matplotlib.font_manager import fontManager

    installed = {f.name for f in fontManager.ttflist}
    for name in _FONT_FAMILIES:
        if name in installed:
            return name
    return "DejaVu Sans"


@functools.lru_cache(maxsize=1)
def _text_to_path():
    from matplotlib.textpath import TextToPath

    return TextToPath()


_HINTING = 1.05
"""Agg draws hinted glyphs about 4% wider than their outlines measure: widths are scaled by this
so wrapped text never touches the cell border."""


@functools.lru_cache(maxsize=20000)
def lebar_teks_mm(teks: str, font_pt: float = FONT_PT, bold: bool = False) -> float:
    """Printed width of ``teks`` in mm at ``font_pt`` (font :func:`font_family`), as drawn."""
    if not teks:
        return 0.0
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(family=font_family(), size=font_pt, weight="bold" if bold else "normal")
    width, _, _ = _text_to_path().get_text_width_height_descent(teks, prop, ismath=False)
    return width * MM_PER_PT * _HINTING


def tinggi_baris_teks_mm(font_pt: float = FONT_PT) -> float:
    """Height of one line of text, mm."""
    return font_pt * LINE_SPACING * MM_PER_PT


def bungkus(
    teks: str, lebar_mm: float, font_pt: float = FONT_PT, bold: bool = False
) -> tuple[str, ...]:
    """``teks`` broken into lines no wider than ``lebar_mm`` (greedy, at spaces; a word wider
    than the column is cut by characters; ``"\\n"`` forces a break). ``""`` → ``()``."""
    lines: list[str] = []
    for paragraf in (teks or "").split("\n"):
        current = ""
        for word in paragraf.split():
            candidate = f"{current} {word}" if current else word
            if lebar_teks_mm(candidate, font_pt, bold) <= lebar_mm:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = ""
            while lebar_teks_mm(word, font_pt, bold) > lebar_mm and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and lebar_teks_mm(word[:cut], font_pt, bold) > lebar_mm:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        if current:
            lines.append(current)
    return tuple(lines)
