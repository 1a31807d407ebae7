"""Builder of ``templates/docx/sop.docx``: the SOP document itself (SOP AP, Permenpan RB 35/2012).

Landscape F4 (the SOP AP pages are landscape), context from :mod:`naskah.documents.sop`:

1. identity page — a table whose left column (merged over six rows) is the kop (``logo``,
   ``kop.pemerintah``, ``kop.nama``) and whose right columns hold Nomor SOP, Tanggal Pembuatan,
   Tanggal Revisi, Tanggal Efektif, Disahkan oleh (jabatan, room to sign, name, pangkat, NIP),
   Nama SOP; under it a two-column table: Dasar Hukum | Kualifikasi Pelaksana, Keterkaitan |
   Peralatan/Perlengkapan, Peringatan | Pencatatan dan Pendataan (numbered lists);
2. for each procedure (``{%p for p in prosedur %}``): a new page with its steps as a text table
   (No, Uraian Prosedur, Pelaksana, Kelengkapan, Waktu, Output, Keterangan), then one page per
   flowchart image (``p.halaman``: title line + the PNG at the full text width), then the
   signature block of the Kepala (``ttd``).

Run with the other builders: ``.venv/bin/python templates/build``.
"""

from __future__ import annotations

from pathlib import Path

from common import (
    GREY,
    _new_table,
    _zero_cell_margins,
    add_cell_paragraph,
    add_footer_ref,
    add_loop_table,
    add_signature,
    add_tag,
    add_text,
    cant_split,
    format_paragraph,
    merge_cells,
    new_document,
    save,
    set_cell_text,
    text_width_mm,
)
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Mm, Pt

SLUG = "sop"
SIZE = 9.5
"""Font size of the identity page, pt."""

LIST_HANG_MM = 6.0
"""Hanging indent of the numbered lists of the identity page."""

_IDENTITAS_ROWS = (
    ("Nomor SOP", "{{ identitas.nomor }}"),
    ("Tanggal Pembuatan", "{{ identitas.tanggal_pembuatan }}"),
    ("Tanggal Revisi", "{{ identitas.tanggal_revisi }}"),
    ("Tanggal Efektif", "{{ identitas.tanggal_efektif }}"),
    ("{{ identitas.disahkan_label }}", None),
    ("Nama SOP", "{{ identitas.nama_sop }}"),
)

_LIST_PAIRS = (
    (("Dasar Hukum", "dasar_hukum"), ("Kualifikasi Pelaksana", "kualifikasi")),
    (("Keterkaitan", "keterkaitan"), ("Peralatan/Perlengkapan", "peralatan")),
    (("Peringatan", "peringatan"), ("Pencatatan dan Pendataan", "pencatatan")),
)


def _cell_list(cell, label: str, key: str) -> None:
    """``label:`` (bold) then ``{%p for it in identitas.<key> %}`` / ``<no><tab><teks>`` with a
    hanging indent / ``{%p endfor %}``."""
    set_cell_text(cell, f"{label}:", bold=True, size=SIZE)
    add_cell_paragraph(cell, f"{{%p for it in identitas.{key} %}}")
    p = add_cell_paragraph(cell, "{{ it.no }}\t{{ it.teks }}", size=SIZE)
    pf = p.paragraph_format
    pf.left_indent = Mm(LIST_HANG_MM)
    pf.first_line_indent = Mm(-LIST_HANG_MM)
    pf.tab_stops.add_tab_stop(Mm(LIST_HANG_MM))
    add_cell_paragraph(cell, "{%p endfor %}")


def _identity_page(doc) -> None:
    width = text_width_mm(doc)
    kop_w, label_w = 105.0, 42.0
    table = _new_table(
        doc, len(_IDENTITAS_ROWS), [kop_w, label_w, width - kop_w - label_w], bordered=True
    )
    _zero_cell_margins(table, 1.5, 1.5)
    kop = merge_cells(table.cell(0, 0), table.cell(len(_IDENTITAS_ROWS) - 1, 0))
    kop.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    set_cell_text(kop, "{%p if logo %}")  # no logo in the profile: no room kept for one
    add_cell_paragraph(kop, "{{ logo }}", size=8, align="center", color=GREY)
    add_cell_paragraph(kop, "", size=6)
    add_cell_paragraph(kop, "{%p endif %}")
    add_cell_paragraph(kop, "{{ kop.pemerintah }}", align="center", bold=True, size=12)
    add_cell_paragraph(kop, "{{ kop.nama }}", align="center", bold=True, size=13)
    for row, (label, value) in zip(table.rows, _IDENTITAS_ROWS, strict=True):
        lab, val = row.cells[1], row.cells[2]
        lab.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        set_cell_text(lab, label, bold=True, size=SIZE)
        if value is not None:
            set_cell_text(val, value, size=SIZE, bold=label == "Nama SOP")
            val.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            format_paragraph(val.paragraphs[0], before=2, after=2)
            continue
        # Disahkan oleh: jabatan, room to sign, name, pangkat, NIP
        set_cell_text(val, "{{ identitas.disahkan.jabatan }}", size=SIZE, bold=True, align="center")
        format_paragraph(val.paragraphs[0], before=2)
        space = add_cell_paragraph(val, "", size=SIZE)
        space.paragraph_format.space_before = Mm(12)
        add_cell_paragraph(
            val,
            "{{ identitas.disahkan.nama }}",
            align="center",
            bold=True,
            underline=True,
            size=SIZE,
        )
        add_cell_paragraph(val, "{%p if identitas.disahkan.pangkat %}")
        add_cell_paragraph(val, "{{ identitas.disahkan.pangkat }}", align="center", size=SIZE)
        add_cell_paragraph(val, "{%p endif %}")
        nip = add_cell_paragraph(val, "{{ identitas.disahkan.nip }}", align="center", size=SIZE)
        format_paragraph(nip, after=2)

    add_text(doc, "", align="left", size=4, after=0)
    half = width / 2
    lists = _new_table(doc, len(_LIST_PAIRS), [half, half], bordered=True)
    _zero_cell_margins(lists, 1.5, 1.5)
    for row, pair in zip(lists.rows, _LIST_PAIRS, strict=True):
        cant_split(row)
        for cell, (label, key) in zip(row.cells, pair, strict=True):
            _cell_list(cell, label, key)


def _lembar_kerja(doc) -> None:
    """The "Lembar Kerja Identifikasi Kegiatan" (only when ``lembar_kerja``): A. Data Kegiatan,
    B. Identifikasi Kegiatan, C. Identifikasi Langkah — two-column tables as the seed prints
    them."""
    add_tag(doc, "{%p if lembar_kerja %}")
    _title(doc, "LEMBAR KERJA IDENTIFIKASI KEGIATAN")
    width = text_width_mm(doc)
    label_w = 70.0
    lk = "lembar_kerja"
    sections = (
        ("A. Data Kegiatan", [
            ("1. Judul SOP", f"{{{{ {lk}.judul_sop }}}}"),
            ("2. Jenis Kegiatan", f"{{{{ {lk}.jenis_kegiatan }}}}"),
            ("3. Penanggung Jawab", ""),
            ("    a. Produk", f"{{{{ {lk}.pj_produk }}}}"),
            ("    b. Kegiatan", f"{{{{ {lk}.pj_kegiatan }}}}"),
            ("4. Scope (Ruang Lingkup)", f"{{{{ {lk}.ruang_lingkup }}}}"),
        ]),
        ("B. Identifikasi Kegiatan", [
            ("Judul Kegiatan", f"{{{{ {lk}.judul_kegiatan }}}}"),
            ("Langkah Awal", f"{{{{ {lk}.langkah_awal }}}}"),
            ("Langkah Utama", f"{{{{ {lk}.langkah_utama }}}}"),
            ("Langkah Akhir", f"{{{{ {lk}.langkah_akhir }}}}"),
        ]),
    )  # fmt: skip
    for heading, rows in sections:
        add_text(doc, heading, bold=True, align="left", size=10, before=6, after=2,
                 keep_with_next=True)  # fmt: skip
        table = _new_table(doc, len(rows), [label_w, width - label_w], bordered=True)
        _zero_cell_margins(table, 1.5, 1.5)
        for row, (label, value) in zip(table.rows, rows, strict=True):
            cant_split(row)
            set_cell_text(row.cells[0], label, size=SIZE)
            set_cell_text(row.cells[1], value, size=SIZE)
    add_text(doc, "C. Identifikasi Langkah", bold=True, align="left", size=10, before=6, after=2,
             keep_with_next=True)  # fmt: skip
    add_loop_table(
        doc, ["Langkah", "Uraian"], ["{{ l.label }}", "{{ l.teks }}"],
        loop=f"l in {lk}.langkah", widths_mm=[label_w, width - label_w], font_size=SIZE,
        aligns=["left", "left"], number_row=False,
    )  # fmt: skip
    add_tag(doc, "{%p endif %}")


def _title(doc, text: str, after: str = "") -> None:
    """A bold line starting a new page, then ``after`` (e.g. "(halaman 1 dari 2)") not bold.
    No right-aligned tab: its position would not follow the page when resized to A4."""
    p = add_text(doc, text, bold=True, align="left", size=10.5, after=3, keep_with_next=True)
    p.paragraph_format.page_break_before = True
    if after:
        p.add_run(f" {after}").font.size = Pt(9.5)


def _procedures(doc) -> None:
    width = text_width_mm(doc)
    add_tag(doc, "{%p for p in prosedur %}")
    _title(doc, "{{ p.huruf }}. {{ p.judul_tabel }}")
    add_text(
        doc,
        "Uraian prosedur, pelaksana dan mutu baku:",
        align="left",
        size=9.5,
        after=3,
        keep_with_next=True,
    )
    widths = [10.0, 80.0, 38.0, 55.0, 20.0, 52.0]
    widths.append(width - sum(widths))
    add_loop_table(
        doc,
        ["No", "Uraian Prosedur", "Pelaksana", "Kelengkapan", "Waktu", "Output", "Keterangan"],
        [
            "{{ s.no }}",
            "{{ s.uraian }}",
            "{{ s.pelaksana }}",
            "{{ s.kelengkapan }}",
            "{{ s.waktu }}",
            "{{ s.output }}",
            "{{ s.keterangan }}",
        ],
        loop="s in p.langkah",
        widths_mm=widths,
        font_size=9,
        aligns=["center", "left", "left", "left", "center", "left", "left"],
        number_row=True,
    )
    add_tag(doc, "{%p for h in p.halaman %}")
    _title(doc, "{{ p.huruf }}. BAGAN ALIR PROSEDUR {{ p.judul_kapital }}", "({{ h.teks }})")
    img = add_text(doc, "{{ h.gambar }}", align="center", after=0)
    format_paragraph(img, before=0, after=0)
    add_tag(doc, "{%p endfor %}")
    add_signature(doc, "ttd", align="right", size=SIZE)
    add_tag(doc, "{%p endfor %}")


def build_sop(outdir: Path) -> Path:
    """``sop``: landscape F4; identity page, then per procedure its text table, its flowchart
    pages and the signature."""
    doc = new_document(landscape=True)
    _identity_page(doc)
    _lembar_kerja(doc)
    _procedures(doc)
    add_footer_ref(doc)
    return save(doc, SLUG, outdir)


def build_all(outdir: Path) -> list[Path]:
    return [build_sop(outdir)]
