"""Rendering one trail's documents on two processes: this one and a forked child take the
documents kind by kind from one shared queue, so both cores stay busy whatever each kind costs.

Measured (``docs/performance.md``, issue 15): rendering the bundled example's 30 documents
costs ≈ 1 CPU second once the charts are SVG written by naskah (a laporan pengukuran ≈ 0.11 s,
a letter ≈ 0.03 s; the SOP ≈ 1.2 s while its flowchart is not in the cache yet). A fixed split
(the drawing kinds in the child, the rest here, before the charts were cheap) left one process
idle for most of the run. Now the queue holds the kinds, the drawing ones first (the most
expensive first keeps the tail short), and each process takes the next kind when it is free:
a kind's documents render in one process, so its template is compiled once.

The child is forked after the register numbers are allocated (it inherits the measured cycle
and ``cycle.nomor``), writes its DOCX files into the staging folder and sends back each
document's index and warnings as soon as it is rendered (so ``done`` — the PDF converter, the
progress bar — is called while both still render); it touches no database, no archive and no
PDF pool.

Warnings come out exactly as rendering in order would give them: each document is rendered
with ``cycle.warnings`` emptied, and the lists are merged in trail order with
:meth:`naskah.cycle.Cycle.warn` (which keeps the first occurrence).

Forking while another thread holds a lock leaves that lock held in the child forever. The PDF
converter's thread starts LibreOffice while the documents render, and its first
``tempfile.gettempdir()`` holds :mod:`tempfile`'s once-lock: a fork at that instant hung the
child on its first chart directory and the run with it (seen with the data-file agency in
``examples/agencies``). So the temporary directory is looked up here before forking, and a child
that sends nothing for :data:`STALL_SECONDS` is killed and its documents are rendered here.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import tempfile
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
"""Kinds whose context draws pictures (flowchart pages, charts): queued first."""

STALL_SECONDS = 300.0
"""How long the child may go without sending anything (one document takes about a second, the
SOP while its flowchart is drawn a few) before it is taken for hung: killed, and the documents
it had not sent are rendered in this process."""

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


def kind_groups(jobs: Sequence[Job]) -> list[list[int]]:
    """The indexes of ``jobs`` grouped by document kind (trail order inside a group): the
    drawing kinds first, then the larger groups first."""
    groups: dict[str, list[int]] = {}
    for i, (document, _nomor, _out) in enumerate(jobs):
        groups.setdefault(document.kind.slug, []).append(i)
    return sorted(groups.values(),
                  key=lambda g: (jobs[g[0]][0].kind.slug not in DRAWING_KINDS, -len(g), g[0]))


def _take(counter, groups: Sequence[list[int]]) -> list[int] | None:
    """The next group of the shared queue, or ``None`` when it is empty."""
    with counter.get_lock():
        k = counter.value
        counter.value = k + 1
    return groups[k] if k < len(groups) else None


def _child(conn, plugins, cycle: Cycle, jobs: Sequence[Job], groups, counter) -> None:
    try:
        while (group := _take(counter, groups)) is not None:
            for i in group:
                conn.send(("done", i, _render_one(plugins, cycle, jobs[i])))
        conn.send(("end", None, None))
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
        try:
            payload = pickle.dumps(exc)
            pickle.loads(payload)
        except Exception:  # noqa: BLE001 - an exception that does not travel: its message does
            payload = pickle.dumps(NaskahError(f"{type(exc).__name__}: {exc}"))
        conn.send(("error", None, payload))
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
        more cores, called from the main thread) this process and a forked child take the
        kinds from one queue (:func:`kind_groups`).
    :raises naskah.errors.NaskahError: a document does not render (the child's error is raised
        here, after the child has ended).
    """
    groups = kind_groups(jobs)
    split = (processes != 1 and (processes > 1 or _cores() > 1) and len(groups) > 1
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
        tempfile.gettempdir()  # waits for a thread inside it, caches the answer (see above)
        context = multiprocessing.get_context("fork")
        counter = context.Value("i", 0)
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(send, plugins, cycle, jobs, groups, counter),
                                name="naskah-render", daemon=True)
        child.start()
        send.close()
        ended = False

        def stalled() -> None:
            """The child answered nothing for STALL_SECONDS: kill it, render the rest here."""
            nonlocal ended
            log.warning("rendering process %s silent for %.0f s: killed, %d document(s) "
                        "rendered here", child.pid, STALL_SECONDS, len(jobs) - len(warned))
            child.kill()
            ended = True
            for i in range(len(jobs)):
                if i not in warned:
                    warned[i] = _render_one(plugins, cycle, jobs[i])
                    done(i)

        def answers(block: bool) -> None:
            """Handle the child's messages: those waiting (``block``: until it has ended)."""
            nonlocal ended
            while not ended and (block or receive.poll()):
                if block and not receive.poll(STALL_SECONDS):
                    stalled()
                    return
                try:
                    status, i, payload = receive.recv()
                except EOFError:
                    child.join(5)
                    raise NaskahError(_("the rendering process ended without an answer "
                                        "(exit code {code})", code=child.exitcode)) from None
                if status == "error":
                    ended = True
                    raise pickle.loads(payload)
                if status == "end":
                    ended = True
                    return
                warned[i] = payload
                done(i)

        try:
            while (group := _take(counter, groups)) is not None:
                for i in group:
                    warned[i] = _render_one(plugins, cycle, jobs[i])
                    done(i)
                    answers(block=False)
            answers(block=True)
        finally:
            if not ended:
                child.kill()
            child.join()
            receive.close()
    for i in range(len(jobs)):
        for message in warned[i]:
            cycle.warn(message)
