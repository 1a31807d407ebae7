"""What a reader finds in a filled formulir, before its values are checked.

:mod:`.read_xlsx` and :mod:`.read_docx` turn a file into a :class:`FilledForm`: the form's
identity and one :class:`FilledRow` per indicator row, each value a :class:`Cell` that still
knows where it was (so every problem is located). :mod:`.importer` checks the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from naskah.collect.meta import FormulirMeta
from naskah.model import Problem


@dataclass(frozen=True)
class Cell:
    """A raw value and its place.

    XLSX: ``sheet`` ``"Formulir"``, ``row`` the sheet row, ``column`` its letter. DOCX:
    ``sheet`` ``"Tabel 3"``, ``row`` the table row (1-based), ``column`` ``None``; ``label``
    names the column (``"kolom (9) Realisasi TW I"``) and is put in front of what was found.
    ``percent``: an XLSX number cell formatted as percent (85% is stored as 0.85);
    ``formula``: an XLSX formula without a saved result.
    """

    value: object
    sheet: str
    row: int | None
    column: str | None
    label: str = ""
    percent: bool = False
    formula: bool = False

    def problem(self, file: str, found: str, expected: str) -> Problem:
        if self.column is None and self.label:
            found = f"{self.label}: {found}"
        return Problem(file, self.sheet, self.row, self.column, found, expected)


@dataclass(frozen=True)
class FilledRow:
    """One indicator row: its kode (``where``: the kode cell) and the three fillable values."""

    kode: str
    where: Cell
    realisasi: Cell
    anggaran: Cell | None = None
    keterangan: Cell | None = None


@dataclass(frozen=True)
class FilledForm:
    """A filled formulir as read: ``sumber`` ``"xlsx"`` or ``"docx"``; ``meta`` its identity
    (a DOCX one has no kode list); ``pengisi`` the filler as written (may be empty)."""

    path: Path
    sumber: str
    meta: FormulirMeta
    meta_place: str
    rows: tuple[FilledRow, ...]
    pengisi: str = ""

    @property
    def file(self) -> str:
        return self.path.name
