"""Schema migrations of the naskah database (Alembic), configured in code: no ``alembic.ini``.

Every table of naskah (archive, numbering, users and tokens, batches) is created and changed
only by the revisions in ``versions/``; :func:`naskah.archive.store.init_db` calls :func:`upgrade`.

- ``0001``: the foundation schema (``run``, ``document``, ``register``, ``nomor_issued``),
  exactly what ``create_all`` made before migrations existed;
- ``0002``: the service tables (``app_user``, ``api_token``, ``batch``, ``batch_item``).

An index made by ``create_all`` before migrations (it has ``run`` but no ``alembic_version``)
is stamped ``0001`` and upgraded, so existing archives keep working.

Adding a model or a column: write the model, then generate a revision against a throw-away
SQLite database at head and review it::

    python -m naskah.migrations revision "add batch item attempts"

``tests/test_migrations.py`` fails while the models and the head revision differ.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, inspect, text

HERE = Path(__file__).resolve().parent
FOUNDATION_REVISION = "0001"
"""The revision an index created by ``create_all`` (before migrations) is at."""

MODEL_MODULES = (
    "naskah.archive.store",
    "naskah.archive.numbering",
    "naskah.accounts.users",
    "naskah.accounts.sessions",
    "naskah.accounts.audit",
    "naskah.batch.batches",
    "naskah.batch.state",
    "naskah.collect.store",
    "naskah.sop_cycle.store",
    "naskah.signing.store",
)
"""Modules whose models make up the schema; a module with new tables must be listed here."""

_PG_LOCK_KEY = 0x6E61736B  # "nask": serialises concurrent upgrades on one PostgreSQL database


UNMANAGED_PREFIXES = ("document_fts", "ix_document_text_fts")
"""Objects a revision makes that the models do not describe (the SQLite FTS5 table and its
shadow tables, PostgreSQL's full-text index): left out of model comparisons."""


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic ``include_name`` hook: everything but :data:`UNMANAGED_PREFIXES`."""
    return not (name or "").startswith(UNMANAGED_PREFIXES)


def target_metadata() -> MetaData:
    """``Base.metadata`` with every model module imported."""
    for name in MODEL_MODULES:
        importlib.import_module(name)
    from naskah.db import Base

    return Base.metadata


def alembic_config() -> Config:
    """An Alembic ``Config`` pointing at this package's scripts (no ini file)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The head revision ID of ``versions/`` (one head; Alembic raises if there are several)."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migration revisions"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or ``None`` (no ``alembic_version`` table)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: head), in one transaction.

    Fast when already there (one query). Concurrent callers are serialised: SQLite by the write
    lock taken at ``BEGIN IMMEDIATE`` (``naskah.db.make_engine``), PostgreSQL by an advisory
    transaction lock. A database made by ``create_all`` before migrations is stamped
    :data:`FOUNDATION_REVISION` first.
    """
    if revision == "head" and current_revision(engine) == head_revision():
        return
    cfg = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        cfg.attributes["connection"] = conn
        names = set(inspect(conn).get_table_names())
        if "run" in names and "alembic_version" not in names:
            command.stamp(cfg, FOUNDATION_REVISION)
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back to ``revision`` (drops what later revisions made: data too)."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
