"""`naskah plugins` checks everything a run would (naskah.agencies.check_sop): one deliberately
broken plugin per check, a located message, exit 1, no traceback; `naskah run` refuses the same
plugin with the same message and writes nothing."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import sys
import types

import pytest
from typer.testing import CliRunner

import naskah
from naskah.agencies.check_sop import definition_problems
from naskah.agencies.manager import PluginError, get_plugins
from naskah.model import DocumentSpec, Keputusan, Pejabat
from naskah.plugins.dinsos_p3a_pessel import PROFILE
from naskah.plugins.dinsos_p3a_pessel.sop import PENGUKURAN, PENGUMPULAN

SLUG = "uji-rusak"
PLUGIN = "naskah_uji_rusak"


def replace_step(which: int, /, **changes):
    """PENGUMPULAN with step ``which`` changed."""
    steps = tuple(dataclasses.replace(s, **changes) if s.nomor == which else s
                  for s in PENGUMPULAN.steps)  # fmt: skip
    return dataclasses.replace(PENGUMPULAN, steps=steps)


def broken_plugin(procedures=None, pattern=None, **profile_changes) -> types.ModuleType:
    """A plugin declaring agency ``uji-rusak`` (the Dinsos SOP) with the given changes."""
    module = types.ModuleType(PLUGIN)
    profile = dataclasses.replace(PROFILE, **({"slug": SLUG} | profile_changes))
    procs = procedures if procedures is not None else (PENGUMPULAN, PENGUKURAN)
    slug = profile.slug

    def naskah_agencies():
        return [profile]

    def naskah_procedures(agency):
        return list(procs) if agency.slug == slug else None

    def naskah_numbering_pattern(agency, kind):
        return pattern if agency.slug == slug else None

    for fn in (naskah_agencies, naskah_procedures, naskah_numbering_pattern):
        setattr(module, fn.__name__, naskah.hookimpl(fn))
    return module


def problems_of(module, slug=SLUG):
    plugins = get_plugins(extra=((PLUGIN, module),))
    return [str(p) for p in definition_problems(plugins, plugins.agency(slug))]


CASES = {
    "decision-target": (
        dict(procedures=(replace_step(10, keputusan=Keputusan(ya=11, tidak=40)), PENGUKURAN)),
        "prosedur 'pengumpulan', langkah 10, isian 'keputusan.tidak'", "40",
    ),
    "step-numbers": (
        dict(procedures=(replace_step(3, nomor=33), PENGUKURAN)),
        "prosedur 'pengumpulan', isian 'nomor'", "33",
    ),
    "pelaksana": (
        dict(procedures=(replace_step(2, pelaksana=("Sekretariat", "Bupati")), PENGUKURAN)),
        "prosedur 'pengumpulan', langkah 2, isian 'pelaksana'", "'Bupati'",
    ),
    "waktu-unit": (
        dict(procedures=(replace_step(1, waktu_teks="5 detik"), PENGUKURAN)),
        "langkah 1, isian 'waktu'", "menit, jam",
    ),
    "waktu-disagrees": (
        dict(procedures=(replace_step(1, waktu_teks="2 jam"), PENGUKURAN)),
        "langkah 1, isian 'waktu'", "120",
    ),
    "unknown-kind": (
        dict(procedures=(replace_step(1, documents=(DocumentSpec("nota_dinass"),)), PENGUKURAN)),
        "langkah 1, isian 'documents'", "'nota_dinass'",
    ),
    "unknown-variant": (
        dict(procedures=(replace_step(1, documents=(DocumentSpec("nota_dinas", "draf"),)),
                         PENGUKURAN)),
        "langkah 1, isian 'documents'", "'draf'",
    ),
    "no-procedures": (dict(procedures=()), f"instansi '{SLUG}'", "naskah_procedures"),
    "duplicate-procedure": (
        dict(procedures=(PENGUMPULAN, PENGUMPULAN)), "prosedur 'pengumpulan', isian 'slug'", "",
    ),
    "numbering-field": (dict(pattern="{kode}/{no}/{tahun}"), "isian 'numbering", "'no'"),
    "numbering-without-nomor": (
        dict(pattern="{kode}/{unit}/{tahun}"), "isian 'numbering", "{nomor}",
    ),
    "nip": (
        dict(kepala=dataclasses.replace(PROFILE.kepala, nip="1983-05")),
        "isian 'kepala.nip'", "18",
    ),
    "logo": (dict(logo="/tidak/ada/logo.png"), "isian 'logo'", "/tidak/ada/logo.png"),
    "kertas": (dict(kertas="Letter"), "isian 'kertas'", "'Letter'"),
    "kepala-jabatan": (dict(kepala=Pejabat(jabatan="")), "isian 'kepala.jabatan'", ""),
    "nama": (dict(nama=""), "isian 'nama'", "kop"),
    "tahun-sop": (dict(tahun_sop=1800), "isian 'tahun_sop'", "1800"),
    "jenis-indikator": (dict(jenis_indikator=()), "isian 'jenis_indikator'", "IKU"),
    "waktu-menit": (
        dict(procedures=(replace_step(1, waktu_menit=0), PENGUKURAN)),
        "langkah 1, isian 'waktu'", "waktu_menit 0",
    ),
    "uraian": (
        dict(procedures=(replace_step(5, uraian=" "), PENGUKURAN)),
        "prosedur 'pengumpulan', langkah 5, isian 'uraian'", "",
    ),
    "no-columns": (
        dict(procedures=(dataclasses.replace(PENGUMPULAN, pelaksana=()), PENGUKURAN)),
        "prosedur 'pengumpulan', isian 'pelaksana'", "",
    ),
    "no-steps": (
        dict(procedures=(PENGUMPULAN, dataclasses.replace(PENGUKURAN, steps=()))),
        "prosedur 'pengukuran', isian 'steps'", "",
    ),
    "procedure-slug": (
        dict(procedures=(dataclasses.replace(PENGUMPULAN, slug="Pengumpulan Data"), PENGUKURAN)),
        "prosedur 'Pengumpulan Data', isian 'slug'", "'Pengumpulan Data'",
    ),
}
"""One deliberately broken plugin per check: (changes, location expected, text expected)."""


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_check_locates_its_problem(case):
    changes, where, found = CASES[case]
    problems = problems_of(broken_plugin(**changes))
    assert problems, case
    hit = [p for p in problems if where in p and found in p]
    assert hit, problems
    assert hit[0].startswith(f"plugin '{PLUGIN}', instansi '{SLUG}'")


def test_bad_slug_is_located():
    (problem,) = [p for p in problems_of(broken_plugin(slug="Uji Rusak"), "Uji Rusak")
                  if "isian 'slug'" in p]  # fmt: skip
    assert "'Uji Rusak'" in problem


def test_bundled_plugins_have_no_problems():
    plugins = get_plugins()
    assert [str(p) for a in plugins.agencies().values()
            for p in definition_problems(plugins, a) if not p.warning] == []  # fmt: skip


def test_hook_that_raises_is_a_located_problem():
    module = broken_plugin()

    def naskah_step_documents(agency, procedure, step):
        if agency.slug == SLUG and step.nomor == 4:
            raise ValueError("rusak")
        return None

    module.naskah_step_documents = naskah.hookimpl(naskah_step_documents)
    problems = problems_of(module)
    assert any("langkah 4, isian 'documents'" in p and "ValueError: rusak" in p for p in problems)


def _install(monkeypatch, module) -> None:
    monkeypatch.setitem(sys.modules, PLUGIN, module)
    real = importlib.metadata.entry_points
    ep = importlib.metadata.EntryPoint("rusak", PLUGIN, "naskah")

    def entry_points(**kw):
        eps = list(real(**kw))
        return [*eps, ep] if kw.get("group") == "naskah" else eps

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)


def test_plugins_command_exits_1_with_located_messages_and_no_traceback(monkeypatch):
    from naskah.cli.main import app

    changes = CASES["decision-target"][0]
    _install(monkeypatch, broken_plugin(**changes))
    runner = CliRunner()
    out = runner.invoke(app, ["plugins"])
    assert out.exit_code == 1
    assert out.exception is None or isinstance(out.exception, SystemExit)
    text = " ".join(out.output.split())
    assert "Traceback" not in text
    where = "instansi 'uji-rusak', prosedur 'pengumpulan', langkah 10, isian 'keputusan.tidak'"
    assert where in text
    assert "langkah 40" in text  # the Indonesian catalog
    data = json.loads(runner.invoke(app, ["plugins", "--json"]).stdout)
    assert data["ok"] is False
    (problem,) = [p for p in data["problems"] if not p["warning"]]
    assert problem["step"] == 10 and problem["plugin"] == "rusak"


def test_plugins_command_exits_0_for_the_bundled_plugins():
    from naskah.cli.main import app

    out = CliRunner().invoke(app, ["plugins"])
    assert out.exit_code == 0, out.output


def test_plugin_whose_agencies_hook_raises_is_named_without_traceback(monkeypatch):
    from naskah.cli.main import app

    module = types.ModuleType(PLUGIN)

    def naskah_agencies():
        raise RuntimeError("profil rusak")

    module.naskah_agencies = naskah.hookimpl(naskah_agencies)
    _install(monkeypatch, module)
    out = CliRunner().invoke(app, ["plugins"])
    text = " ".join(out.output.split())
    assert out.exit_code == 1 and "Traceback" not in text
    assert "plugin 'rusak'" in text and "profil rusak" in text


def test_run_refuses_the_broken_plugin_with_the_same_message(tmp_path, settings):
    from naskah.run import run_cycle
    from tests.conftest import archive_files
    from tests.test_plugin_check import workbook_of

    changes = CASES["pelaksana"][0]
    plugins = get_plugins(extra=((PLUGIN, broken_plugin(**changes)),))
    expected = problems_of(broken_plugin(**changes))
    with pytest.raises(PluginError) as info:
        run_cycle(workbook_of(tmp_path, SLUG), agency=SLUG, periode=None, settings=settings,
                  plugins=plugins)  # fmt: skip
    assert all(p in str(info.value) for p in expected)
    assert archive_files(settings) == []


def test_run_command_refuses_the_broken_plugin_without_traceback(tmp_path, monkeypatch):
    from naskah.cli.main import app
    from naskah.settings import get_settings
    from tests.test_plugin_check import workbook_of

    _install(monkeypatch, broken_plugin(**CASES["decision-target"][0]))
    get_settings.cache_clear()
    try:
        out = CliRunner().invoke(app, ["run", str(workbook_of(tmp_path, SLUG)), "--agency", SLUG,
                                       "--no-pdf", "--data-dir", str(tmp_path / "data")])
    finally:
        get_settings.cache_clear()
    text = " ".join(out.output.split())
    assert out.exit_code == 1 and "Traceback" not in text
    assert "instansi 'uji-rusak' tidak dapat dijalankan" in text
    assert "langkah 10, isian 'keputusan.tidak'" in text
    assert not list((tmp_path / "data").rglob("*.docx"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_check_through_the_commands_exit_1_located_no_traceback(case, tmp_path, monkeypatch):
    """`naskah plugins` and `naskah run` on each broken plugin: exit 1, the located message,
    never a traceback, nothing written; run prints every problem `naskah plugins` lists."""
    from naskah.cli.main import app
    from naskah.settings import get_settings
    from tests.test_plugin_check import workbook_of

    changes, where, found = CASES[case]
    _install(monkeypatch, broken_plugin(**changes))
    runner = CliRunner()
    out = runner.invoke(app, ["plugins"])
    text = " ".join(out.output.split())
    assert out.exit_code == 1, text
    assert out.exception is None or isinstance(out.exception, SystemExit), out.exception
    assert "Traceback" not in text
    located = f"plugin 'rusak', instansi '{SLUG}'"
    assert any(where in line and found in line and located in line
               for line in text.split("masalah: ")), text  # fmt: skip
    listed = json.loads(runner.invoke(app, ["plugins", "--json"]).stdout)
    errors = [p for p in listed["problems"] if not p["warning"] and p["agency"] == SLUG]
    assert errors and listed["ok"] is False
    get_settings.cache_clear()
    try:
        run = runner.invoke(app, ["run", str(workbook_of(tmp_path, SLUG)), "--agency", SLUG,
                                  "--no-pdf", "--data-dir", str(tmp_path / "data")])
    finally:
        get_settings.cache_clear()
    ran = " ".join(run.output.split())
    assert run.exit_code == 1 and "Traceback" not in ran, ran
    assert f"instansi '{SLUG}' tidak dapat dijalankan" in ran
    for problem in errors:  # the same messages as naskah plugins
        assert " ".join(f"{problem['location']}: {problem['message']}".split()) in ran
    assert not list((tmp_path / "data").rglob("*.docx"))


def test_procedure_outside_the_siklus_prefixes_is_a_located_warning():
    """A procedure named e.g. 'prosedur-1' (an import could not name it) renders, but the
    Siklus sheet has no keys for its meeting: a warning, not a refusal."""
    renamed = dataclasses.replace(PENGUMPULAN, slug="prosedur-1")
    plugins = get_plugins(extra=((PLUGIN, broken_plugin(procedures=(renamed, PENGUKURAN))),))
    problems = definition_problems(plugins, plugins.agency(SLUG))
    (warning,) = [p for p in problems if p.procedure == "prosedur-1"]
    assert warning.warning and warning.field == "slug"
    assert "pengumpulan., pengukuran." in warning.message and "rapat_" in warning.message
    assert not [p for p in problems if not p.warning]
