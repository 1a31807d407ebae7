"""Build ``examples/dinsos-p3a-pessel-2025-TW1.xlsx``: the example input of the first agency.

Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak, Kabupaten Pesisir Selatan, period
2025-TW1. Run from anywhere::

    .venv/bin/python examples/build_example.py

What is real and what is an EXAMPLE:

- real: sub kegiatan kode, sub kegiatan names, indicator names and satuan, all copied from
  ``examples/data/subkegiatan_nomenklatur.csv`` (the script looks them up; it never retypes them);
  the Kepala Dinas's jabatan, name and NIP (from the agency's SOP, 2025);
  program names of urusan 1.06 (Permendagri 90/2019 nomenclature, verify);
- EXAMPLE, not official data: bidang names, the tujuan/sasaran/program indicators, every target,
  realisasi, pagu and realisasi anggaran, the dates of the cycle and the meeting agenda.
  The workbook says so in ``Siklus`` (catatan), in the ``sumber`` column of ``Indikator`` and at
  the top of ``Petunjuk``.

Nobody else's name or NIP is given: other officials have their jabatan only, so the documents
print blank lines to be filled by hand. Unknown meeting facts (time, place, pencatat,
keputusan) are left empty for the same reason.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from naskah.input.template import PETUNJUK, build_input_template

HERE = Path(__file__).resolve().parent
NOMENKLATUR = HERE / "data" / "subkegiatan_nomenklatur.csv"
OUT = HERE / "dinsos-p3a-pessel-2025-TW1.xlsx"

SEKRETARIAT = "Sekretariat"
REHSOS = "Bidang Rehabilitasi Sosial"
LINJAMSOS = "Bidang Perlindungan dan Jaminan Sosial"
P3A = "Bidang Pemberdayaan Perempuan dan Perlindungan Anak"

CONTOH = (
    "CONTOH: nama bidang, indikator tujuan/sasaran/program, semua target, realisasi, pagu, "
    "realisasi anggaran, tanggal dan agenda rapat dalam berkas ini adalah CONTOH, bukan data "
    "resmi Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Pesisir Selatan."
)
SUMBER_NOMENKLATUR = "kode, uraian, indikator, satuan: nomenklatur sub kegiatan; angka: CONTOH"
SUMBER_CONTOH = "CONTOH (bukan data resmi)"

KEPALA_JABATAN = (
    "Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Pesisir Selatan"
)


def load_nomenklatur(path: Path = NOMENKLATUR) -> dict[str, dict[str, str]]:
    """Rows of the nomenclature CSV by kode (its first line is a ``# SOURCE`` note)."""
    with path.open(encoding="utf-8", newline="") as f:
        f.readline()
        return {row["kode"]: row for row in csv.DictReader(f)}


# kode, bidang, jenis, agregasi, tahunan, (tw1..tw4), pagu (all positif). Four bidang, as the
# usual structure of a Dinas Sosial P3A; pemberdayaan sosial (1.06.02) sits with Linjamsos here.
SUB_KEGIATAN = [
    ("1.06.02.2.03.0004", LINJAMSOS, "IK", "kumulatif", 12, (3, 3, 3, 3), 48_500_000),
    ("1.06.02.2.03.0014", LINJAMSOS, "IK", "kumulatif", 45, (10, 10, 15, 10), 67_300_000),
    ("1.06.02.2.03.0016", LINJAMSOS, "IK", "kumulatif", 12, (3, 3, 3, 3), 24_000_000),
    ("1.06.04.2.01.0001", REHSOS, "IKK", "kumulatif", 240, (60, 60, 60, 60), 185_400_000),
    ("1.06.04.2.01.0003", REHSOS, "IKK", "kumulatif", 60, (0, 20, 20, 20), 142_500_000),
    ("1.06.04.2.01.0005", REHSOS, "IK", "kumulatif", 150, (30, 40, 40, 40), 96_750_000),
    ("1.06.04.2.01.0014", REHSOS, "IK", "kumulatif", 200, (50, 50, 50, 50), 38_200_000),
    ("1.06.04.2.02.0007", REHSOS, "IK", "kumulatif", 60, (15, 15, 15, 15), 52_000_000),
    ("1.06.04.2.02.0013", REHSOS, "IK", "kumulatif", 80, (20, 20, 20, 20), 64_800_000),
    (
        "1.06.05.2.02.0001",
        LINJAMSOS,
        "IK",
        "akhir_periode",
        4800,
        (1200, 2400, 3600, 4800),
        112_600_000,
    ),
    ("1.06.05.2.02.0006", LINJAMSOS, "IK", "kumulatif", 250, (50, 75, 75, 50), 210_000_000),
    ("1.06.05.2.02.0008", LINJAMSOS, "IK", "kumulatif", 2400, (600, 600, 600, 600), 35_000_000),
    ("1.06.06.2.01.0001", LINJAMSOS, "IK", "kumulatif", 500, (125, 125, 125, 125), 75_000_000),
    ("1.06.06.2.02.0002", LINJAMSOS, "IK", "kumulatif", 40, ("-", "-", 20, 20), 45_000_000),
    ("1.06.07.2.01.0002", LINJAMSOS, "IK", "akhir_periode", 312, (312, 312, 312, 312), 36_000_000),
]

# kode, level, uraian, indikator, jenis, satuan, polaritas, agregasi, bidang, tahunan, tw
LEBIH_TINGGI = [
    (
        "T.1",
        "tujuan",
        "Meningkatnya kesejahteraan sosial masyarakat",
        "Persentase Pemerlu Pelayanan Kesejahteraan Sosial (PPKS) yang tertangani",
        "IKU",
        "%",
        "positif",
        "akhir_periode",
        SEKRETARIAT,
        "72,5",
        (20, 40, 60, "72,5"),
    ),
    (
        "S.1",
        "sasaran",
        "Menurunnya kasus kekerasan terhadap perempuan dan anak",
        "Jumlah kasus kekerasan terhadap perempuan dan anak",
        "IKU",
        "Kasus",
        "negatif",
        "kumulatif",
        P3A,
        40,
        (10, 10, 10, 10),
    ),
    (
        "1.06.01",
        "program",
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
        "Nilai SAKIP Perangkat Daerah",
        "IK",
        "Predikat",
        "positif",
        "akhir_periode",
        SEKRETARIAT,
        "BB",
        (None, None, None, None),
    ),
    (
        "1.06.04",
        "program",
        "PROGRAM REHABILITASI SOSIAL",
        "Persentase PPKS yang mendapatkan layanan rehabilitasi sosial dasar di luar panti",
        "IKI",
        "%",
        "positif",
        "rata_rata",
        REHSOS,
        80,
        (80, 80, 80, 80),
    ),
]

# Pagu of the program lines that carry one (budget hierarchy: program → sub kegiatan by kode).
# 1.06.04 = the sum of its six sub kegiatan below (185.400.000 + 142.500.000 + 96.750.000 +
# 38.200.000 + 52.000.000 + 64.800.000): the totals add the sub kegiatan only, never both.
PAGU_PROGRAM = {"1.06.04": 579_650_000}

# kode, periode, realisasi, realisasi_anggaran, keterangan — typed as users type them.
REALISASI = [
    ("T.1", "TW1", "21,35", None, "Rekap PPKS tertangani s.d. 31 Maret 2025"),
    ("S.1", "Januari", 4, None, "Laporan UPTD PPA"),
    ("S.1", "Februari", 3, None, "Laporan UPTD PPA"),
    ("S.1", "Maret", 5, None, "Laporan UPTD PPA"),
    ("1.06.01", "TW1", "B", None, "Predikat hasil evaluasi SAKIP terakhir"),
    # The program's own budget line, as a DPA prints it: its realisasi anggaran is the sum of its
    # sub kegiatan's of the month (TW-only sub kegiatan counted in March).
    ("1.06.04", 1, "78,5", 17_610_000, ""),
    ("1.06.04", 2, 81, 23_500_000, ""),
    ("1.06.04", 3, "83,25", 46_795_000, ""),
    ("1.06.02.2.03.0004", "Januari", 1, 3_200_000, "Daftar hadir, dokumentasi"),
    ("1.06.02.2.03.0004", "Februari", 0, 0, ""),
    ("1.06.02.2.03.0004", "Maret", 2, 6_850_000, "Daftar hadir, dokumentasi"),
    ("1.06.02.2.03.0014", "TW1", 12, 11_250_000, "Daftar peserta peningkatan kapasitas"),
    ("1.06.02.2.03.0016", 1, 1, "2.000.000", "Register aduan"),
    ("1.06.02.2.03.0016", 2, 1, "2.000.000", "Register aduan"),
    ("1.06.02.2.03.0016", 3, 1, "2.000.000", "Register aduan"),
    ("1.06.04.2.01.0001", "Januari", 18, 12_360_000, "Daftar penerima permakanan"),
    ("1.06.04.2.01.0001", "Februari", 21, 15_450_000, "Daftar penerima permakanan"),
    ("1.06.04.2.01.0001", "Maret", 24, "Rp 18.540.000", "Daftar penerima permakanan"),
    ("1.06.04.2.01.0003", "TW1", 0, 0, "Pengadaan alat bantu dijadwalkan TW II"),
    ("1.06.04.2.01.0005", "TW I", 35, 21_480_000, "Daftar hadir bimbingan"),
    ("1.06.04.2.01.0014", 1, 14, 2_150_000, ""),
    ("1.06.04.2.01.0014", 2, 22, 3_400_000, ""),
    ("1.06.04.2.01.0014", 3, 19, 2_900_000, "Rekap dokumen kependudukan terbit"),
    ("1.06.04.2.02.0007", "Januari", 4, 3_100_000, ""),
    ("1.06.04.2.02.0007", "Februari", 6, 4_650_000, ""),
    ("1.06.04.2.02.0007", "Maret", 5, 3_875_000, ""),
    ("1.06.04.2.02.0013", "TW1", None, None, "Belum dilaporkan oleh bidang"),
    ("1.06.05.2.02.0001", "Januari", "410", 9_800_000, "Rekap pendataan kumulatif"),
    ("1.06.05.2.02.0001", "Februari", "835", 10_150_000, "Rekap pendataan kumulatif"),
    ("1.06.05.2.02.0001", "Maret", "1.240", 11_400_000, "Rekap pendataan kumulatif"),
    ("1.06.05.2.02.0006", "TW1", 48, 39_600_000, "SK penerima bantuan"),
    (
        "1.06.05.2.02.0008",
        "TW1",
        "n/a",
        8_750_000,
        "Hasil verifikasi dan validasi usulan dari Kementerian Sosial belum diterima",
    ),
    ("1.06.06.2.01.0001", "TW1", 96, 14_400_000, "Laporan tanggap darurat"),
    ("1.06.06.2.02.0002", "TW1", 0, 0, "Kegiatan dijadwalkan TW III"),
    ("1.06.07.2.01.0002", "TW1", 312, 9_000_000, "Laporan pemeliharaan TMP"),
]

PROSEDUR_TW = "Triwulan I Tahun 2025"
# kunci, nilai, keterangan
SIKLUS = [
    ("agency", "dinsos-p3a-pessel", ""),
    ("periode", "2025-TW1", ""),
    ("catatan", CONTOH, ""),
    (
        "catatan",
        "Kode, nama sub kegiatan, indikator dan satuan sub kegiatan diambil dari "
        "nomenklatur sub kegiatan (examples/data/subkegiatan_nomenklatur.csv).",
        "",
    ),
    ("pengumpulan.tanggal_nota_dinas", "08/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_rapat", date(2025, 4, 9), "CONTOH"),
    ("pengumpulan.tanggal_program_kerja", "09/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_checklist_dokumen", "10/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_formulir", "11 April 2025", "CONTOH"),
    ("pengumpulan.tanggal_tanda_terima", "2025-04-11", "CONTOH"),
    ("pengumpulan.tanggal_laporan", "16/04/2025", "CONTOH"),
    ("pengumpulan.tanggal_disposisi", "17/04/2025", "CONTOH"),
    ("pengukuran.tanggal_nota_dinas", "21/04/2025", "CONTOH"),
    ("pengukuran.tanggal_rapat", "22/04/2025", "CONTOH"),
    ("pengukuran.tanggal_program_kerja", "22/04/2025", "CONTOH"),
    ("pengukuran.tanggal_laporan", "25/04/2025", "CONTOH"),
    ("pengukuran.tanggal_disposisi", "28/04/2025", "CONTOH"),
    ("rapat_waktu_mulai", None, "tidak diketahui: dibiarkan kosong"),
    ("rapat_waktu_selesai", None, "tidak diketahui: dibiarkan kosong"),
    ("rapat_tempat", None, "tidak diketahui: dibiarkan kosong"),
    ("rapat_pimpinan", "Sekretaris", "SOP langkah 2: Sekretaris memimpin rapat"),
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
        "Rencana kegiatan pelaksanaan pengumpulan data",
        "SOP langkah 3 (CONTOH agenda)",
    ),
    (
        "pengumpulan.rapat_pembahasan",
        "Dokumen yang diperlukan: Renstra, Tapkin, PK, IKU",
        "SOP langkah 4 (CONTOH agenda)",
    ),
    (
        "pengumpulan.rapat_pembahasan",
        "Formulir pengumpulan data capaian kinerja untuk Sekretariat dan Bidang",
        "SOP langkah 5–6 (CONTOH agenda)",
    ),
    (
        "pengukuran.rapat_pembahasan",
        "Rencana kegiatan pengukuran kinerja; Metodologi pengukuran capaian kinerja tiap "
        "tujuan/sasaran/program/kegiatan",
        "SOP langkah 3–4; dua butir dipisah ';' (CONTOH)",
    ),
    ("rapat_keputusan", None, "tidak diketahui: dibiarkan kosong"),
]

# peran, jabatan, nama, pangkat, nip[, bidang]: only the Kepala Dinas is named (from the SOP).
PEJABAT = [
    ("kepala", KEPALA_JABATAN, "ILHAM RACHMADSYAH PUTRA, S.STP", "", "19830523 200212 1 002"),
    (
        "sekretaris",
        "Sekretaris Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak "
        "Kabupaten Pesisir Selatan",
        "",
        "",
        "",
    ),
    ("ketua_tim", "Ketua Tim SAKIP", "", "", ""),
    ("anggota_tim", "Anggota Tim SAKIP", "", "", ""),
    ("kepala_bidang", f"Kepala {REHSOS}", "", "", "", REHSOS),
    ("kepala_bidang", f"Kepala {LINJAMSOS}", "", "", "", LINJAMSOS),
    ("kepala_bidang", f"Kepala {P3A}", "", "", "", P3A),
]


def _headers(ws: Worksheet) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1] if c.value}


def _put(ws: Worksheet, row: int, values: dict[str, object]) -> None:
    cols = _headers(ws)
    for name, value in values.items():
        if value is None or value == "":
            continue
        cell = ws.cell(row, cols[name], value)
        if name in ("pagu", "realisasi_anggaran") and isinstance(value, int):
            cell.number_format = "#,##0"
        elif isinstance(value, date):
            cell.number_format = "DD/MM/YYYY"


def build(out: Path = OUT) -> Path:
    """Write the example workbook to ``out`` and return its path."""
    nomenklatur = load_nomenklatur()
    wb = build_input_template()

    petunjuk = wb[PETUNJUK]
    petunjuk.insert_rows(1, 2)
    petunjuk["A1"] = CONTOH
    petunjuk["A1"].font = Font(bold=True, color="C00000")

    siklus = wb["Siklus"]
    siklus.delete_rows(2, siklus.max_row)
    for i, (kunci, nilai, ket) in enumerate(SIKLUS, start=2):
        _put(siklus, i, {"kunci": kunci, "nilai": nilai, "keterangan": ket})

    ind = wb["Indikator"]
    sumber_col = ind.max_column + 1
    ind.cell(1, sumber_col, "sumber").font = Font(bold=True)
    ind.column_dimensions[ind.cell(1, sumber_col).column_letter].width = 40
    row = 2
    for kode, level, uraian, nama, jenis, satuan, pol, agr, bidang, tahunan, tw in LEBIH_TINGGI:
        _put(
            ind,
            row,
            {
                "kode": kode,
                "level": level,
                "uraian": uraian,
                "indikator": nama,
                "jenis": jenis,
                "satuan": satuan,
                "polaritas": pol,
                "agregasi": agr,
                "bidang": bidang,
                "target_tahunan": tahunan,
                **{f"target_tw{n}": t for n, t in enumerate(tw, start=1)},
                "pagu": PAGU_PROGRAM.get(kode),
            },
        )
        ind.cell(row, sumber_col, SUMBER_CONTOH)
        row += 1
    for kode, bidang, jenis, agr, tahunan, tw, pagu in SUB_KEGIATAN:
        src = nomenklatur[kode]
        _put(
            ind,
            row,
            {
                "kode": kode,
                "level": "sub_kegiatan",
                "uraian": src["nama_sub_kegiatan"],
                "indikator": src["indikator_sub_kegiatan"],
                "jenis": jenis,
                "satuan": src["satuan"],
                "polaritas": "positif",
                "agregasi": agr,
                "bidang": bidang,
                "target_tahunan": tahunan,
                **{f"target_tw{n}": t for n, t in enumerate(tw, start=1)},
                "pagu": pagu,
            },
        )
        ind.cell(row, sumber_col, SUMBER_NOMENKLATUR)
        row += 1

    real = wb["Realisasi"]
    for i, (kode, periode, nilai, anggaran, ket) in enumerate(REALISASI, start=2):
        _put(
            real,
            i,
            {
                "kode": kode,
                "periode": periode,
                "realisasi": nilai,
                "realisasi_anggaran": anggaran,
                "keterangan": ket,
            },
        )

    pej = wb["Pejabat"]
    for i, (peran, jabatan, nama, pangkat, nip, *bidang) in enumerate(PEJABAT, start=2):
        _put(
            pej,
            i,
            {"peran": peran, "jabatan": jabatan, "nama": nama, "pangkat": pangkat, "nip": nip,
             "bidang": bidang[0] if bidang else ""},
        )

    wb.active = wb.sheetnames.index("Indikator")
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == "Indikator"
    wb.save(out)
    return out


if __name__ == "__main__":
    print(f"wrote {build()}")
