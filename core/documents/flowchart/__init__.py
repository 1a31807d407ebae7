"""The flowchart matrix of an SOP procedure (SOP AP format, Permenpan RB 35/2012), drawn as SVG.

Source of the format: domain brief §4 and the seeds' tables (``shared/seeds``): columns
``No | Uraian Prosedur | one column per pelaksana | Mutu Baku: Kelengkapan, Waktu, Output |
Keterangan``, a header of two levels plus the column-number row (``1 2 3 …``), and the flow DRAWN
in the pelaksana columns:

- **terminator** (capsule) for the first and the last step, **proses** (rectangle) for the
  others, **keputusan** (diamond) for a step with :class:`~naskah.model.Keputusan`, whose YA and
  TIDAK branches go to ``keputusan.ya`` / ``keputusan.tidak``;
- one **arrow per transition** (:func:`transisi`): step → next step, or a decision's two
  branches. The arrow to the next step leaves the symbol's bottom and enters the next symbol's
  top (with an elbow above it when the column changes); a branch to any other step leaves the
  diamond's side, runs up or down a lane along the column edge and enters the target's side;
- a step with several pelaksana: the symbol in the column of its FIRST pelaksana (the one who
  acts, as the uraian names them), the same shape dashed in the columns of the others, joined by
  a dashed line (no arrowhead: it is not a transition);
- a step with no pelaksana (the seeds' "Pengarsipan Data Kinerja"): a dashed grey symbol centred
  over the pelaksana area, in no column, and the note :data:`CATATAN_TANPA_PELAKSANA` in its
  Keterangan; a pelaksana that is not a column of the table is treated the same way (its note
  names it);
- a matrix taller than a page is split into pages (:func:`layout_flowchart` with
  ``tinggi_maks_mm``), the header repeated on each; an arrow that crosses pages ends in an
  **off-page connector** (pentagon) in a strip at the bottom or top of the page and resumes from
  the connector with the same letter on the other page.

Everything is computed in millimetres by the pure function :func:`layout_flowchart` (``layout``,
``routing``, ``text`` and ``model`` modules) (columns,
wrapped cell text, row heights, symbols, arrow polylines, labels), so tests assert on geometry;
:func:`render_page` only paints a :class:`Halaman` as SVG (``draw``, with
:class:`naskah.documents.svg.Svg`; text as text in the font the layout measured, no plotting
library). Inserted in a DOCX at ``lebar_mm`` + 0.8 mm wide, 1 mm of the layout is 1 mm on paper
and the text has its nominal point size.
"""

from naskah.documents.flowchart.draw import draw_flowchart, draw_flowchart_pages, render_page
from naskah.documents.flowchart.layout import (
    bagi_halaman,
    catatan_langkah,
    keterangan_langkah,
    layout_flowchart,
    transisi,
    waktu_langkah,
)
from naskah.documents.flowchart.model import (
    CATATAN_TANPA_PELAKSANA,
    KEPUTUSAN,
    KONEKTOR,
    LEBAR_F4_LANDSCAPE_MM,
    PAD_MM,
    PROSES,
    TERMINATOR,
    TIDAK,
    TINGGI_STRIP_MM,
    YA,
    FlowchartLayout,
    Halaman,
    Panah,
    Simbol,
)
from naskah.documents.flowchart.text import bungkus, lebar_teks_mm, tinggi_baris_teks_mm

__all__ = [
    "CATATAN_TANPA_PELAKSANA",
    "KEPUTUSAN",
    "KONEKTOR",
    "LEBAR_F4_LANDSCAPE_MM",
    "PAD_MM",
    "PROSES",
    "TERMINATOR",
    "TIDAK",
    "TINGGI_STRIP_MM",
    "YA",
    "FlowchartLayout",
    "Halaman",
    "Panah",
    "Simbol",
    "bagi_halaman",
    "bungkus",
    "catatan_langkah",
    "draw_flowchart",
    "draw_flowchart_pages",
    "keterangan_langkah",
    "layout_flowchart",
    "lebar_teks_mm",
    "render_page",
    "tinggi_baris_teks_mm",
    "transisi",
    "waktu_langkah",
]
