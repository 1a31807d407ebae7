"""versions per document: why and by whom each run was made

``run`` gains ``reason`` (``run``, ``batch``, ``cycle_step``, ``signature``) and ``created_by``,
shown with each version of a document. Existing rows are classified from what they already
record: runs of a batch item are ``batch`` (by the batch's creator), runs made by a step of the
SOP cycle (their source reads ``siklus <id> · …``) are ``cycle_step``, the rest ``run``.

Revision ID: 0006
Revises: 0005
Created: 2026-12-07 05:48:48.479639
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("run", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reason", sa.String(length=20), server_default="run", nullable=False)
        )
        batch_op.add_column(
            sa.Column("created_by", sa.String(length=100), server_default="", nullable=False)
        )
    op.execute("UPDATE run SET reason = 'cycle_step' WHERE source_name LIKE 'siklus %'")
    op.execute(
        "UPDATE run SET reason = 'batch', created_by = COALESCE(("
        "SELECT batch.created_by FROM batch_item JOIN batch ON batch.id = batch_item.batch_id "
        "WHERE batch_item.run_id = run.id LIMIT 1), '') "
        "WHERE id IN (SELECT run_id FROM batch_item WHERE run_id IS NOT NULL)"
    )


def downgrade() -> None:
    with op.batch_alter_table("run", schema=None) as batch_op:
        batch_op.drop_column("created_by")
        batch_op.drop_column("reason")
