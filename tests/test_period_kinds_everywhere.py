"""Issue 10, "Done when": a semester (``2025-S1``) and a year (``2025``) are periods for every
entry point, not only ``naskah run`` — ``naskah batch submit``, ``naskah collect``, ``naskah
cycle`` and the API (batches, collection, SOP cycle). Each test drives the entry point in this
process (Typer's runner, FastAPI's test client) with the bundled example turned into the period,
and checks what it wrote: the period's folder, its title, the triwulan its formulir asks for.
"""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from naskah.accounts.users import Role, add_user
from naskah.api.app import create_app
from naskah.batch.inprocess import run_batch
from naskah.db import session_factory
from naskah.settings import get_settings
from tests.collect_fill import fill_xlsx
from tests.conftest import EXAMPLE, archive_files

AGENCY = "dinsos-p3a-pessel"
PERIODS = [("2025-S1", "Semester I Tahun 2025", "TW II"), ("2025", "Tahun 2025", "TW IV")]


def as_period(tmp_path: Path, periode: str) -> Path:
    """The bundled example with ``Siklus.periode`` set to ``periode`` (its realisasi of
    January–March are inside any period of 2025)."""
    wb = openpyxl.load_workbook(EXAMPLE)
    for row in wb["Siklus"].iter_rows(min_row=2):
        if row[0].value == "periode":
            row[1].value = periode
    path = tmp_path / f"dinsos-{periode}.xlsx"
    wb.save(path)
    return path


def docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


@pytest.fixture
def env(settings):
    """The environment of a command run here: the test's data dir, no PDF, no broker."""
    get_settings.cache_clear()
    yield {"NASKAH_DATA_DIR": str(settings.data_dir), "NASKAH_PDF__ENABLED": "false",
           "NASKAH_QUEUE__BROKER_URL": "", "COLUMNS": "200"}
    get_settings.cache_clear()


# --- naskah batch submit --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("periode", "judul", "_tw"), PERIODS)
def test_batch_submit_runs_a_semester_and_a_year(settings, env, tmp_path, periode, judul, _tw):
    from naskah.cli.batch import app

    runner = CliRunner()
    result = runner.invoke(app, ["submit", "-p", periode, str(as_period(tmp_path, periode))],
                           env=env)
    assert result.exit_code == 0, result.output
    assert "30/30" in result.output  # every document of the trail
    listed = runner.invoke(app, ["list"], env=env)
    assert listed.exit_code == 0 and periode in listed.output and "selesai" in listed.output
    files = archive_files(settings)
    docx_files = [p for p in files if p.suffix == ".docx"]
    assert docx_files and all(f"/{periode}/v1/" in p.as_posix() for p in docx_files)
    rekap = next(p for p in docx_files if p.name == "06_rekapitulasi_pengukuran.docx")
    assert judul in docx_text(rekap)


def test_batch_submit_refuses_a_third_semester(env, tmp_path):
    from naskah.cli.batch import app

    result = CliRunner().invoke(app, ["submit", "-p", "2025-S3", str(EXAMPLE)], env=env)
    assert result.exit_code != 0
    assert "2025-S3" in result.output and "2025-S1" in result.output


# --- naskah cycle and naskah collect --------------------------------------------------------------


@pytest.mark.parametrize(("periode", "judul", "tw"), PERIODS)
def test_cycle_and_collect_accept_a_semester_and_a_year(settings, env, tmp_path, periode, judul,
                                                        tw):
    """``cycle start`` opens the pengumpulan of the period; ``collect formulir`` writes forms
    titled by the period that ask for its last triwulan; a filled one is imported and counted by
    ``collect status``; ``cycle status`` names the period."""
    from naskah.cli.main import app

    runner = CliRunner()
    d = ["--data-dir", str(settings.data_dir)]
    who = ["--agency", AGENCY, "--period", periode]

    def ok(*args: str) -> str:
        result = runner.invoke(app, [*args, *d], env=env)
        assert result.exit_code == 0, result.output
        return result.output

    started = ok("cycle", "start", *who, "--data", str(as_period(tmp_path, periode)), "--by",
                 "tim", "--at", "2026-01-05 08:00")
    assert "Siklus 1" in started and periode in started
    out = tmp_path / "formulir"
    ok("collect", "formulir", *who, "--out", str(out), "--bidang", "Sekretariat")
    form = docx_text(out / "formulir-sekretariat.docx")
    assert judul in form and f"Realisasi\n{tw}" in form
    filled = fill_xlsx(out / "formulir-sekretariat.xlsx",
                       {"T.1": ("41,20", None, None), "1.06.01": ("B", None, None)},
                       out=tmp_path / "isi.xlsx")  # fmt: skip
    imported = ok("collect", "import", str(filled), *who, "--by", "tim")
    assert "2 dilaporkan" in imported
    status = ok("collect", "status", *who)
    assert f"{AGENCY} · {periode}" in status and "2/2" in status
    assert f"· {periode} —" in ok("cycle", "status", "1")


def test_collect_refuses_a_period_that_was_never_opened(settings, env):
    from naskah.cli.main import app

    result = CliRunner().invoke(app, ["collect", "status", "--agency", AGENCY, "--period",
                                      "2025-S2", "--data-dir", str(settings.data_dir)], env=env)
    assert result.exit_code == 1 and "2025-S2" in result.output


# --- the API ------------------------------------------------------------------------------------


@pytest.fixture
def api(settings):
    """The service app; a submitted batch runs at once in the request (``run_batch``)."""
    app = create_app(settings, batch_executor=lambda s, batch_id: run_batch(s, batch_id,
                                                                            processes=1))
    with session_factory(app.state.engine)() as s, s.begin():
        _, token = add_user(s, "tim", Role.ADMIN)
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


@pytest.mark.slow
def test_api_batch_of_a_semester_runs_and_lists_by_period(api, settings, tmp_path):
    book = as_period(tmp_path, "2025-S1")
    answer = api.post("/api/batches", data={"periode": "2025-S1", "agencies": [AGENCY]},
                      files=[("workbooks", (book.name, book.read_bytes(), "application/x"))])
    assert answer.status_code == 202, answer.text
    batch = api.get(f"/api/batches/{answer.json()['id']}").json()
    assert batch["periode"] == "2025-S1" and batch["status"] == "done", batch
    runs = api.get("/api/runs", params={"periode": "2025-S1"}).json()
    assert [r["periode"] for r in runs] == ["2025-S1"]
    assert api.get("/api/runs", params={"periode": "2025"}).json() == []
    docs = api.get("/api/documents", params={"periode": "2025-S1",
                                             "kind": "laporan_pengukuran"}).json()
    assert docs["total"] == 2  # the draft and the laporan
    assert {d["periode"] for d in docs["items"]} == {"2025-S1"}


@pytest.mark.parametrize("periode", ["2025-S1", "2025"])
def test_api_collection_and_cycle_accept_a_semester_and_a_year(api, settings, tmp_path,
                                                               periode):
    from naskah.agencies.manager import get_plugins
    from naskah.collect.data import open_pengumpulan
    from naskah.collect.store import open_store

    with open_store(settings) as s:
        open_pengumpulan(s, settings, get_plugins(), as_period(tmp_path, periode))
        s.commit()
    status = api.get(f"/api/pengumpulan/{AGENCY}/{periode}")
    assert status.status_code == 200, status.text
    assert status.json()["periode"] == periode
    form = api.get(f"/api/pengumpulan/{AGENCY}/{periode}/formulir/sekretariat.xlsx")
    assert form.status_code == 200 and form.content[:2] == b"PK"
    started = api.post("/api/siklus-sop", json={"agency": AGENCY, "periode": periode})
    assert started.status_code == 201, started.text
    assert started.json()["periode"] == periode


@pytest.mark.parametrize("periode", ["2025-S3", "2025-TW5", "25"])
def test_api_refuses_what_is_not_a_period(api, periode):
    assert api.get(f"/api/pengumpulan/{AGENCY}/{periode}").status_code == 422
    assert api.post("/api/siklus-sop", json={"agency": AGENCY, "periode": periode}
                    ).status_code == 422
