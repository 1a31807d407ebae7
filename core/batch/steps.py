"""The steps of a batch, shared by both executors (in-process thread and Celery workers).

A batch item (one agency's workbook for the batch's period) goes through three steps, each a
plain function that reads its state from the database, does its work, and records the outcome;
each can be called again at any time (a re-delivered or retried task) and then finds what is
already done and does not do it twice:

1. :func:`prepare_item` — read and check the workbook (bad data fails the item here, before any
   number is taken), plan the trail, and in ONE short transaction allocate the register numbers
   of the whole trail (trail order, as :func:`naskah.run.run_cycle` does) and record one
   :class:`BatchDocument` per planned document with its nomor. Once that commits, the numbers
   belong to the documents' keys: every later attempt reuses them, none takes new ones.
2. :func:`render_chunk` — render the DOCX of one *chunk* (:data:`CHUNK_DOCUMENTS` documents in
   trail order) into the item's staging folder ``<data_dir>/batches/<batch>/staged/<item>/``,
   convert each to PDF (the process's warm LibreOffice, :mod:`naskah.pdf.pool`), and mark the
   documents ``rendered`` in one transaction. Chunks of all items run in parallel on workers.
   A document that does not render (bad template, plugin error) is marked ``failed`` with the
   error and not retried; a PDF that fails permanently is named on the document
   (``pdf_error``) and its DOCX goes on to the archive.
3. :func:`settle_item` — called after every chunk (and by every re-delivery): when no document
   is still ``planned`` it archives the item's documents as ONE new run (hard links of the
   staged files, :func:`naskah.archive.store.commit_run`, item ``done`` — one transaction), or marks
   the item ``failed`` if a document failed; then finishes the batch when no item is left.

Exactly once. The deterministic key of a document is :attr:`BatchDocument.document_key`:
agency, period, procedure, step, kind, variant, bidang (``PlannedDocument.key``) and the data
version (sha256 of the item's workbook). A step re-run after a crash: ``prepare`` finds the
rows and returns the chunks still to do; ``render_chunk`` skips rendered documents (rendering
writes a temporary file and renames it, so two deliveries of one chunk racing each other leave
one complete file); ``settle_item`` locks the item row and returns if the item already has its
run. Numbers are never taken twice for a key (the rows are written in the numbering
transaction) and never skipped (a rolled-back allocation gives them back, see
:mod:`naskah.archive.numbering`).

Locks are taken in the order item → register → batch (PostgreSQL row locks; on SQLite every
write transaction holds the database write lock, ``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Collection, Sequence
from pathlib import Path

from sqlalchemy import (
    func,
    select,
)
from sqlalchemy.orm import Session

from naskah.accounts import audit
from naskah.agencies.manager import Plugins
from naskah.archive import store as archive
from naskah.batch.batches import (
    Batch,
    BatchError,
    BatchItem,
    BatchStatus,
    batch_dir,
    describe_error,
    wants_new_numbers,
)

# engine_for, default_plugins, the state model and progress are part of this module's API too.
from naskah.batch.cache import _load, default_plugins, engine_for  # noqa: F401
from naskah.batch.state import BatchDocument, DocStatus, ItemProgress, progress  # noqa: F401
from naskah.db import session_factory, utcnow
from naskah.i18n import _
from naskah.model import Periode, PlannedDocument
from naskah.pdf import soffice as pdf
from naskah.settings import Settings

log = logging.getLogger(__name__)

CHUNK_DOCUMENTS = 8
"""Documents per render task. Small enough that the five example agencies' trail of one period
(124 documents) gives 2 workers ~17 tasks to share; large enough that a task's fixed costs
(loading the cycle once per process, one transaction) stay small beside rendering
(~0.1 s) and converting (~0.15 s) each document."""


# --- paths -------------------------------------------------------------------------------------


def staged_dir(settings: Settings, batch_id: int, item_id: int) -> Path:
    """``<data_dir>/batches/<batch>/staged/<item>``: the item's rendered files until archived.

    On the archive's file system (``data_dir``), so archiving links them instead of copying.
    """
    return batch_dir(settings, batch_id) / "staged" / str(int(item_id))


def workbook_of(settings: Settings, item: BatchItem) -> Path:
    """The batch's copy of the item's workbook, under THIS process's data directory.

    ``BatchItem.workbook`` is the path the submitter wrote; a worker on another machine (the
    data directory mounted elsewhere) or in another working directory (a relative
    ``NASKAH_DATA_DIR``) finds the same file by its name in its own ``batch_dir``.
    """
    return batch_dir(settings, item.batch_id) / Path(item.workbook).name


def _link(src: Path, dst: Path) -> Path:
    """A hard link ``dst`` → ``src`` (a copy where links are not possible). Archiving moves the
    link: the staged original stays until the run is committed, so a crash in between loses
    nothing."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
    return dst


# --- small transactions ------------------------------------------------------------------------


def _lock_item(s: Session, item_id: int) -> BatchItem | None:
    return s.get(BatchItem, item_id, with_for_update=True, populate_existing=True)


def _documents(s: Session, item_id: int) -> list[BatchDocument]:
    return list(s.scalars(
        select(BatchDocument).where(BatchDocument.item_id == item_id)
        .order_by(BatchDocument.position)
        .execution_options(populate_existing=True)
    ))


def _settle_batch(s: Session, batch_id: int) -> Batch | None:
    """Recount the batch's items (under its row lock) and finish it when none is left to do."""
    batch = s.get(Batch, batch_id, with_for_update=True, populate_existing=True)
    if batch is None:
        return None
    counts = dict(s.execute(
        select(BatchItem.status, func.count()).where(BatchItem.batch_id == batch_id)
        .group_by(BatchItem.status)
    ).all())
    batch.done = counts.get(BatchStatus.DONE, 0)
    batch.failed = counts.get(BatchStatus.FAILED, 0)
    open_items = counts.get(BatchStatus.QUEUED, 0) + counts.get(BatchStatus.RUNNING, 0)
    if open_items == 0 and batch.status not in BatchStatus.FINISHED:
        batch.status = (
            BatchStatus.DONE if batch.failed == 0
            else BatchStatus.FAILED if batch.done == 0
            else BatchStatus.PARTIAL
        )
        batch.finished_at = utcnow()
    return batch


def _pending_chunks(rows: Sequence[BatchDocument]) -> list[int]:
    return sorted({r.chunk for r in rows if r.status == DocStatus.PLANNED})


# --- step 0: start -----------------------------------------------------------------------------


def start_batch(settings: Settings, batch_id: int) -> list[int] | None:
    """Mark the batch running; return the IDs of its items still to do (queued or running),
    in order. ``None``: no such batch. A finished batch returns ``[]``."""
    Session_ = session_factory(engine_for(settings))  # noqa: N806
    with Session_() as s, s.begin():
        batch = s.get(Batch, batch_id, with_for_update=True)
        if batch is None:
            return None
        if batch.status in BatchStatus.FINISHED:
            return []
        batch.status = BatchStatus.RUNNING
        batch.started_at = batch.started_at or utcnow()
        return list(s.scalars(
            select(BatchItem.id).where(
                BatchItem.batch_id == batch_id,
                BatchItem.status.in_((BatchStatus.QUEUED, BatchStatus.RUNNING)),
            ).order_by(BatchItem.id)
        ))


# --- step 1: prepare (plan + number) -----------------------------------------------------------


def prepare_item(settings: Settings, item_id: int, *, plugins: Plugins) -> list[int]:
    """Plan and number the item's trail (once); return the chunks still to render.

    Returns ``[]`` when the item is finished, or when every document is already rendered (the
    item is then settled here). A second call after success returns the chunks still
    ``planned`` without touching the register.

    :raises naskah.errors.InputError: bad workbook (nothing numbered; fail the item).
    :raises naskah.agencies.manager.PluginError: unknown agency or a plugin error (likewise).
    :raises BatchError: no such item.
    """
    from naskah.archive.store import file_sha256
    from naskah.pipeline import document_date
    from naskah.run import allocate_numbers

    engine = engine_for(settings)
    Session_ = session_factory(engine)  # noqa: N806
    with session_factory(engine, read_only=True)() as s:
        item = s.get(BatchItem, item_id)
        if item is None:
            raise BatchError(_("no batch item {item_id}", item_id=item_id))
        if item.status in BatchStatus.FINISHED:
            return []
        rows = _documents(s, item_id)
        agency, workbook, periode = item.agency, workbook_of(settings, item), item.batch.periode
    if rows:
        chunks = _pending_chunks(rows)
        if not chunks:
            settle_item(settings, item_id, plugins=plugins)
        elif item.status == BatchStatus.QUEUED:  # re-queued by a retry: running again
            with Session_() as s, s.begin():
                item = _lock_item(s, item_id)
                if item is not None and item.status == BatchStatus.QUEUED:
                    item.status = BatchStatus.RUNNING
        return chunks

    data_version, _unused = file_sha256(workbook)
    loaded = _load(plugins, item_id, workbook, agency, periode, data_version)
    with Session_() as s, s.begin():
        item = _lock_item(s, item_id)
        if item is None or item.status in BatchStatus.FINISHED:
            return []
        rows = _documents(s, item_id)
        if rows:  # another delivery prepared it while we read the workbook
            return _pending_chunks(rows)
        loaded.cycle.nomor.clear()
        fresh = wants_new_numbers(settings, item.batch_id)
        nomor = allocate_numbers(s, plugins, loaded.cycle, loaded.planned, new_numbers=fresh)
        if fresh:
            audit.record(s, item.batch.created_by, audit.Action.NOMOR_BARU, object_type="batch",
                         object_id=item.batch_id, agency=agency, detail=", ".join(nomor.values()))
        for i, d in enumerate(loaded.planned):
            s.add(BatchDocument(
                item_id=item_id, position=i, chunk=i // CHUNK_DOCUMENTS, key=d.key,
                data_version=data_version, procedure=d.procedure, step=d.step,
                kind=d.kind.slug, variant=d.variant, bidang=d.bidang,
                nomor=nomor.get(d.key, ""), tanggal=document_date(loaded.cycle, d), warnings=[],
            ))
        item.status = BatchStatus.RUNNING
        item.started_at = item.started_at or utcnow()
        item.data_version = data_version
        item.documents = len(loaded.planned)
        item.warnings = list(loaded.cycle.warnings)
        item.error = ""
    return sorted({i // CHUNK_DOCUMENTS for i in range(len(loaded.planned))})


# --- step 2: render a chunk --------------------------------------------------------------------


def pdf_note(settings: Settings) -> str | None:
    """Why no PDF is made at all (``None``: PDFs are made) — the notes of ``naskah run``."""
    if not settings.pdf.enabled:
        return _("PDF conversion is off (--no-pdf): DOCX only.")
    if not pdf.soffice_available(settings):
        return _("LibreOffice (soffice) is not installed: DOCX only. For PDFs: sudo apt-get "
                 "install libreoffice-writer-nogui, then run again.")
    return None


def _convert(settings: Settings, docs: list[Path], *, final_attempt: bool
             ) -> tuple[dict[Path, Path], dict[Path, str], Exception | None]:
    """PDFs of ``docs`` (beside them): ``(made, errors, transient)``.

    Through this process's warm pool when ``settings.pool.enabled`` (one document at a time;
    a LibreOffice that dies or hangs is restarted and the document tried once more); else one
    ``soffice`` call for all. ``transient``: a conversion still failed transiently and this is
    not the final attempt — the caller records what was made and retries the rest later.
    """
    from naskah.pdf.pool import TransientPdfError, get_pool

    made: dict[Path, Path] = {}
    errors: dict[Path, str] = {}
    if not docs:
        return made, errors, None
    if not settings.pool.enabled:
        work = Path(tempfile.mkdtemp(prefix=".pdf-", dir=docs[0].parent))
        try:
            try:
                made = pdf.convert_to_pdf(docs, work, settings)
            except pdf.PdfError as exc:
                made = dict(exc.converted)
                errors = {d: describe_error(exc) for d in docs if d not in made}
            for d, p in list(made.items()):
                target = d.with_suffix(".pdf")
                os.replace(p, target)
                made[d] = target
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return made, errors, None
    pool = get_pool(settings)
    for d in docs:
        for attempt in (1, 2):
            try:
                made[d] = pool.convert(d, d.with_suffix(".pdf"))
                break
            except TransientPdfError as exc:
                if attempt == 2:
                    if not final_attempt:
                        return made, errors, exc
                    errors[d] = describe_error(exc)
                else:
                    log.warning("PDF of %s: %s — trying once more", d.name, exc)
            except pdf.PdfError as exc:
                errors[d] = describe_error(exc)
                break
    return made, errors, None


def render_chunk(
    settings: Settings, item_id: int, chunk: int, *, plugins: Plugins, final_attempt: bool = True
) -> str:
    """Render (DOCX + PDF) the ``planned`` documents of one chunk, record them, settle the item.

    :param final_attempt: ``False``: a PDF conversion that keeps failing transiently raises
        :class:`naskah.pdf.pool.TransientPdfError` after the documents converted so far are
        recorded (a Celery task retries it later with backoff); ``True``: the failure is
        recorded on the document (``pdf_error``) and its DOCX is archived without PDF.
    :return: the item's status after settling (``running`` while other chunks are left).
    :raises naskah.errors.InputError | PluginError: the workbook or plan cannot be loaded any
        more (fail the item).
    """
    engine = engine_for(settings)
    Session_ = session_factory(engine)  # noqa: N806
    with session_factory(engine, read_only=True)() as s:
        item = s.get(BatchItem, item_id)
        if item is None:
            raise BatchError(_("no batch item {item_id}", item_id=item_id))
        if item.status in BatchStatus.FINISHED:
            return item.status
        rows = _documents(s, item_id)
        batch_id, agency, workbook = item.batch_id, item.agency, workbook_of(settings, item)
        periode, data_version = item.batch.periode, item.data_version
    todo = [r for r in rows if r.chunk == chunk and r.status == DocStatus.PLANNED]
    if not todo:
        return settle_item(settings, item_id, plugins=plugins)

    from naskah.documents.artifacts import use_cache_dir
    from naskah.pipeline import render_document

    use_cache_dir(settings.data_dir / "cache")
    loaded = _load(plugins, item_id, workbook, agency, periode, data_version)
    cycle = loaded.cycle
    cycle.nomor.clear()
    cycle.nomor.update({r.key: r.nomor for r in rows if r.nomor})
    folder = staged_dir(settings, batch_id, item_id)
    folder.mkdir(parents=True, exist_ok=True)

    outcome: dict[int, dict] = {}
    rendered: dict[Path, int] = {}
    for r in todo:
        before = len(cycle.warnings)
        docx = folder / f"{r.position:03d}.docx"
        try:
            planned = loaded.by_key.get(r.key)
            if planned is None:
                raise BatchError(
                    _("{key} is no longer in the agency's plan (the plugins changed since the "
                      "batch was numbered): submit a new batch", key=r.key)
                )
            tmp = docx.with_name(f".{docx.stem}.{os.getpid()}.tmp.docx")
            try:
                render_document(plugins, cycle, planned, r.nomor or None, tmp)
                os.replace(tmp, docx)
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink()
        except Exception as exc:  # noqa: BLE001 - a document that does not render fails once
            log.info("batch item %s: %s did not render: %s", item_id, r.key, exc)
            outcome[r.id] = {"status": DocStatus.FAILED, "error": describe_error(exc)}
        else:
            rendered[docx] = r.id
            outcome[r.id] = {"status": DocStatus.RENDERED, "docx_file": docx.name, "error": ""}
        outcome[r.id]["warnings"] = list(cycle.warnings[before:])

    transient = None
    if rendered and pdf_note(settings) is None:
        made, errors, transient = _convert(settings, list(rendered), final_attempt=final_attempt)
        for docx, doc_id in rendered.items():
            if docx in made:
                outcome[doc_id].update(pdf_file=made[docx].name, pdf_error="")
            elif docx in errors:
                outcome[doc_id].update(pdf_file="", pdf_error=errors[docx])
            else:  # not reached before a transient failure: left for the retry
                del outcome[doc_id]

    with Session_() as s, s.begin():
        for r in _documents(s, item_id):
            fields = outcome.get(r.id)
            if fields is None or r.status != DocStatus.PLANNED:
                continue  # another delivery recorded it first
            for name, value in fields.items():
                setattr(r, name, value)
            r.attempts += 1
            r.updated_at = utcnow()
    if transient is not None:
        raise transient
    return settle_item(settings, item_id, plugins=plugins)


# --- step 3: settle (archive or fail) ----------------------------------------------------------


def settle_item(settings: Settings, item_id: int, *, plugins: Plugins) -> str:
    """Archive the item as one run once none of its documents is ``planned`` (or fail it if
    one failed), and finish the batch when it was the last item. Idempotent.

    :return: the item's status afterwards (``running``: documents still to render).
    """
    Session_ = session_factory(engine_for(settings))  # noqa: N806
    staging = None
    folder = None
    try:
        with Session_() as s, s.begin():
            item = _lock_item(s, item_id)
            if item is None:
                raise BatchError(_("no batch item {item_id}", item_id=item_id))
            if item.status in BatchStatus.FINISHED:
                return item.status
            rows = _documents(s, item_id)
            if not rows or any(r.status == DocStatus.PLANNED for r in rows):
                return item.status
            failed = [r for r in rows if r.status == DocStatus.FAILED]
            if failed:
                item.status = BatchStatus.FAILED
                item.error = describe_error(BatchError(
                    f"{len(failed)} of {len(rows)} document(s) did not render; nothing of "
                    f"{item.agency} was archived (`naskah batch retry {item.batch_id}` after "
                    "the fix):\n" + "\n".join(f"{r.key}: {r.error}" for r in failed)
                ))
                item.finished_at = utcnow()
                _settle_batch(s, item.batch_id)
                return item.status

            periode = Periode.parse(item.batch.periode)
            kinds = plugins.document_kinds(item.agency)
            folder = staged_dir(settings, item.batch_id, item_id)
            _remove_own_orphans(s, settings.archive_dir, item.agency, periode, folder)
            staging = archive.stage_dir(settings.data_dir, item.agency, periode)
            staged = []
            for r in rows:
                if r.kind not in kinds:
                    raise BatchError(_("{key}: document kind {kind!r} is not declared by any "
                                       "plugin any more", key=r.key, kind=r.kind))
                planned = PlannedDocument(item.agency, periode, r.procedure, r.step,
                                          kinds[r.kind], r.variant, r.bidang)
                docx = _link(folder / r.docx_file, staging / f"{r.position:03d}.docx")
                pdf_file = (_link(folder / r.pdf_file, staging / f"{r.position:03d}.pdf")
                            if r.pdf_file else None)
                staged.append(archive.StagedDocument(planned, docx, r.nomor, pdf_file, r.tanggal))
            note = pdf_note(settings)
            no_pdf = [r for r in rows if not r.pdf_file]
            status = (archive.RunStatus.PDF_FAILED if note is None and no_pdf
                      else archive.RunStatus.COMMITTED)
            meta = archive.RunMeta(item.agency, periode, Path(item.workbook).name,
                                   item.data_version, status, reason=archive.RunReason.BATCH,
                                   created_by=item.batch.created_by)
            run = archive.commit_run(s, settings.archive_dir, meta, staged)
            by_key = {d.key: d.id for d in run.documents}
            for r in rows:
                r.document_id = by_key[r.key]
            item.run_id = run.id
            item.status = BatchStatus.DONE
            item.documents = len(rows)
            item.pdf_failed = len(no_pdf) if note is None else 0
            if note is not None:
                item.error = note
            elif no_pdf:
                item.error = (
                    f"PDF conversion failed for {len(no_pdf)} document(s); their DOCX files "
                    "are archived:\n" + "\n".join(f"{r.key}: {r.pdf_error}" for r in no_pdf)
                )[:4000]
            else:
                item.error = ""
            item.finished_at = utcnow()
            _settle_batch(s, item.batch_id)
            result = item.status
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    if result == BatchStatus.DONE and folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def _remove_own_orphans(s: Session, archive_dir: Path, agency: str, periode: Periode,
                        folder: Path) -> None:
    """Remove version folders left by an earlier attempt of this item that died between moving
    its files into the archive and committing (see :mod:`naskah.archive.store`): folders newer than
    every indexed run of (agency, periode) whose files are all hard links of this item's staged
    files (same inode). Anything else is left alone."""
    if not folder.is_dir():
        return
    ours = {(st.st_dev, st.st_ino) for st in (f.stat() for f in folder.iterdir() if f.is_file())}
    newest = s.scalar(select(func.max(archive.Run.version)).where(
        archive.Run.agency == agency, archive.Run.periode == periode.key)) or 0
    parent = Path(archive_dir) / archive.run_relpath(agency, periode, 1).parent
    if not parent.is_dir():
        return
    for child in sorted(parent.iterdir()):
        if not (child.name.startswith("v") and child.name[1:].isdigit()):
            continue
        if int(child.name[1:]) <= newest:
            continue
        files = [f for f in child.rglob("*") if f.is_file()]
        if files and all((f.stat().st_dev, f.stat().st_ino) in ours for f in files):
            log.warning("removing %s: left by an interrupted archive of this batch item", child)
            shutil.rmtree(child)


def fail_item(settings: Settings, item_id: int, exc: BaseException) -> None:
    """Record that the item failed because of ``exc`` (unless it already finished) and finish
    the batch when it was the last item."""
    Session_ = session_factory(engine_for(settings))  # noqa: N806
    with Session_() as s, s.begin():
        item = _lock_item(s, item_id)
        if item is None or item.status in BatchStatus.FINISHED:
            return
        item.status = BatchStatus.FAILED
        item.error = describe_error(exc)
        item.finished_at = utcnow()
        _settle_batch(s, item.batch_id)


def fail_batch(settings: Settings, batch_id: int, exc: BaseException) -> None:
    """Record that the batch itself broke (``Batch.error``); its open items fail with it."""
    Session_ = session_factory(engine_for(settings))  # noqa: N806
    with Session_() as s, s.begin():
        batch = s.get(Batch, batch_id, with_for_update=True)
        if batch is None:
            return
        for item in batch.items:
            if item.status not in BatchStatus.FINISHED:
                item.status, item.error, item.finished_at = (
                    BatchStatus.FAILED, "the batch broke (see its error)", utcnow())
        batch.status, batch.error, batch.finished_at = (
            BatchStatus.FAILED, describe_error(exc), utcnow())
        _settle_batch(s, batch_id)


# --- retry -------------------------------------------------------------------------------------


def reset_failed(settings: Settings, batch_id: int, *, resend: bool = False,
                 item_ids: Collection[int] | None = None) -> int:
    """Re-queue what failed in a finished batch: its failed items (only ``item_ids`` when
    given), and within them only the documents that failed (or whose staged file is gone).
    Rendered documents and their numbers are kept. Returns the number of items to send to the
    executor again (``0``: nothing to do). ``naskah batch retry`` and the batch page both call it.

    :param resend: also accept a batch that is not finished (its open items are counted): for a
        batch whose messages were lost (a broker restarted without persistence, workers that
        never ran). Safe even while workers still run it — every step finds its work done —
        but work in flight may be done twice.
    :raises BatchError: no such batch, or it is not finished and ``resend`` is false.
    """
    Session_ = session_factory(engine_for(settings))  # noqa: N806
    with Session_() as s, s.begin():
        batch = s.get(Batch, batch_id, with_for_update=True)
        if batch is None:
            raise BatchError(_("no batch {batch_id}", batch_id=batch_id))
        if batch.status not in BatchStatus.FINISHED and not resend:
            raise BatchError(
                _("batch {batch_id} is still {status}: wait until it finishes (or, if its "
                  "workers lost it, send it again with --resend)", batch_id=batch_id,
                  status=batch.status)
            )
        count = 0
        for item in batch.items:
            if item.status in (BatchStatus.QUEUED, BatchStatus.RUNNING):
                count += 1
                continue
            if item.status != BatchStatus.FAILED or (item_ids is not None
                                                     and item.id not in item_ids):
                continue
            count += 1
            folder = staged_dir(settings, batch_id, item.id)
            for r in _documents(s, item.id):
                gone = r.status == DocStatus.RENDERED and not (folder / r.docx_file).is_file()
                if r.status == DocStatus.FAILED or gone:
                    r.status, r.error, r.docx_file, r.pdf_file, r.pdf_error = (
                        DocStatus.PLANNED, "", "", "", "")
            item.status, item.error, item.finished_at = BatchStatus.QUEUED, "", None
        if count and batch.status in BatchStatus.FINISHED:
            batch.status, batch.error, batch.finished_at = BatchStatus.QUEUED, "", None
        _settle_batch(s, batch_id)
        return count
