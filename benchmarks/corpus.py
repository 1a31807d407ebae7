"""Realistic input for the benchmarks: the bundled example workbooks (examples/*.xlsx), measured
into cycles by the real pipeline, and documents rendered from them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from naskah.agencies.manager import Plugins, get_plugins
from naskah.cycle import Cycle
from naskah.input.workbook import read_workbook
from naskah.model import PlannedDocument
from naskah.pipeline import plan_documents, prepare_cycle, render_document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIRST_AGENCY = EXAMPLES / "dinsos-p3a-pessel-2025-TW1.xlsx"
BENCH_NOMOR = "000/001/BENCH/2025"
"""A stand-in register number (benchmark documents are thrown away; none is archived)."""


@dataclass
class Trail:
    """One agency's measured cycle and its planned documents."""

    plugins: Plugins
    cycle: Cycle
    planned: list[PlannedDocument]

    def find(self, kind: str, procedure: str | None = None) -> PlannedDocument:
        for d in self.planned:
            if d.kind.slug == kind and procedure in (None, d.procedure):
                return d
        raise LookupError(f"no {kind} in the trail of {self.cycle.agency.slug}")


def trail(workbook: Path = FIRST_AGENCY, plugins: Plugins | None = None) -> Trail:
    plugins = plugins or get_plugins()
    data = read_workbook(workbook)
    cycle = prepare_cycle(plugins, data.siklus.agency, data)
    return Trail(plugins, cycle, plan_documents(plugins, cycle))


def example_workbooks() -> list[Path]:
    return sorted(EXAMPLES.glob("*-20??-TW?.xlsx"))


def render_documents(outdir: Path, count: int) -> list[Path]:
    """``count`` DOCX documents rendered from the example trails, taken in turn from every
    agency so the mix has letters, tables and reports (the SOP document, whose context draws a
    flowchart for seconds, is left out: it is rendered once per agency, not per period)."""
    plugins = get_plugins()
    queues = []
    for wb in example_workbooks():
        t = trail(wb, plugins)
        queues.append([(t, d) for d in t.planned if d.kind.slug != "sop"])
    outdir.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    i = 0
    while len(out) < count and any(queues):
        queue = queues[i % len(queues)]
        i += 1
        if not queue:
            continue
        t, d = queue.pop(0)
        path = outdir / f"{len(out) + 1:03d}_{t.cycle.agency.slug}_{d.kind.slug}.docx"
        render_document(t.plugins, t.cycle, d, BENCH_NOMOR if d.kind.bernomor else None, path)
        out.append(path)
    if len(out) < count:
        raise RuntimeError(f"the example trails have only {len(out)} documents, not {count}")
    return out
