"""Diskominfo Tanjung Jabung Barat is faithful to its SOP (seed 003_4aebf9505069e2fc.txt)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from naskah.agencies.manager import get_plugins
from naskah.input.workbook import read_workbook
from naskah.model import Jenis
from naskah.pipeline import plan_documents, prepare_cycle, render_document
from naskah.plugins.diskominfo_tanjabbar import PROFILE
from naskah.plugins.diskominfo_tanjabbar.sop import PENGUKURAN, PENGUMPULAN, PROCEDURES
from naskah.run import run_cycle
from tests.conftest import ROOT

AGENCY = "diskominfo-tanjabbar"
EXAMPLE = ROOT / "examples" / "diskominfo-tanjabbar-2025-TW1.xlsx"
KEPALA_JABATAN = "Kepala Dinas Komunikasi dan Informatika Kabupaten Tanjung Jabung Barat"


@pytest.fixture(scope="module")
def plugins():
    return get_plugins()


@pytest.fixture
def cycle(plugins):
    return prepare_cycle(plugins, AGENCY, read_workbook(EXAMPLE))


def _render(plugins, cycle, tmp_path: Path, procedure: str, kind: str) -> str:
    """Render the first document of ``kind`` in ``procedure`` and return its text (body,
    tables included, one paragraph a line)."""
    document = next(
        d
        for d in plan_documents(plugins, cycle)
        if d.procedure == procedure and d.kind.slug == kind
    )
    out = render_document(plugins, cycle, document, None, tmp_path / f"{kind}.docx")
    body = Document(str(out)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


# --- the SOP as data -----------------------------------------------------------------------------


def test_collection_follows_the_twelve_table_steps_not_the_thirteen_text_items():
    assert [s.nomor for s in PENGUMPULAN.steps] == list(range(1, 13))
    # Text item 3 is the tail of item 2: the table's step 3 is the text's item 4.
    assert PENGUMPULAN.step(2).uraian.endswith(
        "arahan pelaksanaan kegiatan pengumpulan data kinerja"
    )
    assert PENGUMPULAN.step(3).uraian == "Tim SAKIP menyusun rencana kegiatan pengumpulan kinerja"
    assert PENGUMPULAN.step(12).uraian == "Pengarsipan Data Kinerja"
    assert [s.nomor for s in PENGUKURAN.steps] == list(range(1, 11))


def test_mutu_baku_is_the_tables_with_missing_waktu_left_none():
    assert [s.waktu_menit for s in PENGUMPULAN.steps] == [
        5,
        60,
        120,
        300,
        120,
        5,
        300,
        120,
        30,
        90,
        None,
        None,
    ]
    assert PENGUMPULAN.step(4).waktu_teks == "1 Hari"
    assert PENGUMPULAN.step(4).kelengkapan == (
        "Program Kerja Kegiatan",
        "RENSTRA",
        "Hasil Survey",
        "Laporan Hasil Evaluasi",
        "SAKIP MENPAN RB",
    )
    step8 = PENGUKURAN.step(8)
    assert step8.kelengkapan == ("Draft Laporan Hasil Pengukuran Data Kinerja",)
    assert step8.waktu_menit is None and step8.waktu_teks == ""
    assert step8.output == "Laporan Hasil Pengukuran Kinerja, Lembar Disposisi"
    assert PENGUMPULAN.step(11).output == "Disposisi kepala dinas"


def test_decision_rows_carry_tidak_and_the_next_row_ya():
    decisions = {(p.slug, s.nomor): s.keputusan for p in PROCEDURES for s in p.steps if s.keputusan}
    assert set(decisions) == {("pengumpulan", 10), ("pengukuran", 8)}
    assert (decisions["pengumpulan", 10].ya, decisions["pengumpulan", 10].tidak) == (11, 7)
    assert (decisions["pengukuran", 8].ya, decisions["pengukuran", 8].tidak) == (9, 5)


def test_pelaksana_are_the_five_columns_of_its_tables():
    for procedure in PROCEDURES:
        assert procedure.pelaksana == ("Kepala", "Sekretaris", "Bidang", "Tim SAKIP", "Staf")
        for step in procedure.steps:
            assert set(step.pelaksana) <= set(procedure.pelaksana)


# --- the profile ---------------------------------------------------------------------------------


def test_profile_has_the_heads_pangkat_and_nip_but_no_invented_name():
    assert PROFILE.kepala.nama == ""
    assert PROFILE.kepala.pangkat == "Pembina Tk. I/IV.b"
    assert PROFILE.kepala.nip == "198108292010011010"
    assert PROFILE.sekretaris.nama == "" and PROFILE.alamat == "" and PROFILE.kode_unit == ""
    assert "Kuesioner Kepuasan Pelanggan" in PROFILE.dokumen_pelengkap


def test_an_iki_indicator_is_refused_since_the_sop_collects_iku_and_ikk(plugins):
    data = read_workbook(EXAMPLE)
    iki = dataclasses.replace(data.indikator[0], jenis=Jenis.IKI)
    bad = dataclasses.replace(data, indikator=(iki, *data.indikator[1:]))
    problems = plugins.validate_data(plugins.agency(AGENCY), bad)
    assert len(problems) == 1 and "IKI" in problems[0].found


# --- the documents -------------------------------------------------------------------------------


def test_checklist_lists_the_kuesioner_kepuasan_pelanggan(plugins, cycle, tmp_path):
    text = _render(plugins, cycle, tmp_path, "pengumpulan", "checklist_dokumen")
    assert "Kuesioner Kepuasan Pelanggan" in text
    assert "Hasil Survey" in text  # the step's own kelengkapan comes first


def test_kepala_signs_with_a_blank_name_his_pangkat_and_grouped_nip(plugins, cycle, tmp_path):
    text = _render(plugins, cycle, tmp_path, "pengumpulan", "nota_dinas")
    lines = [line for line in text.splitlines() if line.strip()]
    nip = lines.index("NIP. 19810829 201001 1 010")
    assert lines[nip - 1] == "Pembina Tk. I/IV.b"
    assert set(lines[nip - 2]) == {"."}  # the name line: dots to write the name by hand
    assert any("nama" in w and KEPALA_JABATAN in w and "kosong" in w for w in cycle.warnings), (
        cycle.warnings
    )


def test_a_name_given_in_the_input_is_printed(plugins, tmp_path):
    data = read_workbook(EXAMPLE)
    pejabat = tuple(
        dataclasses.replace(p, nama="NAMA DARI INPUT") if p.peran == "kepala" else p
        for p in data.pejabat
    )
    cycle = prepare_cycle(plugins, AGENCY, dataclasses.replace(data, pejabat=pejabat))
    text = _render(plugins, cycle, tmp_path, "pengumpulan", "nota_dinas")
    assert "NAMA DARI INPUT" in text and "19810829 201001 1 010" in text
    assert not any(KEPALA_JABATAN in w for w in cycle.warnings)


def test_example_workbook_runs_the_whole_trail(settings):
    result = run_cycle(EXAMPLE, agency=AGENCY, periode="2025-TW1", settings=settings)
    steps = {(d.procedure, d.step) for d in result.documents}
    assert ("pengumpulan", 12) not in steps and ("pengukuran", 10) not in steps  # pengarsipan
    assert ("pengumpulan", 11) in steps  # the lembar disposisi of "Disposisi kepala dinas"
    numbered = sorted(d.title for d in result.documents if d.nomor)
    assert numbered == [
        "Laporan Hasil Pengukuran Kinerja",
        "Laporan Hasil Pengumpulan Data Kinerja",
        "Nota Dinas",
        "Nota Dinas",
    ]
