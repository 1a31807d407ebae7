"""Text measurement for the flowchart: printed widths of text in mm and line wrapping.

The widths are those matplotlib 3.11 measured for the layout until the painter left it
(``TextToPath.get_text_width_height_descent``: the text shaped by HarfBuzz at 100 px, unhinted,
its advances and kerning in 1/64 px rounded per glyph and per pair), recomputed from the font's
own tables without importing a plotting library: Liberation Sans (:mod:`naskah.documents.
liberation`; also for Arial, whose advances it copies) or, where neither is installed, DejaVu
Sans (:mod:`naskah.documents.dejavu`, advances only: its kerning mostly narrows text, and the
few pairs it widens add at most 0.07 em each, well inside the 5% margin of :data:`_HINTING`).
``tests/test_flowchart_svg.py`` checks them against matplotlib's measurement, so the layout
(every line break) is what it was.
"""

from __future__ import annotations

import functools
import math
import os
import sys
from pathlib import Path

from naskah.documents import dejavu, liberation
from naskah.documents.flowchart.model import _FONT_FAMILIES, FONT_PT, LINE_SPACING, MM_PER_PT

# --- which font --------------------------------------------------------------------------------

_FILES = {
    "Liberation Sans": ("liberationsans-regular.ttf",),
    "Arial": ("arial.ttf",),
}
"""File names (lower case) that tell a family is installed."""


def _font_folders() -> list[Path]:
    """The folders fonts are installed in: fontconfig's defaults on Linux (XDG data dirs and
    ``~/.fonts``), macOS's and Windows'. Folders that do not exist are left out."""
    home = Path.home()
    data_home = os.environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    data_dirs = (os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")
    folders = [Path(d) / "fonts" for d in (data_home, *data_dirs) if d]
    folders.append(home / ".fonts")
    if sys.platform == "darwin":
        folders += [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library/Fonts"]
    if sys.platform == "win32":
        folders.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        if os.environ.get("LOCALAPPDATA"):
            folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft/Windows/Fonts")
    return [f for f in folders if f.is_dir()]


@functools.lru_cache(maxsize=1)
def font_family() -> str:
    """The first of :data:`_FONT_FAMILIES` installed (Liberation Sans where LibreOffice is),
    found by its file name in the system's font folders; ``"DejaVu Sans"`` when neither
    Liberation Sans nor Arial is."""
    names: set[str] = set()
    for folder in _font_folders():
        for _root, _dirs, files in os.walk(folder):
            names.update(f.lower() for f in files)
    for family in _FONT_FAMILIES:
        if family in _FILES and names.intersection(_FILES[family]):
            return family
    return "DejaVu Sans"


# --- widths ------------------------------------------------------------------------------------

_PX = 100
"""The size (px = pt at 72 dpi) matplotlib measured text at (``TextToPath.FONT_SCALE``)."""

_EM_SUBPX = _PX * 64
"""One em in 1/64 px at :data:`_PX`."""


def _subpx(units: int, em: int) -> int:
    """Font units as 1/64 px at :data:`_PX`, rounded as HarfBuzz rounds (half up)."""
    return math.floor(units * _EM_SUBPX / em + 0.5)


_TAK_ADA = 7344
"""Width (1/64 px at :data:`_PX`, = 2350 units of a 2048 em) of a character the table does
not have: what matplotlib measured for a character the font lacks, and more than any
character of Liberation Sans left out of the table (:data:`naskah.documents.liberation.
LEBAR_TERBESAR_LAIN`), so such text is never measured narrower than it was."""

_ABAIKAN = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x180E, 0xFEFF, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
     *range(0x2060, 0x2070), *range(0xFE00, 0xFE10)]
)
"""Default-ignorable characters (soft hyphen, zero-width space and joiners, direction marks,
variation selectors): HarfBuzz gives them no width; removed before measuring."""

_SPASI = {0x2000: 2, 0x2001: 1, 0x2002: 2, 0x2003: 1, 0x2004: 3, 0x2005: 4, 0x2006: 6,
          0x2009: 5, 0x200A: 16, 0x3000: 1}
"""Space characters the font lacks that HarfBuzz gives a fraction of the em: 1/n em."""


class _Metrics:
    """One font's advances and kerning in 1/64 px at :data:`_PX`."""

    def __init__(self, advances: dict[str, int], kern: dict[tuple[str, str], int]):
        self.kern = kern
        self.advances = dict(advances)
        for cp, n in _SPASI.items():  # as HarfBuzz's fallback: (em + n/2) / n
            self.advances.setdefault(chr(cp), (_EM_SUBPX + n // 2) // n)
        fallback = {0x2007: "0", 0x2008: ".", 0x202F: " "}  # figure, punctuation, narrow nbsp
        for cp, like in fallback.items():
            if chr(cp) not in self.advances and like in self.advances:
                narrow = 2 if cp == 0x202F else 1
                self.advances[chr(cp)] = self.advances[like] // narrow
        self.advances.setdefault("\u205f", _EM_SUBPX * 4 // 18)  # medium mathematical space

    def width(self, teks: str) -> int:
        """Width of ``teks`` in 1/64 px at :data:`_PX`: its advances and its kerning pairs."""
        teks = teks.translate(_ABAIKAN)
        get = self.advances.get
        total = sum(get(ch, _TAK_ADA) for ch in teks)
        if self.kern:
            total += sum(self.kern.get(pair, 0) for pair in zip(teks, teks[1:], strict=False))
        return total


def _liberation(bold: bool) -> _Metrics:
    em = liberation.EM
    runs = liberation.BOLD_RUNS if bold else liberation.REGULAR_RUNS
    flat = liberation.BOLD_KERN if bold else liberation.REGULAR_KERN
    advances = {chr(start + i): _subpx(w, em) for start, widths in runs
                for i, w in enumerate(widths)}
    kern = {(chr(flat[i]), chr(flat[i + 1])): _subpx(flat[i + 2], em)
            for i in range(0, len(flat), 3)}
    return _Metrics(advances, kern)


def _dejavu(bold: bool) -> _Metrics:
    table = dejavu.LEBAR_TEBAL if bold else dejavu.LEBAR
    return _Metrics({ch: _subpx(w, dejavu.EM) for ch, w in table.items()}, {})


@functools.lru_cache(maxsize=4)
def _metrics(family: str, bold: bool) -> _Metrics:
    return _dejavu(bold) if family == "DejaVu Sans" else _liberation(bold)


_HINTING = 1.05
"""Agg drew hinted glyphs about 4% wider than their outlines measure: widths are scaled by this
so wrapped text never touches the cell border (kept with the SVG painter: the layout, and the
room it leaves, stay as they were)."""


def lebar_pt(teks: str, font_pt: float = FONT_PT, bold: bool = False,
             family: str | None = None) -> float:
    """Width of ``teks`` in pt at ``font_pt`` in ``family`` (default :func:`font_family`):
    the sum of its advances and kerning, as matplotlib measured it (no hinting margin)."""
    if not teks:
        return 0.0
    return _metrics(family or font_family(), bold).width(teks) / 64.0 * (font_pt / _PX)


@functools.lru_cache(maxsize=20000)
def lebar_teks_mm(teks: str, font_pt: float = FONT_PT, bold: bool = False) -> float:
    """Printed width of ``teks`` in mm at ``font_pt`` (font :func:`font_family`), as drawn
    (× :data:`_HINTING`)."""
    return lebar_pt(teks, font_pt, bold) * MM_PER_PT * _HINTING


def tinggi_baris_teks_mm(font_pt: float = FONT_PT) -> float:
    """Height of one line of text, mm."""
    return font_pt * LINE_SPACING * MM_PER_PT


def kotak_baris_pt(font_pt: float, family: str | None = None) -> tuple[float, float]:
    """``(height, descent)`` in pt of the box a line of text is aligned by (matplotlib's: from
    the bottom of ``p`` to the top of ``l``; a text with taller or deeper glyphs, such as
    accented capitals, had a box up to a few tenths of a point larger)."""
    if (family or font_family()) == "DejaVu Sans":
        top, bottom, em = dejavu.L_ATAS, dejavu.P_BAWAH, dejavu.EM
    else:
        top, bottom, em = liberation.L_ATAS, liberation.P_BAWAH, liberation.EM
    return (top - bottom) * font_pt / em, -bottom * font_pt / em


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
