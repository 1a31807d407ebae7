"""Kop, footer and signature layout of every built-in template (templates/build): the emblem
from the profile or no logo column at all (never "[logo]"), a footer of page numbers only, and
signature blocks kept with the text before them."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

import naskah.templates
from tests.conftest import ROOT
from tests.test_documents_letters import KINDS, all_text, render

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
