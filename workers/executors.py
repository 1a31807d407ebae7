"""Choosing where a batch runs: Celery workers when a broker is configured, else this process.

The batch package never imports the workers (``naskah.batch`` is core; the workers wrap it): the
CLI and the API ask this module for an executor and hand it to
:func:`naskah.batch.batches.submit_batch`.
"""

from __future__ import annotations

from naskah.batch.batches import Executor
from naskah.settings import Settings


def default_executor(settings: Settings) -> Executor:
    """The Celery executor (:func:`naskah.workers.tasks.celery_executor`) when
    ``settings.queue.broker_url`` is set, else :func:`naskah.batch.inprocess.thread_executor`.
    Celery is imported only in the first case."""
    if settings.queue.broker_url:
        from naskah.workers.tasks import celery_executor

        return celery_executor
    from naskah.batch.inprocess import thread_executor

    return thread_executor
