"""Agency plugin: Dinas Komunikasi dan Informatika, Kab. Tanjung Jabung Barat.

Source: seed ``003_4aebf9505069e2fc.txt``, SOP "Pengumpulan Data dan Pengukuran Kinerja" (no
year, no nomor). Same two procedures as the first agency (see :mod:`.sop` for its steps and
the choices made where the seed is silent); what makes it different:

- its dokumen pelengkap add **Kuesioner Kepuasan Pelanggan** (printed on the checklist dokumen);
- it collects IKU and IKK (its "Ruang Lingkup"), plus the plain program/kegiatan indicators of
  its "Tujuan" 1 — no IKI;
- the head's NAME is missing from the extraction: only "Pembina Tk. I/IV.b" and
  "NIP 19810829 201001 1 010" survive under both tables' "Kepala Dinas KOMINFO". The name is
  never invented: ``kepala.nama`` is empty, so every document he signs prints a blank name line
  above the pangkat and NIP, and the run warns (``naskah.documents.common.ttd``); give the name
  in the input's ``Pejabat`` sheet (peran ``kepala``) to print it.

Not in the seed, left empty (blank lines and warnings): address, contact, kode unit, the
Sekretaris' and every other official's name.
"""

from __future__ import annotations

import naskah
from naskah.model import AgencyProfile, Jenis, Pejabat, Procedure, SopIdentitas
from naskah.plugins.diskominfo_tanjabbar.sop import PROCEDURES

NAMA = "Dinas Komunikasi dan Informatika Kabupaten Tanjung Jabung Barat"

PROFILE = AgencyProfile(
    slug="diskominfo-tanjabbar",
    nama=NAMA.upper(),
    # The seed's signature blocks: "Kepala Dinas KOMINFO Kab. Tanjung Jabung Barat".
    singkatan="Dinas Kominfo",
    pemerintah="PEMERINTAH KABUPATEN TANJUNG JABUNG BARAT",
    kabupaten="Kabupaten Tanjung Jabung Barat",
    # Kuala Tungkal is the seat of Kabupaten Tanjung Jabung Barat; the seed itself gives no
    # place of signing (same choice as Painan for the Pesisir Selatan agencies).
    kota="Kuala Tungkal",
    kepala=Pejabat(
        jabatan=f"Kepala {NAMA}",
        nama="",  # missing from the extraction: never invented
        pangkat="Pembina Tk. I/IV.b",
        nip="198108292010011010",
        peran="kepala",
    ),
    sekretaris=Pejabat(jabatan=f"Sekretaris {NAMA}", peran="sekretaris"),
    # III. Ruang Lingkup: "Data Kinerja IKU dan IKK yang dikumpulkan"; II. Tujuan 1: indicators
    # "pada jenjang program dan kegiatan sampai ke jenjang IKU" (IK).
    jenis_indikator=(Jenis.IKU, Jenis.IKK, Jenis.IK),
    persyaratan=("Perjanjian Kinerja", "Form Evaluasi Kinerja"),
    dokumen_pelengkap=(
        "Perjanjian Kinerja",
        "Renstra",
        "Laporan Kinerja Instansi Pemerintah (LKjIP)",
        "Kuesioner Kepuasan Pelanggan",
        "Dokumen hasil penilaian SAKIP",
    ),
    # IV. Dasar Hukum, verbatim but for the OCR typo "Pembangunann".
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
        "pedoman Umum Indikator Kinerja Utama di lingkungan Instansi Pemerintah",
        "Peraturan Menteri Negara Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 "
        "Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara "
        "Reviu atas Laporan Akuntabilitas Kinerja Instansi Pemerintah",
        "Peraturan Menteri Negara Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 12 "
        "Tahun 2015 tentang Pedoman Evaluasi atas Implementasi Sistem Akuntabilitas Kinerja "
        "Instansi Pemerintah",
    ),
    # No identity page in the seed: only the SOP's name (its heading says "Pengumpulan Data dan
    # Pengumpulan Kinerja", a slip; sections I and II say "Pengukuran").
    sop=SopIdentitas(nama_sop="Pengumpulan Data dan Pengukuran Kinerja"),
    source="seed 003_4aebf9505069e2fc.txt",
)


@naskah.hookimpl
def naskah_agencies() -> list[AgencyProfile]:
    return [PROFILE]


@naskah.hookimpl
def naskah_procedures(agency: AgencyProfile) -> list[Procedure] | None:
    if agency.slug != PROFILE.slug:
        return None
    return list(PROCEDURES)
