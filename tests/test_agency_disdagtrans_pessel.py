"""The Dinas Perdagangan dan Transmigrasi Pesisir Selatan is faithful to its SOP (seed
002_f3d3382478243051.txt): formal SOP identity, application-based collection, DP-Trans numbers."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import docx
import pytest

from naskah.agencies.manager import get_plugins
from naskah.input.workbook import read_workbook
from naskah.pipeline import plan_documents, prepare_cycle
from naskah.plugins.disdagtrans_pessel import PROFILE
from naskah.plugins.disdagtrans_pessel.sop import PENGUKURAN, PENGUMPULAN
from naskah.run import run_cycle
from naskah.settings import PdfSettings, Settings
from tests.conftest import ROOT

AGENCY = "disdagtrans-pessel"
EXAMPLE = ROOT / "examples" / "disdagtrans-pessel-2025-TW1.xlsx"


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a DOCX, one per line."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def example_run(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("disdagtrans") / "data",
                        pdf=PdfSettings(enabled=False))
    result = run_cycle(EXAMPLE, agency=AGENCY, periode="2025-TW1", settings=settings)
    texts = {(d.procedure, Path(d.docx_path).name): docx_text(settings.archive_dir / d.docx_path)
             for d in result.documents}
    return result, texts


# --- the SOP as data -----------------------------------------------------------------------------


def test_tables_have_twelve_and_ten_steps_with_their_own_pelaksana_columns():
    assert [s.nomor for s in PENGUMPULAN.steps] == list(range(1, 13))
    assert [s.nomor for s in PENGUKURAN.steps] == list(range(1, 11))
    assert PENGUMPULAN.pelaksana == (
        "Kepala Dinas", "Sekretariat", "Bidang", "Tim SAKIP Internal", "Staf/Operator")
    assert PENGUKURAN.pelaksana[1] == "Sekretaris"


def test_operators_enter_the_data_in_two_days_and_the_kepala_bidang_checks_in_120_minutes():
    entri, cek = PENGUMPULAN.step(6), PENGUMPULAN.step(7)
    assert entri.pelaksana == ("Staf/Operator",) and "Aplikasi" in entri.uraian
    assert (entri.waktu_menit, entri.waktu_teks) == (600, "2 hari")
    assert entri.output == "Data kinerja yang sudah dientri"
    assert cek.uraian.startswith("Kepala Bidang") and cek.pelaksana == ("Bidang",)
    assert (cek.waktu_menit, cek.waktu_teks) == (120, "120 menit")
    assert cek.output == "Data kinerja yang sudah dicrosscheck"
    assert PENGUMPULAN.step(5).output == "Pemahaman staf/ operator"


def test_rejected_collection_goes_back_to_the_entry_in_the_application():
    step10 = PENGUMPULAN.step(10)
    assert "dientrikan ulang pada aplikasi" in step10.uraian
    assert (step10.keputusan.ya, step10.keputusan.tidak) == (11, 6)
    assert (PENGUKURAN.step(8).keputusan.ya, PENGUKURAN.step(8).keputusan.tidak) == (9, 5)


def test_profile_holds_the_sop_identity_verbatim():
    sop = PROFILE.sop
    assert sop.nomor == PROFILE.nomor_sop == "510/10.a/DP-Trans/2025"
    assert sop.nama_sop == "Pengumpulan dan Pengukuran Data Kinerja"
    assert sop.tanggal_pembuatan == sop.tanggal_efektif == date(2025, 1, 15)
    assert sop.tanggal_revisi is None
    assert {"Aplikasi e-simbangda", "Aplikasi e-sakip", "Aplikasi SIPD"} <= set(sop.peralatan)
    assert sop.kualifikasi_pelaksana == (
        "Memiliki kemampuan untuk menganalisa data", "Bisa mengoperasikan komputer")
    assert PROFILE.kode_unit == "DP-Trans"
    assert (PROFILE.kepala.nama, PROFILE.kepala.nip) == ("APRIMAN JULKA, S.Pi",
                                                         "197907032002121011")
    assert PROFILE.sekretaris.nama == ""


def test_trail_has_no_paper_formulir_and_no_tanda_terima():
    plugins = get_plugins()
    cycle = prepare_cycle(plugins, AGENCY, read_workbook(EXAMPLE))
    planned = plan_documents(plugins, cycle)
    kinds = {d.kind.slug for d in planned}
    assert "formulir_pengumpulan" not in kinds and "tanda_terima" not in kinds
    by_step = {(d.procedure, d.step): (d.kind.slug, d.variant) for d in planned}
    assert by_step[("pengumpulan", 5)] == ("notulen_rapat", "sosialisasi")
    assert ("pengumpulan", 6) not in by_step  # the entry is data in the application
    # The Kepala Bidang's crosscheck (step 7) leaves a record: one verification sheet per bidang.
    verifikasi = [d for d in planned if (d.procedure, d.step) == ("pengumpulan", 7)]
    assert {d.kind.slug for d in verifikasi} == {"lembar_verifikasi"}
    assert sorted(d.bidang for d in verifikasi) == sorted(cycle.data.bidang)
    assert by_step[("pengumpulan", 8)] == ("rekapitulasi_pengumpulan", "")


# --- the rendered trail --------------------------------------------------------------------------


def test_example_run_archives_the_trail(example_run):
    result, texts = example_run
    assert result.version == 1
    assert len(result.documents) == len(texts)
    produced = {(d.procedure, d.step) for d in result.documents}
    assert produced >= {(p.slug, s.nomor) for p in (PENGUMPULAN, PENGUKURAN) for s in p.steps
                        if s.documents}


def test_sop_number_and_effective_date_are_printed_where_the_sop_is_cited(example_run):
    _, texts = example_run
    nama = "Standar Operasional Prosedur (SOP) Pengumpulan dan Pengukuran Data Kinerja"
    cited = "Nomor 510/10.a/DP-Trans/2025 tanggal efektif 15 Januari 2025"
    for key in (("pengumpulan", "01_nota_dinas.docx"), ("pengukuran", "01_nota_dinas.docx"),
                ("pengumpulan", "10_laporan_pengumpulan.docx"),
                ("pengukuran", "08_laporan_pengukuran.docx"),
                ("pengumpulan", "03_program_kerja.docx")):
        text = " ".join(texts[key].split())
        assert nama in text and cited in text, key


def test_register_numbers_take_the_shape_of_the_sop_number(example_run):
    result, texts = example_run
    numbered = [d for d in result.documents if d.nomor]
    assert len(numbered) == 4  # two nota dinas, two final laporan
    for d in numbered:
        assert re.fullmatch(r"000\.8\.6\.3/[1-9]\d*/DP-Trans/2025", d.nomor), d.nomor
    assert "APRIMAN JULKA, S.Pi" in texts[("pengumpulan", "01_nota_dinas.docx")]
    assert "19790703 200212 1 011" in texts[("pengumpulan", "01_nota_dinas.docx")]


def test_collection_documents_name_the_application_not_a_formulir(example_run):
    _, texts = example_run
    for name in ("08_rekapitulasi_pengumpulan.docx", "09_laporan_pengumpulan_draft.docx",
                 "10_laporan_pengumpulan.docx"):
        text = texts[("pengumpulan", name)]
        assert "Aplikasi Pengumpulan Data Kinerja" in text, name
        assert "formulir" not in text.lower(), name
    assert "dientrikan ulang" in texts[("pengumpulan", "09_laporan_pengumpulan_draft.docx")]


def test_sosialisasi_notulen_lists_the_operators_and_leaves_its_facts_blank(example_run):
    _, texts = example_run
    text = texts[("pengumpulan", "05_notulen_rapat_sosialisasi.docx")]
    assert "Sosialisasi Tata Cara Pengentrian Data Kinerja ke Aplikasi" in text
    assert "Kamis, 10 April 2025" in text  # Siklus pengumpulan.tanggal_sosialisasi
    assert "Operator Bidang Perdagangan" in text and "Ketua Tim SAKIP Internal" in text
    assert "Arahan pelaksanaan kegiatan pengumpulan" not in text  # not the step-2 meeting
