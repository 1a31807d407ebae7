"""Build ``examples/dinsos-sumedang-2025-TW1.xlsx``: the example input of Dinsos Sumedang.

Dinas Sosial, Kabupaten Sumedang (SOP "Pengukuran Kinerja", seed ``004_5dc8ea3fe98e8872.txt``),
period 2025-TW1. Run from anywhere::

    .venv/bin/python examples/build_example_dinsos_sumedang.py

What is real and what is an EXAMPLE:

- real: sub kegiatan kode, names, indicator names and satuan of urusan 1.06 (Sosial), copied from
  ``examples/data/subkegiatan_nomenklatur.csv`` (looked up, never retyped); the Kepala Dinas's
  jabatan, name and NIP and the Sekretaris' jabatan (the SOP's identity page and Lembar Kerja);
  program names of urusan 1.06 (Permendagri 90/2019 nomenclature, verify);
- EXAMPLE, not official data: bidang names, the tujuan/sasaran/program indicators, each
  indicator's jenis, every target, realisasi, pagu and realisasi anggaran, the dates of the
  cycle. The workbook says so in ``Siklus`` (catatan), in the ``sumber`` column of
  ``Indikator`` and at the top of ``Petunjuk``.

Sumedang's SOP has one procedure (``pengukuran``): the dates are those of its 14 steps —
disposisi (1), formulir = the format (2), tanda terima (3), undangan (4), rapat (5),
formulir_terisi, kertas_kerja (6), rekapitulasi (7), laporan_draft (8: the draft Dokumen
Pengukuran Kinerja), laporan (11: the signed Dokumen), surat_pengantar (12). The meeting's time,
place, chair and notes are not known: left empty (the documents print blank lines).
"""

from __future__ import annotations

from pathlib import Path

from example_workbook import Baris, write_example

HERE = Path(__file__).resolve().parent
OUT = HERE / "dinsos-sumedang-2025-TW1.xlsx"

SEKRETARIAT = "Sekretariat"
REHSOS = "Bidang Rehabilitasi Sosial"
LINJAMSOS = "Bidang Perlindungan dan Jaminan Sosial"
DAYASOS = "Bidang Pemberdayaan Sosial"

NAMA_DINAS = "Dinas Sosial Kabupaten Sumedang"
CONTOH = (
    "CONTOH: nama bidang, indikator tujuan/sasaran/program, jenis indikator, semua target, "
    "realisasi, pagu, realisasi anggaran dan tanggal dalam berkas ini adalah CONTOH, bukan data "
    f"resmi {NAMA_DINAS}."
)

INDIKATOR = [
    Baris(
        "T.1",
        "tujuan",
        SEKRETARIAT,
        "IKU",
        "akhir_periode",
        70,
        (20, 40, 55, 70),
        uraian="Meningkatnya kesejahteraan sosial Pemerlu Pelayanan Kesejahteraan Sosial",
        nama="Persentase Pemerlu Pelayanan Kesejahteraan Sosial (PPKS) yang tertangani",
        satuan="%",
    ),
    Baris(
        "S.1",
        "sasaran",
        LINJAMSOS,
        "IKU",
        "akhir_periode",
        12,
        (14, 13, 13, 12),
        polaritas="negatif",
        uraian="Menurunnya jumlah keluarga miskin yang belum terlindungi jaminan sosial",
        nama="Persentase keluarga miskin yang belum menerima perlindungan dan jaminan sosial",
        satuan="%",
    ),
    Baris(
        "1.06.04",
        "program",
        REHSOS,
        "IKK",
        "rata_rata",
        85,
        (85, 85, 85, 85),
        uraian="PROGRAM REHABILITASI SOSIAL",
        nama="Persentase PPKS yang memperoleh rehabilitasi sosial dasar di luar panti",
        satuan="%",
    ),
    Baris(
        "1.06.04.2.01.0001",
        "sub_kegiatan",
        REHSOS,
        "IKK",
        "kumulatif",
        360,
        (90, 90, 90, 90),
        pagu=216_000_000,
    ),
    Baris(
        "1.06.04.2.01.0009",
        "sub_kegiatan",
        REHSOS,
        "IK",
        "kumulatif",
        120,
        (30, 30, 30, 30),
        pagu=42_750_000,
    ),
    Baris(
        "1.06.04.2.01.0010",
        "sub_kegiatan",
        REHSOS,
        "IKI",
        "kumulatif",
        80,
        (20, 20, 20, 20),
        pagu=64_000_000,
    ),
    Baris(
        "1.06.05.2.02.0001",
        "sub_kegiatan",
        LINJAMSOS,
        "IK",
        "akhir_periode",
        6200,
        (1500, 3000, 4600, 6200),
        pagu=138_400_000,
    ),
    Baris(
        "1.06.05.2.02.0008",
        "sub_kegiatan",
        LINJAMSOS,
        "IK",
        "kumulatif",
        3000,
        (750, 750, 750, 750),
        pagu=52_500_000,
    ),
    Baris(
        "1.06.06.2.01.0001",
        "sub_kegiatan",
        LINJAMSOS,
        "IK",
        "kumulatif",
        600,
        (150, 150, 150, 150),
        pagu=90_000_000,
    ),
    Baris(
        "1.06.02.2.03.0004",
        "sub_kegiatan",
        DAYASOS,
        "IK",
        "kumulatif",
        16,
        (4, 4, 4, 4),
        pagu=58_000_000,
    ),
    Baris(
        "1.06.02.2.03.0014",
        "sub_kegiatan",
        DAYASOS,
        "IK",
        "kumulatif",
        60,
        (0, 20, 20, 20),
        pagu=71_250_000,
    ),
]

# kode, periode, realisasi, realisasi_anggaran, keterangan — typed as users type them.
REALISASI = [
    ("T.1", "TW1", "18,75", None, "Rekap PPKS tertangani s.d. 31 Maret 2025"),
    ("S.1", "TW1", "13,6", None, "Data DTSEN per Maret 2025"),
    ("1.06.04", 1, 82, None, ""),
    ("1.06.04", 2, "84,5", None, ""),
    ("1.06.04", 3, 86, None, ""),
    ("1.06.04.2.01.0001", "Januari", 28, 16_800_000, "Daftar penerima permakanan"),
    ("1.06.04.2.01.0001", "Februari", 30, 18_000_000, "Daftar penerima permakanan"),
    ("1.06.04.2.01.0001", "Maret", 31, "Rp 18.600.000", "Daftar penerima permakanan"),
    ("1.06.04.2.01.0009", "TW1", 34, 9_850_000, "Register layanan data dan pengaduan"),
    ("1.06.04.2.01.0010", "TW1", 17, 13_200_000, "Laporan layanan kedaruratan"),
    ("1.06.05.2.02.0001", "Maret", "1.420", 31_500_000, "Rekap pendataan kumulatif"),
    (
        "1.06.05.2.02.0008",
        "TW1",
        "n/a",
        6_400_000,
        "Hasil verifikasi dan validasi dari Kementerian Sosial belum diterima",
    ),
    ("1.06.06.2.01.0001", "TW1", 0, 0, "Tidak ada kejadian bencana di TW I"),
    ("1.06.02.2.03.0004", "TW1", None, None, "Belum dilaporkan oleh bidang"),
    ("1.06.02.2.03.0014", "TW1", 0, 0, "Kegiatan dijadwalkan TW II"),
]

SIKLUS = [
    ("agency", "dinsos-sumedang", ""),
    ("periode", "2025-TW1", ""),
    ("catatan", CONTOH, ""),
    (
        "catatan",
        "Kode, nama sub kegiatan, indikator dan satuan sub kegiatan diambil dari "
        "nomenklatur sub kegiatan (examples/data/subkegiatan_nomenklatur.csv).",
        "",
    ),
    ("tanggal_disposisi", "07/04/2025", "langkah 1 (CONTOH)"),
    ("tanggal_formulir", "08/04/2025", "langkah 2 (CONTOH)"),
    ("tanggal_tanda_terima", "08/04/2025", "langkah 3 (CONTOH)"),
    ("tanggal_undangan", "09/04/2025", "langkah 4 (CONTOH)"),
    ("tanggal_rapat", "11/04/2025", "langkah 5 (CONTOH)"),
    ("tanggal_formulir_terisi", "15/04/2025", "langkah 6 (CONTOH)"),
    ("tanggal_kertas_kerja", "16/04/2025", "langkah 6 (CONTOH)"),
    ("tanggal_rekapitulasi", "17/04/2025", "langkah 7 (CONTOH)"),
    ("tanggal_laporan_draft", "18/04/2025", "langkah 8 (CONTOH)"),
    ("tanggal_laporan", "24/04/2025", "langkah 11 (CONTOH)"),
    ("tanggal_surat_pengantar", "25/04/2025", "langkah 12 (CONTOH)"),
    ("rapat_waktu_mulai", None, "tidak diketahui: dibiarkan kosong"),
    ("rapat_tempat", None, "tidak diketahui: dibiarkan kosong"),
    ("rapat_pimpinan", None, "SOP tidak menyebut pimpinan rapat: dibiarkan kosong"),
    ("rapat_pencatat", None, "tidak diketahui: dibiarkan kosong"),
]

# peran, jabatan, nama, pangkat, nip[, bidang]: only the Kepala Dinas is named (identity page).
PEJABAT = [
    (
        "kepala",
        f"Kepala {NAMA_DINAS}",
        "H. DIKDIK SADIKIN, A.KS., M.Si",
        "",
        "19720515 199803 1 010",
    ),
    ("sekretaris", f"Sekretaris {NAMA_DINAS}", "", "", ""),
    ("sekretaris_tim", "Sekretaris Tim SAKIP", "", "", ""),
    ("anggota_tim", "Anggota Tim SAKIP", "", "", ""),
    ("kepala_bidang", f"Kepala {REHSOS}", "", "", "", REHSOS),
    ("kepala_bidang", f"Kepala {LINJAMSOS}", "", "", "", LINJAMSOS),
    ("kepala_bidang", f"Kepala {DAYASOS}", "", "", "", DAYASOS),
]


def build(out: Path = OUT) -> Path:
    """Write the example workbook to ``out`` and return its path."""
    return write_example(out, contoh=CONTOH, siklus=SIKLUS, indikator=INDIKATOR,
                         realisasi=REALISASI, pejabat=PEJABAT)  # fmt: skip


if __name__ == "__main__":
    print(f"wrote {build()}")
