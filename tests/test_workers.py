"""Batches on REAL Celery workers (``naskah worker`` subprocesses, prefork, concurrency 2) over
the real Redis on 127.0.0.1:6379 — no eager mode. Each test has its own Redis database
(8..15, locked while it runs), its own data directory and SQLite index, and kills what it
started by process group.

- the archive made by the workers equals the one ``naskah run`` makes (documents, numbers,
  DOCX content), and progress is visible while they work;
- a worker SIGKILLed in the middle of a batch: another one finishes it, every document is in
  the archive exactly once, the registers have no gap;
- a bad workbook fails its item once (no retry); ``naskah batch retry`` re-queues only it, as
  do the batch page's retry buttons (one agency, then all that failed).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from naskah.archive import store as archive
from naskah.archive.numbering import NomorIssued, Register
from naskah.archive.store import Document, Run
from naskah.batch import steps as batch_steps
from naskah.batch.batches import Batch, BatchItem, BatchStatus, submit_batch
from naskah.batch.steps import BatchDocument
from naskah.db import session_factory
from naskah.run import run_cycle
from naskah.settings import PdfSettings, PoolSettings, QueueSettings, Settings
from naskah.workers.tasks import celery_executor
from tests.conftest import EXAMPLE, HAS_SOFFICE, ROOT
from tests.test_batch_steps import archived

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
LOCK_KEY = "naskah-test:lock"
BASE_PORT = 2040
"""UNO ports of the workers' LibreOffice pools (away from the pool tests' 2003…)."""

DINSOS, BKPSDM, SUMEDANG = "dinsos-p3a-pessel", "bkpsdm-pessel", "dinsos-sumedang"
BOOKS = {
    DINSOS: EXAMPLE,
    BKPSDM: ROOT / "examples" / "bkpsdm-pessel-2025-TW1.xlsx",
    SUMEDANG: ROOT / "examples" / "dinsos-sumedang-2025-TW1.xlsx",
}
FINISH_TIMEOUT = 300


@pytest.fixture
def broker_url() -> Iterator[str]:
    """A Redis database of its own (the first free of 15..8, locked by a key), emptied."""
    redis = pytest.importorskip("redis")
    for db in range(15, 7, -1):
        client = redis.Redis(REDIS_HOST, REDIS_PORT, db=db, socket_connect_timeout=3)
        try:
            taken = client.set(LOCK_KEY, os.getpid(), nx=True, ex=1800)
        except redis.exceptions.ConnectionError as exc:
            pytest.skip(f"Redis not reachable at {REDIS_HOST}:{REDIS_PORT} "
                        f"(make test starts it): {exc}")
        if not taken:
            continue
        try:
            for key in client.scan_iter():
                if key != LOCK_KEY.encode():
                    client.delete(key)
            yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}"
        finally:
            for key in client.scan_iter():
                client.delete(key)
            client.close()
        return
    pytest.skip("Redis databases 8..15 are all taken by other test runs")


class Worker:
    """``naskah worker`` in a subprocess of its own session (process group = its PID)."""

    def __init__(self, env: dict[str, str], log: Path, concurrency: int = 2) -> None:
        self.log = log
        code = "import typer; from naskah.cli.worker import worker; typer.run(worker)"
        with open(log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", code, "--concurrency", str(concurrency),
                 "--loglevel", "info"],
                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while " ready." not in self.text():
            assert self.proc.poll() is None, f"the worker exited:\n{self.text()[-3000:]}"
            assert time.monotonic() < deadline, f"worker not ready:\n{self.text()[-3000:]}"
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL the worker's whole process group (main process and pool children)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM), then SIGKILL for whatever is left of the group."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(10)


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    """Collects the workers a test starts, and stops every one of them afterwards."""
    started: list[Worker] = []
    try:
        yield started
    finally:
        for w in started:
            w.stop()


def _env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NASKAH_")}
    tmp = settings.data_dir.parent / "tmp"  # what a SIGKILLed worker leaves stays in tmp_path
    tmp.mkdir(exist_ok=True)
    env.update({
        "TMPDIR": str(tmp),
        "NASKAH_DATA_DIR": str(settings.data_dir),
        "NASKAH_DATABASE_URL": settings.database_url,
        "NASKAH_QUEUE__BROKER_URL": settings.queue.broker_url,
        "NASKAH_QUEUE__VISIBILITY_TIMEOUT": str(settings.queue.visibility_timeout),
        "NASKAH_PDF__ENABLED": str(settings.pdf.enabled).lower(),
        "NASKAH_POOL__BASE_PORT": str(settings.pool.base_port),
    })
    return env


def _settings(tmp_path: Path, broker_url: str, *, pdf: bool, visibility: int = 3600,
              database_url: str = "") -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        pdf=PdfSettings(enabled=pdf),
        pool=PoolSettings(base_port=BASE_PORT),
        queue=QueueSettings(broker_url=broker_url, visibility_timeout=visibility),
    )


def _start(workers: list[Worker], settings: Settings, log: Path) -> Worker:
    w = Worker(_env(settings), log)
    workers.append(w)
    w.wait_ready()
    return w


def _read(settings: Settings, batch_id: int):
    with session_factory(batch_steps.engine_for(settings), read_only=True)() as s:
        batch = s.get(Batch, batch_id)
        return batch, batch_steps.progress(s, batch_id)


def _wait_finished(settings: Settings, batch_id: int, worker: Worker, seen: list | None = None):
    deadline = time.monotonic() + FINISH_TIMEOUT
    while True:
        batch, items = _read(settings, batch_id)
        if seen is not None:
            seen.append(items)
        if batch.status in BatchStatus.FINISHED:
            return batch
        assert worker.proc.poll() is None, f"the worker died:\n{worker.text()[-3000:]}"
        assert time.monotonic() < deadline, (
            f"batch {batch_id} not finished in {FINISH_TIMEOUT} s: {items}\n"
            f"{worker.text()[-3000:]}")
        time.sleep(0.2)


def _check_exactly_once(settings: Settings, batch_id: int) -> None:
    """Every planned document archived once, in one run per agency; every issued number on
    exactly one archived document; no register gap; files match their sha256."""
    with session_factory(batch_steps.engine_for(settings), read_only=True)() as s:
        items = s.scalars(select(BatchItem).where(BatchItem.batch_id == batch_id)).all()
        planned = {(i.agency, r.key) for i in items for r in s.scalars(
            select(BatchDocument).where(BatchDocument.item_id == i.id))}
        docs = s.scalars(select(Document)).all()
        runs = s.scalars(select(Run)).all()
        assert sorted(r.agency for r in runs) == sorted(i.agency for i in items)
        assert {i.run_id for i in items} == {r.id for r in runs}
        assert [r.version for r in runs] == [1] * len(runs)
        keys = [(d.agency, d.key) for d in docs]
        assert len(keys) == len(set(keys)) == len(planned)
        assert set(keys) == planned
        issued = s.scalars(select(NomorIssued)).all()
        for reg in s.scalars(select(Register)):
            numbers = sorted(n.number for n in issued if (n.agency, n.tahun, n.kode_klasifikasi)
                             == (reg.agency, reg.tahun, reg.kode_klasifikasi))
            assert numbers == list(range(1, reg.last_number + 1)), reg.kode_klasifikasi
        nomor = [(d.agency, d.nomor) for d in docs if d.nomor]
        assert sorted(nomor) == sorted((n.agency, n.nomor) for n in issued)
        assert len(set(nomor)) == len(nomor)
        assert archive.verify(s, settings.archive_dir) == []
    on_disk = sorted(p.relative_to(settings.archive_dir).as_posix()
                     for p in settings.archive_dir.rglob("*") if p.is_file())
    indexed = sorted([d.docx_path for d in docs] + [d.pdf_path for d in docs if d.pdf_path])
    assert on_disk == indexed


def _count(text: str, *parts: str) -> int:
    return sum(all(p in line for p in parts) for line in text.splitlines())


def test_workers_archive_what_naskah_run_archives_and_show_progress(tmp_path, broker_url,
                                                                    workers, database_url):
    """On SQLite, then on PostgreSQL (the index of workers on several machines)."""
    settings = _settings(tmp_path, broker_url, pdf=HAS_SOFFICE, database_url=database_url)
    worker = _start(workers, settings, tmp_path / "worker.log")
    agencies = [DINSOS, SUMEDANG]
    batch_id = submit_batch(settings, agencies, "2025-TW1", [BOOKS[a] for a in agencies],
                            created_by="test", executor=celery_executor)
    seen: list = []
    batch = _wait_finished(settings, batch_id, worker, seen)
    assert (batch.status, batch.done, batch.failed) == ("done", 2, 0)

    # progress was visible while the workers ran: some agency part-way through
    assert any(0 < it.rendered < it.total for items in seen for it in items)

    embedded = Settings(data_dir=tmp_path / "embedded", pdf=PdfSettings(enabled=False))
    for a in agencies:
        run_cycle(BOOKS[a], agency=a, periode="2025-TW1", settings=embedded)
    want = archived(embedded)
    assert len(want) == 51
    assert archived(settings) == want
    _check_exactly_once(settings, batch_id)
    if HAS_SOFFICE:
        with session_factory(batch_steps.engine_for(settings), read_only=True)() as s:
            docs = s.scalars(select(Document)).all()
            assert all(d.pdf_path for d in docs)
            assert {d.pdf_file(settings.archive_dir).read_bytes()[:5] for d in docs} == {
                b"%PDF-"}
    log = worker.text()
    assert _count(log, "naskah.batch.prepare[", "received") == 2
    assert "Retry in" not in log

    from typer.testing import CliRunner

    from naskah.cli.batch import app
    from naskah.settings import get_settings

    get_settings.cache_clear()
    try:
        shown = CliRunner().invoke(app, ["status", str(batch_id)], env=_env(settings))
    finally:
        get_settings.cache_clear()
    assert shown.exit_code == 0, shown.output
    assert "30/30" in shown.output and "21/21" in shown.output and "selesai" in shown.output


def test_a_worker_killed_mid_batch_loses_no_document_and_leaves_no_numbering_gap(
    tmp_path, broker_url, workers
):
    visibility = 15
    settings = _settings(tmp_path, broker_url, pdf=HAS_SOFFICE, visibility=visibility)
    first = _start(workers, settings, tmp_path / "worker-1.log")
    agencies = [DINSOS, BKPSDM, SUMEDANG]
    batch_id = submit_batch(settings, agencies, "2025-TW1", [BOOKS[a] for a in agencies],
                            executor=celery_executor)

    deadline = time.monotonic() + FINISH_TIMEOUT
    while True:  # until a good part is done, but not all
        batch, items = _read(settings, batch_id)
        assert batch.status not in BatchStatus.FINISHED, "finished before it could be killed"
        if sum(it.rendered for it in items) >= 20:
            break
        assert time.monotonic() < deadline, first.text()[-3000:]
        time.sleep(0.05)
    first.kill()
    killed_at = time.monotonic()
    batch, items = _read(settings, batch_id)
    assert batch.status == BatchStatus.RUNNING
    assert sum(it.rendered for it in items) < sum(it.total for it in items) or any(
        it.status == BatchStatus.RUNNING for it in items)

    # Redis hands the killed worker's unacknowledged messages to the next worker that starts
    # once they are older than the visibility timeout.
    time.sleep(max(0.0, killed_at + visibility + 2 - time.monotonic()))
    second = _start(workers, settings, tmp_path / "worker-2.log")
    batch = _wait_finished(settings, batch_id, second)
    assert (batch.status, batch.done) == ("done", 3), _read(settings, batch_id)[1]
    _check_exactly_once(settings, batch_id)
    assert _count(second.text(), "naskah.batch.render[", "received") >= 1


def test_a_killed_worker_is_recovered_in_minutes_with_the_default_visibility_timeout(
    tmp_path, broker_url, workers
):
    """The whole worker group SIGKILLed with the default visibility timeout (3600 s): the
    next worker re-sends its unacknowledged tasks from their expired heartbeats
    (:mod:`naskah.workers.recovery`) and the batch finishes within 3 minutes of the kill."""
    from naskah.workers import recovery

    settings = _settings(tmp_path, broker_url, pdf=False)
    assert settings.queue.visibility_timeout == 3600
    first = _start(workers, settings, tmp_path / "worker-1.log")
    agencies = [DINSOS, BKPSDM]
    batch_id = submit_batch(settings, agencies, "2025-TW1", [BOOKS[a] for a in agencies],
                            executor=celery_executor)
    deadline = time.monotonic() + FINISH_TIMEOUT
    while True:  # until a task is running (claimed), before the batch is done
        batch, items = _read(settings, batch_id)
        assert batch.status not in BatchStatus.FINISHED, "finished before it could be killed"
        if any(it.rendered for it in items):
            break
        assert time.monotonic() < deadline, first.text()[-3000:]
        time.sleep(0.05)
    first.kill()
    killed_at = time.monotonic()
    second = _start(workers, settings, tmp_path / "worker-2.log")
    batch = _wait_finished(settings, batch_id, second)
    recovered_in = time.monotonic() - killed_at
    assert (batch.status, batch.done) == ("done", 2), _read(settings, batch_id)[1]
    assert recovered_in < 180, f"recovered after {recovered_in:.0f} s"
    assert recovery.HEARTBEAT_TTL + recovery.SCAN_SECONDS < 180
    assert "re-sent" in second.text()
    _check_exactly_once(settings, batch_id)
    print(f"recovered {recovered_in:.0f} s after the kill")


def test_bad_data_fails_once_and_retry_requeues_only_the_failed_agency(tmp_path, broker_url,
                                                                        workers):
    settings = _settings(tmp_path, broker_url, pdf=False)
    agencies = [SUMEDANG, DINSOS]
    batch_id = submit_batch(settings, agencies, "2025-TW1", [BOOKS[a] for a in agencies],
                            executor=lambda s, b: None)
    copy = settings.data_dir / "batches" / str(batch_id) / f"{DINSOS}.xlsx"
    copy.write_bytes(b"PK\x03\x04 damaged on its way")
    worker = _start(workers, settings, tmp_path / "worker.log")

    celery_executor(settings, batch_id)
    batch = _wait_finished(settings, batch_id, worker)
    assert (batch.status, batch.done, batch.failed) == ("partial", 1, 1)
    items = {i.agency: i for i in batch.items}
    assert "problem(s) in the workbook" in items[DINSOS].error
    log = worker.text()
    assert _count(log, "naskah.batch.prepare[", "received") == 2  # once per agency: no retry
    assert _count(log, "naskah.batch.prepare[", "succeeded", "'failed'") == 1
    assert "Retry in" not in log
    good_run = items[SUMEDANG].run_id
    renders = _count(log, "naskah.batch.render[", "received")

    shutil.copyfile(BOOKS[DINSOS], copy)  # the workbook is put right; retry
    from typer.testing import CliRunner

    from naskah.cli.batch import app
    from naskah.settings import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["retry", str(batch_id)], env=_env(settings))
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0 and "1 instansi dikirim ulang" in result.output, result.output
    batch = _wait_finished(settings, batch_id, worker)
    assert (batch.status, batch.done, batch.failed) == ("done", 2, 0)
    items = {i.agency: i for i in batch.items}
    assert items[SUMEDANG].run_id == good_run
    log = worker.text()
    assert _count(log, "naskah.batch.prepare[", "received") == 3
    assert _count(log, "naskah.batch.render[", "received") == renders + 4  # DINSOS's 4 chunks
    with session_factory(batch_steps.engine_for(settings), read_only=True)() as s:
        attempts = s.scalars(select(BatchDocument.attempts).where(
            BatchDocument.item_id == items[SUMEDANG].id)).all()
        assert set(attempts) == {1}
    _check_exactly_once(settings, batch_id)


def test_naskah_worker_refuses_to_start_without_a_broker(monkeypatch):
    import typer
    from typer.testing import CliRunner

    from naskah.cli.worker import worker, worker_argv
    from naskah.settings import get_settings

    app = typer.Typer()
    app.command()(worker)
    monkeypatch.setenv("NASKAH_QUEUE__BROKER_URL", "")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["--concurrency", "2"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1 and "NASKAH_QUEUE__BROKER_URL" in result.output
    argv = worker_argv(3, max_tasks_per_child=50)
    assert argv[argv.index("--concurrency") + 1] == "3"
    assert argv[argv.index("--pool") + 1] == "prefork"
    assert argv[argv.index("--queues") + 1] == "naskah"
    assert argv[argv.index("--max-tasks-per-child") + 1] == "50"


def test_the_batch_page_retries_one_failed_agency_then_the_rest_on_the_workers(
        tmp_path, broker_url, workers):
    """The admin page's retry buttons (one agency, then "all that failed") on Celery: the app
    picks the workers' executor from the settings (``naskah.workers.executors``)."""
    import re

    from fastapi.testclient import TestClient

    from naskah.accounts.users import Role, add_user, set_password
    from naskah.api import create_app
    from tests.archive_world import page_csrf, web_login

    settings = _settings(tmp_path, broker_url, pdf=False)
    agencies = [DINSOS, BKPSDM]
    batch_id = submit_batch(settings, agencies, "2025-TW1", [BOOKS[a] for a in agencies],
                            executor=lambda s, b: None)
    copies = {a: settings.data_dir / "batches" / str(batch_id) / f"{a}.xlsx" for a in agencies}
    for copy in copies.values():
        copy.write_bytes(b"PK\x03\x04 damaged on its way")
    with session_factory(batch_steps.engine_for(settings))() as s, s.begin():
        add_user(s, "admin", Role.ADMIN)
        set_password(s, "admin", "sandi admin panjang")
    worker = _start(workers, settings, tmp_path / "worker.log")
    celery_executor(settings, batch_id)
    batch = _wait_finished(settings, batch_id, worker)
    assert (batch.status, batch.failed) == ("failed", 2)

    with TestClient(create_app(settings)) as client:
        assert client.app.state.batch_executor is celery_executor
        web_login(client, "admin", "sandi admin panjang")
        page = client.get(f"/admin/batch/{batch_id}").text
        items = dict(zip(re.findall(r"Ulangi ([\w -]+?)</button>", page)[:2],
                         re.findall(r'name="item" value="(\d+)"', page), strict=True))
        shutil.copyfile(BOOKS[DINSOS], copies[DINSOS])  # one workbook put right
        one = client.post(f"/admin/batch/{batch_id}/ulangi", follow_redirects=False,
                          data={"csrf": page_csrf(page), "item": items["Dinsos P3A"]})
        assert one.status_code == 303, one.text
        batch = _wait_finished(settings, batch_id, worker)
        assert (batch.status, batch.done, batch.failed) == ("partial", 1, 1)
        assert {i.agency: i.status for i in batch.items} == {DINSOS: "done", BKPSDM: "failed"}

        shutil.copyfile(BOOKS[BKPSDM], copies[BKPSDM])
        page = client.get(f"/admin/batch/{batch_id}").text
        assert "Ulangi Dinsos P3A" not in page and "Ulangi semua yang gagal" in page
        rest = client.post(f"/admin/batch/{batch_id}/ulangi", follow_redirects=False,
                           data={"csrf": page_csrf(page)})
        assert rest.headers["location"].endswith("?ulang=1")
        batch = _wait_finished(settings, batch_id, worker)
        assert (batch.status, batch.done, batch.failed) == ("done", 2, 0)
    log = worker.text()
    assert _count(log, "naskah.batch.start[", "received") == 3  # submit + the two retries
    _check_exactly_once(settings, batch_id)
