"""The BKPSDM Pesisir Selatan is faithful to its SOP (seed 001_098037f72f4ac396.txt): a Badan,
IKU and IKK only, no pengumpulan mutu baku, a measurement table that says "Kepala Dinas"."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from naskah.plugins.bkpsdm_pessel import PROFILE
from naskah.plugins.bkpsdm_pessel.sop import PENGUKURAN, PENGUMPULAN
from naskah.run import run_cycle
from naskah.settings import PdfSettings, Settings
from tests.conftest import ROOT, archive_files

AGENCY = "bkpsdm-pessel"
EXAMPLE = ROOT / "examples" / "bkpsdm-pessel-2025-TW1.xlsx"
NASKAH = Path(sys.executable).parent / "naskah"


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a DOCX, one per line."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def example_run(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("bkpsdm") / "data",
                        pdf=PdfSettings(enabled=False))
    result = run_cycle(EXAMPLE, agency=AGENCY, periode="2025-TW1", settings=settings)
    texts = {(d.procedure, d.step, Path(d.docx_path).name): docx_text(
        settings.archive_dir / d.docx_path) for d in result.documents}
    return result, texts


# --- the SOP as data -----------------------------------------------------------------------------


def test_pengukuran_has_the_ten_rows_of_its_table_with_their_mutu_baku():
    assert [s.nomor for s in PENGUKURAN.steps] == list(range(1, 11))
    assert [s.waktu_teks for s in PENGUKURAN.steps] == [
        "5 Menit", "60 menit", "120 menit", "120 Menit", "1 hari", "120 Menit", "30 menit",
        "90 menit", "30 menit", ""]
    assert [s.waktu_menit for s in PENGUKURAN.steps] == [
        5, 60, 120, 120, 300, 120, 30, 90, 30, None]
    assert PENGUKURAN.step(1).kelengkapan == ("Blangko Nota Dinas",)
    assert PENGUKURAN.step(4).kelengkapan == (
        "Juknis pengukuran kinerja Menpan RB", "RENSTRA", "TAPKIN", "Program Kerja Kegiatan")
    assert PENGUKURAN.step(8).output == "Draft Laporan Hasil Pengukuran Kinerja, Lembar Disposisi"
    assert PENGUKURAN.step(10).kelengkapan == ("Arsip Hasil Pengumpulan Data Kinerja",)


def test_measurement_report_goes_to_the_own_kepala_as_the_table_says_not_to_bappeda():
    step9 = PENGUKURAN.step(9)
    assert step9.uraian.endswith("kepada Kepala Dinas")  # the table's text, verbatim
    assert "Perencanaan" not in step9.uraian
    assert "Kepala" in step9.pelaksana


def test_decision_rows_loop_back_on_tidak():
    assert PENGUKURAN.step(8).keputusan.ya == 9 and PENGUKURAN.step(8).keputusan.tidak == 5
    assert PENGUMPULAN.step(10).keputusan.ya == 11 and PENGUMPULAN.step(10).keputusan.tidak == 7
    assert [s.nomor for s in PENGUMPULAN.steps + PENGUKURAN.steps if s.keputusan] == [10, 8]


def test_pengumpulan_has_the_twelve_steps_of_its_list_and_no_invented_mutu_baku():
    assert [s.nomor for s in PENGUMPULAN.steps] == list(range(1, 13))
    for s in PENGUMPULAN.steps:
        assert (s.kelengkapan, s.waktu_menit, s.waktu_teks, s.output) == ((), None, "", "")
        assert "tidak tercantum" in s.keterangan
        assert s.documents is not None  # declared, not guessed from an empty output
    assert PENGUMPULAN.step(1).uraian.startswith("Kepala Badan Kepegawaian")
    kinds = {d.kind for s in PENGUMPULAN.steps for d in s.documents}
    assert {"formulir_pengumpulan", "tanda_terima", "laporan_pengumpulan"} <= kinds


def test_profile_takes_only_what_the_seed_gives():
    assert PROFILE.kepala.jabatan.startswith("Kepala Badan Kepegawaian")
    assert PROFILE.kepala.nama == "" and PROFILE.kepala.nip == ""
    assert PROFILE.dasar_hukum == ()
    assert PROFILE.persyaratan == ("Perjanjian Kinerja",)
    assert "IKI" not in {j.value for j in PROFILE.jenis_indikator}
    assert {"IKU", "IKK"} <= {j.value for j in PROFILE.jenis_indikator}


# --- the rendered trail --------------------------------------------------------------------------


def test_example_run_archives_the_trail(example_run):
    result, texts = example_run
    assert result.version == 1
    assert len(result.documents) == len(texts) >= 20
    assert any("Tanda tangan: nama Kepala Badan" in w for w in result.warnings)


def test_nota_dinas_and_laporan_name_the_kepala_badan(example_run):
    _, texts = example_run
    kepala = "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Pesisir"
    for procedure in ("pengumpulan", "pengukuran"):
        nota = texts[(procedure, 1, "01_nota_dinas.docx")]
        assert nota.count(kepala) >= 2, procedure  # Dari, and the signature
    for key in (("pengumpulan", 10, "10_laporan_pengumpulan.docx"),
                ("pengukuran", 8, "08_laporan_pengukuran.docx")):
        assert kepala in texts[key], key  # Kepada Yth. and the Nota Dinas cited in Dasar


def test_no_document_naskah_writes_says_kepala_dinas(example_run):
    """Every document naskah writes names the head "Kepala Badan". The SOP document itself
    (step 0) reproduces the SOP's table, whose uraian say "Kepala Dinas": the issue's rule is to
    follow the table, so that copy stays verbatim."""
    _, texts = example_run
    wrong = [key for key, text in texts.items() if "Kepala Dinas" in text and key[0] != "sop"]
    assert wrong == []
    sop = texts[("sop", 0, "00_sop.docx")]
    assert "Kepala Dinas memerintahkan Sekretaris untuk melakukan pengukuran kinerja" in sop


def test_program_kerja_of_pengumpulan_derives_no_schedule_without_waktu(example_run):
    _, texts = example_run
    assert "tidak mencantumkan mutu baku" in texts[("pengumpulan", 3, "03_program_kerja.docx")]
    pengukuran = texts[("pengukuran", 3, "03_program_kerja.docx")]
    assert "Jadwal disusun dari mutu baku waktu" in pengukuran
    assert "Kepala Badan memerintahkan Sekretaris" in pengukuran


# --- IKI is not collected ------------------------------------------------------------------------


def test_iki_row_is_refused_with_its_sheet_and_row_and_nothing_is_archived(tmp_path):
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Indikator"]
    header = [str(c.value).strip().lower() for c in ws[1]]
    jenis_col = header.index("jenis") + 1
    ws.cell(row=3, column=jenis_col, value="IKI")
    bad = tmp_path / "bkpsdm-iki.xlsx"
    wb.save(bad)
    data_dir = tmp_path / "data"
    proc = subprocess.run(
        [str(NASKAH), "run", str(bad), "--agency", AGENCY, "--no-pdf"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "NASKAH_DATA_DIR": str(data_dir)},
    )
    assert proc.returncode == 1
    message = " ".join((proc.stdout + proc.stderr).split())
    assert re.search(r"Indikator(![A-Z]+3| row 3)\b", message), message  # sheet and row
    assert "'IKI'" in message and "IKU, IKK" in message
    assert archive_files(Settings(data_dir=data_dir)) == []
