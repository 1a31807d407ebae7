"""What each bundled agency's SOP says its documents are (issue 11, item 4): Dinsos Sumedang's
identity page label, Lembar Kerja and table title, no invented chair or signer without a
warning, no reader's-notes block on the signed Dokumen; the Disdagtrans crosscheck's record;
BKPSDM's step-9 contradiction in the SOP document."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from naskah.agencies.manager import get_plugins
from naskah.documents.sop_document import render_sop
from naskah.input.workbook import read_workbook
from naskah.pipeline import plan_documents, prepare_cycle, render_document
from tests.conftest import ROOT

SUMEDANG = "dinsos-sumedang"
DISDAGTRANS = "disdagtrans-pessel"


def text_of(path: Path) -> str:
    body = Document(path).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


@pytest.fixture(scope="module")
def plugins():
    return get_plugins()


@pytest.fixture(scope="module")
def sumedang_sop(plugins, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("sop") / "sop.docx"
    return text_of(render_sop(plugins, SUMEDANG, out))


def test_sumedang_sop_prints_its_own_label_lembar_kerja_and_table_title(sumedang_sop):
    assert "Ditetapkan Oleh" in sumedang_sop and "Disahkan oleh" not in sumedang_sop
    assert "LEMBAR KERJA IDENTIFIKASI KEGIATAN" in sumedang_sop
    assert "A. Data Kegiatan" in sumedang_sop and "C. Identifikasi Langkah" in sumedang_sop
    assert "Rutin" in sumedang_sop
    assert "Sekretaris Dinas Sosial Kabupaten Sumedang" in sumedang_sop  # PJ kegiatan (A.3.b)
    assert "14. Pengarsipan Dokumen Pengukuran Kinerja" in sumedang_sop
    assert "A. SOP MEKANISME PENGUKURAN KINERJA ANGGARAN SKPD" in sumedang_sop


def test_sumedang_lembar_kerja_words_the_steps_as_its_seed_does(sumedang_sop):
    """C. Identifikasi Langkah is printed as the Lembar Kerja words it (seed lines 51-64), not
    with the table's wording: step 8 goes to the Perencana Ahli Muda there."""
    lembar = sumedang_sop[sumedang_sop.index("LEMBAR KERJA"):sumedang_sop.index("A. SOP")]
    assert "8. Menyampaikan data kinerja kepada Perencana Ahli Muda" in lembar
    assert "Bagian Perencanaan" not in lembar
    assert "7. Sekretaris Dinas menghimpun dan memvalidasi data kinerja" in lembar
    assert ("Memerintahkan Penyusunan Pengukuran Kinerja Dinas Sosial Kabupaten Sumedang"
            in lembar)  # B. Langkah Awal, with the SOP's capitals
    table = sumedang_sop[sumedang_sop.index("A. SOP"):]
    assert "Menyampaikan data kinerja kepada Bagian Perencanaan dan Pelaporan" in table


def test_other_agencies_keep_disahkan_oleh_and_have_no_lembar_kerja(plugins, tmp_path):
    text = text_of(render_sop(plugins, "dinsos-p3a-pessel", tmp_path / "sop.docx"))
    assert "Disahkan oleh" in text and "LEMBAR KERJA" not in text
    assert "A. PROSEDUR PENGUMPULAN DATA KINERJA" in text


@pytest.fixture(scope="module")
def sumedang(plugins):
    cycle = prepare_cycle(plugins, SUMEDANG, read_workbook(ROOT / "examples" /
                                                          "dinsos-sumedang-2025-TW1.xlsx"))
    return cycle, plan_documents(plugins, cycle)


def _render(plugins, cycle, planned, kind: str, tmp_path: Path, variant: str = "") -> str:
    doc = next(d for d in planned if d.kind.slug == kind and d.variant == variant)
    return text_of(render_document(plugins, cycle, doc, "1", tmp_path / f"{kind}.docx"))


def test_sumedang_notulen_has_no_invented_chair_and_warns(plugins, sumedang, tmp_path):
    cycle, planned = sumedang
    before = len(cycle.warnings)
    text = _render(plugins, cycle, planned, "notulen_rapat", tmp_path)
    added = cycle.warnings[before:]
    assert any("pimpinan rapat" in w and "ditulis kosong" in w for w in added), added
    assert "Pimpinan Rapat" in text
    chair = text[text.index("Pimpinan Rapat"):]
    assert "Sekretaris Dinas Sosial" not in chair.split("Pencatat")[0]


@pytest.mark.parametrize(("kind", "step"), [("undangan_rapat", 4), ("surat_pengantar", 12)])
def test_sumedang_assumed_signer_is_warned(plugins, sumedang, tmp_path, kind, step):
    cycle, planned = sumedang
    before = len(cycle.warnings)
    _render(plugins, cycle, planned, kind, tmp_path)
    assert any(f"(langkah {step})" in w and "tidak menyebut penandatangannya" in w
               for w in cycle.warnings[before:])  # fmt: skip


def test_sumedang_signed_dokumen_has_no_catatan_block(plugins, sumedang, tmp_path):
    cycle, planned = sumedang
    final = _render(plugins, cycle, planned, "dokumen_pengukuran", tmp_path)
    assert "Catatan/arahan" not in final and "Koreksi" not in final
    draft = _render(plugins, cycle, planned, "dokumen_pengukuran", tmp_path, "draft")
    assert "Koreksi Kepala Dinas Sosial Kabupaten Sumedang (SOP langkah 9):" in draft


def test_common_laporan_keeps_the_sekretaris_notes_block(plugins, tmp_path):
    cycle = prepare_cycle(plugins, "dinsos-p3a-pessel",
                          read_workbook(ROOT / "examples" / "dinsos-p3a-pessel-2025-TW1.xlsx"))
    planned = plan_documents(plugins, cycle)
    assert "Catatan/arahan Sekretaris:" in _render(plugins, cycle, planned, "laporan_pengukuran",
                                                   tmp_path, "draft")  # fmt: skip


def test_disdagtrans_crosscheck_leaves_a_signed_verification_sheet(plugins, tmp_path):
    cycle = prepare_cycle(plugins, DISDAGTRANS,
                          read_workbook(ROOT / "examples" / "disdagtrans-pessel-2025-TW1.xlsx"))
    planned = plan_documents(plugins, cycle)
    sheet = next(d for d in planned if d.kind.slug == "lembar_verifikasi"
                 and d.bidang != "Sekretariat")  # fmt: skip
    text = text_of(render_document(plugins, cycle, sheet, None, tmp_path / "v.docx"))
    assert "LEMBAR VERIFIKASI DATA KINERJA" in text and sheet.bidang in text
    assert "Aplikasi Pengumpulan Data Kinerja" in text  # where the checked data are
    assert "Diperiksa oleh," in text and f"Kepala {sheet.bidang}" in text
    indicators = [c for c in cycle.capaian if c.indikator.bidang == sheet.bidang]
    assert indicators and all(c.indikator.kode in text for c in indicators)
    assert text.count("\u2610 Sesuai") == len(indicators)


def test_bkpsdm_sop_document_notes_its_step_9_contradiction(plugins, tmp_path):
    text = text_of(render_sop(plugins, "bkpsdm-pessel", tmp_path / "sop.docx"))
    assert "Kepala Badan Perencanaan Daerah, Penelitian dan Pengembangan" in text
    assert "keduanya berbeda dalam SOP sumber" in text
