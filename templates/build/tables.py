"""Builders of the table-heavy docxtpl templates: formulir, rekapitulasi, kertas kerja, laporan.

Kinds (template stem = kind slug); the context keys each uses are produced by
``naskah.documents.pengumpulan`` and ``naskah.documents.pengukuran`` (see their docstrings):

- ``formulir_pengumpulan`` (landscape): blank (variant ``""``) and filled (``terisi``) formulir
  of one bidang;
- ``rekapitulasi_pengumpulan`` (landscape): realisasi of every indicator grouped by bidang, one
  column per triwulan up to the period (four table variants in the template, wrapped in
  ``{%p if jumlah_tw == n %}``: only the one of the period stays, with exact column widths);
- ``laporan_pengumpulan`` (portrait): draft (marked DRAFT, no nomor) and final;
- ``kertas_kerja`` (landscape): methodology (variant ``metodologi``) and the filled worksheet;
- ``rekapitulasi_pengukuran`` (landscape): capaian, predikat and anggaran grouped by level, with
  the capaian chart(s);
- ``laporan_pengukuran`` (portrait): draft and final, with charts and a Lampiran.

On landscape pages the closing part is a borderless two-column block — notes or a summary on
the left, the signature on the right — so a short table does not push the signature alone onto
a new page.

Run through ``templates/build/__main__.py`` (``build_all(outdir)``). Widths are in mm for F4:
landscape text width 295 mm, portrait 170 mm.
"""

from __future__ import annotations

from pathlib import Path

from common import (
    GREY,
    _signature_table,
    add_blank,
    add_fields,
    add_footer_ref,
    add_kop,
    add_page_break,
    add_ruled_lines,
    add_signature,
    add_table,
    add_tag,
    add_text,
    add_title,
    cant_split,
    format_paragraph,
    merge_cells,
    new_document,
    repeat_header,
    save,
    set_cell_text,
    shade_cell,
    style_run,
    text_width_mm,
)
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor
from docx.table import Table, _Cell

GROUP_FILL = "F2F2F2"
RED = RGBColor(0xC0, 0x00, 0x00)
TWIPS_PER_MM = 56.6929
SIGNATURE_WIDTH_LANDSCAPE_MM = 90.0
"""Width of the signature column of the landscape closing block."""
SPLIT_GRID = 12
"""Grid columns of a :func:`split_row` table: more than any table nested in it has cells."""

# --- table helpers -----------------------------------------------------------------------------


def _tblpr_insert(table: Table, el, before: tuple[str, ...]) -> None:
    """Insert ``el`` into ``tblPr`` before the first present child of ``before`` (schema
    order), else append it."""
    tblpr = table._tbl.tblPr
    for tag in before:
        anchor = tblpr.find(qn(tag))
        if anchor is not None:
            anchor.addprevious(el)
            return
    tblpr.append(el)


def indent_table(table: Table, mm: float) -> Table:
    """Left-align ``table`` with its left edge ``mm`` from the margin (aligned with indented
    body text)."""
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(round(mm * TWIPS_PER_MM)))
    ind.set(qn("w:type"), "dxa")
    _tblpr_insert(table, ind, ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
                               "w:tblLook"))  # fmt: skip
    return table


def cell_margins(table: Table, mm: float = 1.2) -> None:
    """Left/right cell padding of ``table`` in mm (narrow columns wrap less)."""
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(mm * TWIPS_PER_MM)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    _tblpr_insert(table, mar, ("w:tblLook",))


def keep_rows_together(table: Table, rows=None) -> None:
    """Keep-with-next on every paragraph of ``rows`` (default: all but the last row), so a
    small table (or a group header and its first row) is not split across pages."""
    targets = rows if rows is not None else table.rows[:-1]
    for row in targets:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def min_row_height(row, mm: float) -> None:
    """Row at least ``mm`` high (room to write by hand)."""
    row.height = Mm(mm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def data_table(
    doc,
    headers: list[str],
    cells: list[str],
    widths: list[float],
    *,
    aligns: list[str] | None = None,
    font_size: float = 8.5,
    loop: str = "row in rows",
    groups: str | None = None,
    group_label: str = "{{ g.judul }}",
    number_row: bool = True,
    footer: list[tuple[str, int, str]] | None = None,
    keep_together: bool = False,
    indent_mm: float | None = None,
) -> Table:
    """A bordered data table in ``doc`` (a document or a table cell): a shaded header row
    (repeated on each page), an optional column-number row ``(1) | (2) | …``, then either one
    ``{%tr for <loop> %}`` row, or with ``groups`` (``"g in groups"``) a group row spanning all
    columns (``group_label``, bold, shaded, kept with the next row) followed by the inner loop
    ``loop`` (``"row in g.rows"``).

    ``footer``: one static row of ``(text, span, align)`` cells (a Jumlah line);
    ``keep_together``: the whole (small) table stays on one page; ``indent_mm``: left-aligned
    with that indent instead of centred. Widths in mm."""
    n = len(headers)
    if not len(cells) == n == len(widths):
        raise ValueError(f"{n} headers, {len(cells)} cells, {len(widths)} widths")
    blank = [""] * (n - 1)
    rows: list[list[str]] = [headers]
    if number_row:
        rows.append([f"({i + 1})" for i in range(n)])
    if groups:
        rows.append([f"{{%tr for {groups} %}}", *blank])
        rows.append([group_label, *blank])
    rows.append([f"{{%tr for {loop} %}}", *blank])
    rows.append(cells)
    rows.append(["{%tr endfor %}", *blank])
    if groups:
        rows.append(["{%tr endfor %}", *blank])
    if footer:
        rows.append([""] * n)
    table = add_table(
        doc, rows, widths_mm=widths, font_size=font_size, header_rows=1, aligns=aligns
    )
    cell_margins(table)
    r = 1
    if number_row:
        row = table.rows[1]
        repeat_header(row)
        for j, cell in enumerate(row.cells):
            set_cell_text(cell, f"({j + 1})", size=6.5, align="center", italic=True)
            shade_cell(cell, GROUP_FILL)
        r = 2
    if groups:
        group = table.rows[r + 1]
        merged = merge_cells(group.cells[0], group.cells[n - 1])
        set_cell_text(merged, group_label, bold=True, size=font_size, align="left")
        shade_cell(merged, GROUP_FILL)
        cant_split(group)
        keep_rows_together(table, [group])
        r += 2
    data = table.rows[r + 1]
    cant_split(data)
    for cell in data.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    if footer:
        last = table.rows[len(rows) - 1]
        col = 0
        for text, span, align in footer:
            cell = last.cells[col]
            if span > 1:
                cell = merge_cells(cell, last.cells[col + span - 1])
            set_cell_text(cell, text, bold=True, size=font_size, align=align)
            shade_cell(cell, GROUP_FILL)
            col += span
        cant_split(last)
    if keep_together:
        keep_rows_together(table)
    if indent_mm is not None:
        indent_table(table, indent_mm)
    return table


def scale(widths: list[float], total: float) -> list[float]:
    """``widths`` scaled to sum to ``total`` mm (0.1 mm steps)."""
    s = sum(widths)
    out = [round(w * total / s, 1) for w in widths]
    out[-1] = round(total - sum(out[:-1]), 1)
    return out


# --- text helpers ------------------------------------------------------------------------------


def _tab(p, mm: float) -> None:
    p.paragraph_format.tab_stops.add_tab_stop(Mm(mm))


def heading(doc, text: str) -> None:
    """A section heading (``I. PENDAHULUAN``): bold, kept with the next paragraph."""
    add_text(doc, text, bold=True, align="left", before=10, after=4, keep_with_next=True)


def subheading(doc, text: str, indent_mm: float = 5) -> None:
    """A sub-section heading (``A. Dasar``), indented, kept with the next paragraph."""
    add_text(doc, text, bold=True, align="left", indent_left_mm=indent_mm, before=4, after=2,
             keep_with_next=True)  # fmt: skip


def para(doc, text: str, indent_mm: float = 10, **kw):
    """A justified body paragraph indented ``indent_mm``."""
    return add_text(doc, text, indent_left_mm=indent_mm, **kw)


def numbered_loop(
    doc, loop: str, item: str, indent_mm: float = 10, hang_mm: float = 6, size: float | None = None
) -> None:
    """``{%p for <loop> %}`` / ``{{ loop.index }}.<tab><item>`` (hanging indent) /
    ``{%p endfor %}``."""
    add_tag(doc, f"{{%p for {loop} %}}")
    p = add_text(doc, f"{{{{ loop.index }}}}.\t{item}", indent_left_mm=indent_mm + hang_mm,
                 indent_first_mm=-hang_mm, size=size)  # fmt: skip
    _tab(p, indent_mm + hang_mm)
    add_tag(doc, "{%p endfor %}")


def rumus_block(doc, indent_mm: float = 0, label_mm: float = 42, size: float | None = None):
    """``{%p for r in rumus %}`` / ``<judul>:<tab><teks>`` (hanging) / ``{%p endfor %}``."""
    add_tag(doc, "{%p for r in rumus %}")
    p = add_text(doc, "{{ r.judul }}:\t{{ r.teks }}", indent_left_mm=indent_mm + label_mm,
                 indent_first_mm=-label_mm, align="left", size=size)  # fmt: skip
    _tab(p, indent_mm + label_mm)
    add_tag(doc, "{%p endfor %}")


def draft_header(doc) -> None:
    """Page header: ``DRAFT — belum ditandatangani`` (bold, red, right) on every page when
    ``is_draft``; empty otherwise."""
    p = doc.sections[0].header.paragraphs[0]
    style_run(p.add_run("{{ 'DRAFT — belum ditandatangani' if is_draft else '' }}"),
              bold=True, size=9, color=RED)  # fmt: skip
    format_paragraph(p, align="right", before=0, after=0)


def draft_banner(doc) -> None:
    """A large ``DRAFT`` and ``{{ draft_catatan }}`` under the kop when ``is_draft``."""
    add_tag(doc, "{%p if is_draft %}")
    add_text(doc, "DRAFT", bold=True, align="center", size=20, color=RED, after=0)
    add_text(doc, "{{ draft_catatan }}", align="center", size=9, italic=True, color=RED, after=6)
    add_tag(doc, "{%p endif %}")


def split_row(container, left_mm: float, right_mm: float) -> tuple[_Cell, _Cell]:
    """A borderless one-row table in ``container`` (document or cell): a left cell
    ``left_mm`` wide and a right cell ``right_mm`` wide, for nesting content side by side.

    The table has :data:`SPLIT_GRID` grid columns (the left cell spans all but the last):
    docxtpl's ``fix_tables`` counts the cells of nested rows too and would add columns to (and
    re-scale) an outer table with fewer grid columns than a nested table has cells."""
    n = SPLIT_GRID
    widths = [left_mm / (n - 1)] * (n - 1) + [right_mm]
    table = add_table(container, [[""] * n], widths_mm=widths, bordered=False)
    indent_table(table, 0)
    cant_split(table.rows[0])
    row = table.rows[0]
    left = merge_cells(row.cells[0], row.cells[n - 2])
    right = table.rows[0].cells[n - 1]
    for cell in (left, right):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return left, right


def closing_block(doc, *, size: float = 10) -> _Cell:
    """A borderless one-row block across the text width: the signature ``ttd`` in the right
    column (:data:`SIGNATURE_WIDTH_LANDSCAPE_MM`), the left cell returned for notes or a
    summary (call :func:`tidy_cell` after filling it). The row never splits."""
    width = text_width_mm(doc)
    sig = SIGNATURE_WIDTH_LANDSCAPE_MM
    add_blank(doc, 1, size=6)
    left, right = split_row(doc, width - sig, sig)
    _signature_table(right, [sig], ["ttd"], size)
    tidy_cell(right)
    return left


def tidy_cell(cell: _Cell) -> None:
    """Drop the empty first paragraph of a cell that got other content."""
    first = cell.paragraphs[0] if cell.paragraphs else None
    body = list(cell._tc.iterchildren(qn("w:p"), qn("w:tbl")))
    if first is not None and not first.text and len(body) > 1 and body[0] is first._p:
        cell._tc.remove(first._p)


def _doc(*, landscape: bool, draft: bool = False):
    doc = new_document(landscape=landscape)
    if draft:
        draft_header(doc)
    add_kop(doc)
    if draft:
        draft_banner(doc)
    return doc


def _finish(doc, slug: str, outdir: Path) -> Path:
    add_footer_ref(doc)
    return save(doc, slug, outdir)


def predikat_table(doc, width_mm: float, indent_mm: float, *, jumlah: bool = False) -> Table:
    """The predicate scale from ``skala`` (``{no, label, rentang, jumlah}``): ``No | Capaian |
    Predikat`` (with ``jumlah``: ``| Jumlah Indikator`` and a "Tidak dihitung" row)."""
    headers = ["No", "Rentang Capaian", "Predikat"]
    cells = ["{{ s.no }}", "{{ s.rentang }}", "{{ s.label }}"]
    widths = [10, 45, 35]
    aligns = ["center", "center", "left"]
    footer = None
    if jumlah:
        headers.append("Jumlah Indikator")
        cells.append("{{ s.jumlah }}")
        widths.append(25)
        aligns.append("center")
        footer = [("Tidak dihitung", 3, "right"), ("{{ jumlah_tidak_dihitung }}", 1, "center")]
    return data_table(
        doc, headers, cells, scale(widths, width_mm), aligns=aligns, loop="s in skala",
        number_row=False, font_size=9, footer=footer, keep_together=True, indent_mm=indent_mm,
    )  # fmt: skip


# --- formulir pengumpulan ----------------------------------------------------------------------


def build_formulir(outdir: Path) -> Path:
    """``formulir_pengumpulan``: landscape; fields, 11-column table, closing block with the
    petunjuk (blank form only) and the signature "Yang mengisi"."""
    doc = _doc(landscape=True)
    add_title(doc, "FORMULIR PENGUMPULAN DATA CAPAIAN KINERJA", "{{ periode }}")
    add_fields(doc, [
        ("Perangkat Daerah", "{{ agency.nama }}"),
        ("Sekretariat/Bidang", "{{ bidang }}"),
        ("Periode", "{{ periode }}"),
        ("Keadaan formulir", "{{ keadaan }}"),
    ], label_width_mm=40, size=10)  # fmt: skip
    add_blank(doc, 1, size=4)
    widths = scale([8, 29, 40, 56, 13, 16, 18, 18, 22, 30, 45], text_width_mm(doc))
    data_table(
        doc,
        ["No", "Kode", "Uraian (Program/ Kegiatan/ Sub Kegiatan)", "Indikator Kinerja", "Jenis",
         "Satuan", "Target Tahunan", "Target\n{{ tw }}", "Realisasi\n{{ tw }}",
         "Realisasi Anggaran {{ tw }} (Rp)", "Keterangan/ Bukti Dukung"],
        ["{{ row.no }}", "{{ row.kode }}", "{{ row.uraian }}", "{{ row.indikator }}",
         "{{ row.jenis }}", "{{ row.satuan }}", "{{ row.target_tahunan }}",
         "{{ row.target_tw }}", "{{ row.realisasi }}", "{{ row.anggaran }}",
         "{{ row.keterangan }}"],
        widths,
        aligns=["center", "left", "left", "left", "center", "center", "right", "right", "right",
                "right", "left"],
    )  # fmt: skip
    left = closing_block(doc)
    add_tag(left, "{%p if not terisi %}")
    add_text(left, "Petunjuk pengisian:", bold=True, align="left", size=9, after=1)
    numbered_loop(left, "p in petunjuk", "{{ p }}", indent_mm=0, hang_mm=5, size=9)
    add_tag(left, "{%p endif %}")
    tidy_cell(left)
    return _finish(doc, "formulir_pengumpulan", outdir)


# --- rekapitulasi pengumpulan --------------------------------------------------------------------


def _rekap_pengumpulan_table(doc, n_tw: int) -> None:
    """The indicator table with ``n_tw`` realisasi columns (TW I … TW n)."""
    width = text_width_mm(doc)
    tw_w = 21.0
    widths = [9, 0, 16, 21] + [tw_w] * n_tw + [27, 0]
    rest = width - sum(widths)
    widths[1] = round(rest * 0.62, 1)
    widths[-1] = round(width - sum(widths), 1)
    tw_headers = [f"Realisasi\n{{{{ kolom_tw[{i}] }}}}" for i in range(n_tw)]
    tw_cells = [f"{{{{ row.realisasi[{i}] }}}}" for i in range(n_tw)]
    data_table(
        doc,
        ["No", "Indikator Kinerja", "Satuan", "Target\n{{ tw }}", *tw_headers, "Status",
         "Keterangan"],
        ["{{ row.no }}", "{{ row.indikator }}", "{{ row.satuan }}", "{{ row.target_tw }}",
         *tw_cells, "{{ row.status }}", "{{ row.keterangan }}"],
        widths,
        aligns=["center", "left", "center", "right", *(["right"] * n_tw), "left", "left"],
        loop="row in g.rows",
        groups="g in groups",
    )  # fmt: skip


def ringkasan_bidang_table(doc, width_mm: float, *, font_size: float = 9, indent_mm=None):
    """Summary per bidang: ``No | Sekretariat/Bidang | Jumlah Indikator | Dilaporkan | Belum
    Dilaporkan | Tidak Dapat Diukur`` from ``ringkasan`` and the ``total`` row."""
    return data_table(
        doc,
        ["No", "Sekretariat/Bidang", "Jumlah Indikator", "Dilaporkan", "Belum Dilaporkan",
         "Tidak Dapat Diukur"],
        ["{{ r.no }}", "{{ r.bidang }}", "{{ r.jumlah }}", "{{ r.dilaporkan }}",
         "{{ r.belum }}", "{{ r.tidak_terukur }}"],
        scale([9, 70, 21, 21, 21, 21], width_mm),
        aligns=["center", "left", "center", "center", "center", "center"],
        loop="r in ringkasan",
        number_row=False,
        font_size=font_size,
        footer=[("Jumlah", 2, "right"), ("{{ total.jumlah }}", 1, "center"),
                ("{{ total.dilaporkan }}", 1, "center"), ("{{ total.belum }}", 1, "center"),
                ("{{ total.tidak_terukur }}", 1, "center")],
        keep_together=True,
        indent_mm=indent_mm,
    )  # fmt: skip


def build_rekap_pengumpulan(outdir: Path) -> Path:
    """``rekapitulasi_pengumpulan``: landscape; grouped indicator table (variant per
    ``jumlah_tw``), closing block with the summary per bidang and the signature of the Ketua
    Tim SAKIP."""
    doc = _doc(landscape=True)
    add_title(doc, "REKAPITULASI HASIL PENGUMPULAN DATA KINERJA", "{{ periode }}")
    add_fields(doc, [
        ("Perangkat Daerah", "{{ agency.nama }}"),
        ("Periode", "{{ periode }}"),
        ("Sumber data", "{{ sumber_data }}"),
    ], label_width_mm=40, size=10)  # fmt: skip
    add_blank(doc, 1, size=4)
    for n in range(1, 5):
        add_tag(doc, f"{{%p if jumlah_tw == {n} %}}")
        _rekap_pengumpulan_table(doc, n)
        add_tag(doc, "{%p endif %}")
    left = closing_block(doc)
    add_text(left, "Ringkasan", bold=True, align="left", size=10, after=2, keep_with_next=True)
    ringkasan_bidang_table(left, text_width_mm(doc) - SIGNATURE_WIDTH_LANDSCAPE_MM - 15,
                           indent_mm=0)  # fmt: skip
    add_text(left, "{{ catatan_status }}", align="left", size=8.5, italic=True, before=3)
    tidy_cell(left)
    return _finish(doc, "rekapitulasi_pengumpulan", outdir)


# --- laporan (both procedures) -------------------------------------------------------------------


def _laporan_head(doc) -> None:
    """Title (the kind's, so a plugin kind reusing the template is titled right), nomor (numbered
    documents only: not drafts, not unnumbered kinds), Kepada/Dari/Hal."""
    add_title(doc, "{{ judul|upper }}", "{{ periode }}")
    add_tag(doc, "{%p if bernomor %}")
    add_text(doc, "Nomor : {{ nomor }}", align="center", after=8)
    add_tag(doc, "{%p endif %}")
    add_fields(doc, [
        ("Kepada Yth.", "{{ kepada }}"),
        ("Dari", "{{ dari }}"),
        ("Hal", "{{ hal }}"),
    ], label_width_mm=28)  # fmt: skip
    add_blank(doc, 1, size=4)


def _pendahuluan(doc) -> None:
    heading(doc, "I. PENDAHULUAN")
    subheading(doc, "A. Dasar")
    numbered_loop(doc, "d in dasar", "{{ d }}")
    subheading(doc, "B. Maksud dan Tujuan")
    para(doc, "{{ maksud }}")
    numbered_loop(doc, "t in tujuan", "{{ t }}")
    subheading(doc, "C. Ruang Lingkup")
    para(doc, "{{ ruang_lingkup }}")


def build_laporan_pengumpulan(outdir: Path) -> Path:
    """``laporan_pengumpulan``: portrait; DRAFT marks (draft), nomor (final), sections I–IV,
    signature."""
    doc = _doc(landscape=False, draft=True)
    _laporan_head(doc)
    inner = text_width_mm(doc) - 10
    _pendahuluan(doc)

    heading(doc, "II. HASIL PENGUMPULAN DATA")
    subheading(doc, "A. Rekapitulasi per Sekretariat/Bidang")
    para(doc, "{{ ringkasan_teks }}")
    ringkasan_bidang_table(doc, inner, font_size=8.5, indent_mm=10)
    subheading(doc, "B. Data Realisasi per Indikator")
    data_table(
        doc,
        ["No", "Indikator Kinerja", "Satuan", "Target\n{{ tw }}", "Realisasi\n{{ tw }}",
         "Status"],
        ["{{ row.no }}", "{{ row.indikator }}", "{{ row.satuan }}", "{{ row.target_tw }}",
         "{{ row.realisasi_tw }}", "{{ row.status }}"],
        scale([8, 70, 16, 19, 21, 26], inner),
        aligns=["center", "left", "center", "right", "right", "left"],
        loop="row in g.rows",
        groups="g in groups",
        indent_mm=10,
    )  # fmt: skip

    heading(doc, "III. PERMASALAHAN")
    add_tag(doc, "{%p if permasalahan %}")
    para(doc, "{{ permasalahan_teks }}")
    numbered_loop(doc, "m in permasalahan", "{{ m }}")
    add_tag(doc, "{%p else %}")
    para(doc, "Tidak ada: seluruh indikator telah dilaporkan realisasinya untuk {{ periode }}.")
    add_tag(doc, "{%p endif %}")

    heading(doc, "IV. PENUTUP")
    para(doc, "{{ penutup }}")
    add_signature(doc, "ttd")
    return _finish(doc, "laporan_pengumpulan", outdir)


# --- kertas kerja ------------------------------------------------------------------------------


def build_kertas_kerja(outdir: Path) -> Path:
    """``kertas_kerja``: landscape; ``metodologi`` (method per indicator, formulas, predicate
    scale, rules, signature) or the filled worksheet (11 columns with the computed numbers;
    closing block with the formulas and the signature)."""
    doc = _doc(landscape=True)
    add_title(doc, "KERTAS KERJA PENGUKURAN KINERJA", "{{ subjudul }}")
    add_fields(doc, [
        ("Perangkat Daerah", "{{ agency.nama }}"),
        ("Periode", "{{ periode }}"),
        ("Bahan", "{{ dasar_kk }}"),
    ], label_width_mm=40, size=10)  # fmt: skip
    add_blank(doc, 1, size=4)
    width = text_width_mm(doc)
    add_tag(doc, "{%p if metodologi %}")
    subheading(doc, "A. Metodologi Pengukuran per Indikator", indent_mm=0)
    data_table(
        doc,
        ["No", "Indikator Kinerja", "Satuan", "Polaritas", "Cara Perhitungan", "Rumus Capaian",
         "Sumber Data"],
        ["{{ row.no }}", "{{ row.indikator }}", "{{ row.satuan }}", "{{ row.polaritas }}",
         "{{ row.cara }}", "{{ row.rumus }}", "{{ row.sumber }}"],
        scale([8, 78, 16, 26, 64, 54, 49], width),
        aligns=["center", "left", "center", "left", "left", "left", "left"],
        loop="row in g.rows",
        groups="g in groups",
    )  # fmt: skip
    subheading(doc, "B. Rumus Capaian", indent_mm=0)
    rumus_block(doc, 5)
    subheading(doc, "C. Skala Predikat", indent_mm=0)
    para(doc, "{{ skala_sumber }}", indent_mm=5, keep_with_next=True)
    predikat_table(doc, 110, 5)
    subheading(doc, "D. Ketentuan Pengukuran", indent_mm=0)
    numbered_loop(doc, "k in ketentuan", "{{ k }}", indent_mm=5)
    add_signature(doc, "ttd", size=10)
    add_tag(doc, "{%p else %}")
    data_table(
        doc,
        ["No", "Indikator Kinerja", "Satuan", "Polaritas", "Agregasi", "Target", "Realisasi",
         "Rumus", "Capaian (%)", "Predikat", "Keterangan"],
        ["{{ row.no }}", "{{ row.indikator }}", "{{ row.satuan }}", "{{ row.polaritas }}",
         "{{ row.agregasi }}", "{{ row.target }}", "{{ row.realisasi }}", "{{ row.rumus }}",
         "{{ row.capaian }}", "{{ row.predikat }}", "{{ row.keterangan }}"],
        scale([8, 58, 16, 16, 19, 16, 18, 34, 18, 20, 72], width),
        aligns=["center", "left", "center", "left", "left", "right", "right", "left", "right",
                "left", "left"],
        loop="row in g.rows",
        groups="g in groups",
        font_size=8,
    )  # fmt: skip
    left = closing_block(doc)
    add_text(left, "Rumus yang digunakan:", bold=True, align="left", size=9, after=1)
    rumus_block(left, 0, label_mm=35, size=9)
    tidy_cell(left)
    add_tag(doc, "{%p endif %}")
    return _finish(doc, "kertas_kerja", outdir)


# --- rekapitulasi pengukuran ---------------------------------------------------------------------


def capaian_table(doc, width_mm: float, *, loop: str, groups: str | None, indent_mm=None):
    """``No | Indikator | Satuan | Target | Realisasi | Capaian (%) | Predikat``."""
    return data_table(
        doc,
        ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)", "Predikat"],
        ["{{ row.no }}", "{{ row.indikator }}", "{{ row.satuan }}", "{{ row.target }}",
         "{{ row.realisasi }}", "{{ row.capaian }}", "{{ row.predikat }}"],
        scale([8, 57, 16, 16, 21, 18, 24], width_mm),
        aligns=["center", "left", "center", "right", "right", "right", "left"],
        loop=loop,
        groups=groups,
        font_size=8,
        indent_mm=indent_mm,
    )  # fmt: skip


def grafik_block(doc, indent_mm: float = 0) -> None:
    """The capaian chart(s): ``{%p for gambar in grafik %}{{ gambar }}{%p endfor %}`` and the
    ``grafik_keterangan`` caption, which the last chart keeps with it on its page (a caption
    alone at the top of the next page once followed the chart)."""
    add_tag(doc, "{%p for gambar in grafik %}")
    add_tag(doc, "{%p if loop.last %}")
    add_text(doc, "{{ gambar }}", align="center", after=2, keep_with_next=True)
    add_tag(doc, "{%p else %}")
    add_text(doc, "{{ gambar }}", align="center", after=2)
    add_tag(doc, "{%p endif %}")
    add_tag(doc, "{%p endfor %}")
    add_text(doc, "{{ grafik_keterangan }}", align="center", size=8.5, italic=True, color=GREY,
             indent_left_mm=indent_mm or None)  # fmt: skip


def build_rekap_pengukuran(outdir: Path) -> Path:
    """``rekapitulasi_pengukuran``: landscape; grouped 11-column table with a Jumlah row, the
    capaian chart(s), closing block with the summary and predicate counts and the signature of
    the Ketua Tim SAKIP."""
    doc = _doc(landscape=True)
    add_title(doc, "REKAPITULASI HASIL PENGUKURAN KINERJA", "{{ periode }}")
    add_fields(doc, [
        ("Perangkat Daerah", "{{ agency.nama }}"),
        ("Periode", "{{ periode }}"),
        ("Sumber data", "{{ sumber_data }}"),
    ], label_width_mm=40, size=10)  # fmt: skip
    add_blank(doc, 1, size=4)
    width = text_width_mm(doc)
    data_table(
        doc,
        ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)", "Predikat",
         "Pagu (Rp)", "Realisasi Anggaran (Rp)", "Serapan (%)", "Efisiensi"],
        ["{{ row.no }}", "{{ row.indikator }}", "{{ row.satuan }}", "{{ row.target }}",
         "{{ row.realisasi }}", "{{ row.capaian }}", "{{ row.predikat }}", "{{ row.pagu }}",
         "{{ row.realisasi_anggaran }}", "{{ row.serapan }}", "{{ row.efisiensi }}"],
        scale([8, 78, 16, 17, 18, 18, 23, 29, 29, 17, 22], width),
        aligns=["center", "left", "center", "right", "right", "right", "left", "right",
                "right", "right", "left"],
        loop="row in g.rows",
        groups="g in groups",
        footer=[("Jumlah anggaran", 7, "right"), ("{{ anggaran.pagu }}", 1, "right"),
                ("{{ anggaran.realisasi }}", 1, "right"), ("{{ anggaran.serapan }}", 1, "right"),
                ("", 1, "left")],
    )  # fmt: skip
    subheading(doc, "Grafik Capaian Kinerja", indent_mm=0)
    grafik_block(doc)
    left = closing_block(doc)
    add_text(left, "Ringkasan", bold=True, align="left", size=10, after=2, keep_with_next=True)
    lw = width - SIGNATURE_WIDTH_LANDSCAPE_MM - 5
    fw = 112.0
    pw = lw - fw - 4
    cell_a, cell_b = split_row(left, fw, lw - fw)
    fields = add_table(
        cell_a,
        [["Jumlah indikator", ":", "{{ ringkasan.jumlah }}"],
         ["Capaian dihitung", ":", "{{ ringkasan.dihitung }}"],
         ["Rata-rata capaian", ":", "{{ ringkasan.rata_rata }}"],
         ["Tidak dihitung", ":", "{{ ringkasan.tidak_dihitung }}"],
         ["Serapan anggaran", ":", "{{ ringkasan.serapan }}"]],
        widths_mm=[30, 3, fw - 35],
        bordered=False,
        font_size=9,
    )  # fmt: skip
    indent_table(fields, 0)
    cell_margins(fields, 0.5)
    predikat_table(cell_b, pw, 2, jumlah=True)
    for cell in (cell_a, cell_b):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        tidy_cell(cell)
    tidy_cell(left)
    return _finish(doc, "rekapitulasi_pengukuran", outdir)


# --- laporan pengukuran --------------------------------------------------------------------------


def build_laporan_pengukuran(outdir: Path) -> Path:
    """``laporan_pengukuran``: portrait; DRAFT marks (draft), nomor (final), sections I–V,
    signature, Lampiran with one small chart per indicator (two per row)."""
    doc = _doc(landscape=False, draft=True)
    _laporan_head(doc)
    width = text_width_mm(doc)
    inner = width - 10
    _pendahuluan(doc)

    heading(doc, "II. METODOLOGI PENGUKURAN")
    subheading(doc, "A. Rumus Capaian")
    rumus_block(doc, 10, label_mm=38)
    subheading(doc, "B. Cara Perhitungan")
    numbered_loop(doc, "c in cara_perhitungan", "{{ c }}")
    subheading(doc, "C. Skala Predikat")
    para(doc, "{{ skala_sumber }}", keep_with_next=True)
    predikat_table(doc, 100, 10)
    subheading(doc, "D. Ketentuan")
    numbered_loop(doc, "k in ketentuan", "{{ k }}")

    heading(doc, "III. HASIL PENGUKURAN KINERJA")
    subheading(doc, "A. Capaian Indikator Kinerja Utama (IKU)")
    add_tag(doc, "{%p if iku %}")
    capaian_table(doc, inner, loop="row in iku", groups=None, indent_mm=10)
    add_tag(doc, "{%p else %}")
    para(doc, "Tidak ada Indikator Kinerja Utama (IKU) dalam data periode ini.")
    add_tag(doc, "{%p endif %}")
    subheading(doc, "B. Capaian Seluruh Indikator Kinerja")
    para(doc, "{{ ringkasan_teks }}")
    capaian_table(doc, inner, loop="row in g.rows", groups="g in groups", indent_mm=10)
    subheading(doc, "C. Grafik Capaian Kinerja")
    grafik_block(doc, 10)
    subheading(doc, "D. Analisis Capaian per Indikator")
    numbered_loop(doc, "a in analisis", "{{ a }}")
    add_tag(doc, "{%p if perbandingan %}")
    subheading(doc, "E. Perbandingan Realisasi dengan Tahun Sebelumnya")
    para(doc, "{{ perbandingan_teks }}")
    data_table(
        doc,
        ["No", "Indikator Kinerja", "Satuan", "{{ kolom_lalu[0] }}", "{{ kolom_lalu[1] }}",
         "Target {{ tahun }}", "Realisasi {{ tahun }}",
         "Capaian (%)"],
        ["{{ row.no }}", "{{ row.indikator }}", "{{ row.satuan }}", "{{ row.lalu[0] }}",
         "{{ row.lalu[1] }}", "{{ row.target }}", "{{ row.realisasi }}", "{{ row.capaian }}"],
        scale([8, 52, 16, 19, 19, 18, 19, 18], inner),
        aligns=["center", "left", "center", "right", "right", "right", "right", "right"],
        loop="row in perbandingan",
        font_size=8,
        indent_mm=10,
    )  # fmt: skip
    add_tag(doc, "{%p endif %}")

    heading(doc, "IV. ANGGARAN")
    para(doc, "{{ anggaran_teks }}")
    data_table(
        doc,
        ["No", "Program/ Kegiatan/ Sub Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)",
         "Capaian Kinerja (%)", "Efisiensi"],
        ["{{ row.no }}", "{{ row.uraian }}", "{{ row.pagu }}", "{{ row.realisasi_anggaran }}",
         "{{ row.serapan }}", "{{ row.capaian }}", "{{ row.efisiensi }}"],
        scale([8, 43, 27, 27, 17, 18, 20], inner),
        aligns=["center", "left", "right", "right", "right", "right", "left"],
        loop="row in anggaran_rows",
        font_size=8,
        footer=[("Jumlah", 2, "right"), ("{{ anggaran.pagu }}", 1, "right"),
                ("{{ anggaran.realisasi }}", 1, "right"), ("{{ anggaran.serapan }}", 1, "right"),
                ("", 2, "left")],
        indent_mm=10,
    )  # fmt: skip
    add_text(doc, "{{ efisiensi_catatan }}", align="left", size=8.5, italic=True,
             indent_left_mm=10, before=2)  # fmt: skip

    heading(doc, "V. PENUTUP")
    subheading(doc, "A. Kesimpulan")
    para(doc, "{{ kesimpulan }}")
    subheading(doc, "B. Rencana Aksi")
    para(doc, "{{ rencana_aksi_teks }}", keep_with_next=True)
    aksi = data_table(
        doc,
        ["No", "Indikator", "Permasalahan", "Rencana Aksi", "Penanggung Jawab", "Waktu"],
        ["{{ row.no }}", "{{ row.indikator }}", "", "", "", ""],
        scale([8, 45, 30, 40, 22, 15], inner),
        aligns=["center", "left", "left", "left", "left", "left"],
        loop="row in rencana_aksi",
        number_row=False,
        font_size=8.5,
        indent_mm=10,
    )  # fmt: skip
    min_row_height(aksi.rows[2], 14)
    add_tag(doc, "{%p if catatan_arahan %}")
    para(doc, "{{ catatan_arahan }}", before=6, keep_with_next=True)
    add_ruled_lines(doc, 4, indent_left_mm=10)
    add_tag(doc, "{%p endif %}")
    para(doc, "{{ penutup }}", before=6)
    add_signature(doc, "ttd")

    add_page_break(doc)
    add_text(doc, "LAMPIRAN", bold=True, align="left", after=0)
    add_text(doc, "Grafik Target dan Realisasi per Triwulan — {{ periode }}", bold=True,
             align="left", after=6)  # fmt: skip
    table = add_table(
        doc,
        [["{%tr for pasangan in lampiran %}", ""], ["", ""], ["{%tr endfor %}", ""]],
        widths_mm=[width / 2, width / 2],
        bordered=False,
    )
    row = table.rows[1]
    cant_split(row)
    for j, cell in enumerate(row.cells):
        set_cell_text(cell, f"{{{{ pasangan[{j}].gambar }}}}", align="center")
        p = cell.add_paragraph()
        style_run(p.add_run(f"{{{{ pasangan[{j}].judul }}}}"), size=8, italic=True)
        format_paragraph(p, align="center", before=0, after=8)
    add_tag(doc, "{%p if not lampiran %}")
    add_text(doc, "Tidak ada indikator dengan nilai angka untuk digambarkan.", italic=True)
    add_tag(doc, "{%p endif %}")
    return _finish(doc, "laporan_pengukuran", outdir)


# --- all -----------------------------------------------------------------------------------------


def build_all(outdir: Path) -> list[Path]:
    """Write the six templates into ``outdir`` and return their paths."""
    outdir = Path(outdir)
    return [
        build_formulir(outdir),
        build_rekap_pengumpulan(outdir),
        build_laporan_pengumpulan(outdir),
        build_kertas_kerja(outdir),
        build_rekap_pengukuran(outdir),
        build_laporan_pengukuran(outdir),
    ]
