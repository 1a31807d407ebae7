"""Build ``examples/bkpsdm-pessel-2025-TW1.xlsx``: the example input of the BKPSDM Pesisir Selatan.

Badan Kepegawaian dan Pengembangan Sumber Daya Manusia, Kabupaten Pesisir Selatan (SOP 2023,
seed ``001_098037f72f4ac396.txt``), period 2025-TW1. Run from anywhere::

    .venv/bin/python examples/build_example_bkpsdm_pessel.py

What is real and what is an EXAMPLE:

- real: the two sub kegiatan of urusan 5.04 (Kepegawaian / pengembangan SDM) in
  ``examples/data/subkegiatan_nomenklatur.csv`` — kode, name, indicator, satuan (looked up, never
  retyped; the file holds no other 5.04 rows); the Kepala Badan's jabatan (from the SOP);
- EXAMPLE, not official data: bidang names, the tujuan/sasaran indicators, each indicator's jenis
  (IKU/IKK/IK: the SOP collects IKU and IKK, and program/kegiatan indicators), every target,
  realisasi, pagu and realisasi anggaran, the dates of the cycle and the meeting agenda. The
  workbook says so in ``Siklus`` (catatan), in the ``sumber`` column of ``Indikator`` and at
  the top of ``Petunjuk``.

The SOP names nobody: no official's name or NIP is given (not even the Kepala Badan's), so the
documents print blank lines to be filled by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from example_workbook import Baris, write_example

HERE = Path(__file__).resolve().parent
OUT = HERE / "bkpsdm-pessel-2025-TW1.xlsx"

SEKRETARIAT = "Sekretariat"
PSDM = "Bidang Pengembangan Sumber Daya Manusia"
MUTASI = "Bidang Mutasi dan Promosi"

CONTOH = (
    "CONTOH: nama bidang, indikator tujuan/sasaran, jenis indikator, semua target, realisasi, "
    "pagu, realisasi anggaran, tanggal dan agenda rapat dalam berkas ini adalah CONTOH, bukan "
    "data resmi Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Pesisir Selatan."
)

NAMA_BADAN = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
KEPALA_JABATAN = f"Kepala {NAMA_BADAN} Kabupaten Pesisir Selatan"

INDIKATOR = [
    Baris("T.1", "tujuan", SEKRETARIAT, "IKU", "akhir_periode", 72, (None, None, None, 72),
          uraian="Meningkatnya profesionalitas aparatur sipil negara",
          nama="Indeks Profesionalitas ASN", satuan="Indeks"),
    Baris("S.1", "sasaran", PSDM, "IKU", "kumulatif", 25, (5, 8, 7, 5),
          uraian="Meningkatnya kompetensi aparatur sipil negara",
          nama="Persentase ASN yang mengikuti pengembangan kompetensi", satuan="%"),
    Baris("S.2", "sasaran", MUTASI, "IKU", "rata_rata", 95, (95, 95, 95, 95),
          uraian="Meningkatnya kualitas pelayanan administrasi kepegawaian",
          nama="Persentase usulan mutasi dan kenaikan pangkat yang diproses tepat waktu",
          satuan="%"),
    Baris("5.04.02.2.01.0003", "sub_kegiatan", PSDM, "IKK", "kumulatif", 400,
          (60, 140, 120, 80), pagu=385_000_000),
    Baris("5.04.02.2.02.0007", "sub_kegiatan", PSDM, "IK", "kumulatif", 4, (1, 1, 1, 1),
          pagu=212_500_000),
]

# kode, periode, realisasi, realisasi_anggaran, keterangan — typed as users type them.
REALISASI = [
    ("T.1", "TW1", "n/a", None, "Indeks Profesionalitas ASN diukur sekali setahun"),
    ("S.1", "TW1", "4,6", None, "Rekap peserta pengembangan kompetensi"),
    ("S.2", "Januari", 92, None, "Register layanan kepegawaian"),
    ("S.2", "Februari", "96,5", None, "Register layanan kepegawaian"),
    ("S.2", "Maret", 97, None, "Register layanan kepegawaian"),
    ("5.04.02.2.01.0003", "Januari", 0, 0, ""),
    ("5.04.02.2.01.0003", "Februari", 35, 31_500_000, "Daftar peserta pelatihan teknis"),
    ("5.04.02.2.01.0003", "Maret", 30, "Rp 27.750.000", "Daftar peserta pelatihan teknis"),
    ("5.04.02.2.02.0007", "TW1", 1, "42.300.000", "Laporan penyelenggaraan latsar CPNS"),
]

PROSEDUR_TW = "Triwulan I Tahun 2025"
# kunci, nilai, keterangan
SIKLUS = [
    ("agency", "bkpsdm-pessel", ""),
    ("periode", "2025-TW1", ""),
    ("catatan", CONTOH, ""),
    ("catatan", "Kode, nama sub kegiatan, indikator dan satuan sub kegiatan diambil dari "
                "nomenklatur sub kegiatan (examples/data/subkegiatan_nomenklatur.csv).", ""),
    ("pengumpulan.tanggal_nota_dinas", "07/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_rapat", date(2025, 4, 8), "CONTOH"),
    ("pengumpulan.tanggal_program_kerja", "08/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_checklist_dokumen", "09/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_formulir", "10 April 2025", "CONTOH"),
    ("pengumpulan.tanggal_tanda_terima", "2025-04-10", "CONTOH"),
    ("pengumpulan.tanggal_laporan", "16/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_disposisi", "17/04/2025", "CONTOH"),
    ("pengukuran.tanggal_nota_dinas", "21/04/2025", "CONTOH"),
    ("pengukuran.tanggal_rapat", "22/04/2025", "CONTOH"),
    ("pengukuran.tanggal_program_kerja", "22/04/2025", "CONTOH"),
    ("pengukuran.tanggal_laporan", "28/04/2025", "CONTOH"),
    ("pengukuran.tanggal_disposisi", "29/04/2025", "CONTOH"),
    ("rapat_waktu_mulai", None, "tidak diketahui: dibiarkan kosong"),
    ("rapat_tempat", None, "tidak diketahui: dibiarkan kosong"),
    ("rapat_pimpinan", "Sekretaris", "SOP langkah 2: Sekretaris melakukan rapat dengan Tim SAKIP"),
    ("pengumpulan.rapat_acara",
     f"Arahan pelaksanaan kegiatan pengumpulan data kinerja {PROSEDUR_TW}", "SOP 9.1 langkah 2"),
    ("pengukuran.rapat_acara",
     f"Arahan pelaksanaan kegiatan pengukuran kinerja {PROSEDUR_TW}", "SOP 9.2 langkah 2"),
    ("pengumpulan.rapat_pembahasan", "Rencana pelaksanaan pengumpulan data",
     "SOP langkah 3 (CONTOH agenda)"),
    ("pengumpulan.rapat_pembahasan",
     "Formulir pengumpulan data capaian kinerja untuk Sekretariat dan Bidang",
     "SOP langkah 5–6 (CONTOH agenda)"),
    ("pengukuran.rapat_pembahasan",
     "Rencana kegiatan pengukuran kinerja; Metodologi pengukuran capaian kinerja tiap "
     "tujuan/sasaran/program/kegiatan", "SOP langkah 3–4; dua butir dipisah ';' (CONTOH)"),
]

# peran, jabatan, nama, pangkat, nip[, bidang]: jabatan only — the SOP names nobody.
PEJABAT = [
    ("kepala", KEPALA_JABATAN, "", "", ""),
    ("sekretaris", f"Sekretaris {NAMA_BADAN}", "", "", ""),
    ("ketua_tim", "Ketua Tim SAKIP", "", "", ""),
    ("anggota_tim", "Anggota Tim SAKIP", "", "", ""),
    ("kepala_bidang", f"Kepala {PSDM}", "", "", "", PSDM),
    ("kepala_bidang", f"Kepala {MUTASI}", "", "", "", MUTASI),
]


def build(out: Path = OUT) -> Path:
    """Write the example workbook to ``out`` and return its path."""
    return write_example(out, contoh=CONTOH, siklus=SIKLUS, indikator=INDIKATOR,
                         realisasi=REALISASI, pejabat=PEJABAT)


if __name__ == "__main__":
    print(f"wrote {build()}")
