"""Batches: submission checks, the in-process executor, per-agency outcome, links to runs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from naskah.archive.store import Document, Run
from naskah.batch.batches import (
    Batch,
    BatchError,
    BatchItem,
    BatchStatus,
    get_batch,
    list_batches,
    submit_batch,
)
from naskah.batch.inprocess import run_batch, thread_executor
from naskah.db import make_engine, session_factory
from naskah.settings import PdfSettings, Settings
from naskah.workers.executors import default_executor
from tests.conftest import EXAMPLE

DINSOS = "dinsos-p3a-pessel"
BKPSDM = "bkpsdm-pessel"


@pytest.fixture
def settings(tmp_path, database_url) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url,
                    pdf=PdfSettings(enabled=False))


@pytest.fixture
def broken(tmp_path) -> Path:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    return path


def _read(settings: Settings, batch_id: int) -> Batch:
    engine = make_engine(settings.database)
    try:
        with session_factory(engine)() as s:
            batch = get_batch(s, batch_id)
            _ = [i.status for i in batch.items]
            return batch
    finally:
        engine.dispose()


def _count(settings: Settings, model) -> int:
    engine = make_engine(settings.database)
    try:
        with session_factory(engine)() as s:
            return s.scalar(select(func.count()).select_from(model))
    finally:
        engine.dispose()


@pytest.mark.parametrize(("agencies", "periode", "n_books", "message"), [
    ([], "2025-TW1", 0, "sedikitnya satu instansi"),
    ([DINSOS, BKPSDM], "2025-TW1", 1, "2 instansi tetapi 1 workbook"),
    ([DINSOS, DINSOS], "2025-TW1", 2, "dua kali"),
    ([DINSOS], "2025-Q1", 1, "YYYY-TWn"),
    (["../x"], "2025-TW1", 1, "tidak dapat dipakai dalam path arsip"),
])
def test_a_bad_submission_is_refused_and_records_nothing(settings, agencies, periode, n_books,
                                                          message):
    calls = []
    with pytest.raises(BatchError, match=message):
        submit_batch(settings, agencies, periode, [EXAMPLE] * n_books,
                     executor=lambda s, b: calls.append(b))
    assert calls == []
    assert not (settings.data_dir / "batches").exists()


def test_a_missing_workbook_is_refused(settings, tmp_path):
    with pytest.raises(BatchError, match="tidak ditemukan"):
        submit_batch(settings, [DINSOS], "2025-TW1", [tmp_path / "nope.xlsx"],
                     executor=lambda s, b: None)


def test_the_default_executor_runs_the_batch_in_a_background_thread(settings, broken):
    batch_id = submit_batch(settings, [DINSOS, BKPSDM], "2025-tw1", [broken, broken],
                            created_by="tester", executor=default_executor(settings))
    deadline = time.monotonic() + 60
    while (batch := _read(settings, batch_id)).status not in BatchStatus.FINISHED:
        assert time.monotonic() < deadline, "the batch did not finish in 60 s"
        time.sleep(0.1)
    assert (batch.status, batch.total, batch.done, batch.failed) == ("failed", 2, 0, 2)
    assert batch.periode == "2025-TW1" and batch.created_by == "tester"
    assert all(i.error and i.run_id is None and i.finished_at for i in batch.items)
    assert _count(settings, Run) == 0


def test_run_batch_of_an_unknown_batch_returns_none(settings):
    submit_batch(settings, [DINSOS], "2025-TW1", [EXAMPLE], executor=lambda s, b: None)
    assert run_batch(settings, 999) is None


def test_a_batch_archives_each_agency_and_a_failure_does_not_stop_the_others(tmp_path, broken):
    """The example workbook for one agency, a broken one for another (SQLite: ~8 s)."""
    settings = Settings(data_dir=tmp_path / "data", pdf=PdfSettings(enabled=False))
    batch_id = submit_batch(settings, [BKPSDM, DINSOS], "2025-TW1", [broken, EXAMPLE],
                            executor=lambda s, b: None)
    assert _read(settings, batch_id).status == BatchStatus.QUEUED
    run_batch(settings, batch_id)
    batch = _read(settings, batch_id)
    assert (batch.status, batch.done, batch.failed) == ("partial", 1, 1)
    items = {i.agency: i for i in batch.items}
    assert items[BKPSDM].status == "failed" and items[BKPSDM].error
    ok = items[DINSOS]
    assert ok.status == "done" and ok.run_id is not None and ok.documents > 20
    engine = make_engine(settings.database)
    try:
        with session_factory(engine)() as s:
            run = s.get(Run, ok.run_id)
            assert run.agency == DINSOS and run.periode == "2025-TW1"
            assert len(run.documents) == ok.documents
            # a document belongs to the batch through its run
            linked = s.scalars(
                select(BatchItem.batch_id).join(Document, Document.run_id == BatchItem.run_id)
            ).all()
            assert set(linked) == {batch_id} and len(linked) == ok.documents
            assert [b.id for b in list_batches(s, agency=DINSOS)] == [batch_id]
    finally:
        engine.dispose()
    run_batch(settings, batch_id)  # re-delivered: the done item is not rendered again
    assert _count(settings, Run) == 1
    assert _read(settings, batch_id).items[1].run_id == ok.run_id


def test_api_sends_batches_to_workers_when_a_broker_is_set(tmp_path):
    from naskah.api.app import create_app
    from naskah.settings import QueueSettings, Settings
    from naskah.workers.tasks import celery_executor

    embedded = create_app(Settings(data_dir=tmp_path / "a"))
    assert embedded.state.batch_executor is thread_executor
    queued = create_app(Settings(data_dir=tmp_path / "b",
                                 queue=QueueSettings(broker_url="redis://127.0.0.1:6379/15")))
    assert queued.state.batch_executor is celery_executor


def test_two_submissions_of_the_same_work_at_once_make_one_batch(settings, tmp_path):
    """Two threads submit the same workbook for the same period at the same moment (a double
    click, two POSTs 50 ms apart): one batch, run once; a changed workbook is a new batch."""
    import shutil
    import threading

    from naskah.batch.batches import submit_or_find

    sent: list[int] = []
    answers: list[tuple[int, bool]] = []
    barrier = threading.Barrier(2)

    def submit() -> None:
        barrier.wait(10)
        answers.append(submit_or_find(settings, [DINSOS], "2025-TW1", [EXAMPLE],
                                      executor=lambda s, b: sent.append(b)))

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(new for _, new in answers) == [False, True]
    assert len({batch_id for batch_id, _ in answers}) == 1
    assert sent == [answers[0][0]]
    assert _count(settings, Batch) == 1

    changed = tmp_path / "changed.xlsx"
    shutil.copyfile(EXAMPLE, changed)
    with changed.open("ab") as f:
        f.write(b"\0")  # other bytes: another sha256
    batch_id, new = submit_or_find(settings, [DINSOS], "2025-TW1", [changed],
                                   executor=lambda s, b: sent.append(b))
    assert new and batch_id != answers[0][0]
    again_id, again_new = submit_or_find(settings, [DINSOS], "2025-TW1", [EXAMPLE],
                                         executor=lambda s, b: sent.append(b), again=True)
    assert again_new and again_id not in (batch_id, answers[0][0])
