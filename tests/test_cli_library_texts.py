"""The words Typer and its Click print themselves — usage line, placeholders, panel titles, value
types, usage errors — follow ``NASKAH_LANG`` like naskah's own (issue 9)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from naskah.cli.main import app

LIBRARY_ENGLISH = re.compile(
    r"Usage:|\[OPTIONS\]|COMMAND \[ARGS\]|\bOptions\b|\bArguments\b|\bCommands\b|"
    r"Show this message|<str>|<bool>|<path>|<int|<list\[|\[required\]|\[default:|"
    r"No such (command|option)|Did you mean|Missing (argument|option)|requires an argument|"
    r"is not one of|Invalid value|Got unexpected|\bTry '|\bError\b")
ERRORS = {
    "unknown command": (["rnu"], "Perintah 'rnu' tidak ada. Maksud Anda 'run'?"),
    "missing argument": (["run"], "Argumen 'workbook' tidak diberikan."),
    "option without its value": (["archive", "list", "--agency"],
                                 "Opsi '--agency' memerlukan satu nilai."),
    "unknown option": (["run", "x.xlsx", "--bogus"], "Opsi tidak ada: --bogus"),
    "value not a choice": (["users", "add", "bob", "--role", "raja"],
                           "'raja' bukan salah satu dari 'admin', 'operator', 'arsiparis'."),
    "not an integer": (["cycle", "status", "abc"], "Nilai tidak sah untuk 'cycle_id'"),
}


def _naskah(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NASKAH_LANG"}
    env |= {"COLUMNS": "120"} | ({"NASKAH_LANG": lang} if lang else {})
    naskah = Path(sys.executable).with_name("naskah")  # the console script pip installed
    return subprocess.run([str(naskah), *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("command", [[], ["run"], ["batch", "submit"], ["worker"]],
                         ids=lambda c: " ".join(["naskah", *c, "--help"]))
def test_help_pages_are_indonesian_to_the_last_word_by_default(command):
    result = _naskah(*command, "--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert not LIBRARY_ENGLISH.search(out), LIBRARY_ENGLISH.search(out)
    assert "Penggunaan: naskah" in out and "[OPSI]" in out
    assert "Tampilkan pesan ini lalu keluar." in out and "<ya/tidak>" in out
    if not command:
        assert "PERINTAH [ARGUMEN]..." in out and "Perintah" in out
    if command == ["run"]:
        assert "<jalur>" in out and "<teks>" in out and "[wajib]" in out


def test_help_pages_are_english_with_naskah_lang_en():
    out = _naskah("run", "--help", lang="en").stdout
    assert "Usage: naskah run [OPTIONS]" in out and "Show this message and exit." in out
    assert "<path>" in out and "<text>" in out and "<yes/no>" in out and "[required]" in out
    assert "Penggunaan" not in out and "<jalur>" not in out


@pytest.mark.parametrize("name", list(ERRORS))
def test_usage_errors_are_indonesian_by_default_and_english_with_naskah_lang_en(
        name, monkeypatch):
    args, indonesian = ERRORS[name]
    monkeypatch.delenv("NASKAH_LANG", raising=False)
    runner = CliRunner()
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    assert indonesian in result.output
    assert not LIBRARY_ENGLISH.search(result.output), LIBRARY_ENGLISH.search(result.output)
    assert "Kesalahan" in result.output

    english = runner.invoke(app, args, env={"COLUMNS": "200", "NASKAH_LANG": "en"})
    assert english.exit_code == 2
    assert indonesian not in english.output and "Error" in english.output


@pytest.mark.parametrize("command", [["batch", "submit"], ["collect", "status"],
                                     ["collect", "formulir"], ["cycle", "start"], ["run"],
                                     ["archive", "list"]], ids=" ".join)
def test_every_period_option_names_the_three_forms(command, monkeypatch):
    monkeypatch.delenv("NASKAH_LANG", raising=False)
    out = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "250"}).output
    [line] = [line for line in out.splitlines() if "--period" in line]
    assert "triwulan 2025-TW1, semester 2025-S1 atau tahun 2025" in line, line
