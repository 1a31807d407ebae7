"""The Celery app of naskah's workers, configured from :mod:`naskah.settings` (``NASKAH_QUEUE__*``).

Start workers with ``naskah worker`` (which runs ``celery -A naskah.workers.celery_app worker``);
watch them with ``celery -A naskah.workers.celery_app flower``. The broker (Redis) carries only
task names and small JSON arguments (IDs); batch and document state are in the database
(:mod:`naskah.batch.steps`), so the result backend is optional.

Delivery is *at least once*, made *exactly once* by the steps themselves:

- ``task_acks_late`` + ``task_reject_on_worker_lost``: a message is acknowledged only when its
  task has finished; if the process running it dies, it is delivered again;
- ``visibility_timeout`` (``settings.queue.visibility_timeout``): Redis hands a message that
  was delivered but not acknowledged to another worker after this many seconds (a worker killed
  with its whole process group acknowledges nothing). It must be above the longest task, or a
  task still running is delivered a second time: the tasks' time limits are derived from it
  (soft at 80 %, hard at 90 %) so no task outlives it;
- ``worker_prefetch_multiplier = 1``: a worker process reserves one task at a time (tasks are
  seconds long; prefetching would leave the other processes idle at the end of a batch);
- JSON only (no pickle): a message cannot carry code.

Per worker process (``worker_process_init``): the plugin manager is built once, the process's
warm LibreOffice pool is created (it starts on the first conversion, on the UNO port
``pool.base_port + process index``) and what the tasks use is imported and frozen
(:func:`naskah.batch.cache.settle_process`); ``worker_process_shutdown`` closes the pool. Neither is
ever sent through the broker.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass

from celery import Celery
from celery.signals import (
    task_postrun,
    task_received,
    worker_process_init,
    worker_process_shutdown,
    worker_ready,
)

from naskah.agencies.manager import Plugins
from naskah.settings import QueueSettings, Settings, get_settings

log = logging.getLogger(__name__)

QUEUE = "naskah"
"""The queue naskah's tasks go to (and ``naskah worker`` consumes)."""

MIN_LIMITED_VISIBILITY = 60
"""Below this visibility timeout (seconds; tests only) the tasks get no time limits."""


def celery_config(queue: QueueSettings) -> dict:
    """The Celery configuration for the queue settings (``settings.queue``).

    :raises ValueError: no broker URL configured.
    """
    if not queue.broker_url:
        raise ValueError(
            "no broker configured: set NASKAH_QUEUE__BROKER_URL, e.g. redis://127.0.0.1:6379/0"
        )
    # A broker that accepts connections but never answers (a stopped Redis behind a proxy)
    # must fail a submission within seconds, not block in a socket read forever: redis-py has
    # no socket timeout unless told, and Celery retries a publish.
    transport = {
        "visibility_timeout": queue.visibility_timeout,
        "socket_timeout": queue.socket_timeout,
        "socket_connect_timeout": queue.socket_timeout,
    }
    config = {
        "broker_url": queue.broker_url,
        "result_backend": queue.result_backend or None,
        "task_ignore_result": not queue.result_backend,
        "result_expires": 24 * 3600,
        "broker_transport_options": transport,
        "result_backend_transport_options": transport,
        "broker_connection_retry_on_startup": True,
        "broker_connection_timeout": queue.socket_timeout,
        "task_publish_retry_policy": {
            "max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5,
        },
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        "task_default_queue": QUEUE,
        "task_track_started": True,
        "worker_hijack_root_logger": False,
        "timezone": "UTC",
    }
    if queue.visibility_timeout >= MIN_LIMITED_VISIBILITY:
        config["task_soft_time_limit"] = int(queue.visibility_timeout * 0.8)
        config["task_time_limit"] = int(queue.visibility_timeout * 0.9)
    return config


def make_app(queue: QueueSettings) -> Celery:
    """A Celery app on ``queue``'s broker with naskah's tasks registered."""
    celery = Celery("naskah", include=["naskah.workers.tasks"])
    celery.conf.update(celery_config(queue))
    return celery


def _configured_app() -> Celery:
    settings = get_settings()
    if settings.queue.broker_url:
        return make_app(settings.queue)
    # Importable without a broker (docs, tests, `naskah batch` in embedded mode): a worker
    # started on it refuses at once (see naskah.cli.worker).
    celery = Celery("naskah", include=["naskah.workers.tasks"])
    celery.conf.update(task_default_queue=QUEUE, task_serializer="json",
                       accept_content=["json"])
    return celery


app = _configured_app()


# --- per worker process ------------------------------------------------------------------------


@dataclass
class ProcessState:
    """What one worker process builds once: its settings and plugin manager."""

    settings: Settings
    plugins: Plugins


_STATE: ProcessState | None = None


def process_state() -> ProcessState:
    """This process's state, built on first use (in a worker: at ``worker_process_init``)."""
    global _STATE
    if _STATE is None:
        from naskah.batch.steps import default_plugins

        settings = get_settings()
        _STATE = ProcessState(settings, default_plugins(settings))
    return _STATE


@worker_process_init.connect
def _init_process(**_kwargs) -> None:
    from billiard.process import current_process

    from naskah.pdf import pool as pdf_pool

    global _STATE
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its set-up chatter, per process
    _STATE = None
    state = process_state()
    for failure in state.plugins.failures:
        log.error("plugin %s (%s) did not load: %s", failure.name, failure.distribution,
                  failure.error)
    index = getattr(current_process(), "index", 0) or 0
    pdf_pool.get_pool(state.settings, index=index)  # instant; LibreOffice starts on first use
    from naskah.batch.cache import settle_process

    settle_process()


# --- heartbeats and claims (naskah.workers.recovery), in the worker's main process ---------------


@worker_ready.connect
def _start_heartbeat(**_kwargs) -> None:
    from naskah.workers import recovery

    recovery.start(app)  # heartbeats, and re-sending the tasks of gone workers


@task_received.connect
def _claim(request=None, **_kwargs) -> None:
    from naskah.workers import recovery

    retries = (getattr(request, "request_dict", None) or {}).get("retries", 0)
    recovery.claim(app, getattr(request, "id", None), retries)


@task_postrun.connect
def _release(task_id=None, task=None, **_kwargs) -> None:
    from naskah.workers import recovery

    request = getattr(task, "request", None)
    recovery.release(app, task_id, getattr(request, "retries", 0) or 0)


@worker_process_shutdown.connect
def _shutdown_process(**_kwargs) -> None:
    from naskah.pdf import pool as pdf_pool

    pdf_pool.close_pool()
    # A pool child leaves through os._exit, so the exit handler that removes this process's
    # chart folder (naskah.documents.kinerja) would not run: remove it now.
    from naskah.documents import kinerja

    root = getattr(kinerja, "_CHARTS_ROOT", None)
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)
