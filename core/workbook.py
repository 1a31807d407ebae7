"""Read the input workbook (XLSX) of one cycle into :class:`~naskah.model.CollectedData`.

The format is documented in ``docs/input-format.md``; :mod:`naskah.input_template` writes a blank
workbook of it. Sheets and headers are matched case-insensitively, ignoring spaces, underscores
and hyphens; the column order is free and unknown columns and sheets are ignored.

- ``Siklus`` (required): key/value rows ``kunci`` | ``nilai``: the period, dates, meeting facts;
- ``Indikator`` (required): one row per indicator with its targets and pagu;
- ``Realisasi`` (required): realisasi per triwulan or per month (months are folded into their
  triwulan with :func:`naskah.measurement.aggregate`);
- ``Pejabat`` (optional): officials by peran.

Every problem is collected in one pass and raised together as :class:`~naskah.errors.InputError`.
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from naskah.errors import InputError
from naskah.measurement import aggregate
from naskah.model import (
    TIDAK_DAPAT_DIUKUR,
    Agregasi,
    CollectedData,
    Indikator,
    Jenis,
    Level,
    Nilai,
    Pejabat,
    Periode,
    Polaritas,
    Problem,
    Rapat,
    Realisasi,
    Siklus,
)
from naskah.numbers_id import NilaiError, is_na, parse_nilai, parse_rupiah

__all__ = [
    "AGREGASI_ALIASES",
    "BULAN",
    "COLUMNS",
    "Column",
    "INDIKATOR",
    "JENIS_ALIASES",
    "LEVEL_ALIASES",
    "OPTIONAL_SHEETS",
    "PEJABAT",
    "POLARITAS_ALIASES",
    "PROCEDURES",
    "RAPAT_KEYS",
    "REALISASI",
    "REQUIRED_SHEETS",
    "SIKLUS",
    "SIKLUS_KEYS",
    "read_workbook",
]

# --- the format --------------------------------------------------------------------------------

SIKLUS = "Siklus"
INDIKATOR = "Indikator"
REALISASI = "Realisasi"
PEJABAT = "Pejabat"
REQUIRED_SHEETS: tuple[str, ...] = (SIKLUS, INDIKATOR, REALISASI)
OPTIONAL_SHEETS: tuple[str, ...] = (PEJABAT,)


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its canonical header, whether the header must be present
    (``required``), whether each data row must fill it (``value_required``), and other
    accepted headers (``aliases``)."""

    name: str
    required: bool = False
    value_required: bool = False
    aliases: tuple[str, ...] = ()


def _tw_aliases(n: int) -> tuple[str, ...]:
    roman = ("I", "II", "III", "IV")[n - 1]
    return (f"target_tw_{roman}", f"target_triwulan_{n}", f"target_triwulan_{roman}")


COLUMNS: dict[str, tuple[Column, ...]] = {
    SIKLUS: (
        Column("kunci", required=True, aliases=("key",)),
        Column("nilai", required=True, aliases=("value",)),
    ),
    INDIKATOR: (
        Column("kode", required=True, value_required=True),
        Column("level", required=True, value_required=True, aliases=("tingkat",)),
        Column("uraian", required=True),
        Column(
            "indikator",
            required=True,
            value_required=True,
            aliases=("nama", "nama_indikator", "indikator_kinerja"),
        ),
        Column("jenis", required=True, value_required=True),
        Column("satuan", required=True, value_required=True),
        Column("polaritas", required=True, value_required=True, aliases=("sifat", "arah")),
        Column("agregasi", required=True, value_required=True, aliases=("cara_perhitungan",)),
        Column("bidang", required=True, value_required=True),
        Column("target_tahunan", required=True, aliases=("target",)),
        *(Column(f"target_tw{n}", aliases=_tw_aliases(n)) for n in range(1, 5)),
        Column("pagu", aliases=("pagu_anggaran", "anggaran")),
    ),
    REALISASI: (
        Column("kode", required=True, value_required=True),
        Column("periode", required=True, value_required=True),
        Column("realisasi", required=True),
        Column("realisasi_anggaran"),
        Column("keterangan", aliases=("bukti", "catatan")),
    ),
    PEJABAT: (
        Column("peran", required=True, value_required=True),
        Column("jabatan", required=True, value_required=True),
        Column("nama"),
        Column("pangkat", aliases=("pangkat_golongan", "golongan")),
        Column("nip"),
        Column("bidang"),
    ),
}
"""Every sheet's columns, in the order the input template writes them."""

PROCEDURES: tuple[str, ...] = ("pengumpulan", "pengukuran")
"""Procedure slugs accepted as a prefix of ``tanggal_*``/``rapat_*`` keys of ``Siklus``."""

RAPAT_KEYS: tuple[str, ...] = (
    "rapat_waktu_mulai",
    "rapat_waktu_selesai",
    "rapat_tempat",
    "rapat_acara",
    "rapat_pimpinan",
    "rapat_pencatat",
    "rapat_pembahasan",
    "rapat_keputusan",
)
"""Meeting facts of ``Siklus``; ``rapat_pembahasan`` and ``rapat_keputusan`` take several rows."""

_RAPAT_LIST_KEYS = frozenset({"rapat_pembahasan", "rapat_keputusan"})

SIKLUS_KEYS: tuple[str, ...] = (
    "agency",
    "periode",
    "catatan",
    "tanggal_nota_dinas",
    "tanggal_undangan",
    "tanggal_rapat",
    "tanggal_program_kerja",
    "tanggal_checklist_dokumen",
    "tanggal_formulir",
    "tanggal_tanda_terima",
    "tanggal_laporan",
    "tanggal_disposisi",
    "tanggal_surat_pengantar",
    *RAPAT_KEYS,
)
"""The keys the input template lists. Any other ``tanggal_<nama>`` key is accepted too."""


def _norm(text: object) -> str:
    """Header/alias key: lower case without spaces, underscores, hyphens and dots."""
    return re.sub(r"[\s_\-.]+", "", str(text).lower())


def _enum_key(text: str) -> str:
    """Enum lookup key: lower case; separators between words dropped (``sub kegiatan``,
    ``rata-rata``), but a lone ``-`` or ``(+)`` kept."""
    s = re.sub(r"\s+", " ", text.strip().lower())
    return re.sub(r"(?<=\w)[\s_\-]+(?=\w)", "", s)


LEVEL_ALIASES: dict[str, Level] = {
    "tujuan": Level.TUJUAN,
    "sasaran": Level.SASARAN,
    "program": Level.PROGRAM,
    "kegiatan": Level.KEGIATAN,
    "subkegiatan": Level.SUB_KEGIATAN,
}
JENIS_ALIASES: dict[str, Jenis] = {j.value.lower(): j for j in Jenis}
POLARITAS_ALIASES: dict[str, Polaritas] = {
    "positif": Polaritas.POSITIF,
    "+": Polaritas.POSITIF,
    "(+)": Polaritas.POSITIF,
    "negatif": Polaritas.NEGATIF,
    "-": Polaritas.NEGATIF,
    "(-)": Polaritas.NEGATIF,
    "–": Polaritas.NEGATIF,
}
AGREGASI_ALIASES: dict[str, Agregasi] = {
    "kumulatif": Agregasi.KUMULATIF,
    "akhirperiode": Agregasi.AKHIR_PERIODE,
    "nilaiakhir": Agregasi.AKHIR_PERIODE,
    "ratarata": Agregasi.RATA_RATA,
    "rerata": Agregasi.RATA_RATA,
}

BULAN: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_BULAN_ALIASES: dict[str, int] = {
    **{b.lower(): i for i, b in enumerate(BULAN, start=1)},
    **{b.lower()[:3]: i for i, b in enumerate(BULAN, start=1)},
    "agt": 8,
    "ags": 8,
    "agu": 8,
    "agust": 8,
    "sept": 9,
    "okt": 10,
    "nop": 11,
    "des": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "december": 12,
    "aug": 8,
    "oct": 10,
    "dec": 12,
}
_HARI = r"(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_EXCEL_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
_SINGLE_PERAN = frozenset({"kepala", "sekretaris", "ketua_tim"})

_DATE_HINT = "write a date as 15/04/2025, 2025-04-15 or 15 April 2025"
_TIME_HINT = "write a time as 09.00 or 09:00"
_PERIODE_HINT = (
    "write TW1..TW4 (or TW I..TW IV, Triwulan I), a month 1..12 or a month name (Januari)"
)

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


class _Reader:
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

    # -- top level --

    def read(self) -> CollectedData:
        wb = self._load()
        if wb is None:
            raise InputError(self.problems)
        sheets = {_norm(ws.title): ws for ws in wb.worksheets}
        tables: dict[str, _Table | None] = {}
        for i, name in enumerate(REQUIRED_SHEETS + OPTIONAL_SHEETS):
            self.sheet_order[name] = i
            ws = sheets.get(_norm(name))
            if ws is None:
                if name in REQUIRED_SHEETS:
                    found = ", ".join(w.title for w in wb.worksheets) or "none"
                    self.add(
                        name,
                        None,
                        None,
                        f"sheet '{name}' is missing (sheets found: {found})",
                        f"add a sheet named {name}; see the input template",
                    )
                tables[name] = None
                continue
            self.sheet_order[ws.title] = i
            tables[name] = self._table(name, ws)

        siklus = self._siklus(tables[SIKLUS])
        info, indikator = self._indikator(tables[INDIKATOR])
        periode = siklus.periode if siklus else None
        realisasi = self._realisasi(tables[REALISASI], info, indikator, periode)
        pejabat = self._pejabat(tables[PEJABAT])

        if self.problems or siklus is None:
            raise InputError(self._sorted_problems())
        return CollectedData(
            source=str(self.path),
            siklus=siklus,
            indikator=tuple(indikator.values()),
            realisasi=realisasi,
            pejabat=pejabat,
            columns={
                t.sheet: {name: get_column_letter(idx) for name, idx in t.cols.items()}
                for t in tables.values()
                if t is not None
            },
        )

    def _load(self) -> openpyxl.Workbook | None:
        if not self.path.is_file():
            self.add(
                "",
                None,
                None,
                f"file '{self.path}' does not exist",
                "give the path of an .xlsx workbook",
            )
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wb = openpyxl.load_workbook(self.path, data_only=True)
                formula_wb = openpyxl.load_workbook(self.path, data_only=False)
        except Exception as exc:  # zipfile, XML, openpyxl: any failure means "not an xlsx"
            self.add(
                "",
                None,
                None,
                f"'{self.file}' is not a readable Excel workbook ({type(exc).__name__})",
                "save it as an Excel Workbook (.xlsx) and try again",
            )
            return None
        for ws in formula_wb.worksheets:
            self.formulas[ws.title] = {
                c.coordinate
                for row in ws.iter_rows()
                for c in row
                if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith("="))
            }
        return wb

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
            headers.append(str(cell.value).strip())
            canon = lookup.get(_norm(cell.value))
            if canon is None:
                continue
            if canon in cols:
                self.add(
                    ws.title,
                    1,
                    cell.column_letter,
                    f"column '{canon}' appears twice (also in {get_column_letter(cols[canon])}1)",
                    "keep one column of each name",
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
                    f"required column '{col.name}' is missing (headers found: {found})",
                    f"add a header '{col.name}' in row 1",
                )
        return _Table(ws.title, ws, cols, complete)

    def _rows(self, table: _Table) -> Iterator[_Row]:
        for cells in table.ws.iter_rows(min_row=2):
            mapped = {
                name: cells[idx - 1] for name, idx in table.cols.items() if idx - 1 < len(cells)
            }
            if not mapped:
                continue
            row_no = cells[0].row
            if all(self._blank(c) for c in mapped.values()):
                continue
            yield _Row(table, row_no, mapped)

    def _blank(self, cell: Cell) -> bool:
        v = cell.value
        if v is None:
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
            if cell.coordinate in self.formulas.get(cell.parent.title, ()):
                self.at(
                    row,
                    name,
                    "the formula has no saved result",
                    "open and save the file in Excel or LibreOffice, or type the value",
                )
                return BAD
            return None
        if isinstance(v, str):
            v = v.strip()
            if not v:
                return None
            if v in _EXCEL_ERRORS:
                self.at(
                    row,
                    name,
                    f"the cell shows the Excel error {v}",
                    "fix the formula or type the value",
                )
                return BAD
        return v

    def text(self, row: _Row, name: str, *, required: bool = False, what: str = "") -> Any:
        v = self.raw(row, name)
        if v is BAD:
            return BAD
        if v is None:
            if required:
                self.at(row, name, f"{name} is empty", f"write {what or 'the ' + name}")
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
                f"kode {v!r} was stored as a number",
                "format the kode column as Text and type the kode again (1.06.04…)",
            )
            return BAD
        if v is None:
            self.at(row, "kode", "kode is empty", "write the indicator's kode")
            return BAD
        if v is BAD:
            return BAD
        return re.sub(r"\s+", "", str(v))

    def enum(self, row: _Row, name: str, aliases: dict[str, E], allowed: Sequence[str]) -> Any:
        v = self.text(row, name, required=True, what=f"one of: {', '.join(allowed)}")
        if v is BAD:
            return BAD
        found = aliases.get(_enum_key(v))
        if found is None:
            self.at(row, name, f"'{v}' is not a valid {name}", f"use one of: {', '.join(allowed)}")
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
            f"'{shown.normalize():f}%' is a percentage cell (stored as {v})",
            f"write {shown.normalize():f} in a cell formatted as Number; the satuan says %",
        )
        return True

    def nilai(self, row: _Row, name: str, *, allow_text: bool) -> Any:
        v = self.raw(row, name)
        if v is BAD or self._percent_cell(row, name, v):
            return BAD
        try:
            return parse_nilai(v, allow_text=allow_text)
        except NilaiError as err:
            if not allow_text and name == "realisasi" and _is_plain_text(v):
                self.at(
                    row,
                    name,
                    f"'{v}' is not a number",
                    "write a number; a text realisasi is allowed only when the target "
                    "is a text (e.g. WTP)",
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

    # -- Siklus --

    def _siklus(self, table: _Table | None) -> Siklus | None:
        if table is None or not table.complete:
            return None
        st = _SiklusState()
        for row in self._rows(table):
            self._siklus_row(row, st)

        periode: Periode | None = None
        if "periode" in st.values:
            value, row_no = st.values["periode"]
            try:
                periode = Periode.parse(value)
            except ValueError as err:
                self.add(
                    table.sheet,
                    row_no,
                    self._letter(table, "nilai"),
                    f"'{value}' is not a period",
                    f"write the period as YYYY-TWn, e.g. 2025-TW1 ({err})",
                )
        else:
            self.add(
                table.sheet,
                None,
                None,
                "kunci 'periode' is missing",
                "add a row: kunci periode, nilai e.g. 2025-TW1",
            )
        if periode is not None:
            for key, d, row_no in st.dates:
                if not periode.tahun - 1 <= d.year <= periode.tahun + 1:
                    self.add(
                        table.sheet,
                        row_no,
                        self._letter(table, "nilai"),
                        f"{key} {d:%d/%m/%Y} is far from the period {periode}",
                        f"write a date in {periode.tahun - 1}..{periode.tahun + 1}",
                    )
        if periode is None:
            return None

        tanggal: dict[str, date] = {}
        for key, (value, _row) in st.values.items():
            proc, _, name = key.rpartition(".")
            if name.startswith("tanggal_") and isinstance(value, date):
                short = name.removeprefix("tanggal_")
                tanggal[f"{proc}.{short}" if proc else short] = value
        agency = st.values.get("agency", ("", 0))[0]
        return Siklus(
            periode=periode,
            agency=agency,
            tanggal=tanggal,
            rapat=self._rapat(st),
            catatan="\n".join(st.catatan),
        )

    @staticmethod
    def _letter(table: _Table, name: str) -> str | None:
        idx = table.cols.get(name)
        return get_column_letter(idx) if idx else None

    def _siklus_row(self, row: _Row, st: _SiklusState) -> None:
        kunci = self.text(row, "kunci")
        value = self.raw(row, "nilai")
        if kunci is BAD or value is BAD:
            return
        if not kunci:
            self.at(row, "kunci", "a nilai without kunci", "write the kunci (e.g. periode)")
            return
        key = re.sub(r"[\s\-]+", "_", kunci.lower()).strip("_")
        if value is None:
            return  # not given: documents leave it blank
        proc, dot, name = key.partition(".")
        if not dot:
            proc, name = "", key
        elif proc not in self.procedures:
            self.at(
                row,
                "kunci",
                f"'{kunci}' has an unknown procedure prefix '{proc}.'",
                f"use {' or '.join(p + '.' for p in self.procedures)} or no prefix",
            )
            return
        elif not (name.startswith("tanggal_") or name.startswith("rapat_")):
            self.at(
                row,
                "kunci",
                f"'{kunci}': only tanggal_ and rapat_ keys take a prefix",
                f"write '{name}' without '{proc}.'",
            )
            return
        full = f"{proc}.{name}" if proc else name

        if name == "catatan":
            st.catatan.append(self._as_text(value))
            return
        if name in _RAPAT_LIST_KEYS:
            items = [s.strip() for s in self._as_text(value).split(";") if s.strip()]
            st.lists[full].extend(items)
            return

        if name in ("agency", "periode"):
            parsed: Any = self._as_text(value)
            if name == "agency":
                parsed = parsed.lower()
                if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", parsed):
                    self.at(
                        row,
                        "nilai",
                        f"agency '{value}' is not a slug",
                        "write the agency slug, e.g. dinsos-p3a-pessel (see naskah plugins)",
                    )
                    return
        elif name.startswith("tanggal_") and re.fullmatch(r"tanggal_[a-z0-9_]+", name):
            try:
                parsed = _parse_date(value)
            except ValueError:
                self.at(row, "nilai", f"{name} '{_shown(value)}' is not a date", _DATE_HINT)
                return
            st.dates.append((full, parsed, row.number))
        elif name in ("rapat_waktu_mulai", "rapat_waktu_selesai"):
            try:
                parsed = _parse_time(value)
            except ValueError:
                self.at(row, "nilai", f"{name} '{_shown(value)}' is not a time", _TIME_HINT)
                return
            if parsed is None:
                return
        elif name in RAPAT_KEYS:
            parsed = self._as_text(value)
        else:
            known = ", ".join(k for k in SIKLUS_KEYS if not k.startswith("tanggal_"))
            self.at(
                row,
                "kunci",
                f"unknown kunci '{kunci}'",
                f"use one of: {known}, or tanggal_<nama> for a date",
            )
            return
        if full in st.values:
            self.at(
                row,
                "kunci",
                f"kunci '{full}' is already given in row {st.values[full][1]}",
                "give each kunci once",
            )
            return
        st.values[full] = (parsed, row.number)

    @staticmethod
    def _as_text(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def _rapat(self, st: _SiklusState) -> dict[str, Rapat]:
        rapat: dict[str, Rapat] = {}
        for proc in self.procedures:

            def pick(name: str, proc: str = proc) -> Any:
                v = st.values.get(f"{proc}.{name}", st.values.get(name))
                return v[0] if v else None

            def pick_list(name: str, proc: str = proc) -> tuple[str, ...]:
                return tuple(st.lists.get(f"{proc}.{name}") or st.lists.get(name) or ())

            r = Rapat(
                tanggal=pick("tanggal_rapat"),
                waktu_mulai=pick("rapat_waktu_mulai"),
                waktu_selesai=pick("rapat_waktu_selesai"),
                tempat=pick("rapat_tempat") or "",
                acara=pick("rapat_acara") or "",
                pimpinan=pick("rapat_pimpinan") or "",
                pencatat=pick("rapat_pencatat") or "",
                pembahasan=pick_list("rapat_pembahasan"),
                keputusan=pick_list("rapat_keputusan"),
            )
            if r != Rapat():
                rapat[proc] = r
        return rapat

    # -- Indikator --

    def _indikator(
        self, table: _Table | None
    ) -> tuple[dict[str, _IndInfo] | None, dict[str, Indikator]]:
        """``info`` per kode written in the sheet (even rows with problems; ``None`` when the
        sheet cannot be read at all) and the indicators read without problems."""
        if table is None or "kode" not in table.cols:
            return None, {}
        info: dict[str, _IndInfo] = {}
        result: dict[str, Indikator] = {}
        for row in self._rows(table):
            before = len(self.problems)
            kode = self.kode(row)
            if kode is not BAD:
                if kode in info:
                    self.at(
                        row,
                        "kode",
                        f"kode '{kode}' is already used in row {info[kode].row}",
                        "give each indicator its own kode",
                    )
                    kode = BAD
                else:
                    info[kode] = _IndInfo(row.number, None, False)
            if not table.complete:
                continue
            level = self.enum(row, "level", LEVEL_ALIASES, [v.value for v in Level])
            uraian = self.text(row, "uraian")
            nama = self.text(row, "indikator", required=True, what="the indicator's name")
            jenis = self.enum(row, "jenis", JENIS_ALIASES, [v.value for v in Jenis])
            satuan = self.text(row, "satuan", required=True, what="the unit, e.g. %, Orang")
            polaritas = self.enum(row, "polaritas", POLARITAS_ALIASES, [v.value for v in Polaritas])
            agregasi = self.enum(row, "agregasi", AGREGASI_ALIASES, [v.value for v in Agregasi])
            bidang = self.text(row, "bidang", required=True, what="the responsible bidang")
            tahunan = self.target(row, "target_tahunan")
            tw: dict[int, Any] = {}
            for n in range(1, 5):
                t = self.target(row, f"target_tw{n}")
                if t is not None:
                    tw[n] = t
            pagu = self.rupiah(row, "pagu")

            if tahunan is None and any(t is not BAD for t in tw.values()):
                given = ", ".join(f"target_tw{n}" for n, t in tw.items() if t is not BAD)
                self.at(
                    row,
                    "target_tahunan",
                    f"{given} given but target_tahunan is empty",
                    "write the yearly target in target_tahunan",
                )
            if pagu not in (None, BAD) and level in (Level.TUJUAN, Level.SASARAN):
                self.at(
                    row,
                    "pagu",
                    f"pagu given for a {level.value}",
                    "give pagu on program, kegiatan or sub_kegiatan rows only",
                )
            targets = [tahunan, *tw.values()]
            if kode is not BAD:
                info[kode] = _IndInfo(
                    row.number,
                    agregasi if agregasi is not BAD else None,
                    any(isinstance(t, str) for t in targets),
                )
            if len(self.problems) > before or kode is BAD:
                continue
            result[kode] = Indikator(
                kode=kode,
                level=level,
                uraian=uraian,
                nama=nama,
                jenis=jenis,
                satuan=satuan,
                polaritas=polaritas,
                agregasi=agregasi,
                bidang=bidang,
                target_tahunan=tahunan,
                target_triwulan=tw,
                pagu=pagu,
                source_row=row.number,
            )
        return info, result

    # -- Realisasi --

    def _realisasi(
        self,
        table: _Table | None,
        info: dict[str, _IndInfo] | None,
        indikator: dict[str, Indikator],
        periode: Periode | None,
    ) -> tuple[Realisasi, ...]:
        if table is None or not table.complete:
            return ()
        entries: list[_RealRow] = []
        for row in self._rows(table):
            kode = self.kode(row)
            if kode is not BAD and info is not None and kode not in info:
                self.at(
                    row,
                    "kode",
                    f"kode '{kode}' is not in the Indikator sheet",
                    "use a kode listed in the Indikator sheet",
                )
                kode = BAD
            per = self._periode(row, periode)
            text_ok = info[kode].text_target if kode is not BAD and info else True
            nilai = self.nilai(row, "realisasi", allow_text=text_ok)
            anggaran = self.rupiah(row, "realisasi_anggaran")
            ket = self.raw(row, "keterangan")
            ket = "" if ket in (None, BAD) else str(ket).strip()
            if BAD in (kode, per, nilai, anggaran):
                continue
            if nilai is None and anggaran is None and not ket:
                continue  # kode and periode only: nothing reported yet
            monthly, index = per
            tw = (index - 1) // 3 + 1 if monthly else index
            entries.append(_RealRow(kode, monthly, index, tw, nilai, anggaran, ket, row.number))
        return self._fold(table, entries, indikator)

    def _periode(self, row: _Row, periode: Periode | None) -> Any:
        """``(monthly, index)``: ``(True, 1..12)`` for a month, ``(False, 1..4)`` for a TW."""
        v = self.raw(row, "periode")
        if v is BAD:
            return BAD
        if v is None:
            self.at(row, "periode", "periode is empty", _PERIODE_HINT)
            return BAD
        try:
            monthly, index, year = _parse_row_periode(v)
        except ValueError:
            self.at(row, "periode", f"'{_shown(v)}' is not a period", _PERIODE_HINT)
            return BAD
        if periode is not None:
            tw = (index - 1) // 3 + 1 if monthly else index
            if year is not None and year != periode.tahun:
                self.at(
                    row,
                    "periode",
                    f"'{_shown(v)}' is not in {periode.tahun}",
                    f"report realisasi of {periode.tahun} only (Siklus periode {periode})",
                )
                return BAD
            if tw > periode.triwulan:
                self.at(
                    row,
                    "periode",
                    f"'{_shown(v)}' is after the period {periode}",
                    f"remove it, or change periode in Siklus (now {periode})",
                )
                return BAD
        return monthly, index

    def _fold(
        self, table: _Table, entries: list[_RealRow], indikator: dict[str, Indikator]
    ) -> tuple[Realisasi, ...]:
        col = self._letter(table, "periode")
        groups: dict[tuple[str, int], list[_RealRow]] = defaultdict(list)
        seen: dict[tuple[str, bool, int], int] = {}
        for e in entries:
            k = (e.kode, e.monthly, e.index)
            if k in seen:
                what = BULAN[e.index - 1] if e.monthly else f"TW{e.index}"
                self.add(
                    table.sheet,
                    e.row,
                    col,
                    f"realisasi of kode '{e.kode}' for {what} is already given in row {seen[k]}",
                    "give each kode and periode once",
                )
                continue
            seen[k] = e.row
            groups[(e.kode, e.triwulan)].append(e)

        out: list[Realisasi] = []
        for (kode, tw), rows in groups.items():
            months = sorted((r for r in rows if r.monthly), key=lambda r: r.index)
            quarters = [r for r in rows if not r.monthly]
            if months and quarters:
                month_rows = ", ".join(str(r.row) for r in months)
                for q in quarters:
                    self.add(
                        table.sheet,
                        q.row,
                        col,
                        f"kode '{kode}' TW{tw} is given as a triwulan here and by month in "
                        f"rows {month_rows}",
                        "report either the months or the triwulan, not both",
                    )
                continue
            ind = indikator.get(kode)
            if ind is None:
                continue  # the indicator has problems of its own
            if quarters:
                q = quarters[0]
                out.append(Realisasi(kode, tw, q.nilai, q.anggaran, q.keterangan, q.row))
                continue
            anggaran = [m.anggaran for m in months if m.anggaran is not None]
            out.append(
                Realisasi(
                    kode=kode,
                    triwulan=tw,
                    nilai=aggregate([m.nilai for m in months], ind.agregasi),
                    realisasi_anggaran=sum(anggaran) if anggaran else None,
                    keterangan=_join_keterangan(months),
                    source_row=months[0].row,
                )
            )
        order = {k: i for i, k in enumerate(indikator)}
        return tuple(sorted(out, key=lambda r: (order[r.kode], r.triwulan)))

    # -- Pejabat --

    def _pejabat(self, table: _Table | None) -> tuple[Pejabat, ...]:
        if table is None or not table.complete:
            return ()
        out: list[Pejabat] = []
        seen: dict[str, int] = {}
        for row in self._rows(table):
            before = len(self.problems)
            peran = self.text(row, "peran", required=True, what="the role, e.g. kepala")
            jabatan = self.text(row, "jabatan", required=True, what="the jabatan")
            nama = self.text(row, "nama")
            pangkat = self.text(row, "pangkat")
            nip = self._nip(row)
            bidang = self.text(row, "bidang")
            if peran is not BAD:
                peran = re.sub(r"[\s\-]+", "_", peran.lower())
                if peran in _SINGLE_PERAN and peran in seen:
                    self.at(
                        row,
                        "peran",
                        f"peran '{peran}' is already given in row {seen[peran]}",
                        f"give one {peran}",
                    )
                seen.setdefault(peran, row.number)
            if len(self.problems) > before:
                continue
            out.append(Pejabat(jabatan=jabatan, nama=nama, pangkat=pangkat, nip=nip, peran=peran,
                               bidang=bidang))
        return tuple(out)

    def _nip(self, row: _Row) -> Any:
        v = self.raw(row, "nip")
        if v is BAD:
            return BAD
        if v is None:
            return ""
        expected = "write the 18 digits of the NIP (spaces allowed), in a cell formatted as Text"
        if isinstance(v, float):
            self.at(row, "nip", f"NIP {v:.0f} was stored as a number and has lost digits", expected)
            return BAD
        text = re.sub(r"^nip\s*[.:]?\s*", "", str(v).strip(), flags=re.IGNORECASE)
        if is_na(text):
            return ""
        digits = re.sub(r"\s+", "", text)
        if not digits.isdigit() or not digits.isascii():
            self.at(row, "nip", f"NIP '{v}' has characters other than digits and spaces", expected)
            return BAD
        if len(digits) != 18:
            self.at(row, "nip", f"NIP '{v}' has {len(digits)} digits", expected)
            return BAD
        return digits


# --- value parsers ------------------------------------------------------------------------------


def _join_keterangan(months: list[_RealRow]) -> str:
    """Keterangan of folded months: the text once if every month says the same, else
    ``Januari: …; Maret: …``."""
    notes = [(BULAN[m.index - 1], m.keterangan) for m in months if m.keterangan]
    if len({text for _, text in notes}) == 1 and len(notes) == len(months):
        return notes[0][1]
    return "; ".join(f"{bulan}: {text}" for bulan, text in notes)


def _shown(v: Any) -> str:
    if isinstance(v, datetime):
        return f"{v:%d/%m/%Y}"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _is_plain_text(v: Any) -> bool:
    return isinstance(v, str) and not re.search(r"\d", v)


def _parse_date(v: Any) -> date:
    """A date from an Excel date cell or text ``15/04/2025``, ``15-04-2025``, ``2025-04-15``,
    ``15 April 2025``, ``Selasa, 15 April 2025``. Day first. Raises ``ValueError``."""
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if not isinstance(v, str):
        raise ValueError(v)
    s = re.sub(r"\s+", " ", v.strip().lower())
    s = re.sub(rf"^{_HARI}\s*,?\s*", "", s)
    if m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", s):
        return date(int(m[3]), int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{1,2})[ \-]([a-z]+)\.?[ \-](\d{4})", s):
        bulan = _BULAN_ALIASES.get(m[2])
        if bulan is None:
            raise ValueError(v)
        return date(int(m[3]), bulan, int(m[1]))
    raise ValueError(v)


def _parse_time(v: Any) -> time | None:
    """A time from an Excel time cell or text ``09.00``, ``9:00``, ``09.00 WIB``; ``selesai``
    → ``None``. Raises ``ValueError``."""
    if isinstance(v, datetime):
        return v.time().replace(second=0, microsecond=0)
    if isinstance(v, time):
        return v.replace(second=0, microsecond=0)
    if not isinstance(v, str):
        raise ValueError(v)
    s = re.sub(r"\s*(wib|wita|wit)\.?$", "", v.strip().lower())
    if s in ("selesai", "s.d. selesai", "sampai selesai", "s/d selesai"):
        return None
    m = re.fullmatch(r"(\d{1,2})[.:](\d{2})", s)
    if not m:
        raise ValueError(v)
    return time(int(m[1]), int(m[2]))


def _parse_row_periode(v: Any) -> tuple[bool, int, int | None]:
    """``(monthly, index, year or None)`` of a Realisasi periode. Raises ``ValueError``."""
    if isinstance(v, datetime | date):
        return True, v.month, v.year
    if isinstance(v, bool):
        raise ValueError(v)
    if isinstance(v, int | float):
        if float(v).is_integer() and 1 <= v <= 12:
            return True, int(v), None
        raise ValueError(v)
    s = re.sub(r"\s+", " ", str(v).strip().lower())
    year: int | None = None
    if m := re.fullmatch(r"(\d{4})\s*-\s*(.+)", s):
        year, s = int(m[1]), m[2].strip()
    if m := re.fullmatch(r"(?:tw|triwulan|trw)\s*[-.]?\s*([1-4]|iv|iii|ii|i)", s):
        g = m[1]
        return False, int(g) if g.isdigit() else _ROMAN[g], year
    if re.fullmatch(r"\d{1,2}", s) and 1 <= int(s) <= 12:
        return True, int(s), year
    if m := re.fullmatch(r"(?:bulan\s+)?([a-z]+)(?:\s+(\d{4}))?", s):
        bulan = _BULAN_ALIASES.get(m[1])
        if bulan is not None:
            return True, bulan, int(m[2]) if m[2] else year
    raise ValueError(v)
