"""Kop, footer and signature layout of every built-in template (templates/build): the emblem
from the profile or no logo column at all (never "[logo]"), a footer of page numbers only, and
signature blocks kept with the text before them."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

import naskah.templates
from naskah.keep_together import (
    SIGNATURE_CAPTION,
    is_signature,
    keep_headings_after_tables,
    keep_signatures_with_text,
)
from tests.conftest import ROOT
from tests.test_documents_letters import KINDS, all_text, render
from tests.test_documents_tables import DOCS as TABLE_DOCS

TEMPLATES = Path(naskah.templates.__file__).parent / "docx"
LOGO = ROOT / "examples" / "naskah-agency-example" / "naskah_agency_example" / "logo.png"
LETTERS = ("nota_dinas", "undangan_rapat", "surat_pengantar", "notulen_rapat")


@pytest.fixture
def cycle():
    from tests.factories import make_cycle

    return make_cycle()


def _images(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        return sum(1 for n in z.namelist() if n.startswith("word/media/"))


@pytest.mark.parametrize("slug", LETTERS)
def test_kop_without_logo_has_no_placeholder_and_no_logo_column(cycle, tmp_path, slug):
    out = render(cycle, slug, tmp_path)
    text = all_text(out)
    assert "[logo]" not in text and "PEMERINTAH KABUPATEN PESISIR SELATAN" in text
    kop = Document(out).tables[0]
    assert len(kop.rows) == 1
    cells = kop.rows[0]._tr.findall(qn("w:tc"))
    assert len(cells) == 1  # one full-width cell: the lines centred on the page
    assert _images(out) == 0


@pytest.mark.parametrize("slug", LETTERS)
def test_kop_with_the_profile_emblem_prints_it_left_of_the_lines(cycle, tmp_path, slug):
    agency = dataclasses.replace(cycle.agency, logo=str(LOGO), alamat="Jalan Contoh 1",
                                 kontak="Telp. (0000) 1")  # fmt: skip
    cycle = dataclasses.replace(cycle, agency=agency)
    out = render(cycle, slug, tmp_path)
    kop = Document(out).tables[0]
    assert len(kop.rows) == 1 and len(kop.rows[0].cells) == 3
    assert _images(out) == 1
    assert "Jalan Contoh 1" in kop.rows[0].cells[1].text
    assert "Telp. (0000) 1" in kop.rows[0].cells[1].text


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.docx")), ids=lambda p: p.stem)
def test_footer_is_the_page_number_only(template):
    doc = Document(template)
    for section in doc.sections:
        footer = section.footer._element
        texts = "".join(t.text or "" for t in footer.iter(qn("w:t")))
        assert "naskah" not in texts and "sumber" not in texts and "Output" not in texts
        instr = [f.get(qn("w:instr")) for f in footer.iter(qn("w:fldSimple"))]
        assert texts.strip() in ("", "1") and instr in ([], ["PAGE"])


@pytest.mark.parametrize("slug", sorted(set(KINDS) - {"lembar_disposisi"}))  # no signature
def test_signature_block_keeps_with_the_text_before_it(cycle, tmp_path, slug):
    out = render(cycle, slug, tmp_path)
    body = Document(out).element.body
    elements = [e for e in body.iterchildren() if e.tag in (qn("w:p"), qn("w:tbl"))]
    signatures = [i for i, e in enumerate(elements) if e.tag == qn("w:tbl")
                  and "NIP" in "".join(t.text or "" for t in e.iter(qn("w:t")))]  # fmt: skip
    assert signatures, slug
    before = elements[signatures[-1] - 1]
    assert before.tag == qn("w:p") and before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


def _chain_problems(path: Path) -> list[str]:
    """What is not kept with each signature block of ``path``: walking back from it, every
    paragraph up to two with text (or a table's last two rows) must keep with the next."""
    body = Document(path).element.body
    elements = [e for e in body.iterchildren() if e.tag in (qn("w:p"), qn("w:tbl"))]
    problems = []
    signatures = [i for i, e in enumerate(elements) if e.tag == qn("w:tbl") and is_signature(e)]
    if not signatures:
        return ["no signature block carries the caption"]

    def keeps(p) -> bool:
        return p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None

    for i in signatures:
        text = 0
        for e in reversed(elements[:i]):
            if e.tag == qn("w:tbl"):
                rows = [r for r in e.findall(qn("w:tr"))
                        if r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None][-2:]
                for r in rows:
                    if r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None or not all(
                            keeps(p) for p in r.iter(qn("w:p"))):
                        problems.append(f"table row before signature {i} not kept: "
                                        f"{''.join(t.text or '' for t in r.iter(qn('w:t')))[:40]}")
                break
            if not keeps(e):
                problems.append(f"paragraph before signature {i} not kept: "
                                f"{''.join(t.text or '' for t in e.iter(qn('w:t')))[:40]!r}")
            if "".join(t.text or "" for t in e.iter(qn("w:t"))).strip():
                text += 1
                if text == 2:
                    break
    return problems


def test_the_templates_and_rendering_agree_on_the_signature_caption():
    import sys

    sys.path.insert(0, str(ROOT / "templates" / "build"))
    try:
        import common
    finally:
        sys.path.remove(str(ROOT / "templates" / "build"))
    assert common.SIGNATURE_CAPTION == SIGNATURE_CAPTION


@pytest.mark.parametrize("slug", sorted(set(KINDS) - {"lembar_disposisi"}))  # no signature
def test_a_letter_keeps_its_closing_text_with_the_signature(cycle, tmp_path, slug):
    assert _chain_problems(render(cycle, slug, tmp_path)) == []


@pytest.mark.parametrize("name", sorted(TABLE_DOCS))
def test_a_table_document_keeps_its_last_rows_or_closing_text_with_the_signature(tmp_path, name):
    """Issue 11: the filled formulir's page 2 was a repeated header row and the signature,
    the blank formulir's its petunjuk and signature, the Program Kerja's a note and the two
    signatures — the rows before the {%tr endfor %} tag lost their "keep with next"."""
    from tests.test_documents_tables import cycle as table_cycle
    from tests.test_documents_tables import render as render_table

    cycle = table_cycle.__wrapped__()
    assert _chain_problems(render_table(cycle, name, tmp_path)) == []


def test_the_chain_reaches_the_last_rows_of_a_table_through_notes(tmp_path):
    from docx import Document as new_document

    doc = new_document()
    table = doc.add_table(rows=4, cols=2)
    for r in table.rows:
        r.cells[0].text = "data"
    doc.add_paragraph("Catatan jadwal.")
    doc.add_paragraph("")
    sig = doc.add_table(rows=2, cols=1)
    sig.rows[1].cells[0].text = "NIP. 1"
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), SIGNATURE_CAPTION)
    sig._tbl.tblPr.append(caption)
    assert keep_signatures_with_text(doc) == 1
    path = tmp_path / "x.docx"
    doc.save(path)
    assert _chain_problems(path) == []
    rows = Document(path).tables[0].rows
    assert rows[0].cells[0].paragraphs[0].paragraph_format.keep_with_next is None
    assert rows[3].cells[0].paragraphs[0].paragraph_format.keep_with_next


@pytest.mark.parametrize("name", ["rekapitulasi_pengukuran", "laporan_pengukuran"])
def test_a_heading_right_after_a_table_gets_the_spacer_libreoffice_needs(tmp_path, name):
    """BKPSDM's Rekapitulasi printed "Grafik Capaian Kinerja" alone at the foot of page 1:
    LibreOffice ignores "keep with next" on a paragraph that directly follows a table."""
    from tests.test_documents_tables import cycle as table_cycle
    from tests.test_documents_tables import render as render_table

    body = Document(render_table(table_cycle.__wrapped__(), name, tmp_path)).element.body
    heading = next(p for p in body.iterchildren(qn("w:p"))
                   if "Grafik Capaian Kinerja" in "".join(t.text or "" for t in p.iter(qn("w:t"))))
    spacer = heading.getprevious()
    assert spacer.tag == qn("w:p") and not "".join(t.text or "" for t in spacer.iter(qn("w:t")))
    assert spacer.getprevious().tag == qn("w:tbl")
    assert spacer.find(f"{qn('w:pPr')}/{qn('w:spacing')}").get(qn("w:line")) == "20"


def test_no_spacer_where_the_table_keeps_with_the_paragraph_already():
    from docx import Document as new_document

    doc = new_document()
    kept = doc.add_table(rows=2, cols=1)
    kept.rows[1].cells[0].paragraphs[0].paragraph_format.keep_with_next = True
    doc.add_paragraph("kept").paragraph_format.keep_with_next = True
    loose = doc.add_table(rows=2, cols=1)
    doc.add_paragraph("heading").paragraph_format.keep_with_next = True
    doc.add_paragraph("body")
    doc.add_table(rows=1, cols=1)
    doc.add_paragraph("not kept")
    assert keep_headings_after_tables(doc) == 1
    assert loose._tbl.getnext().find(f".//{qn('w:t')}") is None  # the spacer
    assert kept._tbl.getnext().find(f".//{qn('w:t')}").text == "kept"


def test_the_last_capaian_chart_keeps_its_caption_on_its_page(tmp_path, monkeypatch):
    """The Laporan of the data-file agency printed the chart's caption alone at the top of
    the next page; only the last of several chart parts keeps with the next paragraph."""
    from naskah.documents import pengukuran
    from tests.test_documents_tables import cycle as table_cycle
    from tests.test_documents_tables import render as render_table

    monkeypatch.setattr(pengukuran, "PER_GRAFIK_PORTRAIT", 2)
    body = Document(render_table(table_cycle.__wrapped__(), "laporan_pengukuran",
                                 tmp_path)).element.body
    heading = next(p for p in body.iterchildren(qn("w:p"))
                   if "C. Grafik Capaian" in "".join(t.text or "" for t in p.iter(qn("w:t"))))
    charts = []
    p = heading.getnext()
    while p is not None and p.find(f".//{qn('w:drawing')}") is not None:
        charts.append(p)
        p = p.getnext()
    assert len(charts) >= 2
    assert "Capaian kinerja per indikator" in "".join(t.text or "" for t in p.iter(qn("w:t")))
    keeps = [c.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for c in charts]
    assert keeps == [False] * (len(charts) - 1) + [True]
