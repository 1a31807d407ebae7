"""The steps of a batch (prepare, render chunks, settle) called directly, as a re-delivered or
retried task would call them: work found done is not done again, numbers are taken once, the
archive equals the one-transaction run (``naskah run``)."""

from __future__ import annotations

import hashlib
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

import naskah
from naskah.agencies.manager import get_plugins
from naskah.archive import store as archive
from naskah.archive.numbering import NomorIssued, Register
from naskah.archive.store import Document, Run
from naskah.batch import steps as batch_steps
from naskah.batch.batches import Batch, BatchItem, BatchStatus, submit_batch
from naskah.batch.steps import BatchDocument, DocStatus
from naskah.db import make_engine, session_factory
from naskah.errors import InputError
from naskah.run import run_cycle
from naskah.settings import PdfSettings, Settings
from tests.conftest import EXAMPLE, ROOT

DINSOS = "dinsos-p3a-pessel"
SUMEDANG = "dinsos-sumedang"
SUMEDANG_BOOK = ROOT / "examples" / "dinsos-sumedang-2025-TW1.xlsx"


def docx_content_sha256(path: Path) -> str:
    """sha256 over the DOCX's parts (name + bytes, sorted by name): the same for the same
    content whatever the zip's timestamps (naskah's DOCX bytes carry the time of writing)."""
    h = hashlib.sha256()
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            h.update(name.encode() + b"\0" + z.read(name) + b"\0")
    return h.hexdigest()


def archived(settings: Settings) -> list[tuple[str, str, str, str]]:
    """(agency, key, nomor, DOCX content sha256) of every archived document, archive order."""
    engine = make_engine(settings.database)
    try:
        with session_factory(engine)() as s:
            docs = s.scalars(select(Document).order_by(Document.agency, Document.id)).all()
            return [(d.agency, d.key, d.nomor,
                     docx_content_sha256(d.docx_file(settings.archive_dir))) for d in docs]
    finally:
        engine.dispose()


def _session(settings: Settings):
    return session_factory(batch_steps.engine_for(settings))()


def _item_id(settings: Settings, batch_id: int, agency: str) -> int:
    with _session(settings) as s:
        return s.scalar(select(BatchItem.id).where(BatchItem.batch_id == batch_id,
                                                   BatchItem.agency == agency))


def _rows(settings: Settings, item_id: int) -> list[BatchDocument]:
    with _session(settings) as s:
        return list(s.scalars(select(BatchDocument).where(BatchDocument.item_id == item_id)
                              .order_by(BatchDocument.position)))


def _registers(settings: Settings) -> dict[tuple, int]:
    with _session(settings) as s:
        return {(r.agency, r.tahun, r.kode_klasifikasi): r.last_number
                for r in s.scalars(select(Register))}


@pytest.fixture
def plugins():
    return get_plugins()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", pdf=PdfSettings(enabled=False))


def _submit(settings: Settings, agencies, books) -> int:
    """A new batch each time (``again``: these tests submit the same work on purpose)."""
    return submit_batch(settings, agencies, "2025-TW1", books, executor=lambda s, b: None,
                        again=True)


def test_the_docx_content_checksum_ignores_the_zip_timestamps(tmp_path, plugins):
    from naskah.input.workbook import read_workbook
    from naskah.pipeline import plan_documents, prepare_cycle, render_document

    data = read_workbook(EXAMPLE)
    cycle = prepare_cycle(plugins, DINSOS, data)
    doc = plan_documents(plugins, cycle)[1]
    a = render_document(plugins, cycle, doc, "1/2/3", tmp_path / "a.docx")
    b = render_document(plugins, cycle, doc, "1/2/3", tmp_path / "b.docx")
    c = render_document(plugins, cycle, doc, "1/2/4", tmp_path / "c.docx")
    assert docx_content_sha256(a) == docx_content_sha256(b)
    assert docx_content_sha256(a) != docx_content_sha256(c)


@pytest.mark.parametrize("processes", [1, 2])
def test_a_batch_run_here_archives_what_run_cycle_archives(tmp_path, settings, processes):
    """Same documents, same order, same numbers, same DOCX content (two agencies), item after
    item in this process or on two spawned worker processes."""
    embedded = Settings(data_dir=tmp_path / "embedded", pdf=PdfSettings(enabled=False))
    for book in (EXAMPLE, SUMEDANG_BOOK):
        run_cycle(book, agency=None, periode=None, settings=embedded)
    batch_id = _submit(settings, [DINSOS, SUMEDANG], [EXAMPLE, SUMEDANG_BOOK])
    from naskah.batch.inprocess import run_batch

    batch = run_batch(settings, batch_id, processes=processes)
    assert (batch.status, batch.done) == (BatchStatus.DONE, 2)
    want, got = archived(embedded), archived(settings)
    assert len(want) == 51
    assert got == want
    with _session(settings) as s:
        assert [r.version for r in s.scalars(select(Run))] == [1, 1]


def test_preparing_again_takes_no_new_number_and_returns_only_what_is_left(settings, plugins):
    item_id = _item_id(settings, _submit(settings, [DINSOS], [EXAMPLE]), DINSOS)
    chunks = batch_steps.prepare_item(settings, item_id, plugins=plugins)
    rows = _rows(settings, item_id)
    registers = _registers(settings)
    numbered = [r for r in rows if r.nomor]
    assert len(rows) == 30 and chunks == [0, 1, 2, 3] and len(numbered) == 4
    assert sum(registers.values()) == 4
    assert all(r.document_key == f"{r.key}@{r.data_version}" for r in rows)
    assert rows[0].data_version == archive.file_sha256(EXAMPLE)[0]

    batch_steps.render_chunk(settings, item_id, 0, plugins=plugins)
    assert batch_steps.prepare_item(settings, item_id, plugins=plugins) == [1, 2, 3]
    assert _registers(settings) == registers
    assert [(r.key, r.nomor) for r in _rows(settings, item_id)] == [(r.key, r.nomor) for r in rows]


def test_a_re_delivered_chunk_or_settle_does_nothing_twice(settings, plugins):
    item_id = _item_id(settings, _submit(settings, [SUMEDANG], [SUMEDANG_BOOK]), SUMEDANG)
    chunks = batch_steps.prepare_item(settings, item_id, plugins=plugins)
    for chunk in chunks:
        batch_steps.render_chunk(settings, item_id, chunk, plugins=plugins)
    files = {p.name: p.stat().st_mtime_ns for p in archive_files(settings)}
    # every step delivered a second time, in any order
    assert batch_steps.render_chunk(settings, item_id, 0, plugins=plugins) == BatchStatus.DONE
    assert batch_steps.settle_item(settings, item_id, plugins=plugins) == BatchStatus.DONE
    assert batch_steps.prepare_item(settings, item_id, plugins=plugins) == []
    rows = _rows(settings, item_id)
    assert {r.attempts for r in rows} == {1}
    assert all(r.status == DocStatus.RENDERED and r.document_id for r in rows)
    with _session(settings) as s:
        assert s.scalar(select(func.count()).select_from(Run)) == 1
        assert s.scalar(select(func.count()).select_from(Document)) == len(rows)
        batch = s.scalar(select(Batch))
        assert (batch.status, batch.done, batch.finished_at is not None) == ("done", 1, True)
    assert {p.name: p.stat().st_mtime_ns for p in archive_files(settings)} == files
    assert not (settings.data_dir / "batches" / str(batch.id) / "staged" / str(item_id)).exists()


def archive_files(settings: Settings) -> list[Path]:
    return sorted(p for p in settings.archive_dir.rglob("*") if p.is_file())


class _NoNotulenTemplate:
    """A plugin whose template for ``notulen_rapat`` is missing: refused before the run."""

    def __init__(self, where: Path) -> None:
        self.where = where

    @naskah.hookimpl(tryfirst=True)
    def naskah_template(self, agency, kind):
        return self.where / "missing.docx" if kind.slug == "notulen_rapat" else None


class _NotulenContextFails:
    """A plugin whose context for ``notulen_rapat`` fails on the real data (its bug shows only
    when rendering): those documents fail, the others render."""

    @naskah.hookimpl
    def naskah_document_context(self, cycle, document, nomor):
        if document.kind.slug == "notulen_rapat":
            raise RuntimeError("konteks notulen rusak")
        return None


def test_a_missing_plugin_template_fails_the_item_before_any_number_is_taken(
    tmp_path, settings
):
    from naskah.agencies.manager import PluginError

    broken = get_plugins(extra=(("no-notulen", _NoNotulenTemplate(tmp_path)),))
    item_id = _item_id(settings, _submit(settings, [DINSOS], [EXAMPLE]), DINSOS)
    with pytest.raises(PluginError, match=r"plugin 'no-notulen', instansi 'dinsos-p3a-pessel', "
                                          r"isian 'template \(notulen_rapat\)'"):
        batch_steps.prepare_item(settings, item_id, plugins=broken)
    assert _registers(settings) == {} and _rows(settings, item_id) == []


def test_a_document_that_does_not_render_fails_its_item_and_retry_renders_only_it(
    tmp_path, settings, plugins
):
    broken = get_plugins(extra=(("notulen-rusak", _NotulenContextFails()),))
    batch_id = _submit(settings, [DINSOS], [EXAMPLE])
    item_id = _item_id(settings, batch_id, DINSOS)
    for chunk in batch_steps.prepare_item(settings, item_id, plugins=broken):
        batch_steps.render_chunk(settings, item_id, chunk, plugins=broken)
    rows = _rows(settings, item_id)
    failed = [r for r in rows if r.status == DocStatus.FAILED]
    assert [r.kind for r in failed] == ["notulen_rapat", "notulen_rapat"]
    assert "konteks notulen rusak" in failed[0].error
    with _session(settings) as s:
        item = s.get(BatchItem, item_id)
        assert item.status == BatchStatus.FAILED and "2 of 30 document(s)" in item.error
        assert s.get(Batch, batch_id).status == BatchStatus.FAILED
        assert s.scalar(select(func.count()).select_from(Run)) == 0
    registers = _registers(settings)

    assert batch_steps.reset_failed(settings, batch_id) == 1
    assert batch_steps.reset_failed(settings, batch_id, resend=True) == 1  # still open: counted
    assert batch_steps.start_batch(settings, batch_id) == [item_id]
    assert batch_steps.prepare_item(settings, item_id, plugins=plugins) == sorted(
        {r.chunk for r in failed})
    for chunk in sorted({r.chunk for r in failed}):
        batch_steps.render_chunk(settings, item_id, chunk, plugins=plugins)
    after = {r.key: r for r in _rows(settings, item_id)}
    assert {r.key: r.attempts for r in after.values() if r.attempts == 2} == {
        r.key: 2 for r in failed}
    assert all(r.status == DocStatus.RENDERED for r in after.values())
    assert _registers(settings) == registers  # the retry reused the numbers
    with _session(settings) as s:
        assert s.get(Batch, batch_id).status == BatchStatus.DONE
        docs = s.scalars(select(Document)).all()
        assert len(docs) == 30
        assert {d.key: d.nomor for d in docs} == {k: r.nomor for k, r in after.items()}
    assert batch_steps.reset_failed(settings, batch_id) == 0


def test_bad_data_fails_before_any_number_is_taken(tmp_path, settings, plugins):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    item_id = _item_id(settings, _submit(settings, [DINSOS], [broken]), DINSOS)
    with pytest.raises(InputError):
        batch_steps.prepare_item(settings, item_id, plugins=plugins)
    assert _registers(settings) == {} and _rows(settings, item_id) == []


def test_an_archive_interrupted_before_its_commit_is_redone_as_version_1(
    settings, plugins, monkeypatch
):
    item_id = _item_id(settings, _submit(settings, [SUMEDANG], [SUMEDANG_BOOK]), SUMEDANG)
    real = archive.commit_run

    def commit_then_die(*args, **kwargs):
        real(*args, **kwargs)  # files moved into v1, rows flushed …
        raise SystemExit("killed before COMMIT")  # … and the process dies

    monkeypatch.setattr(archive, "commit_run", commit_then_die)
    chunks = batch_steps.prepare_item(settings, item_id, plugins=plugins)
    for chunk in chunks[:-1]:
        batch_steps.render_chunk(settings, item_id, chunk, plugins=plugins)
    with pytest.raises(SystemExit):
        batch_steps.render_chunk(settings, item_id, chunks[-1], plugins=plugins)
    orphan = settings.archive_dir / SUMEDANG / "2025" / "2025-TW1" / "v1"
    assert orphan.is_dir()  # left on disk without rows

    monkeypatch.setattr(archive, "commit_run", real)
    assert batch_steps.settle_item(settings, item_id, plugins=plugins) == BatchStatus.DONE
    with _session(settings) as s:
        assert [r.version for r in s.scalars(select(Run))] == [1]
    folders = sorted(p.name for p in orphan.parent.iterdir())
    assert folders == ["v1"]
    with _session(settings) as s:
        assert archive.verify(s, settings.archive_dir) == []
        assert s.scalar(select(func.count()).select_from(Document)) == 21


def test_two_items_of_one_agency_numbered_at_once_take_each_letters_number_once(
    tmp_path, database_url, plugins
):
    """Two batches of the same agency and period prepared by two threads at the same moment:
    they are the same letters, so they share their numbers — each taken once from the
    register, none repeated or skipped, even in the race (SQLite and PostgreSQL)."""
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url,
                        pdf=PdfSettings(enabled=False))
    items = [_item_id(settings, _submit(settings, [DINSOS], [EXAMPLE]), DINSOS)
             for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def prepare(item_id):
        try:
            barrier.wait(10)
            batch_steps.prepare_item(settings, item_id, plugins=plugins)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=prepare, args=(i,)) for i in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with _session(settings) as s:
        issued = s.execute(select(NomorIssued.kode_klasifikasi, NomorIssued.number)).all()
        registers = {r.kode_klasifikasi: r.last_number for r in s.scalars(select(Register))}
    by_kode: dict[str, list[int]] = {}
    for kode, number in issued:
        by_kode.setdefault(kode, []).append(number)
    assert sum(len(v) for v in by_kode.values()) == 4
    for kode, numbers in by_kode.items():
        assert sorted(numbers) == list(range(1, registers[kode] + 1))
    first, second = ({r.key: r.nomor for r in _rows(settings, i) if r.nomor} for i in items)
    assert first == second and len(set(first.values())) == 4
    batch_steps.engine_for(settings).dispose()


def test_the_cli_runs_a_batch_here_without_a_broker_and_lists_it(tmp_path, settings):
    from typer.testing import CliRunner

    from naskah.cli.batch import app

    runner = CliRunner()
    env = {"NASKAH_DATA_DIR": str(settings.data_dir), "NASKAH_PDF__ENABLED": "false",
           "NASKAH_QUEUE__BROKER_URL": ""}
    from naskah.settings import get_settings

    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["submit", "-p", "2025-TW1", str(SUMEDANG_BOOK)], env=env)
        assert result.exit_code == 0, result.output
        assert "di proses ini" in result.output and "21/21" in result.output
        listed = runner.invoke(app, ["list"], env=env)
        assert listed.exit_code == 0 and "2025-TW1" in listed.output and "selesai" in listed.output
        again = runner.invoke(app, ["retry", "1"], env=env)
        assert again.exit_code == 0 and "tidak ada yang gagal" in again.output
        missing = runner.invoke(app, ["status", "7", "--no-follow"], env=env)
        assert missing.exit_code == 1
    finally:
        get_settings.cache_clear()
    shutil.rmtree(tmp_path / "data", ignore_errors=True)
