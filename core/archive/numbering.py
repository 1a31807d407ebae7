"""The numbering register: sequence numbers of naskah dinas per (agency, tahun, kode klasifikasi).

A nomor such as ``000.8.6.3/0007/Dinsos/2025`` has a sequence number (``7``) taken from a
register kept per agency, year and kode klasifikasi arsip. Numbers restart each year and must
never repeat or skip (domain brief §3). Hence:

- :func:`allocate` takes numbers inside the caller's transaction: a rollback gives them back,
  a commit makes them final; concurrent callers wait for each other (a row lock on PostgreSQL,
  the database write lock on SQLite, see :func:`naskah.db.begin_immediate`);
- :func:`record` keeps, in the same transaction, which document got which nomor;
- :func:`format_nomor` prints the nomor from the region's pattern.

Typical use, one transaction per batch of documents::

    with Session() as s, s.begin():
        begin_immediate(s)  # SQLite: take the write lock first (no-op check elsewhere)
        [n] = allocate(s, "dinsos-p3a-pessel", 2025, "000.8.6.3")
        nomor = format_nomor(pattern, kode="000.8.6.3", nomor=n, unit="Dinsos", tanggal=d)
        record(s, "dinsos-p3a-pessel", 2025, "000.8.6.3", n, nomor, doc.key)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from naskah.archive.nomor import BULAN_ROMAWI, MISSING_UNIT, NOMOR_FIELDS, format_nomor
from naskah.db import Base, UtcDateTime, begin_immediate, utcnow

__all__ = ["BULAN_ROMAWI", "MISSING_UNIT", "NOMOR_FIELDS", "NomorIssued", "Register", "allocate",
           "format_nomor", "last_number", "number_for_letter", "record"]




class Register(Base):
    """The last sequence number given out per (agency, tahun, kode klasifikasi)."""

    __tablename__ = "register"
    __table_args__ = (UniqueConstraint("agency", "tahun", "kode_klasifikasi"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency: Mapped[str] = mapped_column(String(100))
    tahun: Mapped[int] = mapped_column(Integer)
    kode_klasifikasi: Mapped[str] = mapped_column(String(50))
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class NomorIssued(Base):
    """One issued nomor: which number went to which document (``PlannedDocument.key``)."""

    __tablename__ = "nomor_issued"
    __table_args__ = (UniqueConstraint("agency", "tahun", "kode_klasifikasi", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency: Mapped[str] = mapped_column(String(100))
    tahun: Mapped[int] = mapped_column(Integer)
    kode_klasifikasi: Mapped[str] = mapped_column(String(50))
    number: Mapped[int] = mapped_column(Integer)
    nomor: Mapped[str] = mapped_column(Text)
    document_key: Mapped[str] = mapped_column(Text, index=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


def _key_filter(agency: str, tahun: int, kode: str) -> tuple:
    return (
        Register.agency == agency,
        Register.tahun == tahun,
        Register.kode_klasifikasi == kode,
    )


def allocate(session: Session, agency: str, tahun: int, kode: str, count: int = 1) -> list[int]:
    """The next ``count`` sequence numbers of the register (agency, tahun, kode), ascending.

    Runs in the caller's transaction and does not commit: a rollback returns the numbers (the
    next caller gets them again), so committed numbers never skip or repeat. The register row
    is created on first use (``INSERT … ON CONFLICT DO NOTHING``), then locked and advanced with
    one ``UPDATE … RETURNING`` (a row lock held until the caller's transaction ends; concurrent
    allocators wait for it).

    On SQLite the transaction must hold the write lock from its start (``BEGIN IMMEDIATE``):
    sessions of ``naskah.db.session_factory(engine)`` do; this calls
    :func:`naskah.db.begin_immediate`, which raises ``RuntimeError`` otherwise.

    Raises ``ValueError`` for ``count < 1``, an empty agency or kode, or a tahun outside
    2000..2100.
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    _check_register(agency, tahun, kode)
    last = _advance(session, agency, tahun, kode, count)
    return list(range(last - count + 1, last + 1))


def _check_register(agency: str, tahun: int, kode: str) -> None:
    """:raises ValueError: an empty agency or kode, or a tahun outside 2000..2100."""
    if not agency or not kode:
        raise ValueError(f"agency and kode must not be empty (got {agency!r}, {kode!r})")
    if not 2000 <= tahun <= 2100:
        raise ValueError(f"tahun must be 2000..2100, got {tahun}")


def _advance(session: Session, agency: str, tahun: int, kode: str, count: int) -> int:
    """Create the register row if missing, lock it, add ``count`` (may be 0: lock only);
    return its last number."""
    begin_immediate(session)
    dialect = session.get_bind().dialect.name
    values = {"agency": agency, "tahun": tahun, "kode_klasifikasi": kode, "last_number": 0}
    index = ["agency", "tahun", "kode_klasifikasi"]
    # the dialect's insert imported where used: a SQLite run does not load PostgreSQL's
    # dialect (≈ 25 ms of every naskah run, issue 15)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        ins = pg_insert(Register).values(**values).on_conflict_do_nothing(index_elements=index)
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        ins = sqlite_insert(Register).values(**values).on_conflict_do_nothing(index_elements=index)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"numbering register not supported on {dialect}")
    session.execute(ins)

    last = session.execute(
        update(Register)
        .where(*_key_filter(agency, tahun, kode))
        .values(last_number=Register.last_number + count)
        .returning(Register.last_number)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    # Register objects already loaded in this session would show a stale last_number.
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Register):
            session.expire(obj)
    return last


def number_for_letter(
    session: Session, agency: str, tahun: int, kode: str, letter: str, *, new: bool = False,
    unused: Callable[[NomorIssued], bool] | None = None,
) -> tuple[int, bool]:
    """The sequence number of a letter: the one it already has, or the next of the register.

    A letter is one document of a set (``letter`` = ``PlannedDocument.key``: agency, period,
    procedure, step, kind, variant, bidang). Regenerating it (a re-run, a cycle step, a batch)
    makes a new version of the same letter, which keeps its nomor; only a new letter
    (``new=True``, ``naskah run --nomor-baru``) takes a new number — except when the letter's
    newest number is still ``unused(issued)`` (issued by a run that failed or was killed before
    archiving: no archived document bears it): a new letter then takes that one again, so a
    failed ``--nomor-baru`` run burns no number. A number is kept only within its register
    (agency, tahun, kode klasifikasi): a letter whose date moved to another year gets a number
    of that year's register.

    Returns ``(number, reused)``; when not reused the caller must :func:`record` the number in
    the same transaction. The register row is locked first (created if missing), so two
    concurrent runs of the same letter cannot both miss the recorded number and take two.

    Raises as :func:`allocate`.
    """
    if not new or unused is not None:
        _lock_register(session, agency, tahun, kode)
        existing = session.scalar(
            select(NomorIssued)
            .where(NomorIssued.agency == agency, NomorIssued.tahun == tahun,
                   NomorIssued.kode_klasifikasi == kode, NomorIssued.document_key == letter)
            .order_by(NomorIssued.number.desc())
            .limit(1)
        )
        if existing is not None and (not new or unused(existing)):
            return existing.number, True
    (number,) = allocate(session, agency, tahun, kode)
    return number, False


def _lock_register(session: Session, agency: str, tahun: int, kode: str) -> None:
    """Create the register row if missing and hold its lock until the transaction ends."""
    _check_register(agency, tahun, kode)
    _advance(session, agency, tahun, kode, 0)


def last_number(session: Session, agency: str, tahun: int, kode: str) -> int:
    """The last number given out by the register (0 if it was never used). Takes no lock."""
    value = session.scalar(select(Register.last_number).where(*_key_filter(agency, tahun, kode)))
    return value or 0


def record(
    session: Session,
    agency: str,
    tahun: int,
    kode: str,
    number: int,
    nomor_text: str,
    document_key: str,
) -> NomorIssued:
    """Note that ``number`` (printed ``nomor_text``) went to the document ``document_key``.

    Call in the transaction that allocated the number. Raises ``ValueError`` if the number was
    not allocated by the register (``number < 1`` or beyond its last number);
    ``sqlalchemy.exc.IntegrityError`` at flush if the number was already recorded.
    """
    if number < 1 or number > last_number(session, agency, tahun, kode):
        raise ValueError(
            f"number {number} was not allocated by the register ({agency}, {tahun}, {kode})"
        )
    row = NomorIssued(
        agency=agency,
        tahun=tahun,
        kode_klasifikasi=kode,
        number=number,
        nomor=nomor_text,
        document_key=document_key,
    )
    session.add(row)
    session.flush()
    return row
