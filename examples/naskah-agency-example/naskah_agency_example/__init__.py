"""naskah plugin of a FICTIONAL agency: Dinas Contoh Kabupaten Fiktif (slug ``contoh-fiktif``).

FICTIONAL: the agency, its kabupaten, its address, its officials and their NIPs are invented
for this example and marked so (the NIPs are zeros). Nothing here describes a real agency. A
real plugin declares only what its agency's SOP and official documents give, and leaves the
rest empty (naskah prints a blank line and warns).

What this plugin shows (one hook each, see ``docs/plugins.md`` of naskah):

- its agency profile (``naskah_agencies``) — on A4 paper, with its own logo;
- its SOP procedures (``naskah_procedures``, :mod:`naskah_agency_example.sop`);
- its own kop: a template override of the Nota Dinas (``naskah_template``);
- its own document kind, the Berita Acara Hasil Pengukuran Kinerja (``naskah_document_kinds``,
  ``naskah_template``, ``naskah_document_context``, :mod:`naskah_agency_example.berita_acara`);
- a numbering pattern with the month in Roman numerals (``naskah_numbering_pattern``);
- a different predicate scale (``naskah_measurement_rules``).

Registered by ``[project.entry-points.naskah] contoh_fiktif = "naskah_agency_example"`` in its
``pyproject.toml``: ``pip install`` it next to naskah and ``naskah plugins`` lists it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import naskah
from naskah.measurement.types import MeasurementRules, Predikat
from naskah.model import AgencyProfile, DocumentKind, Jenis, Pejabat, Procedure, SopIdentitas

from naskah_agency_example.berita_acara import BERITA_ACARA, berita_acara_context
from naskah_agency_example.sop import PROCEDURES

__version__ = "0.1.0"

SLUG = "contoh-fiktif"
HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
LOGO = HERE / "logo.png"

OWN_TEMPLATES = ("nota_dinas", "berita_acara")
"""Kinds rendered from this package's templates; every other kind uses naskah's."""

NUMBERING_PATTERN = "{kode}/{nomor:03d}/{unit}/{bulan_romawi}/{tahun}"
"""E.g. ``000.8.6.3/004/D-Contoh/IV/2025``: kode klasifikasi / nomor urut / kode unit / bulan
(Roman) / tahun — the older style with a Roman month (domain brief §3)."""

SKALA_PREDIKAT = (
    Predikat(Decimal(100), "Sangat Berhasil"),
    Predikat(Decimal(75), "Berhasil"),
    Predikat(Decimal(55), "Cukup Berhasil"),
    Predikat(Decimal("-Infinity"), "Kurang Berhasil"),
)
"""≥ 100 Sangat Berhasil, 75–99 Berhasil, 55–74 Cukup Berhasil, < 55 Kurang Berhasil: a scale
used by some agencies instead of Permendagri 86/2017 (domain brief §2, "other real scales")."""

NAMA = "Dinas Contoh Kabupaten Fiktif"

PROFILE = AgencyProfile(
    slug=SLUG,
    nama=NAMA.upper(),
    singkatan="Dinas Contoh",
    pemerintah="PEMERINTAH KABUPATEN FIKTIF",
    kabupaten="Kabupaten Fiktif",
    kota="Kota Contoh",
    kepala=Pejabat(
        jabatan=f"Kepala {NAMA}",
        nama="BUDI CONTOH, S.Sos. (fiktif)",
        pangkat="Pembina Tk. I / IV.b",
        nip="000000000000000001",
        peran="kepala",
    ),
    # The Sekretaris' name is left empty on purpose: the documents show how naskah prints a
    # fact it is not given (a blank line to fill by hand, and a warning).
    sekretaris=Pejabat(jabatan=f"Sekretaris {NAMA}", peran="sekretaris"),
    alamat="Jalan Contoh Nomor 1, Kota Contoh (alamat fiktif)",
    kontak="Telp. (0000) 000000 · Pos-el: dinas@contoh.invalid",
    kode_unit="D-Contoh",
    tahun_sop=2025,
    nomor_sop="000.8.3.3/001/D-Contoh/2025",
    jenis_indikator=(Jenis.IKU, Jenis.IKK, Jenis.IK),
    bidang=("Sekretariat", "Bidang Pelayanan", "Bidang Pengembangan"),
    kertas="A4",
    logo=str(LOGO),
    persyaratan=("Perjanjian Kinerja", "Renstra"),
    sop=SopIdentitas(
        nama_sop="Pengumpulan Data dan Pengukuran Kinerja (CONTOH FIKTIF)",
        nomor="000.8.3.3/001/D-Contoh/2025",
    ),
    source="FICTIONAL example plugin naskah-agency-example (no real agency)",
)


@naskah.hookimpl
def naskah_agencies() -> list[AgencyProfile]:
    return [PROFILE]


@naskah.hookimpl
def naskah_procedures(agency: AgencyProfile) -> list[Procedure] | None:
    if agency.slug != SLUG:
        return None
    return list(PROCEDURES)


@naskah.hookimpl
def naskah_document_kinds() -> list[DocumentKind]:
    return [BERITA_ACARA]


@naskah.hookimpl
def naskah_template(agency: AgencyProfile, kind: DocumentKind) -> Path | None:
    if agency.slug != SLUG or kind.slug not in OWN_TEMPLATES:
        return None
    return TEMPLATES / f"{kind.slug}.docx"


@naskah.hookimpl
def naskah_document_context(cycle, document, nomor):
    if cycle.agency.slug != SLUG or document.kind.slug != BERITA_ACARA.slug:
        return None
    return berita_acara_context(cycle, document, nomor)


@naskah.hookimpl
def naskah_numbering_pattern(agency: AgencyProfile, kind: DocumentKind) -> str | None:
    return NUMBERING_PATTERN if agency.slug == SLUG else None


@naskah.hookimpl
def naskah_measurement_rules(agency: AgencyProfile) -> MeasurementRules | None:
    return MeasurementRules(skala_predikat=SKALA_PREDIKAT) if agency.slug == SLUG else None
