"""Agency plugin: Dinas Perdagangan dan Transmigrasi, Kab. Pesisir Selatan.

Source: seed ``002_f3d3382478243051.txt``, SOP "Pengumpulan dan Pengukuran Data Kinerja" Nomor
510/10.a/DP-Trans/2025 (tanggal pembuatan and efektif 15 Januari 2025). What makes it differ:

- a formal SOP identity table, declared verbatim in :attr:`AgencyProfile.sop`; documents that
  cite the SOP (nota dinas, laporan dasar, program kerja, undangan) print its name, nomor and
  effective date (:func:`naskah.documents.common.sebutan_sop`);
- **application-based collection** (:mod:`.sop`): operators are briefed, enter the data in the
  application, the Kepala Bidang cross-checks, the Tim recaps from the application; no paper
  formulir, no tanda terima. This plugin's ``naskah_document_context`` words the collection
  documents accordingly (data source, ruang lingkup, the way back on rejection) and gives the
  step-5 sosialisasi notulen its own facts;
- kode unit ``DP-Trans`` and register numbers in the SOP number's own shape,
  ``{kode}/{nomor}/{unit}/{tahun}`` (e.g. ``000.8.6.3/7/DP-Trans/2025``);
- its head, from the SOP's signature block: APRIMAN JULKA, S.Pi, NIP 19790703 200212 1 011.

Choices where the seed is silent:

- no Ruang Lingkup section: every indicator type (IKU, IKK, IKI, IK) is accepted;
- no Persyaratan Umum / Dokumen Pelengkap sections: none declared (the documents the SOP needs
  are its steps' kelengkapan and the identity table's peralatan/perlengkapan);
- Dasar Hukum item 4 runs into the fragment "Tata Naskah Dinas di Lingkungan Pemerintah
  Kabupaten Pesisir Selatan" (the rest of a lost item whose number the extraction does not
  give): the fragment is left out rather than completed;
- singkatan: the seed's own abbreviation in its SOP number, "DP-Trans";
- kota: Painan, seat of Kabupaten Pesisir Selatan (domain brief §3); the seed gives no place,
  address, contact, nor the Sekretaris' name.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import naskah
from naskah import formatting
from naskah.cycle import Cycle
from naskah.documents import build_context
from naskah.documents.common import (
    jabatan_of,
    nama_instansi,
    pejabat,
    periode_teks,
    tanggal_of,
    tempat_tanggal,
    ttd,
)
from naskah.documents.kinerja import urut_level
from naskah.formatting import KOSONG
from naskah.model import (
    AgencyProfile,
    DocumentKind,
    Jenis,
    Pejabat,
    PlannedDocument,
    Procedure,
    SopIdentitas,
)
from naskah.plugins.disdagtrans_pessel.sop import (
    PENGUMPULAN,
    PROCEDURES,
    VARIANT_SOSIALISASI,
)

NAMA = "Dinas Perdagangan dan Transmigrasi"
NOMOR_SOP = "510/10.a/DP-Trans/2025"

PROFILE = AgencyProfile(
    slug="disdagtrans-pessel",
    nama=f"{NAMA} Kabupaten Pesisir Selatan".upper(),
    singkatan="DP-Trans",
    pemerintah="PEMERINTAH KABUPATEN PESISIR SELATAN",
    kabupaten="Kabupaten Pesisir Selatan",
    kota="Painan",
    kepala=Pejabat(
        jabatan=f"Kepala {NAMA} Kabupaten Pesisir Selatan",
        nama="APRIMAN JULKA, S.Pi",
        nip="197907032002121011",
        peran="kepala",
    ),
    sekretaris=Pejabat(jabatan=f"Sekretaris {NAMA}", peran="sekretaris"),
    kode_unit="DP-Trans",
    tahun_sop=2025,
    nomor_sop=NOMOR_SOP,
    jenis_indikator=(Jenis.IKU, Jenis.IKK, Jenis.IKI, Jenis.IK),
    dasar_hukum=(
        "Undang-Undang Nomor 25 tahun 2004 tentang Sistem Perencanaan Pembangunan Nasional",
        "Peraturan Pemerintah Nomor 20 Tahun 2004 tentang Rencana Kerja Pemerintah",
        "Peraturan Pemerintah Nomor 39 Tahun 2006 tentang Tata Cara Pengendalian dan Evaluasi "
        "Pelaksanaan Rencana Pembangunan",
        "Peraturan Pemerintah Nomor 8 Tahun 2006 tentang Tata Pelaporan Keuangan dan Kinerja "
        "Instansi Pemerintah",
        "Peraturan Presiden Nomor 29 tahun 2015 tentang Sistem Akuntabilitas Kinerja Instansi "
        "pemerintah",
        "Peraturan Menteri Negara Pendayagunaan Aparatur Negara Nomor PER/09/M.PAN/5/2007 tentang "
        "pedoman Umum Indikator Kinerja Utama di Lingkungan Instansi Pemerintah",
        "Peraturan Menteri Negara Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 "
        "Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara "
        "Reviu atas Laporan Akuntabilitas Kinerja Instansi Pemerintah.",
    ),
    sop=SopIdentitas(
        nama_sop="Pengumpulan dan Pengukuran Data Kinerja",
        nomor=NOMOR_SOP,
        tanggal_pembuatan=date(2025, 1, 15),
        tanggal_revisi=None,  # "-"
        tanggal_efektif=date(2025, 1, 15),
        disahkan_oleh="Kepala Dinas Perdagangan dan Transmigrasi",
        kualifikasi_pelaksana=(
            "Memiliki kemampuan untuk menganalisa data",
            "Bisa mengoperasikan komputer",
        ),
        keterkaitan=(
            "SOP Penyusunan Dokumen Perencanaan",
            "SOP Evaluasi Internal Capaian Kinerja",
        ),
        peralatan=(
            "Perjanjian Kinerja",
            "Renstra",
            "Laporan Kinerja Instansi Pemerintah (LKJIP)",
            "Dokumen hasil penilaian SAKIP",
            "DPA",
            "Aplikasi e-simbangda",
            "Aplikasi e-sakip",
            "Aplikasi SIPD",
        ),
        peringatan=(
            "Jika SOP tidak dilaksanakan maka penyusunan laporan monitoring/evaluasi internal "
            "capaian kinerja tidak maksimal dan tidak tercapainya kinerja sesuai target yang "
            "ditetapkan.",
        ),
        pencatatan=("Disimpan sebagai dokumen pengendalian dan evaluasi kinerja",),
    ),
    source="seed 002_f3d3382478243051.txt",
)

NUMBERING_PATTERN = "{kode}/{nomor}/{unit}/{tahun}"
"""The shape of the SOP's own number ``510/10.a/DP-Trans/2025``: kode klasifikasi / nomor urut
(not zero-padded) / kode unit / tahun."""

TIM = "Tim SAKIP Internal"
APLIKASI = "Aplikasi Pengumpulan Data Kinerja"
SUMBER_DATA = (
    f"Data kinerja yang dientri Staf/Operator masing-masing Bidang pada {APLIKASI} dan telah "
    "dicek Kepala Bidang (SOP langkah 6–7)"
)
PESERTA_SOSIALISASI = ("ketua_tim", "sekretaris_tim", "anggota_tim", "staf", "operator")
"""Peran of the Pejabat sheet listed in the sosialisasi's daftar hadir, in this order."""

MIN_BARIS_HADIR = 10


def _ours(agency: AgencyProfile) -> bool:
    return agency.slug == PROFILE.slug


@naskah.hookimpl
def naskah_agencies() -> list[AgencyProfile]:
    return [PROFILE]


@naskah.hookimpl
def naskah_procedures(agency: AgencyProfile) -> list[Procedure] | None:
    return list(PROCEDURES) if _ours(agency) else None


@naskah.hookimpl
def naskah_document_kinds() -> list[DocumentKind]:
    """The step-5 sosialisasi is a ``notulen_rapat`` of variant ``sosialisasi``."""
    from naskah.documents.registry import kind

    return [dataclasses.replace(kind("notulen_rapat"), variants=(VARIANT_SOSIALISASI,))]


@naskah.hookimpl
def naskah_numbering_pattern(agency: AgencyProfile, kind: DocumentKind) -> str | None:
    return NUMBERING_PATTERN if _ours(agency) else None


@naskah.hookimpl
def naskah_document_context(
    cycle: Cycle, document: PlannedDocument, nomor: str | None
) -> dict[str, Any] | None:
    """The collection documents worded for application-based collection.

    - ``notulen_rapat`` variant ``sosialisasi`` (step 5): ``rapat`` (the sosialisasi: date
      Siklus ``pengumpulan.tanggal_sosialisasi``, led by the Ketua Tim SAKIP, agenda = the
      step's uraian), ``pembahasan``/``keputusan`` blank, ``ttd_pimpinan``, ``ttd_pencatat``,
      ``hadir`` (the Tim and the Staf/Operator of the Pejabat sheet, then blank rows);
    - ``rekapitulasi_pengumpulan``: ``sumber_data`` (the application, entered and checked);
    - ``lembar_verifikasi`` (step 7, the Kepala Bidang's crosscheck): ``sumber_data`` (the
      bidang's entries in the application);
    - ``laporan_pengumpulan``: ``ruang_lingkup`` (through the application), and for the draft
      ``penutup`` (rejected data are re-entered in the application, step 10);
    - ``kertas_kerja`` variant ``metodologi``: each row's ``sumber`` is the application.
    """
    if not _ours(cycle.agency):
        return None
    kind, variant = document.kind.slug, document.variant
    if kind == "notulen_rapat" and variant == VARIANT_SOSIALISASI:
        return _sosialisasi(cycle, document)
    if kind == "rekapitulasi_pengumpulan":
        return {"sumber_data": SUMBER_DATA}
    if kind == "lembar_verifikasi":
        return {"sumber_data": f"Data kinerja yang dientri Staf/Operator {document.bidang} pada "
                f"{APLIKASI} (SOP langkah 6)"}
    if kind == "laporan_pengumpulan":
        return _laporan_pengumpulan(cycle, document)
    if kind == "kertas_kerja" and variant == "metodologi":
        groups = build_context(cycle, document, nomor)["groups"]
        return {
            "groups": [
                {**g, "rows": [{**row, "sumber": f"{APLIKASI} (entri {_bidang_of(cycle, row)})"}
                               for row in g["rows"]]}
                for g in groups
            ]
        }
    return None


def _bidang_of(cycle: Cycle, row: dict[str, Any]) -> str:
    """The bidang of a kertas kerja row: rows are numbered 1..n in
    :func:`naskah.documents.kinerja.urut_level` order of ``cycle.capaian``."""
    return urut_level(cycle.capaian)[row["no"] - 1].indikator.bidang


def _laporan_pengumpulan(cycle: Cycle, document: PlannedDocument) -> dict[str, Any]:
    dipakai = {c.indikator.jenis for c in cycle.capaian}
    jenis = ", ".join(j.value for j in Jenis if j in dipakai)
    periode = periode_teks(cycle)
    out: dict[str, Any] = {
        "ruang_lingkup": (
            f"Data yang dikumpulkan meliputi realisasi {len(cycle.capaian)} indikator kinerja "
            f"({jenis}) dari {len(cycle.data.bidang)} unit kerja (Sekretariat dan Bidang) untuk "
            f"{periode}, yang dientri oleh Staf/Operator masing-masing Bidang pada {APLIKASI} "
            "dan dicek oleh Kepala Bidang."
        ),
    }
    if document.variant == "draft":
        out["penutup"] = (
            "Demikian draft laporan hasil pengumpulan data kinerja ini disampaikan kepada "
            "Sekretaris untuk dianalisa. Apabila disetujui, laporan akan digunakan sebagai bahan "
            "penyusunan Laporan Kinerja; apabila tidak, data dikembalikan untuk dilengkapi dan "
            f"dientrikan ulang pada {APLIKASI}."
        )
    return out


def _sosialisasi(cycle: Cycle, document: PlannedDocument) -> dict[str, Any]:
    """Context of the step-5 sosialisasi notulen (keys of the ``notulen_rapat`` template)."""
    step = PENGUMPULAN.step(document.step)
    d = tanggal_of(cycle, document, "sosialisasi")
    ketua = pejabat(cycle, "ketua_tim")
    ketua_jabatan = jabatan_of(cycle, "ketua_tim", "Ketua Tim SAKIP")
    pimpinan = f"{ketua.nama} ({ketua_jabatan})" if ketua and ketua.nama else ketua_jabatan
    instansi = nama_instansi(cycle)
    return {
        "rapat": {
            "nama": f"Sosialisasi Tata Cara Pengentrian Data Kinerja ke Aplikasi "
            f"{periode_teks(cycle)}",
            "hari_tanggal": formatting.hari_tanggal(d),
            "waktu": KOSONG,
            "tempat": KOSONG,
            "acara": step.uraian,
            "pimpinan": pimpinan,
            "pencatat": KOSONG,
            "peserta": f"{TIM} dan Staf/Operator masing-masing Bidang {instansi} (daftar "
            "hadir terlampir)",
        },
        "pembukaan": [],
        "pembahasan": [],
        "keputusan": [],
        "penutupan": [],
        "ttd_pimpinan": ttd(cycle, ketua, ketua_jabatan, "", label="Pimpinan Rapat,"),
        "ttd_pencatat": ttd(cycle, None, "", tempat_tanggal(cycle, d), label="Pencatat,",
                            warn=False),
        "hadir": _hadir_sosialisasi(cycle),
    }


def _hadir_sosialisasi(cycle: Cycle) -> list[dict[str, Any]]:
    """Daftar hadir rows ``{no, nama, jabatan, kiri, kanan}`` (the shape of
    :func:`naskah.documents.rapat.daftar_hadir`): the Tim and the Staf/Operator, then blank rows
    up to :data:`MIN_BARIS_HADIR`."""
    order = {peran: i for i, peran in enumerate(PESERTA_SOSIALISASI)}
    people: list[Pejabat] = sorted(
        (p for p in cycle.daftar_pejabat if p.peran in order), key=lambda p: order[p.peran]
    )
    rows = []
    for no in range(1, max(MIN_BARIS_HADIR, len(people)) + 1):
        p = people[no - 1] if no <= len(people) else None
        mark = f"{no}. .........."
        rows.append({
            "no": no,
            "nama": p.nama if p else "",
            "jabatan": p.jabatan if p else "",
            "kiri": mark if no % 2 else "",
            "kanan": "" if no % 2 else mark,
        })  # fmt: skip
    return rows
