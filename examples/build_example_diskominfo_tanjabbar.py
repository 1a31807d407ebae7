"""Build ``examples/diskominfo-tanjabbar-2025-TW1.xlsx``: the example input of Diskominfo Tanjabbar.

Dinas Komunikasi dan Informatika, Kabupaten Tanjung Jabung Barat (SOP without year, seed
``003_4aebf9505069e2fc.txt``), period 2025-TW1. Run from anywhere::

    .venv/bin/python examples/build_example_diskominfo_tanjabbar.py

What is real and what is an EXAMPLE:

- real: the two sub kegiatan of urusan 2.16 (Komunikasi dan Informatika) that have an indicator
  in ``examples/data/subkegiatan_nomenklatur.csv`` — kode, name, indicator, satuan (looked up,
  never retyped); the names and kode of four more 2.16 sub kegiatan of that file, which gives
  them no indicator; the Kepala Dinas's jabatan, pangkat and NIP (from the SOP — his NAME is
  missing from the SOP's extraction and is left empty); program names of urusan 2.16
  (Permendagri 90/2019 nomenclature, verify);
- EXAMPLE, not official data: bidang names, the indicators of the tujuan/sasaran/program rows
  and of the four sub kegiatan without a nomenclature indicator, each indicator's jenis (the
  SOP collects IKU and IKK, and program/kegiatan indicators: no IKI), every target, realisasi,
  pagu and realisasi anggaran, the dates of the cycle and the meeting agenda. The workbook says
  so in ``Siklus`` (catatan), in the ``sumber`` column of ``Indikator`` and at the top of
  ``Petunjuk``.

Nobody else's name or NIP is given: other officials have their jabatan only, so the documents
print blank lines to be filled by hand — and so does the Kepala's name.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from example_workbook import Baris, write_example

HERE = Path(__file__).resolve().parent
OUT = HERE / "diskominfo-tanjabbar-2025-TW1.xlsx"

SEKRETARIAT = "Sekretariat"
IKP = "Bidang Informasi dan Komunikasi Publik"
APTIKA = "Bidang Aplikasi Informatika"

NAMA_DINAS = "Dinas Komunikasi dan Informatika Kabupaten Tanjung Jabung Barat"
CONTOH = (
    "CONTOH: nama bidang, indikator tujuan/sasaran/program, indikator sub kegiatan yang tidak "
    "ada di nomenklatur, jenis indikator, semua target, realisasi, pagu, realisasi anggaran, "
    f"tanggal dan agenda rapat dalam berkas ini adalah CONTOH, bukan data resmi {NAMA_DINAS}."
)
SUMBER_URAIAN = "kode, uraian: nomenklatur sub kegiatan; indikator, satuan, angka: CONTOH"

INDIKATOR = [
    Baris(
        "T.1",
        "tujuan",
        SEKRETARIAT,
        "IKU",
        "akhir_periode",
        "3,1",
        (None, None, None, "3,1"),
        uraian="Meningkatnya kualitas penyelenggaraan pemerintahan berbasis elektronik",
        nama="Indeks Sistem Pemerintahan Berbasis Elektronik (SPBE)",
        satuan="Indeks",
    ),
    Baris(
        "S.1",
        "sasaran",
        IKP,
        "IKU",
        "akhir_periode",
        85,
        (70, 75, 80, 85),
        uraian="Meningkatnya keterbukaan informasi publik",
        nama="Persentase informasi publik yang dipublikasikan tepat waktu",
        satuan="%",
    ),
    Baris(
        "2.16.01",
        "program",
        SEKRETARIAT,
        "IK",
        "akhir_periode",
        "BB",
        (None, None, None, "BB"),
        uraian="PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
        nama="Nilai SAKIP Perangkat Daerah",
        satuan="Predikat",
    ),
    Baris(
        "2.16.03",
        "program",
        APTIKA,
        "IKK",
        "akhir_periode",
        80,
        (40, 60, 70, 80),
        uraian="PROGRAM APLIKASI INFORMATIKA",
        nama="Persentase perangkat daerah yang terhubung jaringan intra pemerintah daerah",
        satuan="%",
    ),
    # Sub kegiatan with a nomenclature indicator (looked up by kode).
    Baris(
        "2.16.02.2.01.0014",
        "sub_kegiatan",
        IKP,
        "IK",
        "kumulatif",
        24,
        (6, 6, 6, 6),
        pagu=96_000_000,
    ),
    Baris(
        "2.16.03.2.01.0004",
        "sub_kegiatan",
        APTIKA,
        "IK",
        "kumulatif",
        4,
        (1, 1, 1, 1),
        pagu=45_500_000,
    ),
    # Sub kegiatan of the nomenclature without an indicator there: indicator is an EXAMPLE.
    Baris(
        "2.16.02.2.01.0017",
        "sub_kegiatan",
        IKP,
        "IK",
        "kumulatif",
        12,
        (3, 3, 3, 3),
        pagu=58_250_000,
        uraian="Pelayanan Informasi Publik",
        nama="Jumlah laporan pelayanan informasi publik",
        satuan="Laporan",
        sumber=SUMBER_URAIAN,
    ),
    Baris(
        "2.16.03.2.02.0036",
        "sub_kegiatan",
        APTIKA,
        "IK",
        "akhir_periode",
        60,
        (60, 60, 60, 60),
        pagu=312_000_000,
        uraian="Penyediaan Akses Internet",
        nama="Jumlah titik layanan akses internet yang tersedia",
        satuan="Titik",
        sumber=SUMBER_URAIAN,
    ),
    Baris(
        "2.16.01.2.01.0006",
        "sub_kegiatan",
        SEKRETARIAT,
        "IK",
        "kumulatif",
        4,
        (1, 1, 1, 1),
        pagu=27_500_000,
        uraian="Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi "
        "Kinerja SKPD",
        nama="Jumlah laporan capaian kinerja dan ikhtisar realisasi kinerja SKPD",
        satuan="Laporan",
        sumber=SUMBER_URAIAN,
    ),
    Baris(
        "2.16.01.2.02.0001",
        "sub_kegiatan",
        SEKRETARIAT,
        "IK",
        "akhir_periode",
        42,
        (42, 42, 42, 42),
        pagu=3_150_000_000,
        uraian="Penyediaan Gaji dan Tunjangan ASN",
        nama="Jumlah ASN yang menerima gaji dan tunjangan",
        satuan="Orang",
        sumber=SUMBER_URAIAN,
    ),
]

# kode, periode, realisasi, realisasi_anggaran, keterangan — typed as users type them.
REALISASI = [
    ("T.1", "TW1", None, None, "Hasil evaluasi SPBE diumumkan akhir tahun"),
    ("S.1", "Januari", 68, None, "Rekap PPID"),
    ("S.1", "Februari", 71, None, "Rekap PPID"),
    ("S.1", "Maret", "72,5", None, "Rekap PPID"),
    ("2.16.01", "TW1", "n/a", None, "Evaluasi SAKIP belum dilaksanakan"),
    ("2.16.03", "TW1", 45, None, "Data jaringan intra"),
    ("2.16.02.2.01.0014", 1, 2, 7_500_000, "Siaran pers dan konferensi pers"),
    ("2.16.02.2.01.0014", 2, 2, 8_000_000, "Siaran pers"),
    ("2.16.02.2.01.0014", 3, 3, 8_250_000, "Siaran pers dan kunjungan media"),
    ("2.16.03.2.01.0004", "TW1", 1, 9_800_000, "Dokumen pengelolaan sub domain"),
    ("2.16.02.2.01.0017", "TW1", 3, 12_400_000, "Laporan layanan PPID"),
    ("2.16.03.2.02.0036", "Maret", 58, 74_000_000, "Dua titik dalam perbaikan"),
    ("2.16.01.2.01.0006", "TW1", 1, 5_100_000, "Laporan kinerja triwulan IV 2024"),
    ("2.16.01.2.02.0001", "TW1", 42, "Rp 742.350.000", "Daftar gaji"),
]

PROSEDUR_TW = "Triwulan I Tahun 2025"
SIKLUS = [
    ("agency", "diskominfo-tanjabbar", ""),
    ("periode", "2025-TW1", "SOP tanpa tahun; periode CONTOH"),
    ("catatan", CONTOH, ""),
    (
        "catatan",
        "Kode dan nama sub kegiatan diambil dari nomenklatur sub kegiatan "
        "(examples/data/subkegiatan_nomenklatur.csv); indikatornya juga, bila ada di sana.",
        "",
    ),
    ("pengumpulan.tanggal_nota_dinas", "07/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_rapat", date(2025, 4, 8), "CONTOH"),
    ("pengumpulan.tanggal_program_kerja", "08/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_checklist_dokumen", "09/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_formulir", "10/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_tanda_terima", "10/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_laporan", "15/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_disposisi", "16/04/2025", "CONTOH"),
    ("pengukuran.tanggal_nota_dinas", "21/04/2025", "CONTOH"),
    ("pengukuran.tanggal_rapat", "22/04/2025", "CONTOH"),
    ("pengukuran.tanggal_program_kerja", "22/04/2025", "CONTOH"),
    ("pengukuran.tanggal_laporan", "28/04/2025", "CONTOH"),
    ("pengukuran.tanggal_disposisi", "29/04/2025", "CONTOH"),
    ("rapat_waktu_mulai", None, "tidak diketahui: dibiarkan kosong"),
    ("rapat_tempat", None, "tidak diketahui: dibiarkan kosong"),
    ("rapat_pimpinan", "Sekretaris", "SOP langkah 2: Sekretaris melakukan rapat dengan Tim SAKIP"),
    ("rapat_pencatat", None, "tidak diketahui: dibiarkan kosong"),
    (
        "pengumpulan.rapat_acara",
        f"Arahan pelaksanaan kegiatan pengumpulan data kinerja {PROSEDUR_TW}",
        "SOP langkah 2",
    ),
    (
        "pengukuran.rapat_acara",
        f"Arahan pelaksanaan kegiatan pengukuran kinerja {PROSEDUR_TW}",
        "SOP langkah 2",
    ),
    (
        "pengumpulan.rapat_pembahasan",
        "Rencana kegiatan pengumpulan data; Dokumen yang diperlukan: Renstra, Hasil Survey, "
        "Laporan Hasil Evaluasi; Formulir pengumpulan data untuk Sekretariat dan Bidang",
        "SOP langkah 3–6 (CONTOH agenda)",
    ),
    ("rapat_keputusan", None, "tidak diketahui: dibiarkan kosong"),
]

# peran, jabatan, nama, pangkat, nip[, bidang]: the Kepala's pangkat and NIP are the SOP's; his
# name is missing from it and stays empty.
PEJABAT = [
    ("kepala", f"Kepala {NAMA_DINAS}", "", "Pembina Tk. I/IV.b", "19810829 201001 1 010"),
    ("sekretaris", f"Sekretaris {NAMA_DINAS}", "", "", ""),
    ("ketua_tim", "Ketua Tim SAKIP", "", "", ""),
    ("anggota_tim", "Anggota Tim SAKIP", "", "", ""),
    ("kepala_bidang", f"Kepala {IKP}", "", "", "", IKP),
    ("kepala_bidang", f"Kepala {APTIKA}", "", "", "", APTIKA),
]


def build(out: Path = OUT) -> Path:
    """Write the example workbook to ``out`` and return its path."""
    return write_example(out, contoh=CONTOH, siklus=SIKLUS, indikator=INDIKATOR,
                         realisasi=REALISASI, pejabat=PEJABAT)  # fmt: skip


if __name__ == "__main__":
    print(f"wrote {build()}")
