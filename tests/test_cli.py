"""The main command line: exit codes and messages a user sees."""

from __future__ import annotations

import json

import openpyxl
from typer.testing import CliRunner

from naskah.cli.main import app
from tests.conftest import EXAMPLE, archive_files

runner = CliRunner()
AGENCIES = {"dinsos-p3a-pessel", "bkpsdm-pessel", "disdagtrans-pessel", "diskominfo-tanjabbar",
            "dinsos-sumedang"}


def _broken(tmp_path):
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Indikator"]
    header = [str(c.value).strip().lower() for c in ws[1]]
    ws.cell(row=2, column=header.index("polaritas") + 1, value="naik")
    path = tmp_path / "rusak.xlsx"
    wb.save(path)
    return path


def test_run_with_a_bad_workbook_exits_1_naming_the_cell_and_writes_nothing(settings, tmp_path):
    result = runner.invoke(app, ["run", str(_broken(tmp_path)), "--agency", "dinsos-p3a-pessel",
                                 "--no-pdf", "--data-dir", str(settings.data_dir)])
    assert result.exit_code == 1
    assert "Indikator!" in result.output and "naik" in result.output
    assert "Traceback" not in result.output
    assert archive_files(settings) == []


def test_run_then_archive_list_show_and_get(settings, tmp_path):
    data_dir = str(settings.data_dir)
    result = runner.invoke(app, ["run", str(EXAMPLE), "--agency", "dinsos-p3a-pessel",
                                 "--period", "2025-TW1", "--no-pdf", "--data-dir", data_dir])
    assert result.exit_code == 0, result.output
    assert "30 dokumen" in result.output
    listed = runner.invoke(app, ["archive", "list", "--kind", "nota_dinas", "--data-dir", data_dir])
    assert listed.exit_code == 0 and "2 dokumen." in listed.output
    shown = runner.invoke(app, ["archive", "show", "1", "--data-dir", data_dir])
    assert shown.exit_code == 0 and "sha256" in shown.output
    got = runner.invoke(app, ["archive", "get", "1", "--out", str(tmp_path / "out"),
                              "--data-dir", data_dir])
    assert got.exit_code == 0
    assert len(list((tmp_path / "out").glob("*.docx"))) == 1
    missing = runner.invoke(app, ["archive", "get", "9999", "--data-dir", data_dir])
    assert missing.exit_code == 1 and "tidak ada dokumen arsip dengan id 9999" in missing.output


def test_plugins_json_lists_the_five_agencies_and_no_failure():
    result = runner.invoke(app, ["plugins", "--json"])
    assert result.exit_code == 0, result.output
    listing = json.loads(result.output)
    assert set(listing["agencies"]) >= AGENCIES
    assert listing["failures"] == []
