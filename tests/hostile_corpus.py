"""A corpus of malformed workbooks, generated from the example with openpyxl (and, where a
workbook must be bigger or stranger than openpyxl writes, by rewriting the zip).

Each :class:`Case` makes one workbook from the example and says what must happen: refused
with a problem at ``where`` (sheet, row, column letter; ``ANY`` where it does not matter), or
accepted (``where=None``). ``seconds`` and ``mb`` bound the time and the traced peak memory
of reading it. Used by ``tests/test_hostile_workbooks.py``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dinsos-p3a-pessel-2025-TW1.xlsx"
AGENCY = "dinsos-p3a-pessel"

ANY = object()

Mutate = Callable[[openpyxl.Workbook], None]
Build = Callable[[Path], None]


@dataclass
class Case:
    id: str
    where: tuple[str, object, object] | None  # (sheet, row, column) of a problem; None: accepted
    mutate: Mutate | None = None
    build: Build | None = None  # writes the workbook itself (instead of mutate)
    seconds: float = 5.0
    mb: float = 64.0

    def write(self, path: Path) -> Path:
        if self.build is not None:
            self.build(path)
            return path
        wb = openpyxl.load_workbook(EXAMPLE)
        if self.mutate is not None:
            self.mutate(wb)
        wb.save(path)
        return path


def put(sheet: str, coord: str, value: object) -> Mutate:
    def mutate(wb: openpyxl.Workbook) -> None:
        wb[sheet][coord] = value

    return mutate


def chain(*steps: Mutate) -> Mutate:
    def mutate(wb: openpyxl.Workbook) -> None:
        for step in steps:
            step(wb)

    return mutate


# --- cell values ------------------------------------------------------------------------------

HUGE_40 = 10**40 + 7
DIGITS_5000 = "9" * 5000
# (label, value): numbers that must be refused in any numeric column
BAD_NUMBERS: list[tuple[str, object]] = [
    ("int40", HUGE_40),
    ("text40", "1" * 40),
    ("text5000", DIGITS_5000),
    ("float1e300", 1e300),
    ("float1e-30", 1e-30),
    ("text30digits", "123456789012345678901234567890"),
    ("percent", "85%"),
    ("commas", "1,5,0"),
    ("decimal_after_comma", "1,000.5"),
    ("date", "=DATE(2025,1,1)"),  # a formula without a saved result
    ("ref_error", "#REF!"),
    ("div_error", "#DIV/0!"),
]
# Indikator row 9 (1.06.04.2.01.0001, sub_kegiatan): J target_tahunan, K..N target_tw1..4,
# O..P target_s1..2, Q pagu (tests/test_hostile_workbooks.py checks these letters)
INDIKATOR_NUMERIC = {"J": 9, "K": 9, "L": 9, "M": 9, "N": 9, "O": 9, "P": 9}
PAGU = "Q"
# Realisasi row 13 (1.06.02.2.03.0014 TW1): C realisasi, D realisasi_anggaran
REALISASI_NUMERIC = {"C": 13, "D": 13}

RUPIAH_ONLY = [("negative", -5), ("sen", "1.000,50"), ("words", "banyak"), ("percent10", "10%")]

LONG = "x" * 100_000


def _numeric_cases() -> list[Case]:
    cases = []
    for col, row in INDIKATOR_NUMERIC.items():
        for label, value in BAD_NUMBERS:
            cases.append(Case(f"indikator-{col}{row}-{label}", ("Indikator", row, col),
                              put("Indikator", f"{col}{row}", value)))
    for label, value in BAD_NUMBERS + RUPIAH_ONLY:
        cases.append(Case(f"indikator-pagu-{label}", ("Indikator", 9, PAGU),
                          put("Indikator", f"{PAGU}9", value)))
    for col, row in REALISASI_NUMERIC.items():
        values = BAD_NUMBERS + ([("text", "banyak")] if col == "C" else RUPIAH_ONLY)
        for label, value in values:
            cases.append(Case(f"realisasi-{col}{row}-{label}", ("Realisasi", row, col),
                              put("Realisasi", f"{col}{row}", value)))
    return cases


def _text_cases() -> list[Case]:
    cells = [
        ("Indikator", "C9"), ("Indikator", "D9"), ("Indikator", "F9"), ("Indikator", "I9"),
        ("Indikator", "A9"), ("Realisasi", "E13"), ("Realisasi", "A13"), ("Realisasi", "B13"),
        ("Pejabat", "B2"), ("Pejabat", "C2"), ("Pejabat", "D2"), ("Pejabat", "F6"),
        ("Siklus", "B4"), ("Siklus", "A2"),
    ]
    cases = []
    for sheet, coord in cells:
        col, row = coord[0], int(coord[1:])
        cases.append(Case(f"long-{sheet}-{coord}", (sheet, row, col), put(sheet, coord, LONG)))
    # a bidang just over its limit (it becomes part of file names)
    cases.append(Case("bidang-151", ("Indikator", 9, "I"), put("Indikator", "I9", "B" * 151)))
    return cases


INVISIBLE = [("zwsp", "\u200b"), ("bom", "\ufeff"), ("shy", "\u00ad"), ("zwj", "\u200d"),
             ("word-joiner", "\u2060")]


def _kode_cases() -> list[Case]:
    cases = []
    for label, ch in INVISIBLE:
        cases.append(Case(f"kode-indikator-{label}", ("Indikator", 9, "A"),
                          put("Indikator", "A9", f"1.06.04.2.01{ch}.0001")))
        cases.append(Case(f"kode-realisasi-{label}", ("Realisasi", 13, "A"),
                          put("Realisasi", "A13", f"1.06.02.2.03.0014{ch}")))
    cases += [
        Case("kode-number", ("Indikator", 9, "A"), put("Indikator", "A9", 1.06)),
        Case("kode-empty", ("Indikator", 9, "A"), put("Indikator", "A9", None)),
        Case("kode-duplicate", ("Indikator", 10, "A"),
             put("Indikator", "A10", "1.06.04.2.01.0001")),
        Case("kode-unknown-in-realisasi", ("Realisasi", 13, "A"),
             put("Realisasi", "A13", "9.99.99")),
        Case("kode-error", ("Indikator", 9, "A"), put("Indikator", "A9", "#N/A")),
    ]
    return cases


def _enum_cases() -> list[Case]:
    cases = []
    for col, name in (("B", "level"), ("E", "jenis"), ("G", "polaritas"), ("H", "agregasi")):
        for label, value in (("unknown", "xyz"), ("empty", None), ("number", 5),
                             ("template", "{{ 7*7 }}")):
            cases.append(Case(f"{name}-{label}", ("Indikator", 9, col),
                              put("Indikator", f"{col}9", value)))
    return cases


def _periode_cases() -> list[Case]:
    cases = []
    for label, value in (("tw5", "TW5"), ("month13", 13), ("other-year", "2024-TW1"),
                         ("empty", None), ("after", "TW3"), ("text", "kemarin"),
                         ("zero", 0), ("negative", -1)):
        cases.append(Case(f"realisasi-periode-{label}", ("Realisasi", 13, "B"),
                          put("Realisasi", "B13", value)))
    cases.append(Case("realisasi-periode-twice", ("Realisasi", 5, "B"),
                      put("Realisasi", "B5", "Februari")))
    return cases


def _siklus_cases() -> list[Case]:
    return [
        Case("siklus-periode-empty", ("Siklus", ANY, ANY), put("Siklus", "B3", None)),
        Case("siklus-periode-tw9", ("Siklus", 3, "B"), put("Siklus", "B3", "2025-TW9")),
        Case("siklus-periode-text", ("Siklus", 3, "B"), put("Siklus", "B3", "triwulan satu")),
        Case("siklus-periode-twice", ("Siklus", 4, "A"), put("Siklus", "A4", "periode")),
        Case("siklus-unknown-kunci", ("Siklus", 4, "A"), put("Siklus", "A4", "warna")),
        Case("siklus-bad-date", ("Siklus", 6, "B"), put("Siklus", "B6", "32/13/2025")),
        Case("siklus-far-date", ("Siklus", 6, "B"), put("Siklus", "B6", "08/04/1999")),
        Case("siklus-bad-prefix", ("Siklus", 6, "A"),
             put("Siklus", "A6", "rahasia.tanggal_nota_dinas")),
        Case("siklus-bad-agency", ("Siklus", 2, "B"), put("Siklus", "B2", "Dinas Sosial!")),
        Case("siklus-bad-time", ("Siklus", 19, "B"), put("Siklus", "B19", "jam sembilan")),
        Case("siklus-nilai-error", ("Siklus", 6, "B"), put("Siklus", "B6", "#VALUE!")),
        Case("siklus-kunci-empty", ("Siklus", 6, "A"), put("Siklus", "A6", None)),
    ]


def _pejabat_cases() -> list[Case]:
    return [
        Case("nip-number", ("Pejabat", 2, "E"), put("Pejabat", "E2", 198305232002121001)),
        Case("nip-17-digits", ("Pejabat", 2, "E"), put("Pejabat", "E2", "19830523 200212 1 00")),
        Case("nip-letters", ("Pejabat", 2, "E"), put("Pejabat", "E2", "1983O523 200212 1 001")),
        Case("nip-zwsp", ("Pejabat", 2, "E"), put("Pejabat", "E2", "19830523\u200b200212 1 001")),
        Case("peran-empty", ("Pejabat", 2, "A"), put("Pejabat", "A2", None)),
        Case("jabatan-empty", ("Pejabat", 2, "B"), put("Pejabat", "B2", None)),
        Case("kepala-twice", ("Pejabat", 3, "A"), put("Pejabat", "A3", "kepala")),
    ]


# --- structure --------------------------------------------------------------------------------


def _delete(sheet: str) -> Mutate:
    def mutate(wb: openpyxl.Workbook) -> None:
        del wb[sheet]

    return mutate


def _header(sheet: str, coord: str, value: object) -> Mutate:
    return put(sheet, coord, value)


def _hidden_twin(wb: openpyxl.Workbook) -> None:
    """A hidden ``indikator_`` with other data next to the visible ``Indikator``."""
    twin = wb.copy_worksheet(wb["Indikator"])
    twin.title = "indikator_"
    twin.sheet_state = "hidden"
    for row in range(2, twin.max_row + 1):
        twin[f"D{row}"] = "DARI SHEET TERSEMBUNYI"


def _visible_twin(wb: openpyxl.Workbook) -> None:
    twin = wb.copy_worksheet(wb["Indikator"])
    twin.title = "INDIKATOR "


def _no_indicators(wb: openpyxl.Workbook) -> None:
    ws = wb["Indikator"]
    ws.delete_rows(2, ws.max_row)
    real = wb["Realisasi"]
    real.delete_rows(2, real.max_row)


def _slug_collision(wb: openpyxl.Workbook) -> None:
    # "Bidang Rehabilitasi Sosial." names the same file as "Bidang Rehabilitasi Sosial"
    ws = wb["Indikator"]
    ws["I10"] = str(ws["I9"].value) + "."


def _slug_collision_case(wb: openpyxl.Workbook) -> None:
    ws = wb["Indikator"]
    ws["I10"] = str(ws["I9"].value).upper()


def _stray_cell(sheet: str) -> Mutate:
    def mutate(wb: openpyxl.Workbook) -> None:
        wb[sheet]["Z1048576"] = "x"

    return mutate


def _many_rows(n: int) -> Mutate:
    def mutate(wb: openpyxl.Workbook) -> None:
        ws = wb["Indikator"]
        for i in range(n):
            ws.cell(21 + i, 1, f"9.{i}")

    return mutate


def _structure_cases() -> list[Case]:
    cases = [Case(f"missing-sheet-{s}", (s, None, None), _delete(s))
             for s in ("Siklus", "Indikator", "Realisasi")]
    for sheet, letters in (("Indikator", "ABCDEFGHIJ"), ("Realisasi", "ABC"), ("Siklus", "AB"),
                           ("Pejabat", "AB")):
        for letter in letters:
            cases.append(Case(f"missing-header-{sheet}-{letter}", (sheet, None, None),
                              _header(sheet, f"{letter}1", "entah")))
    cases += [
        Case("duplicate-header", ("Indikator", 1, "R"), _header("Indikator", "R1", "pagu")),
        Case("hidden-twin-sheet", None, _hidden_twin),
        Case("visible-twin-sheet", ("Indikator", None, None), _visible_twin),
        Case("no-indicators", ("Indikator", 2, None), _no_indicators),
        Case("bidang-slug-collision-dot", ("Indikator", 10, "I"), _slug_collision),
        Case("bidang-slug-collision-case", ("Indikator", 10, "I"), _slug_collision_case),
        Case("stray-cell-indikator", None, _stray_cell("Indikator"), seconds=15, mb=64),
        Case("stray-cell-realisasi", None, _stray_cell("Realisasi"), seconds=15, mb=64),
        Case("stray-cell-petunjuk", None, _stray_cell("Petunjuk"), seconds=5, mb=64),
        Case("rows-50000", ("Indikator", None, None), _many_rows(50_000), seconds=20, mb=128),
        Case("ignored-sheet-template-text", None, put("Petunjuk", "A1", "A{{ 8*8 }}B")),
    ]
    return cases


# --- containers (written without openpyxl) ----------------------------------------------------


def _rezip(path: Path, replace: dict[str, bytes], source: Path = EXAMPLE) -> None:
    """``source`` (the example) with some members replaced (deflated)."""
    with zipfile.ZipFile(source) as src:
        members = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            dst.writestr(name, replace.get(name, data))


def _sheet_member(title: str) -> str:
    wb = openpyxl.load_workbook(EXAMPLE, read_only=True)
    try:
        return wb[title]._worksheet_path
    finally:
        wb.close()


def _rezip_add(path: Path, replace: dict[str, bytes], add: dict[str, bytes]) -> None:
    with zipfile.ZipFile(EXAMPLE) as src:
        members = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            dst.writestr(name, replace.get(name, data))
        for name, data in add.items():
            dst.writestr(name, data)


def _shared_strings_bomb(path: Path) -> None:
    """The example with a sharedStrings.xml of 80 MB (one enormous string, used by
    Indikator!C9), zipped to a few hundred KB."""
    member = _sheet_member("Indikator")
    with zipfile.ZipFile(EXAMPLE) as src:
        rels = src.read("xl/_rels/workbook.xml.rels").decode()
        types = src.read("[Content_Types].xml").decode()
        sheet = src.read(member).decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdBomb" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    types = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    start = sheet.index('<c r="C9"')
    end = sheet.index("</c>", start) + len("</c>")
    sheet = sheet[:start] + '<c r="C9" t="s"><v>0</v></c>' + sheet[end:]
    sst = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
           b'uniqueCount="1"><si><t>' + b"A" * (80 * 1024 * 1024) + b"</t></si></sst>")
    _rezip_add(
        path,
        {"xl/_rels/workbook.xml.rels": rels.encode(), "[Content_Types].xml": types.encode(),
         member: sheet.encode()},
        {"xl/sharedStrings.xml": sst},
    )


def _million_rows_ignored(path: Path, *, dimension: bool) -> None:
    """A million filled rows in the ignored Petunjuk sheet (inline strings)."""
    member = _sheet_member("Petunjuk")
    out = io.BytesIO()
    out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    if dimension:
        out.write(b'<dimension ref="A1:A1000000"/>')
    out.write(b"<sheetData>")
    for r in range(1, 1_000_001):
        out.write(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>baris</t></is></c></row>'
                  % (r, r))
    out.write(b"</sheetData></worksheet>")
    _rezip(path, {member: out.getvalue()})


def _huge_number_xml(path: Path) -> None:
    """Realisasi!C13 stored as a NUMBER of 5000 digits (openpyxl cannot even convert it)."""
    member = _sheet_member("Realisasi")
    with zipfile.ZipFile(EXAMPLE) as src:
        xml = src.read(member).decode()
    start = xml.index('<c r="C13"')
    end = xml.index("</c>", start) + len("</c>")
    xml = xml[:start] + '<c r="C13"><v>' + "9" * 5000 + "</v></c>" + xml[end:]
    _rezip(path, {member: xml.encode()})


def _encrypted(path: Path) -> None:
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(EXAMPLE.read_bytes())
    with path.open("wb") as out:
        OOXMLFile(plain).encrypt("rahasia", out)
    assert msoffcrypto  # the package that made it


def _ole_not_encrypted(path: Path) -> None:
    """An OLE2 container without encryption streams: what an old .xls looks like."""
    import olefile

    # olefile cannot write new files: take the smallest valid OLE2 file, an encrypted
    # workbook, and rename its encryption streams away.
    _encrypted(path)
    data = bytearray(path.read_bytes())
    for name in ("EncryptionInfo", "EncryptedPackage"):
        old = name.encode("utf-16-le")
        new = ("X" + name[1:]).encode("utf-16-le")
        data = bytearray(bytes(data).replace(old, new))
    path.write_bytes(bytes(data))
    with olefile.OleFileIO(str(path)) as ole:
        assert not ole.exists("EncryptionInfo")


def _bytes(data: bytes) -> Build:
    def build(path: Path) -> None:
        path.write_bytes(data)

    return build


def _truncated(path: Path) -> None:
    data = EXAMPLE.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _broken_xml(path: Path) -> None:
    member = _sheet_member("Indikator")
    _rezip(path, {member: b"<worksheet><sheetData><row r='1'><c r='A1'"})


def _missing_member(path: Path) -> None:
    member = _sheet_member("Indikator")
    with zipfile.ZipFile(EXAMPLE) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info.filename, src.read(info.filename))


def _container_cases() -> list[Case]:
    file_level = ("", None, None)
    return [
        Case("shared-strings-bomb", file_level, build=_shared_strings_bomb, seconds=10, mb=32),
        Case("million-rows-ignored-sheet", None,
             build=lambda p: _million_rows_ignored(p, dimension=True), seconds=20, mb=96),
        Case("million-rows-ignored-sheet-no-dimension", None,
             build=lambda p: _million_rows_ignored(p, dimension=False), seconds=30, mb=96),
        Case("huge-number-xml", ("Realisasi", ANY, ANY), build=_huge_number_xml),
        Case("encrypted", file_level, build=_encrypted),
        Case("ole-xls", file_level, build=_ole_not_encrypted),
        Case("empty-file", file_level, build=_bytes(b"")),
        Case("text-file", file_level, build=_bytes(b"kode;periode\nT.1;TW1\n")),
        Case("random-bytes", file_level, build=_bytes(bytes(range(256)) * 64)),
        Case("truncated-zip", file_level, build=_truncated),
        Case("broken-sheet-xml", file_level, build=_broken_xml),
        Case("missing-sheet-member", ("Indikator", None, None), build=_missing_member),
    ]


def all_cases() -> list[Case]:
    cases = (_numeric_cases() + _text_cases() + _kode_cases() + _enum_cases()
             + _periode_cases() + _siklus_cases() + _pejabat_cases() + _structure_cases()
             + _container_cases())
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    return cases
