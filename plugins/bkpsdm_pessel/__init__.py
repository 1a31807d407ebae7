"""Agency plugin: Badan Kepegawaian dan Pengembangan Sumber Daya Manusia (BKPSDM), Kab. Pesisir
Selatan.

Source: seed ``001_098037f72f4ac396.txt``, SOP "Pengumpulan Data dan Pengukuran Kinerja" Tahun
2023. What makes it differ from the first agency:

- it is a *Badan*: its head is the "Kepala Badan …" (profile ``kepala.jabatan``), which every
  document prints as jabatan (nota dinas Dari and signature, laporan, disposisi …), although its
  SOP table says "Kepala Dinas" (kept verbatim in the step data, :mod:`.sop`);
- it collects IKU and IKK (III. Ruang Lingkup "Data Kinerja IKU dan IKK yang dikumpulkan"), plus
  the plain program and kegiatan indicators of II. Tujuan 1 ("… pada jenjang program dan
  kegiatan sampai ke jenjang IKU"); an IKI row is refused by the default
  ``naskah_validate_data`` with its sheet and row;
- the seed has no Dasar Hukum section (none is declared) and gives no name or NIP of the head
  (printed blank, with a warning), no address, contact, kode unit or SOP number;
- persyaratan umum: "Yakni harus adanya Perjanjian Kinerja" (only the PK).
"""

from __future__ import annotations

from typing import Any

import naskah
from naskah.cycle import Cycle
from naskah.documents import build_context
from naskah.model import AgencyProfile, Jenis, Pejabat, PlannedDocument, Procedure, SopIdentitas
from naskah.plugins.bkpsdm_pessel.sop import PROCEDURES

NAMA = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"

PROFILE = AgencyProfile(
    slug="bkpsdm-pessel",
    nama=f"{NAMA} Kabupaten Pesisir Selatan".upper(),
    singkatan="BKPSDM",
    pemerintah="PEMERINTAH KABUPATEN PESISIR SELATAN",
    kabupaten="Kabupaten Pesisir Selatan",
    # Painan is the seat of Kabupaten Pesisir Selatan (domain brief §3); the seed gives no place.
    kota="Painan",
    # The seed's step lists name the head "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya
    # Manusia Kabupaten Pesisir Selatan"; no name, no NIP.
    kepala=Pejabat(jabatan=f"Kepala {NAMA} Kabupaten Pesisir Selatan", peran="kepala"),
    sekretaris=Pejabat(jabatan=f"Sekretaris {NAMA}", peran="sekretaris"),
    tahun_sop=2023,
    jenis_indikator=(Jenis.IKU, Jenis.IKK, Jenis.IK),
    persyaratan=("Perjanjian Kinerja",),
    dokumen_pelengkap=(
        "Perjanjian Kinerja",
        "Renstra",
        "Laporan Kinerja Instansi Pemerintah (LKjIP)",
        "Dokumen hasil penilaian SAKIP",
    ),
    dasar_hukum=(),  # the seed has no Dasar Hukum section
    sop=SopIdentitas(nama_sop="Pengumpulan Data dan Pengukuran Kinerja"),
    source="seed 001_098037f72f4ac396.txt",
)

CATATAN_JADWAL_TANPA_WAKTU = (
    "Kolom waktu dan jadwal dikosongkan: SOP {singkatan} Tahun {tahun} tidak mencantumkan mutu "
    "baku (kelengkapan, waktu, output) untuk prosedur {judul}, sehingga jadwal tidak dapat "
    "disusun dari SOP. Isi jadwal secara manual sesuai arahan rapat."
)


@naskah.hookimpl
def naskah_agencies() -> list[AgencyProfile]:
    return [PROFILE]


@naskah.hookimpl
def naskah_procedures(agency: AgencyProfile) -> list[Procedure] | None:
    if agency.slug != PROFILE.slug:
        return None
    return list(PROCEDURES)


@naskah.hookimpl
def naskah_document_context(
    cycle: Cycle, document: PlannedDocument, nomor: str | None
) -> dict[str, Any] | None:
    """The Program Kerja, a plan the Tim SAKIP writes from the SOP's steps:

    - its Kegiatan and Output columns name the head as the Badan's ("Kepala Badan
      memerintahkan …", "Disposisi Kepala Badan") where the SOP table says "Kepala Dinas" (the
      step data keep the SOP's text, :mod:`.sop`);
    - for a procedure whose SOP gives no waktu (here: pengumpulan) no schedule is derived (the
      default would put every step on the meeting day): ``jadwal`` and ``total_jadwal`` are
      blank and ``catatan_jadwal`` says why.

    Keys replaced: ``kegiatan``, and without waktu ``total_jadwal``, ``catatan_jadwal``."""
    if cycle.agency.slug != PROFILE.slug or document.kind.slug != "program_kerja":
        return None
    default = build_context(cycle, document, nomor)
    kegiatan = [
        {**row, "uraian": _kepala_badan(row["uraian"]), "output": _kepala_badan(row["output"])}
        for row in default["kegiatan"]
    ]
    procedure = cycle.procedure(document.procedure)
    if any(s.waktu_menit for s in procedure.steps):
        return {"kegiatan": kegiatan}
    return {
        "kegiatan": [{**row, "jadwal": ""} for row in kegiatan],
        "total_jadwal": "",
        "catatan_jadwal": [
            CATATAN_JADWAL_TANPA_WAKTU.format(
                singkatan=PROFILE.singkatan, tahun=PROFILE.tahun_sop, judul=procedure.judul
            )
        ],
    }


def _kepala_badan(text: str) -> str:
    """``"… kepada Kepala Dinas"`` → ``"… kepada Kepala Badan"`` (the SOP table's wording for
    this Badan's head)."""
    return text.replace("Kepala Dinas", "Kepala Badan")
