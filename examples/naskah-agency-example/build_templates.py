"""Build the plugin's docxtpl templates (``naskah_agency_example/templates/*.docx``) and its
FICTIONAL logo (``naskah_agency_example/logo.png``) with python-docx and Pillow.

Run from this folder (the results are committed, so installing the plugin needs neither)::

    python build_templates.py

Templates are Word files with Jinja tags that naskah renders with docxtpl: ``{{ nomor }}`` in
a run, ``{%p if … %}`` / ``{%p endif %}`` as whole paragraphs, ``{%tr for r in rows %}`` as a
whole table row. Their variables are the context naskah builds for the kind (for
``nota_dinas``: naskah's own context; for ``berita_acara``: this plugin's
:func:`naskah_agency_example.berita_acara.berita_acara_context`). ``naskah plugins`` checks
both (undeclared variables, Jinja syntax, a sample render).

This plugin's own kop (different from naskah's logo-left kop): the logo centred on top, the
government and agency lines centred under it, then a thick and a thin rule; a grey header line
on every page says the agency is fictional. Paper A4 (210 × 297 mm), margins 20/20/25/20 mm,
Arial 11 pt.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "naskah_agency_example"
OUTDIR = PACKAGE / "templates"
GREY = RGBColor(0x80, 0x80, 0x80)
TEXT_WIDTH_MM = 210 - 25 - 20
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# --- small python-docx helpers -------------------------------------------------------------------


def new_document():
    """An A4 portrait document, Arial 11 pt, with the 'fictional' header on every page."""
    doc = Document()
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(20), Mm(20), Mm(25), Mm(20)
    s.header_distance = s.footer_distance = Mm(8)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Arial")
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(2)
    cp = doc.core_properties
    cp.created = cp.modified = cp.last_printed = datetime(2025, 1, 1)
    cp.author = cp.last_modified_by = "naskah-agency-example"
    cp.revision = 1
    head = s.header.paragraphs[0]
    run = head.add_run("CONTOH — instansi fiktif, bukan naskah dinas resmi")
    run.font.size, run.font.color.rgb, run.italic = Pt(7), GREY, True
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot = s.footer.paragraphs[0]
    run = foot.add_run("{{ sumber }}")
    run.font.size, run.font.color.rgb = Pt(7), GREY
    return doc


def para(container, text="", *, bold=False, size=None, align="justify", before=0, after=2,
         underline=False, italic=False, indent_first_mm=None, color=None):  # fmt: skip
    """A paragraph with one run in ``container`` (document or cell)."""
    p = container.add_paragraph()
    if text:
        r = p.add_run(text)
        r.bold, r.underline, r.italic = bold, underline, italic
        if size:
            r.font.size = Pt(size)
        if color is not None:
            r.font.color.rgb = color
    pf = p.paragraph_format
    pf.alignment = ALIGN[align]
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if indent_first_mm:
        pf.first_line_indent = Mm(indent_first_mm)
    return p


def rule(doc, sz: int, after: float) -> None:
    """An empty paragraph with a bottom border ``sz`` eighths of a point thick."""
    p = para(doc, size=2, after=after)
    p.paragraph_format.line_spacing = Pt(2)
    ppr = p._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", str(sz)), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    pbdr.append(bottom)
    ppr.insert(0, pbdr)


def borders(table, val: str) -> None:
    """All borders of ``table`` (``"single"`` or ``"nil"``)."""
    tblpr = table._tbl.tblPr
    b = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), val)
        if val != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:color"), "000000")
        b.append(el)
    _before_look(tblpr, b)


def _before_look(tblpr, el) -> None:
    """Insert ``el`` into ``tblPr`` before ``tblLook`` (the schema's order: … tblBorders, shd,
    tblLayout, tblCellMar, tblLook)."""
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(el)
    else:
        tblpr.append(el)


def table(doc, widths_mm: list[float], rows: int = 1, *, bordered: bool = True):
    """A table centred on the page with fixed column widths (``tblLayout fixed``, the grid and
    every cell: LibreOffice reads the grid, Word the cells)."""
    t = doc.add_table(rows=rows, cols=len(widths_mm))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    borders(t, "single" if bordered else "nil")
    tblpr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _before_look(tblpr, layout)
    tblw = tblpr.find(qn("w:tblW"))
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(round(w * 56.6929) for w in widths_mm)))
    for col, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(round(w * 56.6929)))
    for row in t.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
    return t


def cell_text(cell, text: str, *, bold=False, align="left", size=10) -> None:
    """Set the first paragraph of ``cell``."""
    p = cell.paragraphs[0]
    r = p.add_run(text)
    r.bold = bold
    r.font.size = Pt(size)
    p.paragraph_format.alignment = ALIGN[align]
    p.paragraph_format.space_after = Pt(0)


def shade(cell, fill: str = "E2EFDA") -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def keep_together(table) -> None:
    """Never split a row of ``table`` across pages (a signature block stays whole)."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def header_row(row) -> None:
    """Repeat ``row`` at the top of each page."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def kop(doc) -> None:
    """This plugin's kop: logo centred on top, centred lines, thick and thin rules."""
    para(doc, "{{ logo }}", align="center", size=8, color=GREY, after=2)
    para(doc, "{{ kop.pemerintah }}", bold=True, size=13, align="center", after=0)
    para(doc, "{{ kop.nama }}", bold=True, size=16, align="center", after=0)
    for key in ("alamat", "kontak"):
        para(doc, f"{{%p if kop.{key} %}}", align="left", after=0)
        para(doc, f"{{{{ kop.{key} }}}}", size=9, align="center", after=0, italic=True)
        para(doc, "{%p endif %}", align="left", after=0)
    rule(doc, 24, 0)
    rule(doc, 6, 10)


def signature(cell, var: str) -> None:
    """A signature block in ``cell`` from a naskah ``ttd`` dict named ``var``: tempat_tanggal,
    label, jabatan (bold), room to sign, nama (bold, underlined), pangkat, NIP — centred; the
    tempat_tanggal, label and pangkat lines vanish when empty."""

    def optional(key: str) -> list[tuple[str, dict]]:
        return [(f"{{%p if {var}.{key} %}}", {}), (f"{{{{ {var}.{key} }}}}", {}),
                ("{%p endif %}", {})]  # fmt: skip

    lines = [
        *optional("tempat_tanggal"),
        *optional("label"),
        (f"{{{{ {var}.jabatan }}}}", {"bold": True}),
        *[("", {})] * 4,
        (f"{{{{ {var}.nama }}}}", {"bold": True, "underline": True}),
        *optional("pangkat"),
        (f"{{{{ {var}.nip }}}}", {}),
    ]
    for i, (text, fmt) in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if text:
            r = p.add_run(text)
            r.bold, r.underline = fmt.get("bold", False), fmt.get("underline", False)
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)


def save(doc, slug: str) -> Path:
    """Write ``templates/<slug>.docx`` with fixed zip timestamps (rebuilds are identical)."""
    OUTDIR.mkdir(parents=True, exist_ok=True)
    raw = io.BytesIO()
    doc.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    path = OUTDIR / f"{slug}.docx"
    path.write_bytes(out.getvalue())
    return path


# --- the templates -------------------------------------------------------------------------------


def nota_dinas() -> Path:
    """NOTA DINAS with this plugin's kop; variables: naskah's nota dinas context (``yth``,
    ``dari``, ``tembusan``, ``tanggal``, ``nomor``, ``sifat``, ``lampiran``, ``hal``, ``isi``,
    ``ttd``)."""
    doc = new_document()
    kop(doc)
    para(doc, "NOTA DINAS", bold=True, underline=True, size=13, align="center", after=8)
    fields = [("Yth.", "yth"), ("Dari", "dari"), ("Tembusan", "tembusan"),
              ("Tanggal", "tanggal"), ("Nomor", "nomor"), ("Sifat", "sifat"),
              ("Lampiran", "lampiran"), ("Hal", "hal")]  # fmt: skip
    t = table(doc, [28, 4, TEXT_WIDTH_MM - 32], rows=len(fields), bordered=False)
    for row, (label, var) in zip(t.rows, fields, strict=True):
        cell_text(row.cells[0], label, size=11)
        cell_text(row.cells[1], ":", size=11)
        cell_text(row.cells[2], f"{{{{ {var} }}}}", size=11)
    rule(doc, 8, 10)
    para(doc, "{%p for par in isi %}", align="left", after=0)
    para(doc, "{{ par }}", indent_first_mm=12.5, after=6)
    para(doc, "{%p endfor %}", align="left", after=0)
    para(doc)
    sig = table(doc, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2], bordered=False)
    signature(sig.rows[0].cells[1], "ttd")
    keep_together(sig)
    return save(doc, "nota_dinas")


def berita_acara() -> Path:
    """BERITA ACARA HASIL PENGUKURAN KINERJA; variables: see
    :func:`naskah_agency_example.berita_acara.berita_acara_context`."""
    doc = new_document()
    kop(doc)
    para(doc, "BERITA ACARA", bold=True, size=13, align="center", after=0)
    para(doc, "HASIL PENGUKURAN KINERJA {{ periode|upper }}", bold=True, align="center", after=0)
    para(doc, "Nomor : {{ nomor }}", align="center", after=10)
    para(doc, "{{ pembuka }}", indent_first_mm=12.5, after=6)

    widths = [9, 58, 24, 24, 19, 31]
    t = table(doc, widths, rows=3)
    for cell, head in zip(t.rows[0].cells, ("No", "Indikator Kinerja", "Target", "Realisasi",
                                             "Capaian", "Predikat"), strict=True):  # fmt: skip
        cell_text(cell, head, bold=True, align="center", size=9.5)
        shade(cell)
    header_row(t.rows[0])
    cell_text(t.rows[1].cells[0], "{%tr for r in rows %}", size=9.5)
    for cell, (var, align) in zip(t.rows[2].cells, (
        ("r.no", "center"), ("r.indikator", "left"), ("r.target", "right"),
        ("r.realisasi", "right"), ("r.capaian", "right"), ("r.predikat", "center"),
    ), strict=True):  # fmt: skip
        cell_text(cell, f"{{{{ {var} }}}}", align=align, size=9.5)
    row = t.add_row()
    cell_text(row.cells[0], "{%tr endfor %}", size=9.5)

    para(doc, "{{ skala_sumber }}", before=8, after=4)
    t = table(doc, [9, 60, 60, 36], rows=3)
    for cell, head in zip(t.rows[0].cells, ("No", "Predikat", "Rentang Capaian",
                                             "Jumlah Indikator"), strict=True):  # fmt: skip
        cell_text(cell, head, bold=True, align="center", size=9.5)
        shade(cell)
    cell_text(t.rows[1].cells[0], "{%tr for s in skala %}", size=9.5)
    for cell, (var, align) in zip(t.rows[2].cells, (
        ("s.no", "center"), ("s.label", "left"), ("s.rentang", "left"), ("s.jumlah", "center"),
    ), strict=True):  # fmt: skip
        cell_text(cell, f"{{{{ {var} }}}}", align=align, size=9.5)
    row = t.add_row()
    cell_text(row.cells[0], "{%tr endfor %}", size=9.5)

    para(doc, "{{ penutup }}", indent_first_mm=12.5, before=8, after=8)
    sig = table(doc, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2], bordered=False)
    signature(sig.rows[0].cells[0], "ttd_ketua")
    signature(sig.rows[0].cells[1], "ttd_sekretaris")
    keep_together(sig)
    para(doc, after=6)
    sig = table(doc, [TEXT_WIDTH_MM / 4, TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 4], bordered=False)
    signature(sig.rows[0].cells[1], "ttd_kepala")
    keep_together(sig)
    return save(doc, "berita_acara")


# --- the fictional logo --------------------------------------------------------------------------


def logo() -> Path:
    """A plain shield reading CONTOH / FIKTIF (clearly not a real coat of arms)."""
    from PIL import Image, ImageDraw, ImageFont

    size = 240
    img = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    shield = [(20, 20), (220, 20), (220, 130), (120, 225), (20, 130)]
    d.polygon(shield, fill=(46, 117, 182, 255), outline=(20, 50, 90, 255))
    d.line([*shield, shield[0]], fill=(20, 50, 90, 255), width=6)
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 34)
    except OSError:
        font = ImageFont.load_default()
    for text, y in (("CONTOH", 70), ("FIKTIF", 115)):
        w = d.textlength(text, font=font)
        d.text(((size - w) / 2, y), text, fill="white", font=font)
    path = PACKAGE / "logo.png"
    img.save(path, optimize=True)
    return path


if __name__ == "__main__":
    for built in (logo(), nota_dinas(), berita_acara()):
        print(f"wrote {built.relative_to(HERE)}")
