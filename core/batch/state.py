"""The per-document state of a batch item (one row per planned document, deterministic keys)
and the progress read from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from naskah.batch.batches import (
    BatchItem,
)
from naskah.db import Base, UtcDateTime, utcnow


class DocStatus:
    """Values of ``BatchDocument.status``."""

    PLANNED = "planned"
    """Numbered (if it takes a number) and waiting for its render task."""
    RENDERED = "rendered"
    """DOCX (and PDF, unless ``pdf_error``) staged; archived when the item settles."""
    FAILED = "failed"
    """Did not render (``error`` says why); the item fails, ``naskah batch retry`` re-queues."""


class BatchDocument(Base):
    """One planned document of a batch item: its key, its nomor, and how far it got.

    ``position`` is its index in the item's trail (0-based; archive order), ``chunk`` the
    render task it belongs to. ``nomor`` is the register number given at preparation (``""``
    for documents without a number). ``docx_file`` / ``pdf_file`` are names in the item's
    staging folder; ``document_id`` the archived :class:`naskah.archive.store.Document` once the
    item is archived.
    """

    __tablename__ = "batch_document"
    __table_args__ = (UniqueConstraint("item_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("batch_item.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    chunk: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(Text)
    """``PlannedDocument.key`` (agency/periode/procedure/step/kind[/variant][/bidang])."""
    data_version: Mapped[str] = mapped_column(String(64))
    """sha256 of the item's workbook."""
    procedure: Mapped[str] = mapped_column(String(50))
    step: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(50))
    variant: Mapped[str] = mapped_column(String(50), default="")
    bidang: Mapped[str] = mapped_column(Text, default="")
    nomor: Mapped[str] = mapped_column(Text, default="")
    tanggal: Mapped[date | None] = mapped_column(Date, nullable=True)
    """The date the letter bears (from the workbook), archived with it."""
    status: Mapped[str] = mapped_column(String(20), default=DocStatus.PLANNED, index=True)
    docx_file: Mapped[str] = mapped_column(Text, default="")
    pdf_file: Mapped[str] = mapped_column(Text, default="")
    pdf_error: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Warnings raised while rendering it (missing official facts …)."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    """Render attempts that reached the database (a retry after a crash adds one)."""
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    @property
    def document_key(self) -> str:
        """The deterministic key: ``PlannedDocument.key`` ``@`` the data version."""
        return f"{self.key}@{self.data_version}"

    def __repr__(self) -> str:
        return f"<BatchDocument {self.id} {self.key} {self.status}>"


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemProgress:
    """Documents of one item by state (for progress displays)."""

    item_id: int
    agency: str
    status: str
    total: int
    rendered: int
    failed: int
    pdf_failed: int
    error: str


def progress(session: Session, batch_id: int) -> list[ItemProgress]:
    """Per item of the batch: document counts by state (``total`` 0 until it is prepared)."""
    counts: dict[int, dict[str, int]] = {}
    for item_id, status, n in session.execute(
        select(BatchDocument.item_id, BatchDocument.status, func.count())
        .join(BatchItem, BatchItem.id == BatchDocument.item_id)
        .where(BatchItem.batch_id == batch_id)
        .group_by(BatchDocument.item_id, BatchDocument.status)
    ):
        counts.setdefault(item_id, {})[status] = n
    nopdf = dict(session.execute(
        select(BatchDocument.item_id, func.count())
        .join(BatchItem, BatchItem.id == BatchDocument.item_id)
        .where(BatchItem.batch_id == batch_id, BatchDocument.pdf_error != "")
        .group_by(BatchDocument.item_id)
    ).all())
    items = session.scalars(
        select(BatchItem).where(BatchItem.batch_id == batch_id).order_by(BatchItem.id)
        .execution_options(populate_existing=True)
    )
    out = []
    for item in items:
        c = counts.get(item.id, {})
        out.append(ItemProgress(
            item.id, item.agency, item.status, sum(c.values()),
            c.get(DocStatus.RENDERED, 0), c.get(DocStatus.FAILED, 0), nopdf.get(item.id, 0),
            item.error,
        ))
    return out
