"""The pipeline: collected data → measured cycle → planned documents → rendered DOCX.

Stages are plain functions (the Celery tasks of :mod:`naskah.workers` wrap them):

1. :func:`prepare_cycle` — check the data against the agency's SOP (hook
   ``naskah_validate_data``), measure every indicator, merge the officials;
2. :func:`plan_documents` — walk the SOP's procedures and steps and list every document the
   steps produce (hook ``naskah_step_documents``), one per bidang where a step asks for it;
3. :func:`render_document` — template (hook ``naskah_template``) + context (hook
   ``naskah_document_context``) → one DOCX file.

Numbering and archiving around them are in :mod:`naskah.run`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from naskah.agencies.manager import PluginError, Plugins
from naskah.cycle import Cycle, merge_pejabat
from naskah.errors import InputError
from naskah.i18n import _
from naskah.measurement.rules import measure_all
from naskah.model import CollectedData, PlannedDocument
from naskah.render import render_docx

# The Siklus date a numbered document carries (its date of signing), by kind. A laporan's draft
# is not numbered. Keys are looked up as "<procedure>.<key>" first, then "<key>".
DATE_KEYS: dict[str, str] = {
    "nota_dinas": "nota_dinas",
    "undangan_rapat": "undangan",
    "laporan_pengumpulan": "laporan",
    "laporan_pengukuran": "laporan",
    "lembar_disposisi": "disposisi",
    "surat_pengantar": "surat_pengantar",
}


def prepare_cycle(plugins: Plugins, agency_slug: str, data: CollectedData) -> Cycle:
    """Validate ``data`` for the agency and measure it.

    :raises PluginError: unknown agency, or its plugin's declarations have problems
        (:func:`naskah.agencies.check_sop.refuse_broken`: the messages of ``naskah plugins``).
    :raises InputError: the agency's plugins found problems in the data (all listed).
    """
    from naskah.agencies.check_sop import refuse_broken

    agency = plugins.agency(agency_slug)
    refuse_broken(plugins, agency)
    problems = plugins.validate_data(agency, data)
    if problems:
        raise InputError(problems)
    rules = plugins.measurement_rules(agency)
    pejabat, daftar = merge_pejabat(data.pejabat, agency.kepala, agency.sekretaris)
    return Cycle(
        agency=agency,
        data=data,
        procedures=plugins.procedures(agency),
        rules=rules,
        capaian=measure_all(data, rules),
        pejabat=pejabat,
        daftar_pejabat=daftar,
    )


SOP_PROCEDURE = "sop"
"""Procedure slug under which the SOP document itself is planned (step 0, before the steps)."""


def plan_documents(plugins: Plugins, cycle: Cycle) -> list[PlannedDocument]:
    """Every document of the cycle's trail: first the SOP document itself (kind ``sop``, the
    procedures the trail follows, SOP AP format), then the steps' outputs in SOP order
    (procedure, step, bidang).

    :raises PluginError: a step names a document kind no plugin declares.
    """
    kinds = plugins.document_kinds(cycle.agency)
    planned: list[PlannedDocument] = []
    if "sop" in kinds:
        planned.append(PlannedDocument(cycle.agency.slug, cycle.periode, SOP_PROCEDURE, 0,
                                       kinds["sop"]))
    for procedure in cycle.procedures:
        for step in procedure.steps:
            for spec in plugins.step_documents(cycle.agency, procedure, step):
                if spec.kind not in kinds:
                    raise PluginError(
                        _("step {nomor} of {slug} produces unknown document kind {kind!r}; known "
                          "kinds: {value}", nomor=step.nomor, slug=procedure.slug, kind=spec.kind,
                          value=', '.join(sorted(kinds)))
                    )
                bidang_list = cycle.data.bidang if spec.per_bidang else ("",)
                for bidang in bidang_list:
                    planned.append(
                        PlannedDocument(
                            agency=cycle.agency.slug,
                            periode=cycle.periode,
                            procedure=procedure.slug,
                            step=step.nomor,
                            kind=kinds[spec.kind],
                            variant=spec.variant,
                            bidang=bidang,
                        )
                    )
    return planned


def is_numbered(document: PlannedDocument) -> bool:
    """Numbered kinds take a register number; drafts never do."""
    return document.kind.bernomor and document.variant != "draft"


def document_date(cycle: Cycle, document: PlannedDocument) -> date | None:
    """The date a document carries, from the Siklus sheet (``None`` when not given)."""
    key = DATE_KEYS.get(document.kind.slug, document.kind.slug)
    tanggal = cycle.data.siklus.tanggal
    return tanggal.get(f"{document.procedure}.{key}") or tanggal.get(key)


def render_document(
    plugins: Plugins, cycle: Cycle, document: PlannedDocument, nomor: str | None, out: Path
) -> Path:
    """Render one document to ``out`` (a ``.docx`` path) and return it.

    :raises PluginError: no template for the kind.
    :raises naskah.errors.TemplateError: the template does not render.
    """
    template = plugins.template(cycle.agency, document.kind)
    context = plugins.document_context(cycle, document, nomor)
    render_docx(template, context, out, kertas=cycle.agency.kertas)
    return out


def file_name(index: int, document: PlannedDocument) -> str:
    """``"01-03_program_kerja.docx"``-style names: procedure index, step, kind, variant, bidang."""
    from naskah.model import slugify

    parts = [f"{index:02d}-{document.step:02d}", document.kind.slug]
    if document.variant:
        parts.append(document.variant)
    if document.bidang:
        parts.append(slugify(document.bidang))
    return "_".join(parts) + ".docx"
