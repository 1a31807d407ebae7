"""Build ``examples/disdagtrans-pessel-2025-TW1.xlsx``: the example input of the Dinas Perdagangan
dan Transmigrasi Pesisir Selatan.

Dinas Perdagangan dan Transmigrasi, Kabupaten Pesisir Selatan (SOP Nomor 510/10.a/DP-Trans/2025,
seed ``002_f3d3382478243051.txt``), period 2025-TW1. Run from anywhere::

    .venv/bin/python examples/build_example_disdagtrans_pessel.py

What is real and what is an EXAMPLE:

- real: the sub kegiatan of urusan 3.30 (Perdagangan) taken from
  ``examples/data/subkegiatan_nomenklatur.csv`` — kode, name, indicator, satuan (looked up, never
  retyped). The file holds no transmigrasi rows, so the example has no transmigrasi indicator;
  the Kepala Dinas's jabatan, name and NIP (from the SOP's signature block);
- EXAMPLE, not official data: bidang names, the tujuan/sasaran indicators, each indicator's
  jenis, every target, realisasi, pagu and realisasi anggaran, the dates of the cycle (including
  the operators' sosialisasi, SOP step 5) and the meeting agenda. The workbook says so in
  ``Siklus`` (catatan), in the ``sumber`` column of ``Indikator`` and at the top of
  ``Petunjuk``.

Nobody but the Kepala Dinas is named in the SOP: the other officials and the operators have
their jabatan only, so the documents print blank lines to be filled by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from example_workbook import Baris, write_example

HERE = Path(__file__).resolve().parent
OUT = HERE / "disdagtrans-pessel-2025-TW1.xlsx"

SEKRETARIAT = "Sekretariat"
PERDAGANGAN = "Bidang Perdagangan"
METROLOGI = "Bidang Metrologi Legal"

CONTOH = (
    "CONTOH: nama bidang, indikator tujuan/sasaran, jenis indikator, semua target, realisasi, "
    "pagu, realisasi anggaran, tanggal dan agenda rapat dalam berkas ini adalah CONTOH, bukan "
    "data resmi Dinas Perdagangan dan Transmigrasi Kabupaten Pesisir Selatan. Nomenklatur "
    "sub kegiatan transmigrasi tidak tersedia pada berkas nomenklatur: tidak ada indikator "
    "transmigrasi dalam contoh ini."
)

NAMA_DINAS = "Dinas Perdagangan dan Transmigrasi"

INDIKATOR = [
    Baris("T.1", "tujuan", SEKRETARIAT, "IKU", "akhir_periode", 5, (5, 5, 5, 5),
          polaritas="negatif",
          uraian="Terjaganya stabilitas harga barang kebutuhan pokok",
          nama="Koefisien variasi harga barang kebutuhan pokok", satuan="%"),
    Baris("S.1", "sasaran", METROLOGI, "IKU", "akhir_periode", 85, (20, 45, 70, 85),
          uraian="Meningkatnya tertib ukur",
          nama="Persentase alat ukur, alat takar, alat timbang dan perlengkapannya (UTTP) yang "
               "bertanda tera sah yang berlaku", satuan="%"),
    Baris("3.30.03.2.01.0001", "sub_kegiatan", PERDAGANGAN, "IK", "kumulatif", 2,
          (0, 1, 1, 0), pagu=1_250_000_000),
    Baris("3.30.04.2.02.0001", "sub_kegiatan", PERDAGANGAN, "IKK", "kumulatif", 12,
          (3, 3, 3, 3), pagu=96_000_000),
    Baris("3.30.07.2.01.0005", "sub_kegiatan", PERDAGANGAN, "IK", "kumulatif", 40,
          (10, 10, 10, 10), pagu=75_500_000),
    Baris("3.30.06.2.01.0001", "sub_kegiatan", METROLOGI, "IKK", "kumulatif", 3500,
          (700, 1000, 1000, 800), pagu=184_250_000),
    Baris("3.30.06.2.01.0002", "sub_kegiatan", METROLOGI, "IK", "kumulatif", 150,
          (30, 40, 40, 40), pagu=48_600_000),
]

# kode, periode, realisasi, realisasi_anggaran, keterangan — as the operators entered them.
REALISASI = [
    ("T.1", "TW1", "4,35", None, "Rekap pemantauan harga mingguan"),
    ("S.1", "TW1", "22,5", None, "Rekap UTTP bertanda tera sah"),
    ("3.30.03.2.01.0001", "TW1", 0, 0, "Pembangunan pasar dijadwalkan mulai TW II"),
    ("3.30.04.2.02.0001", "Januari", 1, 7_800_000, "Laporan pemantauan harga dan stok"),
    ("3.30.04.2.02.0001", "Februari", 1, 7_800_000, "Laporan pemantauan harga dan stok"),
    ("3.30.04.2.02.0001", "Maret", 1, "7.950.000", "Laporan pemantauan harga dan stok"),
    ("3.30.07.2.01.0005", "TW1", 12, "Rp 21.300.000", "Daftar UMKM peserta pameran"),
    ("3.30.06.2.01.0001", "Januari", 180, 9_450_000, "Register tera ulang"),
    ("3.30.06.2.01.0001", "Februari", 265, 13_900_000, "Register tera ulang"),
    ("3.30.06.2.01.0001", "Maret", 240, 12_600_000, "Register tera ulang"),
    ("3.30.06.2.01.0002", "TW1", None, None, "Belum dientri operator"),
]

PROSEDUR_TW = "Triwulan I Tahun 2025"
# kunci, nilai, keterangan
SIKLUS = [
    ("agency", "disdagtrans-pessel", ""),
    ("periode", "2025-TW1", ""),
    ("catatan", CONTOH, ""),
    ("catatan", "Kode, nama sub kegiatan, indikator dan satuan sub kegiatan diambil dari "
                "nomenklatur sub kegiatan (examples/data/subkegiatan_nomenklatur.csv).", ""),
    ("pengumpulan.tanggal_nota_dinas", "07/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_rapat", date(2025, 4, 8), "CONTOH"),
    ("pengumpulan.tanggal_program_kerja", "08/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_checklist_dokumen", "09/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_sosialisasi", "10/04/2025",
     "CONTOH; SOP langkah 5: sosialisasi pengentrian data ke aplikasi"),
    ("pengumpulan.tanggal_rekapitulasi", "15/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_laporan", "17/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_disposisi", "18/04/2025", "CONTOH"),
    ("pengukuran.tanggal_nota_dinas", "21/04/2025", "CONTOH"),
    ("pengukuran.tanggal_rapat", "22/04/2025", "CONTOH"),
    ("pengukuran.tanggal_program_kerja", "22/04/2025", "CONTOH"),
    ("pengukuran.tanggal_laporan", "28/04/2025", "CONTOH"),
    ("pengukuran.tanggal_disposisi", "29/04/2025", "CONTOH"),
    ("rapat_waktu_mulai", None, "tidak diketahui: dibiarkan kosong"),
    ("rapat_tempat", None, "tidak diketahui: dibiarkan kosong"),
    ("rapat_pimpinan", "Sekretaris", "SOP langkah 2: Sekretaris melakukan rapat dengan Tim"),
    ("pengumpulan.rapat_acara",
     f"Arahan pelaksanaan kegiatan pengumpulan data kinerja {PROSEDUR_TW}", "SOP A langkah 2"),
    ("pengukuran.rapat_acara",
     f"Arahan pelaksanaan kegiatan pengukuran kinerja {PROSEDUR_TW}", "SOP B langkah 2"),
    ("pengumpulan.rapat_pembahasan", "Rencana kegiatan pelaksanaan pengumpulan data",
     "SOP langkah 3 (CONTOH agenda)"),
    ("pengumpulan.rapat_pembahasan",
     "Sosialisasi pengentrian data kinerja ke aplikasi bagi operator masing-masing Bidang",
     "SOP langkah 5–6 (CONTOH agenda)"),
    ("pengukuran.rapat_pembahasan",
     "Rencana kegiatan pengukuran kinerja; Metodologi pengukuran capaian kinerja tiap "
     "tujuan/sasaran/program/kegiatan", "SOP langkah 3–4; dua butir dipisah ';' (CONTOH)"),
]

# peran, jabatan, nama, pangkat, nip[, bidang]: only the Kepala Dinas is named (the SOP).
PEJABAT = [
    ("kepala", f"Kepala {NAMA_DINAS} Kabupaten Pesisir Selatan", "APRIMAN JULKA, S.Pi", "",
     "19790703 200212 1 011"),
    ("sekretaris", f"Sekretaris {NAMA_DINAS}", "", "", ""),
    ("ketua_tim", "Ketua Tim SAKIP Internal", "", "", ""),
    ("anggota_tim", "Anggota Tim SAKIP Internal", "", "", ""),
    ("kepala_bidang", f"Kepala {PERDAGANGAN}", "", "", "", PERDAGANGAN),
    ("kepala_bidang", f"Kepala {METROLOGI}", "", "", "", METROLOGI),
    ("operator", "Operator Sekretariat", "", "", "", SEKRETARIAT),
    ("operator", f"Operator {PERDAGANGAN}", "", "", "", PERDAGANGAN),
    ("operator", f"Operator {METROLOGI}", "", "", "", METROLOGI),
]


def build(out: Path = OUT) -> Path:
    """Write the example workbook to ``out`` and return its path."""
    return write_example(out, contoh=CONTOH, siklus=SIKLUS, indikator=INDIKATOR,
                         realisasi=REALISASI, pejabat=PEJABAT)


if __name__ == "__main__":
    print(f"wrote {build()}")
