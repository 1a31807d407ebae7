"""The flowchart matrix of an SOP procedure (SOP AP format, Permenpan RB 35/2012), drawn as PNG.

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

Everything is computed in millimetres by the pure function :func:`layout_flowchart` (columns,
wrapped cell text, row heights, symbols, arrow polylines, labels), so tests assert on geometry;
:func:`render_page` only paints a :class:`Halaman` with matplotlib (``Figure`` + Agg, no pyplot)
at :data:`DPI`. Inserted in a DOCX at ``lebar_mm`` wide, 1 mm of the layout is 1 mm on paper and
the text has its nominal point size.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager
from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle
from matplotlib.textpath import TextToPath

from naskah.formatting import durasi
from naskah.model import Procedure, Step

DPI = 200
"""Resolution of the PNG pages: sharp lines and 6–8 pt text on paper."""

MM_PER_PT = 25.4 / 72

LEBAR_F4_LANDSCAPE_MM = 295.0
"""Text width of a landscape F4 page (330 mm − 20 − 15 mm margins, templates/build/common.py)."""

FONT_PT = 7.5
"""Body text of the matrix, in points."""

FONT_HEADER_PT = 7.5
FONT_NOMOR_KOLOM_PT = 6.0
FONT_LABEL_PT = 6.0
LINE_SPACING = 1.18
"""Line height as a multiple of the font size."""

PAD_MM = 1.2
"""Cell padding (left, right, top, bottom)."""

JARAK_SIMBOL_MM = 3.5
"""Minimum free space above and below a symbol inside its row (room for elbows and labels)."""

TINGGI_STRIP_MM = 10.0
"""Height of a strip holding off-page connectors (top or bottom of a page)."""

CATATAN_TANPA_PELAKSANA = "Pelaksana tidak disebut dalam SOP"
"""Keterangan printed for a step whose pelaksana the SOP does not name."""

TERMINATOR = "terminator"
PROSES = "proses"
KEPUTUSAN = "keputusan"
KONEKTOR = "konektor"

YA = "YA"
TIDAK = "TIDAK"

_FONT_FAMILIES = ("Liberation Sans", "Arial", "DejaVu Sans")
"""Arial-metric fonts first (the documents' font); DejaVu Sans ships with matplotlib."""

_BORDER = "#000000"
_HEADER_FILL = "#D9D9D9"
_NOMOR_FILL = "#F2F2F2"
_ABU = "#808080"


# --- the data of a layout ----------------------------------------------------------------------


@dataclass(frozen=True)
class Kolom:
    """A column of the matrix: ``kunci`` (``no``, ``uraian``, ``pelaksana``, ``kelengkapan``,
    ``waktu``, ``output``, ``keterangan``), its header text, left edge ``x`` and width (mm);
    ``indeks`` is the pelaksana index for pelaksana columns, else ``None``."""

    kunci: str
    judul: str
    x: float
    lebar: float
    indeks: int | None = None

    @property
    def kanan(self) -> float:
        return self.x + self.lebar

    @property
    def tengah(self) -> float:
        return self.x + self.lebar / 2


@dataclass(frozen=True)
class SelHeader:
    """One header cell: rectangle (mm) and its centred lines; ``nomor_kolom`` for the ``1 2 3``
    row."""

    x: float
    y: float
    lebar: float
    tinggi: float
    baris_teks: tuple[str, ...]
    nomor_kolom: bool = False


@dataclass(frozen=True)
class Baris:
    """The row of one step on a page: ``y`` (top) and ``tinggi`` in mm, and the wrapped lines of
    each text column by ``Kolom.kunci`` (``no``, ``uraian``, ``kelengkapan``, ``waktu``,
    ``output``, ``keterangan``)."""

    nomor: int
    y: float
    tinggi: float
    sel: dict[str, tuple[str, ...]]

    @property
    def tengah(self) -> float:
        return self.y + self.tinggi / 2


@dataclass(frozen=True)
class Simbol:
    """A flowchart symbol on a page, centre ``(cx, cy)`` and size in mm.

    ``bentuk``: :data:`TERMINATOR`, :data:`PROSES`, :data:`KEPUTUSAN` or :data:`KONEKTOR`;
    ``nomor``: the step (for a connector: the step whose row it stands for, see ``label``);
    ``kolom``: pelaksana index, ``None`` when drawn in no column (no pelaksana);
    ``pendamping``: a dashed copy in the column of another pelaksana of the step;
    ``label``: the letter of an off-page connector; ``teks``: the small grey text inside a
    symbol drawn in no column (the pelaksana the SOP names, or that it names none)."""

    nomor: int
    bentuk: str
    kolom: int | None
    cx: float
    cy: float
    lebar: float
    tinggi: float
    pendamping: bool = False
    tanpa_pelaksana: bool = False
    label: str = ""
    teks: str = ""

    @property
    def atas(self) -> float:
        return self.cy - self.tinggi / 2

    @property
    def bawah(self) -> float:
        return self.cy + self.tinggi / 2

    @property
    def kiri(self) -> float:
        return self.cx - self.lebar / 2

    @property
    def kanan(self) -> float:
        return self.cx + self.lebar / 2


@dataclass(frozen=True)
class Panah:
    """A polyline of a transition ``dari → ke`` (step numbers), points in mm from the page's top
    left. ``label`` is ``"YA"``, ``"TIDAK"`` or ``""``. ``kepala``: an arrowhead at the last
    point. ``putus``: dashed (the link of a multi-pelaksana step, which is no transition).
    ``bagian``: ``""`` for a whole arrow, ``"keluar"`` / ``"masuk"`` for the half of a
    cross-page arrow that ends at / starts from an off-page connector."""

    dari: int
    ke: int
    titik: tuple[tuple[float, float], ...]
    label: str = ""
    kepala: bool = True
    putus: bool = False
    bagian: str = ""


@dataclass(frozen=True)
class Label:
    """A small text (YA / TIDAK) at ``(x, y)`` mm; ``ha``/``va`` as in matplotlib."""

    teks: str
    x: float
    y: float
    ha: str = "left"
    va: str = "bottom"


@dataclass(frozen=True)
class Halaman:
    """One page of the matrix: size (mm), columns, header cells, rows, the strips for off-page
    connectors (``(y, tinggi)``: on top of every page but the first, at the bottom of every page
    but the last; ``None`` where there is none), symbols, arrows and labels."""

    nomor: int
    lebar: float
    tinggi: float
    kolom: tuple[Kolom, ...]
    header: tuple[SelHeader, ...]
    tinggi_header: float
    baris: tuple[Baris, ...]
    strip_atas: tuple[float, float] | None
    strip_bawah: tuple[float, float] | None
    simbol: tuple[Simbol, ...]
    panah: tuple[Panah, ...]
    label: tuple[Label, ...]
    font: str = ""

    @property
    def langkah(self) -> tuple[int, ...]:
        """Step numbers on this page, in order."""
        return tuple(b.nomor for b in self.baris)

    def simbol_langkah(self, nomor: int) -> Simbol:
        """The main (not dashed, not connector) symbol of step ``nomor`` on this page."""
        for s in self.simbol:
            if s.nomor == nomor and not s.pendamping and s.bentuk != KONEKTOR:
                return s
        raise KeyError(f"step {nomor} is not on page {self.nomor}")


@dataclass(frozen=True)
class Transisi:
    """One transition of the flow: ``dari → ke`` (step numbers), ``label`` YA / TIDAK / ``""``."""

    dari: int
    ke: int
    label: str = ""


@dataclass(frozen=True)
class FlowchartLayout:
    """The whole matrix of a procedure: its pages, its transitions and the notes printed in the
    Keterangan column by step (``catatan``)."""

    procedure: str
    halaman: tuple[Halaman, ...]
    transisi: tuple[Transisi, ...]
    catatan: dict[int, str] = field(default_factory=dict)


# --- text measurement --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def font_family() -> str:
    """The first of :data:`_FONT_FAMILIES` installed (Liberation Sans where LibreOffice is)."""
    installed = {f.name for f in fontManager.ttflist}
    for name in _FONT_FAMILIES:
        if name in installed:
            return name
    return "DejaVu Sans"


_TEXT_TO_PATH = TextToPath()


_HINTING = 1.05
"""Agg draws hinted glyphs about 4% wider than their outlines measure: widths are scaled by this
so wrapped text never touches the cell border."""


@functools.lru_cache(maxsize=20000)
def lebar_teks_mm(teks: str, font_pt: float = FONT_PT, bold: bool = False) -> float:
    """Printed width of ``teks`` in mm at ``font_pt`` (font :func:`font_family`), as drawn."""
    if not teks:
        return 0.0
    prop = FontProperties(family=font_family(), size=font_pt, weight="bold" if bold else "normal")
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(teks, prop, ismath=False)
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


# --- transitions -------------------------------------------------------------------------------


def transisi(procedure: Procedure) -> tuple[Transisi, ...]:
    """The transitions of ``procedure``, in step order: a step without a decision goes to the
    next step (the last step goes nowhere); a step with a decision goes to ``keputusan.ya``
    (label YA) and ``keputusan.tidak`` (label TIDAK).

    :raises ValueError: a decision names a step the procedure does not have.
    """
    nomor = [s.nomor for s in procedure.steps]
    out: list[Transisi] = []
    for i, step in enumerate(procedure.steps):
        if step.keputusan is not None:
            for target, label in ((step.keputusan.ya, YA), (step.keputusan.tidak, TIDAK)):
                if target not in nomor:
                    raise ValueError(
                        f"procedure {procedure.slug}: step {step.nomor} branches {label} to "
                        f"step {target}, which does not exist (steps: {nomor})"
                    )
                out.append(Transisi(step.nomor, target, label))
        elif i + 1 < len(procedure.steps):
            out.append(Transisi(step.nomor, procedure.steps[i + 1].nomor))
    return tuple(out)


# --- columns and rows --------------------------------------------------------------------------


def susun_kolom(
    pelaksana: Sequence[str], lebar_mm: float = LEBAR_F4_LANDSCAPE_MM
) -> tuple[Kolom, ...]:
    """The columns across ``lebar_mm``: No (8 mm), Uraian, the pelaksana columns (24 mm each,
    the area kept between 72 mm and 45% of the width), Kelengkapan, Waktu (15 mm), Output,
    Keterangan (the rest shared 38 / 25 / 22 / 15). A procedure without pelaksana columns gets
    one empty pelaksana column."""
    names = list(pelaksana) or [""]
    n = len(names)
    area = min(max(n * 24.0, 72.0), lebar_mm * 0.45)
    no_w, waktu_w = 8.0, 15.0
    rest = lebar_mm - area - no_w - waktu_w
    uraian_w, kel_w, out_w = rest * 0.38, rest * 0.25, rest * 0.22
    ket_w = rest - uraian_w - kel_w - out_w
    cols: list[Kolom] = []
    x = 0.0

    def add(kunci: str, judul: str, w: float, indeks: int | None = None) -> None:
        nonlocal x
        cols.append(Kolom(kunci, judul, x, w, indeks))
        x += w

    add("no", "No", no_w)
    add("uraian", "Uraian Prosedur", uraian_w)
    for i, name in enumerate(names):
        add("pelaksana", name, area / n, i)
    add("kelengkapan", "Kelengkapan", kel_w)
    add("waktu", "Waktu", waktu_w)
    add("output", "Output", out_w)
    add("keterangan", "Keterangan", ket_w)
    return tuple(cols)


def _match_kolom(name: str, kolom: Sequence[Kolom]) -> int | None:
    wanted = " ".join(name.split()).casefold()
    for k in kolom:
        if k.kunci == "pelaksana" and " ".join(k.judul.split()).casefold() == wanted and wanted:
            return k.indeks
    return None


def catatan_langkah(procedure: Procedure) -> dict[int, str]:
    """Notes added to the Keterangan of steps whose pelaksana can't be placed: no pelaksana
    (:data:`CATATAN_TANPA_PELAKSANA`) or a pelaksana that is not a column of the table."""
    kolom = susun_kolom(procedure.pelaksana)
    notes: dict[int, str] = {}
    for step in procedure.steps:
        if not step.pelaksana:
            notes[step.nomor] = CATATAN_TANPA_PELAKSANA
            continue
        asing = [p for p in step.pelaksana if _match_kolom(p, kolom) is None]
        if asing:
            notes[step.nomor] = "Pelaksana bukan kolom tabel: " + ", ".join(asing)
    return notes


def keterangan_langkah(step: Step, catatan: dict[int, str]) -> str:
    """The Keterangan printed for ``step``: its own keterangan, then the layout's note."""
    parts = [p for p in (step.keterangan.strip(), catatan.get(step.nomor, "")) if p]
    return "; ".join(parts)


def waktu_langkah(step: Step) -> str:
    """The Waktu printed: the SOP's wording, else the minutes in words, else ``""``."""
    return step.waktu_teks.strip() or durasi(step.waktu_menit)


def _sel_teks(
    step: Step, kolom: Sequence[Kolom], catatan: dict[int, str]
) -> dict[str, tuple[str, ...]]:
    texts = {
        "no": str(step.nomor),
        "uraian": step.uraian,
        "kelengkapan": ", ".join(k.strip() for k in step.kelengkapan if k.strip()),
        "waktu": waktu_langkah(step),
        "output": step.output,
        "keterangan": keterangan_langkah(step, catatan),
    }
    by_key = {k.kunci: k for k in kolom if k.kunci != "pelaksana"}
    return {key: bungkus(text, by_key[key].lebar - 2 * PAD_MM) for key, text in texts.items()}


def _ukuran_simbol(kolom: Sequence[Kolom]) -> tuple[float, float]:
    """(width, height) of a process symbol: fits a pelaksana column with ≥ 4.5 mm each side."""
    col_w = min(k.lebar for k in kolom if k.kunci == "pelaksana")
    w = max(min(col_w - 9.0, 17.0), 6.0)
    return w, min(w * 0.5, 7.0)


def _bentuk(step: Step, i: int, n: int) -> str:
    if step.keputusan is not None:
        return KEPUTUSAN
    return TERMINATOR if i in (0, n - 1) else PROSES


def _tinggi_simbol(bentuk: str, h: float) -> float:
    return h * 1.45 if bentuk == KEPUTUSAN else h


def _header(kolom: Sequence[Kolom]) -> tuple[tuple[SelHeader, ...], float]:
    """Header cells: level A (No, Uraian Prosedur, Pelaksana, Mutu Baku, Keterangan), level B
    (pelaksana names; Kelengkapan, Waktu, Output), and the column-number row."""
    line = tinggi_baris_teks_mm(FONT_HEADER_PT)
    pel = [k for k in kolom if k.kunci == "pelaksana"]
    mutu = [k for k in kolom if k.kunci in ("kelengkapan", "waktu", "output")]
    wrap_b = {
        k.kunci + str(k.indeks): bungkus(k.judul, k.lebar - 2 * PAD_MM, FONT_HEADER_PT, True)
        for k in (*pel, *mutu)
    }
    h_a = line + 2 * PAD_MM
    h_b = max(len(v) for v in wrap_b.values()) * line + 2 * PAD_MM
    h_n = tinggi_baris_teks_mm(FONT_NOMOR_KOLOM_PT) + 1.0
    cells: list[SelHeader] = []
    for k in kolom:
        if k.kunci in ("no", "uraian", "keterangan"):
            cells.append(
                SelHeader(
                    k.x,
                    0,
                    k.lebar,
                    h_a + h_b,
                    bungkus(k.judul, k.lebar - 2 * PAD_MM, FONT_HEADER_PT, True),
                )
            )
    for group, judul in ((pel, "Pelaksana"), (mutu, "Mutu Baku")):
        x0, x1 = group[0].x, group[-1].kanan
        cells.append(SelHeader(x0, 0, x1 - x0, h_a, (judul,)))
        for k in group:
            cells.append(SelHeader(k.x, h_a, k.lebar, h_b, wrap_b[k.kunci + str(k.indeks)]))
    for i, k in enumerate(kolom, start=1):
        cells.append(SelHeader(k.x, h_a + h_b, k.lebar, h_n, (str(i),), nomor_kolom=True))
    return tuple(cells), h_a + h_b + h_n


def tinggi_langkah(
    procedure: Procedure, lebar_mm: float = LEBAR_F4_LANDSCAPE_MM
) -> dict[int, float]:
    """Row height (mm) of each step: its tallest text cell plus padding, at least the symbol
    plus :data:`JARAK_SIMBOL_MM` above and below."""
    kolom = susun_kolom(procedure.pelaksana, lebar_mm)
    catatan = catatan_langkah(procedure)
    _, h = _ukuran_simbol(kolom)
    line = tinggi_baris_teks_mm()
    n = len(procedure.steps)
    out: dict[int, float] = {}
    for i, step in enumerate(procedure.steps):
        sel = _sel_teks(step, kolom, catatan)
        teks_h = max((len(v) for v in sel.values()), default=1) * line + 2 * PAD_MM
        simbol_h = _tinggi_simbol(_bentuk(step, i, n), h) + 2 * JARAK_SIMBOL_MM
        out[step.nomor] = max(teks_h, simbol_h)
    return out


# --- pagination --------------------------------------------------------------------------------


def bagi_halaman(
    tinggi: Sequence[float],
    tinggi_header: float,
    tinggi_maks_mm: float | None,
    cadangan_akhir_mm: float = 0.0,
) -> list[range]:
    """Split rows (heights in mm, in order) into pages no taller than ``tinggi_maks_mm``.

    A page holds the header, a top connector strip (pages after the first), its rows and a
    bottom connector strip (pages before the last); the last page must also leave
    ``cadangan_akhir_mm`` free (e.g. for the signature block). When the last rows fit with the
    strip but not with the reserve, one more page is started; then rows move from the
    second-last page to the last while the last has fewer and still fits, so the signature never
    stands under a lone row. A single row taller than a page gets a page of its own. ``None``:
    everything on one page.
    """
    n = len(tinggi)
    if tinggi_maks_mm is None or n == 0:
        return [range(0, n)]
    pages: list[range] = []
    start = 0
    while start < n:
        top = TINGGI_STRIP_MM if pages else 0.0
        base = tinggi_header + top
        # all the rest on this page, with the reserve?
        if base + sum(tinggi[start:]) + cadangan_akhir_mm <= tinggi_maks_mm:
            pages.append(range(start, n))
            break
        end = start
        used = base + TINGGI_STRIP_MM
        while end < n and used + tinggi[end] <= tinggi_maks_mm:
            used += tinggi[end]
            end += 1
        if end == n:  # the rest fits only without the reserve: keep the last row for a new page
            end = n - 1
        end = max(end, start + 1)
        pages.append(range(start, end))
        start = end
    # balance the last two pages: move rows back while the last page still fits with the reserve
    while len(pages) >= 2:
        prev, last = pages[-2], pages[-1]
        if len(prev) - 1 <= len(last):
            break
        moved = range(prev.stop - 1, last.stop)
        height = tinggi_header + TINGGI_STRIP_MM + sum(tinggi[i] for i in moved)
        if height + cadangan_akhir_mm > tinggi_maks_mm:
            break
        pages[-2], pages[-1] = range(prev.start, prev.stop - 1), moved
    return pages


# --- layout ------------------------------------------------------------------------------------


def _kolom_langkah(step: Step, kolom: Sequence[Kolom]) -> list[int]:
    """Pelaksana column indexes of ``step`` in the step's own order (unknown names dropped)."""
    seen: list[int] = []
    for p in step.pelaksana:
        idx = _match_kolom(p, kolom)
        if idx is not None and idx not in seen:
            seen.append(idx)
    return seen


@dataclass
class _Lajur:
    """Lanes handed out along column edges, per (column, side), so parallel routes don't overlap."""

    kolom: Sequence[Kolom]
    ruang: float
    used: dict[tuple[int, str], int] = field(default_factory=lambda: defaultdict(int))

    def ambil(self, indeks: int, sisi: str) -> float:
        k = next(c for c in self.kolom if c.kunci == "pelaksana" and c.indeks == indeks)
        n = self.used[(indeks, sisi)]
        self.used[(indeks, sisi)] += 1
        offset = min(2.0 + 1.6 * n, max(self.ruang - 0.8, 1.0))
        return k.kanan - offset if sisi == "kanan" else k.x + offset


def _area_pelaksana(kolom: Sequence[Kolom]) -> tuple[float, float]:
    pel = [k for k in kolom if k.kunci == "pelaksana"]
    return pel[0].x, pel[-1].kanan


def layout_flowchart(
    procedure: Procedure,
    *,
    lebar_mm: float = LEBAR_F4_LANDSCAPE_MM,
    tinggi_maks_mm: float | None = None,
    cadangan_akhir_mm: float = 0.0,
) -> FlowchartLayout:
    """The complete geometry of ``procedure``'s flowchart matrix, in mm (pure: no drawing).

    :param lebar_mm: printed width of the matrix (the page's text width).
    :param tinggi_maks_mm: the tallest a page may be; ``None``: one page however tall.
    :param cadangan_akhir_mm: free height to leave under the last page (signature block).
    :return: :class:`FlowchartLayout` with one :class:`Halaman` per page.
    :raises ValueError: the procedure has no steps, or a decision names an unknown step.
    """
    if not procedure.steps:
        raise ValueError(f"procedure {procedure.slug} has no steps")
    kolom = susun_kolom(procedure.pelaksana, lebar_mm)
    header, h_header = _header(kolom)
    catatan = catatan_langkah(procedure)
    trans = transisi(procedure)
    steps = procedure.steps
    n = len(steps)
    heights = tinggi_langkah(procedure, lebar_mm)
    pages = bagi_halaman(
        [heights[s.nomor] for s in steps], h_header, tinggi_maks_mm, cadangan_akhir_mm
    )
    page_of = {steps[i].nomor: p for p, rng in enumerate(pages) for i in rng}
    index_of = {s.nomor: i for i, s in enumerate(steps)}
    sym_w, sym_h = _ukuran_simbol(kolom)
    area_x0, area_x1 = _area_pelaksana(kolom)
    pel_cols = {k.indeks: k for k in kolom if k.kunci == "pelaksana"}
    ruang = min(k.lebar for k in pel_cols.values()) / 2 - sym_w / 2
    row_top: dict[int, float] = {}

    # --- rows, strips and symbols of every page
    page_rows: list[list[Baris]] = []
    page_syms: list[list[Simbol]] = []
    page_links: list[list[Panah]] = []
    strips: list[tuple[tuple[float, float] | None, tuple[float, float] | None]] = []
    main: dict[int, Simbol] = {}
    for p, rng in enumerate(pages):
        y = h_header
        top = None
        if p > 0:
            top = (y, TINGGI_STRIP_MM)
            y += TINGGI_STRIP_MM
        rows: list[Baris] = []
        syms: list[Simbol] = []
        links: list[Panah] = []
        for i in rng:
            step = steps[i]
            h = heights[step.nomor]
            row = Baris(step.nomor, y, h, _sel_teks(step, kolom, catatan))
            row_top[step.nomor] = y
            rows.append(row)
            bentuk = _bentuk(step, i, n)
            sh = _tinggi_simbol(bentuk, sym_h)
            cols = _kolom_langkah(step, kolom)
            if cols:
                first = pel_cols[cols[0]]
                s = Simbol(step.nomor, bentuk, cols[0], first.tengah, row.tengah, sym_w, sh)
                syms.append(s)
                for c in cols[1:]:
                    other = pel_cols[c]
                    ghost = Simbol(
                        step.nomor, bentuk, c, other.tengah, row.tengah, sym_w, sh, pendamping=True
                    )
                    syms.append(ghost)
                    a, b = (s.kanan, ghost.kiri) if ghost.cx > s.cx else (s.kiri, ghost.kanan)
                    links.append(
                        Panah(
                            step.nomor, step.nomor, ((a, s.cy), (b, s.cy)), kepala=False, putus=True
                        )
                    )
            else:  # in no column: a dashed symbol across the whole pelaksana area
                s = Simbol(
                    step.nomor,
                    bentuk,
                    None,
                    (area_x0 + area_x1) / 2,
                    row.tengah,
                    area_x1 - area_x0 - 2 * (ruang + 2.0),
                    sh,
                    tanpa_pelaksana=True,
                    teks=", ".join(step.pelaksana) or "pelaksana tidak disebut",
                )
                syms.append(s)
            main[step.nomor] = s
            y += h
        bottom = None
        if p < len(pages) - 1:
            bottom = (y, TINGGI_STRIP_MM)
            y += TINGGI_STRIP_MM
        page_rows.append(rows)
        page_syms.append(syms)
        page_links.append(links)
        strips.append((top, bottom))

    # sides of each step's main symbol already taken by dashed links
    linked_sides: dict[int, set[str]] = defaultdict(set)
    for links in page_links:
        for link in links:
            s = main[link.dari]
            linked_sides[link.dari].add("kanan" if link.titik[1][0] > s.cx else "kiri")

    lajur = [_Lajur(kolom, ruang) for _ in pages]
    arrows: list[list[Panah]] = [[] for _ in pages]
    labels: list[list[Label]] = [[] for _ in pages]
    extra_syms: list[list[Simbol]] = [[] for _ in pages]
    huruf = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    conn = 6.0  # connector size, mm

    def strip_y(p: int, where: str) -> float:
        top, bottom = strips[p]
        band = top if where == "atas" else bottom
        assert band is not None
        return band[0] + band[1] / 2

    def connector(p: int, where: str, x: float, nomor: int, letter: str) -> Simbol:
        k = min(pel_cols.values(), key=lambda c: abs(c.tengah - x))
        x = min(max(x, k.x + conn / 2 + 0.5), k.kanan - conn / 2 - 0.5)
        s = Simbol(nomor, KONEKTOR, k.indeks, x, strip_y(p, where), conn, conn, label=letter)
        extra_syms[p].append(s)
        return s

    # route every transition: to the next step straight down, any other branch sideways
    for t in trans:
        a, b = main[t.dari], main[t.ke]
        pa, pb = page_of[t.dari], page_of[t.ke]
        is_next = index_of[t.ke] == index_of[t.dari] + 1
        lurus = is_next and not (
            # a decision whose other branch also goes to the next step: only one goes straight
            t.label == TIDAK
            and any(
                o.dari == t.dari and o.label == YA and index_of[o.ke] == index_of[t.dari] + 1
                for o in trans
            )
        )
        if lurus:
            _route_lurus(
                t,
                a,
                b,
                pa,
                pb,
                arrows,
                labels,
                connector,
                next(huruf, "?") if pa != pb else "",
                row_top[t.ke],
            )
        else:
            sibling = _sisi_saudara(t, trans, index_of, main, linked_sides)
            sisi = _pilih_sisi(a, b, linked_sides[t.dari], sibling)
            _route_samping(
                t,
                a,
                b,
                pa,
                pb,
                sisi,
                lajur,
                arrows,
                labels,
                connector,
                next(huruf, "?") if pa != pb else "",
                linked_sides,
            )

    halaman: list[Halaman] = []
    for p in range(len(pages)):
        top, bottom = strips[p]
        last_y = (
            (bottom[0] + bottom[1]) if bottom else (page_rows[p][-1].y + page_rows[p][-1].tinggi)
        )
        halaman.append(
            Halaman(
                nomor=p + 1,
                lebar=lebar_mm,
                tinggi=last_y,
                kolom=kolom,
                header=header,
                tinggi_header=h_header,
                baris=tuple(page_rows[p]),
                strip_atas=top,
                strip_bawah=bottom,
                simbol=tuple(page_syms[p] + extra_syms[p]),
                panah=tuple(page_links[p] + arrows[p]),
                label=tuple(labels[p]),
                font=font_family(),
            )
        )
    return FlowchartLayout(procedure.slug, tuple(halaman), trans, catatan)


def _is_next(t: Transisi, index_of: dict[int, int]) -> bool:
    return index_of[t.ke] == index_of[t.dari] + 1


def _sisi_saudara(
    t: Transisi,
    trans: Sequence[Transisi],
    index_of: dict[int, int],
    main: dict[int, Simbol],
    linked_sides: dict[int, set[str]],
) -> str | None:
    """For the TIDAK branch of a decision whose YA branch also leaves sideways: the side the YA
    branch takes (so the two don't share a side). ``None`` otherwise."""
    if t.label != TIDAK:
        return None
    for o in trans:
        if o.dari == t.dari and o.label == YA and not _is_next(o, index_of):
            return _pilih_sisi(main[o.dari], main[o.ke], linked_sides[o.dari], None)
    return None


def _pilih_sisi(a: Simbol, b: Simbol, taken: set[str], sibling: str | None) -> str:
    """The side (``kanan``/``kiri``) a sideways branch leaves ``a``: toward ``b``'s column when
    it is another, else the right unless taken."""
    blocked = set(taken)
    if sibling:
        blocked.add(sibling)
    if b.cx > a.cx + 0.1 and "kanan" not in blocked:
        return "kanan"
    if b.cx < a.cx - 0.1 and "kiri" not in blocked:
        return "kiri"
    if "kanan" not in blocked:
        return "kanan"
    if "kiri" not in blocked:
        return "kiri"
    return "kanan"


def _dalam(s: Simbol, x: float) -> float:
    """``x`` moved inside the straight part of the wide symbol ``s``."""
    r = s.tinggi / 2 + 1.0
    return min(max(x, s.kiri + r), s.kanan - r)


def _route_lurus(
    t, a: Simbol, b: Simbol, pa: int, pb: int, arrows, labels, connector, letter, top_b: float
):
    """Down from ``a``'s bottom into ``b``'s top, with an elbow halfway between the top of
    ``b``'s row (``top_b``) and ``b`` when the column changes; a symbol in no column (spanning
    the pelaksana area) is left or entered straight below/above the other one. Across a page
    break: down to a connector, and from a connector down to ``b``."""
    x_a, x_b = a.cx, b.cx
    if b.tanpa_pelaksana:
        x_b = _dalam(b, x_a)
    elif a.tanpa_pelaksana:
        x_a = _dalam(a, x_b)
    if pa == pb:
        if abs(x_a - x_b) < 0.01:
            pts = ((x_a, a.bawah), (x_b, b.atas))
        else:
            yh = b.atas - max((b.atas - top_b) / 2, 1.0)
            pts = ((x_a, a.bawah), (x_a, yh), (x_b, yh), (x_b, b.atas))
        arrows[pa].append(Panah(t.dari, t.ke, pts, t.label))
    else:
        c_out = connector(pa, "bawah" if pb > pa else "atas", x_a, t.dari, letter)
        c_in = connector(pb, "atas" if pb > pa else "bawah", x_b, t.ke, letter)
        x_a, x_b = c_out.cx, c_in.cx
        arrows[pa].append(
            Panah(t.dari, t.ke, ((x_a, a.bawah), (x_a, c_out.atas)), t.label, bagian="keluar")
        )
        arrows[pb].append(
            Panah(t.dari, t.ke, ((x_b, c_in.bawah), (x_b, b.atas)), t.label, bagian="masuk")
        )
    if t.label:
        labels[pa].append(Label(t.label, x_a + 1.0, a.bawah + 0.3, "left", "top"))


def _route_samping(
    t,
    a: Simbol,
    b: Simbol,
    pa: int,
    pb: int,
    sisi: str,
    lajur,
    arrows,
    labels,
    connector,
    letter,
    linked_sides,
):
    """From ``a``'s side to a lane along the edge of ``a``'s column on that side, up or down
    the lane, and into the side of ``b`` that faces the lane (a little above its centre when a
    dashed link leaves that side). Across a page break the lane ends in a connector in the
    strip toward ``b`` and resumes from one in the strip on ``b``'s page."""
    x_out = a.kanan if sisi == "kanan" else a.kiri
    if a.tanpa_pelaksana or b.tanpa_pelaksana:  # lane outside the wide symbol: outermost column
        pel = [k for k in lajur[pa].kolom if k.kunci == "pelaksana"]
        col = (pel[-1] if sisi == "kanan" else pel[0]).indeks or 0
    else:
        col = a.kolom if a.kolom is not None else _nearest(lajur[pa].kolom, x_out)

    def entry(lane_x: float) -> tuple[float, float]:
        side = "kanan" if lane_x > b.cx else "kiri"
        x_in = b.kanan if side == "kanan" else b.kiri
        y_in = b.cy - b.tinggi / 4 if side in linked_sides.get(b.nomor, ()) else b.cy
        if b.bentuk == KEPUTUSAN:
            y_in = b.cy
        return x_in, y_in

    if pa == pb:
        lane = lajur[pa].ambil(col, sisi)
        x_in, y_in = entry(lane)
        pts = ((x_out, a.cy), (lane, a.cy), (lane, y_in), (x_in, y_in))
        arrows[pa].append(Panah(t.dari, t.ke, pts, t.label))
    else:
        lane = lajur[pa].ambil(col, sisi)
        where_out = "bawah" if pb > pa else "atas"
        c_out = connector(pa, where_out, lane, t.dari, letter)
        y_c = c_out.atas if where_out == "bawah" else c_out.bawah
        arrows[pa].append(
            Panah(
                t.dari,
                t.ke,
                (
                    (x_out, a.cy),
                    (lane, a.cy),
                    (lane, y_c - (1.5 if where_out == "bawah" else -1.5)),
                    (c_out.cx, y_c - (1.5 if where_out == "bawah" else -1.5)),
                    (c_out.cx, y_c),
                ),
                t.label,
                bagian="keluar",
            )
        )
        lane_b = lajur[pb].ambil(col, sisi)
        where_in = "atas" if pb > pa else "bawah"
        c_in = connector(pb, where_in, lane_b, t.ke, letter)
        y_c = c_in.bawah if where_in == "atas" else c_in.atas
        x_in, y_in = entry(lane_b)
        step_y = 1.5 if where_in == "atas" else -1.5
        arrows[pb].append(
            Panah(
                t.dari,
                t.ke,
                (
                    (c_in.cx, y_c),
                    (c_in.cx, y_c + step_y),
                    (lane_b, y_c + step_y),
                    (lane_b, y_in),
                    (x_in, y_in),
                ),
                t.label,
                bagian="masuk",
            )
        )
    if t.label:
        if sisi == "kanan":
            labels[pa].append(Label(t.label, x_out + 0.6, a.cy - 0.5, "left", "bottom"))
        else:
            labels[pa].append(Label(t.label, x_out - 0.6, a.cy - 0.5, "right", "bottom"))


def _nearest(kolom: Sequence[Kolom], x: float) -> int:
    pel = [k for k in kolom if k.kunci == "pelaksana"]
    return min(pel, key=lambda k: abs(k.tengah - x)).indeks or 0


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
    """Paint ``halaman`` into the PNG ``out`` (``halaman.lebar`` × ``halaman.tinggi`` mm at
    ``dpi``) and return ``out``. Lines are 0.5 pt (grid), 0.9 pt (outer frame, symbols)."""
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

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=dpi, facecolor="white")
    return out


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
) -> list[tuple[Path, Halaman]]:
    """The matrix of ``procedure`` split into pages (see :func:`layout_flowchart`), one PNG per
    page in ``outdir`` (``<slug>-1.png`` …). Returns ``[(png, halaman)]`` in page order."""
    layout = layout_flowchart(
        procedure,
        lebar_mm=lebar_mm,
        tinggi_maks_mm=tinggi_maks_mm,
        cadangan_akhir_mm=cadangan_akhir_mm,
    )
    outdir = Path(outdir)
    return [(render_page(h, outdir / f"{procedure.slug}-{h.nomor}.png"), h) for h in layout.halaman]
