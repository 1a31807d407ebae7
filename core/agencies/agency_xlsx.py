"""An agency described as a workbook: the profile on a sheet, each SOP table on a sheet laid
out like the SOP AP table — the same data as an agency YAML file (:mod:`.declarative`).

``<agencies_dir>/<slug>.xlsx`` is read by the built-in declarative plugin next to the YAML
files; ``naskah agency new SLUG --form xlsx`` writes one to start from (:func:`write_workbook`),
``naskah agency import SOP.docx --form xlsx`` one with the tables of the agency's SOP document.

Sheets:

- ``Profil``: columns ``kunci | nilai | keterangan``; a key is a YAML key path (``nama``,
  ``kepala.nip``, ``sop.tanggal_efektif``, ``sop.lembar_kerja.ruang_lingkup``); a list key
  (``bidang``, ``dasar_hukum`` …) takes one item per line of its cell, or one per row with the
  key repeated. A NIP typed as a number is refused: Excel keeps 15 significant digits, an
  18-digit NIP loses its last ones (format the cell as Text);
- one sheet per procedure, named by its slug (``pengumpulan``, ``pengukuran`` …), the table as
  the SOP prints it (:mod:`.sop_import` reads its header: "No", "Uraian Prosedur <judul>", one
  column per pelaksana, "Kelengkapan", "Waktu", "Output", "Keterangan") plus the columns naskah
  needs that the SOP draws: "Dokumen" (``nota_dinas``, ``kind:variant``, ``… per bidang``,
  ``-`` none, empty: read from the Output), "Keputusan" (the question), "Ya" and "Tidak" (the
  steps a decision goes to). A mark (any text) in a pelaksana column makes it a pelaksana of
  the step. An optional first row holding only a title is the table's own title
  (``judul_tabel``);
- ``Petunjuk``: how to fill it (and an import's notes); not read.

Problems name the file, the cell and the key path, e.g. ``dinkes.xlsx: pengumpulan!F7
(prosedur[0].langkah[4].waktu): '5 detik' …``; then the cross-checks of ``naskah plugins``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from naskah.agencies.declarative import (
    AgencyFile,
    AgencyFileError,
    agency_as_dict,
    agency_from_data,
)
from naskah.agencies.sop_import import _is_number_row, _layout
from naskah.i18n import _
from naskah.model import AgencyProfile, Procedure

SUFFIX = ".xlsx"
PROFILE_SHEET = "Profil"
GUIDE_SHEET = "Petunjuk"
INPUT_SHEET = "Siklus"
"""A sheet of naskah's input workbook (docs/input-format.md): a workbook with it and no Profil
sheet is a cycle's data kept in the same folder, not an agency (:class:`NotAnAgencyWorkbook`)."""
LIST_KEYS = {
    "jenis_indikator", "bidang", "persyaratan", "dokumen_pelengkap", "dasar_hukum",
    "sop.kualifikasi_pelaksana", "sop.keterkaitan", "sop.peralatan", "sop.peringatan",
    "sop.pencatatan", "sop.lembar_kerja.langkah",
}  # fmt: skip
EXTRA = {"dokumen": "Dokumen", "pertanyaan": "Keputusan", "ya": "Ya", "tidak": "Tidak"}
"""The columns after the SOP's own, by role: Indonesian in every language, like the keys of an
agency YAML file (the file is data, not a message)."""


class NotAnAgencyWorkbook(Exception):  # noqa: N818 - a signal, not an error
    """``path`` is an input workbook of a cycle (a Siklus sheet, no Profil sheet): the folder
    of agency files holds it, the declarative plugin leaves it alone."""


# --- reading -------------------------------------------------------------------------------------


def _cell_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _grid(ws) -> list[list[Any]]:
    """The sheet's values per row and column, a merged range's value in each of its cells."""
    grid = [[_cell_value(c) for c in row] for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = value
    return grid


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _set(raw: dict[str, Any], key: str, value: Any) -> None:
    *parents, last = key.split(".")
    node = raw
    for part in parents:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            return
    node[last] = value


def _profile(ws, raw: dict[str, Any], cells: dict[str, str], problems: list[str], path) -> None:
    for i, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        key, value = _text(row[0] if row else None), _cell_value(row[1] if len(row) > 1 else None)
        if not key:
            continue
        cells.setdefault(key, f"{PROFILE_SHEET}!B{i}")
        if key.endswith(".nip") and isinstance(value, int | float) and not isinstance(value, bool):
            problems.append(f"{path}: {PROFILE_SHEET}!B{i} ({key}): " + _(
                "the NIP is a number: Excel keeps only 15 digits of it; format the cell as Text "
                "and type the 18 digits again"))  # fmt: skip
            continue
        if key in LIST_KEYS:
            items = [line.strip() for line in _text(value).splitlines() if line.strip()]
            node = raw
            for part in key.split(".")[:-1]:
                node = node.setdefault(part, {})
            node.setdefault(key.split(".")[-1], []).extend(items)
        elif key.startswith("sop.tanggal_") and isinstance(value, int):
            from openpyxl.utils.datetime import from_excel  # a date cell formatted as a number

            _set(raw, key, from_excel(value).date())
        elif isinstance(value, datetime | date) or key == "tahun_sop":
            _set(raw, key, value.date() if isinstance(value, datetime) else value)
        else:
            _set(raw, key, "" if value is None else str(value))


def _dokumen(text: str) -> list[Any] | None:
    if not text:
        return None
    if text == "-":
        return []
    out: list[Any] = []
    for item in re.split(r"[\n,;]+", text):
        item = item.strip()
        if not item:
            continue
        per_bidang = bool(re.search(r"\s+per\s+bidang$", item, re.I))
        item = re.sub(r"\s+per\s+bidang$", "", item, flags=re.I)
        jenis, _sep, varian = item.partition(":")
        out.append({"jenis": jenis.strip(), "varian": varian.strip(), "per_bidang": per_bidang})
    return out


def _procedure(ws, index: int, cells: dict[str, str], problems: list[str], path) -> dict | None:
    grid = [[_text(v) for v in row] for row in _grid(ws)]
    heading = ""
    if grid and sum(1 for c in grid[0] if c) == 1 and not re.fullmatch(r"no\.?", grid[0][0], re.I):
        heading, grid = next(c for c in grid[0] if c), grid[1:]
        offset = 2
    else:
        offset = 1
    layout = _layout(grid, heading)
    key = f"prosedur[{index}]"
    cells[key] = f"{ws.title}!A1"
    if layout is None:
        problems.append(f"{path}: {ws.title}!A1 ({key}): " + _(
            "no SOP table: the header needs 'No' and 'Uraian Prosedur' cells and a first "
            "numbered step below it"))  # fmt: skip
        return None
    lowered = [[c.casefold() for c in row] for row in grid[:layout.first_row]]

    def column(*words: str) -> int | None:
        names = {w.casefold() for w in words}
        return next((j for j in range(layout.width) if any(r[j] in names for r in lowered)), None)

    extra = {role: column(word) for role, word in EXTRA.items()}
    cells[f"{key}.judul"] = f"{ws.title}!{_col(layout.uraian)}{offset}"
    first_executor = layout.executors[0] if layout.executors else layout.uraian + 1
    cells[f"{key}.pelaksana"] = f"{ws.title}!{_col(first_executor)}{offset + 1}"
    steps = []
    for r, row in enumerate(grid[layout.first_row:], start=layout.first_row + offset):
        if not any(row) or _is_number_row(row):
            continue
        j = len(steps)
        step_key = f"{key}.langkah[{j}]"
        no = row[layout.no].rstrip(".")
        cells[step_key] = cells[f"{step_key}.no"] = f"{ws.title}!{_col(layout.no)}{r}"
        for field, col in (("uraian", layout.uraian), ("kelengkapan", layout.kelengkapan),
                           ("waktu", layout.waktu), ("output", layout.output),
                           ("keterangan", layout.ket), ("dokumen", extra["dokumen"]),
                           ("keputusan", extra["ya"]), ("keputusan.ya", extra["ya"]),
                           ("keputusan.tidak", extra["tidak"]),
                           ("keputusan.pertanyaan", extra["pertanyaan"])):  # fmt: skip
            if col is not None:
                cells[f"{step_key}.{field}"] = f"{ws.title}!{_col(col)}{r}"
        step: dict[str, Any] = {
            "no": int(no) if no.isdigit() else no,
            "uraian": " ".join(row[layout.uraian].split()),
            "pelaksana": _pelaksana(layout, row),
        }  # fmt: skip
        if layout.kelengkapan is not None:
            step["kelengkapan"] = [x.strip() for x in row[layout.kelengkapan].splitlines()
                                   if x.strip()]  # fmt: skip
        if layout.waktu is not None:
            waktu = row[layout.waktu]
            step["waktu"] = f"{waktu} {layout.unit}" if waktu.isdigit() else waktu
        for field, col in (("output", layout.output), ("keterangan", layout.ket)):
            if col is not None:
                step[field] = " ".join(row[col].split())
        if extra["dokumen"] is not None:
            dokumen = _dokumen(row[extra["dokumen"]])
            if dokumen is not None:
                step["dokumen"] = dokumen
        ya, tidak = (row[extra[k]] if extra[k] is not None else "" for k in ("ya", "tidak"))
        if ya or tidak:
            step["keputusan"] = {k: v for k, v in (("ya", ya), ("tidak", tidak)) if v}
            if extra["pertanyaan"] is not None:
                step["keputusan"]["pertanyaan"] = row[extra["pertanyaan"]]
        steps.append(step)
    names = [n for n in layout.names if n]
    judul = layout.title if not layout.title_is_heading else ""
    if not (judul or heading):
        problems.append(f"{path}: {cells[f'{key}.judul']} ({key}.judul): " + _(
            "the procedure has no title: write it in the Uraian header, e.g. 'Uraian Prosedur "
            "Pengumpulan Data Kinerja'"))  # fmt: skip
    return {"slug": ws.title, "judul": judul or heading, "pelaksana": names, "langkah": steps,
            **({"judul_tabel": heading} if heading else {})}  # fmt: skip


def _pelaksana(layout, row: list[str]) -> list[str]:
    """The columns marked in ``row``, in column order, or in the order of the numbers written
    as marks (``1`` the step's main pelaksana — the flowchart's symbol —, ``2`` … its
    companions)."""
    marked = [(row[c], i, n) for i, (c, n) in enumerate(zip(layout.executors, layout.names,
                                                            strict=True)) if row[c] and n]
    marked.sort(key=lambda m: (int(m[0]), m[1]) if m[0].isdigit() else (10**6, m[1]))
    return [n for _mark, _i, n in marked]


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def read_agency_workbook(path: Path) -> AgencyFile:
    """Read and validate the agency workbook ``path`` (see the module docstring).

    :raises AgencyFileError: unreadable, no Profil sheet, no SOP table, every problem of the
        data located by cell and key path.
    :raises NotAnAgencyWorkbook: an input workbook (Siklus sheet, no Profil sheet)."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a bad package
        raise AgencyFileError([f"{path}: " + _("not a readable XLSX workbook ({error})",
                                               error=type(exc).__name__)]) from None  # fmt: skip
    if PROFILE_SHEET not in wb.sheetnames and INPUT_SHEET in wb.sheetnames:
        raise NotAnAgencyWorkbook(path)
    if PROFILE_SHEET not in wb.sheetnames:
        raise AgencyFileError([f"{path}: " + _("no sheet {name!r} (the profile: kunci | nilai)",
                                               name=PROFILE_SHEET)])  # fmt: skip
    raw: dict[str, Any] = {}
    cells: dict[str, str] = {}
    problems: list[str] = []
    _profile(wb[PROFILE_SHEET], raw, cells, problems, path)
    tables = [ws for ws in wb.worksheets if ws.title not in (PROFILE_SHEET, GUIDE_SHEET)]
    raw["prosedur"] = [p for i, ws in enumerate(tables)
                       if (p := _procedure(ws, i, cells, problems, path)) is not None]  # fmt: skip

    def where(key: str) -> str:
        """The cell of ``key`` or of the nearest key above it (``prosedur[0].langkah[3]``)."""
        probe = key
        while probe not in cells:
            shorter = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
            if shorter == probe:
                return key
            probe = shorter
        return f"{cells[probe]} ({key})"

    try:
        file = agency_from_data(raw, path, where)
    except AgencyFileError as exc:
        raise AgencyFileError([*problems, *exc.problems]) from None
    if problems:  # the workbook's own problems (a NIP typed as a number, a sheet without table)
        raise AgencyFileError(problems)
    return file


# --- writing -------------------------------------------------------------------------------------


def write_workbook(profile: AgencyProfile, procedures: tuple[Procedure, ...] | list[Procedure],
                   target: Path, guide: list[str]) -> Path:  # fmt: skip
    """Write ``profile`` and ``procedures`` as an agency workbook at ``target``
    (:func:`read_agency_workbook` reads it back to the same data); ``guide``: lines of the
    Petunjuk sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    data = agency_as_dict(profile, procedures)
    wb = Workbook()
    ws = wb.active
    ws.title = GUIDE_SHEET
    for line in guide:
        ws.append([line])
    ws.column_dimensions["A"].width = 120
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    pr = wb.create_sheet(PROFILE_SHEET)
    pr.append(["kunci", "nilai", "keterangan"])
    for cell in pr[1]:
        cell.font = bold
    for key, value in _flat(data):
        pr.append([key, value])
        # Dates as dates; everything else as text (a NIP keeps its 18 digits).
        pr.cell(pr.max_row, 2).number_format = (
            "yyyy-mm-dd" if key.startswith("sop.tanggal_") else "@")  # fmt: skip
        pr.cell(pr.max_row, 2).alignment = wrap
    pr.column_dimensions["A"].width, pr.column_dimensions["B"].width = 34, 80
    for proc in data["prosedur"]:
        _table_sheet(wb.create_sheet(proc["slug"]), proc, bold, wrap)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def _flat(data: dict[str, Any], prefix: str = ""):
    for key, value in data.items():
        full = f"{prefix}{key}"
        if key == "prosedur" and not prefix:
            continue
        if isinstance(value, dict):
            yield from _flat(value, f"{full}.")
        elif isinstance(value, list):
            yield full, "\n".join(str(v) for v in value)
        else:
            yield full, "" if value is None else value


def _table_sheet(ws, proc: dict[str, Any], bold, wrap) -> None:
    names = proc["pelaksana"]
    n = len(names)
    top = 1
    if proc.get("judul_tabel"):
        ws.append([proc["judul_tabel"]])
        ws.cell(1, 1).font = bold
        top = 2
    head1 = ["No", f"Uraian Prosedur {proc['judul']}", "Pelaksana", *[""] * (n - 1), "Mutu Baku",
             "", "", "Keterangan", *EXTRA.values()]  # fmt: skip
    head2 = ["", "", *names, "Kelengkapan", "Waktu", "Output"]
    ws.append(head1)
    ws.append(head2)
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    ws.merge_cells(start_row=top, start_column=2, end_row=top + 1, end_column=2)
    ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=2 + n)
    ws.merge_cells(start_row=top, start_column=3 + n, end_row=top, end_column=5 + n)
    for col in range(6 + n, 11 + n):
        ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    for row in ws.iter_rows(min_row=top, max_row=top + 1):
        for cell in row:
            cell.font, cell.alignment = bold, wrap
    for step in proc["langkah"]:
        keputusan = step.get("keputusan") or {}
        dokumen = step.get("dokumen")
        order = step["pelaksana"]
        numbered = len(order) > 1 and order != [p for p in names if p in order]
        marks = ((str(order.index(p) + 1) if numbered else "\u221a") if p in order else ""
                 for p in names)  # fmt: skip
        ws.append([
            step["no"], step["uraian"], *marks,
            "\n".join(step["kelengkapan"]), step["waktu"], step["output"],
            step.get("keterangan", ""),
            "" if dokumen is None else "\n".join(_dokumen_text(d) for d in dokumen) or "-",
            keputusan.get("pertanyaan", ""), keputusan.get("ya", ""), keputusan.get("tidak", ""),
        ])  # fmt: skip
        for cell in ws[ws.max_row]:
            cell.alignment = wrap
    ws.column_dimensions["B"].width = 48
    for j in range(n):
        ws.column_dimensions[_col(2 + j)].width = 11
    for j, width in ((2 + n, 28), (3 + n, 10), (4 + n, 26), (5 + n, 18), (6 + n, 26)):
        ws.column_dimensions[_col(j)].width = width


def _dokumen_text(d: Any) -> str:
    if isinstance(d, str):
        return d
    text = f"{d['jenis']}:{d['varian']}" if d.get("varian") else d["jenis"]
    return f"{text} per bidang" if d.get("per_bidang") else text
