"""Walking a cycle: start, advance, decide. State in the database, clock injectable.

- :func:`start_cycle`: a cycle of (agency, procedure, periode) begins at the procedure's first
  step (procedure default: the SOP's first, ``pengumpulan``); ``data`` opens (or re-opens)
  the pengumpulan from an input workbook, else the one already opened is used;
- :func:`advance`: the step in progress is completed (by whom, with an optional note); its
  documents are rendered and archived (:mod:`.documents`), and the next step of the SOP table
  starts. The last step completes the cycle. A decision step cannot be advanced;
- :func:`decide`: at a decision step (:class:`naskah.model.Keputusan`), ``YA`` completes it
  with its documents (the final laporan …) and goes on to ``Keputusan.ya``; ``TIDAK`` (a note
  is required: the Sekretaris' arahan) completes it WITHOUT documents and goes back to
  ``Keputusan.tidak`` for a new pass (``putaran`` + 1): the steps after it are done again and
  produce new versions of their documents.

Every transition happens at ``clock()`` (default: now, UTC); the next step starts when the
previous one ends. Each is noted in the audit log (:mod:`naskah.accounts.audit`: ``mulai_siklus``,
``selesai_langkah``, ``putuskan``) in its own transaction, with ``address`` when a web request
gives one. A time earlier than the step's start is refused. Each transition is one
transaction with the archive run of its documents: if rendering fails, the step stays where
it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from naskah.accounts import audit
from naskah.agencies.manager import Plugins
from naskah.collect.data import open_pengumpulan, require_pengumpulan
from naskah.collect.status import collection_status
from naskah.collect.store import Mode, Pengumpulan
from naskah.db import begin_immediate, utcnow
from naskah.i18n import _, ngettext
from naskah.model import Periode, Procedure, Step
from naskah.run import RunResult
from naskah.settings import Settings
from naskah.sop_cycle import CycleError
from naskah.sop_cycle.documents import render_step
from naskah.sop_cycle.store import CycleStatus, Keputusan, SopCycle, StepEvent

Clock = Callable[[], datetime]

COLLECTED_KINDS = {("rekapitulasi_pengumpulan", ""), ("kertas_kerja", "")}
"""Documents computed from the collected data: starting their step warns about gaps."""


@dataclass
class StepOutcome:
    """What a transition did: the step completed, the decision, the step now in progress
    (``None``: the cycle is complete), the archive run of the documents, the XLSX formulir
    written, and warnings (missing data, missing official facts)."""

    cycle: SopCycle
    completed: Step
    keputusan: str | None
    next_step: Step | None
    run: RunResult | None = None
    formulir: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def procedure_of(plugins: Plugins, cycle: SopCycle) -> Procedure:
    """The SOP procedure ``cycle`` walks. :raises CycleError: the plugin no longer has it."""
    agency = plugins.agency(cycle.agency)
    for p in plugins.procedures(agency):
        if p.slug == cycle.procedure:
            return p
    raise CycleError(_("agency {agency} has no procedure {procedure!r} any more",
                       agency=cycle.agency, procedure=cycle.procedure))


def get_cycle(session: Session, cycle_id: int) -> SopCycle:
    """:raises CycleError: no cycle with this id."""
    cycle = session.get(SopCycle, cycle_id)
    if cycle is None:
        raise CycleError(_("no cycle {cycle_id} (see naskah cycle list)", cycle_id=cycle_id))
    return cycle


def find_cycle(session: Session, agency: str, periode: str, procedure: str | None = None
               ) -> SopCycle | None:
    """The cycle of (agency, periode, procedure); without ``procedure`` the newest one."""
    q = select(SopCycle).where(SopCycle.agency == agency,
                               SopCycle.periode == Periode.parse(periode).key)
    if procedure:
        q = q.where(SopCycle.procedure == procedure)
    return session.scalar(q.order_by(SopCycle.id.desc()).limit(1))


def list_cycles(session: Session, agency: str | None = None) -> list[SopCycle]:
    q = select(SopCycle)
    if agency:
        q = q.where(SopCycle.agency == agency)
    return list(session.scalars(q.order_by(SopCycle.id)))


def start_cycle(
    session: Session,
    settings: Settings,
    plugins: Plugins,
    *,
    agency: str,
    periode: str,
    procedure: str | None = None,
    data: Path | None = None,
    by: str,
    clock: Clock = utcnow,
    address: str = "",
) -> SopCycle:
    """Start the cycle of (agency, procedure, periode) at its first step, and commit.

    :raises CycleError: unknown procedure, or the cycle exists already.
    :raises naskah.collect.CollectError: no ``data`` and no pengumpulan opened before.
    :raises naskah.errors.InputError: ``data`` has problems or is of another agency/period.
    """
    per = Periode.parse(periode)
    profile = plugins.agency(agency)
    procedures = plugins.procedures(profile)
    proc = next((p for p in procedures if p.slug == (procedure or procedures[0].slug)), None)
    if proc is None or not proc.steps:
        raise CycleError(_("{agency} has no procedure {procedure!r}; its procedures: {known}",
                           agency=agency, procedure=procedure,
                           known=", ".join(p.slug for p in procedures)))
    begin_immediate(session)
    existing = find_cycle(session, agency, per.key, proc.slug)
    if existing is not None:
        raise CycleError(_("cycle {id} of {agency} {slug} {key} exists already (naskah cycle "
                           "status {id})", id=existing.id, agency=agency, slug=proc.slug,
                           key=per.key))
    now = clock()
    if data is not None:
        pengumpulan = open_pengumpulan(session, settings, plugins, Path(data), agency=agency,
                                       periode=per.key, now=now)
    else:
        pengumpulan = require_pengumpulan(session, agency, per.key)
    first = proc.steps[0].nomor
    cycle = SopCycle(agency=agency, procedure=proc.slug, tahun=per.tahun, periode=per.key,
                     pengumpulan_id=pengumpulan.id, status=CycleStatus.BERJALAN,
                     current_step=first, putaran=1, started_by=by, started_at=now)
    session.add(cycle)
    session.add(StepEvent(cycle=cycle, step=first, putaran=1, started_at=now))
    session.flush()
    audit.record(session, by, audit.Action.MULAI_SIKLUS, object_type="siklus", object_id=cycle.id,
                 agency=agency, detail=f"{proc.slug} {per.key}", address=address)
    session.commit()
    session.refresh(cycle)
    return cycle


def _current(session: Session, plugins: Plugins, cycle_id: int
             ) -> tuple[SopCycle, Procedure, StepEvent, Step]:
    begin_immediate(session)
    cycle = get_cycle(session, cycle_id)
    if cycle.status != CycleStatus.BERJALAN or cycle.current_step is None:
        raise CycleError(_("cycle {id} is complete (naskah cycle report {id})", id=cycle.id))
    proc = procedure_of(plugins, cycle)
    event = cycle.current_event
    if event is None:  # pragma: no cover - a running cycle always has one open event
        raise CycleError(_("cycle {id} has no step in progress", id=cycle.id))
    return cycle, proc, event, proc.step(cycle.current_step)


def _next_step(proc: Procedure, step: Step) -> int | None:
    steps = list(proc.steps)
    i = steps.index(step)
    return steps[i + 1].nomor if i + 1 < len(steps) else None


def advance(
    session: Session,
    settings: Settings,
    plugins: Plugins,
    cycle_id: int,
    *,
    by: str,
    note: str = "",
    clock: Clock = utcnow,
    address: str = "",
) -> StepOutcome:
    """Complete the step in progress and start the next one (see the module docstring).

    :raises CycleError: the cycle is complete, the step needs a decision, or ``clock()`` is
        before the step started.
    """
    cycle, proc, event, step = _current(session, plugins, cycle_id)
    if step.keputusan is not None:
        raise CycleError(
            _("step {nomor} ({value}) needs a decision: naskah cycle decide {id} YA|TIDAK --note "
              "…", nomor=step.nomor, value=step.keputusan.pertanyaan or 'keputusan', id=cycle.id))
    audit.record(session, by, audit.Action.SELESAI_LANGKAH, object_type="siklus",
                 object_id=cycle.id, agency=cycle.agency, address=address,
                 detail=f"langkah {step.nomor}" + (f" — {note.strip()}" if note.strip() else ""))
    return _complete(session, settings, plugins, cycle, proc, event, step, keputusan=None,
                     next_nomor=_next_step(proc, step), by=by, note=note, now=clock())


def decide(
    session: Session,
    settings: Settings,
    plugins: Plugins,
    cycle_id: int,
    keputusan: str,
    *,
    by: str,
    note: str = "",
    clock: Clock = utcnow,
    address: str = "",
) -> StepOutcome:
    """Decide the decision step in progress: ``YA`` or ``TIDAK`` (see the module docstring).

    :raises CycleError: not ``YA``/``TIDAK``, not a decision step, ``TIDAK`` without a note,
        or ``clock()`` before the step started.
    """
    value = keputusan.strip().upper()
    if value not in (Keputusan.YA, Keputusan.TIDAK):
        raise CycleError(_("decision {keputusan!r}: write YA or TIDAK", keputusan=keputusan))
    cycle, proc, event, step = _current(session, plugins, cycle_id)
    if step.keputusan is None:
        raise CycleError(_("step {nomor} is not a decision step: naskah cycle advance {id}",
                           nomor=step.nomor, id=cycle.id))
    if value == Keputusan.TIDAK and not note.strip():
        raise CycleError(_("TIDAK needs the Sekretaris' arahan: --note '…what to complete…'"))
    target = step.keputusan.ya if value == Keputusan.YA else step.keputusan.tidak
    audit.record(session, by, audit.Action.PUTUSKAN, object_type="siklus", object_id=cycle.id,
                 agency=cycle.agency, address=address, detail=f"langkah {step.nomor}: {value}"
                 + (f" — {note.strip()}" if note.strip() else ""))
    return _complete(session, settings, plugins, cycle, proc, event, step, keputusan=value,
                     next_nomor=target, by=by, note=note, now=clock())


def _complete(session, settings, plugins, cycle, proc, event, step, *, keputusan, next_nomor,
              by, note, now) -> StepOutcome:
    if now < event.started_at:
        from naskah.timezones import zone_of

        zone = zone_of(plugins, cycle.agency)
        raise CycleError(_("{time} is before step {n} started ({started})",
                           time=zone.short(now), n=step.nomor,
                           started=zone.short(event.started_at)))
    event.ended_at, event.actor, event.note, event.keputusan = now, by, note.strip(), keputusan
    next_step = proc.step(next_nomor) if next_nomor is not None else None
    if next_step is None:
        cycle.status, cycle.current_step, cycle.finished_at = CycleStatus.SELESAI, None, now
    else:
        if keputusan == Keputusan.TIDAK:
            cycle.putaran += 1
        cycle.current_step = next_step.nomor
        session.add(StepEvent(cycle=cycle, step=next_step.nomor, putaran=cycle.putaran,
                              started_at=now))
    session.flush()
    outcome = StepOutcome(cycle, step, keputusan, next_step)
    pengumpulan = session.get(Pengumpulan, cycle.pengumpulan_id)
    if keputusan != Keputusan.TIDAK:
        outcome.run, outcome.formulir = render_step(session, settings, plugins, cycle,
                                                    pengumpulan, event, by=by)
    if outcome.run is not None:
        event.run_id = outcome.run.run_id
        outcome.warnings.extend(outcome.run.warnings)
    session.commit()
    if next_step is not None:
        specs = plugins.step_documents(plugins.agency(cycle.agency), proc, next_step)
        if any((s.kind, s.variant) in COLLECTED_KINDS for s in specs):
            outcome.warnings[:0] = collection_warnings(session, settings, pengumpulan)
    return outcome


def collection_warnings(session: Session, settings: Settings, pengumpulan: Pengumpulan
                        ) -> list[str]:
    """One line per bidang whose data is incomplete or not usable yet (what the next recap
    will print as *belum dilaporkan*)."""
    out = []
    for s in collection_status(session, settings, pengumpulan):
        waiting = s.terbaru
        if s.dipakai is None:
            if pengumpulan.mode == Mode.APLIKASI:
                out.append(ngettext(
                    "{bidang}: no checked data; the recap marks its {n} indicator belum "
                    "dilaporkan", "{bidang}: no checked data; the recap marks its {n} indicators "
                    "belum dilaporkan", len(s.indikator), bidang=s.bidang))
            else:
                out.append(ngettext(
                    "{bidang}: no accepted formulir; the recap marks its {n} indicator belum "
                    "dilaporkan", "{bidang}: no accepted formulir; the recap marks its {n} "
                    "indicators belum dilaporkan", len(s.indikator), bidang=s.bidang))
        elif s.belum:
            out.append(ngettext(
                "{bidang}: {n} indicator without realisasi ({kode}): belum dilaporkan",
                "{bidang}: {n} indicators without realisasi ({kode}): belum dilaporkan",
                len(s.belum), bidang=s.bidang, kode=", ".join(i.kode for i in s.belum)))
        if waiting is not None:
            out.append(_("{bidang}: revision {n} is {status} (not checked by the Kepala Bidang): "
                         "the recap does not use it", bidang=s.bidang, n=waiting.nomor,
                         status=waiting.status))
    return out
