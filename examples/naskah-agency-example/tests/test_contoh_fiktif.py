"""The FICTIONAL agency plugin: profile, SOP, own kind, kop, numbering, predicate scale, a run.

Run with the Python that has naskah installed: ``python -m pytest tests`` in this folder.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from naskah.agencies.check import check_plugins
from naskah.agencies.manager import get_plugins
from naskah.archive.numbering import format_nomor
from naskah.input.workbook import read_workbook
from naskah.measurement.rules import predikat
from naskah.pipeline import plan_documents, prepare_cycle
from naskah.run import run_cycle

import naskah_agency_example as plugin

SLUG = "contoh-fiktif"
ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = ROOT / "contoh-fiktif-2025-TW1.xlsx"
PROFILES = ROOT / "profiles"


def docx_text(path: Path, part: str = "word/document.xml") -> str:
    """The text of a DOCX part (runs joined, paragraphs on their own lines)."""
    with zipfile.ZipFile(path) as z:
        xml = z.read(part).decode("utf-8")
    xml = re.sub(r"</w:p>", "\n", xml)
    return re.sub(r"<[^>]+>", "", xml)


def test_profile_is_marked_fictional_and_invents_no_real_nip():
    assert "FIKTIF" in plugin.PROFILE.nama
    assert "fiktif" in plugin.PROFILE.kepala.nama
    assert set(plugin.PROFILE.kepala.nip) == {"0", "1"}  # zeros: obviously not a real NIP
    assert plugin.PROFILE.sekretaris.nama == ""  # left empty on purpose


def test_agency_is_declared_with_its_two_procedures(plugins):
    agency = plugins.agency(SLUG)
    assert agency.kertas == "A4"
    procs = plugins.procedures(agency)
    assert [p.slug for p in procs] == ["pengumpulan", "pengukuran"]
    assert [len(p.steps) for p in procs] == [10, 10]


@pytest.mark.parametrize(
    ("capaian", "label"),
    [
        ("125", "Sangat Berhasil"), ("100", "Sangat Berhasil"), ("99.99", "Berhasil"),
        ("75", "Berhasil"), ("74.99", "Cukup Berhasil"), ("55", "Cukup Berhasil"),
        ("54.99", "Kurang Berhasil"), ("0", "Kurang Berhasil"),
    ],
)  # fmt: skip
def test_predicate_scale_has_four_bands_from_100(plugins, capaian, label):
    rules = plugins.measurement_rules(plugins.agency(SLUG))
    assert predikat(Decimal(capaian), rules.skala_predikat) == label


def test_other_agencies_keep_the_default_scale(plugins):
    rules = plugins.measurement_rules(plugins.agency("dinsos-p3a-pessel"))
    assert predikat(Decimal(100), rules.skala_predikat) == "Sangat Tinggi"


def test_numbering_pattern_prints_the_month_in_roman_numerals(plugins):
    agency = plugins.agency(SLUG)
    kind = plugins.document_kinds()["berita_acara"]
    pattern = plugins.numbering_pattern(agency, kind)
    nomor = format_nomor(pattern, kode="000.8.6.3", nomor=4, unit=agency.kode_unit,
                         tanggal=date(2025, 4, 24))  # fmt: skip
    assert nomor == "000.8.6.3/004/D-Contoh/IV/2025"


def test_own_templates_are_used_only_for_this_agency(plugins):
    kinds = plugins.document_kinds()
    agency = plugins.agency(SLUG)
    assert plugins.template(agency, kinds["nota_dinas"]) == plugin.TEMPLATES / "nota_dinas.docx"
    assert plugins.template(agency, kinds["notulen_rapat"]).parent != plugin.TEMPLATES
    other = plugins.agency("dinsos-p3a-pessel")
    assert plugins.template(other, kinds["nota_dinas"]).parent != plugin.TEMPLATES


def test_templates_pass_naskahs_template_check(plugins):
    checks = check_plugins(plugins)["contoh_fiktif"]
    assert {c.kind for c in checks} == {"nota_dinas", "berita_acara"}
    assert all(c.ok and c.note == "sample render" for c in checks), checks


def test_berita_acara_is_planned_at_pengukuran_step_6_with_the_scale(plugins):
    cycle = prepare_cycle(plugins, SLUG, read_workbook(WORKBOOK))
    planned = [d for d in plan_documents(plugins, cycle) if d.kind.slug == "berita_acara"]
    assert [(d.procedure, d.step) for d in planned] == [("pengukuran", 6)]
    ctx = plugins.document_context(cycle, planned[0], "000.8.6.3/004/D-Contoh/IV/2025")
    assert ctx["kop"]["nama"].startswith("DINAS CONTOH")
    assert [r["predikat"] for r in ctx["rows"]] == [
        "Sangat Berhasil", "Berhasil", "Berhasil", "Sangat Berhasil", "Kurang Berhasil",
        "Cukup Berhasil", "-",
    ]  # fmt: skip
    assert ctx["hari_tanggal"] == "Kamis, 24 April 2025"
    assert {s["label"]: s["jumlah"] for s in ctx["skala"]} == {
        "Sangat Berhasil": 2, "Berhasil": 2, "Cukup Berhasil": 1, "Kurang Berhasil": 1}


def test_run_archives_the_trail_with_the_berita_acara(plugins, settings):
    result = run_cycle(WORKBOOK, agency=SLUG, periode="2025-TW1", settings=settings,
                       plugins=plugins)  # fmt: skip
    by_title = {d.title: d for d in result.documents}
    ba = by_title["Berita Acara Hasil Pengukuran Kinerja"]
    assert ba.nomor == "000.8.6.3/004/D-Contoh/IV/2025"
    text = docx_text(settings.archive_dir / ba.docx_path)
    assert "BERITA ACARA" in text and "Kurang Berhasil" in text
    nota = settings.archive_dir / by_title["Nota Dinas"].docx_path
    assert "DINAS CONTOH KABUPATEN FIKTIF" in docx_text(nota)  # the plugin's kop
    assert "instansi fiktif" in docx_text(nota, "word/header1.xml")  # its "fictional" header
    # the Sekretaris is not named anywhere: a warning, never an invented name
    assert any("Sekretaris" in w and "tidak ada di data" in w for w in result.warnings)


def test_profile_file_names_the_sekretaris_without_a_release():
    import naskah_agency_example

    loaded = get_plugins(extra=(("contoh_fiktif_test", naskah_agency_example),),
                         disabled=["contoh_fiktif"], profiles_dir=PROFILES)  # fmt: skip
    sekretaris = loaded.agency(SLUG).sekretaris
    assert sekretaris.nama == "CITRA CONTOH, S.H. (fiktif)"
    assert sekretaris.nip == "000000000000000003"
    assert sekretaris.jabatan == plugin.PROFILE.sekretaris.jabatan  # not in the file: kept
