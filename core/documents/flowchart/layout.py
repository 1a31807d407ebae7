"""The pure layout of a flowchart matrix in mm: transitions, columns, row heights, pagination,
symbols and arrows (see the package docstring)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from naskah.documents.flowchart.model import (
    CATATAN_TANPA_PELAKSANA,
    FONT_HEADER_PT,
    FONT_NOMOR_KOLOM_PT,
    JARAK_SIMBOL_MM,
    KEPUTUSAN,
    KONEKTOR,
    LEBAR_F4_LANDSCAPE_MM,
    PAD_MM,
    PROSES,
    TERMINATOR,
    TIDAK,
    TINGGI_STRIP_MM,
    YA,
    Baris,
    FlowchartLayout,
    Halaman,
    Kolom,
    Label,
    Panah,
    SelHeader,
    Simbol,
    Transisi,
)
from naskah.documents.flowchart.routing import (
    _pilih_sisi,
    _route_lurus,
    _route_samping,
    _sisi_saudara,
)
from naskah.documents.flowchart.text import bungkus, font_family, tinggi_baris_teks_mm
from naskah.formatting import durasi
from naskah.model import Procedure, Step

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
    _unused, h = _ukuran_simbol(kolom)
    line = tinggi_baris_teks_mm()
    n = len(procedure.steps)
    out: dict[int, float] = {}
    for i, step in enumerate(procedure.steps):
        sel = _sel_teks(step, kolom, catatan)
        teks_h = max((len(v) for v in sel.values()), default=1) * line + 2 * PAD_MM
        simbol_h = _tinggi_simbol(_bentuk(step, i, n), h) + 2 * JARAK_SIMBOL_MM
        out[step.nomor] = max(teks_h, simbol_h)
    return out


BARIS_AKHIR_MIN = 2
"""Fewest steps on the last page of a matrix split over pages (above the signature)."""


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
    ``cadangan_akhir_mm`` free (e.g. for the signature block). Pages are filled with whole steps
    as far as they go (no half-empty page before the last); when the last rows fit with the strip
    but not with the reserve, one more page is started, and rows move from the second-last page
    to the last only while the last has fewer than :data:`BARIS_AKHIR_MIN` (so the signature
    never stands under a lone row). A single row taller than a page gets a page of its own.
    ``None``: everything on one page.
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
    # no lone row under the signature: move rows back while the last page still fits
    while len(pages) >= 2:
        prev, last = pages[-2], pages[-1]
        if len(last) >= BARIS_AKHIR_MIN or len(prev) - 1 < len(last) + 1:
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

    lajur = [_Lajur(kolom, ruang) for _unused in pages]
    arrows: list[list[Panah]] = [[] for _unused in pages]
    labels: list[list[Label]] = [[] for _unused in pages]
    extra_syms: list[list[Simbol]] = [[] for _unused in pages]
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
