"""The in-process executor: a batch run here, item after item, through the same steps the Celery
workers run in parallel (:mod:`naskah.batch.steps`). Used when no broker is configured."""

from __future__ import annotations

import logging
import threading

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


def run_batch(settings: Settings, batch_id: int) -> Batch | None:
    """Run the batch here, item after item, through the steps of :mod:`naskah.batch.steps`
    (what the workers do in parallel), and return it finished. Never raises.

    An item that fails (bad workbook, a document that does not render) is recorded and does
    not stop the others. Items already ``done`` are skipped and rendered documents are not
    rendered again (a re-run resumes). A PDF conversion whose LibreOffice dies twice is not
    retried here: the document is archived without PDF and named on the item. Returns
    ``None`` if there is no such batch.
    """
    try:
        plugins = steps.default_plugins(settings)
        items = steps.start_batch(settings, batch_id)
        if items is None:
            log.warning("batch %s does not exist", batch_id)
            return None
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
                _ = [i.status for i in batch.items]
            return batch
    except Exception:  # noqa: BLE001
        log.exception("batch %s: could not read it back", batch_id)
        return None
