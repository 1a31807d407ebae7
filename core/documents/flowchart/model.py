"""The data of a flowchart layout: constants (sizes in mm and pt, symbol kinds) and the
frames the layout fills (columns, rows, symbols, arrows, labels, pages)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
"""Arial-metric fonts first (the documents' font); DejaVu Sans where neither is installed
(:func:`naskah.documents.flowchart.text.font_family`)."""

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
    """A small text (YA / TIDAK) at ``(x, y)`` mm; ``ha`` (``left``, ``center``, ``right``)
    and ``va`` (``top``, ``bottom``, ``center``: of the line's box) as in matplotlib."""

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
