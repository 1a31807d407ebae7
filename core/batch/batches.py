"""Batches: several agencies' workbooks for one period, run as one unit of work and followed.

:func:`submit_batch` records a :class:`Batch` with one :class:`BatchItem` per agency (state in
the database, so any process can follow it), copies the workbooks into
``<data_dir>/batches/<id>/`` and hands the batch ID to an *executor*. The work itself is done by
the steps of :mod:`naskah.batch.steps` — prepare (plan + number), render chunks of documents
(DOCX + PDF), settle (archive each item as one run) — and their state is in the database too
(:class:`naskah.batch.state.BatchDocument`). A document belongs to a batch through its run:
``Document.run_id`` = ``BatchItem.run_id``.

One code path, two executors (``executor(settings, batch_id)``, returns at once):

- :func:`thread_executor` (the embedded default, no broker): :func:`run_batch` in a background
  thread of the calling process, the steps one after the other;
- :func:`naskah.workers.tasks.celery_executor` when ``settings.queue.broker_url`` is set: the
  same steps as Celery tasks on ``naskah worker`` processes, the chunks of all items in
  parallel. :func:`default_executor` picks one from the settings.

States: a batch is ``queued`` → ``running`` → ``done`` (every item archived), ``partial`` (some
failed) or ``failed`` (all failed, or the batch itself broke: ``Batch.error``). An item is
``queued`` → ``running`` → ``done`` | ``failed`` (``BatchItem.error`` says why; for a ``done``
item it names the documents archived without PDF, ``BatchItem.pdf_failed`` counts them).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from naskah.db import Base, UtcDateTime, make_engine, session_factory, utcnow
from naskah.errors import InputError, NaskahError
from naskah.i18n import _
from naskah.model import Periode
from naskah.settings import Settings

log = logging.getLogger(__name__)

Executor = Callable[[Settings, int], None]
"""Schedules ``run_batch(settings, batch_id)`` somewhere and returns at once."""

_ERROR_CHARS = 4000


class BatchError(NaskahError):
    """A batch was refused at submission (no agency, agencies and workbooks don't pair up …)."""


class BatchStatus:
    """Values of ``Batch.status`` and ``BatchItem.status``."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    PARTIAL = "partial"
    """Batch only: some items are done, some failed."""
    FAILED = "failed"

    FINISHED = frozenset({DONE, PARTIAL, FAILED})


class Batch(Base):
    """One batch: agencies × one period. Counts are of items (agencies), not documents."""

    __tablename__ = "batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    """Name of the user (or ``cli``) who submitted it."""
    agencies: Mapped[list[str]] = mapped_column(JSON)
    periode: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20), default=BatchStatus.QUEUED)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    items: Mapped[list[BatchItem]] = relationship(
        back_populates="batch", order_by="BatchItem.id", lazy="selectin"
    )

    def __repr__(self) -> str:
        counts = f"{self.done}+{self.failed}/{self.total}"
        return f"<Batch {self.id} {self.periode} {self.status} {counts}>"


class BatchItem(Base):
    """One agency of a batch: its workbook, state, and the archive run it produced."""

    __tablename__ = "batch_item"
    __table_args__ = (UniqueConstraint("batch_id", "agency"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id"), index=True)
    agency: Mapped[str] = mapped_column(String(100))
    workbook: Mapped[str] = mapped_column(Text)
    """Path of the batch's copy of the workbook (under ``<data_dir>/batches/<id>/``)."""
    status: Mapped[str] = mapped_column(String(20), default=BatchStatus.QUEUED)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True, index=True)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    """Documents of its trail (known once it is prepared)."""
    error: Mapped[str] = mapped_column(Text, default="")
    data_version: Mapped[str] = mapped_column(String(64), default="", server_default="")
    """sha256 of the workbook (set when the item is prepared)."""
    pdf_failed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Documents archived without PDF (their conversion failed)."""
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    """Warnings of the preparation (missing kode unit, dates …)."""
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    batch: Mapped[Batch] = relationship(back_populates="items")


# --- submitting --------------------------------------------------------------------------------


def submit_batch(
    settings: Settings,
    agency_slugs: Sequence[str],
    periode: str,
    workbook_paths: Sequence[Path],
    *,
    created_by: str = "",
    executor: Executor,
    again: bool = False,
    idempotency_key: str = "",
    new_numbers: bool = False,
) -> int:
    """Record a batch and hand it to ``executor`` (or find the same one): the batch ID.

    See :func:`submit_or_find`, of which this is the ID."""
    batch_id, _ = submit_or_find(settings, agency_slugs, periode, workbook_paths,
                                 created_by=created_by, executor=executor, again=again,
                                 idempotency_key=idempotency_key, new_numbers=new_numbers)
    return batch_id


IDEMPOTENCY_FILE = "idempotency-key"
"""File of a batch's folder holding the ``Idempotency-Key`` it was submitted with (API)."""
NEW_NUMBERS_FILE = "nomor-baru"
"""File of a batch's folder present when its letters take new numbers (``naskah run
--nomor-baru``): read by :func:`naskah.batch.steps.prepare_item` (:func:`wants_new_numbers`)."""


def wants_new_numbers(settings: Settings, batch_id: int) -> bool:
    """Whether the batch was submitted with ``new_numbers`` (its folder holds the marker)."""
    return (batch_dir(settings, batch_id) / NEW_NUMBERS_FILE).is_file()
SAME_BATCH_STATUSES = (BatchStatus.QUEUED, BatchStatus.RUNNING, BatchStatus.DONE)
"""A batch in one of these answers a new submission of the same work (not a failed one)."""


def submit_or_find(
    settings: Settings,
    agency_slugs: Sequence[str],
    periode: str,
    workbook_paths: Sequence[Path],
    *,
    created_by: str = "",
    executor: Executor,
    again: bool = False,
    idempotency_key: str = "",
    new_numbers: bool = False,
) -> tuple[int, bool]:
    """Record a batch (one item per agency, workbooks copied) and hand it to ``executor``;
    or, when the same batch was already submitted, answer with it: ``(batch ID, new?)``.

    ``agency_slugs[i]`` is rendered from ``workbook_paths[i]`` for ``periode`` (``YYYY-TWn``).
    The workbooks are copied to ``<data_dir>/batches/<id>/<agency>.xlsx``: the caller may delete
    its files once this returns. ``executor`` runs it:
    :func:`naskah.batch.inprocess.thread_executor` here, or the Celery one
    (:func:`naskah.workers.executors.default_executor` chooses).

    Submission is idempotent (a double click, a repeated command, two POSTs 50 ms apart): a
    batch of the same period and agencies whose workbooks have the same sha256, ``queued``,
    ``running`` or ``done``, is answered instead of a new one, as is the batch submitted with the
    same ``idempotency_key``. Submissions are serialised (SQLite's write lock, a PostgreSQL
    advisory lock) so two at once find each other. ``again``: always a new batch.

    ``new_numbers``: new letters — every numbered document takes a new register number, as
    ``naskah run --nomor-baru`` (default: a letter archived before keeps its number). Such a
    batch is always a new one (as with ``again``): it is never answered by an earlier batch.

    :raises BatchError: no agency, an agency twice, unsafe slug, counts differ, a workbook
        missing, or a bad period. Nothing is recorded then.
    """
    from naskah.archive.store import file_sha256, run_relpath

    agencies = list(agency_slugs)
    workbooks = [Path(p) for p in workbook_paths]
    if not agencies:
        raise BatchError(_("a batch needs at least one agency"))
    if len(agencies) != len(workbooks):
        raise BatchError(_("{n} agencies but {n2} workbooks: one each", n=len(agencies),
                           n2=len(workbooks)))
    if len(set(agencies)) != len(agencies):
        raise BatchError(_("an agency appears twice in the batch"))
    try:
        key = Periode.parse(periode).key
        for slug in agencies:
            run_relpath(slug, key, 1)
    except (ValueError, NaskahError) as exc:
        raise BatchError(str(exc)) from None
    missing = [str(p) for p in workbooks if not p.is_file()]
    if missing:
        raise BatchError(_("workbook(s) not found: {value}", value=', '.join(missing)))
    shas = {slug: file_sha256(p)[0] for slug, p in zip(agencies, workbooks, strict=True)}
    idempotency_key = idempotency_key.strip()[:200]

    engine = _engine(settings)
    try:
        with session_factory(engine)() as s, s.begin():
            _lock_submissions(s)
            if not again and not new_numbers:
                found = _same_batch(s, settings, key, shas, idempotency_key)
                if found is not None:
                    log.info("batch %s answers a repeated submission", found)
                    return found, False
            batch = Batch(created_by=created_by, agencies=agencies, periode=key,
                          total=len(agencies))
            s.add(batch)
            s.flush()
            folder = batch_dir(settings, batch.id)
            folder.mkdir(parents=True, exist_ok=True)
            try:
                for slug, source in zip(agencies, workbooks, strict=True):
                    target = folder / f"{slug}.xlsx"
                    shutil.copyfile(source, target)
                    s.add(BatchItem(batch=batch, agency=slug, workbook=str(target)))
                if idempotency_key:
                    (folder / IDEMPOTENCY_FILE).write_text(idempotency_key, encoding="utf-8")
                if new_numbers:
                    (folder / NEW_NUMBERS_FILE).write_text("1", encoding="utf-8")
                s.flush()
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            batch_id = batch.id
    finally:
        engine.dispose()
    executor(settings, batch_id)
    return batch_id, True


def _lock_submissions(s: Session) -> None:
    """Serialise submissions until the transaction ends: SQLite transactions hold the write
    lock from their start (``BEGIN IMMEDIATE``, :mod:`naskah.db`); PostgreSQL takes an
    advisory lock."""
    from sqlalchemy import text

    from naskah.db import begin_immediate

    conn = begin_immediate(s)
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SUBMIT_LOCK})


_SUBMIT_LOCK = 0x6E61736B  # "nask": the advisory lock of batch submission


def _same_batch(s: Session, settings: Settings, periode: str, shas: dict[str, str],
                idempotency_key: str) -> int | None:
    """The batch already submitted for the same work (see :func:`submit_or_find`), or None."""
    from naskah.archive.store import file_sha256

    if idempotency_key:
        recent = s.scalars(select(Batch.id).order_by(Batch.id.desc()).limit(1000))
        for batch_id in recent:
            marker = batch_dir(settings, batch_id) / IDEMPOTENCY_FILE
            if marker.is_file() and marker.read_text(encoding="utf-8") == idempotency_key:
                return batch_id
    candidates = s.scalars(
        select(Batch).where(Batch.periode == periode, Batch.status.in_(SAME_BATCH_STATUSES))
        .order_by(Batch.id.desc())
    )
    for batch in candidates:
        if sorted(batch.agencies) != sorted(shas):
            continue
        same = True
        for item in batch.items:
            copy = Path(item.workbook)
            sha = item.data_version or (file_sha256(copy)[0] if copy.is_file() else "")
            if sha != shas.get(item.agency):
                same = False
                break
        if same:
            return batch.id
    return None


def batch_dir(settings: Settings, batch_id: int) -> Path:
    """``<data_dir>/batches/<id>``: the batch's copies of its workbooks."""
    return Path(settings.data_dir) / "batches" / str(int(batch_id))


# --- running -----------------------------------------------------------------------------------


def _engine(settings: Settings):
    from naskah.archive.store import init_db

    engine = make_engine(settings.database)
    init_db(engine)
    return engine


def describe_error(exc: BaseException) -> str:
    """A message for the database (shown to users): every problem of an ``InputError``, a
    naskah error's text, else "unexpected error" and the exception's text, never its class
    name (logged with the traceback instead); at most 4,000 characters."""
    if isinstance(exc, InputError):
        text = f"{len(exc.problems)} problem(s) in the workbook:\n" + "\n".join(
            str(p) for p in exc.problems
        )
    elif isinstance(exc, NaskahError):
        text = str(exc)
    else:
        from naskah.i18n import _

        log.error("unexpected error", exc_info=exc)
        detail = str(exc).strip()
        text = (_("unexpected error: {detail}", detail=detail) if detail
                else _("unexpected error (the worker's log has the details)"))
    return text[:_ERROR_CHARS]


# --- reading -----------------------------------------------------------------------------------


def get_batch(session: Session, batch_id: int) -> Batch | None:
    """The batch with this ID (its items loaded), or ``None``."""
    return session.get(Batch, batch_id)


def list_batches(session: Session, agency: str | None = None, limit: int = 100) -> list[Batch]:
    """The newest batches first; ``agency``: only batches with an item of that agency."""
    q = select(Batch).order_by(Batch.id.desc()).limit(limit)
    if agency is not None:
        q = q.where(Batch.id.in_(select(BatchItem.batch_id).where(BatchItem.agency == agency)))
    return list(session.scalars(q))
