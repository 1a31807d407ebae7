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

from naskah.i18n import N_, _
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
        N_("required"),
        N_("Name of the cycle datum (see the list of keys below). A prefix 'pengumpulan.' or "
           "'pengukuran.' makes a tanggal_/rapat_ key apply to that procedure only; without a "
           "prefix it applies to both."),
        "periode; pengukuran.tanggal_rapat",
    ),
    (SIKLUS, "nilai"): (
        N_("required"),
        N_("The key's value. Empty = not known yet: documents print dots to fill in by hand."),
        "2025-TW1; 15/04/2025; 09.00",
    ),
    (INDIKATOR, "kode"): (
        N_("required, unique"),
        N_("Indicator kode. For a sub kegiatan use the nomenclature kode; when one sub "
           "kegiatan has two indicators, add a suffix (.a, .b). A column formatted as Text."),
        "1.06.04.2.01.0001",
    ),
    (INDIKATOR, "level"): (
        N_("required"),
        N_("Level: tujuan, sasaran, program, kegiatan, sub_kegiatan (\"sub kegiatan\" is "
           "accepted too)."),
        "sub_kegiatan",
    ),
    (INDIKATOR, "uraian"): (
        N_("required column, may be empty"),
        N_("Name of the tujuan/sasaran/program/kegiatan/sub kegiatan."),
        "Penyediaan Permakanan",
    ),
    (INDIKATOR, "indikator"): (
        N_("required"),
        N_("Name of the performance indicator."),
        "Jumlah Orang yang Mendapatkan Pemenuhan Kebutuhan Permakanan …",
    ),
    (INDIKATOR, "jenis"): (
        N_("required"),
        N_("IKU (utama), IKK (kunci), IKI (individu) or IK (program/kegiatan indicator)."),
        "IKK",
    ),
    (INDIKATOR, "satuan"): (
        N_("required"), N_("Satuan: %, Orang, Dokumen, Indeks, Predikat …"), "Orang"
    ),
    (INDIKATOR, "polaritas"): (
        N_("required"),
        N_("positif (higher is better) or negatif (lower is better, e.g. number of cases). '+' "
           "and '-' are accepted too."),
        "positif",
    ),
    (INDIKATOR, "agregasi"): (
        N_("required"),
        N_("How realisasi of several periods combine: kumulatif (summed), akhir_periode (the "
           "last value; also \"nilai akhir\"), rata_rata (the average)."),
        "kumulatif",
    ),
    (INDIKATOR, "bidang"): (
        N_("required"),
        N_("The Sekretariat/bidang responsible (documents per bidang use this name)."),
        "Bidang Rehabilitasi Sosial",
    ),
    (INDIKATOR, "target_tahunan"): (
        N_("required column"),
        N_("Target of the year (Perjanjian Kinerja). A number, or text such as WTP / BB. "
           "Required when a triwulan has a target."),
        "120",
    ),
    **{
        (INDIKATOR, f"target_tw{n}"): (
            N_("optional"),
            N_("Target of triwulan {r}. Empty or '-' = no target for this triwulan."),
            "30",
        )
        for n, r in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))
    },
    **{
        (INDIKATOR, f"target_s{n}"): (
            N_("optional"),
            N_("Target of semester {r} (semester I: January–June, II: July–December). Empty or "
               "'-' = no target for this semester (the triwulan targets are used when given)."),
            "60",
        )
        for n, r in ((1, "I"), (2, "II"))
    },
    (INDIKATOR, "pagu"): (
        N_("optional"),
        N_("Pagu anggaran in Rupiah, a whole number, for program/kegiatan/sub kegiatan only. "
           "Fill it in on one row per program/kegiatan/sub kegiatan. The pagu of a program or "
           "kegiatan may be given together with the pagu of its sub kegiatan: the budget total "
           "adds the lowest rows only."),
        "185.400.000",
    ),
    (INDIKATOR, "induk"): (
        N_("optional"),
        N_("Kode of the program/kegiatan above this budget row, when the kode prefix does not "
           "show it (1.06.02 → 1.06.02.2.01 → 1.06.02.2.01.0001). Column formatted as Text."),
        "1.06.04.2.01",
    ),
    (INDIKATOR, "desimal"): (
        N_("optional"),
        N_("Number of decimals of this indicator's target and realisasi in the documents (0–4). "
           "Empty = as many decimals as typed (14,40 stays 14,40)."),
        "2",
    ),
    (REALISASI, "kode"): (
        N_("required"), N_("Indicator kode from the Indikator sheet."), "1.06.04.2.01.0001"
    ),
    (REALISASI, "periode"): (
        N_("required"),
        N_("Triwulan (TW1..TW4, TW I, Triwulan I) OR month (1..12, Januari..Desember). Months "
           "are combined into their triwulan by the indicator's agregasi. For one indicator "
           "and one triwulan choose one: by month or by triwulan."),
        "TW1; Januari; 3",
    ),
    (REALISASI, "realisasi"): (
        N_("required column"),
        N_("Realisasi value. Empty = not reported yet; 0 = zero; n/a or - = cannot be "
           "measured. Text only when the target is text."),
        "34; 85,5; n/a",
    ),
    (REALISASI, "realisasi_anggaran"): (
        N_("optional"),
        N_("Realisasi anggaran in Rupiah (months are summed into the triwulan)."),
        "46.350.000",
    ),
    (REALISASI, "keterangan"): (
        N_("optional"),
        N_("Evidence/supporting data, notes on obstacles."),
        "Daftar penerima, BAST",
    ),
    (PEJABAT, "peran"): (
        N_("required"),
        N_("Role in the SOP: kepala, sekretaris, ketua_tim, sekretaris_tim, anggota_tim, "
           "pencatat, kepala_bidang, staf … (kepala, sekretaris, ketua_tim only one each)."),
        "kepala",
    ),
    (PEJABAT, "jabatan"): (
        N_("required"),
        N_("Full jabatan as printed at the signature; Plt./Plh. in front for an acting "
           "official."),
        "Kepala Dinas Sosial, Pemberdayaan Perempuan dan …",
    ),
    (PEJABAT, "nama"): (
        N_("optional"),
        N_("Full name with degrees. Empty = a blank line is printed, a name is never made up."),
        "ILHAM RACHMADSYAH PUTRA, S.STP",
    ),
    (PEJABAT, "pangkat"): (N_("optional"), N_("Pangkat/golongan."), "Pembina Tk. I, IV/b"),
    (PEJABAT, "nip"): (
        N_("optional"),
        N_("18 digits, spaces allowed. A column formatted as Text (an 18-digit number stored "
           "as a number loses digits)."),
        "19830523 200212 1 002",
    ),
    (PEJABAT, "bidang"): (
        N_("optional"),
        N_("For kepala_bidang: the name of the bidang led, exactly as in the bidang column of "
           "the Indikator sheet."),
        "Bidang Rehabilitasi Sosial",
    ),
}
"""Help of every column: (required or not, content, example); the first two are message ids
(English; shown translated, :func:`_help`), the example is data."""

SIKLUS_HELP: dict[str, str] = {
    "agency": N_("Slug of the agency (see `naskah plugins`), e.g. dinsos-p3a-pessel. May be "
                 "empty when given with --agency."),
    "periode": N_("REQUIRED. The cycle's period: triwulan 2025-TW1, semester 2025-S1 or year "
                  "2025."),
    "catatan": N_("A free note on this data (several lines allowed)."),
    "tanggal_nota_dinas": N_("Date of the Kepala Dinas' nota dinas to the Sekretaris."),
    "tanggal_undangan": N_("Date of the meeting invitation."),
    "tanggal_rapat": N_("Date of the Sekretaris' briefing meeting with the Tim SAKIP."),
    "tanggal_program_kerja": N_("Date of the Tim SAKIP's program kerja (plan of activities)."),
    "tanggal_checklist_dokumen": N_("Date of the checklist of collected documents."),
    "tanggal_formulir": N_("Date the data collection formulir were distributed."),
    "tanggal_tanda_terima": N_("Date of the formulir receipt."),
    "tanggal_laporan": N_("Date of the report of results to the Sekretaris."),
    "tanggal_disposisi": N_("Date of the Kepala Dinas' disposisi."),
    "tanggal_surat_pengantar": N_("Date of the surat pengantar."),
    "rapat_waktu_mulai": N_("Time the meeting starts, e.g. 09.00."),
    "rapat_waktu_selesai": N_("Time the meeting ends, e.g. 11.00 (or 'selesai')."),
    "rapat_tempat": N_("Place of the meeting."),
    "rapat_acara": N_("Agenda of the meeting."),
    "rapat_pimpinan": N_("Chair of the meeting (name or jabatan)."),
    "rapat_pencatat": N_("Minute-taker of the meeting."),
    "rapat_pembahasan": N_("Points discussed: one line per point, or separated by ';'."),
    "rapat_keputusan": N_("Points decided/concluded: one line per point, or separated by ';'."),
}
"""Help of the ``Siklus`` keys listed in the template (column ``keterangan``, ignored by the
reader)."""

_GENERAL = [
    N_("INSTRUCTIONS FOR FILLING IN THE PERFORMANCE DATA (naskah)"),
    "",
    N_("This file holds the data of one cycle of data collection and performance measurement "
       "(one triwulan, semester or year). naskah reads the sheets Siklus, Indikator, Realisasi "
       "and Pejabat; other sheets (this Petunjuk included) are ignored."),
    N_("Row 1 of every sheet holds the column headers; data starts in row 2. Columns may come "
       "in any order; upper/lower case, spaces and underscores in headers do not matter. Extra "
       "columns are allowed and ignored."),
    "",
    N_("SHEETS"),
    N_("Siklus (required): kunci | nilai pairs: periode, dates, meeting data."),
    N_("Indikator (required): one row per indicator: level, name, satuan, target, pagu."),
    N_("Realisasi (required): realisasi per triwulan or per month, realisasi anggaran, "
       "evidence."),
    N_("Pejabat (optional): officials and team members per role. A name not known is left "
       "empty: documents print a blank line, a name is never made up."),
    "",
    N_("HOW TO WRITE NUMBERS"),
    N_("Comma = decimals: 85,5. Dot = thousands separator: 1.004.422.800. Both: "
       "1.004.422.800,50."),
    N_("One dot followed by exactly three digits is read as thousands (1.500 = one thousand "
       "five hundred); one dot followed by one, two, or four or more digits is read as "
       "decimals (1.5 = one point five)."),
    N_("Rupiah are whole numbers, 'Rp' allowed: Rp 1.004.422.800."),
    N_("Do not write a percent sign: write 85, not 85% (the satuan column already says %). "
       "Cells formatted as percent are refused too."),
    N_("Numbers from Excel cells (format Number/General) are used as they are."),
    "",
    N_("EMPTY, 0 AND n/a"),
    N_("Empty = not reported yet (not the same as 0)."),
    N_("0 = the realisasi is zero."),
    N_("n/a, N/A, - or tidak dapat diukur = cannot be measured (never counted as 0)."),
    N_("In a target column, empty or '-' means no target for that period: the indicator is not "
       "measured in that period (it is not compared with the yearly target)."),
    N_("Numbers print with the decimals typed (14,40 stays 14,40) or as the desimal column says. "
       "Realisasi of earlier years may be given in the columns realisasi_2023, realisasi_2024 … "
       "of the Indikator sheet (the comparison table of the annual report)."),
    "",
    N_("DATES AND TIMES"),
    N_("Dates: an Excel date cell, or text 15/04/2025 (day/month/year), 2025-04-15, 15 April "
       "2025."),
    N_("Times: 09.00 or 09:00 (WIB may be written)."),
    "",
    N_("ERRORS"),
    N_("When there are mistakes, naskah shows ALL of them at once with their sheet, row and "
       "column, e.g.: Realisasi!D14: '85%' is not a number; write 85 or 85,5. No document is "
       "made before every mistake is corrected."),
    "",
    N_("LIST OF COLUMNS"),
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
        siklus.cell(i, 3, _siklus_help(key))
    siklus.column_dimensions["C"].width = 80
    return wb


def _help(sheet: str, name: str) -> str:
    """The help text of a column in the user's language (``target_twN``: its triwulan)."""
    roman = dict(zip("1234", ("I", "II", "III", "IV"), strict=True))
    return _(HELP[(sheet, name)][1], r=roman.get(name[-1:], ""))


def _siklus_help(key: str) -> str:
    text = SIKLUS_HELP.get(key, "")
    return _(text) if text else ""


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
            cell.comment = Comment(f"{name} ({_(help_[0])}): {_help(sheet, name)}", "naskah",
                                   160, 320)
        values = LISTS.get((sheet, name))
        if values:
            lenient = (sheet, name) in _LENIENT_LISTS
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(values) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning" if lenient else "stop",
                errorTitle=_("{name} not known", name=name),
                error=_("Choose one of: {values}", values=", ".join(values)),
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
        line = _(line) if line else ""
        cell = ws.cell(row, 1, line)
        if line.isupper() or row == 1:
            cell.font = _BOLD
        row += 1
    heads = (_("Sheet"), _("Column"), _("Required"), _("Content"), _("Example"))
    for i, head in enumerate(heads, start=1):
        c = ws.cell(row, i, head)
        c.font = _BOLD
        c.fill = _HEADER_FILL
    ws.freeze_panes = None
    row += 1
    for sheet in (SIKLUS, INDIKATOR, REALISASI, PEJABAT):
        for col in COLUMNS[sheet]:
            wajib, _isi, contoh = HELP[(sheet, col.name)]
            texts = (sheet, col.name, _(wajib), _help(sheet, col.name), contoh)
            for i, v in enumerate(texts, start=1):
                ws.cell(row, i, v).alignment = _WRAP
            row += 1
    row += 1
    ws.cell(row, 1, _("KEYS OF THE SIKLUS SHEET")).font = _BOLD
    row += 1
    ws.cell(row, 1, _("Other keys starting with tanggal_ are accepted as dates too (e.g. "
                      "tanggal_tanda_terima)."))
    row += 1
    for key in SIKLUS_KEYS:
        ws.cell(row, 2, key)
        ws.cell(row, 4, _siklus_help(key)).alignment = _WRAP
        row += 1
