"""One writer at a time per (agency, periode) while a run is archived.

Two runs of the same agency and period may render at the same time (each into its own
staging folder, with no transaction open), but their archiving must not interleave: the
second must see the first's version before it picks its own (:func:`naskah.archive.store.
next_version`), else both would take the same ``v<N>`` (a unique-key failure on PostgreSQL
after the whole trail rendered). :func:`lock_period` serialises them with a lock that lives as
long as the caller's transaction:

- PostgreSQL: ``pg_advisory_xact_lock(key)`` — a transaction-scoped advisory lock on a 63-bit
  key derived from the agency and period (blake2b), released by COMMIT or ROLLBACK; runs of
  other agencies or periods never wait for it (a hash collision only makes two unrelated
  runs wait for each other, never corrupts anything);
- SQLite: the database write lock (``BEGIN IMMEDIATE``, :func:`naskah.db.begin_immediate`),
  which every write transaction already holds.

Lock order (deadlock-free with the batch steps, :mod:`naskah.batch.steps`): batch item →
register → period → batch. Nothing takes the item or the register lock after this one.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.orm import Session

from naskah.db import begin_immediate

__all__ = ["lock_period", "period_lock_key"]


def period_lock_key(agency: str, periode: str) -> int:
    """The advisory-lock key of (agency, periode key): a signed 64-bit integer, non-negative
    (63 bits), the same in every process and on every machine."""
    digest = hashlib.blake2b(f"naskah-run:{agency}:{periode}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def lock_period(session: Session, agency: str, periode: str) -> None:
    """Hold the (agency, periode) archiving lock until ``session``'s transaction ends; waits
    while another transaction holds it.

    :param periode: the period key (``2025-TW1``).
    :raises RuntimeError: on SQLite, the transaction began DEFERRED (see
        :func:`naskah.db.begin_immediate`).
    """
    connection = begin_immediate(session)
    if connection.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                        {"key": period_lock_key(agency, periode)})
