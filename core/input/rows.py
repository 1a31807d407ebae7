"""The row model of the workbook reader: a located sheet, a row, and the intermediate rows
folded into :class:`~naskah.model.CollectedData`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from naskah.model import (
    Agregasi,
    Nilai,
)


@dataclass
class _Table:
    """A sheet with its header map: canonical column name → 1-based column index."""

    sheet: str
    ws: Worksheet
    cols: dict[str, int]
    complete: bool  # every required header present


@dataclass
class _Row:
    table: _Table
    number: int
    cells: dict[str, Cell]

    def letter(self, name: str) -> str | None:
        idx = self.table.cols.get(name)
        return get_column_letter(idx) if idx else None


class _Bad:
    """Marks a value whose problem is already reported (no cascade of follow-up problems)."""

    def __repr__(self) -> str:
        return "BAD"


BAD: Any = _Bad()


@dataclass
class _IndInfo:
    row: int
    agregasi: Agregasi | None
    text_target: bool


@dataclass
class _RealRow:
    kode: str
    monthly: bool
    index: int  # month 1..12 or triwulan 1..4
    triwulan: int
    nilai: Nilai
    anggaran: int | None
    keterangan: str
    row: int


@dataclass
class _SiklusState:
    values: dict[str, tuple[Any, int]] = field(default_factory=dict)  # key → (value, row)
    lists: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    catatan: list[str] = field(default_factory=list)
    dates: list[tuple[str, date, int]] = field(default_factory=list)
