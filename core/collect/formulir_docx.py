"""The DOCX formulir of a bidang (to print or fill in Word) and its bukti tanda terima.

Both are rendered by the pipeline from the agency's templates (kinds ``formulir_pengumpulan``
and ``tanda_terima``, :func:`naskah.pipeline.render_document`), exactly as in a full run; the
formulir is then stamped with its :class:`~naskah.collect.meta.FormulirMeta` (core property
*comments*, JSON) so that the importer recognises it when it comes back filled.
"""

from __future__ import annotations

from pathlib import Path

import docx

from naskah.agencies.manager import Plugins
from naskah.collect.meta import FormulirMeta
from naskah.cycle import Cycle
from naskah.model import PlannedDocument
from naskah.pipeline import render_document

FORMULIR = "formulir_pengumpulan"
TANDA_TERIMA = "tanda_terima"


def formulir_meta(cycle: Cycle, bidang: str) -> FormulirMeta:
    """The identity of ``bidang``'s formulir in ``cycle``: its indicators in input order."""
    kode = tuple(c.indikator.kode for c in cycle.capaian_of_bidang(bidang))
    return FormulirMeta(agency=cycle.agency.slug, periode=cycle.periode.key, bidang=bidang,
                        kode=kode)


def planned(plugins: Plugins, cycle: Cycle, kind: str, bidang: str, variant: str = ""
            ) -> PlannedDocument:
    """The :class:`PlannedDocument` of ``kind`` for ``bidang``, placed at the SOP step that
    produces it (procedure and step print in the footer). An SOP without such a step (seed
    002 collects through an application) gets the first procedure, step 0."""
    kinds = plugins.document_kinds(cycle.agency)
    for procedure in cycle.procedures:
        for step in procedure.steps:
            for spec in plugins.step_documents(cycle.agency, procedure, step):
                if spec.kind == kind and spec.variant == variant:
                    return PlannedDocument(cycle.agency.slug, cycle.periode, procedure.slug,
                                           step.nomor, kinds[kind], variant, bidang)
    first = cycle.procedures[0].slug if cycle.procedures else "pengumpulan"
    return PlannedDocument(cycle.agency.slug, cycle.periode, first, 0, kinds[kind], variant,
                           bidang)


def stamp(path: Path, meta: FormulirMeta) -> None:
    """Write ``meta``'s identity into the DOCX's core properties (*comments*, *subject*), in
    place. :raises ValueError: a bidang name so long that the identity exceeds 255 characters."""
    document = docx.Document(str(path))
    props = document.core_properties
    props.comments = meta.identity().to_json()  # ≤ 255 characters: no kode list
    props.subject = f"Formulir pengumpulan data capaian kinerja — {meta.bidang} — {meta.periode}"
    document.save(str(path))


def write_formulir_docx(plugins: Plugins, cycle: Cycle, bidang: str, out: Path) -> Path:
    """Render ``bidang``'s blank formulir to ``out`` (``.docx``) and stamp it. Returns ``out``.

    :raises naskah.errors.TemplateError: the template does not render.
    """
    document = planned(plugins, cycle, FORMULIR, bidang)
    render_document(plugins, cycle, document, None, out)
    stamp(out, formulir_meta(cycle, bidang))
    return out


def write_tanda_terima(plugins: Plugins, cycle: Cycle, bidang: str, out: Path) -> Path:
    """Render the bukti tanda terima of ``bidang``'s formulir to ``out`` (``.docx``)."""
    render_document(plugins, cycle, planned(plugins, cycle, TANDA_TERIMA, bidang), None, out)
    return out
