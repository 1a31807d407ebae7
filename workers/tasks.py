"""Celery tasks: thin wrappers over the steps of :mod:`naskah.batch.steps`.

Each task takes small JSON arguments (IDs), calls one plain step function (which re-reads the
state from the database and returns at once when its work is already done — what makes
``acks_late`` safe), and sends the next tasks:

``naskah.batch.start(batch_id)`` → one ``naskah.batch.prepare(item_id)`` per item still to do →
one ``naskah.batch.render(item_id, chunk)`` per chunk of documents; the render task that
finishes an item's last chunk archives the item, and the last item finishes the batch.

Errors. Only named transient errors are retried, with exponential backoff (5 s, 10 s, 20 s …
at most 5 minutes, ``MAX_RETRIES`` times; ``NASKAH_QUEUE__RETRY_BACKOFF`` sets the first): the
broker or the database unreachable or locked, a concurrent archive run taking the same version,
and a LibreOffice that died or hung twice on one document
(:class:`naskah.pdf.pool.TransientPdfError`; its last attempt archives the DOCX without PDF and
names the failure). Anything else — bad data, a bad template, a plugin error, a bug — fails the
item once, with the error recorded in the database (``naskah batch status``). A retry waiting
for its countdown is held unacknowledged by the worker that received it; if that worker dies,
:mod:`naskah.workers.recovery` re-sends it like any other of its tasks.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import kombu.exceptions
import redis.exceptions
import sqlalchemy.exc
from celery import Celery, Task
from celery.exceptions import SoftTimeLimitExceeded

from naskah.batch import steps
from naskah.batch.batches import BatchError, describe_error
from naskah.pdf.pool import TransientPdfError
from naskah.settings import QueueSettings, Settings
from naskah.workers.celery_app import QUEUE, app, make_app, process_state

log = logging.getLogger(__name__)

MAX_RETRIES = 5
BACKOFF_BASE = 5.0
"""Seconds before the first retry; doubled for each next one."""
BACKOFF_MAX = 300.0

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError,  # the broker cannot be reached
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    sqlalchemy.exc.OperationalError,  # database unreachable, or SQLite "database is locked"
    sqlalchemy.exc.IntegrityError,  # a concurrent run took the same archive version
    TransientPdfError,  # LibreOffice died or hung (it has been restarted)
)
"""Errors a task retries (with backoff). Everything else fails the item once."""


def backoff(retries: int, base: float = BACKOFF_BASE) -> float:
    """Seconds to wait before retry number ``retries + 1``: ``base`` (``NASKAH_QUEUE__
    RETRY_BACKOFF``) doubled per retry, at most :data:`BACKOFF_MAX`, with jitter (×0.75–1)."""
    return min(BACKOFF_MAX, base * 2**retries) * random.uniform(0.75, 1.0)  # noqa: S311


def _run(task: Task, work: Callable[[], Any], fail: Callable[[BaseException], None]) -> Any:
    """Do ``work``; retry transient errors with backoff; record any other error with ``fail``
    (once: the task then succeeds, so the message is acknowledged and not redelivered)."""
    try:
        return work()
    except TRANSIENT_ERRORS as exc:
        retries = task.request.retries
        if retries >= task.max_retries:
            log.error("%s: giving up after %d retries: %s", task.name, retries, exc)
            fail(exc)
            return {"failed": describe_error(exc)}
        log.warning("%s: %s — retry %d in a moment", task.name, exc, retries + 1)
        base = process_state().settings.queue.retry_backoff
        raise task.retry(exc=exc, countdown=backoff(retries, base)) from None
    except SoftTimeLimitExceeded:
        error = BatchError(
            f"{task.name} exceeded its time limit (80% of the visibility timeout, "
            "NASKAH_QUEUE__VISIBILITY_TIMEOUT): a document takes far longer than it should"
        )
        fail(error)
        return {"failed": str(error)}
    except Exception as exc:  # noqa: BLE001 - bad data, template, plugin: fail once, recorded
        log.info("%s failed: %s", task.name, exc)
        fail(exc)
        return {"failed": describe_error(exc)}


@app.task(bind=True, name="naskah.batch.start", max_retries=MAX_RETRIES)
def start_batch(self: Task, batch_id: int) -> dict:
    """Mark the batch running and send one prepare task per item still to do."""
    state = process_state()

    def work() -> dict:
        items = steps.start_batch(state.settings, batch_id)
        if items is None:
            log.warning("batch %s does not exist (is this worker on the submitter's database?)",
                        batch_id)
            return {"batch": batch_id, "missing": True}
        for item_id in items:
            prepare_item.delay(item_id)
        return {"batch": batch_id, "items": items}

    return _run(self, work, lambda exc: steps.fail_batch(state.settings, batch_id, exc))


@app.task(bind=True, name="naskah.batch.prepare", max_retries=MAX_RETRIES)
def prepare_item(self: Task, item_id: int) -> dict:
    """Plan and number the item (once), then send one render task per chunk still to do."""
    state = process_state()

    def work() -> dict:
        chunks = steps.prepare_item(state.settings, item_id, plugins=state.plugins)
        for chunk in chunks:
            render_chunk.delay(item_id, chunk)
        return {"item": item_id, "chunks": chunks}

    return _run(self, work, lambda exc: steps.fail_item(state.settings, item_id, exc))


@app.task(bind=True, name="naskah.batch.render", max_retries=MAX_RETRIES)
def render_chunk(self: Task, item_id: int, chunk: int) -> dict:
    """Render and convert one chunk of the item's documents; archive the item if it was the
    last chunk (and finish the batch if it was the last item)."""
    state = process_state()
    final = self.request.retries >= self.max_retries

    def work() -> dict:
        status = steps.render_chunk(state.settings, item_id, chunk, plugins=state.plugins,
                                    final_attempt=final)
        return {"item": item_id, "chunk": chunk, "item_status": status}

    return _run(self, work, lambda exc: steps.fail_item(state.settings, item_id, exc))


# --- the executor ------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _producer(queue_json: str) -> Celery:
    return make_app(QueueSettings.model_validate_json(queue_json))


def celery_executor(settings: Settings, batch_id: int) -> None:
    """Send the batch to the workers (``naskah.batch.start``) through ``settings.queue``'s
    broker; returns once the message is sent.

    The workers must use the same database and data directory as the submitter
    (``NASKAH_DATABASE_URL``, ``NASKAH_DATA_DIR``): they find the batch by its ID there.

    :raises kombu.exceptions.OperationalError: the broker cannot be reached.
    """
    if app.conf.broker_url == settings.queue.broker_url:
        producer = app
    else:
        producer = _producer(settings.queue.model_dump_json())
    producer.send_task("naskah.batch.start", args=[batch_id], queue=QUEUE)
