"""Read the input workbook (XLSX) of one cycle into :class:`~naskah.model.CollectedData`.

The format is in ``docs/input-format.md`` (:mod:`naskah.input.template` writes a blank one). Sheets
and headers match ignoring case, spaces, ``_`` and ``-``; unknown columns and sheets are ignored.

- ``Siklus`` (required): key/value rows ``kunci`` | ``nilai``: the period, dates, meeting facts;
- ``Indikator`` (required): one row per indicator with its targets and pagu;
- ``Realisasi`` (required): realisasi per triwulan or per month (kept per month, folded by
  :func:`naskah.measurement.rules.aggregate`); ``Pejabat`` (optional): officials by peran.

Every problem is collected in one pass and raised together as :class:`~naskah.errors.InputError`.
The file is checked by :mod:`naskah.input.guard` (size, encryption, used rows) before openpyxl.
"""
from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from naskah.errors import InputError
from naskah.i18n import _
from naskah.input import guard
from naskah.input.format import (
    _EXCEL_ERRORS,
    COLUMNS,
    INDIKATOR,
    OPTIONAL_SHEETS,
    PEJABAT,
    PROCEDURES,
    REALISASI,
    REALISASI_LALU,
    REQUIRED_SHEETS,
    SIKLUS,
    _enum_key,
    _norm,
    decimals_of_format,
)
from naskah.input.rows import BAD, _Row, _Table
from naskah.input.sheets import SheetReaders
from naskah.input.values import _is_plain_text
from naskah.model import (
    TIDAK_DAPAT_DIUKUR,
    CollectedData,
    Indikator,
    Problem,
    Realisasi,
    slugify,
)
from naskah.numbers_id import NilaiError, parse_nilai, parse_rupiah

__all__ = ["read_workbook"]

E = TypeVar("E", bound=Enum)


# --- reading -----------------------------------------------------------------------------------


def read_workbook(path: Path, *, procedures: Sequence[str] = PROCEDURES) -> CollectedData:
    """Read one cycle's input workbook (``.xlsx``).

    :param path: the workbook.
    :param procedures: procedure slugs accepted as prefixes of ``Siklus`` keys
        (``pengukuran.tanggal_rapat``); unprefixed keys apply to all of them.
    :return: :class:`~naskah.model.CollectedData`: indicators in row order; realisasi one per
        (kode, triwulan), in indicator order, monthly rows folded with the indicator's agregasi
        (anggaran of months summed, in Rupiah); ``Siklus.tanggal`` keyed ``nama`` or
        ``<procedure>.nama``; ``Siklus.rapat`` keyed by procedure slug.
    :raises InputError: with every problem found (file, sheet, row, column letter, what was
        found, what to write), or one problem naming the file when it is not a readable XLSX.
    """
    path = Path(path)
    return _Reader(path, tuple(procedures)).read()


class _Reader(SheetReaders):
    def __init__(self, path: Path, procedures: tuple[str, ...]) -> None:
        self.path = path
        self.file = path.name
        self.procedures = procedures
        self.problems: list[Problem] = []
        self.formulas: dict[str, set[str]] = {}
        self.sheet_order: dict[str, int] = {}

    # -- problems --

    def add(
        self, sheet: str, row: int | None, column: str | None, found: str, expected: str
    ) -> None:
        self.problems.append(Problem(self.file, sheet, row, column, found, expected))

    def at(self, row: _Row, name: str, found: str, expected: str) -> None:
        self.add(row.table.sheet, row.number, row.letter(name), found, expected)

    def _sorted_problems(self) -> list[Problem]:
        def key(p: Problem) -> tuple[int, int, int]:
            col = column_index_from_string(p.column) if p.column else 0
            return (self.sheet_order.get(p.sheet, -1), p.row or 0, col)

        return sorted(self.problems, key=key)

    def _listed_problems(self) -> list[Problem]:
        """The problems in reading order, at most :data:`~naskah.input.guard.MAX_PROBLEMS`
        of them, then one line counting the others."""
        problems = self._sorted_problems()
        if len(problems) <= guard.MAX_PROBLEMS:
            return problems
        rest = len(problems) - guard.MAX_PROBLEMS
        return problems[: guard.MAX_PROBLEMS] + [
            Problem(self.file, "", None, None,
                    _("{n} more problems are not listed", n=rest),
                    _("correct the problems above and run again"))
        ]

    # -- top level --

    def read(self) -> CollectedData:
        wb = self._load()
        if wb is None:
            raise InputError(self.problems)
        try:
            return self._read(wb)
        finally:
            wb.close()
            if self._formula_wb is not None:
                self._formula_wb.close()

    def _read(self, wb: openpyxl.Workbook) -> CollectedData:
        tables: dict[str, _Table | None] = {}
        for i, name in enumerate(REQUIRED_SHEETS + OPTIONAL_SHEETS):
            self.sheet_order[name] = i
            ws = self._pick_sheet(wb, name)
            if ws is None:
                if name in REQUIRED_SHEETS and not any(p.sheet == name for p in self.problems):
                    found = ", ".join(w.title for w in wb.worksheets) or "none"
                    self.add(
                        name,
                        None,
                        None,
                        _("sheet '{name}' is missing (sheets found: {found})", name=name,
                          found=found),
                        _("add a sheet named {name}; see the input template", name=name),
                    )
                tables[name] = None
                continue
            self.sheet_order[ws.title] = i
            too_big = guard.check_sheet_member(wb._archive, ws._worksheet_path, ws.title)
            if too_big is not None:
                self.add(ws.title, None, None, too_big,
                         _("keep the sheet to the rows naskah reads (see the input template)"))
                tables[name] = None
                continue
            ws.reset_dimensions()  # a wrong <dimension> must neither cut nor stretch the sheet
            tables[name] = self._table(name, ws)

        siklus = self._siklus(tables[SIKLUS])
        info, indikator = self._indikator(tables[INDIKATOR])
        self._check_indikator(tables[INDIKATOR], info, indikator)
        periode = siklus.periode if siklus else None
        realisasi = self._realisasi(tables[REALISASI], info, indikator, periode)
        pejabat = self._pejabat(tables[PEJABAT])

        if self.problems or siklus is None:
            raise InputError(self._listed_problems())
        return CollectedData(
            source=str(self.path),
            siklus=siklus,
            indikator=tuple(with_desimal(indikator.values(), realisasi)),
            realisasi=realisasi,
            pejabat=pejabat,
            columns={
                t.sheet: {name: get_column_letter(idx) for name, idx in t.cols.items()}
                for t in tables.values()
                if t is not None
            },
        )

    def _load(self) -> openpyxl.Workbook | None:
        """The workbook opened read-only (sheets are parsed only when read, row by row), or
        ``None`` with the problem added. A second read-only view keeps the formulas."""
        self._formula_wb: openpyxl.Workbook | None = None
        if not self.path.is_file():
            self.add(
                "",
                None,
                None,
                _("file '{path}' does not exist", path=self.path),
                _("give the path of an .xlsx workbook"),
            )
            return None
        try:
            guard.check_container(self.path)
        except guard.ContainerProblem as problem:
            self.add("", None, None, problem.found, problem.expected)
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wanted = {_norm(n) for n in REQUIRED_SHEETS + OPTIONAL_SHEETS}
                source = guard.without_ignored_sheets(self.path, lambda t: _norm(t) in wanted)
                wb = openpyxl.load_workbook(source, data_only=True, read_only=True)
                if not isinstance(source, Path):
                    source.seek(0)
                self._formula_wb = openpyxl.load_workbook(
                    source, data_only=False, read_only=True
                )
        except Exception:  # zipfile, XML, openpyxl: any failure means "not an xlsx"
            self.add(
                "",
                None,
                None,
                _("'{file}' is not a readable Excel workbook", file=self.file),
                _("save it as an Excel Workbook (.xlsx) and try again"),
            )
            return None
        return wb

    def _pick_sheet(self, wb: openpyxl.Workbook, name: str) -> Worksheet | None:
        """The sheet read as ``name``: matched ignoring case, spaces, ``_``, ``-`` and ``.``; a
        visible sheet wins over hidden ones (a hidden ``indikator_`` next to ``Indikator`` is
        ignored). Two visible (or, with none visible, two hidden) candidates: a problem."""
        found = [ws for ws in wb.worksheets if _norm(ws.title) == _norm(name)]
        visible = [ws for ws in found if ws.sheet_state == "visible"]
        candidates = visible or found
        if len(candidates) > 1:
            titles = ", ".join(f"'{ws.title}'" for ws in candidates)
            self.add(
                name,
                None,
                None,
                _("sheets {titles} are all read as the {sheet} sheet", titles=titles, sheet=name),
                _("keep one sheet named {sheet}: rename or delete the others", sheet=name),
            )
            return None
        return candidates[0] if candidates else None

    def _scan_formulas(self, ws: Worksheet, max_col: int) -> None:
        """Remember the coordinates of formula cells of ``ws`` (first ``max_col`` columns,
        filled rows up to the row cap) from the formula view of the workbook."""
        cells: set[str] = set()
        self.formulas[ws.title] = cells
        if self._formula_wb is None or ws.title not in self._formula_wb.sheetnames:
            return
        fws = self._formula_wb[ws.title]
        fws.reset_dimensions()
        filled = 0
        try:
            for _, row in guard.filled_rows(fws, 2, max_col):
                hit = False
                for c in row:
                    if c.value is None:
                        continue
                    hit = True
                    if c.data_type == "f" or (
                        isinstance(c.value, str) and c.value.startswith("=")
                    ):
                        cells.add(c.coordinate)
                filled += hit
                if filled > guard.MAX_DATA_ROWS:
                    break
        except Exception:  # noqa: S110 - the same row fails again when the values are read,
            pass  # and is reported there with its location

    def _check_indikator(
        self, table: _Table | None, info: dict | None, indikator: dict[str, Any]
    ) -> None:
        """Whole-sheet checks of Indikator: at least one indicator; no two bidang written
        differently that would share a file name (``Bidang A`` / ``bidang a.``)."""
        if table is None or not table.complete or info is None:
            return
        if not info:
            self.add(
                table.sheet,
                2,
                None,
                _("the sheet has no indicator rows"),
                _("write one row per indicator below the header (see the input template)"),
            )
            return
        seen: dict[str, tuple[str, int]] = {}
        letter = self._letter(table, "bidang")
        for ind in indikator.values():
            slug = slugify(ind.bidang)
            first = seen.setdefault(slug, (ind.bidang, ind.source_row))
            if first[0] != ind.bidang:
                self.add(
                    table.sheet,
                    ind.source_row,
                    letter,
                    _("bidang '{bidang}' and '{other}' (row {row}) are written differently but "
                      "name the same bidang", bidang=ind.bidang, other=first[0], row=first[1]),
                    _("write each bidang the same way in every row"),
                )

    def _table(self, name: str, ws: Worksheet) -> _Table:
        spec = COLUMNS[name]
        lookup: dict[str, str] = {}
        for col in spec:
            for alias in (col.name, *col.aliases):
                lookup[_norm(alias)] = col.name
        cols: dict[str, int] = {}
        headers: list[str] = []
        for cell in next(ws.iter_rows(min_row=1, max_row=1), ()):
            if cell.value is None or not str(cell.value).strip():
                continue
            if len(headers) >= 200:  # a header row of thousands of cells: the rest is not read
                break
            headers.append(str(cell.value).strip())
            canon = lookup.get(_norm(cell.value))
            if canon is None and name == INDIKATOR:
                m = REALISASI_LALU.match(_norm(cell.value))
                canon = f"realisasi_{m.group(1)}" if m else None
            if canon is None:
                continue
            if canon in cols:
                self.add(
                    ws.title,
                    1,
                    cell.column_letter,
                    _("column '{canon}' appears twice (also in {value}1)", canon=canon,
                      value=get_column_letter(cols[canon])),
                    _("keep one column of each name"),
                )
                continue
            cols[canon] = cell.column
        complete = True
        found = ", ".join(headers) or "none"
        for col in spec:
            if col.required and col.name not in cols:
                complete = False
                self.add(
                    ws.title,
                    None,
                    None,
                    _("required column '{name}' is missing (headers found: {found})",
                      name=col.name, found=found),
                    _("add a header '{name}' in row 1", name=col.name),
                )
        return _Table(ws.title, ws, cols, complete)

    def _rows(self, table: _Table) -> Iterator[_Row]:
        """The filled rows of ``table`` below its header, in order. Only the mapped columns are
        read; empty rows (even a million of them before a stray cell) cost no memory; more than
        :data:`~naskah.input.guard.MAX_DATA_ROWS` filled rows: a problem, the rest not read."""
        if not table.cols:
            return
        max_col = max(table.cols.values())
        if table.sheet not in self.formulas:
            self._scan_formulas(table.ws, max_col)
        filled = 0
        last = 1
        rows = guard.filled_rows(table.ws, 2, max_col)
        while True:
            try:
                row_no, cells = next(rows)
            except StopIteration:
                return
            except Exception:  # the XML of a row openpyxl cannot turn into values
                self.add(
                    table.sheet,
                    None,
                    None,
                    _("the sheet cannot be read after row {row}: a cell holds a value Excel "
                      "cannot store (e.g. a number of thousands of digits)", row=last),
                    _("open the file in Excel or LibreOffice, correct that cell and save it again"),
                )
                return
            last = row_no
            mapped = {
                name: cells[idx - 1] for name, idx in table.cols.items() if idx - 1 < len(cells)
            }
            if not mapped or all(self._blank(c) for c in mapped.values()):
                continue
            filled += 1
            if filled > guard.MAX_DATA_ROWS:
                self.add(
                    table.sheet,
                    None,
                    None,
                    _("more than {limit} filled rows (row {row} is one too many)",
                      limit=guard.MAX_DATA_ROWS, row=row_no),
                    _("split the workbook, or delete the rows that are not data"),
                )
                return
            yield _Row(table, row_no, mapped)

    def _blank(self, cell: Cell) -> bool:
        v = cell.value
        if v is None:
            if not hasattr(cell, "coordinate"):  # an empty cell of the read-only view
                return True
            return cell.coordinate not in self.formulas.get(cell.parent.title, ())
        return isinstance(v, str) and not v.strip()

    # -- cell values --

    def raw(self, row: _Row, name: str) -> Any:
        """The cell's value: stripped text or a number/date; ``None`` if empty; ``BAD`` if a
        formula without a saved result or an Excel error (reported)."""
        cell = row.cells.get(name)
        if cell is None:
            return None
        v = cell.value
        if v is None:
            if not hasattr(cell, "coordinate"):  # an empty cell of the read-only view
                return None
            if cell.coordinate in self.formulas.get(cell.parent.title, ()):
                self.at(
                    row,
                    name,
                    _("the formula has no saved result"),
                    _("open and save the file in Excel or LibreOffice, or type the value"),
                )
                return BAD
            return None
        if isinstance(v, str):
            v = v.strip()
            if not v:
                return None
            limit = guard.COLUMN_MAX_CHARS.get(name, guard.MAX_TEXT_CHARS)
            if len(v) > limit:
                self.at(
                    row,
                    name,
                    _("the text has {n} characters: '{start}…'", n=len(v), start=v[:40]),
                    _("write at most {limit} characters in {column}", limit=limit, column=name),
                )
                return BAD
            if v in _EXCEL_ERRORS:
                self.at(
                    row,
                    name,
                    _("the cell shows the Excel error {v}", v=v),
                    _("fix the formula or type the value"),
                )
                return BAD
        return v

    def text(self, row: _Row, name: str, *, required: bool = False, what: str = "") -> Any:
        v = self.raw(row, name)
        if v is BAD:
            return BAD
        if v is None:
            if required:
                self.at(row, name, _("{name} is empty", name=name),
                        _("write {what}", what=what) if what else _("write the {name}", name=name))
                return BAD
            return ""
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, datetime):
            v = v.date().isoformat()
        return re.sub(r"\s+", " ", str(v)).strip()

    def kode(self, row: _Row) -> Any:
        v = self.raw(row, "kode")
        if isinstance(v, float):
            self.at(
                row,
                "kode",
                _("kode {v!r} was stored as a number", v=v),
                _("format the kode column as Text and type the kode again (1.06.04…)"),
            )
            return BAD
        if v is None:
            self.at(row, "kode", _("kode is empty"), _("write the indicator's kode"))
            return BAD
        if v is BAD:
            return BAD
        kode = re.sub(r"\s+", "", str(v))
        hidden = guard.invisible(kode)
        if hidden:
            self.at(
                row,
                "kode",
                _("kode '{kode}' contains invisible characters ({codes})",
                  kode=guard.shown_invisible(kode), codes=", ".join(hidden)),
                _("type the kode again without copying it from another document"),
            )
            return BAD
        return kode

    def enum(self, row: _Row, name: str, aliases: dict[str, E], allowed: Sequence[str]) -> Any:
        v = self.text(row, name, required=True,
                      what=_("one of: {allowed}", allowed=", ".join(allowed)))
        if v is BAD:
            return BAD
        found = aliases.get(_enum_key(v))
        if found is None:
            self.at(row, name, _("'{v}' is not a valid {name}", v=v, name=name),
                    _("use one of: {value}", value=", ".join(allowed)))
            return BAD
        return found

    def _percent_cell(self, row: _Row, name: str, v: Any) -> bool:
        cell = row.cells.get(name)
        if cell is None or isinstance(v, bool) or not isinstance(v, int | float):
            return False
        if "%" not in (cell.number_format or ""):
            return False
        shown = parse_nilai(v) * 100
        self.at(
            row,
            name,
            _("'{value:f}%' is a percentage cell (stored as {v})", value=shown.normalize(), v=v),
            _("write {value:f} in a cell formatted as Number; the satuan says %",
              value=shown.normalize()),
        )
        return True

    def nilai(self, row: _Row, name: str, *, allow_text: bool) -> Any:
        v = self.raw(row, name)
        if v is BAD or self._percent_cell(row, name, v):
            return BAD
        try:
            parsed = parse_nilai(v, allow_text=allow_text)
            if isinstance(v, int | float) and isinstance(parsed, Decimal):
                parsed = _with_format_decimals(parsed, row.cells[name].number_format)
            return parsed
        except NilaiError as err:
            if not allow_text and name == "realisasi" and _is_plain_text(v):
                self.at(
                    row,
                    name,
                    _("'{v}' is not a number", v=v),
                    _("write a number; a text realisasi is allowed only when the target is a "
                      "text (e.g. WTP)"),
                )
            else:
                self.at(row, name, err.found, err.expected)
            return BAD

    def target(self, row: _Row, name: str) -> Any:
        """A target: number or text; ``-``/``n/a`` and empty → ``None`` (no target)."""
        v = self.nilai(row, name, allow_text=True)
        return None if v is TIDAK_DAPAT_DIUKUR else v

    def rupiah(self, row: _Row, name: str) -> Any:
        v = self.raw(row, name)
        if v is BAD or self._percent_cell(row, name, v):
            return BAD
        try:
            return parse_rupiah(v)
        except NilaiError as err:
            self.at(row, name, err.found, err.expected)
            return BAD


def _with_format_decimals(value: Decimal, number_format: str | None) -> Decimal:
    """An Excel number with the decimals its cell format shows: ``14.4`` in a ``0.00`` cell →
    ``Decimal("14.40")`` (so it prints as ``14,40``). Digits are only ever added: a value with
    more decimals than the format shows keeps them (the data is never rounded here)."""
    shown = decimals_of_format(number_format)
    exponent = value.as_tuple().exponent
    if shown is None or not isinstance(exponent, int) or -exponent >= shown:
        return value
    return value.quantize(Decimal(1).scaleb(-shown))


def _places(v: object) -> int:
    if not isinstance(v, Decimal):
        return 0
    exponent = v.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def with_desimal(
    indikator: Iterable[Indikator], realisasi: Iterable[Realisasi]
) -> Iterator[Indikator]:
    """Each indicator with ``desimal`` set: as declared in the ``desimal`` column, else the most
    decimals among its targets and realisasi as typed (``14,40`` → 2; ``14,4`` and ``14,40``
    together → 2; integers only → 0). Source: domain brief §2, Decimals."""
    per_kode: dict[str, int] = {}
    for r in realisasi:
        # as typed: the months of a monthly row (its folded mean may have many decimals)
        values = [v for _m, v in r.bulanan] if r.bulanan else [r.nilai]
        per_kode[r.kode] = max([per_kode.get(r.kode, 0), *map(_places, values)])
    for ind in indikator:
        if ind.desimal is not None:
            yield ind
            continue
        targets = [
            ind.target_tahunan,
            *ind.target_triwulan.values(),
            *ind.target_semester.values(),
            *ind.realisasi_lalu.values(),
        ]
        places = max([per_kode.get(ind.kode, 0), *map(_places, targets)])
        yield dataclasses.replace(ind, desimal=places)
