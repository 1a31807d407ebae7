"""Database plumbing: the engine and session factory for the archive index and numbering register.

One database holds everything naskah indexes (``naskah.archive.store`` and
``naskah.archive.numbering``
tables). The URL comes from ``Settings.database``: SQLite in ``data_dir`` by default, or
PostgreSQL (``postgresql+psycopg://user@host/db``).

SQLite specifics, set on every new connection by :func:`make_engine`:

- ``PRAGMA journal_mode=WAL`` (readers don't block the writer), ``PRAGMA foreign_keys=ON``,
  ``PRAGMA busy_timeout`` (a writer waits for the lock instead of failing at once);
- transactions are begun by SQLAlchemy, not by the ``sqlite3`` module, as ``BEGIN IMMEDIATE``:
  the write lock is taken at the start of the transaction, so two writers can never read the
  same state and then both write (what :func:`naskah.archive.numbering.allocate` relies on).
  Sessions of
  a ``session_factory(engine, read_only=True)`` begin ``DEFERRED`` instead and don't hold the
  write lock while they read; :func:`begin_immediate` turns a fresh one into a write transaction.

Models subclass :class:`Base`; its metadata has a naming convention so constraint names are
stable for migrations. Timestamps use :class:`UtcDateTime` (timezone-aware UTC on every dialect).
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

SQLITE_BEGIN_OPTION = "naskah_sqlite_begin"
"""Execution option naming how a SQLite transaction begins: ``"IMMEDIATE"`` or ``"DEFERRED"``."""

_BEGIN_MODE_KEY = "naskah_sqlite_begin_mode"
_BEGIN_MODES = ("IMMEDIATE", "DEFERRED")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every naskah table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always returned timezone-aware (``tzinfo=UTC``).

    SQLite keeps no zone, PostgreSQL ``timestamptz`` does; this type gives the same Python value
    on both. Naive datetimes are refused (``ValueError``): say which zone you mean.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give a timezone-aware value")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC (default of every ``created_at`` column)."""
    return datetime.now(UTC)


def make_engine(url: str, *, sqlite_busy_timeout_ms: int = 30_000, **kwargs: Any) -> Engine:
    """An engine for ``url`` (e.g. ``Settings.database``), with naskah's SQLite settings.

    For a SQLite file the parent directory is created if missing. ``sqlite_busy_timeout_ms`` is
    how long (milliseconds) a SQLite connection waits for another writer's lock before failing
    with ``OperationalError: database is locked``. Other keyword arguments go to
    :func:`sqlalchemy.create_engine`. Other dialects get no special treatment.
    """
    u = make_url(url)
    engine = create_engine(u, **kwargs)
    if u.get_backend_name() != "sqlite":
        return engine

    db = u.database or ""
    if db and db != ":memory:" and not db.startswith("file:") and u.query.get("mode") != "memory":
        Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy emits BEGIN itself (see _sqlite_begin); stop sqlite3 from doing it.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(sqlite_busy_timeout_ms)}")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn: Connection) -> None:
        mode = str(conn.get_execution_options().get(SQLITE_BEGIN_OPTION, "IMMEDIATE")).upper()
        if mode not in _BEGIN_MODES:
            raise ValueError(f"{SQLITE_BEGIN_OPTION} must be one of {_BEGIN_MODES}, got {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")
        conn.info[_BEGIN_MODE_KEY] = mode

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _sqlite_end(conn: Connection) -> None:
        conn.info.pop(_BEGIN_MODE_KEY, None)

    return engine


def session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """A ``sessionmaker`` bound to ``engine``; objects stay loaded after commit.

    ``read_only=True``: on SQLite its transactions begin ``DEFERRED`` (no write lock while
    reading); call :func:`begin_immediate` first in such a session before writing. Elsewhere the
    flag changes nothing (it does not make the session refuse writes).
    """
    bind: Engine = engine
    if read_only and engine.dialect.name == "sqlite":
        bind = engine.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})
    return sessionmaker(bind=bind, expire_on_commit=False)


def begin_immediate(session: Session) -> Connection:
    """Begin (or confirm) the session's transaction as a write transaction; returns its connection.

    On SQLite: if the session has no transaction yet, it begins with ``BEGIN IMMEDIATE``; if it
    already has one, that one must have begun IMMEDIATE (every transaction of a session from
    ``session_factory(engine)`` does), else ``RuntimeError``, because a DEFERRED transaction that
    has read can't safely become a writer. On other databases it just begins the transaction.

    Raises ``RuntimeError`` also for a SQLite engine not made by :func:`make_engine`.
    """
    if session.get_bind().dialect.name != "sqlite":
        return session.connection()
    with warnings.catch_warnings():
        # "Connection is already established ...; execution_options ignored": checked below.
        warnings.simplefilter("ignore")
        conn = session.connection(execution_options={SQLITE_BEGIN_OPTION: "IMMEDIATE"})
    mode = conn.info.get(_BEGIN_MODE_KEY)
    if mode != "IMMEDIATE":
        how = "not begun by naskah.db.make_engine" if mode is None else f"begun {mode}"
        raise RuntimeError(
            f"the session's SQLite transaction was {how}; a write that must not race needs "
            "BEGIN IMMEDIATE: use an engine from naskah.db.make_engine and call "
            "begin_immediate(session) before the transaction's first statement"
        )
    return conn
