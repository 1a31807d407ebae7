"""Time of each step against its mutu baku.

A step's *actual* time is the working time between its start (when the previous step ended,
or the cycle started) and its end: only minutes inside the working hours (:class:`JamKerja`)
count, so a night or a weekend between two steps does not. Its *standard* is the SOP's mutu
baku waktu (:attr:`naskah.model.Step.waktu_menit`); a standard the SOP gives in days
(``"1 hari"``, ``"2 hari"``) means that many working days, i.e. that many times the working
day of :class:`JamKerja`. A step is *over* when its actual time exceeds its standard; a step
without a standard (the SOP gives none) is never over.

Holidays are not known to naskah: a holiday on a working day counts as working time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from naskah.model import MENIT_PER_HARI_KERJA, Procedure, Step
from naskah.sop_cycle.store import SopCycle

WIB = ZoneInfo("Asia/Jakarta")
"""Western Indonesian Time: the zone of the five agencies (Sumatera Barat, Jambi, Jawa Barat)."""


@dataclass(frozen=True)
class JamKerja:
    """Working hours: ``mulai``–``selesai`` on ``hari`` (0 = Monday), in ``zona``.

    Default Monday–Friday 07.30–16.00 WIB, a common schedule of regional government offices
    (verify: it is set per region; Fridays often end later).
    """

    mulai: time = time(7, 30)
    selesai: time = time(16, 0)
    hari: frozenset[int] = field(default_factory=lambda: frozenset({0, 1, 2, 3, 4}))
    zona: ZoneInfo = WIB

    @property
    def menit_per_hari(self) -> int:
        """Minutes of one working day (510 by default)."""
        return (self.selesai.hour * 60 + self.selesai.minute) - (
            self.mulai.hour * 60 + self.mulai.minute)


def menit_kerja(start: datetime, end: datetime, jam: JamKerja | None = None) -> int:
    """Working minutes between two aware datetimes (0 when ``end <= start``), rounded down."""
    jam = jam or JamKerja()
    if end <= start:
        return 0
    a, b = start.astimezone(jam.zona), end.astimezone(jam.zona)
    total = timedelta()
    day = a.date()
    while day <= b.date():
        if day.weekday() in jam.hari:
            open_ = datetime.combine(day, jam.mulai, jam.zona)
            close = datetime.combine(day, jam.selesai, jam.zona)
            lo, hi = max(a, open_), min(b, close)
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return int(total.total_seconds() // 60)


def standar_menit(step: Step, jam: JamKerja | None = None) -> int | None:
    """The step's standard in working minutes; ``None`` when the SOP gives none.

    ``"1 hari"`` (``waktu_menit`` 300, :data:`~naskah.model.MENIT_PER_HARI_KERJA` per day) →
    one working day of ``jam`` (510 minutes by default); minutes are taken as they are.
    """
    if step.waktu_menit is None:
        return None
    if "hari" in step.waktu_teks.casefold():
        jam = jam or JamKerja()
        return round(step.waktu_menit / MENIT_PER_HARI_KERJA * jam.menit_per_hari)
    return step.waktu_menit


@dataclass(frozen=True)
class StepTiming:
    """One passed step: ``menit`` its actual working minutes (up to ``now`` while running),
    ``standar`` its standard (``None``: none given), ``over`` whether it exceeds it."""

    step: Step
    putaran: int
    mulai: datetime
    selesai: datetime | None
    menit: int
    standar: int | None
    actor: str = ""
    keputusan: str | None = None
    note: str = ""

    @property
    def over(self) -> bool:
        return self.standar is not None and self.menit > self.standar

    @property
    def selisih(self) -> int | None:
        """Actual − standard, in minutes (positive: over)."""
        return None if self.standar is None else self.menit - self.standar

    @property
    def berjalan(self) -> bool:
        return self.selesai is None


@dataclass(frozen=True)
class TimingReport:
    """Every passed step of a cycle, with totals (minutes) over the steps with a standard."""

    cycle_id: int
    agency: str
    procedure: Procedure
    periode: str
    rows: tuple[StepTiming, ...]
    jam: JamKerja

    @property
    def total_menit(self) -> int:
        """Working minutes of the passed steps that have a standard (compared with
        :attr:`total_standar`)."""
        return sum(r.menit for r in self.rows if r.standar is not None)

    @property
    def total_semua(self) -> int:
        """Working minutes of every passed step, those without a standard included."""
        return sum(r.menit for r in self.rows)

    @property
    def total_standar(self) -> int:
        """Sum of the standards of the passed steps (each pass counts)."""
        return sum(r.standar or 0 for r in self.rows)

    @property
    def over(self) -> tuple[StepTiming, ...]:
        return tuple(r for r in self.rows if r.over)


def timing_report(cycle: SopCycle, procedure: Procedure, now: datetime,
                  jam: JamKerja | None = None) -> TimingReport:
    """The :class:`TimingReport` of ``cycle`` (a running step is measured up to ``now``)."""
    jam = jam or JamKerja()
    rows = []
    for e in cycle.events:
        step = procedure.step(e.step)
        end = e.ended_at or now
        rows.append(StepTiming(
            step=step, putaran=e.putaran, mulai=e.started_at, selesai=e.ended_at,
            menit=menit_kerja(e.started_at, end, jam), standar=standar_menit(step, jam),
            actor=e.actor, keputusan=e.keputusan, note=e.note,
        ))
    return TimingReport(cycle.id, cycle.agency, procedure, cycle.periode, tuple(rows), jam)


def durasi_teks(menit: int | None) -> str:
    """``"1 j 15 m"``-style text (``"8 j 30 m"``, ``"45 m"``); ``""`` for ``None``."""
    if menit is None:
        return ""
    sign = "−" if menit < 0 else ""
    j, m = divmod(abs(menit), 60)
    if j and m:
        return f"{sign}{j} j {m} m"
    return f"{sign}{j} j" if j else f"{sign}{m} m"
