"""One SOP cycle as its web page shows it: every step of the procedure with its state, its
passes (times against mutu baku, decision, note, who), the documents each pass produced, and
the collection per bidang.

Built from the same pieces as ``naskah cycle status`` and ``naskah cycle report``:
:func:`naskah.sop_cycle.timing.timing_report` for the working time of each pass (and the chart
of ``/api/siklus-sop/{id}/report.png``), :func:`naskah.collect.status.collection_status` for the
bidang. Nothing here writes.

A step's state (:class:`StepState`):

- ``berjalan``: the step in progress;
- ``selesai``: passed — it comes before the step in progress in the SOP table (or the cycle
  is complete) and has a completed pass;
- ``menunggu``: not reached yet, or to be done again after a TIDAK (its earlier passes are
  kept and shown);
- ``dilewati``: before the step in progress (or the cycle is complete) but never passed — a
  decision's YA that jumps over steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from naskah.agencies.manager import Plugins
from naskah.archive.store import Document
from naskah.collect.status import BidangStatus, collection_status
from naskah.collect.store import Mode, Pengumpulan
from naskah.errors import NaskahError
from naskah.model import Procedure, Step
from naskah.settings import Settings
from naskah.sop_cycle.engine import COLLECTED_KINDS, collection_warnings, procedure_of
from naskah.sop_cycle.store import CycleStatus, SopCycle
from naskah.sop_cycle.timing import JamKerja, StepTiming, TimingReport, timing_report


class StepState(StrEnum):
    """See the module docstring."""

    SELESAI = "selesai"
    BERJALAN = "berjalan"
    MENUNGGU = "menunggu"
    DILEWATI = "dilewati"


@dataclass(frozen=True)
class StepPass:
    """One pass through a step: its timing (start, end, working minutes, standard, who,
    decision, note) and the archived documents it produced (empty: none, or a TIDAK)."""

    timing: StepTiming
    documents: tuple[Document, ...] = ()


@dataclass(frozen=True)
class StepView:
    """One step of the procedure (SOP table order) with its state and its passes (oldest
    first)."""

    step: Step
    state: StepState
    passes: tuple[StepPass, ...] = ()

    @property
    def last(self) -> StepPass | None:
        return self.passes[-1] if self.passes else None


@dataclass(frozen=True)
class CycleView:
    """Everything the cycle page shows. ``collection``: per bidang (input order); empty when
    the pengumpulan's workbook cannot be read (``collection_error`` says why). ``warnings``:
    what the step in progress will mark *belum dilaporkan* (only when it produces the recap
    or the kertas kerja, as ``naskah cycle advance`` warns)."""

    cycle: SopCycle
    procedure: Procedure
    steps: tuple[StepView, ...]
    report: TimingReport
    pengumpulan: Pengumpulan | None
    collection: tuple[BidangStatus, ...] = ()
    collection_error: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def current(self) -> StepView | None:
        """The step in progress (``None``: the cycle is complete)."""
        return next((s for s in self.steps if s.state is StepState.BERJALAN), None)

    @property
    def decisions(self) -> tuple[StepPass, ...]:
        """Every YA/TIDAK taken, oldest first."""
        out = [p for s in self.steps for p in s.passes if p.timing.keputusan]
        return tuple(sorted(out, key=lambda p: p.timing.mulai))

    @property
    def mode(self) -> str:
        return self.pengumpulan.mode if self.pengumpulan is not None else Mode.FORMULIR


def _state(cycle: SopCycle, order: dict[int, int], step: Step, passed: bool) -> StepState:
    if cycle.current_step == step.nomor:
        return StepState.BERJALAN
    done_zone = (cycle.status == CycleStatus.SELESAI or cycle.current_step is None
                 or order[step.nomor] < order[cycle.current_step])
    if done_zone:
        return StepState.SELESAI if passed else StepState.DILEWATI
    return StepState.MENUNGGU


def _documents(session: Session, run_ids: set[int]) -> dict[int, tuple[Document, ...]]:
    if not run_ids:
        return {}
    out: dict[int, list[Document]] = {}
    for d in session.scalars(select(Document).where(Document.run_id.in_(run_ids))
                             .order_by(Document.id)):
        out.setdefault(d.run_id, []).append(d)
    return {k: tuple(v) for k, v in out.items()}


def cycle_view(session: Session, settings: Settings, plugins: Plugins, cycle: SopCycle,
               now: datetime, jam: JamKerja | None = None) -> CycleView:
    """The :class:`CycleView` of ``cycle`` at ``now`` (a running step is timed up to ``now``).

    :raises naskah.sop_cycle.CycleError: the agency's plugin no longer has the procedure.
    """
    proc = procedure_of(plugins, cycle)
    report = timing_report(cycle, proc, now, jam)
    docs = _documents(session, {e.run_id for e in cycle.events if e.run_id is not None})
    by_step: dict[int, list[StepPass]] = {}
    for event, timing in zip(cycle.events, report.rows, strict=True):
        by_step.setdefault(event.step, []).append(
            StepPass(timing, docs.get(event.run_id, ()) if event.run_id is not None else ()))
    order = {s.nomor: i for i, s in enumerate(proc.steps)}
    steps = []
    for step in proc.steps:
        passes = tuple(by_step.get(step.nomor, ()))
        passed = any(p.timing.selesai is not None for p in passes)
        steps.append(StepView(step, _state(cycle, order, step, passed), passes))
    pengumpulan = session.get(Pengumpulan, cycle.pengumpulan_id)
    collection: tuple[BidangStatus, ...] = ()
    error = ""
    warnings: tuple[str, ...] = ()
    if pengumpulan is not None:
        try:
            collection = tuple(collection_status(session, settings, pengumpulan))
        except (NaskahError, OSError) as exc:  # the page still shows the steps
            error = str(exc)
        if not error and cycle.current_step is not None:
            agency = plugins.agency(cycle.agency)
            specs = plugins.step_documents(agency, proc, proc.step(cycle.current_step))
            if any((s.kind, s.variant) in COLLECTED_KINDS for s in specs):
                warnings = tuple(collection_warnings(session, settings, pengumpulan))
    return CycleView(cycle, proc, tuple(steps), report, pengumpulan, collection, error,
                     warnings)
