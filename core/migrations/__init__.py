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

import ast
import importlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, MetaData, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

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
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The head revision ID of ``versions/``: the one no other revision revises.

    Read from the scripts' ``revision`` and ``down_revision`` assignments without importing
    Alembic (≈ 90 ms of every ``naskah run``, which finds its index at head; issue 15);
    ``tests/test_migrations.py`` checks it against Alembic's own ``ScriptDirectory``.

    :raises RuntimeError: no revision, or more than one head.
    """
    revisions: dict[str, tuple[str, ...]] = {}
    for path in sorted((HERE / "versions").glob("*.py")):
        found: dict[str, object] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (isinstance(node, ast.Assign | ast.AnnAssign)
                    and isinstance(target := getattr(node, "target", None)
                                   or node.targets[0], ast.Name)
                    and target.id in ("revision", "down_revision") and node.value is not None):
                found[target.id] = ast.literal_eval(node.value)
        if "revision" in found:
            down = found.get("down_revision")
            revisions[str(found["revision"])] = (
                tuple(down) if isinstance(down, tuple | list) else (down,) if down else ())
    revised = {d for downs in revisions.values() for d in downs}
    heads = sorted(set(revisions) - revised)
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have one head, found {heads or 'none'}")
    return heads[0]


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
    from alembic import command

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
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
