"""Dinsos Sumedang is faithful to its SOP "Pengukuran Kinerja" (seed 004_5dc8ea3fe98e8872.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from naskah.agencies.manager import get_plugins
from naskah.formatting import KOSONG
from naskah.input.workbook import read_workbook
from naskah.pipeline import plan_documents, prepare_cycle, render_document
from naskah.plugins.dinsos_sumedang import PROFILE
from naskah.plugins.dinsos_sumedang.documents import dokumen_template
from naskah.plugins.dinsos_sumedang.sop import PENGUKURAN, PROCEDURES
from naskah.run import run_cycle
from tests.conftest import ROOT

AGENCY = "dinsos-sumedang"
EXAMPLE = ROOT / "examples" / "dinsos-sumedang-2025-TW1.xlsx"
KEPALA = "Kepala Dinas Sosial Kabupaten Sumedang"


@pytest.fixture(scope="module")
def plugins():
    return get_plugins()


@pytest.fixture
def cycle(plugins):
    return prepare_cycle(plugins, AGENCY, read_workbook(EXAMPLE))


def _document(plugins, cycle, kind: str, variant: str = ""):
    return next(
        d for d in plan_documents(plugins, cycle) if d.kind.slug == kind and d.variant == variant
    )


def _text(path: Path) -> str:
    body = Document(str(path)).element.body
    lines = ("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))
    return "\n".join(line for line in lines if line.strip())


# --- the SOP as data -----------------------------------------------------------------------------


def test_one_procedure_with_the_fourteen_steps_of_the_identifikasi_langkah():
    assert [p.slug for p in PROCEDURES] == ["pengukuran"]
    assert [s.nomor for s in PENGUKURAN.steps] == list(range(1, 15))
    uraian = [s.uraian for s in PENGUKURAN.steps]
    assert uraian[0].startswith("Memerintahkan penyusunan pengukuran Kinerja")
    assert uraian[3].startswith("Mengundang Kepala Dinas Sosial dan Pejabat terkait")
    assert uraian[10].startswith("Penandatanganan Dokumen Pengukuran Kinerja oleh Kepala")
    assert uraian[11] == "Pembuatan Surat Pengantar Pengiriman dan Penomoran Surat"
    assert uraian[12] == "Penggandaan Dokumen Pengukuran Kinerja"
    assert uraian[13] == "Pengarsipan Dokumen Pengukuran Kinerja"


def test_waktu_is_the_tables_minutes_and_none_after_the_cut():
    assert [s.waktu_menit for s in PENGUKURAN.steps] == [
        15, 60, 25, 30, 120, 120, 240, 40, None, None, None, None, None, None]  # fmt: skip
    assert PENGUKURAN.step(7).waktu_teks == "240 menit"
    for step in PENGUKURAN.steps[8:]:
        assert step.kelengkapan == () and step.waktu_teks == ""


def test_pelaksana_are_its_four_columns_and_come_only_from_what_a_step_says():
    assert PENGUKURAN.pelaksana == (
        "Kepala Dinas Sosial", "Sekretaris", "Sek. Tim SAKIP", "Anggota Tim SAKIP")  # fmt: skip
    by_step = {s.nomor: s.pelaksana for s in PENGUKURAN.steps}
    assert by_step[7] == ("Sekretaris",)
    assert by_step[9] == ("Kepala Dinas Sosial",)  # "Kepala Dinas mengoreksi …"
    assert by_step[10] == ("Sekretaris",)  # "Sekretaris Menyampaikan …"
    assert by_step[11] == ("Kepala Dinas Sosial",)  # "… oleh Kepala Dinas Sosial"
    assert by_step[12] == by_step[13] == by_step[14] == ()


def test_step_8_follows_the_table_and_keeps_the_lists_wording():
    step8 = PENGUKURAN.step(8)
    assert step8.uraian.endswith("kepada Bagian Perencanaan dan Pelaporan")
    assert "Perencana Ahli Muda" in step8.keterangan
    assert PENGUKURAN.step(5).keterangan == "SOP Pelaksanaan Rapat"


# --- the profile ---------------------------------------------------------------------------------


def test_profile_has_the_identity_page_and_leaves_its_empty_fields_empty():
    assert PROFILE.kepala.nama == "H. DIKDIK SADIKIN, A.KS., M.Si"
    assert PROFILE.kepala.nip == "197205151998031010"
    assert PROFILE.kepala.jabatan == KEPALA
    sop = PROFILE.sop
    assert sop.nama_sop == "Pengukuran Kinerja"
    assert sop.nomor == "" and PROFILE.nomor_sop == ""
    assert sop.tanggal_pembuatan is None and sop.tanggal_efektif is None
    assert "NIP. 19720515 199803 1 010" in sop.disahkan_oleh
    assert sop.keterkaitan == ("SOP Pelaksanaan Pengawasan Internal secara berkala",)
    assert "Stempel" in sop.peralatan and len(sop.kualifikasi_pelaksana) == 5
    assert len(PROFILE.dasar_hukum) == 7


# --- the trail -----------------------------------------------------------------------------------


def test_trail_has_disposisi_undangan_notulen_dokumen_and_surat_pengantar(plugins, cycle):
    planned = plan_documents(plugins, cycle)
    by_step = {}
    for d in planned:
        by_step.setdefault(d.step, set()).add((d.kind.slug, d.variant))
    assert by_step[1] == {("lembar_disposisi", "")}
    assert by_step[4] == {("undangan_rapat", "")}
    assert by_step[5] == {("notulen_rapat", "")}
    assert by_step[8] == {("dokumen_pengukuran", "draft")}
    assert by_step[11] == {("dokumen_pengukuran", "")}
    assert by_step[12] == {("surat_pengantar", "")}
    assert not {9, 10, 13, 14} & set(by_step)
    # The format goes to every bidang and the sekretariat, with a tanda terima each.
    for step, kind in ((2, "formulir_pengumpulan"), (3, "tanda_terima")):
        assert sorted(d.bidang for d in planned if d.step == step and d.kind.slug == kind) == (
            sorted(cycle.data.bidang)
        )


def test_undangan_invites_the_kepala_and_is_signed_by_the_sekretaris(plugins, cycle):
    ctx = plugins.document_context(cycle, _document(plugins, cycle, "undangan_rapat"), "X/1")
    assert ctx["yth"].startswith(KEPALA) and "Pejabat terkait" in ctx["yth"]
    assert ctx["ttd"]["jabatan"] == "Sekretaris Dinas Sosial Kabupaten Sumedang"
    assert ctx["rapat"]["nama"].startswith("Rapat Pembahasan Pengukuran Kinerja")
    assert ctx["nomor"] == "X/1"


def test_daftar_hadir_of_the_rapat_lists_the_invited_kepala_first(plugins, cycle):
    ctx = plugins.document_context(cycle, _document(plugins, cycle, "notulen_rapat"), None)
    assert ctx["hadir"][0]["nama"] == "H. DIKDIK SADIKIN, A.KS., M.Si"


def test_working_papers_are_signed_by_sop_pelaksana_not_a_ketua_tim(plugins, cycle):
    kertas = plugins.document_context(cycle, _document(plugins, cycle, "kertas_kerja"), None)
    rekap = plugins.document_context(
        cycle, _document(plugins, cycle, "rekapitulasi_pengukuran"), None
    )
    draft = plugins.document_context(
        cycle, _document(plugins, cycle, "dokumen_pengukuran", "draft"), None
    )
    assert kertas["ttd"]["jabatan"] == "Sekretaris Tim SAKIP"
    assert rekap["ttd"]["jabatan"] == "Sekretaris Dinas Sosial Kabupaten Sumedang"
    assert rekap["ttd"]["label"] == "Divalidasi oleh,"
    assert draft["kepada"] == "Bagian Perencanaan dan Pelaporan"
    # The SOP has no Ketua Tim SAKIP: nobody is asked to fill in one's name.
    assert not any("Ketua Tim" in w for w in cycle.warnings), cycle.warnings
    assert any("Sekretaris Tim SAKIP" in w for w in cycle.warnings)


def test_surat_pengantar_leaves_addressee_and_copies_blank_and_warns(plugins, cycle, tmp_path):
    document = _document(plugins, cycle, "surat_pengantar")
    out = render_document(
        plugins, cycle, document, "000.8.6.3/007/DINSOS/2025", tmp_path / "s.docx"
    )
    text = _text(out)
    assert "Nomor : 000.8.6.3/007/DINSOS/2025" in text
    assert f"Yth. {KOSONG}" in text
    assert "Dokumen Pengukuran Kinerja Dinas Sosial Kabupaten Sumedang" in text
    assert "...... eksemplar" in text
    assert any("tujuan pengiriman" in w for w in cycle.warnings)
    assert any("penggandaan" in w for w in cycle.warnings)


def test_signed_dokumen_is_titled_as_the_sop_names_it_and_signed_by_the_kepala(
    plugins, cycle, tmp_path
):
    out = render_document(
        plugins, cycle, _document(plugins, cycle, "dokumen_pengukuran"), None, tmp_path / "d.docx"
    )
    text = _text(out)
    assert "DOKUMEN PENGUKURAN KINERJA" in text
    assert "LAPORAN HASIL PENGUKURAN KINERJA" not in text
    assert "Nomor :" not in text  # not numbered: the SOP numbers the surat pengantar
    lines = text.splitlines()
    nip = lines.index("NIP. 19720515 199803 1 010")
    assert lines[nip - 1] == "H. DIKDIK SADIKIN, A.KS., M.Si"


def test_dokumen_uses_the_stock_laporan_template_titled_by_its_kind():
    texts = [p.text for p in Document(str(dokumen_template())).paragraphs]
    assert "{{ judul|upper }}" in texts and "{%p if bernomor %}" in texts


def test_example_workbook_runs_and_numbers_only_the_undangan_and_surat_pengantar(settings):
    result = run_cycle(EXAMPLE, agency=AGENCY, periode="2025-TW1", settings=settings)
    numbered = {d.title: d.nomor for d in result.documents if d.nomor}
    assert set(numbered) == {"Undangan Rapat", "Surat Pengantar"}
    assert numbered["Surat Pengantar"].startswith("000.8.6.3/001/")
    assert {d.step for d in result.documents} == {0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12}  # 0: SOP
