"""Build ``contoh-fiktif-2025-TW1.xlsx``: an input workbook of the FICTIONAL Dinas Contoh
Kabupaten Fiktif for 2025-TW1. Run with the Python that has naskah installed::

    python build_workbook.py

Everything in it is FICTIONAL (indicators, targets, realisasi, dates, names): it exists to run
the plugin (``naskah run contoh-fiktif-2025-TW1.xlsx --agency contoh-fiktif``). The workbook
starts from naskah's own blank input template (``naskah.input.template``), so its sheets and
headers are exactly what naskah reads (naskah's ``docs/input-format.md``).

The realisasi are chosen so that the plugin's predicate scale shows every band: ≥ 100 Sangat
Berhasil, 75–99 Berhasil, 55–74 Cukup Berhasil, < 55 Kurang Berhasil; one indicator is
negative (lower is better) and one is not reported yet.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from naskah.input.template import PETUNJUK, build_input_template
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
OUT = HERE / "contoh-fiktif-2025-TW1.xlsx"

FIKTIF = "FIKTIF: semua isi berkas ini (instansi, indikator, angka, tanggal, nama) adalah contoh."
SEKRETARIAT, PELAYANAN, PENGEMBANGAN = "Sekretariat", "Bidang Pelayanan", "Bidang Pengembangan"

# kode, level, uraian, indikator, jenis, satuan, polaritas, agregasi, bidang, tahunan, tw1..4, pagu
INDIKATOR = [
    ("T.1", "tujuan", "Meningkatnya kualitas pelayanan publik (contoh)",
     "Indeks Kepuasan Masyarakat", "IKU", "Indeks", "positif", "akhir_periode", SEKRETARIAT,
     80, (80, 80, 80, 80), None),
    ("S.1", "sasaran", "Meningkatnya layanan yang tepat waktu (contoh)",
     "Persentase layanan yang diselesaikan tepat waktu", "IKU", "%", "positif",
     "akhir_periode", PELAYANAN, 90, (90, 90, 90, 90), None),
    ("S.2", "sasaran", "Menurunnya pengaduan yang tidak ditindaklanjuti (contoh)",
     "Jumlah pengaduan yang tidak ditindaklanjuti", "IKU", "Pengaduan", "negatif",
     "kumulatif", PELAYANAN, 20, (5, 5, 5, 5), None),
    ("K.1", "kegiatan", "Penyusunan dokumen perencanaan (contoh)",
     "Jumlah dokumen perencanaan yang disusun", "IKK", "Dokumen", "positif", "kumulatif",
     SEKRETARIAT, 8, (2, 2, 2, 2), 120_000_000),
    ("K.2", "kegiatan", "Pengembangan layanan daring (contoh)",
     "Jumlah layanan daring yang dikembangkan", "IK", "Layanan", "positif", "kumulatif",
     PENGEMBANGAN, 12, (4, 4, 2, 2), 250_000_000),
    ("K.3", "kegiatan", "Pelatihan petugas layanan (contoh)",
     "Jumlah petugas yang dilatih", "IK", "Orang", "positif", "kumulatif", PENGEMBANGAN,
     60, (20, 20, 10, 10), 90_000_000),
    ("K.4", "kegiatan", "Survei kepuasan (contoh)",
     "Jumlah survei kepuasan yang dilaksanakan", "IK", "Survei", "positif", "kumulatif",
     SEKRETARIAT, 4, (1, 1, 1, 1), 40_000_000),
]  # fmt: skip

# kode, periode, realisasi, realisasi_anggaran, keterangan
REALISASI = [
    ("T.1", "TW1", "82,5", None, "Survei TW I (contoh)"),  # 103,13% Sangat Berhasil
    ("S.1", "TW1", 80, None, "Rekap layanan (contoh)"),  # 88,89% Berhasil
    ("S.2", "Januari", 2, None, ""),  # negatif: (2·5 − 6)/5 → 80% Berhasil
    ("S.2", "Februari", 1, None, ""),
    ("S.2", "Maret", 3, None, ""),
    ("K.1", "TW1", 2, 28_500_000, "Dokumen Renja (contoh)"),  # 100% Sangat Berhasil
    ("K.2", "TW1", 1, 41_000_000, "Layanan antrean daring (contoh)"),  # 25% Kurang Berhasil
    ("K.3", "TW1", 12, 18_000_000, "Daftar hadir pelatihan (contoh)"),  # 60% Cukup Berhasil
    ("K.4", "TW1", None, None, "Belum dilaporkan (contoh)"),  # not reported
]

SIKLUS = [
    ("agency", "contoh-fiktif", ""),
    ("periode", "2025-TW1", ""),
    ("catatan", FIKTIF, ""),
    ("pengumpulan.tanggal_nota_dinas", date(2025, 4, 7), "contoh"),
    ("pengumpulan.tanggal_rapat", date(2025, 4, 8), "contoh"),
    ("pengumpulan.tanggal_formulir", date(2025, 4, 9), "contoh"),
    ("pengumpulan.tanggal_tanda_terima", date(2025, 4, 9), "contoh"),
    ("pengumpulan.tanggal_laporan", date(2025, 4, 15), "contoh"),
    ("pengumpulan.tanggal_disposisi", date(2025, 4, 16), "contoh"),
    ("pengukuran.tanggal_nota_dinas", date(2025, 4, 17), "contoh"),
    ("pengukuran.tanggal_rapat", date(2025, 4, 18), "contoh"),
    ("pengukuran.tanggal_berita_acara", date(2025, 4, 24), "contoh: the plugin's own kind"),
    ("pengukuran.tanggal_laporan", date(2025, 4, 25), "contoh"),
    ("pengukuran.tanggal_disposisi", date(2025, 4, 28), "contoh"),
    ("rapat_waktu_mulai", "09.00", "contoh"),
    ("rapat_waktu_selesai", "11.00", "contoh"),
    ("rapat_tempat", "Ruang Rapat Dinas Contoh", "contoh"),
    ("rapat_pimpinan", "Sekretaris", ""),
]

# peran, jabatan, nama, pangkat, nip, bidang — FICTIONAL names, NIPs of zeros
PEJABAT = [
    ("kepala", "Kepala Dinas Contoh Kabupaten Fiktif", "BUDI CONTOH, S.Sos. (fiktif)",
     "Pembina Tk. I / IV.b", "00000000 000000 0 001", ""),
    ("sekretaris", "Sekretaris Dinas Contoh Kabupaten Fiktif", "", "", "", ""),
    ("ketua_tim", "Ketua Tim SAKIP", "ANI CONTOH, S.E. (fiktif)", "Penata / III.c",
     "00000000 000000 0 002", ""),
    ("kepala_bidang", f"Kepala {PELAYANAN}", "", "", "", PELAYANAN),
    ("kepala_bidang", f"Kepala {PENGEMBANGAN}", "", "", "", PENGEMBANGAN),
]  # fmt: skip


def _put(ws, row: int, values: dict[str, object]) -> None:
    cols = {str(c.value): c.column for c in ws[1] if c.value}
    for name, value in values.items():
        if value is None or value == "":
            continue
        cell = ws.cell(row, cols[name], value)
        if isinstance(value, date):
            cell.number_format = "DD/MM/YYYY"


def build(out: Path = OUT) -> Path:
    """Write the workbook to ``out`` and return its path."""
    wb = build_input_template()
    petunjuk = wb[PETUNJUK]
    petunjuk.insert_rows(1, 2)
    petunjuk["A1"] = FIKTIF
    petunjuk["A1"].font = Font(bold=True, color="C00000")

    siklus = wb["Siklus"]
    siklus.delete_rows(2, siklus.max_row)
    for i, (kunci, nilai, ket) in enumerate(SIKLUS, start=2):
        _put(siklus, i, {"kunci": kunci, "nilai": nilai, "keterangan": ket})

    ind = wb["Indikator"]
    for i, (kode, level, uraian, nama, jenis, satuan, pol, agr, bidang, tahunan, tw,
            pagu) in enumerate(INDIKATOR, start=2):  # fmt: skip
        _put(ind, i, {
            "kode": kode, "level": level, "uraian": uraian, "indikator": nama, "jenis": jenis,
            "satuan": satuan, "polaritas": pol, "agregasi": agr, "bidang": bidang,
            "target_tahunan": tahunan, **{f"target_tw{n}": t for n, t in enumerate(tw, 1)},
            "pagu": pagu,
        })  # fmt: skip

    real = wb["Realisasi"]
    for i, (kode, periode, nilai, anggaran, ket) in enumerate(REALISASI, start=2):
        _put(real, i, {"kode": kode, "periode": periode, "realisasi": nilai,
                       "realisasi_anggaran": anggaran, "keterangan": ket})  # fmt: skip

    pej = wb["Pejabat"]
    for i, (peran, jabatan, nama, pangkat, nip, bidang) in enumerate(PEJABAT, start=2):
        _put(pej, i, {"peran": peran, "jabatan": jabatan, "nama": nama, "pangkat": pangkat,
                      "nip": nip, "bidang": bidang})  # fmt: skip
    wb.save(out)
    return out


if __name__ == "__main__":
    print(f"wrote {build()}")
