"""Limits of the input workbook and the checks made before openpyxl opens it.

A workbook comes from users and may be hostile or broken: an encrypted file, a zip whose
members unpack to hundreds of megabytes, a stray cell in the last row of a sheet, a million
rows, a text of 100,000 characters. Reading stays bounded in time and memory:

- :func:`check_container` looks at the file before openpyxl does: a password-protected
  (encrypted OOXML, an OLE2 container with an ``EncryptionInfo`` stream) or old ``.xls`` file is
  named as such; the unpacked size of the zip members openpyxl reads when it opens a workbook
  (everything except the worksheets) is capped at :data:`MAX_UNPACKED_BYTES`;
- :func:`check_sheet_member` caps the unpacked size of each worksheet actually read
  (:data:`MAX_SHEET_BYTES`); sheets naskah ignores are never opened;
- :data:`MAX_DATA_ROWS` caps the filled rows read from a sheet, :data:`MAX_TEXT_CHARS` and
  :data:`COLUMN_MAX_CHARS` the length of one cell's text.

The limits are far above real workbooks (the examples: 19 indicators, 35 realisasi rows, a few
kilobytes unpacked) and far below what makes the reader slow: see ``docs/deployment.md``.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from naskah.i18n import _

__all__ = [
    "COLUMN_MAX_CHARS",
    "MAX_DATA_ROWS",
    "MAX_PROBLEMS",
    "MAX_SHEET_BYTES",
    "MAX_TEXT_CHARS",
    "MAX_UNPACKED_BYTES",
    "ContainerProblem",
    "check_container",
    "check_sheet_member",
    "filled_rows",
    "without_ignored_sheets",
    "invisible",
    "shown_invisible",
]

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
"""Unpacked bytes of the zip members other than worksheets (shared strings, styles, …)."""
MAX_SHEET_BYTES = 100 * 1024 * 1024
"""Unpacked bytes of one worksheet that is read (Siklus, Indikator, Realisasi, Pejabat)."""
MAX_DATA_ROWS = 5000
"""Filled rows read from one sheet (below its header row)."""
MAX_PROBLEMS = 100
"""Problems listed at most (one more line counts the rest)."""
MAX_TEXT_CHARS = 5000
"""Characters of one text cell (uraian, keterangan, catatan …)."""
COLUMN_MAX_CHARS: dict[str, int] = {
    "kode": 60,
    "bidang": 150,  # part of archived file names (slug): must stay far below 255 bytes
    "satuan": 60,
    "periode": 60,
    "peran": 60,
    "nip": 60,
    "kunci": 100,
}
"""Tighter limits of short columns; others use :data:`MAX_TEXT_CHARS`."""

_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ContainerProblem(Exception):
    """The file cannot be opened as a workbook: ``found`` and ``expected`` fill a
    :class:`naskah.model.Problem` naming the file only."""

    def __init__(self, found: str, expected: str) -> None:
        super().__init__(f"{found}; {expected}")
        self.found = found
        self.expected = expected


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def _is_worksheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def check_container(path: Path) -> None:
    """Check ``path`` before openpyxl opens it.

    :raises ContainerProblem: password-protected; an old ``.xls`` (OLE2) file; not a zip; the
        non-worksheet members unpack to more than :data:`MAX_UNPACKED_BYTES`.
    """
    name = path.name
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE2_SIGNATURE:
        if _encrypted(path):
            raise ContainerProblem(
                _("'{file}' is protected with a password", file=name),
                _("remove the password (in Excel: File > Info > Protect Workbook > Encrypt "
                  "with Password, empty the password), save and try again"),
            )
        raise ContainerProblem(
            _("'{file}' is an old Excel 97-2003 workbook (.xls)", file=name),
            _("save it as an Excel Workbook (.xlsx) and try again"),
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ContainerProblem(
            _("'{file}' is not a readable Excel workbook", file=name),
            _("save it as an Excel Workbook (.xlsx) and try again"),
        ) from None
    unpacked = sum(i.file_size for i in infos if not _is_worksheet(i.filename))
    if unpacked > MAX_UNPACKED_BYTES:
        raise ContainerProblem(
            _("'{file}' unpacks to {size} of text and styles (at most {limit} are read)",
              file=name, size=_mb(unpacked), limit=_mb(MAX_UNPACKED_BYTES)),
            _("copy only the sheets naskah reads into a new workbook (see the input template) "
              "and try again"),
        )


def check_sheet_member(zf: zipfile.ZipFile, member: str, sheet: str) -> str | None:
    """``None`` if the worksheet ``member`` (``xl/worksheets/sheet3.xml``) of sheet ``sheet``
    is small enough to read, else the problem (an English id translated with :func:`_`)."""
    try:
        size = zf.getinfo(member).file_size
    except KeyError:
        return None  # openpyxl reports a missing member itself
    if size <= MAX_SHEET_BYTES:
        return None
    return _("sheet {sheet} unpacks to {size} (at most {limit} are read)",
             sheet=sheet, size=_mb(size), limit=_mb(MAX_SHEET_BYTES))


def _encrypted(path: Path) -> bool:
    """Whether the OLE2 file ``path`` is an encrypted OOXML package (``EncryptionInfo``)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            return ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage")
    except OSError:
        return False


def invisible(text: str) -> list[str]:
    """The invisible characters of ``text`` (format and control characters: zero-width
    space U+200B, soft hyphen, BOM …), as ``U+200B`` codes, each once, in order."""
    seen: list[str] = []
    for ch in text:
        if unicodedata.category(ch) in ("Cf", "Cc") and ch not in "\t\n\r":
            code = f"U+{ord(ch):04X}"
            if code not in seen:
                seen.append(code)
    return seen


def shown_invisible(text: str) -> str:
    """``text`` with every invisible character written as an escape (``T.1\\u200b``), so that a
    message shows it."""
    out = []
    for ch in text:
        if unicodedata.category(ch) in ("Cf", "Cc") and ch not in "\t\n\r":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)
_BIG_MEMBER = 256 * 1024


def without_ignored_sheets(path: Path, wanted: Callable[[str], bool]) -> Path | io.BytesIO:
    """``path``, or an in-memory copy of it in which the big worksheets (> 256 KB unpacked) of
    the sheets naskah does not read (``wanted(title)`` false) are empty.

    openpyxl opens every worksheet when it loads a workbook, even read-only, to look for its
    size (``<dimension>``); without one it parses the whole sheet: a million rows in the
    ignored ``Petunjuk`` sheet cost minutes. The copy keeps the sheet names, order and
    visibility. On any doubt the file is returned as it is (openpyxl then reports it)."""
    try:
        from openpyxl.reader.excel import ExcelReader, _find_workbook_part
        from openpyxl.reader.workbook import WorkbookParser

        reader = ExcelReader(str(path), read_only=True)
        try:
            reader.read_manifest()
            part = _find_workbook_part(reader.package)
            parser = WorkbookParser(reader.archive, part.PartName[1:])
            parser.parse()
            drop = set()
            for sheet, rel in parser.find_sheets():
                target = rel.target.lstrip("/")
                info = reader.archive.getinfo(target)
                if not wanted(sheet.name) and info.file_size > _BIG_MEMBER:
                    drop.add(target)
            if not drop:
                return path
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
                for info in reader.archive.infolist():
                    if info.filename in drop:
                        dst.writestr(info.filename, _EMPTY_SHEET)
                    else:
                        dst.writestr(info, reader.archive.read(info.filename))
            out.seek(0)
            return out
        finally:
            reader.archive.close()
    except Exception:  # not a workbook openpyxl understands: it says so when it loads it
        return path


def filled_rows(ws: Any, min_row: int, max_col: int) -> Iterator[tuple[int, tuple]]:
    """``(row number, cells)`` of the rows written in the read-only worksheet ``ws`` from
    ``min_row`` on, ``cells`` padded to ``max_col`` columns (``EMPTY_CELL`` where nothing is).

    Unlike ``ws.iter_rows`` the rows missing between two written rows are skipped, not made:
    a stray cell in row 1,048,576 costs one row, not a million. Mirrors openpyxl's
    ``ReadOnlyWorksheet._cells_by_row`` (openpyxl 3.1)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = ws.parent
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=wb.data_only,
                                 epoch=wb.epoch, date_formats=wb._date_formats,
                                 timedelta_formats=wb._timedelta_formats)
        for idx, row in parser.parse():
            if idx >= min_row:
                yield idx, ws._get_row(row, 1, max_col)
