"""A blank input workbook: the sheets and headers :func:`naskah.input.workbook.read_workbook` reads,
with drop-down lists, frozen header rows, column widths and a ``Petunjuk`` sheet (Indonesian)
that explains every column, the accepted forms of numbers, and empty vs 0 vs ``n/a``.

The headers come from :data:`naskah.input.format.COLUMNS`, so the template and the reader cannot
drift apart.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from naskah.input.format import (
    BULAN,
    COLUMNS,
    INDIKATOR,
    PEJABAT,
    REALISASI,
    SIKLUS,
    SIKLUS_KEYS,
)
from naskah.model import Agregasi, Jenis, Level, Polaritas

__all__ = [
    "HELP",
    "PETUNJUK",
    "SIKLUS_HELP",
    "VALIDATION_ROWS",
    "build_input_template",
    "write_input_template",
]

PETUNJUK = "Petunjuk"
VALIDATION_ROWS = 1000
"""Drop-down lists and text formats cover data rows 2..VALIDATION_ROWS."""

LISTS: dict[tuple[str, str], tuple[str, ...]] = {
    (INDIKATOR, "level"): tuple(v.value for v in Level),
    (INDIKATOR, "jenis"): tuple(v.value for v in Jenis),
    (INDIKATOR, "polaritas"): tuple(v.value for v in Polaritas),
    (INDIKATOR, "agregasi"): tuple(v.value for v in Agregasi),
    (REALISASI, "periode"): ("TW1", "TW2", "TW3", "TW4", *BULAN),
}
"""Drop-down lists. Only ``periode`` lets other accepted forms through (with a warning)."""

_LENIENT_LISTS = {(REALISASI, "periode")}

TEXT_COLUMNS = {(INDIKATOR, "kode"), (REALISASI, "kode"), (PEJABAT, "nip"), (SIKLUS, "nilai")}
"""Columns formatted as Text, so that Excel keeps ``1.06.04.2.01.0001`` and 18-digit NIPs."""

WIDTHS: dict[str, int] = {
    "kode": 22,
    "level": 14,
    "uraian": 48,
    "indikator": 60,
    "jenis": 8,
    "satuan": 12,
    "polaritas": 11,
    "agregasi": 15,
    "bidang": 36,
    "target_tahunan": 15,
    "pagu": 18,
    "periode": 11,
    "realisasi": 13,
    "realisasi_anggaran": 19,
    "keterangan": 50,
    "peran": 16,
    "jabatan": 60,
    "nama": 36,
    "pangkat": 26,
    "nip": 24,
    "kunci": 34,
    "nilai": 48,
}

# (sheet, column) → (wajib?, isi, contoh)
HELP: dict[tuple[str, str], tuple[str, str, str]] = {
    (SIKLUS, "kunci"): (
        "wajib",
        "Nama data siklus (lihat daftar kunci di bawah). Awalan 'pengumpulan.' atau "
        "'pengukuran.' membuat kunci tanggal_/rapat_ hanya berlaku untuk prosedur itu; tanpa "
        "awalan berlaku untuk keduanya.",
        "periode; pengukuran.tanggal_rapat",
    ),
    (SIKLUS, "nilai"): (
        "wajib",
        "Isi kunci. Kosong = belum diketahui: dokumen mencetak titik-titik untuk diisi tangan.",
        "2025-TW1; 15/04/2025; 09.00",
    ),
    (INDIKATOR, "kode"): (
        "wajib, unik",
        "Kode indikator. Untuk sub kegiatan pakai kode nomenklatur; bila satu sub "
        "kegiatan punya dua indikator, beri akhiran (.a, .b). Kolom berformat Teks.",
        "1.06.04.2.01.0001",
    ),
    (INDIKATOR, "level"): (
        "wajib",
        'Jenjang: tujuan, sasaran, program, kegiatan, sub_kegiatan ("sub kegiatan" juga diterima).',
        "sub_kegiatan",
    ),
    (INDIKATOR, "uraian"): (
        "kolom wajib, isi boleh kosong",
        "Nama tujuan/sasaran/program/kegiatan/sub kegiatan.",
        "Penyediaan Permakanan",
    ),
    (INDIKATOR, "indikator"): (
        "wajib",
        "Nama indikator kinerja.",
        "Jumlah Orang yang Mendapatkan Pemenuhan Kebutuhan Permakanan …",
    ),
    (INDIKATOR, "jenis"): (
        "wajib",
        "IKU (utama), IKK (kunci), IKI (individu) atau IK (indikator program/kegiatan).",
        "IKK",
    ),
    (INDIKATOR, "satuan"): ("wajib", "Satuan: %, Orang, Dokumen, Indeks, Predikat …", "Orang"),
    (INDIKATOR, "polaritas"): (
        "wajib",
        "positif (makin tinggi makin baik) atau negatif (makin rendah makin baik, mis. "
        "jumlah kasus). '+' dan '-' juga diterima.",
        "positif",
    ),
    (INDIKATOR, "agregasi"): (
        "wajib",
        "Cara menggabungkan realisasi antar periode: kumulatif (dijumlah), "
        'akhir_periode (nilai terakhir; juga "nilai akhir"), rata_rata (rata-rata).',
        "kumulatif",
    ),
    (INDIKATOR, "bidang"): (
        "wajib",
        "Sekretariat/bidang penanggung jawab (dokumen per bidang memakai nama ini).",
        "Bidang Rehabilitasi Sosial",
    ),
    (INDIKATOR, "target_tahunan"): (
        "kolom wajib",
        "Target satu tahun (Perjanjian Kinerja). Angka, atau teks seperti WTP / BB. "
        "Wajib diisi bila ada target triwulan.",
        "120",
    ),
    **{
        (INDIKATOR, f"target_tw{n}"): (
            "tidak wajib",
            f"Target triwulan {r}. Kosong atau '-' = tidak ada target triwulan ini.",
            "30",
        )
        for n, r in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))
    },
    **{
        (INDIKATOR, f"target_s{n}"): (
            "tidak wajib",
            f"Target semester {r} (semester I: Januari–Juni, II: Juli–Desember). Kosong atau "
            "'-' = tidak ada target semester ini (dipakai target triwulan bila ada).",
            "60",
        )
        for n, r in ((1, "I"), (2, "II"))
    },
    (INDIKATOR, "pagu"): (
        "tidak wajib",
        "Pagu anggaran dalam Rupiah, bilangan bulat, hanya untuk program/kegiatan/"
        "sub kegiatan. Isi pada satu baris saja per program/kegiatan/sub kegiatan. Pagu "
        "program dan kegiatan boleh diisi bersama pagu sub kegiatannya: jumlah anggaran "
        "hanya menjumlah baris terbawah.",
        "185.400.000",
    ),
    (INDIKATOR, "induk"): (
        "tidak wajib",
        "Kode program/kegiatan di atas baris anggaran ini, bila tidak terbaca dari awalan "
        "kode (1.06.02 → 1.06.02.2.01 → 1.06.02.2.01.0001). Kolom berformat Teks.",
        "1.06.04.2.01",
    ),
    (INDIKATOR, "desimal"): (
        "tidak wajib",
        "Jumlah desimal target dan realisasi indikator ini pada dokumen (0–4). Kosong = "
        "sebanyak desimal yang diisikan (14,40 tetap 14,40).",
        "2",
    ),
    (REALISASI, "kode"): ("wajib", "Kode indikator dari lembar Indikator.", "1.06.04.2.01.0001"),
    (REALISASI, "periode"): (
        "wajib",
        "Triwulan (TW1..TW4, TW I, Triwulan I) ATAU bulan (1..12, Januari..Desember). "
        "Bulan digabung ke triwulannya menurut agregasi indikator. Untuk satu indikator dan "
        "satu triwulan pilih salah satu: per bulan atau per triwulan.",
        "TW1; Januari; 3",
    ),
    (REALISASI, "realisasi"): (
        "kolom wajib",
        "Nilai realisasi. Kosong = belum dilaporkan; 0 = nol; n/a atau - = tidak "
        "dapat diukur. Teks hanya bila targetnya teks.",
        "34; 85,5; n/a",
    ),
    (REALISASI, "realisasi_anggaran"): (
        "tidak wajib",
        "Realisasi anggaran dalam Rupiah (bulan dijumlah ke triwulan).",
        "46.350.000",
    ),
    (REALISASI, "keterangan"): (
        "tidak wajib",
        "Bukti/dukungan data, catatan kendala.",
        "Daftar penerima, BAST",
    ),
    (PEJABAT, "peran"): (
        "wajib",
        "Peran dalam SOP: kepala, sekretaris, ketua_tim, sekretaris_tim, anggota_tim, "
        "pencatat, kepala_bidang, staf … (kepala, sekretaris, ketua_tim hanya satu).",
        "kepala",
    ),
    (PEJABAT, "jabatan"): (
        "wajib",
        "Jabatan lengkap seperti dicetak pada tanda tangan; Plt./Plh. di depannya bila "
        "pelaksana tugas.",
        "Kepala Dinas Sosial, Pemberdayaan Perempuan dan …",
    ),
    (PEJABAT, "nama"): (
        "tidak wajib",
        "Nama lengkap dengan gelar. Kosong = dicetak garis kosong, tidak pernah dikarang.",
        "ILHAM RACHMADSYAH PUTRA, S.STP",
    ),
    (PEJABAT, "pangkat"): ("tidak wajib", "Pangkat/golongan.", "Pembina Tk. I, IV/b"),
    (PEJABAT, "nip"): (
        "tidak wajib",
        "18 digit, spasi boleh. Kolom berformat Teks (angka 18 digit yang "
        "disimpan sebagai bilangan kehilangan digit).",
        "19830523 200212 1 002",
    ),
    (PEJABAT, "bidang"): (
        "tidak wajib",
        "Untuk kepala_bidang: nama bidang yang dipimpin, sama persis dengan kolom bidang di "
        "sheet Indikator.",
        "Bidang Rehabilitasi Sosial",
    ),
}
"""Help of every column, in Indonesian: (wajib/tidak, isi, contoh)."""

SIKLUS_HELP: dict[str, str] = {
    "agency": "Slug perangkat daerah (lihat `naskah plugins`), mis. dinsos-p3a-pessel. "
    "Boleh kosong bila diberikan dengan --agency.",
    "periode": "WAJIB. Periode siklus: triwulan 2025-TW1, semester 2025-S1 atau tahun 2025.",
    "catatan": "Catatan bebas tentang data ini (boleh beberapa baris).",
    "tanggal_nota_dinas": "Tanggal nota dinas Kepala Dinas kepada Sekretaris.",
    "tanggal_undangan": "Tanggal surat undangan rapat.",
    "tanggal_rapat": "Tanggal rapat arahan Sekretaris dengan Tim SAKIP.",
    "tanggal_program_kerja": "Tanggal program kerja (rencana kegiatan) Tim SAKIP.",
    "tanggal_checklist_dokumen": "Tanggal checklist dokumen yang dikumpulkan.",
    "tanggal_formulir": "Tanggal formulir pengumpulan data didistribusikan.",
    "tanggal_tanda_terima": "Tanggal tanda terima formulir.",
    "tanggal_laporan": "Tanggal laporan hasil kepada Sekretaris.",
    "tanggal_disposisi": "Tanggal disposisi Kepala Dinas.",
    "tanggal_surat_pengantar": "Tanggal surat pengantar.",
    "rapat_waktu_mulai": "Jam mulai rapat, mis. 09.00.",
    "rapat_waktu_selesai": "Jam selesai rapat, mis. 11.00 (atau 'selesai').",
    "rapat_tempat": "Tempat rapat.",
    "rapat_acara": "Acara rapat.",
    "rapat_pimpinan": "Pimpinan rapat (nama atau jabatan).",
    "rapat_pencatat": "Pencatat/notulis rapat.",
    "rapat_pembahasan": "Butir pembahasan: satu baris per butir, atau dipisah ';'.",
    "rapat_keputusan": "Butir keputusan/kesimpulan: satu baris per butir, atau dipisah ';'.",
}
"""Help of the ``Siklus`` keys listed in the template (column ``keterangan``, ignored by the
reader)."""

_GENERAL = [
    "PETUNJUK PENGISIAN DATA KINERJA (naskah)",
    "",
    "Berkas ini memuat data satu siklus pengumpulan data dan pengukuran kinerja (satu "
    "triwulan, semester atau tahun). naskah membaca lembar Siklus, Indikator, Realisasi dan "
    "Pejabat; lembar lain "
    "(termasuk Petunjuk ini) diabaikan.",
    "Baris 1 setiap lembar adalah judul kolom; data mulai baris 2. Urutan kolom bebas; huruf "
    "besar/kecil, spasi dan garis bawah pada judul kolom tidak dibedakan. Kolom tambahan boleh "
    "ada dan diabaikan.",
    "",
    "LEMBAR",
    "Siklus (wajib): pasangan kunci | nilai: periode, tanggal-tanggal, data rapat.",
    "Indikator (wajib): satu baris per indikator: jenjang, nama, satuan, target, pagu.",
    "Realisasi (wajib): realisasi per triwulan atau per bulan, realisasi anggaran, bukti.",
    "Pejabat (tidak wajib): pejabat dan anggota tim per peran. Nama yang tidak diketahui "
    "dibiarkan kosong: dokumen mencetak garis kosong, nama tidak pernah dikarang.",
    "",
    "CARA MENULIS ANGKA",
    "Koma = desimal: 85,5. Titik = pemisah ribuan: 1.004.422.800. Keduanya: 1.004.422.800,50.",
    "Satu titik diikuti tepat tiga angka dibaca ribuan (1.500 = seribu lima ratus); satu titik "
    "diikuti satu, dua, atau empat angka atau lebih dibaca desimal (1.5 = satu koma lima).",
    "Rupiah ditulis bilangan bulat, boleh dengan 'Rp': Rp 1.004.422.800.",
    "Jangan menulis tanda persen: tulis 85, bukan 85% (satuan % sudah ada di kolom satuan). "
    "Sel berformat persen juga ditolak.",
    "Angka dari sel Excel (format Number/General) langsung dipakai.",
    "",
    "KOSONG, 0, DAN n/a",
    "Kosong = belum dilaporkan (tidak sama dengan 0).",
    "0 = realisasinya memang nol.",
    "n/a, N/A, - atau tidak dapat diukur = tidak dapat diukur (tidak pernah dihitung sebagai 0).",
    "Pada kolom target, kosong atau '-' berarti tidak ada target untuk periode itu: indikator "
    "itu tidak dihitung pada periode tersebut (tidak dibandingkan dengan target tahunan).",
    "Angka dicetak dengan desimal seperti diisikan (14,40 tetap 14,40) atau sesuai kolom "
    "desimal. Realisasi tahun-tahun sebelumnya boleh diisi pada kolom realisasi_2023, "
    "realisasi_2024 … lembar Indikator (tabel perbandingan laporan tahunan).",
    "",
    "TANGGAL DAN JAM",
    "Tanggal: sel tanggal Excel, atau teks 15/04/2025 (hari/bulan/tahun), 2025-04-15, "
    "15 April 2025.",
    "Jam: 09.00 atau 09:00 (WIB boleh ditulis).",
    "",
    "KESALAHAN",
    "Bila ada kesalahan, naskah menampilkan SEMUA kesalahan sekaligus beserta lembar, baris "
    "dan kolomnya, mis.: Realisasi!D14: '85%' is not a number; write 85 or 85,5. "
    "Tidak ada dokumen yang dibuat sebelum semua kesalahan diperbaiki.",
    "",
    "DAFTAR KOLOM",
]

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def build_input_template() -> Workbook:
    """The blank input workbook (an openpyxl ``Workbook``, not saved): sheets ``Petunjuk``,
    ``Siklus`` (every key of :data:`~naskah.input.format.SIKLUS_KEYS` listed with an empty nilai),
    ``Indikator``, ``Realisasi``, ``Pejabat``.

    Used by :func:`write_input_template` and by ``examples/build_example.py``, which fills it.
    """
    wb = Workbook()
    petunjuk = wb.active
    petunjuk.title = PETUNJUK
    _petunjuk(petunjuk)
    for sheet in (SIKLUS, INDIKATOR, REALISASI, PEJABAT):
        ws = wb.create_sheet(sheet)
        names = [c.name for c in COLUMNS[sheet]]
        if sheet == SIKLUS:
            names.append("keterangan")
        _headers(ws, sheet, names)
    siklus = wb[SIKLUS]
    for i, key in enumerate(SIKLUS_KEYS, start=2):
        siklus.cell(i, 1, key)
        siklus.cell(i, 3, SIKLUS_HELP.get(key, ""))
    siklus.column_dimensions["C"].width = 80
    return wb


def write_input_template(path: Path) -> None:
    """Write the blank input workbook to ``path`` (``.xlsx``), replacing an existing file.

    :raises OSError: the file cannot be written.
    """
    build_input_template().save(Path(path))


def _headers(ws: Worksheet, sheet: str, names: list[str]) -> None:
    for idx, name in enumerate(names, start=1):
        cell = ws.cell(1, idx, name)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        letter = get_column_letter(idx)
        ws.column_dimensions[letter].width = WIDTHS.get(name, 14)
        if (sheet, name) in TEXT_COLUMNS:
            ws.column_dimensions[letter].number_format = "@"
        help_ = HELP.get((sheet, name))
        if help_:
            cell.comment = Comment(f"{name} ({help_[0]}): {help_[1]}", "naskah", 160, 320)
        values = LISTS.get((sheet, name))
        if values:
            lenient = (sheet, name) in _LENIENT_LISTS
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(values) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning" if lenient else "stop",
                errorTitle=f"{name} tidak dikenal",
                error=f"Pilih salah satu: {', '.join(values)}",
                promptTitle=name,
                prompt=", ".join(values)[:255],
            )
            dv.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"


def _petunjuk(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 26
    ws.column_dimensions["D"].width = 80
    ws.column_dimensions["E"].width = 34
    row = 1
    for line in _GENERAL:
        cell = ws.cell(row, 1, line)
        if line.isupper() or row == 1:
            cell.font = _BOLD
        row += 1
    for i, head in enumerate(("Lembar", "Kolom", "Wajib", "Isi", "Contoh"), start=1):
        c = ws.cell(row, i, head)
        c.font = _BOLD
        c.fill = _HEADER_FILL
    ws.freeze_panes = None
    row += 1
    for sheet in (SIKLUS, INDIKATOR, REALISASI, PEJABAT):
        for col in COLUMNS[sheet]:
            wajib, isi, contoh = HELP[(sheet, col.name)]
            for i, v in enumerate((sheet, col.name, wajib, isi, contoh), start=1):
                ws.cell(row, i, v).alignment = _WRAP
            row += 1
    row += 1
    ws.cell(row, 1, "KUNCI LEMBAR SIKLUS").font = _BOLD
    row += 1
    ws.cell(
        row,
        1,
        "Kunci lain yang diawali tanggal_ juga diterima sebagai tanggal "
        "(mis. tanggal_tanda_terima).",
    )
    row += 1
    for key in SIKLUS_KEYS:
        ws.cell(row, 2, key)
        ws.cell(row, 4, SIKLUS_HELP.get(key, "")).alignment = _WRAP
        row += 1
