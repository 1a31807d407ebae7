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


_VOKAL = frozenset("aeiou")


def _awal_suku(word: str, k: int) -> bool:
    """Whether an Indonesian syllable starts at ``word[k]`` (PUEBI: a consonant, or the
    digraph *ng*/*ny*, followed by a vowel — *pe-ngem-ba-ngan*), with letters on both sides
    and at least two characters after the break."""
    w = word.lower()
    if not (2 <= k <= len(w) - 2 and w[k - 1].isalpha() and w[k].isalpha()):
        return False
    if w[k:k + 2] in ("ng", "ny"):
        return k + 2 < len(w) and w[k + 2] in _VOKAL
    if w[k] in _VOKAL or w[k + 1] not in _VOKAL:
        return False
    return not (w[k - 1] == "n" and w[k] in "gy")  # never pe-n|gem: ng, ny stay together


def _potong(word: str, lebar_mm: float, font_pt: float, bold: bool) -> tuple[str, str]:
    """``word`` (wider than ``lebar_mm``) cut in two: the first line ending with a hyphen at
    the last syllable break that fits, else as many characters as fit (hyphenated between two
    letters), and the rest."""
    def fits(head: str) -> bool:
        return lebar_teks_mm(head, font_pt, bold) <= lebar_mm

    for k in range(len(word) - 2, 1, -1):
        if _awal_suku(word, k) and fits(word[:k] + "-"):
            return word[:k] + "-", word[k:]
    k = len(word) - 1
    while k > 1:
        hyphen = "-" if word[k - 1].isalpha() and word[k].isalpha() else ""
        if fits(word[:k] + hyphen):
            return word[:k] + hyphen, word[k:]
        k -= 1
    return word[:1], word[1:]


def bungkus(
    teks: str, lebar_mm: float, font_pt: float = FONT_PT, bold: bool = False
) -> tuple[str, ...]:
    """``teks`` broken into lines no wider than ``lebar_mm`` (greedy, at spaces; a word wider
    than the column is hyphenated, at a syllable break when one fits — "Pengem-bangan", never
    "Pengembanga" / "n"; ``"\n"`` forces a break). ``""`` → ``()``."""
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
                head, word = _potong(word, lebar_mm, font_pt, bold)
                lines.append(head)
            current = word
        if current:
            lines.append(current)
    return tuple(lines)
