"""The benchmark registry: every benchmark ``make bench`` runs, and the ratios it reports.

A benchmark is a function ``(BenchContext) -> BenchResult`` registered with :func:`benchmark`
in a module ``benchmarks/bench_*.py`` (the runner imports them all). Benchmarks the issue asks
for but nobody has written yet are registered with :func:`planned`: the runner lists them as
"not measured yet" with their goals. Registering a real benchmark under the same name replaces
the placeholder — e.g. in ``benchmarks/bench_batch.py``::

    from benchmarks.registry import BenchContext, BenchResult, Ratio, benchmark

    @benchmark("kabupaten_batch", "Kabupaten batch on Celery workers", order=30)
    def kabupaten_batch(ctx: BenchContext) -> BenchResult:
        ...
        return BenchResult([Ratio("2 workers vs sequential baseline", t2 / tseq, "<=", 1.0,
                                  f"{t2:.0f} s vs {tseq:.0f} s")])

A ratio is always measured side by side in one run (both sides on the same machine, same load,
interleaved where they are short), and reported even when its goal is missed, with a note on
what holds it back.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from naskah.settings import Settings


@dataclass
class Ratio:
    """One figure: ``value`` compared with ``goal`` by ``op`` (``"<="`` or ``">="``).

    ``value`` ``None``: not measured (``detail`` says why).
    """

    name: str
    value: float | None
    op: str
    goal: float
    detail: str = ""
    unit: str = "×"
    """``"×"`` for a ratio, ``" s"`` for a duration (start-up)."""

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value <= self.goal if self.op == "<=" else self.value >= self.goal

    @property
    def goal_text(self) -> str:
        return f"{'≤' if self.op == '<=' else '≥'} {self.goal:g}{self.unit}"


@dataclass
class BenchResult:
    """What a benchmark measured: its ratios, notes (what holds a figure back, how it was
    measured) and the raw numbers (seconds, counts) for the record."""

    ratios: list[Ratio]
    notes: list[str] = field(default_factory=list)
    numbers: dict[str, float] = field(default_factory=dict)


@dataclass
class BenchContext:
    """What a benchmark gets: a scratch folder, settings, and how hard to try.

    ``quick``: fewer repetitions and documents (a smoke run: figures are not for the record).
    """

    workdir: Path
    settings: Settings
    quick: bool = False
    say: Callable[[str], None] = print

    def repeat(self, full: int, quick: int = 3) -> int:
        return quick if self.quick else full


@dataclass
class Benchmark:
    name: str
    title: str
    order: int
    func: Callable[[BenchContext], BenchResult] | None = None
    goals: tuple[tuple[str, str, float], ...] = ()
    owner: str = ""


BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(name: str, title: str, *, order: int = 50):
    """Register ``func`` as benchmark ``name`` (replacing a :func:`planned` placeholder)."""

    def register(func: Callable[[BenchContext], BenchResult]):
        BENCHMARKS[name] = Benchmark(name, title, order, func)
        return func

    return register


def planned(
    name: str, title: str, *, order: int, goals: Sequence[tuple[str, str, float]], owner: str
) -> None:
    """A benchmark asked for but not written yet: listed with its goals, not measured."""
    if name not in BENCHMARKS:
        BENCHMARKS[name] = Benchmark(name, title, order, None, tuple(goals), owner)


# The batch benchmarks, written together with the Celery batches (workers/,
# core/batch/batches.py). Hooks: register functions with these names in benchmarks/bench_batch.py.
planned(
    "kabupaten_batch",
    "Kabupaten batch (all agencies × full trail, ~1,000 documents, DOCX + PDF + archive)",
    order=30,
    owner="the Celery batches (issue 4, items 1–3)",
    goals=(
        ("2 workers vs bare sequential baseline (docxtpl loop + one soffice call)", "<=", 1.0),
        ("2 workers vs 1 worker (speed-up)", ">=", 1.7),
    ),
)
planned(
    "worker_rss",
    "Worker memory (RSS) over 5,000 documents",
    order=40,
    owner="the Celery batches (issue 4, items 1–3)",
    goals=(("RSS at the end vs after warm-up", "<=", 1.10),),
)


# --- timing helpers ------------------------------------------------------------------------------


def timed(func: Callable[[], object]) -> tuple[float, float]:
    """``(wall seconds, CPU seconds of this process)`` of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def interleaved(
    variants: dict[str, Callable[[], object]], repeat: int, *, warmup: int = 2
) -> dict[str, dict[str, float]]:
    """Run every variant ``repeat`` times, interleaved (the order rotates each round, so load
    changes hit every variant alike); returns per variant the median wall and CPU seconds,
    the first call's wall seconds and the spread (max/min of the middle half)."""
    names = list(variants)
    first: dict[str, float] = {}
    for name in names:
        for i in range(warmup):
            wall, _ = timed(variants[name])
            if i == 0:
                first[name] = wall
    walls: dict[str, list[float]] = {n: [] for n in names}
    cpus: dict[str, list[float]] = {n: [] for n in names}
    for r in range(repeat):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            gc.collect()
            wall, cpu = timed(variants[name])
            walls[name].append(wall)
            cpus[name].append(cpu)
    out = {}
    for name in names:
        w = sorted(walls[name])
        mid = w[len(w) // 4 : max(len(w) * 3 // 4, len(w) // 4 + 1)]
        out[name] = {
            "wall": statistics.median(w),
            "cpu": statistics.median(cpus[name]),
            "first": first.get(name, float("nan")),
            "spread": mid[-1] / mid[0] if mid and mid[0] > 0 else float("nan"),
        }
    return out
