"""Tables of the SOP cycle: ``sop_cycle`` and ``sop_step_event``.

A :class:`SopCycle` is one (agency, procedure, periode): at most one exists for each. Its
:class:`StepEvent` rows are the steps it passed, in order: ``putaran`` (pass) 1 for the first
walk, +1 after each TIDAK; ``ended_at`` is empty for the step in progress; ``run_id`` is the
archive run holding the documents the step produced (``None``: it produces none).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from naskah.db import Base, UtcDateTime, utcnow


class CycleStatus:
    """Values of ``SopCycle.status``."""

    BERJALAN = "berjalan"
    SELESAI = "selesai"


class Keputusan:
    """Values of ``StepEvent.keputusan``: the Sekretaris' decision (SOP flowchart YA/TIDAK)."""

    YA = "YA"
    TIDAK = "TIDAK"


class SopCycle(Base):
    """One walk of an agency's SOP procedure for one period.

    ``current_step``: the step in progress (``None`` once finished); ``putaran``: the current
    pass; ``pengumpulan_id``: the collection its data comes from.
    """

    __tablename__ = "sop_cycle"
    __table_args__ = (UniqueConstraint("agency", "procedure", "periode"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency: Mapped[str] = mapped_column(String(100))
    procedure: Mapped[str] = mapped_column(String(50))
    tahun: Mapped[int] = mapped_column(Integer)
    periode: Mapped[str] = mapped_column(String(16))
    pengumpulan_id: Mapped[int] = mapped_column(ForeignKey("pengumpulan.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=CycleStatus.BERJALAN)
    current_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    putaran: Mapped[int] = mapped_column(Integer, default=1)
    started_by: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    events: Mapped[list[StepEvent]] = relationship(
        back_populates="cycle", order_by="StepEvent.id", lazy="selectin"
    )

    @property
    def current_event(self) -> StepEvent | None:
        """The event of the step in progress."""
        open_ = [e for e in self.events if e.ended_at is None]
        return open_[-1] if open_ else None

    def __repr__(self) -> str:
        return (f"<SopCycle {self.id} {self.agency} {self.procedure} {self.periode} "
                f"step={self.current_step} {self.status}>")


class StepEvent(Base):
    """One pass through one step: start, end, who completed it, note, decision, documents."""

    __tablename__ = "sop_step_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("sop_cycle.id"), index=True)
    step: Mapped[int] = mapped_column(Integer)
    putaran: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    actor: Mapped[str] = mapped_column(String(100), default="")
    """Who completed the step (or decided)."""
    note: Mapped[str] = mapped_column(Text, default="")
    keputusan: Mapped[str | None] = mapped_column(String(10), nullable=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True)

    cycle: Mapped[SopCycle] = relationship(back_populates="events")

    def __repr__(self) -> str:
        return f"<StepEvent {self.id} step {self.step} putaran {self.putaran} {self.keputusan}>"


TABLES = (SopCycle.__table__, StepEvent.__table__)
