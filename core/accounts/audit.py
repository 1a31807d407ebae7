"""The audit log: who signed in, viewed, downloaded, generated, re-numbered and decided — kept in
the database (table ``audit_event``), not only in a web server's access log.

Events are written by the code that does the thing, in its own transaction where there is one
(a run's event commits or rolls back with the run; a decision's with the decision), and in a
short transaction of their own for reads (viewing, downloading) and sign-ins. Nothing in the
service updates or deletes an event.

Actions (:class:`Action`) and the object they name (``object_type``/``object_id``)::

    masuk / masuk_gagal / keluar     a web sign-in, a refused one (detail: why), a sign-out
    lihat                            a document page viewed            (document, id)
    unduh                            a DOCX/PDF/ZIP/merged PDF taken   (document|run|set, id)
    buat                             documents archived (a run)        (run, id; detail: reason)
    nomor_baru                       a run that issued new letters     (run|batch, id)
    mulai_siklus                     an SOP cycle started              (siklus, id; detail)
    selesai_langkah                  a cycle step completed            (siklus, id; detail)
    putuskan                         a YA/TIDAK decision of the cycle  (siklus, id; detail)
    pengguna_tambah / pengguna_ubah  a user added, given another role  (user, name; detail)
    sandi_reset / pengguna_cabut     a password reset, a user revoked  (user, name)
    batch_ulang                      failed items of a batch re-queued (batch, id; detail)

:func:`list_events` filters them; :func:`write_csv` exports them (the admin page offers both).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TextIO

from sqlalchemy import Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from naskah.db import Base, UtcDateTime, utcnow
from naskah.i18n import N_


class Action(StrEnum):
    """What happened (Indonesian words: they are shown and filtered as such)."""

    MASUK = "masuk"
    MASUK_GAGAL = "masuk_gagal"
    KELUAR = "keluar"
    LIHAT = "lihat"
    UNDUH = "unduh"
    BUAT = "buat"
    NOMOR_BARU = "nomor_baru"
    MULAI_SIKLUS = "mulai_siklus"
    SELESAI_LANGKAH = "selesai_langkah"
    PUTUSKAN = "putuskan"
    PENGGUNA_TAMBAH = "pengguna_tambah"
    PENGGUNA_UBAH = "pengguna_ubah"
    SANDI_RESET = "sandi_reset"
    PENGGUNA_CABUT = "pengguna_cabut"
    BATCH_ULANG = "batch_ulang"
    TANDATANGANI = "tandatangani"
    TANDATANGANI_GAGAL = "tandatangani_gagal"


ACTION_LABELS = {
    Action.MASUK: N_("Signed in"), Action.MASUK_GAGAL: N_("Failed sign-in"),
    Action.KELUAR: N_("Signed out"), Action.LIHAT: N_("Viewed"), Action.UNDUH: N_("Downloaded"),
    Action.BUAT: N_("Made documents"), Action.NOMOR_BARU: N_("Issued a new number"),
    Action.MULAI_SIKLUS: N_("Started an SOP cycle"), Action.SELESAI_LANGKAH: N_("Completed a step"),
    Action.PUTUSKAN: N_("Decided"),
    Action.PENGGUNA_TAMBAH: N_("Added a user"), Action.PENGGUNA_UBAH: N_("Changed a user's role"),
    Action.SANDI_RESET: N_("Reset a password"), Action.PENGGUNA_CABUT: N_("Revoked a user"),
    Action.BATCH_ULANG: N_("Retried a batch"),
    Action.TANDATANGANI: N_("Signed electronically (TTE)"),
    Action.TANDATANGANI_GAGAL: N_("Failed to sign (TTE)"),
}
"""Message ids of the actions (translate with :func:`naskah.i18n._` where shown)."""


class AuditEvent(Base):
    """One thing someone did. ``actor`` is the user name (or the CLI login name; empty if
    unknown); ``agency`` the agency the object belongs to (for filtering), if any."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200), default="", index=True)
    action: Mapped[str] = mapped_column(String(20), index=True)
    object_type: Mapped[str] = mapped_column(String(20), default="")
    object_id: Mapped[str] = mapped_column(String(200), default="")
    agency: Mapped[str] = mapped_column(String(100), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(64), default="")


def record(
    session: Session,
    actor: str,
    action: Action | str,
    *,
    object_type: str = "",
    object_id: object = "",
    agency: str = "",
    detail: str = "",
    address: str = "",
) -> AuditEvent:
    """Add one event to the caller's transaction (does not commit). Long values are cut to fit.

    :raises ValueError: an unknown action.
    """
    event = AuditEvent(
        at=utcnow(), actor=(actor or "")[:200], action=Action(action).value,
        object_type=object_type[:20], object_id=str(object_id)[:200], agency=(agency or "")[:100],
        detail=(detail or "")[:2000], address=(address or "")[:64],
    )
    session.add(event)
    return event


@dataclass(frozen=True)
class AuditQuery:
    """Filters (``None``/empty: any): actor (exact), action, agency, ``since``/``until``
    (UTC, inclusive / exclusive)."""

    actor: str | None = None
    action: str | None = None
    agency: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _filtered(query: AuditQuery):
    q = select(AuditEvent)
    if query.actor:
        q = q.where(AuditEvent.actor == query.actor)
    if query.action:
        q = q.where(AuditEvent.action == query.action)
    if query.agency:
        q = q.where(AuditEvent.agency == query.agency)
    if query.since:
        q = q.where(AuditEvent.at >= query.since)
    if query.until:
        q = q.where(AuditEvent.at < query.until)
    return q


def list_events(session: Session, query: AuditQuery, *, limit: int = 100,
                offset: int = 0) -> tuple[int, list[AuditEvent]]:
    """``(total matching, one page)``, newest first."""
    q = _filtered(query)
    total = session.scalar(select(func.count()).select_from(q.subquery())) or 0
    page = q.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit).offset(offset)
    return total, list(session.scalars(page))


def all_events(session: Session, query: AuditQuery) -> Iterable[AuditEvent]:
    """Every matching event, newest first, read in batches (for the CSV export)."""
    q = _filtered(query).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    yield from session.scalars(q.execution_options(yield_per=500))


CSV_COLUMNS = ("waktu_utc", "pengguna", "aksi", "jenis_objek", "objek", "instansi", "keterangan",
               "alamat")


def write_csv(events: Iterable[AuditEvent], out: TextIO) -> int:
    """Write events as CSV (header :data:`CSV_COLUMNS`, UTC ISO times); returns the rows.

    Cells starting with ``=``, ``+``, ``-`` or ``@`` get a leading ``'`` so a spreadsheet never
    runs them as formulas (OWASP CSV injection).
    """
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    n = 0
    for e in events:
        writer.writerow([_cell(v) for v in (
            e.at.isoformat(timespec="seconds"), e.actor, e.action, e.object_type, e.object_id,
            e.agency, e.detail, e.address)])
        n += 1
    return n


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
