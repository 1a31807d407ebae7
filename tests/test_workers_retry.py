"""A task waiting for its retry countdown on a REAL worker (issue 14): Celery holds a retried
task's message unacknowledged in the worker that received it until its ETA. While that worker
lives, nothing else may re-send it (that would run it twice); when it dies, the message is
re-sent from its claim like any other (:mod:`naskah.workers.recovery`) — within minutes with
the default visibility timeout of an hour, and run once."""

from __future__ import annotations

import sqlite3
import time

import pytest

from naskah.batch.batches import submit_batch
from naskah.workers import recovery
from naskah.workers.tasks import celery_executor
from tests.test_workers import (  # noqa: F401 - broker_url and workers are fixtures
    BOOKS,
    SUMEDANG,
    Worker,
    _check_exactly_once,
    _count,
    _env,
    _read,
    _settings,
    _wait_finished,
    broker_url,
    workers,
)

BACKOFF = 150
"""Seconds before the first retry (the countdown is 75–100 % of it): longer than a re-send of
an unclaimed message would take (UNCLAIMED_SECONDS + a scan)."""


def _wait_for(worker: Worker, what, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert worker.proc.poll() is None, f"the worker exited:\n{worker.text()[-3000:]}"
        assert time.monotonic() < deadline, worker.text()[-3000:]
        time.sleep(0.2)


@pytest.mark.slow
def test_a_retry_waiting_for_its_countdown_survives_its_worker_and_runs_once(
    tmp_path, broker_url, workers  # noqa: F811
):
    settings = _settings(tmp_path, broker_url, pdf=False)
    assert settings.queue.visibility_timeout == 3600
    batch_id = submit_batch(settings, [SUMEDANG], "2025-TW1", [BOOKS[SUMEDANG]],
                            executor=lambda s, b: None)
    env = {**_env(settings), "NASKAH_QUEUE__RETRY_BACKOFF": str(BACKOFF)}

    # The index's write lock held: the start task waits SQLite's busy timeout (30 s), fails
    # with "database is locked" (transient) and is retried with a countdown of 112–150 s.
    lock = sqlite3.connect(settings.data_dir / "naskah.db", isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    first = Worker(env, tmp_path / "worker-1.log")
    workers.append(first)
    first.wait_ready()
    celery_executor(settings, batch_id)
    _wait_for(first, lambda: _count(first.text(), "naskah.batch.start[", "received") == 2, 120)
    retried_at = time.monotonic()
    lock.execute("ROLLBACK")
    lock.close()
    assert "Retry in" in first.text()

    second = Worker(env, tmp_path / "worker-2.log")
    workers.append(second)
    second.wait_ready()
    # Both workers scan well past the time an unclaimed message would be re-sent: the retry
    # the first one holds is not re-sent while it lives.
    wait = recovery.UNCLAIMED_SECONDS + 2 * recovery.SCAN_SECONDS
    time.sleep(max(0.0, retried_at + wait - time.monotonic()))
    assert "re-sent" not in first.text() + second.text()
    assert _count(second.text(), "naskah.batch.start[", "received") == 0
    batch, _items = _read(settings, batch_id)
    assert batch.status == "queued", "the retry's countdown is not over yet"

    first.kill()
    killed_at = time.monotonic()
    batch = _wait_finished(settings, batch_id, second)
    recovered_in = time.monotonic() - killed_at
    assert (batch.status, batch.done) == ("done", 1), _read(settings, batch_id)[1]
    assert recovered_in < 120, f"recovered {recovered_in:.0f} s after the kill"
    log = second.text()
    assert "re-sent" in log
    assert _count(log, "naskah.batch.start[", "received") == 1
    assert _count(log, "naskah.batch.start[", "succeeded") == 1
    assert _count(first.text() + log, "naskah.batch.prepare[", "received") == 1
    _check_exactly_once(settings, batch_id)
    print(f"retry recovered {recovered_in:.0f} s after its worker was killed")


def test_the_end_of_an_attempt_leaves_the_claim_of_its_retry(broker_url):  # noqa: F811
    """Unit check of the compare-and-delete (real Redis): an attempt that ends removes its own
    claim (or an earlier one, or a malformed one), never its retry's."""
    import json

    import redis

    from naskah.settings import QueueSettings
    from naskah.workers.celery_app import make_app

    app = make_app(QueueSettings(broker_url=broker_url))
    client = redis.Redis.from_url(broker_url)
    recovery.claim(app, "t1", retries=1)  # the retry, received before attempt 0 ended
    recovery.release(app, "t1", retries=0)
    assert json.loads(client.hget(recovery.CLAIMS_KEY, "t1"))["retries"] == 1
    recovery.release(app, "t1", retries=1)
    assert client.hget(recovery.CLAIMS_KEY, "t1") is None
    recovery.claim(app, "t2")
    recovery.release(app, "t2", retries=3)
    client.hset(recovery.CLAIMS_KEY, "t3", "not json")
    recovery.release(app, "t3")
    assert client.hgetall(recovery.CLAIMS_KEY) == {}
