"""An agency described as data (naskah.agencies.declarative): one YAML file with its profile and
SOP table, validated with located errors, loaded through the same hooks, listed and checked by
`naskah plugins`, rendered end to end; `naskah agency new` scaffolds both forms."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest
import yaml
from docx import Document
from typer.testing import CliRunner

from naskah.agencies.check_sop import definition_problems
from naskah.agencies.declarative import (
    PLUGIN_NAME,
    AgencyFileError,
    agency_as_dict,
    dump_agency,
    read_agency_file,
)
from naskah.agencies.manager import get_plugins
from naskah.agencies.scaffold import module_name, write_data_file, write_package
from naskah.plugins.dinsos_p3a_pessel import PROFILE as DINSOS
from naskah.plugins.dinsos_p3a_pessel.sop import PROCEDURES as DINSOS_SOP
from tests.conftest import ROOT

AGENCIES = ROOT / "examples" / "agencies"
SIXTH = "contoh-data"
WORKBOOK = AGENCIES / "contoh-data-2025-TW1.xlsx"


@pytest.fixture
def fresh_settings():
    """``get_settings`` re-read from the environment (it is cached per process)."""
    from naskah.settings import get_settings

    get_settings.cache_clear()
    yield get_settings
    get_settings.cache_clear()


def with_agencies(settings, folder: Path):
    plugins = settings.plugins.model_copy(update={"agencies_dir": folder})
    return settings.model_copy(update={"plugins": plugins})


def docx_text(path: str | Path, settings=None) -> str:
    if settings is not None:
        path = settings.archive_dir / path
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


# --- the data file -------------------------------------------------------------------------------


def test_round_trip_gives_the_same_profile_and_procedures(tmp_path):
    import dataclasses

    path = tmp_path / f"{DINSOS.slug}.yaml"
    profile = dataclasses.replace(DINSOS, zona_waktu="WITA")
    path.write_text(dump_agency(agency_as_dict(profile, DINSOS_SOP)), encoding="utf-8")
    file = read_agency_file(path)
    assert file.profile.zona_waktu == "WITA"  # a data-file agency sets its time zone too
    assert file.procedures == tuple(DINSOS_SOP)
    assert file.profile.kepala == DINSOS.kepala and file.profile.nama == DINSOS.nama
    assert file.profile.dasar_hukum == DINSOS.dasar_hukum


def _write(tmp_path: Path, slug: str, edit) -> Path:
    data = yaml.safe_load((AGENCIES / f"{SIXTH}.yaml").read_text(encoding="utf-8"))
    data["slug"] = slug
    edit(data)
    path = tmp_path / f"{slug}.yaml"
    path.write_text(dump_agency(data), encoding="utf-8")
    return path


LOAD_CASES = [
    (lambda d: d.pop("nama"), "nama", "kunci wajib tidak ada"),
    (lambda d: d.update(nama=""), "nama", "tidak boleh kosong"),
    (lambda d: d.update(warna="merah"), "warna", "kunci tidak dikenal"),
    (lambda d: _step(d, 0, 0).update(uraiann="x"), "prosedur[0].langkah[0].uraiann",
     "salah satu dari: no, uraian, pelaksana, kelengkapan, waktu, output, dokumen"),
    (lambda d: d.update(zona_waktu="WIBB"), "zona_waktu", "'WIBB' bukan salah satu"),
    (lambda d: _step(d, 0, 3).update(waktu="5 detik"),
     "prosedur[0].langkah[3].waktu", "'5 detik' tidak memuat angka dan satuan"),
    (lambda d: d["prosedur"][1]["langkah"][0].pop("uraian"),
     "prosedur[1].langkah[0].uraian", "kunci wajib tidak ada"),
    (lambda d: d["kepala"].update(nip="1983"), "kepala.nip", "bukan 18 angka"),
    (lambda d: d.update(kertas="Letter"), "kertas", "'Letter'"),
    (lambda d: d.update(logo="tidak-ada.png"), "logo", "tidak-ada.png"),
    (lambda d: _step(d, 0, 1).update(no="dua"), "prosedur[0].langkah[1].no",
     "seharusnya bilangan bulat, ditemukan 'dua'"),
    (lambda d: d.update(tahun_sop="dua ribu"), "tahun_sop", "seharusnya bilangan bulat"),
    (lambda d: d.update(jenis_indikator=["IKX"]), "jenis_indikator[0]", "'IKX' bukan salah satu"),
    (lambda d: _step(d, 0, 0).update(dokumen=[{"jenis": "nota_dinas", "per_bidang": "ya"}]),
     "prosedur[0].langkah[0].dokumen[0].per_bidang", "seharusnya true atau false"),
    (lambda d: _step(d, 0, 9).update(keputusan={"ya": 11}),
     "prosedur[0].langkah[9].keputusan.tidak", "kunci wajib tidak ada"),
    (lambda d: d.update(prosedur=[]), "prosedur", "paling sedikit satu tabel SOP"),
    (lambda d: d["prosedur"][1].update(langkah=[]), "prosedur[1].langkah",
     "paling sedikit satu langkah"),
]  # fmt: skip
"""Problems of the file itself (read before any check): (edit, key path, Indonesian text)."""
ENGLISH = ("Input should", "should be", "must ", "missing", "expected", "required", "invalid")


@pytest.mark.parametrize(
    ("edit", "where", "found"), LOAD_CASES,
    ids=["missing", "empty", "unknown-key", "unknown-step-key", "zona-waktu", "waktu", "uraian",
         "nip", "kertas", "logo", "no", "tahun-sop", "jenis", "per-bidang", "keputusan",
         "no-table", "no-step"],
)  # fmt: skip
def test_problems_name_the_file_and_key_path(tmp_path, edit, where, found):
    path = _write(tmp_path, "uji-data", edit)
    with pytest.raises(AgencyFileError) as info:
        read_agency_file(path)
    hit = [p for p in info.value.problems if p.startswith(f"{path}: {where}:")]
    assert hit and found in hit[0], info.value.problems
    assert not [w for w in ENGLISH if w in hit[0]], hit[0]  # NASKAH_LANG unset: Indonesian


def test_slug_must_be_the_file_name(tmp_path):
    path = _write(tmp_path, "uji-data", lambda d: None)
    renamed = path.rename(tmp_path / "lain.yaml")
    with pytest.raises(AgencyFileError, match="slug: 'uji-data'"):
        read_agency_file(renamed)


def test_unquoted_no_key_reads_as_the_step_number(tmp_path):
    text = (AGENCIES / f"{SIXTH}.yaml").read_text(encoding="utf-8")
    assert "\n  - no: 1\n" in text  # as a person writes it, unquoted
    assert read_agency_file(AGENCIES / f"{SIXTH}.yaml").procedures[0].steps[0].nomor == 1


def _step(d, proc: int, row: int) -> dict:
    """Row ``row`` of table ``proc``, its ``no`` under the key "no" (YAML 1.1 reads the
    unquoted key as ``False``)."""
    step = d["prosedur"][proc]["langkah"][row]
    if False in step:
        step["no"] = step.pop(False)
    return step


DATA_CASES = {
    # name: (edit of the sixth agency's file, location expected, text expected)
    "decision-target": (lambda d: _step(d, 0, 9).update(keputusan={"ya": 11, "tidak": 30}),
                        "prosedur 'pengumpulan', langkah 10, isian 'keputusan.tidak'", "30"),
    "step-numbers": (lambda d: _step(d, 0, 2).update(no=33),
                     "prosedur 'pengumpulan', isian 'no'", "33"),
    "pelaksana": (lambda d: _step(d, 0, 1).update(pelaksana=["Bupati"]),
                  "prosedur 'pengumpulan', langkah 2, isian 'pelaksana'", "'Bupati'"),
    "unknown-kind": (lambda d: _step(d, 0, 0).update(dokumen=["nota_dinass"]),
                     "prosedur 'pengumpulan', langkah 1, isian 'dokumen'", "'nota_dinass'"),
    "unknown-variant": (lambda d: _step(d, 1, 6).update(dokumen=["laporan_pengukuran:draf"]),
                        "prosedur 'pengukuran', langkah 7, isian 'dokumen'", "'draf'"),
    "uraian": (lambda d: _step(d, 1, 0).update(uraian=""),
               "prosedur 'pengukuran', langkah 1, isian 'uraian'", ""),
    "no-columns": (lambda d: d["prosedur"][1].update(pelaksana=[]),
                   "prosedur 'pengukuran', isian 'pelaksana'", ""),
    "duplicate-procedure": (lambda d: d["prosedur"][1].update(slug="pengumpulan"),
                            "prosedur 'pengumpulan', isian 'slug'", ""),
    "procedure-slug": (lambda d: d["prosedur"][0].update(slug="Pengumpulan Data"),
                       "prosedur 'Pengumpulan Data', isian 'slug'", "'Pengumpulan Data'"),
    "numbering-field": (lambda d: d.update(penomoran="{kode}/{no}/{tahun}"),
                        "isian 'penomoran'", "'no'"),
    "numbering-without-nomor": (lambda d: d.update(penomoran="{kode}/{unit}/{tahun}"),
                                "isian 'penomoran'", "{nomor}"),
    "tahun-sop": (lambda d: d.update(tahun_sop=1800), "isian 'tahun_sop'", "1800"),
    "jenis-indikator": (lambda d: d.update(jenis_indikator=[]), "isian 'jenis_indikator'", "IKU"),
}  # fmt: skip
"""One broken agency data file per cross-check of a run (those of a Python plugin's
``tests/test_plugin_check_sop.py``), in the file's own key names."""


@pytest.mark.parametrize("case", sorted(DATA_CASES))
def test_each_check_of_a_data_file_through_the_commands(case, tmp_path, monkeypatch,
                                                        fresh_settings):  # fmt: skip
    """`naskah plugins` and `naskah run` on a broken data file: exit 1, the message located by
    file, agency, procedure, step and key, no traceback; run refuses with the same messages."""
    from naskah.cli.main import app

    edit, where, found = DATA_CASES[case]
    folder = tmp_path / "agencies"
    folder.mkdir()
    _write(folder, "uji-data", edit)
    monkeypatch.setenv("NASKAH_PLUGINS__AGENCIES_DIR", str(folder))
    runner = CliRunner()
    out = runner.invoke(app, ["plugins"])
    text = " ".join(out.output.split())
    assert out.exit_code == 1 and "Traceback" not in text, text
    located = f"plugin '{PLUGIN_NAME}:uji-data.yaml', instansi 'uji-data'"
    assert any(located in line and where in line and found in line
               for line in text.split("masalah: ")), text  # fmt: skip
    listed = json.loads(runner.invoke(app, ["plugins", "--json"]).stdout)
    errors = [p for p in listed["problems"] if not p["warning"] and p["agency"] == "uji-data"]
    assert errors and listed["ok"] is False
    fresh_settings.cache_clear()
    run = runner.invoke(app, ["run", str(_workbook(tmp_path, "uji-data")), "--agency", "uji-data",
                              "--no-pdf", "--data-dir", str(tmp_path / "data")])  # fmt: skip
    ran = " ".join(run.output.split())
    assert run.exit_code == 1 and "Traceback" not in ran, ran
    assert "instansi 'uji-data' tidak dapat dijalankan" in ran
    for problem in errors:
        assert " ".join(f"{problem['location']}: {problem['message']}".split()) in ran
    assert not list((tmp_path / "data").rglob("*.docx"))


def test_a_broken_file_is_a_named_failure_and_the_others_load(tmp_path):
    _write(tmp_path, "uji-baik", lambda d: None)
    _write(tmp_path, "uji-rusak", lambda d: d.update(kertas="Letter"))
    plugins = get_plugins(agencies_dir=tmp_path)
    assert "uji-baik" in plugins.agencies() and "uji-rusak" not in plugins.agencies()
    (failure,) = plugins.failures
    assert failure.name == f"{PLUGIN_NAME}:uji-rusak.yaml" and "kertas" in failure.error
    with pytest.raises(Exception, match="uji-rusak.yaml"):
        plugins.agency("uji-rusak")


def test_plugins_command_lists_the_data_agency_and_exits_1_on_a_broken_file(
    tmp_path, monkeypatch, fresh_settings
):
    from naskah.cli.main import app

    monkeypatch.setenv("NASKAH_PLUGINS__AGENCIES_DIR", str(AGENCIES))
    out = CliRunner().invoke(app, ["plugins", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["agencies"][SIXTH] == "DINAS CONTOH DATA KABUPATEN FIKTIF"
    warned = {p["field"] for p in data["problems"] if p["agency"] == SIXTH and p["warning"]}
    assert warned == {"kepala.nama", "kepala.nip"}  # not given in the file: warned, not invented
    _write(tmp_path, "uji-rusak", lambda d: d["prosedur"][0]["langkah"][0].update(waktu="x"))
    monkeypatch.setenv("NASKAH_PLUGINS__AGENCIES_DIR", str(tmp_path))
    fresh_settings.cache_clear()
    out = CliRunner().invoke(app, ["plugins"])
    text = " ".join(out.output.split())
    assert out.exit_code == 1 and "Traceback" not in text
    problem = "uji-rusak.yaml: prosedur[0].langkah[0].waktu: 'x' tidak memuat angka dan satuan"
    assert problem in text
    fresh_settings.cache_clear()
    run = CliRunner().invoke(app, ["run", str(_workbook(tmp_path, "uji-rusak")), "--agency",
                                   "uji-rusak", "--no-pdf", "--data-dir", str(tmp_path / "d")])
    ran = " ".join(run.output.split())
    assert run.exit_code == 1 and "Traceback" not in ran and problem in ran, ran
    assert not (tmp_path / "d").exists() or not list((tmp_path / "d").rglob("*.docx"))


# --- end to end ----------------------------------------------------------------------------------


def test_sixth_agency_renders_its_full_trail_and_sop_document(settings):
    from naskah.run import run_cycle

    settings = with_agencies(settings, AGENCIES)
    result = run_cycle(WORKBOOK, agency=SIXTH, periode=None, settings=settings)
    file = read_agency_file(AGENCIES / f"{SIXTH}.yaml")
    steps = {(p.slug, s.nomor) for p in file.procedures for s in p.steps if s.documents}
    rendered = {(d.procedure, d.step) for d in result.documents}
    assert steps <= rendered  # every step that produces a document has one
    assert len(result.documents) == 27
    sop = next(d for d in result.documents if d.procedure == "sop")
    text = docx_text(sop.docx_path, settings)
    assert "DINAS CONTOH DATA KABUPATEN FIKTIF" in text
    assert file.procedures[0].steps[0].uraian in text
    assert "Disahkan oleh" in text
    assert any("nama Kepala Dinas Contoh Data" in w for w in result.warnings)
    assert all("ILHAM" not in docx_text(d.docx_path, settings) for d in result.documents[:3])


def _fill(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(nama="DINAS UJI KABUPATEN FIKTIF", pemerintah="PEMERINTAH KABUPATEN FIKTIF",
                kabupaten="Kabupaten Fiktif")  # fmt: skip
    data["kepala"]["jabatan"] = "Kepala Dinas Uji"
    data["sekretaris"]["jabatan"] = "Sekretaris Dinas Uji"
    path.write_text(dump_agency(data), encoding="utf-8")


def _workbook(tmp_path: Path, slug: str) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(WORKBOOK)
    for row in wb["Siklus"].iter_rows(min_row=2):
        if row[0].value == "agency":
            row[1].value = slug
    out = tmp_path / f"{slug}.xlsx"
    wb.save(out)
    return out


def test_new_data_file_is_refused_until_filled_then_renders(tmp_path, settings):
    from naskah.run import run_cycle

    folder = tmp_path / "agencies"
    path = write_data_file("dinkes-uji", folder)
    with pytest.raises(AgencyFileError) as info:
        read_agency_file(path)
    assert {p.split(": ")[1] for p in info.value.problems} >= {
        "nama", "pemerintah", "kabupaten", "kepala.jabatan", "sekretaris.jabatan"}
    _fill(path)
    result = run_cycle(_workbook(tmp_path, "dinkes-uji"), agency="dinkes-uji", periode=None,
                       settings=with_agencies(settings, folder))  # fmt: skip
    assert len(result.documents) == 27


def test_new_package_is_a_plugin_that_renders_after_filling(tmp_path, settings, monkeypatch):
    import tomllib

    from naskah.run import run_cycle

    root = write_package("dinkes-paket", tmp_path)
    module = module_name("dinkes-paket")
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"]["naskah"] == {"agency_dinkes_paket": module}
    _fill(root / module / "dinkes-paket.yaml")
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.delitem(sys.modules, module, raising=False)
    plugin = importlib.import_module(module)
    plugins = get_plugins(extra=(("agency_dinkes_paket", plugin),))
    assert definition_problems(plugins, plugins.agency("dinkes-paket"))[0].warning
    result = run_cycle(_workbook(tmp_path, "dinkes-paket"), agency="dinkes-paket", periode=None,
                       settings=settings, plugins=plugins)  # fmt: skip
    assert len(result.documents) == 27


def test_agency_new_command_writes_both_forms_and_refuses_to_overwrite(tmp_path):
    from naskah.cli.main import app

    runner = CliRunner()
    assert runner.invoke(app, ["agency", "new", "dinkes-uji", "-o", str(tmp_path)]).exit_code == 0
    assert (tmp_path / "dinkes-uji.yaml").is_file()
    again = runner.invoke(app, ["agency", "new", "dinkes-uji", "-o", str(tmp_path)])
    assert again.exit_code == 1 and "sudah ada" in again.output
    out = runner.invoke(app, ["agency", "new", "dinkes-uji", "-f", "package", "-o", str(tmp_path)])
    assert out.exit_code == 0
    assert (tmp_path / "naskah-agency-dinkes-uji" / "pyproject.toml").is_file()
    bad = runner.invoke(app, ["agency", "new", "Dinkes Uji", "-o", str(tmp_path)])
    assert bad.exit_code == 1 and "Traceback" not in bad.output


def test_sumedang_round_trip_keeps_label_lembar_kerja_and_table_title(tmp_path):
    from naskah.plugins.dinsos_sumedang import PROFILE as SUMEDANG
    from naskah.plugins.dinsos_sumedang.sop import PROCEDURES as SUMEDANG_SOP

    path = tmp_path / f"{SUMEDANG.slug}.yaml"
    path.write_text(dump_agency(agency_as_dict(SUMEDANG, SUMEDANG_SOP)), encoding="utf-8")
    file = read_agency_file(path)
    assert file.profile.sop == SUMEDANG.sop  # disahkan_label, lembar_kerja included
    assert file.procedures == tuple(SUMEDANG_SOP)  # judul_tabel included


def test_new_files_speak_indonesian_and_the_pip_hint_is_a_path(tmp_path, monkeypatch):
    """The scaffold's comments are in the catalog's language, and `pip install` is given a
    path (a bare name would make pip look for a package to download)."""
    from naskah.cli.main import app

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["agency", "new", "dinkes-uji"]).exit_code == 0
    head = (tmp_path / "dinkes-uji.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert head == "# Berkas data instansi untuk naskah: dinkes-uji"
    out = runner.invoke(app, ["agency", "new", "dinkes-uji", "--form", "package"])
    assert "pip install -e ./naskah-agency-dinkes-uji " in " ".join(out.output.split())
