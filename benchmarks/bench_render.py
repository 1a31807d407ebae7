"""Render overhead: naskah rendering one document vs bare docxtpl on the same template and the
same context dict (goal ≤ 1.15×).

Three variants, interleaved, median of N:

- ``naskah, context included`` — :func:`naskah.pipeline.render_document`: template lookup
  (hook ``naskah_template``), context building (hook ``naskah_document_context``: measured
  values, officials, formatting) and :func:`naskah.render.render_docx`;
- ``naskah, context excluded`` — :func:`naskah.render.render_docx` with the context built
  beforehand: cached template bytes, a fresh ``DocxTemplate``, the sandboxed autoescaping Jinja
  environment, pictures → ``InlineImage``, render, save;
- ``bare docxtpl`` — what a plain script does with the same template and the same context
  dict: ``DocxTemplate(path)``, pictures → ``InlineImage``, ``render`` with one plain
  ``jinja2.Environment`` (autoescape on — without it ``&`` in a name breaks the XML — and the
  same filters, which the templates need), ``save``.

The ratios: naskah ÷ bare, with and without context building.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import docx
import jinja2
from docxtpl import DocxTemplate

from benchmarks.corpus import BENCH_NOMOR, trail
from benchmarks.registry import BenchContext, BenchResult, Ratio, benchmark, interleaved
from naskah.documents import charts
from naskah.pipeline import render_document
from naskah.render import FILTERS, Image, inline_image, render_docx

KINDS = (
    ("nota_dinas", "a letter", False),
    ("rekapitulasi_pengukuran", "table-heavy, with a chart", True),
)
"""(kind, what it is, whether its context draws a chart)."""
GOAL = 1.15


def _inline_images(value: Any, tpl: DocxTemplate) -> Any:
    if isinstance(value, Image):  # an SVG chart needs naskah's picture helper: docxtpl has none
        return inline_image(tpl, value)
    if isinstance(value, Mapping):
        return {k: _inline_images(v, tpl) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_inline_images(v, tpl) for v in value]
    return value


def _bare_env() -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True)
    env.filters.update(FILTERS)
    return env


def _text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


@benchmark("render", "Render overhead: naskah vs bare docxtpl (one document)", order=10)
def render_overhead(ctx: BenchContext) -> BenchResult:
    t = trail()
    kertas = t.cycle.agency.kertas
    env = _bare_env()
    repeat = ctx.repeat(50, 5)
    ratios: list[Ratio] = []
    notes: list[str] = []
    numbers: dict[str, float] = {}
    for kind, what, has_chart in KINDS:
        document = t.find(kind)
        nomor = BENCH_NOMOR if document.kind.bernomor else None
        template = t.plugins.template(t.cycle.agency, document.kind)
        cold = time.perf_counter()
        context = t.plugins.document_context(t.cycle, document, nomor)
        cold = time.perf_counter() - cold  # the first call: imports, charts drawn and cached
        out = {v: ctx.workdir / f"{kind}-{v}.docx" for v in ("full", "naskah", "bare")}

        def bare(template=template, context=context, target=out["bare"]):
            tpl = DocxTemplate(str(template))
            tpl.render(_inline_images(context, tpl), env)
            tpl.save(str(target))

        variants = {
            "full": lambda d=document, n=nomor, o=out["full"]: render_document(
                t.plugins, t.cycle, d, n, o
            ),
            "naskah": lambda tp=template, c=context, o=out["naskah"]: render_docx(
                tp, c, o, kertas=kertas
            ),
            "bare": bare,
            "context": lambda d=document, n=nomor: t.plugins.document_context(t.cycle, d, n),
        }
        if has_chart:  # charts are drawn once per process and data (naskah.documents.charts._memo)
            out["drawn"] = ctx.workdir / f"{kind}-drawn.docx"

            def drawn(d=document, n=nomor, o=out["drawn"]):
                charts._drawn.clear()
                render_document(t.plugins, t.cycle, d, n, o)

            variants["drawn"] = drawn
        ctx.say(f"  {kind}: {repeat} rounds of 3 renders + context building …")
        m = interleaved(variants, repeat)
        if len({_text(p) for p in out.values()}) != 1:
            notes.append(f"{kind}: the outputs differ in text — the comparison is unfair")
        full, naskah, bare_ = m["full"], m["naskah"], m["bare"]
        labels = [("full", "included"), ("naskah", "excluded")]
        if has_chart:
            labels.insert(1, ("drawn", "included, chart drawn afresh (an agency's first)"))
        for key, label in labels:
            ratios.append(
                Ratio(
                    f"P1 {kind} ({what}), context building {label}: naskah ÷ bare docxtpl",
                    m[key]["wall"] / bare_["wall"],
                    "<=",
                    GOAL,
                    f"{1000 * m[key]['wall']:.1f} ms vs {1000 * bare_['wall']:.1f} ms, median of "
                    f"{repeat}; CPU-time ratio {m[key]['cpu'] / bare_['cpu']:.2f}",
                )
            )
        for name, v in m.items():
            numbers[f"{kind}.{name}.median_ms"] = round(1000 * v["wall"], 2)
            numbers[f"{kind}.{name}.first_ms"] = round(1000 * v["first"], 2)
            numbers[f"{kind}.{name}.spread"] = round(v["spread"], 3)
        numbers[f"{kind}.context.cold_ms"] = round(1000 * cold, 2)
        notes.append(
            f"{kind}: context building {1000 * m['context']['wall']:.1f} ms (median; the "
            f"first call in the process {1000 * cold:.0f} ms), naskah render_docx "
            f"{1000 * naskah['wall']:.1f} ms, bare docxtpl {1000 * bare_['wall']:.1f} ms, "
            f"render_document {1000 * full['wall']:.1f} ms"
            + (
                f", with its chart drawn afresh {1000 * m['drawn']['wall']:.1f} ms (bare docxtpl "
                "gets the chart already drawn, in the context)"
                if has_chart
                else ""
            )
            + "."
        )
    return BenchResult(ratios, notes, numbers)
