"""One language for users: the command line speaks Indonesian by default and English only with
``NASKAH_LANG=en`` (issue 9), times are in the agency's zone and labelled, and the small
command-line fixes of issue 9 (``--at 9:30``, ``--bidang`` slug, hints and help texts)."""

from __future__ import annotations

import re
from datetime import date, datetime

import openpyxl
import pytest
from typer.testing import CliRunner

from naskah.cli.collect import _bidang_arg
from naskah.cli.cycle import parse_at
from naskah.cli.main import app
from naskah.errors import NaskahError
from naskah.timezones import zone
from tests.conftest import EXAMPLE

AGENCY = ["--agency", "dinsos-p3a-pessel", "--period", "2025-TW1"]
ENGLISH = re.compile(r"\b(error|problems?|wrote|documents|warning)\b", re.IGNORECASE)
INDONESIAN = re.compile(r"\b(kesalahan|masalah|ditulis|dokumen|peringatan|penggunaan|opsi|"
                        r"tampilkan|siklus|langkah)\b", re.IGNORECASE)


def _refused_workbook(tmp_path):
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Indikator"]
    header = [str(c.value).strip().lower() for c in ws[1]]
    ws.cell(row=2, column=header.index("polaritas") + 1, value="naik")
    path = tmp_path / "rusak.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def outputs(settings, tmp_path):
    """The outputs of help pages, ``collect status``, ``cycle status`` and a refused workbook,
    in the language given (``None``: the default)."""
    d = ["--data-dir", str(settings.data_dir)]
    runner = CliRunner()
    started = runner.invoke(app, ["cycle", "start", *AGENCY, "--data", str(EXAMPLE), "--by",
                                  "tim", "--at", "2025-04-01 08:00", *d])
    assert started.exit_code == 0, started.output
    bad = _refused_workbook(tmp_path)

    def run(lang: str | None) -> dict[str, str]:
        env = {"COLUMNS": "200"} | ({"NASKAH_LANG": lang} if lang else {})
        calls = {
            "help": ["--help"],
            "demo help": ["demo", "--help"],
            "collect status": ["collect", "status", *AGENCY, *d],
            "cycle status": ["cycle", "status", "1", *d],
            "refused workbook": ["run", str(bad), "--agency", "dinsos-p3a-pessel", "--no-pdf",
                                 *d],
        }
        out = {}
        for name, args in calls.items():
            result = runner.invoke(app, args, env=env)
            assert result.exit_code == (1 if name == "refused workbook" else 0), result.output
            out[name] = result.output
        return out

    return run


def test_the_cli_speaks_indonesian_by_default_and_english_with_naskah_lang_en(outputs,
                                                                             monkeypatch):
    monkeypatch.delenv("NASKAH_LANG", raising=False)
    default = outputs(None)
    for name, text in default.items():
        assert not ENGLISH.search(text), (name, ENGLISH.search(text), text)
    assert "Penggunaan:" in default["help"] and "Tampilkan pesan ini" in default["help"]
    assert "masalah pada data masukan" in default["refused workbook"]
    assert "Belum dilaporkan" in default["collect status"]
    assert "Siklus 1" in default["cycle status"]

    english = outputs("en")
    for name, text in english.items():
        assert not INDONESIAN.search(text), (name, INDONESIAN.search(text), text)
    assert "Usage:" in english["help"] and "Show this message" in english["help"]
    assert "1 problem in the input; nothing was written" in english["refused workbook"]
    assert "Not reported yet" in english["collect status"]
    assert "Cycle 1" in english["cycle status"]


def test_times_are_in_the_agency_zone_and_labelled(settings):
    d = ["--data-dir", str(settings.data_dir)]
    runner = CliRunner()
    assert runner.invoke(app, ["cycle", "start", *AGENCY, "--data", str(EXAMPLE), "--at",
                               "2025-04-01 08:00", *d]).exit_code == 0
    status = runner.invoke(app, ["cycle", "status", "1", *d], env={"COLUMNS": "200"})
    assert "2025-04-01 08:00 WIB" in status.output
    early = runner.invoke(app, ["cycle", "advance", "1", "--at", "2025-04-01 07:00", "--no-pdf",
                                *d], env={"COLUMNS": "200"})
    assert early.exit_code == 1
    assert "2025-04-01 07:00 WIB" in early.output and "(2025-04-01 08:00 WIB)" in early.output
    assert "UTC" not in early.output


def test_at_accepts_a_time_alone_with_a_colon_or_a_dot_and_a_zone_label():
    wib, today = zone("WIB"), date(2025, 4, 2)
    expected = datetime(2025, 4, 2, 9, 30, tzinfo=wib.tz)
    for text in ("9:30", "09.30", "09:30", "9.30 WIB"):
        assert parse_at(text, wib, today=today)() == expected, text
    assert parse_at("2025-04-02 9.30", wib)() == expected
    assert parse_at("2025/04/02 09:30", wib)() == expected
    wita = parse_at("2025-04-02 10:30 WITA", wib)()
    assert wita == expected and wita.utcoffset().total_seconds() == 8 * 3600
    assert parse_at("2025-04-02 09:30", zone("WIT"))().utcoffset().total_seconds() == 9 * 3600
    with pytest.raises(NaskahError, match="--at 'jam sembilan'"):
        parse_at("jam sembilan", wib)


def test_bidang_accepts_the_slug_shown_in_file_names():
    known = ("Sekretariat", "Bidang Metrologi Legal")
    assert _bidang_arg("bidang-metrologi-legal", known) == "Bidang Metrologi Legal"
    assert _bidang_arg("BIDANG METROLOGI LEGAL", known) == "Bidang Metrologi Legal"
    with pytest.raises(NaskahError, match="bidang-perdagangan"):
        _bidang_arg("bidang-perdagangan", known)


def test_input_template_hint_names_the_period_and_archive_list_options_have_help(tmp_path):
    runner = CliRunner()
    out = tmp_path / "masukan.xlsx"
    written = runner.invoke(app, ["input-template", str(out)], env={"COLUMNS": "250"})
    assert written.exit_code == 0, written.output
    assert "--agency SLUG --period" in written.output
    shown = runner.invoke(app, ["archive", "list", "--help"], env={"COLUMNS": "200"})
    assert "Hanya instansi ini" in shown.output and "Hanya prosedur SOP ini" in shown.output


def test_web_pages_have_the_catalog_as_jinja_globals_and_the_extractor_reads_them(tmp_path,
                                                                                  monkeypatch):
    from naskah.api import create_app
    from naskah.i18n import extract
    from naskah.settings import Settings

    pages = tmp_path / "core" / "api" / "templates"
    pages.mkdir(parents=True)
    (pages / "x.html").write_text('<p>{{ _("Document not found") }}</p>'
                                  '<p>{{ ngettext("{n} document.", "{n} documents.", 2) }}</p>')
    found = {m.id for m in extract.extract(tmp_path) if m.id}
    assert found == {"Document not found", ("{n} document.", "{n} documents.")}

    env = create_app(Settings(data_dir=tmp_path / "data")).state.templates.env
    page = env.from_string((pages / "x.html").read_text())
    monkeypatch.delenv("NASKAH_LANG", raising=False)
    assert page.render() == "<p>Dokumen tidak ditemukan</p><p>2 dokumen.</p>"
    monkeypatch.setenv("NASKAH_LANG", "en")
    assert page.render() == "<p>Document not found</p><p>2 documents.</p>"


def test_piped_messages_are_never_hard_wrapped(capsys):
    """Captured or piped output keeps a long message on one line (a path or ``--period ''`` is not
    split at column 80, which scripts and CI logs would read as two lines)."""
    from naskah.cli.common import make_console

    long_line = "/check/" + "x" * 150 + ".xlsx: Siklus: --period '' bukan periode"
    make_console(stderr=True).print(long_line)
    assert capsys.readouterr().err == long_line + "\n"


def _help_texts(command, path=("naskah",)):
    """(path, what, text) for every help text of ``command`` and its subcommands."""
    if command.help:
        yield path, "help", command.help
    for param in command.params:
        if getattr(param, "help", None):
            yield path, param.name, param.help
    for name, sub in getattr(command, "commands", {}).items():
        yield from _help_texts(sub, (*path, name))


def test_every_help_text_is_an_english_id_with_an_indonesian_translation(monkeypatch):
    """A help text translated at import time (``_`` instead of ``N_``) or written as a docstring
    outside the catalog stays in one language whatever NASKAH_LANG says."""
    import typer.main

    from naskah.i18n import _catalog

    monkeypatch.delenv("NASKAH_LANG", raising=False)
    catalog = _catalog("id")
    texts = list(_help_texts(typer.main.get_command(app)))
    assert len(texts) > 150
    untranslated = [(p, what, text[:60]) for p, what, text in texts if not catalog.get(text)]
    assert not untranslated
    agency_new = [t for p, w, t in texts if p == ("naskah", "agency", "new") and w == "help"]
    assert agency_new and agency_new[0].startswith("Write the starting point")
