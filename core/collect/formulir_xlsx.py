"""The XLSX formulir of a bidang: the same form as the DOCX, to be filled in Excel/LibreOffice.

Sheets:

- ``Formulir``: kop, title, identity fields, the 11-column table of the DOCX formulir
  (``templates/build/tables.py``) with that bidang's indicators, satuan and targets, then the
  filler's identity (tanggal pengisian, nama, jabatan, NIP). The sheet is protected without a
  password: only the yellow cells are editable — kolom (9) realisasi, (10) realisasi anggaran
  (rows with a budget line only), (11) keterangan, and the filler's identity. Each editable
  cell has a data validation with an input prompt (satuan, target, what empty and ``n/a``
  mean); the number rules warn rather than stop, since ``n/a`` is a valid answer and the
  importer checks every value again;
- ``Petunjuk``: how to fill it in (Indonesian);
- ``_naskah`` (very hidden): the :class:`~naskah.collect.meta.FormulirMeta` key/value rows.

The workbook structure is locked (no sheet added, renamed or unhidden). Row and column
positions are not relied upon by the importer: it finds the table by its headers and the rows
by kode (:mod:`naskah.collect.read_xlsx`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from naskah.agencies.manager import Plugins
from naskah.collect.data import butuh_anggaran, target_teks
from naskah.collect.formulir_docx import FORMULIR, formulir_meta, planned
from naskah.collect.meta import META_SHEET
from naskah.cycle import Cycle
from naskah.documents.common import periode_teks
from naskah.formatting import nama_triwulan
from naskah.i18n import _

SHEET = "Formulir"
PETUNJUK = "Petunjuk"

HEADERS = (
    "No", "Kode", "Uraian (Program/ Kegiatan/ Sub Kegiatan)", "Indikator Kinerja", "Jenis",
    "Satuan", "Target Tahunan", "Target {tw}", "Realisasi {tw}",
    "Realisasi Anggaran {tw} (Rp)", "Keterangan/ Bukti Dukung",
)
"""Column headers, as on the DOCX formulir (``{tw}``: ``TW I`` …)."""

WIDTHS = (5, 19, 30, 44, 7, 10, 11, 11, 14, 19, 34)
FIRST_COLUMN_OF_IDENTITY = 10  # column J: labels of the filler's identity block, values in K

LABEL_TANGGAL = "Tanggal pengisian"
LABEL_NAMA = "Nama"
LABEL_JABATAN = "Jabatan"
LABEL_NIP = "NIP"
IDENTITY_LABELS = (LABEL_TANGGAL, LABEL_NAMA, LABEL_JABATAN, LABEL_NIP)

PAPER = {"F4": 14, "A4": 9}
"""Excel paper size codes: 14 = Folio 8½ × 13 in (≈ F4, 215 × 330 mm), 9 = A4."""

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_EDIT = PatternFill("solid", fgColor="FFF2CC")
_HEAD = PatternFill("solid", fgColor="D9D9D9")
_NA = PatternFill("solid", fgColor="F2F2F2")
_UNLOCKED = Protection(locked=False)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_formulir_xlsx(plugins: Plugins, cycle: Cycle, bidang: str, out: Path) -> Path:
    """Write ``bidang``'s formulir for ``cycle`` to ``out`` (``.xlsx``) and return ``out``.

    The rows, targets, petunjuk and the filler's jabatan are those of the DOCX formulir (the
    same context, :func:`naskah.agencies.manager.Plugins.document_context`).

    :raises ValueError: ``bidang`` has no indicator in the cycle.
    """
    meta = formulir_meta(cycle, bidang)
    if not meta.kode:
        raise ValueError(_("bidang {bidang!r} has no indicator in {slug} {key}", bidang=bidang,
                           slug=cycle.agency.slug, key=cycle.periode.key))
    document = planned(plugins, cycle, FORMULIR, bidang)
    ctx = plugins.document_context(cycle, document, None)
    tw = nama_triwulan(cycle.periode.triwulan, singkat=True)
    by_kode = {c.indikator.kode: c.indikator for c in cycle.capaian_of_bidang(bidang)}

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    header_row = _head(ws, cycle, bidang, ctx)
    for i, title in enumerate(HEADERS, start=1):
        cell = ws.cell(header_row, i, title.format(tw=tw))
        cell.font, cell.fill, cell.alignment, cell.border = Font(bold=True), _HEAD, _CENTER, _BORDER
        num = ws.cell(header_row + 1, i, f"({i})")
        num.font, num.alignment, num.border = Font(italic=True, size=9), _CENTER, _BORDER
    ws.row_dimensions[header_row].height = 45

    row = header_row + 2
    for r in ctx["rows"]:
        ind = by_kode[r["kode"]]
        values = [r["no"], r["kode"], r["uraian"], r["indikator"], r["jenis"], r["satuan"],
                  r["target_tahunan"], r["target_tw"], None, None, None]
        for i, v in enumerate(values, start=1):
            cell = ws.cell(row, i, v)
            cell.border = _BORDER
            cell.alignment = _CENTER if i in (1, 5, 6, 7, 8) else _WRAP_TOP
        ws.cell(row, 2).number_format = "@"
        _editable(ws.cell(row, 9))
        _realisasi_rule(ws, f"I{row}", ind, r, tw)
        if butuh_anggaran(ind):
            _editable(ws.cell(row, 10))
            ws.cell(row, 10).number_format = "#,##0"
            _rule(ws, f"J{row}", DataValidation(
                type="whole", operator="greaterThanOrEqual", formula1="0", errorStyle="warning",
                promptTitle="Realisasi anggaran", prompt=f"Realisasi anggaran {tw} dalam Rupiah "
                "bulat, tanpa sen (mis. 60250000). Kosong = belum dilaporkan.",
                errorTitle="Bukan jumlah Rupiah", error="Tulis Rupiah bulat tanpa sen, "
                "mis. 60250000."))
        else:
            ws.cell(row, 10, "–").fill = _NA
            ws.cell(row, 10).alignment = _CENTER
        _editable(ws.cell(row, 11))
        ws.cell(row, 11).alignment = _WRAP_TOP
        ws.row_dimensions[row].height = _height(values)
        _rule(ws, f"K{row}", DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1="1000", errorStyle="stop",
            promptTitle="Keterangan/bukti dukung", prompt="Sumber data, bukti dukung, atau "
            "alasan bila realisasi kosong atau n/a.", error="Paling banyak 1000 huruf."))
        row += 1

    _identity(ws, row + 1, cycle, ctx, tw)
    _protect_sheet(ws)
    ws.freeze_panes = ws.cell(header_row + 2, 1)
    ws.print_title_rows = f"{header_row}:{header_row + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER.get(cycle.agency.kertas.upper(), 9)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    for i, w in enumerate(WIDTHS, start=1):
        ws.column_dimensions[_letter(i)].width = w

    _petunjuk(wb.create_sheet(PETUNJUK), cycle, bidang, ctx, tw)
    _meta_sheet(wb.create_sheet(META_SHEET), meta.as_dict())
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


# --- parts ---------------------------------------------------------------------------------------


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _height(values: list[Any]) -> float:
    """Row height (points) for wrapped text: LibreOffice does not grow rows on opening."""
    lines = 1
    for v, width in zip(values, WIDTHS, strict=True):
        if isinstance(v, str) and v:
            lines = max(lines, math.ceil(len(v) / max(1.0, width * 1.1)))
    return 15.0 * lines + 3


def _merged(ws: Worksheet, row: int, first: int, last: int, value: Any, *, bold: bool = False,
            size: float = 11, align: str = "center") -> None:
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = ws.cell(row, first, value)
    cell.font = Font(bold=bold, size=size)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)


def _head(ws: Worksheet, cycle: Cycle, bidang: str, ctx: dict[str, Any]) -> int:
    """Kop, title, identity fields; returns the header row of the table."""
    a = cycle.agency
    last = len(HEADERS)
    _merged(ws, 1, 1, last, a.pemerintah.upper(), bold=True, size=12)
    _merged(ws, 2, 1, last, a.nama.upper(), bold=True, size=12)
    _merged(ws, 4, 1, last, "FORMULIR PENGUMPULAN DATA CAPAIAN KINERJA", bold=True, size=14)
    _merged(ws, 5, 1, last, periode_teks(cycle), size=12)
    fields = (("Perangkat Daerah", ctx["agency"]["nama"]),
              ("Sekretariat/Bidang", bidang), ("Periode", periode_teks(cycle)))
    for i, (label, value) in enumerate(fields, start=7):
        _merged(ws, i, 1, 2, label, align="left")
        _merged(ws, i, 3, last, f": {value}", align="left")
    return 11


def _editable(cell) -> None:
    cell.protection = _UNLOCKED
    cell.fill = _EDIT
    cell.border = _BORDER


def _rule(ws: Worksheet, ref: str, dv: DataValidation) -> None:
    dv.allow_blank = True
    dv.showInputMessage = True
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(ref)


def _realisasi_rule(ws: Worksheet, ref: str, ind, row: dict[str, Any], tw: str) -> None:
    target = f"target {tw}: {row['target_tw']}" if row["target_tw"] not in ("", "–") else (
        f"target tahunan: {row['target_tahunan']}")
    if target_teks(ind):
        _rule(ws, ref, DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1="100", errorStyle="stop",
            promptTitle=f"Realisasi {tw}", prompt=f"Tulis realisasi seperti bentuk targetnya "
            f"({target}). Kosong = belum dilaporkan; n/a = tidak dapat diukur.",
            error="Paling banyak 100 huruf."))
        return
    _rule(ws, ref, DataValidation(
        type="decimal", operator="between", formula1="-1000000000000",
        formula2="1000000000000", errorStyle="warning", promptTitle=f"Realisasi {tw}",
        prompt=f"Angka dalam satuan {ind.satuan} ({target}), mis. 85,5. Tanpa tanda %. "
        "Kosong = belum dilaporkan; n/a = tidak dapat diukur (bukan 0).",
        errorTitle="Bukan angka", error="Realisasi berupa angka (mis. 85,5). Bila memang tidak "
        "dapat diukur tulis n/a dan jelaskan di kolom (11)."))


def _identity(ws: Worksheet, row: int, cycle: Cycle, ctx: dict[str, Any], tw: str) -> None:
    """The filler's identity (right) and the short petunjuk (left)."""
    col = FIRST_COLUMN_OF_IDENTITY
    _merged(ws, row, col, col + 1, "Yang mengisi,", bold=True, align="left")
    jabatan = (ctx.get("ttd") or {}).get("jabatan", "")
    prefill = {LABEL_JABATAN: jabatan}
    for i, label in enumerate(IDENTITY_LABELS, start=row + 1):
        cell = ws.cell(i, col, label)
        cell.font, cell.border = Font(bold=True), _BORDER
        cell.alignment = Alignment(vertical="center")
        value = ws.cell(i, col + 1, prefill.get(label) or None)
        _editable(value)
        value.alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[i].height = 30
    tahun = cycle.periode.tahun
    date_cell = f"{_letter(col + 1)}{row + 1}"
    ws[date_cell].number_format = "DD/MM/YYYY"
    _rule(ws, date_cell, DataValidation(
        type="date", operator="between", formula1=f"DATE({tahun},1,1)",
        formula2=f"DATE({tahun + 1},12,31)", errorStyle="stop", promptTitle=LABEL_TANGGAL,
        prompt="Tanggal formulir diisi, mis. 10/04/2025.", error=f"Tanggal {tahun}–{tahun + 1}."))
    nip_cell = ws.cell(row + 4, col + 1)
    nip_cell.number_format = "@"
    _rule(ws, nip_cell.coordinate, DataValidation(
        type="textLength", operator="between", formula1="18", formula2="24", errorStyle="warning",
        promptTitle="NIP", prompt="18 angka NIP (spasi boleh); kosongkan bila tidak ada.",
        error="NIP terdiri dari 18 angka."))

    _merged(ws, row, 1, 7, "Petunjuk singkat (lengkap: lembar Petunjuk):", bold=True,
            align="left")
    for i, text in enumerate(ctx.get("petunjuk", [])[:4], start=row + 1):
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=7)
        cell = ws.cell(i, 1, f"{i - row}. {text}")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(size=9)
        ws.row_dimensions[i].height = max(ws.row_dimensions[i].height or 0, 30)


def _protect_sheet(ws: Worksheet) -> None:
    p = ws.protection
    p.sheet = True
    p.formatColumns = False  # columns may be widened and rows heightened
    p.formatRows = False
    p.selectLockedCells = False
    p.selectUnlockedCells = False


def _petunjuk(ws: Worksheet, cycle: Cycle, bidang: str, ctx: dict[str, Any], tw: str) -> None:
    ws.column_dimensions["A"].width = 110
    lines = [
        ("PETUNJUK PENGISIAN FORMULIR PENGUMPULAN DATA CAPAIAN KINERJA", True),
        (f"Formulir ini untuk {bidang}, {ctx['agency']['nama']}, {periode_teks(cycle)}. "
         "Formulir perangkat daerah, periode atau bidang lain akan ditolak ketika diimpor.",
         False),
        ("1. Isi hanya sel berwarna kuning pada lembar Formulir: kolom (9) Realisasi "
         f"{tw}, kolom (10) Realisasi Anggaran {tw} bila barisnya memiliki anggaran, kolom (11) "
         "Keterangan/Bukti Dukung, dan identitas pengisi di bawah tabel.", False),
        ("2. Realisasi ditulis dalam satuan pada kolom (6), tanpa tanda %: 85,5 (koma desimal); "
         "ribuan dengan titik: 1.500. Bila target berupa teks (mis. BB), tulis realisasinya "
         "dalam bentuk yang sama.", False),
        ('3. Bila realisasi tidak dapat diukur, tulis "n/a" dan jelaskan alasannya pada kolom '
         "(11). Jangan menulis 0.", False),
        ("4. Bila data belum tersedia, biarkan kosong dan jelaskan pada kolom (11): kosong "
         "berarti belum dilaporkan, bukan 0.", False),
        ("5. Realisasi anggaran dalam Rupiah bulat tanpa sen, mis. 60250000 atau 60.250.000.",
         False),
        ("6. Jangan menambah atau menghapus baris, mengubah kode, atau memindahkan isi ke file "
         "lain: formulir dikenali dari isinya yang terkunci.", False),
        ("7. Simpan sebagai Excel Workbook (.xlsx), lampirkan bukti dukung, dan serahkan kepada "
         "Tim SAKIP.", False),
        ("8. Bila formulir yang sudah diserahkan perlu diperbaiki, perbaiki lalu serahkan lagi: "
         "formulir yang baru menggantikan yang lama (yang lama tetap tersimpan).", False),
    ]
    extra = [p for p in ctx.get("petunjuk", []) if "paling lambat" in p]
    lines += [(f"Batas waktu: {p}", False) for p in extra]
    for i, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(i, 1, text)
        cell.font = Font(bold=bold, size=12 if bold else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[i].height = 20 if bold else 32
    ws.protection.sheet = True


def _meta_sheet(ws: Worksheet, values: dict[str, str]) -> None:
    for i, (k, v) in enumerate(values.items(), start=1):
        ws.cell(i, 1, k)
        ws.cell(i, 2, v).number_format = "@"
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
