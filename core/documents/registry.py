"""The built-in document kinds and the registry of their context builders."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from naskah.cycle import Cycle
from naskah.model import DocumentKind, PlannedDocument

Builder = Callable[[Cycle, PlannedDocument, "str | None"], dict[str, Any]]

# Kode klasifikasi arsip, Permendagri 83/2022 (verify): 000.1.5 rapat / notula,
# 000.8.6.3 akuntabilitas kinerja instansi pemerintah.
_KINERJA = "000.8.6.3"
_RAPAT = "000.1.5"

BUILTIN_KINDS: tuple[DocumentKind, ...] = (
    DocumentKind("nota_dinas", "Nota Dinas", _KINERJA, bernomor=True),
    DocumentKind("undangan_rapat", "Undangan Rapat", _RAPAT, bernomor=True),
    DocumentKind("notulen_rapat", "Notulen Rapat", _RAPAT),
    DocumentKind("program_kerja", "Program Kerja Kegiatan", _KINERJA),
    DocumentKind("checklist_dokumen", "Checklist Dokumen", _KINERJA),
    DocumentKind(
        "formulir_pengumpulan", "Formulir Pengumpulan Data Capaian Kinerja", _KINERJA,
        variants=("terisi",),
    ),
    DocumentKind("tanda_terima", "Bukti Tanda Terima Formulir", _KINERJA),
    DocumentKind(
        "rekapitulasi_pengumpulan", "Rekapitulasi Hasil Pengumpulan Data Kinerja", _KINERJA
    ),
    DocumentKind(
        "laporan_pengumpulan", "Laporan Hasil Pengumpulan Data Kinerja", _KINERJA,
        bernomor=True, variants=("draft",),
    ),
    DocumentKind("kertas_kerja", "Kertas Kerja Pengukuran Kinerja", _KINERJA,
                 variants=("metodologi",)),
    DocumentKind("rekapitulasi_pengukuran", "Rekapitulasi Hasil Pengukuran Kinerja", _KINERJA),
    DocumentKind(
        "laporan_pengukuran", "Laporan Hasil Pengukuran Kinerja", _KINERJA,
        bernomor=True, variants=("draft",),
    ),
    DocumentKind("lembar_disposisi", "Lembar Disposisi", _KINERJA),
    DocumentKind("lembar_verifikasi", "Lembar Verifikasi Data Kinerja", _KINERJA),
    DocumentKind("surat_pengantar", "Surat Pengantar", _KINERJA, bernomor=True),
    # The SOP document itself (SOP AP, Permenpan RB 35/2012); 000.8.3.3 = SOP (domain brief §3).
    # Not numbered from the register: it carries its own Nomor SOP on the identity page.
    DocumentKind("sop", "Standar Operasional Prosedur", "000.8.3.3"),
)
"""Kinds of the common SOP with their variants: ``terisi`` (a formulir as filled in),
``metodologi`` (the kertas kerja's method sheet), ``draft`` (never takes a number)."""

_BUILDERS: dict[str, Builder] = {}

# Modules that register builders; imported lazily on first use.
_BUILDER_MODULES = (
    "naskah.documents.surat",
    "naskah.documents.rapat",
    "naskah.documents.perencanaan",
    "naskah.documents.pengumpulan",
    "naskah.documents.pengukuran",
    "naskah.documents.sop",
    "naskah.documents.verifikasi",
)
_loaded = False


def kind(slug: str) -> DocumentKind:
    """The built-in kind ``slug``; ``KeyError`` if there is none."""
    for k in BUILTIN_KINDS:
        if k.slug == slug:
            return k
    raise KeyError(f"no built-in document kind {slug!r}")


def builder(slug: str) -> Callable[[Builder], Builder]:
    """Register the decorated function as the context builder of kind ``slug``."""

    def register(fn: Builder) -> Builder:
        if slug in _BUILDERS:
            raise ValueError(f"two context builders for kind {slug!r}")
        _BUILDERS[slug] = fn
        return fn

    return register


def _load() -> None:
    global _loaded
    if not _loaded:
        for name in _BUILDER_MODULES:
            importlib.import_module(name)
        _loaded = True


def build_context(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """The template variables of ``document``, or ``{}`` for a kind naskah has no builder for
    (a plugin's own kind: its plugin supplies the context)."""
    _load()
    fn = _BUILDERS.get(document.kind.slug)
    return fn(cycle, document, nomor) if fn else {}
