"""Read a filled XLSX formulir (:mod:`.formulir_xlsx`) into a :class:`~.filled.FilledForm`.

The identity comes from the hidden ``_naskah`` sheet (checksum verified). The table is found
by its headers (``Kode``, ``Realisasi …``, ``Realisasi Anggaran …``, ``Keterangan …``) and
read down to the first row without a kode; the filler's identity by its labels below it.
Headers and labels are recognised in every language naskah writes them in
(:func:`naskah.i18n.every_language`), so a formulir issued under ``NASKAH_LANG=en`` imports
under the Indonesian default and the other way round.
Structural problems (not an XLSX, no metadata, no table) raise
:class:`~naskah.errors.InputError`; values are checked by :mod:`.importer`.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from naskah.collect.filled import Cell, FilledForm, FilledRow
from naskah.collect.formulir_xlsx import (
    HEADER_ANGGARAN,
    HEADER_KETERANGAN,
    HEADER_KODE,
    HEADER_REALISASI,
    IDENTITY_LABELS,
    LABEL_NIP,
    LABEL_TANGGAL,
    SHEET,
)
from naskah.collect.meta import META_SHEET, FormulirMeta, MetaError
from naskah.errors import InputError
from naskah.i18n import _, every_language
from naskah.model import Problem

_HEADER_SCAN_ROWS = 60


def _norm(v: object) -> str:
    return re.sub(r"\s+", " ", str(v or "")).strip().casefold()


def _fail(file: str, sheet: str, found: str, expected: str) -> InputError:
    return InputError([Problem(file, sheet, None, None, found, expected)])


def read_xlsx(path: Path) -> FilledForm:
    """Read ``path``. :raises InputError: not a readable XLSX, not a naskah formulir (no or
    changed metadata), or its table cannot be found (every problem names file and sheet)."""
    path = Path(path)
    file = path.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation extensions
            values_wb = openpyxl.load_workbook(path, data_only=True)
            formulas_wb = openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any reader failure means: not a readable XLSX
        raise _fail(file, "", _("'{file}' is not a readable Excel workbook ({name})", file=file,
                                name=type(exc).__name__),
                    _("save it as an Excel Workbook (.xlsx) and try again")) from None
    if META_SHEET not in values_wb.sheetnames:
        raise _fail(file, "", _("the file has no naskah formulir metadata"),
                    _("fill in the XLSX formulir issued by naskah (naskah collect formulir); a "
                      "copy typed by hand cannot be recognised"))
    meta_ws = values_wb[META_SHEET]
    fields = {str(r[0]).strip(): r[1] for r in meta_ws.iter_rows(values_only=True)
              if r and r[0] is not None}
    try:
        meta = FormulirMeta.from_dict(fields)
    except MetaError as err:
        raise _fail(file, META_SHEET, err.found, err.expected) from None
    if SHEET not in values_wb.sheetnames:
        found = ", ".join(values_wb.sheetnames)
        raise _fail(file, SHEET, _("sheet '{SHEET}' is missing (sheets found: {found})",
                                   SHEET=SHEET, found=found),
                    _("use the formulir as issued, without renaming its sheets"))
    ws = values_wb[SHEET]
    wsf = formulas_wb[SHEET]

    header, cols = _find_header(ws)
    if header is None:
        raise _fail(file, SHEET, _("the table's header row (Kode, Realisasi …) was not found"),
                    _("use the formulir as issued, without changing its headers"))
    missing = [name for name in ("kode", "realisasi") if name not in cols]
    if missing:
        raise _fail(file, SHEET, _("column(s) {value} not found in row {header}",
                                   value=', '.join(missing), header=header),
                    _("use the formulir as issued, without changing its headers"))

    labels = {i: str(ws.cell(header, i).value or "").replace("\n", " ") for i in cols.values()}

    def cell(row: int, name: str) -> Cell | None:
        idx = cols.get(name)
        if idx is None:
            return None
        c = ws.cell(row, idx)
        v = c.value
        if isinstance(v, str):
            v = v.strip() or None
        percent = isinstance(v, int | float) and not isinstance(v, bool) and (
            "%" in (c.number_format or ""))
        formula = v is None and wsf.cell(row, idx).data_type == "f"
        return Cell(v, SHEET, row, get_column_letter(idx), f"({idx}) {labels[idx]}",
                    percent=percent, formula=formula)

    rows: list[FilledRow] = []
    r = header + 1
    if str(ws.cell(r, cols["kode"]).value or "").strip().startswith("("):
        r += 1  # the column-number row "(1) (2) …"
    while r <= ws.max_row:
        kode_cell = cell(r, "kode")
        assert kode_cell is not None
        kode = re.sub(r"\s+", "", str(kode_cell.value or ""))
        if not kode:
            break
        rows.append(FilledRow(kode, kode_cell, cell(r, "realisasi"), cell(r, "anggaran"),
                              cell(r, "keterangan")))
        r += 1
    return FilledForm(path, "xlsx", meta, META_SHEET, tuple(rows), _pengisi(ws, r))


def _starts(header: str) -> tuple[str, ...]:
    """How a column's header begins in every language: the text before ``{tw}`` or before its
    first ``/`` (``Realisasi Anggaran {tw} (Rp)`` → ``realisasi anggaran``)."""
    return tuple(_norm(text.split("{tw}")[0].split("/")[0])
                 for text in every_language(header))


def _find_header(ws) -> tuple[int | None, dict[str, int]]:
    """The header row and its columns ``kode``, ``realisasi``, ``anggaran``, ``keterangan``."""
    kode = {_norm(t) for t in every_language(HEADER_KODE)}
    starts = [(name, _starts(header)) for name, header in (  # anggaran before realisasi
        ("anggaran", HEADER_ANGGARAN), ("realisasi", HEADER_REALISASI),
        ("keterangan", HEADER_KETERANGAN))]
    for row in range(1, min(ws.max_row, _HEADER_SCAN_ROWS) + 1):
        names = {_norm(ws.cell(row, c).value): c for c in range(1, ws.max_column + 1)}
        found = kode & names.keys()
        if not found:
            continue
        cols = {"kode": names[found.pop()]}
        for text, c in names.items():
            role = next((name for name, prefixes in starts
                         if any(text.startswith(p) for p in prefixes)), None)
            if role is not None:
                cols[role] = c
        return row, cols
    return None, {}


def _pengisi(ws, start: int) -> str:
    """``"Nama · Jabatan · NIP … · diisi 10/04/2025"`` from the identity block below the table."""
    found: dict[str, str] = {}
    wanted = {_norm(text): label for label in IDENTITY_LABELS for text in every_language(label)}
    for row in range(start, ws.max_row + 1):
        for col in range(1, ws.max_column):
            label = wanted.get(_norm(ws.cell(row, col).value))
            if label is None:
                continue
            v = ws.cell(row, col + 1).value
            if isinstance(v, datetime):
                v = v.date()
            if isinstance(v, date):
                v = v.strftime("%d/%m/%Y")
            text = re.sub(r"\s+", " ", str(v or "")).strip()
            if text:
                found[label] = text
    parts = [found[k] for k in IDENTITY_LABELS if k in found and k not in (LABEL_TANGGAL,
                                                                             LABEL_NIP)]
    if LABEL_NIP in found:
        parts.append(_("NIP {nip}", nip=found[LABEL_NIP]))
    if LABEL_TANGGAL in found:
        parts.append(_("filled in {date}", date=found[LABEL_TANGGAL]))
    return " · ".join(parts)
