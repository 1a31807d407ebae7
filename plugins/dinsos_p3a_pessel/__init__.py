"""Agency plugin: Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak, Kab. Pesisir Selatan.

Source: seed ``000_91a605894ad13bf6.txt``, SOP "Pengumpulan Data dan Pengukuran Kinerja" 2025.
What the seed gives is declared here; what it does not (address, contact, kode unit, the
Sekretaris' name) stays empty and is printed as a blank line with a warning.
"""

from __future__ import annotations

import naskah
from naskah.model import AgencyProfile, Jenis, Pejabat, Procedure, SopIdentitas
from naskah.plugins.dinsos_p3a_pessel.sop import PROCEDURES

NAMA = "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak"

PROFILE = AgencyProfile(
    slug="dinsos-p3a-pessel",
    nama=f"{NAMA} Kabupaten Pesisir Selatan".upper(),
    singkatan="Dinsos P3A",
    pemerintah="PEMERINTAH KABUPATEN PESISIR SELATAN",
    kabupaten="Kabupaten Pesisir Selatan",
    # Painan is the seat of Kabupaten Pesisir Selatan (domain brief §3 prints "Painan, 15 Januari
    # 2025"); the seed itself gives no place of signing.
    kota="Painan",
    kepala=Pejabat(
        jabatan=f"Kepala {NAMA} Kabupaten Pesisir Selatan",
        nama="ILHAM RACHMADSYAH PUTRA, S.STP",
        nip="198305232002121002",
        peran="kepala",
    ),
    sekretaris=Pejabat(jabatan=f"Sekretaris {NAMA}", peran="sekretaris"),
    tahun_sop=2025,
    # Title page: "STANDAR OPERASIONAL PROSEDUR (SOP) PENGUMPULAN DATA DAN PENGUKURAN KINERJA".
    sop=SopIdentitas(nama_sop="Pengumpulan Data dan Pengukuran Kinerja"),
    # Ruang lingkup: "Data Kinerja IKU dan IKK dan IKI yang dikumpulkan" (plus plain program and
    # kegiatan indicators, Tujuan 1 of the seed).
    jenis_indikator=(Jenis.IKU, Jenis.IKK, Jenis.IKI, Jenis.IK),
    persyaratan=("Perjanjian Kinerja", "Form Evaluasi Kinerja"),
    dokumen_pelengkap=(
        "Perjanjian Kinerja",
        "Renstra",
        "Laporan Kinerja Instansi Pemerintah (LKjIP)",
        "Dokumen hasil penilaian SAKIP",
    ),
    dasar_hukum=(
        "Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan Pembangunan Nasional",
        "Peraturan Pemerintah Nomor 20 Tahun 2004 tentang Rencana Kerja Pemerintah",
        "Peraturan Pemerintah Nomor 39 Tahun 2006 tentang Tata Cara Pengendalian dan Evaluasi "
        "Pelaksanaan Rencana Pembangunan",
        "Peraturan Pemerintah Nomor 8 Tahun 2006 tentang Tata Pelaporan Keuangan dan Kinerja "
        "Instansi Pemerintah",
        "Peraturan Presiden Nomor 29 Tahun 2015 tentang Sistem Akuntabilitas Kinerja Instansi "
        "Pemerintah",
        "Peraturan Menteri Negara Pendayagunaan Aparatur Negara Nomor PER/09/M.PAN/5/2007 tentang "
        "Pedoman Umum Indikator Kinerja Utama di Lingkungan Instansi Pemerintah",
        "Peraturan Menteri Negara Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 "
        "Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara "
        "Reviu atas Laporan Akuntabilitas Kinerja Instansi Pemerintah",
        "Peraturan Menteri Negara Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 12 "
        "Tahun 2015 tentang Pedoman Evaluasi atas Implementasi Sistem Akuntabilitas Kinerja "
        "Instansi Pemerintah",
    ),
    source="seed 000_91a605894ad13bf6.txt",
)


@naskah.hookimpl
def naskah_agencies() -> list[AgencyProfile]:
    return [PROFILE]


@naskah.hookimpl
def naskah_procedures(agency: AgencyProfile) -> list[Procedure] | None:
    if agency.slug != PROFILE.slug:
        return None
    return list(PROCEDURES)
