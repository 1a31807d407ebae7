"""Write ``core/documents/liberation.py``: the advance widths and kerning pairs of Liberation Sans
(regular and bold) that the SOP flowchart measures its text with.

Run after a change of the installed Liberation Sans (Debian's ``fonts-liberation``)::

    .venv/bin/python scripts/font_metrics.py [FONT_DIR]

FONT_DIR defaults to ``/usr/share/fonts/truetype/liberation``. Needs fontTools (installed with
matplotlib, a test dependency). ``tests/test_flowchart_svg.py`` checks the written tables
against the installed fonts.

What is read: every character of the font's ``cmap`` with its ``hmtx`` advance, the
``.notdef`` advance (what a character the font lacks is drawn with), the pairs of the ``kern``
table between characters of the ``cmap`` (the same pairs as the ``kern`` feature of its GPOS
table, checked below: HarfBuzz applies GPOS), and the top of ``l`` and the bottom of ``p``
(the line box matplotlib aligned text by).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "core" / "documents" / "liberation.py"
FILES = {"REGULAR": "LiberationSans-Regular.ttf", "BOLD": "LiberationSans-Bold.ttf"}
RANGES = ((0x20, 0x24F), (0x2000, 0x22FF))
"""The characters kept: Latin (ASCII, Latin-1, Extended-A and -B), general punctuation,
currency, letterlike signs, arrows and mathematical operators. The font's Greek, Cyrillic and
box-drawing characters are left out (they would triple the kerning table): the flowchart counts
them, like a character the font lacks, wider than any of them."""

HEAD = '''"""Advance widths and kerning of Liberation Sans (regular and bold; metric-compatible with
Arial), in font units (:data:`EM` per em): what the SOP flowchart measures its text with
(:mod:`naskah.documents.flowchart.text`). Written by ``scripts/font_metrics.py`` from the fonts
of Debian's ``fonts-liberation`` {version}; ``tests/test_flowchart_svg.py`` checks the tables
against the installed fonts. Do not edit by hand.

- ``*_RUNS``: ``(first code point, advances of it and the code points that follow)``, every
  character of the font in the ranges kept;
- ``LEBAR_TERBESAR_LAIN``: the widest advance of the font's characters outside the ranges
  kept (Greek, Cyrillic, box drawing), regular or bold;
- ``*_KERN``: ``(left, right, adjustment)`` of the font's kerning pairs (its GPOS ``kern``
  feature and its ``kern`` table hold the same pairs).
"""

EM = {em}
"""Font units per em."""

RENTANG = {ranges}
"""The code point ranges kept (inclusive)."""

L_ATAS = {l_top}
"""Top of ``l`` above the baseline (font units; the same in regular, bold and italic)."""
P_BAWAH = {p_bottom}
"""Bottom of ``p`` below the baseline (font units, negative; the same in every style)."""

LEBAR_TERBESAR_LAIN = {widest_other}
"""The widest advance of a character of the font outside :data:`RENTANG` (font units)."""
'''


def _kept(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in RANGES)


def _runs(font: TTFont) -> list[tuple[int, list[int]]]:
    cmap, hmtx = font.getBestCmap(), font["hmtx"].metrics
    runs: list[tuple[int, list[int]]] = []
    for cp in sorted(filter(_kept, cmap)):
        if runs and runs[-1][0] + len(runs[-1][1]) == cp:
            runs[-1][1].append(hmtx[cmap[cp]][0])
        else:
            runs.append((cp, [hmtx[cmap[cp]][0]]))
    return runs


def _gpos_pairs(font: TTFont) -> dict[tuple[str, str], int]:
    """The x-advance adjustments of the GPOS ``kern`` feature (pair positioning, format 1:
    the only kind these fonts use)."""
    table = font["GPOS"].table
    indices = {i for fr in table.FeatureList.FeatureRecord if fr.FeatureTag == "kern"
               for i in fr.Feature.LookupListIndex}
    pairs: dict[tuple[str, str], int] = {}
    for i in sorted(indices):
        lookup = table.LookupList.Lookup[i]
        for sub in lookup.SubTable:
            if lookup.LookupType != 2 or sub.Format != 1:
                raise SystemExit(f"unexpected GPOS lookup type {lookup.LookupType} "
                                 f"format {sub.Format}: extend {__file__}")
            for first, pair_set in zip(sub.Coverage.glyphs, sub.PairSet, strict=True):
                for rec in pair_set.PairValueRecord:
                    value = getattr(rec.Value1, "XAdvance", 0) if rec.Value1 else 0
                    if value:
                        pairs.setdefault((first, rec.SecondGlyph), value)
    return pairs


def _kern(font: TTFont) -> list[tuple[int, int, int]]:
    table = {k: v for k, v in font["kern"].kernTables[0].kernTable.items() if v}
    if table != _gpos_pairs(font):
        raise SystemExit("the kern table and the GPOS kern feature differ: read GPOS instead")
    by_glyph: dict[str, list[int]] = {}
    for cp, glyph in font.getBestCmap().items():
        if _kept(cp):
            by_glyph.setdefault(glyph, []).append(cp)
    return sorted((a, b, v) for (ga, gb), v in table.items()
                  for a in by_glyph.get(ga, ()) for b in by_glyph.get(gb, ()))


def _ints(values: list[int], indent: str, per_line: int = 14) -> str:
    return "\n".join(indent + ", ".join(map(str, values[i:i + per_line])) + ","
                     for i in range(0, len(values), per_line))


def main(font_dir: Path) -> None:
    fonts = {name: TTFont(str(font_dir / file)) for name, file in FILES.items()}
    regular = fonts["REGULAR"]
    version = regular["name"].getDebugName(5).replace("Version ", "")
    glyf = regular["glyf"]
    for font in fonts.values():
        assert font["head"].unitsPerEm == regular["head"].unitsPerEm
        assert font["glyf"]["l"].yMax == glyf["l"].yMax and font["glyf"]["p"].yMin == glyf["p"].yMin
    ranges = "(" + ", ".join(f"(0x{a:04X}, 0x{b:04X})" for a, b in RANGES) + ")"
    widest_other = max(font["hmtx"].metrics[g][0] for font in fonts.values()
                       for cp, g in font.getBestCmap().items() if not _kept(cp))
    parts = [HEAD.format(version=version, em=regular["head"].unitsPerEm, ranges=ranges,
                         l_top=glyf["l"].yMax, p_bottom=glyf["p"].yMin,
                         widest_other=widest_other)]
    for name, font in fonts.items():
        runs = _runs(font)
        parts.append(f"\n{name}_RUNS: tuple[tuple[int, tuple[int, ...]], ...] = (\n")
        for start, widths in runs:
            parts.append(f"    (0x{start:04X}, (\n{_ints(widths, ' ' * 8, 15)}\n    )),\n")
        parts.append(")\n")
        kern = _kern(font)
        flat = [x for triple in kern for x in triple]
        parts.append(f"{name}_KERN: tuple[int, ...] = (  # left, right, adjustment; ...\n")
        parts.append(_ints(flat, " " * 4, per_line=16) + "\n)\n")
    OUT.write_text("".join(parts))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/truetype/liberation"))
