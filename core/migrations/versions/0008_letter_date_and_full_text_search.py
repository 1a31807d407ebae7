"""letter date and full-text search (issue 12)

``document`` and ``batch_document`` gain ``tanggal``, the date the letter bears.
``document_text`` holds the words of each document (title, nomor, bidang, DOCX text), written
when it is archived; it is indexed for full-text search:

- SQLite: the FTS5 table ``document_fts`` (external content over ``document_text``, tokens
  ``unicode61 remove_diacritics 2``), kept in step by three triggers;
- PostgreSQL: the GIN index ``ix_document_text_fts`` on ``to_tsvector('simple', body)``.

Documents archived before this revision get their title, nomor and bidang indexed here (the
DOCX text is read only at archiving; the archive directory is not known to a migration).

Revision ID: 0008
Revises: 0007
Created: 2026-12-07 06:12:54.593872
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE document_fts USING fts5(body, content='document_text', "
    "content_rowid='document_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER document_fts_ai AFTER INSERT ON document_text BEGIN "
    "INSERT INTO document_fts(rowid, body) VALUES (new.document_id, new.body); END",
    "CREATE TRIGGER document_fts_ad AFTER DELETE ON document_text BEGIN "
    "INSERT INTO document_fts(document_fts, rowid, body) "
    "VALUES ('delete', old.document_id, old.body); END",
    "CREATE TRIGGER document_fts_au AFTER UPDATE ON document_text BEGIN "
    "INSERT INTO document_fts(document_fts, rowid, body) "
    "VALUES ('delete', old.document_id, old.body); "
    "INSERT INTO document_fts(rowid, body) VALUES (new.document_id, new.body); END",
]


def upgrade() -> None:
    op.create_table(
        "document_text",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_document_text_document_id_document")
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_text")),
    )
    with op.batch_alter_table("batch_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tanggal", sa.Date(), nullable=True))
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tanggal", sa.Date(), nullable=True))

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("CREATE INDEX ix_document_text_fts ON document_text "
                   "USING gin (to_tsvector('simple', body))")
    sep = "char(10)" if dialect == "sqlite" else "chr(10)"
    op.execute(
        "INSERT INTO document_text (document_id, body) SELECT id, "
        f"title || {sep} || COALESCE(nomor, '') || {sep} || COALESCE(bidang, '') FROM document"
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("document_fts_ai", "document_fts_ad", "document_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS document_fts")
    # First the table referring to document: SQLite's batch mode re-creates document (drops it),
    # which its foreign keys refuse while document_text rows point at it.
    op.drop_table("document_text")  # drops PostgreSQL's index with it
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("tanggal")
    with op.batch_alter_table("batch_document", schema=None) as batch_op:
        batch_op.drop_column("tanggal")
