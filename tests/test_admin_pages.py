"""Administration in the browser's pages: upload a workbook, see its located problems or its
plan, run it as a batch, follow the batch (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from tests.archive_world import World, page_csrf, web_login, world_on
from tests.conftest import EXAMPLE


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request, tmp_path) -> Iterator[World]:
    submitted: list[int] = []
    for w in world_on(request.param, tmp_path, executor=lambda s, b: submitted.append(b)):
        w.submitted = submitted
        yield w


def _broken() -> bytes:
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Indikator"]
    header = [str(c.value).strip().lower() for c in ws[1]]
    ws.cell(row=2, column=header.index("polaritas") + 1, value="naik")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(world: World, csrf: str, content: bytes, name="data.xlsx"):
    return world.client.post("/admin/jalankan", data={"csrf": csrf, "aksi": "periksa"},
                             files={"workbook": (name, content, "application/octet-stream")})


def test_an_admin_sees_the_located_problem_then_runs_the_fixed_workbook(world):
    web_login(world.client, "admin", world.passwords["admin"])
    form = world.client.get("/admin/jalankan")
    assert form.status_code == 200 and "Jalankan Workbook" in form.text
    csrf = page_csrf(form.text)
    bad = _upload(world, csrf, _broken(), "rusak.xlsx")
    assert bad.status_code == 422
    assert "masalah pada rusak.xlsx" in bad.text and "Indikator!" in bad.text
    assert "naik" in bad.text and world.submitted == []
    assert not list((Path(world.settings.data_dir) / "uploads").glob("*.xlsx"))
    good = _upload(world, csrf, EXAMPLE.read_bytes())
    assert good.status_code == 200 and "Siap dijalankan" in good.text
    assert "30 dokumen" in good.text and "Triwulan I Tahun 2025" in good.text
    token = good.text.split('name="upload" value="')[1].split('"')[0]
    run = world.client.post("/admin/jalankan", data={"csrf": csrf, "aksi": "jalankan",
                                                     "upload": token, "agency": ""},
                            follow_redirects=False)
    assert run.status_code == 303 and run.headers["location"].startswith("/admin/batch/")
    assert len(world.submitted) == 1
    status = world.client.get(run.headers["location"])
    assert "menunggu" in status.text and 'http-equiv="refresh"' in status.text
    again = world.client.post("/admin/jalankan", data={"csrf": csrf, "aksi": "jalankan",
                                                       "upload": token})
    assert again.status_code == 422, "an upload runs once"


def test_admin_pages_need_an_admin_and_the_csrf_token(world):
    web_login(world.client, "arsip", world.passwords["arsip"])
    assert world.client.get("/admin/jalankan").status_code == 403
    page = world.client.get("/cari")
    assert _upload(world, page_csrf(page.text), EXAMPLE.read_bytes()).status_code == 403
    world.client.cookies.clear()
    web_login(world.client, "admin", world.passwords["admin"])
    assert _upload(world, "bukan-token", EXAMPLE.read_bytes()).status_code == 403
    assert world.submitted == []
    assert _upload(world, page_csrf(world.client.get("/cari").text), b"not a workbook"
                   ).status_code == 422
