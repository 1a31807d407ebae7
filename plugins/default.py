"""The default plugin: naskah's common SOP behaviour, overridable by every agency plugin.

Every implementation here is ``trylast`` (first-result hooks) so that an agency plugin's answer
wins; for all-results hooks the pipeline merges the default's answer first.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import naskah
from naskah.cycle import Cycle
from naskah.documents import BUILTIN_KINDS, build_context
from naskah.i18n import _
from naskah.measurement.types import MeasurementRules
from naskah.model import (
    AgencyProfile,
    CollectedData,
    DocumentKind,
    DocumentSpec,
    PlannedDocument,
    Problem,
    Procedure,
    Step,
)

DEFAULT_NUMBERING_PATTERN = "{kode}/{nomor:03d}/{unit}/{tahun}"

# Output wording of the common SOP tables → document kinds, checked in order; the first
# pattern found in a step's output wins for each comma-separated part.
_OUTPUT_KINDS: tuple[tuple[str, DocumentSpec], ...] = (
    (r"undangan", DocumentSpec("undangan_rapat")),
    (r"nota dinas", DocumentSpec("nota_dinas")),
    (r"notulen|notula", DocumentSpec("notulen_rapat")),
    (r"program kerja", DocumentSpec("program_kerja")),
    (r"checklist", DocumentSpec("checklist_dokumen")),
    (r"tanda terima", DocumentSpec("tanda_terima", per_bidang=True)),
    (r"formulir .*(sudah|telah) diisi", DocumentSpec("formulir_pengumpulan", "terisi", True)),
    (r"formulir", DocumentSpec("formulir_pengumpulan", per_bidang=True)),
    (r"draf\w* laporan hasil pengumpulan", DocumentSpec("laporan_pengumpulan", "draft")),
    (r"laporan hasil pengumpulan", DocumentSpec("laporan_pengumpulan")),
    (r"rekapitulasi hasil pengumpulan", DocumentSpec("rekapitulasi_pengumpulan")),
    (r"kert\w* kerja", DocumentSpec("kertas_kerja")),
    (r"rekapitulasi hasil pengukuran", DocumentSpec("rekapitulasi_pengukuran")),
    (r"draf\w* laporan hasil pengukuran", DocumentSpec("laporan_pengukuran", "draft")),
    (r"laporan hasil pengukuran", DocumentSpec("laporan_pengukuran")),
    (r"disposisi", DocumentSpec("lembar_disposisi")),
    (r"surat pengantar", DocumentSpec("surat_pengantar")),
)


def documents_from_output(output: str) -> list[DocumentSpec]:
    """Document kinds named in a step's output text, e.g. ``"Laporan Hasil Pengukuran Kinerja,
    Lembar Disposisi"`` → ``[laporan_pengukuran, lembar_disposisi]``. Unknown wording → ``[]``."""
    specs: list[DocumentSpec] = []
    for part in re.split(r",|\bdan\b", output.lower()):
        for pattern, spec in _OUTPUT_KINDS:
            if re.search(pattern, part) and spec not in specs:
                specs.append(spec)
                break
    return specs


@naskah.hookimpl
def naskah_document_kinds() -> list[DocumentKind]:
    return list(BUILTIN_KINDS)


@naskah.hookimpl(trylast=True)
def naskah_step_documents(
    agency: AgencyProfile, procedure: Procedure, step: Step
) -> list[DocumentSpec]:
    if step.documents is not None:
        return list(step.documents)
    return documents_from_output(step.output)


@naskah.hookimpl(trylast=True)
def naskah_template(agency: AgencyProfile, kind: DocumentKind) -> Path | None:
    path = Path(str(resources.files("naskah.templates") / "docx" / f"{kind.slug}.docx"))
    return path if path.is_file() else None


@naskah.hookimpl(trylast=True)
def naskah_document_context(
    cycle: Cycle, document: PlannedDocument, nomor: str | None
) -> dict[str, Any]:
    return build_context(cycle, document, nomor)


@naskah.hookimpl(trylast=True)
def naskah_numbering_pattern(agency: AgencyProfile, kind: DocumentKind) -> str:
    return DEFAULT_NUMBERING_PATTERN


@naskah.hookimpl(trylast=True)
def naskah_measurement_rules(agency: AgencyProfile) -> MeasurementRules:
    return MeasurementRules()


@naskah.hookimpl
def naskah_validate_data(agency: AgencyProfile, data: CollectedData) -> list[Problem]:
    """Each indicator's jenis must be one the agency's SOP collects (its "Ruang Lingkup")."""
    allowed = agency.jenis_indikator
    problems = []
    for ind in data.indikator:
        if ind.jenis not in allowed:
            problems.append(
                Problem(
                    file=data.source,
                    sheet="Indikator",
                    row=ind.source_row,
                    column=data.column("Indikator", "jenis"),
                    found=_("jenis {value!r} for indicator {kode}", value=ind.jenis.value,
                            kode=ind.kode),
                    expected=f"{agency.nama} collects only "
                    + ", ".join(j.value for j in allowed)
                    + " (SOP Ruang Lingkup)",
                )
            )
    return problems


@naskah.hookimpl(trylast=True)
def naskah_signer(nip: str, settings, ask_passphrase):
    from naskah.signing.keystore import pkcs12_signer

    return pkcs12_signer(nip, settings, ask_passphrase)
