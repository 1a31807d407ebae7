"""The archive: committing runs (files + rows), versions, failure clean-up, PDFs, queries, verify.

Every test runs on SQLite and on PostgreSQL (skipped only if PostgreSQL is not reachable).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

import naskah.archive.store as archive
from naskah.archive.store import (
    ArchiveError,
    Document,
    Run,
    RunMeta,
    StagedDocument,
    attach_pdf,
    commit_run,
    get_document,
    init_db,
    list_documents,
    list_runs,
    stage_dir,
    verify,
)
from naskah.db import make_engine, session_factory
from naskah.model import DocumentKind, Periode, PlannedDocument
from tests.conftest import postgres_schema_url as _postgres_schema_url

AGENCY = "dinsos-p3a-pessel"
TW1 = Periode(2025, 1)
TW2 = Periode(2025, 2)
NOTA = DocumentKind("nota_dinas", "Nota Dinas", "000.8.6.3", bernomor=True)
KERTAS = DocumentKind("kertas_kerja", "Kertas Kerja")
NOTULEN = DocumentKind("notulen", "Notulen Rapat", "000.1.5")


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def Session(request: pytest.FixtureRequest, tmp_path):  # noqa: N802 - a session factory
    """A session factory on a database with the tables created (SQLite file or PG schema)."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path / 'naskah.db'}"])
    else:
        urls = _postgres_schema_url()
    for url in urls:
        engine = make_engine(url)
        init_db(engine)
        yield session_factory(engine)
        engine.dispose()


@pytest.fixture
def data_dir(tmp_path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def archive_dir(data_dir) -> Path:
    return data_dir / "archive"


def planned(step, kind, *, variant="", bidang="", procedure="pengumpulan", periode=TW1,
            agency=AGENCY) -> PlannedDocument:
    return PlannedDocument(agency, periode, procedure, step, kind, variant, bidang)


TRAIL = (
    planned(1, NOTA),
    planned(3, NOTULEN, variant="rapat_koordinasi"),
    planned(5, KERTAS, bidang="Bidang Rehabilitasi Sosial"),
    planned(5, KERTAS, bidang="Sekretariat"),
    planned(2, NOTA, procedure="pengukuran"),
)


def stage(data_dir: Path, docs=TRAIL, *, tag: str = "", periode=TW1) -> list[StagedDocument]:
    """Write one small distinct file per planned document into a new staging folder."""
    folder = stage_dir(data_dir, AGENCY, periode)
    staged = []
    for i, p in enumerate(docs):
        f = folder / f"{i}.docx"
        f.write_bytes(f"DOCX {p.key} {tag}".encode())
        staged.append(StagedDocument(p, f, nomor=f"000.8.6.3/{i + 1:04d}/Dinsos/2025"))
    return staged


def meta(periode=TW1) -> RunMeta:
    return RunMeta(AGENCY, periode, source_name="data.xlsx", source_sha256="ab" * 32)


def commit(Session, archive_dir, staged, periode=TW1) -> Run:  # noqa: N803
    with Session() as s, s.begin():
        return commit_run(s, archive_dir, meta(periode), staged)


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- commit -------------------------------------------------------------------------------------


def test_stage_dir_is_a_new_folder_inside_data_dir(data_dir):
    a = stage_dir(data_dir, AGENCY, TW1)
    b = stage_dir(data_dir, AGENCY, "2025-TW1")
    assert a != b
    for d in (a, b):
        assert d.is_dir() and not any(d.iterdir())
        assert d.parent == data_dir / "staging"


def test_commit_creates_files_and_rows_with_their_sha(Session, data_dir, archive_dir):
    staged = stage(data_dir)
    contents = {sd.planned.key: sd.docx.read_bytes() for sd in staged}

    run = commit(Session, archive_dir, staged)

    assert (run.agency, run.tahun, run.periode, run.version) == (AGENCY, 2025, "2025-TW1", 1)
    assert all(not sd.docx.exists() for sd in staged)  # moved, not copied
    v1 = f"{AGENCY}/2025/2025-TW1/v1"
    assert [p.relative_to(archive_dir).as_posix() for p in files_under(archive_dir)] == sorted([
        f"{v1}/pengumpulan/01_nota_dinas.docx",
        f"{v1}/pengumpulan/03_notulen_rapat_koordinasi.docx",
        f"{v1}/pengumpulan/05_kertas_kerja_bidang-rehabilitasi-sosial.docx",
        f"{v1}/pengumpulan/05_kertas_kerja_sekretariat.docx",
        f"{v1}/pengukuran/02_nota_dinas.docx",
    ])
    with Session() as s:
        run = s.scalars(select(Run)).one()
        assert (run.source_name, run.source_sha256, run.status) == (
            "data.xlsx", "ab" * 32, "committed")
        assert run.created_at.tzinfo is not None
        docs = {d.key: d for d in s.scalars(select(Document))}
        assert set(docs) == {p.key for p in TRAIL}
        for key, doc in docs.items():
            data = (archive_dir / doc.docx_path).read_bytes()
            assert data == contents[key]
            assert (doc.docx_sha256, doc.docx_size) == (sha(data), len(data))
            assert doc.run_id == run.id and doc.pdf_path is None
        rehsos = docs[f"{AGENCY}/2025-TW1/pengumpulan/05/kertas_kerja/bidang-rehabilitasi-sosial"]
        assert (rehsos.bidang, rehsos.kind, rehsos.step, rehsos.procedure) == (
            "Bidang Rehabilitasi Sosial", "kertas_kerja", 5, "pengumpulan")
        assert rehsos.title == "Kertas Kerja — Bidang Rehabilitasi Sosial"
        nota = docs[f"{AGENCY}/2025-TW1/pengumpulan/01/nota_dinas"]
        assert (nota.nomor, nota.kode_klasifikasi) == ("000.8.6.3/0001/Dinsos/2025", "000.8.6.3")
        assert verify(s, archive_dir) == []


def test_a_rerun_is_version_2_and_leaves_version_1_untouched(Session, data_dir, archive_dir):
    commit(Session, archive_dir, stage(data_dir, tag="first"))
    v1_files = {p: p.read_bytes() for p in files_under(archive_dir)}
    with Session() as s:
        v1_rows = {(d.id, d.docx_path, d.docx_sha256) for d in s.scalars(select(Document))}

    run2 = commit(Session, archive_dir, stage(data_dir, tag="second"))

    assert run2.version == 2
    for path, data in v1_files.items():
        assert path.read_bytes() == data
    assert len(files_under(archive_dir)) == 2 * len(TRAIL)
    with Session() as s:
        assert [(r.version, len(r.documents)) for r in list_runs(s, agency=AGENCY)] == [
            (1, len(TRAIL)), (2, len(TRAIL))]
        v1_now = {(d.id, d.docx_path, d.docx_sha256)
                  for d in s.scalars(select(Document).where(Document.run_id != run2.id))}
        assert v1_now == v1_rows
        latest = list_documents(s)
        assert {d.run_id for d in latest} == {run2.id}
        assert all("/v2/" in d.docx_path for d in latest)
        assert len(list_documents(s, latest_only=False)) == 2 * len(TRAIL)
        assert verify(s, archive_dir) == []


def test_a_missing_staged_file_leaves_no_files_and_no_rows(Session, data_dir, archive_dir):
    staged = stage(data_dir)
    staged[2].docx.unlink()
    with Session() as s, pytest.raises(ArchiveError, match=str(staged[2].docx)):
        commit_run(s, archive_dir, meta(), staged)
    assert files_under(archive_dir) == []
    assert all(sd.docx.exists() for i, sd in enumerate(staged) if i != 2)
    with Session() as s:
        assert s.scalar(select(func.count()).select_from(Run)) == 0
        assert s.scalar(select(func.count()).select_from(Document)) == 0


def test_a_failure_while_moving_undoes_everything(Session, data_dir, archive_dir, monkeypatch):
    staged = stage(data_dir)
    real_move = archive._move_in
    calls = []

    def failing_move(src, dst):
        calls.append(src)
        if len(calls) == 4:
            raise OSError("disk full (simulated)")
        real_move(src, dst)

    monkeypatch.setattr(archive, "_move_in", failing_move)
    with Session() as s:
        with pytest.raises(OSError, match="simulated"):
            commit_run(s, archive_dir, meta(), staged)
        s.commit()  # even a caller that commits anyway keeps no rows of the failed run
    assert len(calls) == 4
    assert files_under(archive_dir) == []
    assert not (archive_dir / AGENCY).exists()  # folders made for the run are gone too
    assert all(sd.docx.exists() for sd in staged)  # moved back to staging
    with Session() as s:
        assert s.scalar(select(func.count()).select_from(Run)) == 0
        assert s.scalar(select(func.count()).select_from(Document)) == 0

    monkeypatch.setattr(archive, "_move_in", real_move)
    assert commit(Session, archive_dir, staged).version == 1  # the staged files still work


def test_a_version_folder_left_on_disk_is_never_reused(Session, data_dir, archive_dir):
    orphan = archive_dir / AGENCY / "2025" / "2025-TW1" / "v1" / "pengumpulan"
    orphan.mkdir(parents=True)
    (orphan / "01_nota_dinas.docx").write_bytes(b"left by a failed COMMIT")
    run = commit(Session, archive_dir, stage(data_dir))
    assert run.version == 2
    assert (orphan / "01_nota_dinas.docx").read_bytes() == b"left by a failed COMMIT"


def test_an_existing_target_file_is_never_overwritten(data_dir, archive_dir):
    src = data_dir / "new.docx"
    src.write_bytes(b"new")
    dst = archive_dir / "x.docx"
    archive_dir.mkdir()
    dst.write_bytes(b"original")
    with pytest.raises(ArchiveError, match="tidak akan ditimpa"):
        archive._move_in(src, dst)
    assert dst.read_bytes() == b"original" and src.read_bytes() == b"new"


@pytest.mark.parametrize(
    ("docs", "message"),
    [
        ((planned(1, NOTA), planned(1, NOTA)), "disiapkan dua kali"),
        ((planned(1, NOTA, agency="other-agency"),), "bukan milik"),
        ((planned(1, NOTA, periode=TW2),), "bukan milik"),
        ((planned(1, NOTA, procedure="../etc"),), "procedure"),
        ((planned(1, NOTA, variant="a/b"),), "variant"),
        ((), "tidak ada yang diarsipkan"),
    ],
)
def test_bad_runs_are_refused_before_anything_moves(Session, data_dir, archive_dir, docs,
                                                    message):
    staged = stage(data_dir, docs)
    with Session() as s, pytest.raises(ArchiveError, match=message):
        commit_run(s, archive_dir, meta(), staged)
    assert files_under(archive_dir) == []
    assert all(sd.docx.exists() for sd in staged)


# --- PDFs ---------------------------------------------------------------------------------------


def test_attach_pdf_moves_it_beside_the_docx(Session, data_dir, archive_dir):
    commit(Session, archive_dir, stage(data_dir))
    pdf = data_dir / "made.pdf"
    pdf.write_bytes(b"%PDF-1.7 fake")
    with Session() as s, s.begin():
        doc = list_documents(s, procedure="pengukuran")[0]
        attach_pdf(s, archive_dir, doc.id, pdf)
        doc_id = doc.id
    assert not pdf.exists()
    with Session() as s:
        doc = get_document(s, doc_id)
        assert doc.pdf_path == doc.docx_path.removesuffix(".docx") + ".pdf"
        assert doc.pdf_file(archive_dir).read_bytes() == b"%PDF-1.7 fake"
        assert (doc.pdf_sha256, doc.pdf_size) == (sha(b"%PDF-1.7 fake"), 13)
        assert verify(s, archive_dir) == []

        again = data_dir / "again.pdf"
        again.write_bytes(b"%PDF other")
        with pytest.raises(ArchiveError, match="sudah memiliki PDF"):
            attach_pdf(s, archive_dir, doc_id, again)
        with pytest.raises(ArchiveError, match="tidak ada dokumen arsip"):
            attach_pdf(s, archive_dir, 999_999, again)
        assert again.exists()


def test_attach_pdf_refuses_to_overwrite_a_stray_file(Session, data_dir, archive_dir):
    commit(Session, archive_dir, stage(data_dir))
    pdf = data_dir / "made.pdf"
    pdf.write_bytes(b"%PDF new")
    with Session() as s:
        doc = list_documents(s, kind="nota_dinas", procedure="pengumpulan")[0]
        stray = archive_dir / (doc.docx_path.removesuffix(".docx") + ".pdf")
        stray.write_bytes(b"stray")
        with pytest.raises(ArchiveError, match="tidak akan ditimpa"):
            attach_pdf(s, archive_dir, doc.id, pdf)
        s.commit()
    assert stray.read_bytes() == b"stray" and pdf.exists()
    with Session() as s:
        assert get_document(s, doc.id).pdf_path is None


def test_staged_pdfs_are_archived_with_the_run(Session, data_dir, archive_dir):
    staged = stage(data_dir, TRAIL[:1])
    pdf = staged[0].docx.with_suffix(".pdf")
    pdf.write_bytes(b"%PDF staged")
    commit(Session, archive_dir, [StagedDocument(staged[0].planned, staged[0].docx, pdf=pdf)])
    with Session() as s:
        doc = s.scalars(select(Document)).one()
        assert doc.pdf_file(archive_dir).read_bytes() == b"%PDF staged"
        assert doc.pdf_sha256 == sha(b"%PDF staged")


# --- queries and verify ---------------------------------------------------------------------------


def test_list_filters(Session, data_dir, archive_dir):
    commit(Session, archive_dir, stage(data_dir))
    tw2 = [planned(1, NOTA, periode=TW2), planned(5, KERTAS, periode=TW2, bidang="Sekretariat")]
    run_tw2 = commit(Session, archive_dir, stage(data_dir, tw2, periode=TW2), periode=TW2)

    def keys(**filters):
        with Session() as s:
            return [d.key.removeprefix(AGENCY + "/") for d in list_documents(s, **filters)]

    assert len(keys()) == len(TRAIL) + 2
    assert keys(periode="2025-TW2") == ["2025-TW2/pengumpulan/01/nota_dinas",
                                        "2025-TW2/pengumpulan/05/kertas_kerja/sekretariat"]
    assert keys(periode=TW2) == keys(run_id=run_tw2.id)
    assert keys(procedure="pengukuran") == ["2025-TW1/pengukuran/02/nota_dinas"]
    assert keys(kind="nota_dinas", periode=TW1) == ["2025-TW1/pengumpulan/01/nota_dinas",
                                                    "2025-TW1/pengukuran/02/nota_dinas"]
    assert keys(bidang="Sekretariat") == ["2025-TW1/pengumpulan/05/kertas_kerja/sekretariat",
                                          "2025-TW2/pengumpulan/05/kertas_kerja/sekretariat"]
    assert keys(bidang="Sekretariat", periode=TW1, procedure="pengumpulan") == [
        "2025-TW1/pengumpulan/05/kertas_kerja/sekretariat"]
    assert keys(agency="other-agency") == []
    assert keys(tahun=2024) == []
    assert len(keys(tahun=2025)) == len(TRAIL) + 2
    # in the order the run staged them (the trail's order), not alphabetical
    assert keys(periode=TW1) == [p.key.removeprefix(AGENCY + "/") for p in TRAIL]

    # a run re-making ONE document of TW1 adds a version of it; the rest stay current
    run3 = commit(Session, archive_dir, stage(data_dir, TRAIL[:1], tag="again"))
    assert run3.version == 2
    with Session() as s:
        latest = list_documents(s)
        assert len(latest) == len(TRAIL) + 2
        by_key = {d.key: d.run_id for d in latest}
        assert by_key[TRAIL[0].key] == run3.id
        assert {by_key[p.key] for p in TRAIL[1:]} == {run3.id - 2}
        assert [d.key for d in list_documents(s, periode=TW1)] == [p.key for p in TRAIL], (
            "still in trail order")
        assert len(list_documents(s, periode=TW1, latest_only=False)) == len(TRAIL) + 1
        assert [r.version for r in list_runs(s, periode="2025-TW1")] == [1, 2]
        assert [r.periode for r in list_runs(s, tahun=2025)] == ["2025-TW1", "2025-TW1",
                                                                 "2025-TW2"]
        assert list_runs(s, agency="other-agency") == []
        assert get_document(s, 999_999) is None


def test_verify_reports_a_tampered_and_a_missing_file(Session, data_dir, archive_dir):
    commit(Session, archive_dir, stage(data_dir))
    with Session() as s:
        docs = list_documents(s)
        tampered, missing = docs[0], docs[1]
        (archive_dir / tampered.docx_path).write_bytes(b"changed by hand")
        (archive_dir / missing.docx_path).unlink()

        problems = verify(s, archive_dir)

    assert len(problems) == 2, problems
    assert any(p.startswith("sha256 tidak cocok: " + tampered.docx_path) for p in problems)
    assert any(p.startswith("tidak ada: " + missing.docx_path) for p in problems)
