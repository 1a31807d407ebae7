"""Plugin templates are checked before use and by ``naskah plugins`` (naskah.agencies.check)."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import os
import sys
import types
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import naskah
from naskah.agencies import check as plugin_check
from naskah.agencies.manager import PluginError, get_plugins
from naskah.model import DocumentKind
from naskah.pipeline import plan_documents, prepare_cycle, render_document
from naskah.plugins.dinsos_p3a_pessel import PROFILE
from naskah.plugins.dinsos_p3a_pessel.sop import PROCEDURES
from tests.factories import make_data

GOOD = "dinsos-p3a-pessel"
BROKEN = "uji-rusak"
NOTA_DINAS = plugin_check.builtin_templates_dir() / "nota_dinas.docx"


def edited_template(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """naskah's nota dinas template with ``old`` replaced by ``new`` in its body XML."""
    out = tmp_path / name
    with zipfile.ZipFile(NOTA_DINAS) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new).encode("utf-8")
            dst.writestr(item, data)
    return out


def agency_plugin(name: str, template: Path, kind_slug: str = "nota_dinas", **extra_hooks):
    """A plugin declaring agency ``uji-rusak`` (the first agency's SOP) whose kind
    ``kind_slug`` is rendered from ``template``."""
    module = types.ModuleType(name)
    profile = dataclasses.replace(PROFILE, slug=BROKEN)

    def naskah_agencies():
        return [profile]

    def naskah_procedures(agency):
        return list(PROCEDURES) if agency.slug == BROKEN else None

    def naskah_template(agency, kind):
        return template if agency.slug == BROKEN and kind.slug == kind_slug else None

    hooks = {"naskah_agencies": naskah_agencies, "naskah_procedures": naskah_procedures,
             "naskah_template": naskah_template, **extra_hooks}  # fmt: skip
    for hook_name, fn in hooks.items():
        setattr(module, hook_name, naskah.hookimpl(fn))
    return module


def workbook_of(tmp_path: Path, slug: str) -> Path:
    """The example workbook with its Siklus ``agency`` set to ``slug``."""
    from openpyxl import load_workbook

    from tests.conftest import EXAMPLE

    wb = load_workbook(EXAMPLE)
    ws = wb["Siklus"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "agency":
            row[1].value = slug
    out = tmp_path / f"{slug}.xlsx"
    wb.save(out)
    return out


@pytest.fixture(autouse=True)
def _fresh_cache():
    plugin_check.clear_cache()
    yield
    plugin_check.clear_cache()


def test_broken_template_fails_only_its_agency_and_names_the_plugin(tmp_path):
    broken = edited_template(tmp_path, "nota.docx", "{{ hal }}", "{{ hal( }}")
    plugins = get_plugins(extra=(("rusak", agency_plugin("rusak", broken)),))
    kinds = plugins.document_kinds()
    with pytest.raises(PluginError) as info:
        plugins.template(plugins.agency(BROKEN), kinds["nota_dinas"])
    message = str(info.value)
    assert "plugin 'rusak'" in message and "nota.docx" in message
    assert "TemplateSyntaxError" in message and "near:" in message
    # The other agencies keep their templates, and their other kinds render.
    assert plugins.template(plugins.agency(GOOD), kinds["nota_dinas"]).name == "nota_dinas.docx"
    assert plugins.template(plugins.agency(BROKEN), kinds["notulen_rapat"]).is_file()


def test_run_of_the_broken_agency_fails_clearly_and_writes_nothing(tmp_path, settings):
    from naskah.run import run_cycle
    from tests.conftest import archive_files

    broken = edited_template(tmp_path, "nota.docx", "{{ hal }}", "{{ hal_salah }}")
    plugins = get_plugins(extra=(("rusak", agency_plugin("rusak", broken)),))
    workbook = workbook_of(tmp_path, BROKEN)
    with pytest.raises(PluginError,
                       match=r"(?s)tidak dapat dijalankan.*plugin 'rusak', instansi 'uji-rusak', "
                             r"isian 'template \(nota_dinas\)'.*'hal_salah' tidak ada dalam "
                             "konteks"):  # fmt: skip
        run_cycle(workbook, agency=BROKEN, periode=None, settings=settings, plugins=plugins)
    assert archive_files(settings) == []
    # refused before a number was taken: the register is still empty
    from sqlalchemy import inspect

    from naskah.archive.numbering import last_number
    from naskah.db import make_engine, session_factory

    engine = make_engine(settings.database)
    try:
        if inspect(engine).has_table("register"):
            with session_factory(engine)() as s:
                assert last_number(s, BROKEN, 2025, "000.8.6.3") == 0
    finally:
        engine.dispose()
    # the first agency still renders its nota dinas with the same plugins loaded
    cycle = prepare_cycle(plugins, GOOD, make_data())
    nota = next(d for d in plan_documents(plugins, cycle) if d.kind.slug == "nota_dinas")
    assert render_document(plugins, cycle, nota, None, tmp_path / "ok.docx").is_file()


def test_good_plugin_template_is_checked_once_per_path_and_mtime(tmp_path, monkeypatch):
    own = tmp_path / "nota.docx"
    own.write_bytes(NOTA_DINAS.read_bytes())
    calls = []
    real = plugin_check.check_template
    monkeypatch.setattr(plugin_check, "check_template",
                        lambda path, ctx=None: calls.append(path) or real(path, ctx))  # fmt: skip
    plugins = get_plugins(extra=(("baik", agency_plugin("baik", own)),))
    agency, kind = plugins.agency(BROKEN), plugins.document_kinds()["nota_dinas"]
    assert plugins.template(agency, kind) == own
    assert plugins.template(agency, kind) == own
    assert len(calls) == 1
    stat = own.stat()
    os.utime(own, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    plugins.template(agency, kind)
    assert len(calls) == 2  # edited (newer mtime): checked again


def test_naskahs_own_templates_are_not_rechecked_at_run_time(monkeypatch):
    monkeypatch.setattr(plugin_check, "check_template", lambda *a: pytest.fail("checked"))
    plugins = get_plugins()
    plugins.template(plugins.agency(GOOD), plugins.document_kinds()["nota_dinas"])


def test_check_plugins_reports_each_plugins_templates(tmp_path):
    broken = edited_template(tmp_path, "nota.docx", "{{ yth }}", "{{ kop.alamt }}")
    plugins = get_plugins(extra=(("rusak", agency_plugin("rusak", broken)),))
    report = plugin_check.check_plugins(plugins)
    (check,) = report["rusak"]
    assert (check.agency, check.kind, check.note) == (BROKEN, "nota_dinas", "sample render")
    assert any("atribut 'alamt'" in p for p in check.problems)
    assert "dinsos_p3a_pessel" not in report  # declares no template of its own


def test_kind_without_template_and_bad_numbering_pattern_are_reported(tmp_path):
    own = tmp_path / "nota.docx"
    own.write_bytes(NOTA_DINAS.read_bytes())
    module = agency_plugin(
        "tanpa", own,
        naskah_document_kinds=lambda: [DocumentKind("daftar_uji", "Daftar Uji")],
        naskah_numbering_pattern=lambda agency, kind: "{kode}/{no}" if agency.slug == BROKEN
        else None,
    )  # fmt: skip
    plugins = get_plugins(extra=(("tanpa", module),))
    report = plugin_check.check_plugins(plugins)
    problems = [p for c in report["tanpa"] for p in c.problems]
    assert any("jenis dokumen 'daftar_uji' tidak memiliki templat" in p for p in problems)
    # The pattern is reported once, with the procedures (naskah plugins counts it once).
    from naskah.agencies.check_sop import definition_problems

    numbering = [str(p) for p in definition_problems(plugins, plugins.agency(BROKEN))
                 if p.field.startswith("numbering")]  # fmt: skip
    assert len(numbering) == 1 and "isian tak dikenal 'no'" in numbering[0], numbering
    assert not any("'no'" in p for p in problems)


def test_context_that_fails_on_sample_data_falls_back_to_a_syntax_check(tmp_path):
    own = tmp_path / "nota.docx"
    own.write_bytes(NOTA_DINAS.read_bytes())

    def naskah_document_context(cycle, document, nomor):
        raise RuntimeError("needs real data")

    module = agency_plugin("rapuh", own, naskah_document_context=naskah_document_context)
    (check,) = plugin_check.check_plugins(get_plugins(extra=(("rapuh", module),)))["rapuh"]
    assert check.ok and check.note.startswith("hanya sintaks") and "needs real data" in check.note


def test_plugins_command_shows_template_problems(tmp_path, monkeypatch):
    from naskah.cli.main import app

    broken = edited_template(tmp_path, "nota.docx", "{{ hal }}", "{{ hal( }}")
    module = agency_plugin("naskah_uji_rusak", broken)
    monkeypatch.setitem(sys.modules, "naskah_uji_rusak", module)
    real = importlib.metadata.entry_points

    def entry_points(**kw):
        eps = list(real(**kw))
        if kw.get("group") == "naskah":
            eps.append(importlib.metadata.EntryPoint("rusak", "naskah_uji_rusak", "naskah"))
        return eps

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    runner = CliRunner()
    out = runner.invoke(app, ["plugins", "--json"])
    assert out.exit_code == 1, out.output  # a broken template is a problem: exit non-zero
    checks = json.loads(out.stdout)["template_checks"]["rusak"]
    assert checks[0]["kind"] == "nota_dinas" and "TemplateSyntaxError" in checks[0]["problems"][0]
    text = runner.invoke(app, ["plugins"], env={"COLUMNS": "200"})
    assert text.exit_code == 1
    line = "masalah: plugin 'rusak', instansi 'uji-rusak', isian 'template (nota_dinas)':"
    assert line in text.output and "Traceback" not in text.output
    # `naskah run` refuses the agency with the same located message, nothing written.
    from naskah.settings import get_settings

    get_settings.cache_clear()
    try:
        run = runner.invoke(app, ["run", str(workbook_of(tmp_path, BROKEN)), "--agency", BROKEN,
                                  "--no-pdf", "--data-dir", str(tmp_path / "data")],
                            env={"COLUMNS": "200"})  # fmt: skip
    finally:
        get_settings.cache_clear()
    assert run.exit_code == 1 and "Traceback" not in run.output
    problem = checks[0]["problems"][0]
    assert " ".join(f"{line[len('masalah: '):]} {problem}".split()) in " ".join(run.output.split())
    assert not list((tmp_path / "data").rglob("*.docx"))
