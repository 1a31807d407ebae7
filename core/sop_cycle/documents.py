"""Render and archive the documents of a cycle's step, when the step completes.

The documents are planned, numbered, rendered and archived by the same functions as
``naskah run`` (:func:`naskah.pipeline.plan_documents`, :func:`naskah.run.render_and_archive`);
here only the inputs differ:

- the data: :func:`naskah.collect.data.cycle_data` (the realisasi of the period from the
  collected revisions, not from the workbook);
- the dates: in a cycle a document carries the date its step was completed (WIB), which
  replaces the workbook's ``Siklus`` date of the same name (``nota_dinas``, ``laporan`` …; the
  meeting of a step producing a notulen gets that date too). Dates no step of the cycle
  produces (e.g. ``batas_formulir``) stay as the workbook gives them;
- the numbers already given: the nomor of the documents archived by the earlier steps of the
  cycles of the same agency and period, so a laporan cites its Nota Dinas.

Each step's documents are one archive run (``source_name`` ``"siklus 3 · pengumpulan langkah
9 (putaran 2)"``); the blank formulir is stamped with its identity (:mod:`naskah.collect.meta`)
before it is archived, and its XLSX twin is written beside the data directory's ``formulir/``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from naskah.agencies.manager import Plugins
from naskah.archive.store import Document, RunReason
from naskah.collect.data import cycle_data
from naskah.collect.formulir_docx import FORMULIR, formulir_meta, stamp
from naskah.collect.formulir_xlsx import write_formulir_xlsx
from naskah.collect.store import Pengumpulan
from naskah.cycle import Cycle
from naskah.model import (
    AgencyProfile,
    CollectedData,
    PlannedDocument,
    Procedure,
    Rapat,
    slugify,
)
from naskah.pipeline import plan_documents, prepare_cycle
from naskah.run import RunResult, render_and_archive
from naskah.settings import Settings
from naskah.sop_cycle.store import Keputusan, SopCycle, StepEvent
from naskah.sop_cycle.timing import WIB

DATE_KEYS: dict[tuple[str, str], str] = {
    ("nota_dinas", ""): "nota_dinas",
    ("undangan_rapat", ""): "undangan",
    ("notulen_rapat", ""): "rapat",
    ("notulen_rapat", "sosialisasi"): "sosialisasi",
    ("program_kerja", ""): "program_kerja",
    ("checklist_dokumen", ""): "checklist_dokumen",
    ("formulir_pengumpulan", ""): "formulir",
    ("formulir_pengumpulan", "terisi"): "formulir_terisi",
    ("tanda_terima", ""): "tanda_terima",
    ("rekapitulasi_pengumpulan", ""): "rekapitulasi",
    ("rekapitulasi_pengukuran", ""): "rekapitulasi",
    ("kertas_kerja", "metodologi"): "metodologi",
    ("kertas_kerja", ""): "kertas_kerja",
    ("laporan_pengumpulan", "draft"): "laporan_draft",
    ("laporan_pengumpulan", ""): "laporan",
    ("laporan_pengukuran", "draft"): "laporan_draft",
    ("laporan_pengukuran", ""): "laporan",
    ("lembar_disposisi", ""): "disposisi",
    ("surat_pengantar", ""): "surat_pengantar",
}
"""The ``Siklus`` date name (documents look up ``"<procedure>.<name>"``) each document kind
and variant carries; see :func:`naskah.documents.common.tanggal_of`."""


def step_dates(plugins: Plugins, agency: AgencyProfile, procedure: Procedure,
               events: Iterable[StepEvent]) -> dict[str, date]:
    """``{"<procedure>.<name>": date}`` of the documents of every completed step of
    ``events`` (later passes win); a step decided TIDAK produced nothing."""
    out: dict[str, date] = {}
    for e in events:
        if e.ended_at is None or e.keputusan == Keputusan.TIDAK:
            continue
        for spec in plugins.step_documents(agency, procedure, procedure.step(e.step)):
            name = DATE_KEYS.get((spec.kind, spec.variant))
            if name:
                out[f"{procedure.slug}.{name}"] = e.ended_at.astimezone(WIB).date()
    return out


def with_dates(data: CollectedData, procedure: str, dates: dict[str, date]) -> CollectedData:
    """``data`` with ``dates`` (``"<procedure>.<name>"`` keys, which documents look up before
    the unprefixed ``"<name>"``) in its Siklus, and the procedure's meeting dated by
    ``"<procedure>.rapat"`` when given."""
    siklus = data.siklus
    rapat = dict(siklus.rapat)
    if f"{procedure}.rapat" in dates:
        rapat[procedure] = dataclasses.replace(rapat.get(procedure) or Rapat(),
                                               tanggal=dates[f"{procedure}.rapat"])
    siklus = dataclasses.replace(siklus, tanggal={**siklus.tanggal, **dates}, rapat=rapat)
    return dataclasses.replace(data, siklus=siklus)


def earlier_nomor(session: Session, cycle: SopCycle) -> dict[str, str]:
    """Nomor of the documents archived by the cycles of ``cycle``'s agency and period, by
    :attr:`PlannedDocument.key` (later runs win)."""
    others = session.scalars(
        select(SopCycle).where(SopCycle.agency == cycle.agency, SopCycle.periode == cycle.periode)
    )
    run_ids = {e.run_id for c in others for e in c.events if e.run_id is not None}
    if not run_ids:
        return {}
    docs = session.scalars(select(Document).where(Document.run_id.in_(run_ids))
                           .order_by(Document.id))
    return {d.key: d.nomor for d in docs if d.nomor}


def measured_cycle(session: Session, settings: Settings, plugins: Plugins, cycle: SopCycle,
                   pengumpulan: Pengumpulan) -> Cycle:
    """The measured :class:`~naskah.cycle.Cycle` for rendering ``cycle``'s documents now."""
    data = cycle_data(session, settings, pengumpulan)
    agency = plugins.agency(cycle.agency)
    procedure = next(p for p in plugins.procedures(agency) if p.slug == cycle.procedure)
    dates = step_dates(plugins, agency, procedure, cycle.events)
    measured = prepare_cycle(plugins, cycle.agency, with_dates(data, cycle.procedure, dates))
    measured.nomor.update(earlier_nomor(session, cycle))
    return measured


def render_step(
    session: Session,
    settings: Settings,
    plugins: Plugins,
    cycle: SopCycle,
    pengumpulan: Pengumpulan,
    event: StepEvent,
    by: str = "",
) -> tuple[RunResult | None, list[Path]]:
    """Render and archive the documents of ``event``'s step, in ``session``'s transaction (it
    is committed with the run, or rolled back with it).

    :return: the archive run (``None``: the step produces no document) and the XLSX formulir
        written (when the step produces the blank formulir).
    """
    measured = measured_cycle(session, settings, plugins, cycle, pengumpulan)
    planned = [d for d in plan_documents(plugins, measured)
               if d.procedure == cycle.procedure and d.step == event.step]
    if not planned:
        return None, []

    def finish(document: PlannedDocument, path: Path) -> None:
        if document.kind.slug == FORMULIR and not document.variant and document.bidang:
            stamp(path, formulir_meta(measured, document.bidang))

    source = f"siklus {cycle.id} · {cycle.procedure} langkah {event.step}"
    if event.putaran > 1:
        source += f" (putaran {event.putaran})"
    result = render_and_archive(
        plugins, measured, planned, settings=settings, source_name=source,
        source_sha256=pengumpulan.input_sha256, session=session, finish=finish,
        reason=RunReason.CYCLE_STEP, created_by=by,
    )
    written = []
    for d in planned:
        if d.kind.slug == FORMULIR and not d.variant and d.bidang:
            out = formulir_dir(settings, cycle) / f"formulir-{slugify(d.bidang)}.xlsx"
            written.append(write_formulir_xlsx(plugins, measured, d.bidang, out))
    return result, written


def formulir_dir(settings: Settings, cycle: SopCycle) -> Path:
    """``<data_dir>/formulir/<agency>/<periode>``: where a cycle's XLSX formulir are written."""
    return Path(settings.data_dir) / "formulir" / cycle.agency / cycle.periode
