"""Templates of the letters and forms (naskah dinas) of the SOP, domain brief §3.

Kinds: ``nota_dinas``, ``undangan_rapat``, ``notulen_rapat`` (with its daftar hadir),
``program_kerja``, ``checklist_dokumen``, ``tanda_terima``, ``lembar_disposisi``,
``surat_pengantar``. Their contexts are built by ``naskah.documents.surat``,
``naskah.documents.rapat`` and ``naskah.documents.perencanaan`` (each builder's docstring lists
its keys). Run ``.venv/bin/python templates/build`` to rebuild.
"""

from __future__ import annotations

from pathlib import Path

from common import (
    add_blank,
    add_cell_paragraph,
    add_fields,
    add_footer_ref,
    add_kop,
    add_loop_table,
    add_page_break,
    add_signature,
    add_tag,
    add_text,
    add_title,
    add_two_signatures,
    cant_split,
    cell_borders,
    checkbox,
    dotted_line,
    merge_cells,
    paragraph_border,
    repeat_header,
    save,
    set_cell_text,
    set_col_widths,
    shade_cell,
    table_borders,
    text_width_mm,
)
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.shared import Mm

BOX = checkbox()


def _paragraphs(doc, var: str, *, indent_first_mm: float | None = 12.5, numbered=False) -> None:
    """One justified paragraph per item of list ``var`` (``{%p for … %}``)."""
    add_tag(doc, f"{{%p for par in {var} %}}")
    if numbered:
        add_text(doc, "{{ loop.index }}. {{ par }}", indent_left_mm=6, indent_first_mm=-6, after=3)
    else:
        add_text(doc, "{{ par }}", indent_first_mm=indent_first_mm, after=6)
    add_tag(doc, "{%p endfor %}")


def _list_or_lines(doc, var: str, lines: int = 5) -> None:
    """A numbered list of ``var`` (indented), or dotted lines to fill by hand when it is empty."""
    add_tag(doc, f"{{%p for item in {var} %}}")
    add_text(doc, "{{ loop.index }}. {{ item }}", indent_left_mm=12, indent_first_mm=-5, after=2)
    add_tag(doc, "{%p else %}")
    width = text_width_mm(doc) - 7
    dots = dotted_line(width)
    for _ in range(lines):
        add_text(doc, dots, align="left", indent_left_mm=7, before=3, after=0)
    add_tag(doc, "{%p endfor %}")


def _row_height(row, mm: float) -> None:
    row.height = Mm(mm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


# --- nota dinas ----------------------------------------------------------------------------------


def nota_dinas(outdir: Path) -> Path:
    """NOTA DINAS: kop; title; Yth./Dari/Tembusan/Tanggal/Nomor/Sifat/Lampiran/Hal; rule; body
    paragraphs ``isi``; signature ``ttd`` (the Kepala)."""
    doc = new_letter()
    add_title(doc, "NOTA DINAS", underline=True, size=13)
    add_blank(doc, 1, size=6)
    add_fields(
        doc,
        [
            ("Yth.", "{{ yth }}"),
            ("Dari", "{{ dari }}"),
            ("Tembusan", "{{ tembusan }}"),
            ("Tanggal", "{{ tanggal }}"),
            ("Nomor", "{{ nomor }}"),
            ("Sifat", "{{ sifat }}"),
            ("Lampiran", "{{ lampiran }}"),
            ("Hal", "{{ hal }}"),
        ],
        label_width_mm=28,
    )
    rule = add_text(doc, "", align="left", size=4, after=10)
    paragraph_border(rule, "bottom", val="single", sz=8)
    _paragraphs(doc, "isi")
    add_signature(doc, "ttd")
    return save(doc, "nota_dinas", outdir)


def new_letter():
    """A portrait F4 document with the kop and the footer."""
    from common import new_document

    doc = new_document()
    add_kop(doc)
    add_footer_ref(doc)
    return doc


# --- undangan rapat ------------------------------------------------------------------------------


def undangan_rapat(outdir: Path) -> Path:
    """Surat undangan: kop; place/date right; Nomor/Sifat/Lampiran/Hal; Yth.; body with the
    meeting's Hari/Tanggal, Waktu, Tempat, Acara; signature ``ttd``."""
    doc = new_letter()
    add_text(doc, "{{ tempat_tanggal }}", align="right", after=6)
    add_fields(
        doc,
        [
            ("Nomor", "{{ nomor }}"),
            ("Sifat", "{{ sifat }}"),
            ("Lampiran", "{{ lampiran }}"),
            ("Hal", "{{ hal }}"),
        ],
        label_width_mm=22,
    )
    add_blank(doc, 1)
    add_text(doc, "Yth. {{ yth }}", align="left", indent_left_mm=70)
    add_text(doc, "di", align="left", indent_left_mm=70)
    add_text(doc, "{{ tempat_tujuan }}", align="left", indent_left_mm=76, after=10)
    _paragraphs(doc, "pembuka", indent_first_mm=12.5)
    add_fields(
        doc,
        [
            ("Hari/Tanggal", "{{ rapat.hari_tanggal }}"),
            ("Waktu", "{{ rapat.waktu }}"),
            ("Tempat", "{{ rapat.tempat }}"),
            ("Acara", "{{ rapat.acara }}"),
        ],
        label_width_mm=30,
        indent_mm=12.5,
    )
    add_blank(doc, 1, size=6)
    _paragraphs(doc, "penutup", indent_first_mm=12.5)
    add_signature(doc, "ttd")
    return save(doc, "undangan_rapat", outdir)


# --- notulen rapat + daftar hadir ----------------------------------------------------------------


def notulen_rapat(outdir: Path) -> Path:
    """NOTULEN RAPAT with the meeting facts, pembukaan, pembahasan, keputusan/kesimpulan (lists
    or dotted lines), penutupan, two signatures (``ttd_pimpinan``, ``ttd_pencatat``); then on a
    new page the DAFTAR HADIR (rows ``hadir``: ``no``, ``nama``, ``jabatan``, ``kiri``,
    ``kanan`` — the zig-zag signature numbers)."""
    doc = new_letter()
    add_title(doc, "NOTULEN RAPAT", underline=True, size=13)
    add_blank(doc, 1, size=6)
    add_fields(
        doc,
        [
            ("Nama Rapat", "{{ rapat.nama }}"),
            ("Hari/Tanggal", "{{ rapat.hari_tanggal }}"),
            ("Waktu", "{{ rapat.waktu }}"),
            ("Tempat", "{{ rapat.tempat }}"),
            ("Acara", "{{ rapat.acara }}"),
            ("Pimpinan Rapat", "{{ rapat.pimpinan }}"),
            ("Pencatat", "{{ rapat.pencatat }}"),
            ("Peserta", "{{ rapat.peserta }}"),
        ],
        label_width_mm=35,
    )
    for n, (judul, var) in enumerate(
        (
            ("Pembukaan", "pembukaan"),
            ("Pembahasan", "pembahasan"),
            ("Keputusan/Kesimpulan", "keputusan"),
            ("Penutupan", "penutupan"),
        ),
        start=1,
    ):
        add_text(doc, f"{n}. {judul}", bold=True, align="left", before=8, after=3,
                 keep_with_next=True)  # fmt: skip
        _list_or_lines(doc, var, lines=2 if var in ("pembukaan", "penutupan") else 4)
    add_two_signatures(doc, "ttd_pimpinan", "ttd_pencatat")

    add_page_break(doc)
    add_title(doc, "DAFTAR HADIR", size=13)
    add_text(doc, "{{ rapat.nama }}", align="center", after=8)
    add_fields(
        doc,
        [
            ("Hari/Tanggal", "{{ rapat.hari_tanggal }}"),
            ("Waktu", "{{ rapat.waktu }}"),
            ("Tempat", "{{ rapat.tempat }}"),
        ],
        label_width_mm=30,
    )
    add_blank(doc, 1, size=6)
    width = text_width_mm(doc)
    widths = [10.0, 55.0, 55.0, (width - 120) / 2, (width - 120) / 2]
    table = add_loop_table(
        doc,
        ["No", "Nama", "Jabatan", "Tanda Tangan", ""],
        ["{{ h.no }}", "{{ h.nama }}", "{{ h.jabatan }}", "{{ h.kiri }}", "{{ h.kanan }}"],
        loop="h in hadir",
        widths_mm=widths,
        font_size=10,
        aligns=["center", "left", "left", "left", "left"],
    )
    head = table.rows[0]
    merged = merge_cells(head.cells[3], head.cells[4])
    set_cell_text(merged, "Tanda Tangan", bold=True, size=10, align="center")
    row = table.rows[2]
    _row_height(row, 11)
    for c in row.cells:
        c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    cell_borders(row.cells[3], right="nil")
    cell_borders(row.cells[4], left="nil")
    return save(doc, "notulen_rapat", outdir)


# --- program kerja --------------------------------------------------------------------------------


def program_kerja(outdir: Path) -> Path:
    """PROGRAM KERJA KEGIATAN: title lines; ``pengantar`` paragraphs; table rows ``kegiatan``
    (``no``, ``uraian``, ``pelaksana``, ``waktu``, ``jadwal``, ``output``) and a total row
    (``total_waktu``, ``total_jadwal``); ``catatan_jadwal``; signatures ``mengetahui`` (left)
    and ``ttd`` (right)."""
    from common import new_document

    doc = new_document()
    add_footer_ref(doc)
    add_title(doc, "PROGRAM KERJA KEGIATAN", size=13)
    add_text(doc, "{{ procedure.judul|upper }}", bold=True, align="center", size=12)
    add_text(doc, "{{ agency.nama|upper }}", bold=True, align="center", size=12)
    add_text(doc, "{{ periode|upper }}", bold=True, align="center", size=12, after=12)
    _paragraphs(doc, "pengantar", indent_first_mm=12.5)
    add_blank(doc, 1, size=4)
    width = text_width_mm(doc)
    widths = [9.0, 0.0, 22.0, 19.0, 28.0, 27.0]
    widths[1] = width - sum(widths)
    table = add_loop_table(
        doc,
        ["No", "Kegiatan", "Pelaksana", "Waktu", "Jadwal", "Output"],
        ["{{ k.no }}", "{{ k.uraian }}", "{{ k.pelaksana }}", "{{ k.waktu }}", "{{ k.jadwal }}",
         "{{ k.output }}"],
        loop="k in kegiatan",
        widths_mm=widths,
        font_size=9,
        aligns=["center", "left", "left", "center", "center", "left"],
        number_row=True,
    )  # fmt: skip
    total = table.add_row()
    cant_split(total)
    label = merge_cells(total.cells[0], total.cells[3])
    set_cell_text(label, "Jumlah waktu: {{ total_waktu }}", bold=True, size=9, align="right")
    set_cell_text(total.cells[4], "{{ total_jadwal }}", bold=True, size=9, align="center")
    for c in (label, total.cells[4], total.cells[5]):
        shade_cell(c, "F2F2F2")
    add_blank(doc, 1, size=4)
    add_tag(doc, "{%p for par in catatan_jadwal %}")
    add_text(doc, "{{ par }}", size=9, italic=True, after=2, keep_with_next=True)
    add_tag(doc, "{%p endfor %}")
    add_two_signatures(doc, "mengetahui", "ttd")
    return save(doc, "program_kerja", outdir)


# --- checklist dokumen ---------------------------------------------------------------------------


def checklist_dokumen(outdir: Path) -> Path:
    """CHECKLIST DOKUMEN: title lines; table rows ``dokumen`` (``no``, ``nama``, ``sumber``) with
    empty check boxes Ada / Tidak Ada and an empty Keterangan; signature ``ttd``."""
    from common import new_document

    doc = new_document()
    add_footer_ref(doc)
    add_title(doc, "CHECKLIST DOKUMEN", size=13)
    add_text(doc, "KEGIATAN {{ procedure.judul|upper }}", bold=True, align="center", size=12)
    add_text(doc, "{{ agency.nama|upper }}", bold=True, align="center", size=12)
    add_text(doc, "{{ periode|upper }}", bold=True, align="center", size=12, after=12)
    _paragraphs(doc, "pengantar", indent_first_mm=12.5)
    add_blank(doc, 1, size=4)
    width = text_width_mm(doc)
    widths = [10.0, 0.0, 16.0, 18.0, 48.0]
    widths[1] = width - sum(widths)
    table = add_loop_table(
        doc,
        ["No", "Dokumen", "Ada", "Tidak Ada", "Keterangan"],
        ["{{ d.no }}", "{{ d.nama }}", BOX, BOX, ""],
        loop="d in dokumen",
        widths_mm=widths,
        font_size=10,
        aligns=["center", "left", "center", "center", "left"],
    )
    row = table.rows[2]
    _row_height(row, 8)
    for c in row.cells:
        c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for j in (2, 3):
        for r in row.cells[j].paragraphs[0].runs:
            r.font.size = Mm(4.5)
    add_blank(doc, 1, size=4)
    add_text(doc, "{{ catatan }}", size=9, italic=True)
    add_signature(doc, "ttd")
    return save(doc, "checklist_dokumen", outdir)


# --- tanda terima --------------------------------------------------------------------------------


def tanda_terima(outdir: Path) -> Path:
    """BUKTI TANDA TERIMA FORMULIR (one per bidang): what, how many, from, to, date; the
    indicators of the formulir (rows ``indikator``: ``no``, ``kode``, ``nama``); two signatures
    ``ttd_penyerah`` (left) and ``ttd_penerima`` (right)."""
    doc = new_letter()
    add_title(doc, "BUKTI TANDA TERIMA FORMULIR", underline=True, size=13)
    add_text(doc, "{{ periode }}", align="center", after=12)
    add_text(doc, "{{ pembuka }}", after=6)
    add_fields(
        doc,
        [
            ("Jenis", "{{ jenis }}"),
            ("Banyaknya", "{{ banyaknya }}"),
            ("Dari", "{{ dari }}"),
            ("Kepada", "{{ kepada }}"),
            ("Tanggal", "{{ tanggal }}"),
        ],
        label_width_mm=28,
        indent_mm=8,
    )
    add_blank(doc, 1, size=6)
    add_text(doc, "Indikator kinerja dalam formulir:", align="left", after=3)
    width = text_width_mm(doc)
    add_loop_table(
        doc,
        ["No", "Kode", "Indikator Kinerja"],
        ["{{ i.no }}", "{{ i.kode }}", "{{ i.nama }}"],
        loop="i in indikator",
        widths_mm=[10.0, 38.0, width - 48.0],
        font_size=9,
        aligns=["center", "left", "left"],
    )
    add_blank(doc, 1, size=6)
    add_text(doc, "{{ penutup }}", after=6)
    add_two_signatures(doc, "ttd_penyerah", "ttd_penerima")
    return save(doc, "tanda_terima", outdir)


# --- lembar disposisi ----------------------------------------------------------------------------


def lembar_disposisi(outdir: Path) -> Path:
    """LEMBAR DISPOSISI: the paper form as a bordered full-width table.

    Keys: ``surat.dari``, ``surat.nomor``, ``surat.tanggal``, ``diterima``, ``agenda``,
    ``sifat`` (list of labels, each printed with an empty box), ``perihal``, ``diteruskan``
    and ``instruksi`` (lists of labels with boxes), ``catatan_baris`` (count of dotted lines)."""
    doc = new_letter()
    add_title(doc, "LEMBAR DISPOSISI", size=14)
    add_blank(doc, 1, size=4)
    width = text_width_mm(doc)
    half = width / 2
    table = doc.add_table(rows=6, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table_borders(table, "single", sz=8)
    set_col_widths(table, [half, half])
    lw = 26.0

    def labelled(cell, pairs):
        """Label : value lines in one cell, label column by a tab stop."""
        first = True
        for label, value in pairs:
            text = f"{label}\t: {value}"
            p = (
                set_cell_text(cell, text, size=10)
                if first
                else add_cell_paragraph(cell, text, size=10)
            )
            p.paragraph_format.tab_stops.add_tab_stop(Mm(lw))
            p.paragraph_format.left_indent = Mm(lw + 3)
            p.paragraph_format.first_line_indent = Mm(-(lw + 3))
            p.paragraph_format.space_after = Mm(1.2)
            first = False

    r0 = table.rows[0].cells
    labelled(r0[0], [("Surat dari", "{{ surat.dari }}"), ("Nomor Surat", "{{ surat.nomor }}"),
                     ("Tanggal Surat", "{{ surat.tanggal }}")])  # fmt: skip
    labelled(r0[1], [("Diterima Tgl.", "{{ diterima }}"), ("Nomor Agenda", "{{ agenda }}")])
    set_cell_text_after(r0[1], "Sifat:", bold=True)
    add_cell_paragraph(r0[1], "{%p for s in sifat %}")
    p = add_cell_paragraph(r0[1], f"{BOX}  {{{{ s }}}}", size=10)
    p.paragraph_format.left_indent = Mm(4)
    add_cell_paragraph(r0[1], "{%p endfor %}")

    r1 = table.rows[1]
    merge_cells(r1.cells[0], r1.cells[1])
    labelled(r1.cells[0], [("Perihal", "{{ perihal }}")])

    r2 = table.rows[2].cells
    set_cell_text(r2[0], "Diteruskan kepada Sdr.:", bold=True, size=10)
    set_cell_text(r2[1], "Dengan hormat harap:", bold=True, size=10)
    for cell, var in ((r2[0], "diteruskan"), (r2[1], "instruksi")):
        add_cell_paragraph(cell, f"{{%p for t in {var} %}}")
        p = add_cell_paragraph(cell, f"{BOX}  {{{{ t }}}}", size=10)
        p.paragraph_format.left_indent = Mm(9)
        p.paragraph_format.first_line_indent = Mm(-5)
        p.paragraph_format.space_before = Mm(1)
        add_cell_paragraph(cell, "{%p endfor %}")
        add_cell_paragraph(cell, "")

    r3 = table.rows[3]
    merge_cells(r3.cells[0], r3.cells[1])
    set_cell_text(r3.cells[0], "Catatan:", bold=True, size=10)
    dots = dotted_line(width - 4)
    add_cell_paragraph(r3.cells[0], "{%p for _ in range(catatan_baris) %}")
    p = add_cell_paragraph(r3.cells[0], dots, size=11)
    p.paragraph_format.space_before = Mm(3)
    add_cell_paragraph(r3.cells[0], "{%p endfor %}")
    add_cell_paragraph(r3.cells[0], "")

    r4 = table.rows[4].cells
    set_cell_text(r4[0], "Paraf:", bold=True, size=10)
    for _ in range(4):
        add_cell_paragraph(r4[0], "")
    set_cell_text(r4[1], "Tanggal: {{ tanggal_paraf }}", bold=False, size=10)

    r5 = table.rows[5]
    merge_cells(r5.cells[0], r5.cells[1])
    set_cell_text(r5.cells[0], "{{ petunjuk }}", size=8, italic=True)
    for row in table.rows:
        cant_split(row)
        for c in row.cells:
            c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return save(doc, "lembar_disposisi", outdir)


def set_cell_text_after(cell, text: str, *, bold=False, size=10):
    """Append a paragraph to ``cell`` with some space before it."""
    p = add_cell_paragraph(cell, text, bold=bold, size=size)
    p.paragraph_format.space_before = Mm(2)
    return p


# --- surat pengantar -----------------------------------------------------------------------------


def surat_pengantar(outdir: Path) -> Path:
    """SURAT PENGANTAR: kop; place/date right; Yth.; title and Nomor; table rows ``kiriman``
    (``no``, ``jenis``, ``banyaknya``, ``keterangan``); two blocks: ``penerima`` (left, the
    "Diterima tanggal … / Penerima" block) and ``ttd`` (right, the sender)."""
    doc = new_letter()
    add_text(doc, "{{ tempat_tanggal }}", align="right", after=6)
    add_text(doc, "Yth. {{ yth }}", align="left", indent_left_mm=90)
    add_text(doc, "di", align="left", indent_left_mm=90)
    add_text(doc, "{{ tempat_tujuan }}", align="left", indent_left_mm=96, after=12)
    add_title(doc, "SURAT PENGANTAR", underline=True, size=13)
    add_text(doc, "Nomor : {{ nomor }}", align="center", after=10)
    width = text_width_mm(doc)
    add_loop_table(
        doc,
        ["No", "Jenis yang Dikirim", "Banyaknya", "Keterangan"],
        ["{{ k.no }}", "{{ k.jenis }}", "{{ k.banyaknya }}", "{{ k.keterangan }}"],
        loop="k in kiriman",
        widths_mm=[10.0, width - 10.0 - 30.0 - 55.0, 30.0, 55.0],
        font_size=10,
        aligns=["center", "left", "center", "left"],
    )
    add_two_signatures(doc, "penerima", "ttd")
    return save(doc, "surat_pengantar", outdir)


# --- all -----------------------------------------------------------------------------------------

BUILDERS = (
    nota_dinas,
    undangan_rapat,
    notulen_rapat,
    program_kerja,
    checklist_dokumen,
    tanda_terima,
    lembar_disposisi,
    surat_pengantar,
)


def build_all(outdir: Path) -> list[Path]:
    """Write every letter template into ``outdir``; returns their paths."""
    return [build(Path(outdir)) for build in BUILDERS]


__all__ = ["build_all", "BUILDERS", "repeat_header"]
