"""The foundation schema: archive (run, document) and numbering (register, nomor_issued).

Exactly what ``Base.metadata.create_all`` made before migrations existed: an index created then
is stamped with this revision (see ``naskah.migrations.upgrade``).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from naskah.db import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nomor_issued",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("tahun", sa.Integer(), nullable=False),
        sa.Column("kode_klasifikasi", sa.String(length=50), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("nomor", sa.Text(), nullable=False),
        sa.Column("document_key", sa.Text(), nullable=False),
        sa.Column("issued_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomor_issued")),
        sa.UniqueConstraint(
            "agency", "tahun", "kode_klasifikasi", "number",
            name=op.f("uq_nomor_issued_agency_tahun_kode_klasifikasi_number"),
        ),
    )
    op.create_index(
        op.f("ix_nomor_issued_document_key"), "nomor_issued", ["document_key"], unique=False
    )
    op.create_table(
        "register",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("tahun", sa.Integer(), nullable=False),
        sa.Column("kode_klasifikasi", sa.String(length=50), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register")),
        sa.UniqueConstraint(
            "agency", "tahun", "kode_klasifikasi",
            name=op.f("uq_register_agency_tahun_kode_klasifikasi"),
        ),
    )
    op.create_table(
        "run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("tahun", sa.Integer(), nullable=False),
        sa.Column("periode", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run")),
        sa.UniqueConstraint(
            "agency", "periode", "version", name=op.f("uq_run_agency_periode_version")
        ),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("tahun", sa.Integer(), nullable=False),
        sa.Column("periode", sa.String(length=16), nullable=False),
        sa.Column("procedure", sa.String(length=50), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("variant", sa.String(length=50), nullable=False),
        sa.Column("bidang", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("nomor", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kode_klasifikasi", sa.String(length=50), nullable=False),
        sa.Column("docx_path", sa.Text(), nullable=False),
        sa.Column("docx_sha256", sa.String(length=64), nullable=False),
        sa.Column("docx_size", sa.BigInteger(), nullable=False),
        sa.Column("pdf_path", sa.Text(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("pdf_size", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["run.id"], name=op.f("fk_document_run_id_run")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("run_id", "key", name=op.f("uq_document_run_id_key")),
    )
    op.create_index("ix_document_agency_periode", "document", ["agency", "periode"], unique=False)
    op.create_index(op.f("ix_document_key"), "document", ["key"], unique=False)
    op.create_index(op.f("ix_document_run_id"), "document", ["run_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_document_run_id"), table_name="document")
    op.drop_index(op.f("ix_document_key"), table_name="document")
    op.drop_index("ix_document_agency_periode", table_name="document")
    op.drop_table("document")
    op.drop_table("run")
    op.drop_table("register")
    op.drop_index(op.f("ix_nomor_issued_document_key"), table_name="nomor_issued")
    op.drop_table("nomor_issued")
