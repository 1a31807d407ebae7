"""An agency as a workbook (naskah.agencies.agency_xlsx): the profile on a sheet, each SOP table
on a sheet laid out like the SOP AP table — the same data as the YAML file, read by the same
declarative plugin, checked with problems located by cell, rendered end to end."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from naskah.agencies.agency_xlsx import read_agency_workbook, write_workbook
from naskah.agencies.declarative import PLUGIN_NAME, AgencyFileError, read_agency_file
from naskah.agencies.manager import get_plugins
from naskah.agencies.scaffold import write_workbook_file
from tests.conftest import ROOT
from tests.test_declarative_agency import _workbook, fresh_settings, with_agencies  # noqa: F401

SIXTH = read_agency_file(ROOT / "examples" / "agencies" / "contoh-data.yaml")


def _bundled(name: str):
    from importlib import import_module

    module = import_module(f"naskah.plugins.{name}")
    return module.PROFILE, tuple(import_module(f"naskah.plugins.{name}.sop").PROCEDURES)


@pytest.mark.parametrize("source", ["contoh-data", "dinsos_sumedang", "disdagtrans_pessel"])
def test_workbook_round_trip_gives_the_same_agency(tmp_path, source):
    """Decisions, documents (variants, per bidang), the order of pelaksana, the table title,
    the Lembar Kerja and the SOP identity come back as they were written."""
    profile, procedures = (SIXTH.profile, SIXTH.procedures) if source == "contoh-data" \
        else _bundled(source)  # fmt: skip
    profile = dataclasses.replace(profile, slug="uji-xlsx", logo="")
    path = write_workbook(profile, procedures, tmp_path / "uji-xlsx.xlsx", ["petunjuk"])
    file = read_agency_workbook(path)
    assert file.procedures == tuple(procedures)
    assert dataclasses.replace(file.profile, source="") == dataclasses.replace(profile, source="")


def _fill(path: Path, **values) -> None:
    wb = load_workbook(path)
    values = {"nama": "DINAS UJI KABUPATEN FIKTIF", "pemerintah": "PEMERINTAH KABUPATEN FIKTIF",
              "kabupaten": "Kabupaten Fiktif", "kepala.jabatan": "Kepala Dinas Uji",
              "sekretaris.jabatan": "Sekretaris Dinas Uji", **values}  # fmt: skip
    for row in wb["Profil"].iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values.pop(row[0].value)
    for key, value in values.items():
        wb["Profil"].append([key, value])
    wb.save(path)


def test_new_workbook_is_refused_until_filled_then_renders(tmp_path, settings, monkeypatch,
                                                           fresh_settings):  # noqa: F811
    from naskah.cli.main import app
    from naskah.run import run_cycle

    folder = tmp_path / "agencies"
    out = CliRunner().invoke(app, ["agency", "new", "dinkes-xl", "--form", "xlsx", "-o",
                                   str(folder)])  # fmt: skip
    assert out.exit_code == 0, out.output
    path = folder / "dinkes-xl.xlsx"
    guide = [r[0] for r in load_workbook(path)["Petunjuk"].iter_rows(values_only=True)]
    assert guide[0].startswith("Workbook instansi untuk naskah: dinkes-xl")
    with pytest.raises(AgencyFileError) as info:
        read_agency_workbook(path)
    assert any("Profil!B" in p and "(nama): tidak boleh kosong" in p for p in info.value.problems)
    _fill(path)
    monkeypatch.setenv("NASKAH_PLUGINS__AGENCIES_DIR", str(folder))
    shutil.copy(_workbook(tmp_path, "dinkes-xl"), folder / "siklus-2025-TW1.xlsx")  # not an agency
    listed = CliRunner().invoke(app, ["plugins", "--json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout)["agencies"]["dinkes-xl"] == "DINAS UJI KABUPATEN FIKTIF"
    result = run_cycle(folder / "siklus-2025-TW1.xlsx", agency="dinkes-xl", periode=None,
                       settings=with_agencies(settings, folder))  # fmt: skip
    assert len(result.documents) == 27


def test_problems_are_located_by_cell_and_all_reported(tmp_path):
    path = write_workbook_file("uji-xl", tmp_path)
    _fill(path, **{"kepala.nip": 198305232002121002, "kabupaten": None, "kertas": "Letter",
                   "warna": "merah"})  # fmt: skip
    wb = load_workbook(path)
    ws = wb["pengumpulan"]
    waktu = next(c.column_letter for c in ws[2] if c.value == "Waktu")
    ws[f"{waktu}5"] = "5 detik"  # step 3
    ws["A7"] = "lima"  # step 5
    wb.save(path)
    with pytest.raises(AgencyFileError) as info:
        read_agency_workbook(path)
    text = "\n".join(info.value.problems)
    for expected in (
        "(kepala.nip): NIP berupa angka: Excel hanya menyimpan 15 digitnya",
        "(kabupaten): tidak boleh kosong",
        "(kertas): 'Letter' bukan salah satu",
        "(warna): kunci tidak dikenal",
        f"pengumpulan!{waktu}5 (prosedur[0].langkah[2].waktu): '5 detik' tidak memuat angka",
        "pengumpulan!A7 (prosedur[0].langkah[4].no): seharusnya bilangan bulat, ditemukan 'lima'",
    ):
        assert expected in text, text
    assert all(p.startswith(f"{path}: ") for p in info.value.problems)


def test_cross_checks_name_the_workbook_through_both_commands(tmp_path, monkeypatch,
                                                              fresh_settings):  # noqa: F811
    from naskah.cli.main import app

    folder = tmp_path / "agencies"
    path = write_workbook_file("uji-xl", folder)
    _fill(path)
    wb = load_workbook(path)
    ws = wb["pengumpulan"]
    tidak = next(c.column for c in ws[1] if c.value == "Tidak")
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == 10)
    row[tidak - 1].value = 40
    wb.save(path)
    monkeypatch.setenv("NASKAH_PLUGINS__AGENCIES_DIR", str(folder))
    out = CliRunner().invoke(app, ["plugins"])
    text = " ".join(out.output.split())
    where = (f"plugin '{PLUGIN_NAME}:uji-xl.xlsx', instansi 'uji-xl', prosedur 'pengumpulan', "
             "langkah 10, isian 'keputusan.tidak'")  # fmt: skip
    assert out.exit_code == 1 and "Traceback" not in text and where in text
    fresh_settings.cache_clear()
    run = CliRunner().invoke(app, ["run", str(_workbook(tmp_path, "uji-xl")), "--agency",
                                   "uji-xl", "--no-pdf", "--data-dir", str(tmp_path / "d")])
    ran = " ".join(run.output.split())
    assert run.exit_code == 1 and "Traceback" not in ran and where in ran


def test_one_agency_in_two_files_is_refused_naming_both(tmp_path):
    write_workbook_file("uji-xl", tmp_path)
    _fill(tmp_path / "uji-xl.xlsx")
    (tmp_path / "uji-xl.yaml").write_text(
        (ROOT / "examples" / "agencies" / "contoh-data.yaml").read_text(encoding="utf-8")
        .replace("slug: contoh-data", "slug: uji-xl"), encoding="utf-8")  # fmt: skip
    plugins = get_plugins(agencies_dir=tmp_path)
    (failure,) = plugins.failures
    assert "uji-xl" in plugins.agencies()
    assert "diuraikan dua kali" in failure.error and "uji-xl.xlsx" in failure.error


def test_import_into_a_workbook_reads_the_same_tables(tmp_path):
    from naskah.cli.main import app
    from naskah.plugins.dinsos_p3a_pessel.sop import PENGUKURAN, PENGUMPULAN
    from tests.test_sop_import import _header_000, seed_like_docx

    source = seed_like_docx(tmp_path / "sop.docx", (PENGUMPULAN, PENGUKURAN), _header_000)
    out = CliRunner().invoke(app, ["agency", "import", str(source), "--slug", "uji-impor",
                                   "--form", "xlsx", "-o", str(tmp_path)])  # fmt: skip
    assert out.exit_code == 0, out.output
    path = tmp_path / "uji-impor.xlsx"
    guide = " ".join(str(r[0]) for r in load_workbook(path)["Petunjuk"].iter_rows(values_only=True))
    assert "Tabel dibaca dari sop.docx" in guide and "langkah 12" in guide
    _fill(path)
    from naskah.agencies.sop_import import read_sop_docx

    assert read_agency_workbook(path).procedures == tuple(read_sop_docx(source).procedures)
