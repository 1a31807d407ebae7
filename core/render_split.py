"""Rendering one trail's documents on two processes: the few documents whose context draws
(the SOP's flowchart pages when they are not cached, the capaian and per-indicator charts of the
rekapitulasi and laporan pengukuran) in a forked child, the many plain ones (letters, forms,
tables) here at the same time.

Measured (``docs/performance.md``, issue 15): of a 30-document trail's ~3.3 CPU seconds, the
four documents with charts take ~2 s (matplotlib's import and drawing) and the other 26 ~1.3 s;
on two cores they overlap. The child is forked after the register numbers are allocated (it
inherits the measured cycle and ``cycle.nomor``), writes its DOCX files into the staging folder
and sends back each document's warnings; it touches no database, no archive and no PDF pool.

Warnings come out exactly as rendering in order would give them: each document is rendered
with ``cycle.warnings`` emptied, and the lists are merged in trail order with
:meth:`naskah.cycle.Cycle.warn` (which keeps the first occurrence).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from naskah.cycle import Cycle
from naskah.errors import NaskahError
from naskah.i18n import _
from naskah.model import PlannedDocument
from naskah.pipeline import render_document

log = logging.getLogger(__name__)

DRAWING_KINDS = frozenset({"sop", "rekapitulasi_pengukuran", "laporan_pengukuran"})
"""Kinds whose context draws pictures with matplotlib (rendered by the child)."""

Job = tuple[PlannedDocument, "str | None", Path]
"""A document to render: its plan, its nomor (``None``: unnumbered), its DOCX path."""


def _render_one(plugins, cycle: Cycle, job: Job) -> list[str]:
    """Render ``job`` with a fresh warnings list; return the warnings it raised, in order."""
    document, nomor, out = job
    kept = list(cycle.warnings)
    cycle.warnings.clear()  # the same list object: the cycle is frozen
    try:
        render_document(plugins, cycle, document, nomor, out)
        return list(cycle.warnings)
    finally:
        cycle.warnings[:] = kept


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _child(conn, plugins, cycle: Cycle, jobs: Sequence[Job], indexes: Sequence[int]) -> None:
    try:
        out = {i: _render_one(plugins, cycle, jobs[i]) for i in indexes}
        conn.send(("ok", out))
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
        try:
            payload = pickle.dumps(exc)
            pickle.loads(payload)
        except Exception:  # noqa: BLE001 - an exception that does not travel: its message does
            payload = pickle.dumps(NaskahError(f"{type(exc).__name__}: {exc}"))
        conn.send(("error", payload))
    finally:
        conn.close()


def render_documents(
    plugins,
    cycle: Cycle,
    jobs: Sequence[Job],
    done: Callable[[int], None],
    *,
    processes: int = 0,
) -> None:
    """Render every job and call ``done(index)`` in this process for each finished one (in
    the order they finish). The cycle's warnings are added in trail order.

    :param processes: ``1``: all here, in order; otherwise (``0``: when the machine has two or
        more cores, called from the main thread) the drawing kinds (:data:`DRAWING_KINDS`) go
        to a forked child while the others render here.
    :raises naskah.errors.NaskahError: a document does not render (the child's error is raised
        here, after the child has ended).
    """
    heavy = [i for i, (d, _, _) in enumerate(jobs) if d.kind.slug in DRAWING_KINDS]
    light = [i for i in range(len(jobs)) if i not in set(heavy)]
    split = (processes != 1 and (processes > 1 or _cores() > 1) and heavy and light
             and "fork" in multiprocessing.get_all_start_methods()
             # never fork from a service's worker thread (web upload, batch thread): a lock
             # another thread holds at fork time would stay held in the child forever
             and threading.current_thread() is threading.main_thread())
    warned: dict[int, list[str]] = {}
    if not split:
        for i in range(len(jobs)):
            warned[i] = _render_one(plugins, cycle, jobs[i])
            done(i)
    else:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(send, plugins, cycle, jobs, heavy),
                                name="naskah-render", daemon=True)
        child.start()
        send.close()
        answered = False
        try:
            for i in light:
                warned[i] = _render_one(plugins, cycle, jobs[i])
                done(i)
            try:
                status, payload = receive.recv()
                answered = True
            except EOFError:
                child.join(5)
                raise NaskahError(_("the rendering process ended without an answer (exit code "
                                    "{code})", code=child.exitcode)) from None
        finally:
            if not answered:
                child.kill()
            child.join()
            receive.close()
        if status == "error":
            raise pickle.loads(payload)
        for i in heavy:
            warned[i] = payload[i]
            done(i)
    for i in range(len(jobs)):
        for message in warned[i]:
            cycle.warn(message)
