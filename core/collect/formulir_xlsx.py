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
- ``Petunjuk``: how to fill it in.

Every text is in the user's language (:mod:`naskah.i18n`: Indonesian by default, English with
``NASKAH_LANG=en``); the sheet names stay ``Formulir``/``Petunjuk`` in both, like the input
workbook's. A form written in either language imports under either setting: the importer
knows each header and label in every language (:func:`naskah.i18n.every_language`).
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
from naskah.i18n import N_, _

SHEET = "Formulir"
PETUNJUK = "Petunjuk"

HEADER_KODE = N_("Code")
HEADER_REALISASI = N_("Realisasi {tw}")
HEADER_ANGGARAN = N_("Budget realisasi {tw} (Rp)")
HEADER_KETERANGAN = N_("Notes/ Supporting evidence")
HEADERS = (
    N_("No."), HEADER_KODE, N_("Description (Program/ Kegiatan/ Sub Kegiatan)"),
    N_("Performance indicator"), N_("Type"), N_("Unit"), N_("Annual target"), N_("Target {tw}"),
    HEADER_REALISASI, HEADER_ANGGARAN, HEADER_KETERANGAN,
)
"""Column headers (message ids), as on the DOCX formulir (``{tw}``: ``TW I`` …). The importer
finds the columns of kode, realisasi, anggaran and keterangan by these texts."""

WIDTHS = (5, 19, 30, 44, 7, 10, 11, 11, 14, 19, 34)
FIRST_COLUMN_OF_IDENTITY = 10  # column J: labels of the filler's identity block, values in K

LABEL_TANGGAL = N_("Date filled in")
LABEL_NAMA = N_("Name")
LABEL_JABATAN = N_("Position")
LABEL_NIP = N_("NIP")
IDENTITY_LABELS = (LABEL_TANGGAL, LABEL_NAMA, LABEL_JABATAN, LABEL_NIP)
"""Labels (message ids) of the filler's identity block, in its order."""

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
        cell = ws.cell(header_row, i, _(title, tw=tw))
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
                promptTitle=_("Budget realisasi"),
                prompt=_("Budget realisasi {tw} in whole Rupiah, without sen (e.g. 60250000). "
                         "Empty = not reported yet.", tw=tw),
                errorTitle=_("Not an amount of Rupiah"),
                error=_("Write whole Rupiah without sen, e.g. 60250000.")))
        else:
            ws.cell(row, 10, "–").fill = _NA
            ws.cell(row, 10).alignment = _CENTER
        _editable(ws.cell(row, 11))
        ws.cell(row, 11).alignment = _WRAP_TOP
        ws.row_dimensions[row].height = _height(values)
        _rule(ws, f"K{row}", DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1="1000", errorStyle="stop",
            promptTitle=_("Notes/supporting evidence"),
            prompt=_("Source of the data, supporting evidence, or the reason when realisasi is "
                     "empty or n/a."), error=_("At most {n} characters.", n=1000)))
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
    _merged(ws, 4, 1, last, _("PERFORMANCE ACHIEVEMENT DATA COLLECTION FORM"), bold=True,
            size=14)
    _merged(ws, 5, 1, last, periode_teks(cycle), size=12)
    fields = ((_("Perangkat Daerah"), ctx["agency"]["nama"]),
              (_("Sekretariat/Bidang"), bidang), (_("Period"), periode_teks(cycle)))
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
    target = (_("target {tw}: {value}", tw=tw, value=row["target_tw"])
              if row["target_tw"] not in ("", "–")
              else _("annual target: {value}", value=row["target_tahunan"]))
    title = _(HEADER_REALISASI, tw=tw)
    if target_teks(ind):
        _rule(ws, ref, DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1="100", errorStyle="stop",
            promptTitle=title,
            prompt=_("Write the realisasi in the form of its target ({target}). Empty = not "
                     "reported yet; n/a = cannot be measured.", target=target),
            error=_("At most {n} characters.", n=100)))
        return
    _rule(ws, ref, DataValidation(
        type="decimal", operator="between", formula1="-1000000000000",
        formula2="1000000000000", errorStyle="warning", promptTitle=title,
        prompt=_("A number in the unit {satuan} ({target}), e.g. 85,5. No % sign. Empty = not "
                 "reported yet; n/a = cannot be measured (not 0).", satuan=ind.satuan,
                 target=target),
        errorTitle=_("Not a number"),
        error=_("Realisasi is a number (e.g. 85,5). If it really cannot be measured, write n/a "
                "and explain in column (11).")))


def _identity(ws: Worksheet, row: int, cycle: Cycle, ctx: dict[str, Any], tw: str) -> None:
    """The filler's identity (right) and the short petunjuk (left)."""
    col = FIRST_COLUMN_OF_IDENTITY
    _merged(ws, row, col, col + 1, _("Filled in by,"), bold=True, align="left")
    jabatan = (ctx.get("ttd") or {}).get("jabatan", "")
    prefill = {LABEL_JABATAN: jabatan}
    for i, label in enumerate(IDENTITY_LABELS, start=row + 1):
        cell = ws.cell(i, col, _(label))
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
        formula2=f"DATE({tahun + 1},12,31)", errorStyle="stop", promptTitle=_(LABEL_TANGGAL),
        prompt=_("The date the formulir is filled in, e.g. 10/04/2025."),
        error=_("A date in {first}–{last}.", first=tahun, last=tahun + 1)))
    nip_cell = ws.cell(row + 4, col + 1)
    nip_cell.number_format = "@"
    _rule(ws, nip_cell.coordinate, DataValidation(
        type="textLength", operator="between", formula1="18", formula2="24", errorStyle="warning",
        promptTitle=_(LABEL_NIP),
        prompt=_("The 18 digits of the NIP (spaces allowed); leave empty if there is none."),
        error=_("A NIP has 18 digits.")))

    _merged(ws, row, 1, 7, _("Short instructions (in full: sheet {sheet}):", sheet=PETUNJUK),
            bold=True, align="left")
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
    steps = (
        _("Fill in only the yellow cells of the sheet {sheet}: column (9) Realisasi {tw}, column "
          "(10) Budget realisasi {tw} when the row has a budget, column (11) Notes/Supporting "
          "evidence, and the filler's identity below the table.", sheet=SHEET, tw=tw),
        _("Write realisasi in the unit of column (6), without a % sign: 85,5 (decimal comma); "
          "thousands with a dot: 1.500. When the target is text (e.g. BB), write the realisasi "
          "in the same form."),
        _('When the realisasi cannot be measured, write "n/a" and explain why in column (11). '
          "Do not write 0."),
        _("When the data is not available yet, leave it empty and explain in column (11): empty "
          "means not reported yet, not 0."),
        _("Budget realisasi in whole Rupiah without sen, e.g. 60250000 or 60.250.000."),
        _("Do not add or delete rows, change a kode, or move the contents to another file: the "
          "formulir is recognised by its locked contents."),
        _("Save it as an Excel Workbook (.xlsx), attach the supporting evidence, and hand it to "
          "the Tim SAKIP."),
        _("When a formulir already handed in needs correcting, correct it and hand it in again: "
          "the new formulir replaces the old one (the old one stays stored)."),
    )
    lines = [
        (_("INSTRUCTIONS FOR FILLING IN THE PERFORMANCE ACHIEVEMENT DATA COLLECTION FORM"), True),
        (_("This formulir is for {bidang}, {agency}, {period}. A formulir of another agency, "
           "period or bidang is refused on import.", bidang=bidang,
           agency=ctx["agency"]["nama"], period=periode_teks(cycle)), False),
        *((f"{i}. {text}", False) for i, text in enumerate(steps, start=1)),
    ]
    extra = [p for p in ctx.get("petunjuk", []) if "paling lambat" in p]
    lines += [(_("Deadline: {text}", text=p), False) for p in extra]
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
