"""user full name: the person behind a NIP or e-mail, shown on the admin's users page (issue 12)

``app_user.full_name`` (``""`` for users made before).

Revision ID: 0010
Revises: 0009
Created: 2026-12-07 08:54:22.143976
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("full_name", sa.String(length=200), server_default="",
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("full_name")
