"""Agency profile overrides as data: ``<profiles_dir>/<slug>.yaml`` (naskah.agencies.profiles)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from naskah.agencies.manager import get_plugins
from naskah.agencies.profiles import (
    ProfileError,
    apply_overrides,
    profile_template,
    read_profile,
)
from naskah.plugins.dinsos_p3a_pessel import PROFILE
from naskah.settings import PluginSettings, Settings
from tests.conftest import EXAMPLE

AGENCY = "dinsos-p3a-pessel"


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    return folder


def write(folder: Path, slug: str, text: str) -> Path:
    path = folder / f"{slug}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def agency(folder: Path, slug: str = AGENCY):
    return get_plugins(profiles_dir=folder).agency(slug)


def problems(folder: Path) -> list[str]:
    """Every located problem of the profile files (a missing folder raises for all agencies)."""
    try:
        found = get_plugins(profiles_dir=folder).profile_problems()
    except ProfileError as exc:
        return exc.problems
    return [p for slug_problems in found.values() for p in slug_problems]


# --- applying ------------------------------------------------------------------------------------


def test_override_replaces_only_the_keys_it_gives(profiles):
    write(profiles, AGENCY, "kode_unit: UJI\nkepala:\n  pangkat: Pangkat Uji\n")
    a = agency(profiles)
    assert a.kode_unit == "UJI"
    assert a.kepala.pangkat == "Pangkat Uji"
    assert a.kepala.nama == PROFILE.kepala.nama and a.kepala.nip == PROFILE.kepala.nip
    assert a.kota == PROFILE.kota and a.nama == PROFILE.nama
    assert a.source.startswith(PROFILE.source) and f"{AGENCY}.yaml" in a.source


def test_without_profiles_dir_the_plugins_profile_is_used(profiles):
    write(profiles, AGENCY, "kode_unit: UJI\n")
    assert get_plugins().agency(AGENCY) == PROFILE


def test_empty_value_clears_a_fact_and_empty_file_changes_nothing(profiles):
    write(profiles, AGENCY, "kota: ''\nkepala:\n  nama:\n")
    a = agency(profiles)
    assert a.kota == "" and a.kepala.nama == ""
    write(profiles, AGENCY, "# nothing yet\n")
    assert dataclasses.replace(agency(profiles), source="") == dataclasses.replace(
        PROFILE, source=""
    )


def test_nip_with_spaces_or_unquoted_is_read_as_its_18_digits(profiles):
    write(profiles, AGENCY, "kepala:\n  nip: 19830523 200212 1 002\nsekretaris:\n"
                            "  nip: 198305232002121002\n")  # fmt: skip
    a = agency(profiles)
    assert a.kepala.nip == a.sekretaris.nip == "198305232002121002"


def test_sop_nomor_also_sets_the_nomor_the_letters_cite_and_dates_are_iso(profiles):
    write(profiles, AGENCY, "sop:\n  nomor: 000.8.3.3/1/UJI/2025\n"
                            "  tanggal_efektif: 2025-01-15\n  tanggal_revisi: '-'\n"
                            "  peralatan: [Komputer, Printer]\n")  # fmt: skip
    a = agency(profiles)
    assert a.sop.nomor == a.nomor_sop == "000.8.3.3/1/UJI/2025"
    assert a.sop.tanggal_efektif == date(2025, 1, 15) and a.sop.tanggal_revisi is None
    assert a.sop.peralatan == ("Komputer", "Printer")


def test_logo_is_relative_to_the_yaml_file(profiles):
    (profiles / "img").mkdir()
    (profiles / "img" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write(profiles, AGENCY, "logo: img/logo.png\nkertas: A4\n")
    a = agency(profiles)
    assert Path(a.logo) == (profiles / "img" / "logo.png").resolve()
    assert a.kertas == "A4"


# --- errors --------------------------------------------------------------------------------------


def test_error_names_the_file_the_key_path_and_what_is_expected(profiles):
    path = write(profiles, AGENCY, "kepala:\n  nip: '1983'\n")
    (problem,) = problems(profiles)
    assert problem.startswith(f"{path}: kepala.nip: '1983' bukan 18 angka")


def test_unknown_keys_are_errors_listing_the_allowed_ones(profiles):
    write(profiles, AGENCY, "alamt: Jl. Uji\nkepala:\n  naam: X\n")
    found = problems(profiles)
    assert any(": alamt: kunci tidak dikenal; diharapkan salah satu dari: sumber, singkatan, "
               "kota, alamat" in p for p in found)  # fmt: skip
    assert any(": kepala.naam: kunci tidak dikenal; diharapkan salah satu dari: nama, jabatan, "
               "pangkat, nip" in p for p in found)  # fmt: skip


def test_wrong_values_are_each_reported_in_the_files_words(profiles):
    write(profiles, AGENCY, "kertas: B5\nbidang: [Sekretariat, 7]\nsekretaris:\n  jabatan: ''\n"
                            "sop:\n  tanggal_efektif: 2025\nkepala: [x]\n")  # fmt: skip
    found = "\n".join(problems(profiles))
    assert "kertas: 'B5' bukan salah satu dari 'F4' atau 'A4'" in found
    assert "bidang[1]: diharapkan teks, ditemukan 7" in found
    assert "sekretaris.jabatan: tidak boleh kosong" in found
    assert "sop.tanggal_efektif: 2025 bukan tanggal; tulis seperti 2025-01-15" in found
    assert "kepala: diharapkan pemetaan kunci" in found


def test_file_for_an_agency_that_does_not_exist_names_the_installed_slugs(profiles):
    write(profiles, "dinsos-pesel", "kota: Painan\n")
    (problem,) = problems(profiles)
    assert "tidak ada instansi terpasang 'dinsos-pesel'" in problem and AGENCY in problem


def test_problems_of_every_file_are_reported_together(profiles):
    write(profiles, AGENCY, "kepala:\n  nip: 12\n")
    write(profiles, "tidak-ada", "kota: X\n")
    (profiles / "bkpsdm-pessel.yml").write_text("kota: X\n")
    found = problems(profiles)
    assert len(found) == 3
    assert any("ganti namanya menjadi bkpsdm-pessel.yaml" in p for p in found)


def test_yaml_syntax_error_gives_line_and_column(profiles):
    write(profiles, AGENCY, "kota: Painan\n  alamat: [\n")
    (problem,) = problems(profiles)
    assert "baris 2, kolom" in problem and "kesalahan sintaks YAML" in problem


def test_top_level_must_be_a_mapping(profiles):
    write(profiles, AGENCY, "- kota\n")
    (problem,) = problems(profiles)
    assert "diharapkan pemetaan kunci di tingkat teratas" in problem


def test_missing_logo_and_missing_folder_are_errors(profiles, tmp_path):
    write(profiles, AGENCY, "logo: tidak-ada.png\n")
    (problem,) = problems(profiles)
    assert "logo: 'tidak-ada.png' tidak ditemukan" in problem and "relatif terhadap" in problem
    (problem,) = problems(tmp_path / "tidak-ada")
    assert "folder profil tidak ada" in problem


# --- settings, run, template, CLI ---------------------------------------------------------------


def test_profiles_dir_is_read_from_the_environment(monkeypatch, profiles):
    monkeypatch.setenv("NASKAH_PLUGINS__PROFILES_DIR", str(profiles))
    assert Settings().plugins.profiles_dir == profiles


def test_apply_overrides_takes_the_folder_from_settings(profiles):
    write(profiles, AGENCY, "kode_unit: UJI\n")
    settings = Settings(plugins=PluginSettings(profiles_dir=profiles))
    assert apply_overrides(PROFILE, settings).kode_unit == "UJI"
    assert apply_overrides(PROFILE, Settings()) == PROFILE


def test_run_uses_the_override_without_a_plugin_release(profiles, settings):
    from naskah.run import run_cycle

    write(profiles, AGENCY, "kode_unit: UJI\n")
    settings = settings.model_copy(
        update={"plugins": PluginSettings(profiles_dir=profiles)}
    )
    result = run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings)
    nomor = [d.nomor for d in result.documents if d.nomor]
    assert nomor and all("/UJI/" in n for n in nomor)
    assert not any("kode unit" in w for w in result.warnings)


def test_template_reads_back_to_the_same_profile(profiles):
    path = write(profiles, AGENCY, profile_template(PROFILE))
    read_profile(path)  # valid as written
    again = agency(profiles)
    assert dataclasses.replace(again, source="") == dataclasses.replace(PROFILE, source="")


def test_cli_template_and_show(profiles):
    from naskah.cli.profile import app

    runner = CliRunner()
    out = runner.invoke(app, ["template", AGENCY, "--profiles-dir", str(profiles)])
    assert out.exit_code == 0, out.output
    assert "nip: '198305232002121002'" in out.output
    write(profiles, AGENCY, "kode_unit: UJI\n")
    shown = runner.invoke(app, ["show", AGENCY, "--profiles-dir", str(profiles)],
                          env={"COLUMNS": "200"})  # fmt: skip
    assert shown.exit_code == 0, shown.output
    line = next(ln for ln in shown.output.splitlines() if "kode_unit" in ln)
    assert "UJI" in line and f"{AGENCY}.yaml" in line
    bad = runner.invoke(app, ["show", "tidak-ada", "--profiles-dir", str(profiles)])
    assert bad.exit_code == 1 and "instansi terpasang" in bad.output


def test_one_bad_profile_disables_only_its_agency_with_its_located_error(profiles, settings,
                                                                        monkeypatch):
    from naskah.cli.main import app as main_app
    from naskah.run import run_cycle
    from naskah.settings import get_settings

    path = write(profiles, AGENCY, "kepala:\n  nip: '1983'\n")
    write(profiles, "bkpsdm-pessel", "kode_unit: BKP\n")
    plugins = get_plugins(profiles_dir=profiles)
    assert AGENCY not in plugins.agencies()
    assert plugins.agency("bkpsdm-pessel").kode_unit == "BKP"  # the others keep working
    with pytest.raises(ProfileError) as info:
        plugins.agency(AGENCY)
    assert info.value.problems[0].startswith(f"{path}: kepala.nip:")
    # Commands for that agency refuse with the located error; `naskah plugins` shows it.
    settings = settings.model_copy(update={"plugins": PluginSettings(profiles_dir=profiles)})
    with pytest.raises(ProfileError, match="kepala.nip"):
        run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings)
    runner = CliRunner()
    monkeypatch.setenv("NASKAH_PLUGINS__PROFILES_DIR", str(profiles))
    get_settings.cache_clear()
    try:
        shown = runner.invoke(main_app, ["plugins"], env={"COLUMNS": "250"})
    finally:
        monkeypatch.delenv("NASKAH_PLUGINS__PROFILES_DIR")
        get_settings.cache_clear()
    assert shown.exit_code == 1, shown.output  # a problem: `naskah plugins` says so by its exit
    assert f"instansi '{AGENCY}' dinonaktifkan" in shown.output
    assert "kepala.nip" in shown.output and "bkpsdm-pessel" in shown.output
    other = runner.invoke(main_app, ["profile", "show", "bkpsdm-pessel", "--profiles-dir",
                                     str(profiles)], env={"COLUMNS": "200"})
    assert other.exit_code == 0, other.output


def test_profile_show_names_the_sop_document_and_year_not_the_seed_file():
    from naskah.cli.main import app as main_app

    shown = CliRunner().invoke(main_app, ["profile", "show", AGENCY], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "seed" not in shown.output and ".txt" not in shown.output
    line = next(ln for ln in shown.output.splitlines() if ln.startswith("Sumber:"))
    assert 'SOP "Pengumpulan Data dan Pengukuran Kinerja"' in line and "tahun 2025" in line


def test_zona_waktu_defaults_to_wib_and_a_profile_may_set_it(profiles):
    assert all(a.zona_waktu == "WIB" for a in get_plugins().agencies().values())
    write(profiles, AGENCY, "zona_waktu: WITA\n")
    assert agency(profiles).zona_waktu == "WITA"
    write(profiles, AGENCY, "zona_waktu: WITT\n")
    assert any("zona_waktu" in p for p in problems(profiles))


def test_example_plugin_profile_file_is_valid():
    path = Path(EXAMPLE).parent / "naskah-agency-example" / "profiles" / "contoh-fiktif.yaml"
    override = read_profile(path).override
    assert override.sekretaris is not None and override.sekretaris.nip == "000000000000000003"


def test_lembar_kerja_steps_are_read_verbatim_and_the_template_reads_back(profiles):
    from naskah.plugins.dinsos_sumedang import PROFILE as SUMEDANG

    write(profiles, AGENCY, "sop:\n  lembar_kerja:\n    jenis_kegiatan: Rutin\n"
          "    langkah_awal: Memerintahkan Uji\n    langkah:\n    - Memerintahkan Uji\n"
          "    - Mengarsipkan Uji\n")  # fmt: skip
    lk = agency(profiles).sop.lembar_kerja
    assert lk.langkah == ("Memerintahkan Uji", "Mengarsipkan Uji")
    assert lk.langkah_awal == "Memerintahkan Uji" and lk.langkah_akhir == ""
    path = write(profiles, SUMEDANG.slug, profile_template(SUMEDANG))
    read_profile(path)
    assert agency(profiles, SUMEDANG.slug).sop.lembar_kerja == SUMEDANG.sop.lembar_kerja
