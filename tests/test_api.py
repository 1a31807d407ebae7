"""The archive service's HTTP API and pages: roles, scoping, search, downloads, integrity, batches.

Every test runs on SQLite and on PostgreSQL (skipped only if PostgreSQL is not reachable).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import time
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from naskah.accounts.sessions import WebSession
from naskah.accounts.users import Role, add_user, revoke_user, set_password
from naskah.archive import previews
from naskah.archive.bundles import content_disposition
from naskah.archive.store import Document, RunReason
from naskah.batch.batches import Batch, BatchItem
from naskah.db import make_engine, session_factory, utcnow
from naskah.model import PlannedDocument
from naskah.settings import ServerSettings
from tests.archive_world import (
    BKPSDM,
    DINSOS,
    HOSTILE_BIDANG,
    LAPORAN,
    TW1,
    World,
    build_world,
    close_world,
    commit_trail,
    page_csrf,
    web_login,
)
from tests.conftest import postgres_schema_url

XLSX = b"PK\x03\x04" + b"\0" * 60  # starts like an XLSX (zip); the batch executor is a stub here


def _world(param: str, base: Path, **kwargs) -> Iterator[World]:
    urls = iter([f"sqlite:///{base / 'naskah.db'}"]) if param == "sqlite" else (
        postgres_schema_url()
    )
    for url in urls:
        world = build_world(base / "data", url, **kwargs)
        try:
            yield world
        finally:
            close_world(world)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request, tmp_path_factory) -> Iterator[World]:
    """A read-only world shared by the module's tests (tests must not change it)."""
    yield from _world(request.param, tmp_path_factory.mktemp(f"api-{request.param}"))


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request, tmp_path) -> Iterator[World]:
    """A world of its own, for tests that change files, rows or users."""
    submitted: list[int] = []
    for w in _world(request.param, tmp_path, executor=lambda s, b: submitted.append(b)):
        w.submitted = submitted
        yield w


def _doc(world: World, agency=DINSOS, version=2, kind="laporan_pengukuran") -> int:
    return world.docs[(agency, version, kind)]


def _endpoints(world: World) -> list[tuple[str, str]]:
    d, r = _doc(world), world.runs[(DINSOS, 2)]
    return [
        ("GET", "/api/documents"), ("GET", f"/api/documents/{d}"),
        ("GET", f"/api/documents/{d}/docx"), ("GET", f"/api/documents/{d}/pdf"),
        ("GET", "/api/runs"), ("GET", f"/api/runs/{r}"), ("GET", f"/api/runs/{r}/zip"),
        ("GET", f"/api/runs/{r}/pdf"), ("GET", "/api/verify"), ("GET", "/api/me"),
        ("GET", "/api/facets"), ("GET", "/api/batches"), ("GET", "/api/batches/1"),
        ("POST", "/api/batches"),
    ]


def _submit(world: World, who: str, agencies: list[str], periode="2025-TW1", files=None):
    files = files if files is not None else [
        ("workbooks", (f"{a}.xlsx", XLSX, "application/octet-stream")) for a in agencies
    ]
    return world.client.post("/api/batches", headers=world.auth(who),
                             data={"periode": periode, "agencies": agencies}, files=files)


def _login(world: World, who: str, next_="/cari"):
    return web_login(world.client, who, world.passwords[who], next_)


# --- authentication ------------------------------------------------------------------------------


def test_every_endpoint_answers_401_without_a_token(world):
    world.client.cookies.clear()
    for method, path in _endpoints(world):
        response = world.client.request(method, path)
        assert response.status_code == 401, (method, path, response.text)
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("credential", [
    "Bearer nsk_short", "Bearer nsk_" + "A" * 43, "Bearer revoked", "Basic YWRtaW46YWRtaW4=",
    "Bearer ", "nsk_" + "A" * 43,
])
def test_malformed_unknown_and_revoked_tokens_answer_401(world, credential):
    if credential == "Bearer revoked":
        credential = f"Bearer {world.tokens['gone']}"
    for method, path in _endpoints(world):
        response = world.client.request(method, path, headers={"Authorization": credential})
        assert response.status_code == 401, (method, path, credential)


@pytest.mark.parametrize(("who", "verify", "submit_own", "submit_other"), [
    ("admin", 200, 202, 202),
    ("arsip", 200, 403, 403),
    ("op-dinsos", 403, 202, 403),
    ("op-bkpsdm", 403, 202, 403),
])
def test_roles_decide_verify_and_batch_submission(fresh, who, verify, submit_own, submit_other):
    own = {"op-bkpsdm": BKPSDM}.get(who, DINSOS)
    other = BKPSDM if own == DINSOS else DINSOS
    assert fresh.client.get("/api/verify", headers=fresh.auth(who)).status_code == verify
    assert _submit(fresh, who, [own]).status_code == submit_own
    assert _submit(fresh, who, [other]).status_code == submit_other
    for method, path in _endpoints(fresh):
        if method == "GET" and path not in ("/api/verify", "/api/batches/1"):
            status = fresh.client.get(path, headers=fresh.auth(who)).status_code
            expected = 404 if who == "op-bkpsdm" and re.search(r"/\d+", path) else 200
            assert status == expected, (who, path)


def test_me_names_the_caller_role_and_agency(world):
    body = world.client.get("/api/me", headers=world.auth("op-dinsos")).json()
    assert body == {"name": "op-dinsos", "role": "operator", "agency": DINSOS}


# --- operator scope ------------------------------------------------------------------------------


def test_operator_search_never_returns_another_agency(world):
    client, h = world.client, world.auth("op-bkpsdm")
    assert client.get("/api/documents", params={"agency": DINSOS}, headers=h).json()["total"] == 0
    body = client.get("/api/documents", params={"all_versions": True}, headers=h).json()
    assert body["total"] == 2 and {d["agency"] for d in body["items"]} == {BKPSDM}
    assert client.get("/api/facets", headers=h).json()["agency"] == [BKPSDM]
    assert {r["agency"] for r in client.get("/api/runs", headers=h).json()} == {BKPSDM}


def test_operator_gets_the_same_404_for_another_agencys_ids_as_for_missing_ones(world):
    client, h = world.client, world.auth("op-bkpsdm")
    d, r = _doc(world), world.runs[(DINSOS, 2)]
    for present, missing in (
        (f"/api/documents/{d}", "/api/documents/999999"),
        (f"/api/documents/{d}/docx", "/api/documents/999999/docx"),
        (f"/api/documents/{d}/pdf", "/api/documents/999999/pdf"),
        (f"/api/runs/{r}", "/api/runs/999999"),
        (f"/api/runs/{r}/zip", "/api/runs/999999/zip"),
        (f"/api/runs/{r}/pdf", "/api/runs/999999/pdf"),
    ):
        a, b = client.get(present, headers=h), client.get(missing, headers=h)
        assert a.status_code == b.status_code == 404
        assert a.json() == b.json(), "the answer must not reveal that the object exists"


# --- search and metadata -------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "expected"), [
    ({}, {(DINSOS, "nota_dinas"), (DINSOS, "kertas_kerja"), (DINSOS, "laporan_pengukuran"),
          (BKPSDM, "laporan_pengukuran"), (BKPSDM, "kertas_kerja")}),
    ({"agency": BKPSDM}, {(BKPSDM, "laporan_pengukuran"), (BKPSDM, "kertas_kerja")}),
    ({"kind": "laporan_pengukuran", "periode": "2025-TW1", "tahun": 2025},
     {(DINSOS, "laporan_pengukuran"), (BKPSDM, "laporan_pengukuran")}),
    ({"procedure": "pengumpulan"}, {(DINSOS, "nota_dinas")}),
    ({"bidang": "Bidang Rehabilitasi Sosial"}, {(DINSOS, "kertas_kerja")}),
    ({"nomor": "0004/dinsos"}, {(DINSOS, "laporan_pengukuran")}),
    ({"q": "hasil PENGUKURAN"}, {(DINSOS, "laporan_pengukuran"), (BKPSDM, "laporan_pengukuran")}),
    ({"q": "kertas rehabilitasi"}, {(DINSOS, "kertas_kerja")}),
    ({"nomor": "%"}, set()),
    ({"q": "_"}, set()),
    ({"periode": "2025-TW2"}, set()),
    ({"periode": "2025-S1"}, set()),  # semester and year are periods too (issue 10)
    ({"periode": "2025"}, set()),
    ({"tahun": 2024}, set()),
])
def test_search_applies_every_filter(world, params, expected):
    body = world.client.get("/api/documents", params=params, headers=world.auth("arsip")).json()
    assert {(d["agency"], d["kind"]) for d in body["items"]} == expected
    assert body["total"] == len(expected)
    assert all(d["version"] == (2 if d["agency"] == DINSOS else 1) for d in body["items"])


def test_search_with_all_versions_returns_older_runs_and_pages(world):
    h = world.auth("arsip")
    everything = world.client.get("/api/documents", params={"all_versions": True}, headers=h)
    assert everything.json()["total"] == 8
    page = world.client.get("/api/documents", params={"all_versions": True, "limit": 3,
                                                       "offset": 6}, headers=h).json()
    assert page["total"] == 8 and len(page["items"]) == 2


@pytest.mark.parametrize("params", [
    {"periode": "2025-TW9"}, {"periode": "1999-TW1"}, {"periode": "2025-S3"}, {"periode": "25"},
    {"tahun": 1999}, {"nomor": "a\x00b"},
    {"q": "x" * 201}, {"limit": 0}, {"limit": 201}, {"offset": -1}, {"agency": "../etc"},
])
def test_search_refuses_bad_parameters_with_422(world, params):
    response = world.client.get("/api/documents", params=params, headers=world.auth("arsip"))
    assert response.status_code == 422


def test_document_metadata_lists_every_version_and_its_checksums(world):
    v1, v2 = _doc(world, version=1), _doc(world, version=2)
    body = world.client.get(f"/api/documents/{v2}", headers=world.auth("arsip")).json()
    assert [(v["id"], v["version"]) for v in body["versions"]] == [(v1, 1), (v2, 2)]
    assert body["run"]["id"] == world.runs[(DINSOS, 2)] and body["run"]["version"] == 2
    assert body["nomor"] == "000.8.6.3/0004/Dinsos/2025"
    assert body["agency_nama"].startswith("DINAS SOSIAL")
    path = next((world.settings.archive_dir).rglob("08_laporan_pengukuran.docx"))
    assert body["docx"]["url"] == f"/api/documents/{v2}/docx"
    assert "path" not in str(body).lower(), "file paths are never exposed"
    assert len(body["docx"]["sha256"]) == 64 and body["pdf"]["size"] > 0
    assert path.is_file()


# --- downloads -----------------------------------------------------------------------------------


def _archived(world: World, doc_id: int, fmt: str) -> bytes:
    engine = make_engine(world.settings.database)
    try:
        with session_factory(engine)() as s:
            doc = s.get(Document, doc_id)
            rel = doc.docx_path if fmt == "docx" else doc.pdf_path
    finally:
        engine.dispose()
    return (world.settings.archive_dir / rel).read_bytes()


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_downloads_are_the_archived_bytes_with_a_safe_file_name(world, fmt):
    d = _doc(world)
    response = world.client.get(f"/api/documents/{d}/{fmt}", headers=world.auth("op-dinsos"))
    assert response.status_code == 200
    assert response.content == _archived(world, d, fmt)
    assert response.headers["x-naskah-sha256"] == hashlib.sha256(response.content).hexdigest()
    name = f"{DINSOS}_2025-TW1_v2_pengukuran_08_laporan_pengukuran.{fmt}"
    assert response.headers["content-disposition"] == (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    )
    assert response.headers["x-content-type-options"] == "nosniff"


def test_pdf_of_a_document_without_pdf_is_404(world):
    nota = _doc(world, kind="nota_dinas")
    response = world.client.get(f"/api/documents/{nota}/pdf", headers=world.auth("arsip"))
    assert response.status_code == 404


def test_run_zip_holds_every_file_of_the_run_and_their_sha256(world):
    r = world.runs[(DINSOS, 2)]
    response = world.client.get(f"/api/runs/{r}/zip", headers=world.auth("arsip"))
    assert response.status_code == 200
    assert 'filename="dinsos-p3a-pessel_2025-TW1_v2.zip"' in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        names = sorted(zf.namelist())
        label = "dinsos-p3a-pessel_2025-TW1_v2"
        assert names == sorted([
            f"{label}/SHA256SUMS", f"{label}/pengumpulan/01_nota_dinas.docx",
            f"{label}/pengukuran/05_kertas_kerja_bidang-rehabilitasi-sosial.docx",
            f"{label}/pengukuran/05_kertas_kerja_bidang-rehabilitasi-sosial.pdf",
            f"{label}/pengukuran/08_laporan_pengukuran.docx",
            f"{label}/pengukuran/08_laporan_pengukuran.pdf",
        ])
        for line in zf.read(f"{label}/SHA256SUMS").decode().splitlines():
            sha, inner = line.split("  ")
            assert hashlib.sha256(zf.read(f"{label}/{inner}")).hexdigest() == sha


def test_run_merged_pdf_has_each_pdf_in_trail_order_with_bookmarks(world):
    r = world.runs[(DINSOS, 2)]
    response = world.client.get(f"/api/runs/{r}/pdf", headers=world.auth("arsip"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    assert [o.title for o in reader.outline] == [
        "05. Kertas Kerja Pengukuran Kinerja — Bidang Rehabilitasi Sosial (Bidang Rehabilitasi "
        "Sosial)", "08. Laporan Hasil Pengukuran Kinerja"]
    assert response.headers["x-naskah-missing-pdf"] == str(_doc(world, kind="nota_dinas"))


# --- versions per document -----------------------------------------------------------------------


def _cycle_step(world: World, kind=LAPORAN, step=8, procedure="pengukuran") -> tuple[int, int]:
    """Archive ONE document of Dinsos P3A as a new run, as a step of the SOP cycle does."""
    engine = make_engine(world.settings.database)
    try:
        run_id, version, kinds = commit_trail(
            session_factory(engine), world.settings, DINSOS, "langkah",
            [(PlannedDocument(DINSOS, TW1, procedure, step, kind), "000.8.6.3/0004/Dinsos/2025",
              True)],
            reason=RunReason.CYCLE_STEP, created_by="sekretaris",
        )
    finally:
        engine.dispose()
    return run_id, kinds[kind.slug]


def test_a_cycle_step_adds_a_version_and_never_hides_the_rest_of_the_set(fresh):
    h = fresh.auth("arsip")
    run_id, new_laporan = _cycle_step(fresh)
    body = fresh.client.get("/api/documents", params={"agency": DINSOS}, headers=h).json()
    current = {d["kind"]: (d["id"], d["version"]) for d in body["items"]}
    assert body["total"] == 3, "the whole set stays visible, not only the step's document"
    assert current == {"nota_dinas": (_doc(fresh, kind="nota_dinas"), 2),
                       "kertas_kerja": (_doc(fresh, kind="kertas_kerja"), 2),
                       "laporan_pengukuran": (new_laporan, 3)}
    assert [d["kind"] for d in body["items"]] == ["nota_dinas", "kertas_kerja",
                                                   "laporan_pengukuran"], "trail order"
    detail = fresh.client.get(f"/api/documents/{new_laporan}", headers=h).json()
    assert [(v["version"], v["reason"], v["created_by"]) for v in detail["versions"]] == [
        (1, "run", ""), (2, "run", ""), (3, "cycle_step", "sekretaris")]
    # the set: JSON, ZIP and merged PDF hold the current version of each document
    listing = fresh.client.get(f"/api/sets/{DINSOS}/2025-TW1", headers=h).json()
    assert [d["id"] for d in listing["items"]] == [d["id"] for d in body["items"]]
    response = fresh.client.get(listing["zip_url"], headers=h)
    assert response.status_code == 200
    label = "dinsos-p3a-pessel_2025-TW1_terkini"
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        assert sorted(zf.namelist()) == sorted([
            f"{label}/SHA256SUMS", f"{label}/pengumpulan/01_nota_dinas.docx",
            f"{label}/pengukuran/05_kertas_kerja_bidang-rehabilitasi-sosial.docx",
            f"{label}/pengukuran/05_kertas_kerja_bidang-rehabilitasi-sosial.pdf",
            f"{label}/pengukuran/08_laporan_pengukuran.docx",
            f"{label}/pengukuran/08_laporan_pengukuran.pdf",
        ])
        laporan = zf.read(f"{label}/pengukuran/08_laporan_pengukuran.docx")
    assert laporan == _archived(fresh, new_laporan, "docx"), "the newest version of the laporan"
    merged = fresh.client.get(listing["pdf_url"], headers=h)
    reader = PdfReader(io.BytesIO(merged.content))
    assert len(reader.pages) == 2 and reader.metadata.title.endswith("(versi terkini)")
    # the run itself holds only the step's document
    assert len(fresh.client.get(f"/api/runs/{run_id}", headers=h).json()["items"]) == 1
    # older versions are still found on request
    every = fresh.client.get("/api/documents", params={"agency": DINSOS, "all_versions": True},
                             headers=h).json()
    assert every["total"] == 7


def test_the_set_of_another_agency_does_not_exist_for_an_operator(world):
    h = world.auth("op-bkpsdm")
    for suffix in ("", "/zip", "/pdf"):
        a = world.client.get(f"/api/sets/{DINSOS}/2025-TW1{suffix}", headers=h)
        b = world.client.get(f"/api/sets/{DINSOS}/2024-TW1{suffix}", headers=h)
        assert a.status_code == b.status_code == 404 and a.json() == b.json()
    own = world.client.get(f"/api/sets/{BKPSDM}/2025-TW1", headers=h).json()
    assert own["total"] == 2
    assert world.client.get(f"/api/sets/{DINSOS}/2025-TW9", headers=h).status_code == 422


@pytest.mark.parametrize("name", [
    'laporan "final".pdf', "a\r\nSet-Cookie: x=1.pdf", "../../etc/passwd", "Laporan – Bidang Ü.pdf",
    "", ".hidden",
])
def test_content_disposition_is_one_safe_header_line_for_any_name(name):
    value = content_disposition(name)
    assert "\r" not in value and "\n" not in value
    plain = re.search(r'filename="([^"]*)"', value).group(1)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", plain), plain
    assert "/" not in plain and not plain.startswith(".")
    assert value.count('"') == 2
    star = value.split("filename*=UTF-8''")[1]
    assert re.fullmatch(r"[A-Za-z0-9._~%-]*", star)


# --- integrity and path tricks -------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/api/documents/..%2F..%2Fnaskah.db/docx", "/api/documents/%2e%2e/docx",
    "/api/documents/1%2F..%2F..%2F..%2Fetc%2Fpasswd/pdf", "/api/documents/../../naskah.db",
    "/api/documents/-1/docx", "/api/documents/99999999999999/docx",
    "/api/runs/..%2F1/zip", "/static/..%2F..%2Fapp.py", "/static/%2e%2e/%2e%2e/api/auth.py",
    "/static/../../../naskah.db", "/dokumen/..%2F..%2Fnaskah.db", "/api/documents/%00/docx",
])
def test_path_tricks_reach_no_file(world, path):
    response = world.client.get(path, headers=world.auth("admin"))
    assert response.status_code in (404, 405, 422), (path, response.status_code)
    assert b"SQLite format" not in response.content and b"def " not in response.content


def _set_row(world: World, doc_id: int, **values) -> None:
    engine = make_engine(world.settings.database)
    try:
        with session_factory(engine)() as s, s.begin():
            s.execute(update(Document).where(Document.id == doc_id).values(**values))
    finally:
        engine.dispose()


def test_an_index_path_leaving_the_archive_is_refused(fresh):
    secret = fresh.settings.data_dir / "secret.txt"
    secret.write_text("not for download")
    d = _doc(fresh)
    _set_row(fresh, d, docx_path="../secret.txt",
             docx_sha256=hashlib.sha256(b"not for download").hexdigest())
    response = fresh.client.get(f"/api/documents/{d}/docx", headers=fresh.auth("admin"))
    assert response.status_code == 409 and b"not for download" not in response.content


def test_a_symlink_in_the_archive_pointing_outside_is_refused(fresh):
    d = _doc(fresh)
    target = next(fresh.settings.archive_dir.rglob("v2/pengukuran/08_laporan_pengukuran.docx"))
    outside = fresh.settings.data_dir / "outside.docx"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(outside)
    response = fresh.client.get(f"/api/documents/{d}/docx", headers=fresh.auth("admin"))
    assert response.status_code == 409


def test_a_changed_file_is_never_delivered_and_verify_reports_it(fresh):
    h = fresh.auth("arsip")
    assert fresh.client.get("/api/verify", headers=h).json() == {
        "ok": True, "documents": 8, "problems": []}
    d = _doc(fresh)
    pdf = next(fresh.settings.archive_dir.rglob("v2/pengukuran/08_laporan_pengukuran.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"%tampered")
    assert fresh.client.get(f"/api/documents/{d}/pdf", headers=h).status_code == 409
    assert fresh.client.get(f"/api/documents/{d}/docx", headers=h).status_code == 200
    r = fresh.runs[(DINSOS, 2)]
    assert fresh.client.get(f"/api/runs/{r}/zip", headers=h).status_code == 409
    assert fresh.client.get(f"/api/runs/{r}/pdf", headers=h).status_code == 409
    body = fresh.client.get("/api/verify", headers=h).json()
    assert body["ok"] is False and len(body["problems"]) == 1
    problem = body["problems"][0]
    assert problem.startswith("sha256 tidak cocok") and "08_laporan" in problem


# --- batches -------------------------------------------------------------------------------------


def test_submitting_a_batch_records_it_copies_workbooks_and_starts_the_executor(fresh):
    response = _submit(fresh, "admin", [DINSOS, BKPSDM])
    assert response.status_code == 202
    body = response.json()
    assert response.headers["location"] == f"/api/batches/{body['id']}"
    assert body["status"] == "queued" and body["total"] == 2 and body["created_by"] == "admin"
    assert [i["agency"] for i in body["items"]] == [DINSOS, BKPSDM]
    assert fresh.submitted == [body["id"]]
    folder = fresh.settings.data_dir / "batches" / str(body["id"])
    assert sorted(p.name for p in folder.iterdir()) == [f"{BKPSDM}.xlsx", f"{DINSOS}.xlsx"]
    assert not any((fresh.settings.data_dir / "uploads").iterdir()), "uploads are cleaned up"
    got = fresh.client.get(f"/api/batches/{body['id']}", headers=fresh.auth("arsip")).json()
    assert got == body


def test_operators_see_only_batches_of_their_own_agency(fresh):
    mixed = _submit(fresh, "admin", [DINSOS, BKPSDM]).json()["id"]
    own = _submit(fresh, "op-bkpsdm", [BKPSDM]).json()["id"]
    h = fresh.auth("op-bkpsdm")
    assert [b["id"] for b in fresh.client.get("/api/batches", headers=h).json()] == [own]
    assert fresh.client.get(f"/api/batches/{mixed}", headers=h).status_code == 404
    assert fresh.client.get(f"/api/batches/{own}", headers=h).status_code == 200
    assert [b["id"] for b in fresh.client.get("/api/batches", headers=fresh.auth("arsip")).json()
            ] == [own, mixed]


@pytest.mark.parametrize(("agencies", "periode", "files", "detail"), [
    (["no-such-agency"], "2025-TW1", None, "tidak dikenal"),
    ([DINSOS], "2025-TW5", None, ""),
    ([DINSOS, BKPSDM], "2025-TW1", [("workbooks", ("a.xlsx", XLSX, "x"))], "2 instansi"),
    ([DINSOS], "2025-TW1", [("workbooks", ("a.xlsx", b"not a workbook", "x"))], "bukan workbook"),
    ([DINSOS, DINSOS], "2025-TW1", None, "dua kali"),
])
def test_a_bad_batch_is_refused_with_422_and_nothing_recorded(fresh, agencies, periode, files,
                                                               detail):
    response = _submit(fresh, "admin", agencies, periode, files)
    assert response.status_code == 422
    assert detail in str(response.json()["detail"])
    assert fresh.submitted == []
    engine = make_engine(fresh.settings.database)
    try:
        with session_factory(engine)() as s:
            assert s.query(Batch).count() == 0 and s.query(BatchItem).count() == 0
    finally:
        engine.dispose()


# --- web pages -----------------------------------------------------------------------------------


def test_pages_without_a_session_answer_401_with_the_login_form(world):
    world.client.cookies.clear()
    for path in ("/cari", f"/dokumen/{_doc(world)}", f"/versi/{world.runs[(DINSOS, 2)]}"):
        response = world.client.get(path)
        assert response.status_code == 401
        assert 'action="/masuk"' in response.text and f'value="{path}"' in response.text


def test_password_sign_in_sets_a_server_side_httponly_session_cookie(fresh):
    bad = web_login(fresh.client, "arsip", "salah-sekali-ini")
    assert bad.status_code == 401 and "Nama pengguna atau kata sandi salah" in bad.text
    unknown = web_login(fresh.client, "tidak-ada", "salah-sekali-ini")
    assert unknown.status_code == 401 and unknown.text.count("salah") == bad.text.count("salah")
    token_as_password = web_login(fresh.client, "arsip", fresh.tokens["arsip"])
    assert token_as_password.status_code == 401
    response = _login(fresh, "arsip", next_="//evil.example/x")
    assert response.status_code == 303 and response.headers["location"] == "/cari"
    cookie = response.headers["set-cookie"]
    assert "naskah_sesi=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert fresh.passwords["arsip"] not in cookie and fresh.tokens["arsip"] not in cookie
    assert fresh.client.get("/cari").status_code == 200
    value = fresh.client.cookies.get("naskah_sesi")
    fresh.client.cookies.set("naskah_sesi", value[:-2] + ("AA" if value[-2:] != "AA" else "BB"))
    assert fresh.client.get("/cari").status_code == 401, "a forged cookie is refused"


def test_sign_in_accepts_a_nip_with_spaces_and_an_e_mail_in_any_case(fresh):
    engine = make_engine(fresh.settings.database)
    try:
        with session_factory(engine)() as s, s.begin():
            add_user(s, "198305232002121002", Role.ARSIPARIS)
            set_password(s, "198305232002121002", "nip-sandi-panjang")
            add_user(s, "rina@pessel.go.id", Role.ARSIPARIS)
            set_password(s, "rina@pessel.go.id", "email-sandi-panjang")
    finally:
        engine.dispose()
    assert web_login(fresh.client, " 19830523 200212 1 002 ", "nip-sandi-panjang"
                     ).status_code == 303
    fresh.client.cookies.clear()
    assert web_login(fresh.client, "Rina@Pessel.go.id", "email-sandi-panjang").status_code == 303


def test_wrong_passwords_are_rate_limited_per_account_and_per_address(fresh):
    for _ in range(5):
        assert web_login(fresh.client, "arsip", "salah-salah-salah").status_code == 401
    locked = web_login(fresh.client, "arsip", fresh.passwords["arsip"])
    assert locked.status_code == 429, "even the right password waits during the lock-out"
    assert int(locked.headers["retry-after"]) > 0 and "Coba lagi dalam" in locked.text
    assert "naskah_sesi" not in locked.headers.get("set-cookie", "")
    # another account from the same address is not locked by arsip's failures …
    assert _login(fresh, "admin").status_code == 303
    # … until the address itself has failed too often (20 per window by default)
    fresh.client.cookies.clear()
    for i in range(15):
        web_login(fresh.client, f"tebakan-{i}", "salah-salah-salah")
    assert web_login(fresh.client, "op-dinsos", fresh.passwords["op-dinsos"]).status_code == 429


def test_form_posts_without_the_csrf_token_are_refused(fresh):
    fresh.client.get("/masuk")  # has the cookie, but posts without the field
    no_field = fresh.client.post("/masuk", data={"username": "arsip",
                                                 "password": fresh.passwords["arsip"]})
    assert no_field.status_code == 403 and "Formulir tidak berlaku" in no_field.text
    fresh.client.cookies.clear()  # a forged form from elsewhere: a field but no cookie
    forged = fresh.client.post("/masuk", data={"username": "arsip", "csrf": "x" * 43,
                                               "password": fresh.passwords["arsip"]})
    assert forged.status_code == 403
    assert _login(fresh, "arsip").status_code == 303
    out = fresh.client.post("/keluar", data={"csrf": "bukan-token"}, follow_redirects=False)
    assert out.status_code == 403
    assert fresh.client.get("/cari").status_code == 200, "a CSRF-less logout changes nothing"


def test_sign_out_ends_the_session_on_the_server(fresh):
    _login(fresh, "arsip")
    page = fresh.client.get("/cari")
    cookie = fresh.client.cookies.get("naskah_sesi")
    out = fresh.client.post("/keluar", data={"csrf": page_csrf(page.text)},
                            follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/masuk"
    fresh.client.cookies.set("naskah_sesi", cookie)  # a copy kept by an attacker
    assert fresh.client.get("/cari").status_code == 401


def test_a_session_expires(fresh):
    _login(fresh, "arsip")
    assert fresh.client.get("/cari").status_code == 200
    engine = make_engine(fresh.settings.database)
    try:
        with session_factory(engine)() as s, s.begin():
            s.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    finally:
        engine.dispose()
    assert fresh.client.get("/cari").status_code == 401
    assert fresh.client.get(f"/api/documents/{_doc(fresh)}/pdf").status_code == 401


def test_the_session_cookie_reads_but_never_writes(fresh):
    _login(fresh, "admin")
    assert fresh.client.get(f"/api/documents/{_doc(fresh)}/pdf").status_code == 200
    response = fresh.client.post("/api/batches", data={"periode": "2025-TW1",
                                                        "agencies": [DINSOS]},
                                 files=[("workbooks", ("a.xlsx", XLSX, "x"))])
    assert response.status_code == 401 and fresh.submitted == []


def test_revoking_a_user_ends_their_web_session_at_once(fresh):
    _login(fresh, "arsip")
    assert fresh.client.get("/cari").status_code == 200
    engine = make_engine(fresh.settings.database)
    try:
        with session_factory(engine)() as s, s.begin():
            revoke_user(s, "arsip")
    finally:
        engine.dispose()
    assert fresh.client.get("/cari").status_code == 401
    assert fresh.client.get("/api/documents", headers=fresh.auth("arsip")).status_code == 401


def test_search_page_filters_and_shows_the_results_table(fresh):
    _login(fresh, "arsip")
    page = fresh.client.get("/cari", params={"kind": "laporan_pengukuran", "agency": DINSOS})
    assert page.status_code == 200
    assert "<strong>1</strong> dokumen ditemukan" in page.text
    assert "000.8.6.3/0004/Dinsos/2025" in page.text and f"/dokumen/{_doc(fresh)}" in page.text
    assert "Dinsos P3A" in page.text and "Triwulan I Tahun 2025" in page.text
    bad = fresh.client.get("/cari", params={"periode": "kemarin"})
    assert bad.status_code == 200 and "tidak dikenal" in bad.text


def test_document_page_shows_metadata_sha256_versions_and_download_buttons(fresh):
    _login(fresh, "arsip")
    d, r = _doc(fresh), fresh.runs[(DINSOS, 2)]
    page = fresh.client.get(f"/dokumen/{d}")
    assert page.status_code == 200
    sha = hashlib.sha256(_archived(fresh, d, "pdf")).hexdigest()
    assert sha in page.text
    for href in (f"/api/documents/{d}/pdf", f"/api/documents/{d}/docx",
                 f"/api/sets/{DINSOS}/2025-TW1/zip", f"/api/sets/{DINSOS}/2025-TW1/pdf",
                 f"/versi/{r}", f"/dokumen/{_doc(fresh, version=1)}"):
        assert f'href="{href}"' in page.text
    assert "dokumen ini" in page.text and "Dibuat ulang (naskah run)" in page.text
    assert "versi lama" not in page.text
    old = fresh.client.get(f"/dokumen/{_doc(fresh, version=1)}")
    assert "Ini versi lama" in old.text and f'href="/dokumen/{d}"' in old.text
    _, step = _cycle_step(fresh)
    versions = fresh.client.get(f"/dokumen/{step}").text
    assert "Langkah siklus SOP" in versions and "sekretaris" in versions


def test_pages_escape_data_and_send_a_strict_csp(fresh):
    _login(fresh, "arsip")
    page = fresh.client.get(f"/dokumen/{fresh.docs[(BKPSDM, 1, 'kertas_kerja')]}")
    assert HOSTILE_BIDANG not in page.text and "&lt;script&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def test_operator_page_for_another_agencys_document_is_404(fresh):
    _login(fresh, "op-bkpsdm")
    assert fresh.client.get(f"/dokumen/{_doc(fresh)}").status_code == 404
    assert fresh.client.get(f"/versi/{fresh.runs[(DINSOS, 2)]}").status_code == 404
    listing = fresh.client.get("/cari", params={"agency": DINSOS})
    assert "<strong>0</strong> dokumen ditemukan" in listing.text


def test_openapi_schema_is_served_and_cdn_docs_are_off_by_default(world):
    schema = world.client.get("/openapi.json").json()
    assert {"/api/documents", "/api/documents/{document_id}/pdf", "/api/runs/{run_id}/zip",
            "/api/batches", "/api/verify"} <= set(schema["paths"])
    assert world.client.get("/docs").status_code == 404  # Swagger UI's scripts come from a CDN
    assert world.client.get("/redoc").status_code == 404


# --- full text, previews, pages ------------------------------------------------------------------

BODY = ("LAPORAN HASIL PENGUKURAN KINERJA\n"
        "Penyaluran bantuan sosial tepat sasaran bagi 1.250 keluarga penerima manfaat.\n"
        "Capaian kinerja triwulan ini 92,5 persen.")


def _laporan_with_body(world: World, **kwargs) -> int:
    engine = make_engine(world.settings.database)
    try:
        _, _, kinds = commit_trail(
            session_factory(engine), world.settings, DINSOS, "isi",
            [(PlannedDocument(DINSOS, TW1, "pengukuran", 8, LAPORAN),
              "000.8.6.3/0004/Dinsos/2025", True)],
            bodies={"laporan_pengukuran": BODY}, **kwargs)
    finally:
        engine.dispose()
    return kinds["laporan_pengukuran"]


def test_full_text_finds_words_only_inside_the_body_with_a_highlighted_snippet(fresh):
    laporan = _laporan_with_body(fresh)

    def found(q, who="arsip"):
        body = fresh.client.get("/api/documents", params={"q": q},
                                headers=fresh.auth(who)).json()
        return [d["id"] for d in body["items"]], body

    ids, body = found("bantuan sosial")
    assert ids == [laporan]
    assert "\x02bantuan\x03 \x02sosial\x03" in body["items"][0]["snippet"]
    assert found('"tepat sasaran"')[0] == [laporan]
    assert found('"sasaran tepat"')[0] == [], "a phrase is matched in order"
    assert found("BANTUAN penerima")[0] == [laporan], "case and word order do not matter"
    assert found("bantuan nelayan")[0] == [], "every word must occur"
    assert found('bantuan "); DROP TABLE document; --')[0] == []
    assert found("bantuan", who="op-bkpsdm")[0] == [], "another agency's text is not searched"
    _login(fresh, "arsip")
    page = fresh.client.get("/cari", params={"q": "tepat sasaran"})
    assert "<mark>tepat</mark> <mark>sasaran</mark>" in page.text
    assert f'src="/api/documents/{laporan}/thumbnails/1"' in page.text


def test_search_sorts_by_letter_date_nomor_and_kind(fresh):
    dated = _laporan_with_body(fresh, tanggal={"laporan_pengukuran": date(2025, 4, 7)})
    h = fresh.auth("arsip")

    def order(sort):
        body = fresh.client.get("/api/documents", params={"sort": sort, "agency": DINSOS},
                                headers=h).json()
        return [(d["kind"], d["tanggal"], d["nomor"]) for d in body["items"]]

    assert order("tanggal")[0] == ("laporan_pengukuran", "2025-04-07",
                                   "000.8.6.3/0004/Dinsos/2025")
    assert [n for _, _, n in order("nomor")] == ["000.8.6.3/0001/Dinsos/2025",
                                                 "000.8.6.3/0004/Dinsos/2025", ""]
    assert [k for k, _, _ in order("jenis")] == ["kertas_kerja", "laporan_pengukuran",
                                                 "nota_dinas"]
    assert fresh.client.get("/api/documents", params={"sort": "acak"},
                            headers=h).status_code == 422
    _login(fresh, "arsip")
    page = fresh.client.get(f"/dokumen/{dated}")
    assert "7 April 2025" in page.text


def test_a_page_beyond_the_last_shows_the_last_and_says_so(world):
    web_login(world.client, "arsip", world.passwords["arsip"])
    page = world.client.get("/cari", params={"halaman": 999})
    assert page.status_code == 200
    assert "Halaman 999 tidak ada" in page.text and "halaman 999 dari" not in page.text
    assert "<strong>5</strong> dokumen ditemukan" in page.text and "/dokumen/" in page.text


def test_unknown_paths_answer_an_indonesian_page_to_browsers_and_json_to_the_api(world):
    html = world.client.get("/tidak/ada", headers={"Accept": "text/html"})
    assert html.status_code == 404 and "Halaman tidak ditemukan" in html.text
    assert html.headers["content-type"].startswith("text/html")
    api = world.client.get("/api/tidak-ada", headers={"Accept": "text/html"})
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}
    assert world.client.get("/tidak/ada").json() == {"detail": "Not Found"}


def test_pdf_view_link_is_inline_and_download_is_an_attachment(world):
    d, h = _doc(world), world.auth("arsip")
    view = world.client.get(f"/api/documents/{d}/pdf", params={"inline": True}, headers=h)
    download = world.client.get(f"/api/documents/{d}/pdf", headers=h)
    assert view.headers["content-disposition"].startswith("inline; filename=")
    assert download.headers["content-disposition"].startswith("attachment; filename=")
    assert view.content == download.content == _archived(world, d, "pdf")


def test_thumbnails_are_drawn_once_cached_and_shown_on_the_document_page(fresh):
    laporan = _laporan_with_body(fresh, pages=3)
    h = fresh.auth("arsip")
    first = fresh.client.get(f"/api/documents/{laporan}/thumbnails/1", headers=h)
    assert first.status_code == 200 and first.content[:8] == b"\x89PNG\r\n\x1a\n"
    cached = list(previews.cache_dir(fresh.settings.data_dir).glob("*.png"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    again = fresh.client.get(f"/api/documents/{laporan}/thumbnails/1", headers=h)
    assert again.content == first.content and cached[0].stat().st_mtime_ns == stamp
    assert fresh.client.get(f"/api/documents/{laporan}/thumbnails/3",
                            headers=h).status_code == 200
    assert fresh.client.get(f"/api/documents/{laporan}/thumbnails/4",
                            headers=h).status_code == 404
    nota = _doc(fresh, kind="nota_dinas")  # no PDF
    assert fresh.client.get(f"/api/documents/{nota}/thumbnails/1", headers=h).status_code == 404
    assert fresh.client.get(f"/api/documents/{laporan}/thumbnails/1",
                            headers=fresh.auth("op-bkpsdm")).status_code == 404
    _login(fresh, "arsip")
    page = fresh.client.get(f"/dokumen/{laporan}").text
    assert "3 halaman" in page
    for n in (1, 2, 3):
        assert f'src="/api/documents/{laporan}/thumbnails/{n}"' in page
    assert f'href="/api/documents/{laporan}/pdf?inline=1"' in page


# --- audit log -----------------------------------------------------------------------------------


def test_the_audit_log_records_sign_ins_views_downloads_and_exports_csv(fresh):
    d = _doc(fresh)
    web_login(fresh.client, "=HYPERLINK(1)", "salah-salah-salah")  # a formula as user name
    _login(fresh, "arsip")
    fresh.client.get(f"/dokumen/{d}")
    fresh.client.get(f"/api/documents/{d}/pdf")
    fresh.client.get(f"/api/sets/{DINSOS}/2025-TW1/zip")
    page = fresh.client.get("/cari")
    fresh.client.post("/keluar", data={"csrf": page_csrf(page.text)})
    assert fresh.client.get("/admin/audit").status_code == 401
    _login(fresh, "arsip")
    refused = fresh.client.get("/admin/audit")
    assert refused.status_code == 403 and "Khusus administrator" in refused.text
    assert fresh.client.get("/admin/audit.csv").status_code == 403
    fresh.client.cookies.clear()
    _login(fresh, "admin")
    log = fresh.client.get("/admin/audit")
    assert log.status_code == 200 and "Log Audit" in log.text
    for words in ("Gagal masuk", "Masuk", "Melihat", "Mengunduh", "Keluar",
                  f'href="/dokumen/{d}"'):
        assert words in log.text, words
    downloads = fresh.client.get("/admin/audit", params={"aksi": "unduh", "pengguna": "arsip"})
    assert "<strong>2</strong> kejadian" in downloads.text
    export = fresh.client.get("/admin/audit.csv", params={"pengguna": "arsip"})
    assert export.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["waktu_utc", "pengguna", "aksi"]
    assert [r[2] for r in rows[1:]] == ["masuk", "keluar", "unduh", "unduh", "lihat", "masuk"]
    assert all(r[7] for r in rows[1:]), "each event has the client address"
    everything = fresh.client.get("/admin/audit.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in everything, "a formula is never a formula in the export"
    future = fresh.client.get("/admin/audit", params={"dari": "2099-01-01"})
    assert "<strong>0</strong> kejadian" in future.text


# --- the service before sign-in (issue 14) ------------------------------------------------------
# Every probe of issue 14 runs on SQLite and PostgreSQL (the world fixtures are parametrized):
# auth before the body and 401 before 422 (test_a_body_without_a_token_…), body limits
# (test_bodies_are_limited_…), login and logout CSRF (test_form_posts_without_the_csrf_…),
# revocation after /keluar (test_sign_out_ends_the_session_…), wrong passwords
# (test_wrong_passwords_…) and tokens (test_wrong_tokens_…) throttled, Secure cookies behind
# a TLS proxy (test_behind_a_trusted_proxy_…), an import named `..` (test_an_import_named_…),
# HEAD on downloads (test_head_on_a_download_…), /docs without CDN (test_openapi_schema_…).


def test_a_body_without_a_token_is_refused_before_it_is_read(fresh):
    fresh.client.cookies.clear()
    malformed = fresh.client.post("/api/siklus-sop", content=b"{not json",
                                  headers={"Content-Type": "application/json"})
    assert malformed.status_code == 401 and malformed.headers["www-authenticate"] == "Bearer"
    bad_token = fresh.client.post("/api/siklus-sop", content=b"{not json",
                                  headers={"Content-Type": "application/json",
                                           "Authorization": "Bearer nsk_" + "A" * 43})
    assert bad_token.status_code == 401
    with_token = fresh.client.post("/api/siklus-sop", content=b"{not json",
                                   headers={**fresh.auth("admin"),
                                            "Content-Type": "application/json"})
    assert with_token.status_code == 422

    def endless():  # never finishes: a server that reads it before answering hangs
        while True:
            yield b"x" * 65536

    started = time.monotonic()
    anonymous = fresh.client.post("/api/batches", content=endless(),
                                  headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert anonymous.status_code == 401
    assert time.monotonic() - started < 5


def test_bodies_are_limited_per_route(fresh):
    from naskah.api.guard import MB, body_limit

    assert body_limit("POST", "/api/siklus-sop") == 1 * MB
    assert body_limit("POST", "/api/batches") > 100 * MB
    big_json = fresh.client.post("/api/siklus-sop", content=b" " * (2 * MB),
                                 headers={**fresh.auth("admin"),
                                          "Content-Type": "application/json"})
    assert big_json.status_code == 413

    def chunks():  # no Content-Length: counted while it streams
        for _ in range(3):
            yield b" " * MB

    streamed = fresh.client.post("/api/siklus-sop", content=chunks(),
                                 headers={**fresh.auth("admin"),
                                          "Content-Type": "application/json"})
    assert streamed.status_code == 413


def test_an_import_named_dot_dot_is_a_client_error(fresh):
    response = fresh.client.post(
        f"/api/pengumpulan/{DINSOS}/2025-TW1/import", headers=fresh.auth("admin"),
        files=[("files", ("..", b"PK\x03\x04 not really", "application/octet-stream"))])
    assert 400 <= response.status_code < 500, response.text


def test_head_on_a_download_answers_its_headers(world):
    d = _doc(world)
    for kind in ("docx", "pdf"):
        got = world.client.get(f"/api/documents/{d}/{kind}", headers=world.auth("admin"))
        head = world.client.head(f"/api/documents/{d}/{kind}", headers=world.auth("admin"))
        if got.status_code == 404:  # no PDF without LibreOffice
            assert head.status_code == 404
            continue
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == str(len(got.content))
        assert head.headers["content-type"] == got.headers["content-type"]
    world.client.cookies.clear()
    assert world.client.head(f"/api/documents/{d}/docx").status_code == 401


def test_the_same_batch_twice_is_one_run(fresh):
    first = _submit(fresh, "admin", [DINSOS, BKPSDM])
    second = _submit(fresh, "admin", [BKPSDM, DINSOS][::-1])
    assert (first.status_code, second.status_code) == (202, 200)
    assert second.json()["id"] == first.json()["id"]
    assert second.headers["location"] == first.headers["location"]
    assert fresh.submitted == [first.json()["id"]], "the executor ran once"
    other_period = _submit(fresh, "admin", [DINSOS, BKPSDM], periode="2025-TW2")
    assert other_period.status_code == 202 and other_period.json()["id"] != first.json()["id"]


def test_again_forces_a_new_batch_and_the_idempotency_key_answers_its_batch(fresh):
    first = _submit(fresh, "admin", [DINSOS]).json()["id"]
    again = fresh.client.post("/api/batches?again=true", headers=fresh.auth("admin"),
                              data={"periode": "2025-TW1", "agencies": [DINSOS]},
                              files=[("workbooks", ("a.xlsx", XLSX, "x"))])
    assert again.status_code == 202 and again.json()["id"] != first
    keyed = {**fresh.auth("admin"), "Idempotency-Key": "klik-1"}
    made = fresh.client.post("/api/batches?again=true", headers=keyed,
                             data={"periode": "2025-TW3", "agencies": [DINSOS]},
                             files=[("workbooks", ("a.xlsx", XLSX, "x"))])
    repeated = fresh.client.post("/api/batches", headers=keyed,
                                 data={"periode": "2025-TW4", "agencies": [DINSOS]},
                                 files=[("workbooks", ("a.xlsx", XLSX, "x"))])
    assert made.status_code == 202 and repeated.status_code == 200
    assert repeated.json()["id"] == made.json()["id"]
    assert len(fresh.submitted) == 3


@pytest.fixture(params=["sqlite", "postgresql"])
def make_world(request, tmp_path):
    """``make(**server_settings)``: a world of its own with those service settings."""
    made = []

    def make(**server) -> World:
        base = tmp_path / f"world-{len(made)}"
        base.mkdir()
        submitted: list[int] = []
        gen = _world(request.param, base, server=ServerSettings(**server),
                     executor=lambda s, b: submitted.append(b))
        made.append(gen)
        world = next(gen)
        world.submitted = submitted
        return world

    yield make
    for gen in made:
        gen.close()


def test_wrong_tokens_are_throttled_per_address(make_world):
    """Issue 14: 314 wrong tokens per second were answered. Now the address's fifth wrong token
    is its last in the window: then 429 with Retry-After for reads and writes alike — a valid
    token from that address too — before any token is looked up or any body read."""
    w = make_world(token_limit_address="5/minute")
    wrong = {"Authorization": "Bearer nsk_" + "A" * 43}
    for _ in range(5):
        assert w.client.get("/api/documents", headers=wrong).status_code == 401
    blocked = w.client.get("/api/documents", headers=wrong)
    assert blocked.status_code == 429 and 0 < int(blocked.headers["retry-after"]) <= 60
    assert "token" in blocked.json()["detail"].lower()
    assert w.client.get("/api/documents", headers=w.auth("admin")).status_code == 429
    assert _submit(w, "admin", [DINSOS]).status_code == 429 and w.submitted == []
    assert w.client.post("/api/siklus-sop", content=b"{}", headers=wrong).status_code == 429
    w.client.cookies.clear()
    assert w.client.get("/api/documents").status_code == 401, "no token: not throttled"


def test_behind_a_trusted_proxy_cookies_are_secure_and_limits_count_the_client(make_world):
    """``proxy_headers``: X-Forwarded-Proto https from an allowed proxy makes the sign-in and
    session cookies ``Secure``; X-Forwarded-For names the client the limits count. From a
    proxy not allowed, or with the setting off, the headers change nothing."""
    https = {"X-Forwarded-Proto": "https"}

    def sign_in(world: World, headers: dict[str, str]) -> tuple[str, str]:
        form = world.client.get("/masuk", headers=headers)
        login_cookie = form.headers["set-cookie"]
        token = re.search(r"naskah_csrf_masuk=([^;]+)", login_cookie).group(1)
        world.client.cookies.clear()
        done = world.client.post(
            "/masuk", headers={**headers, "Cookie": f"naskah_csrf_masuk={token}"},
            data={"username": "arsip", "password": world.passwords["arsip"],
                  "csrf": page_csrf(form.text), "next": "/cari"}, follow_redirects=False)
        assert done.status_code == 303, done.text
        return login_cookie, done.headers["set-cookie"]

    proxied = make_world(proxy_headers=True, forwarded_allow_ips="*",
                         token_limit_address="3/minute")
    assert all("; secure" in c.lower() for c in sign_in(proxied, https))
    assert not any("; secure" in c.lower() for c in sign_in(proxied, {}))
    wrong = {"Authorization": "Bearer nsk_" + "B" * 43}
    for _ in range(3):
        proxied.client.get("/api/documents", headers={**wrong, "X-Forwarded-For": "203.0.113.5"})
    assert proxied.client.get("/api/documents", headers={
        **proxied.auth("admin"), "X-Forwarded-For": "203.0.113.5"}).status_code == 429
    assert proxied.client.get("/api/documents", headers={
        **proxied.auth("admin"), "X-Forwarded-For": "203.0.113.6"}).status_code == 200

    untrusted = make_world(proxy_headers=True, forwarded_allow_ips="10.1.2.3")
    assert not any("; secure" in c.lower() for c in sign_in(untrusted, https))
    off = make_world()
    assert not any("; secure" in c.lower() for c in sign_in(off, https))
