"""Agency plugin: Dinas Sosial, Kab. Sumedang.

Source: seed ``004_5dc8ea3fe98e8872.txt``, SOP "Pengukuran Kinerja" (table "SOP Mekanisme
Pengukuran Kinerja Anggaran SKPD"). A different shape from the other agencies: ONE procedure of
14 steps (see :mod:`.sop`), pelaksana Kepala Dinas Sosial, Sekretaris, Sek. Tim SAKIP and Anggota
Tim SAKIP, waktu in minutes, an identity page, and documents the common SOP does not have in
that form — an undangan to the Kepala for a "rapat pembahasan", the Dokumen Pengukuran Kinerja
signed by the Kepala, a numbered surat pengantar (see :mod:`.documents`).

The identity page gives: "Ditetapkan Oleh Kepala Dinas Sosial Kabupaten Sumedang (H. DIKDIK
SADIKIN, A.KS., M.Si) NIP. 19720515 199803 1 010", the dasar hukum, kualifikasi pelaksana,
keterkaitan, peralatan/perlengkapan, peringatan, pencatatan dan pendataan — kept verbatim
(list-ending ";" and "." dropped). Its Nomor SOP, Tanggal Pembuatan, Revisi and Efektif are
EMPTY in the source: left empty. Not in the seed either: address, contact, kode unit, bidang,
persyaratan, dokumen pelengkap, the Sekretaris' and the Tim's names.

Jenis indikator: the seed does not restrict them (it speaks of "data kinerja" only): all kept.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import naskah
from naskah.cycle import Cycle
from naskah.model import (
    AgencyProfile,
    DocumentKind,
    Jenis,
    LembarKerja,
    Pejabat,
    PlannedDocument,
    Procedure,
    SopIdentitas,
)
from naskah.plugins.dinsos_sumedang import documents
from naskah.plugins.dinsos_sumedang.sop import (
    IDENTIFIKASI_LANGKAH,
    JENIS_KEGIATAN,
    LANGKAH_AKHIR,
    LANGKAH_AWAL,
    PENANGGUNG_JAWAB_KEGIATAN,
    PENANGGUNG_JAWAB_PRODUK,
    PROCEDURES,
)

NAMA = "Dinas Sosial Kabupaten Sumedang"

DITETAPKAN_OLEH = (
    "Kepala Dinas Sosial Kabupaten Sumedang (H. DIKDIK SADIKIN, A.KS., M.Si) "
    "NIP. 19720515 199803 1 010"
)
"""The identity page's "Ditetapkan Oleh", verbatim."""

PROFILE = AgencyProfile(
    slug="dinsos-sumedang",
    nama=NAMA.upper(),
    singkatan="Dinsos",
    # Kop of the identity page: "PEMERINTAH KAB. SUMEDANG" (abbreviation written out).
    pemerintah="PEMERINTAH KABUPATEN SUMEDANG",
    kabupaten="Kabupaten Sumedang",
    # Sumedang is the seat of Kabupaten Sumedang; the seed gives no place of signing.
    kota="Sumedang",
    kepala=Pejabat(
        jabatan=f"Kepala {NAMA}",
        nama="H. DIKDIK SADIKIN, A.KS., M.Si",
        nip="197205151998031010",
        peran="kepala",
    ),
    # Lembar Kerja Identifikasi Kegiatan, A.3.b (Penanggung Jawab Kegiatan).
    sekretaris=Pejabat(jabatan=PENANGGUNG_JAWAB_KEGIATAN, peran="sekretaris"),
    jenis_indikator=(Jenis.IKU, Jenis.IKK, Jenis.IKI, Jenis.IK),
    dasar_hukum=(
        "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi "
        "Pemerintah",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun "
        "2014 tentang Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu "
        "Atas Laporan Kinerja Instansi Pemerintah",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 12 Tahun "
        "2015 tentang Pedoman Evaluasi Atas Implementasi Sistem Akuntabilitas Kinerja Instansi "
        "Pemerintah",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor "
        "PER/9/M.PAN/5/2007 tentang Pedoman Umum Penetapan Indikator Kinerja Utama di "
        "Lingkungan Instansi Pemerintah",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor "
        "PER/20/M.PAN/11/2008 tentang Pedoman Penyusunan Indikator Kinerja Utama",
        "Peraturan Bupati Nomor 40 Tahun 2017 tentang Pedoman Evaluasi SAKIP di Kabupaten Sumedang",
        "Peraturan Bupati Nomor 153 Tahun 2021 tentang Kedudukan, Susunan Organisasi, Tugas, "
        "Fungsi dan Tata Kerja Perangkat Daerah Kabupaten Sumedang",
    ),
    sop=SopIdentitas(
        nama_sop="Pengukuran Kinerja",
        nomor="",  # empty in the source
        tanggal_pembuatan=None,
        tanggal_revisi=None,
        tanggal_efektif=None,
        disahkan_oleh=DITETAPKAN_OLEH,
        disahkan_label="Ditetapkan Oleh",  # the seed's identity page, line 12
        kualifikasi_pelaksana=(
            "Memahami Peraturan Perundangan yang terkait",
            "Memahami sasaran dan capaian program",
            "Mengetahui tugas pokok dan fungsi serta uraian tugas jabatan di Dinas Sosial "
            "Kabupaten Sumedang",
            "Mengetahui dan memahami Renstra, RPJMD, Renja",
            "Mengetahui tatacara Pelaksanaan Pengukuran Kinerja",
        ),
        keterkaitan=("SOP Pelaksanaan Pengawasan Internal secara berkala",),
        peralatan=(
            "Peraturan perundang-undangan yang berlaku dan terkait dengan SAKIP",
            "Dokumen RPJMD, RKPD Tahun Berjalan dan Renstra SKPD",
            "Komputer",
            "Printer",
            "Alat Tulis Kantor (ATK)",
            "Stempel",
        ),
        peringatan=(
            "Apabila Pengumpulan Data Kinerja Anggaran SKPD tidak terselesaikan dengan baik dan "
            "benar maka kegiatan pengukuran kinerja akan terhambat",
        ),
        pencatatan=(
            "Aktivitas pelaksanaan pengukuran kinerja dicatat sebagai dokumen atau bahan laporan.",
        ),
        # "LEMBAR KERJA IDENTIFIKASI KEGIATAN", A. Data Kegiatan (seed lines 24-31).
        lembar_kerja=LembarKerja(
            jenis_kegiatan=JENIS_KEGIATAN,
            penanggung_jawab_produk=PENANGGUNG_JAWAB_PRODUK,
            penanggung_jawab_kegiatan=PENANGGUNG_JAWAB_KEGIATAN,
            ruang_lingkup=NAMA,
            langkah_awal=LANGKAH_AWAL,
            langkah_akhir=LANGKAH_AKHIR,
            langkah=IDENTIFIKASI_LANGKAH,
        ),
    ),
    source="seed 004_5dc8ea3fe98e8872.txt",
)


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
    """The "Dokumen Pengukuran Kinerja" (steps 8 and 11), :data:`.documents.KIND`."""
    return [documents.KIND]


@naskah.hookimpl
def naskah_template(agency: AgencyProfile, kind: DocumentKind) -> Path | None:
    """The Dokumen Pengukuran Kinerja is printed with naskah's Laporan Hasil Pengukuran Kinerja
    template (:func:`.documents.dokumen_template`), titled by the kind."""
    if not _ours(agency) or kind.slug != documents.KIND.slug:
        return None
    return documents.dokumen_template()


@naskah.hookimpl(wrapper=True)
def naskah_document_context(
    cycle: Cycle, document: PlannedDocument, nomor: str | None
) -> Generator[None, list[dict[str, Any] | None], list[dict[str, Any] | None]]:
    """Sumedang's keys (:func:`.documents.context`) on top of every other plugin's.

    A wrapper rather than a plain implementation, for one reason: where Sumedang replaces a
    signature that the default context gives the Ketua Tim SAKIP (kertas kerja,
    rekapitulasi, the laporan context the Dokumen Pengukuran Kinerja starts from), the
    default has already warned that the Ketua Tim's name is missing — a Ketua Tim this SOP
    does not have and no Sumedang document prints. The wrapper drops those warnings added by
    this call, then puts its dict first in the results: the highest-priority place (the
    merge applies the results from last to first)."""
    before = len(cycle.warnings)
    results = yield
    if not _ours(cycle.agency):
        return results
    ours = documents.context(cycle, document, nomor)
    if document.kind.slug in documents.REPLACED_SIGNATURES:
        added = cycle.warnings[before:]
        del cycle.warnings[before:]
        for warning in added:
            if not documents.is_replaced_signature_warning(warning):
                cycle.warn(warning)
    return [ours, *results] if ours else results
