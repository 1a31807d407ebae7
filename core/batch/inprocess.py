"""The in-process executor: a batch run here, without a broker, through the same steps the
Celery workers run (:mod:`naskah.batch.steps`). Used when no broker is configured.

The work is spread over ``settings.queue.local_processes`` processes (default: one per CPU
core the process may use), as Celery workers would spread it: every item is prepared (read,
planned, numbered) in a worker process, then its chunks are rendered and converted to PDF by
whichever process is free — chunks of different agencies side by side — and the item is settled
when its last chunk is done. Worker processes are *spawned* (a fresh interpreter, not a fork:
the batch usually runs in a thread of a process that has others, and a fork would copy their
locks); each has its own warm LibreOffice (:mod:`naskah.pdf.pool`), closed when it exits.
With one process (or one item of one chunk) everything runs here, item after item.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from naskah.batch import steps
from naskah.batch.batches import Batch
from naskah.db import session_factory
from naskah.settings import Settings

log = logging.getLogger(__name__)


def thread_executor(settings: Settings, batch_id: int) -> None:
    """Run the batch in a daemon thread of this process (embedded mode, no broker)."""
    threading.Thread(
        target=run_batch, args=(settings, batch_id), name=f"naskah-batch-{batch_id}", daemon=True
    ).start()


def local_processes(settings: Settings) -> int:
    """How many processes an in-process batch uses: ``settings.queue.local_processes``, or
    (``0``) the number of CPU cores this process may run on."""
    wanted = settings.queue.local_processes
    if wanted:
        return wanted
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_batch(settings: Settings, batch_id: int, *, processes: int | None = None) -> Batch | None:
    """Run the batch here through the steps of :mod:`naskah.batch.steps` and return it
    finished. Never raises.

    :param processes: worker processes (default :func:`local_processes`); ``1``: item after
        item in this process.

    An item that fails (bad workbook, a document that does not render) is recorded and does
    not stop the others. Items already ``done`` are skipped and rendered documents are not
    rendered again (a re-run resumes). A PDF conversion whose LibreOffice dies twice is not
    retried here: the document is archived without PDF and named on the item. Returns
    ``None`` if there is no such batch.
    """
    try:
        items = steps.start_batch(settings, batch_id)
        if items is None:
            log.warning("batch %s does not exist", batch_id)
            return None
        n = local_processes(settings) if processes is None else processes
        if n > 1 and items:
            _run_parallel(settings, batch_id, items, n)
        else:
            plugins = steps.default_plugins(settings)
            for item_id in items:
                try:
                    for chunk in steps.prepare_item(settings, item_id, plugins=plugins):
                        steps.render_chunk(settings, item_id, chunk, plugins=plugins)
                    steps.settle_item(settings, item_id, plugins=plugins)
                except Exception as exc:  # noqa: BLE001 - recorded on the item, the batch goes on
                    log.info("batch %s: item %s failed: %s", batch_id, item_id, exc)
                    steps.fail_item(settings, item_id, exc)
    except Exception as exc:  # noqa: BLE001 - the batch itself broke: say so in the database
        log.exception("batch %s broke", batch_id)
        try:
            steps.fail_batch(settings, batch_id, exc)
        except Exception:  # noqa: BLE001
            log.exception("batch %s: could not record the failure", batch_id)
    try:
        engine = steps.engine_for(settings)
        with session_factory(engine, read_only=True)() as s:
            batch = s.get(Batch, batch_id)
            if batch is not None:
                _unused = [i.status for i in batch.items]
            return batch
    except Exception:  # noqa: BLE001
        log.exception("batch %s: could not read it back", batch_id)
        return None


# --- worker processes ----------------------------------------------------------------------------

_plugins = None


def _worker_init() -> None:
    """In each worker process: close its warm LibreOffice when the process exits
    (multiprocessing runs its finalizers, not ``atexit``); load and freeze what the steps use
    (:func:`naskah.batch.cache.settle_process`)."""
    from multiprocessing.util import Finalize

    from naskah.batch.cache import settle_process
    from naskah.pdf.pool import close_pool

    Finalize(None, close_pool, exitpriority=10)
    settle_process()


def _worker_plugins(settings: Settings):
    global _plugins
    if _plugins is None:
        _plugins = steps.default_plugins(settings)
    return _plugins


def _prepare(settings: Settings, item_id: int) -> list[int]:
    return steps.prepare_item(settings, item_id, plugins=_worker_plugins(settings))


def _render(settings: Settings, item_id: int, chunk: int) -> str:
    return steps.render_chunk(settings, item_id, chunk, plugins=_worker_plugins(settings))


def _settle(settings: Settings, item_id: int) -> str:
    return steps.settle_item(settings, item_id, plugins=_worker_plugins(settings))


def _run_parallel(settings: Settings, batch_id: int, items: list[int], n: int) -> None:
    """Prepare every item, render every chunk, settle every item, on ``n`` spawned processes;
    a step that raises fails its item (recorded here) and its other steps are dropped."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(n, mp_context=context, initializer=_worker_init) as pool:
        pending: dict[Future, tuple[str, int]] = {
            pool.submit(_prepare, settings, item_id): ("prepare", item_id) for item_id in items
        }
        chunks_left: dict[int, int] = {}
        failed: set[int] = set()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                step, item_id = pending.pop(future)
                if item_id in failed:
                    continue
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - recorded on the item, the batch goes on
                    log.info("batch %s: item %s failed (%s): %s", batch_id, item_id, step, exc)
                    failed.add(item_id)
                    steps.fail_item(settings, item_id, exc)
                    continue
                if step == "prepare":
                    chunks_left[item_id] = len(result)
                    for chunk in result:
                        pending[pool.submit(_render, settings, item_id, chunk)] = (
                            "render", item_id)
                    if not result:
                        pending[pool.submit(_settle, settings, item_id)] = ("settle", item_id)
                elif step == "render":
                    chunks_left[item_id] -= 1
                    if chunks_left[item_id] == 0:
                        pending[pool.submit(_settle, settings, item_id)] = ("settle", item_id)
