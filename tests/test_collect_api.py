"""The collection and SOP-cycle endpoints (``naskah.api.routes_collect``) on the service app."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from naskah.accounts.users import Role, add_user
from naskah.agencies.manager import get_plugins
from naskah.api.app import create_app
from naskah.api.routes_collect import router
from naskah.collect.data import load_source, open_pengumpulan
from naskah.collect.formulir_xlsx import write_formulir_xlsx
from naskah.collect.store import open_store
from naskah.db import session_factory
from naskah.pipeline import prepare_cycle
from tests.collect_fill import fill_xlsx
from tests.conftest import EXAMPLE

AGENCY = "dinsos-p3a-pessel"
BASE = f"/api/pengumpulan/{AGENCY}/2025-TW1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def api(settings, tmp_path):
    plugins = get_plugins()
    with open_store(settings) as s:
        row = open_pengumpulan(s, settings, plugins, EXAMPLE)
        s.commit()
        cycle = prepare_cycle(plugins, AGENCY, load_source(settings, row))
    form = write_formulir_xlsx(plugins, cycle, "Sekretariat", tmp_path / "sekretariat.xlsx")
    app = create_app(settings)
    app.include_router(router)
    tokens = {}
    with session_factory(app.state.engine)() as s, s.begin():
        for name, role, agency in (("tim", Role.ADMIN, None),
                                   ("op-dinsos", Role.OPERATOR, AGENCY),
                                   ("op-bkpsdm", Role.OPERATOR, "bkpsdm-pessel"),
                                   ("arsip", Role.ARSIPARIS, None)):
            _, tokens[name] = add_user(s, name, role, agency=agency)
    with TestClient(app) as client:
        client.auth_for = lambda who: {"Authorization": f"Bearer {tokens[who]}"}
        client.form = form
        yield client


def _upload(path, name=None):
    return [("files", (name or path.name, path.read_bytes(), XLSX))]


def test_operator_imports_a_filled_formulir_and_sees_the_status(api, tmp_path):
    filled = fill_xlsx(api.form, {"T.1": ("21,35", None, None), "1.06.01": ("B", None, None)},
                       out=tmp_path / "isi.xlsx")

    answer = api.post(f"{BASE}/import", files=_upload(filled), headers=api.auth_for("op-dinsos"))
    status = api.get(BASE, headers=api.auth_for("op-dinsos")).json()

    assert answer.status_code == 200, answer.text
    [result] = answer.json()
    assert result["accepted"] and result["revision"]["created_by"] == "op-dinsos"
    sekretariat = next(b for b in status["bidang"] if b["bidang"] == "Sekretariat")
    assert sekretariat["dilaporkan"] == 2 and sekretariat["belum_dilaporkan"] == []
    rehsos = next(b for b in status["bidang"] if b["bidang"] == "Bidang Rehabilitasi Sosial")
    assert rehsos["dipakai"] is None and len(rehsos["belum_dilaporkan"]) == 7


def test_refused_file_answers_422_with_located_problems(api, tmp_path):
    bad = fill_xlsx(api.form, {"T.1": ("21,35%", None, None)}, out=tmp_path / "salah.xlsx")

    answer = api.post(f"{BASE}/import", files=_upload(bad), headers=api.auth_for("tim"))

    assert answer.status_code == 422
    [problem] = answer.json()[0]["problems"]
    assert (problem["file"], problem["sheet"], problem["column"]) == ("salah.xlsx", "Formulir",
                                                                      "I")


def test_other_agencies_operators_and_arsiparis_cannot_write(api, tmp_path):
    filled = fill_xlsx(api.form, {"T.1": ("21,35", None, None)}, out=tmp_path / "isi.xlsx")

    assert api.post(f"{BASE}/import", files=_upload(filled),
                    headers=api.auth_for("op-bkpsdm")).status_code == 404
    assert api.get(BASE, headers=api.auth_for("op-bkpsdm")).status_code == 404
    assert api.post(f"{BASE}/import", files=_upload(filled),
                    headers=api.auth_for("arsip")).status_code == 403
    assert api.get(BASE).status_code == 401


def test_cycle_through_the_api_renders_the_step_documents(api):
    started = api.post("/api/siklus-sop", json={"agency": AGENCY, "periode": "2025-TW1"},
                       headers=api.auth_for("tim"))
    assert started.status_code == 201, started.text
    cycle_id = started.json()["id"]

    advanced = api.post(f"/api/siklus-sop/{cycle_id}/advance", json={},
                        headers=api.auth_for("op-dinsos"))
    wrong = api.post(f"/api/siklus-sop/{cycle_id}/decide", json={"keputusan": "YA"},
                     headers=api.auth_for("tim"))
    report = api.get(f"/api/siklus-sop/{cycle_id}/report", headers=api.auth_for("arsip"))

    assert advanced.status_code == 200, advanced.text
    body = advanced.json()
    assert [d["title"] for d in body["documents"]] == ["Nota Dinas"]
    assert body["current_step"]["nomor"] == 2 and body["events"][0]["actor"] == "op-dinsos"
    assert wrong.status_code == 409 and "bukan langkah keputusan" in wrong.json()["detail"]
    assert [s["step"] for s in report.json()["steps"]] == [1, 2]
    png = api.get(f"/api/siklus-sop/{cycle_id}/report.png", headers=api.auth_for("tim"))
    assert png.content[:4] == b"\x89PNG"
