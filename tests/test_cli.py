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


def _nomor_by_run(settings) -> list[set[str]]:
    from naskah.run import open_archive

    with open_archive(settings) as (session, archive):
        return [{d.nomor for d in archive.list_documents(session, run_id=r.id) if d.nomor}
                for r in archive.list_runs(session)]


def test_rerun_keeps_numbers_nomor_baru_takes_new_ones_and_get_never_overwrites(settings,
                                                                                 tmp_path):
    data_dir = str(settings.data_dir)
    args = ["run", str(EXAMPLE), "--agency", "dinsos-p3a-pessel", "--no-pdf",
            "--data-dir", data_dir]
    first = runner.invoke(app, args)
    second = runner.invoke(app, args)
    assert first.exit_code == second.exit_code == 0, second.output
    one, two = _nomor_by_run(settings)
    assert len(one) == 4 and one == two, "a regenerated letter keeps its nomor"
    listed = runner.invoke(app, ["archive", "list", "--kind", "nota_dinas", "--data-dir", data_dir])
    assert "2 dokumen" in listed.output, "the current version of each, not both runs"
    renumbered = runner.invoke(app, args + ["--nomor-baru"])
    assert renumbered.exit_code == 0, renumbered.output
    *_, three = _nomor_by_run(settings)
    assert len(three) == 4 and not three & one, "--nomor-baru: four new letters"

    out = tmp_path / "out"
    for doc_id in ("1", "31"):  # the SOP document of version 1 and of version 2
        got = runner.invoke(app, ["archive", "get", doc_id, "--out", str(out),
                                  "--data-dir", data_dir])
        assert got.exit_code == 0, got.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2 and names[0] != names[1], names
    assert "_v1_" in names[0] and "_v2_" in names[1]
    (out / names[0]).write_bytes(b"my notes")
    again = runner.invoke(app, ["archive", "get", "1", "--out", str(out), "--data-dir", data_dir])
    assert again.exit_code == 1 and "--force" in again.output
    assert (out / names[0]).read_bytes() == b"my notes", "never overwritten without --force"
    forced = runner.invoke(app, ["archive", "get", "1", "--out", str(out), "--force",
                                 "--data-dir", data_dir])
    assert forced.exit_code == 0 and (out / names[0]).read_bytes() != b"my notes"


def test_plugins_json_lists_the_five_agencies_and_no_failure():
    result = runner.invoke(app, ["plugins", "--json"])
    assert result.exit_code == 0, result.output
    listing = json.loads(result.output)
    assert set(listing["agencies"]) >= AGENCIES
    assert listing["failures"] == []
