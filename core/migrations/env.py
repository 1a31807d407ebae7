"""Alembic environment: runs on the connection given in ``config.attributes["connection"]``.

Configured by :func:`naskah.migrations.alembic_config`; there is no offline (SQL script) mode.
"""

from __future__ import annotations

from alembic import context

from naskah.migrations import include_name, target_metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only naskah.migrations calls Alembic
    raise RuntimeError("run migrations through naskah.migrations.upgrade(engine)")

context.configure(
    connection=connection,
    target_metadata=target_metadata(),
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
