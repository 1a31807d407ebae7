"""Reading the SOP AP tables of an agency's own SOP document (DOCX) into an agency data file.

``naskah agency import SOP.docx --slug SLUG`` writes ``SLUG.yaml`` (:mod:`.declarative`) with a
blank profile (:func:`naskah.agencies.scaffold.blank_profile`) and one procedure per SOP table
found, and reports what it could not read. The layouts of the seeds' tables (Permenpan RB
35/2012), each read::

    | NO | URAIAN PROSEDUR … | PELAKSANA (one each)   | MUTU BAKU                     | KET |
    |    |                   | Kepala | Sekretaris …  | KELENGKAPAN | WAKTU (MENIT) | OUTPUT |   |
    | 1  | 2                 | 3      | 4  …  (a row of column numbers: skipped)               |
    | 1  | Memerintah …      |   √    |               | Disposisi   | 15            | Nota   | … |

— the header spread over up to four rows (the seeds put "No" in the first or the second row, the
pelaksana names in the first or the second), cells merged across columns or rows, the title in
the Uraian header ("URAIAN PROSEDUR PENGUKURAN KINERJA") or in the heading before the table.

Rules:

- a table is an SOP table when its header rows hold a "No" cell and an "Uraian" cell; a table
  with no header right after an SOP table, with as many columns, continues it (a table broken
  across pages);
- the executor columns are the columns between Uraian and Kelengkapan, named by their lowest
  header text other than the group label ("PELAKSANA"); a step's pelaksana are the columns
  whose cell holds a mark (any text). Flow symbols drawn as shapes are not text: a step with no
  mark gets no pelaksana, and is reported. Text that is a flow label, not a mark — "YA",
  "TIDAK", arrows — is not a pelaksana and is reported;
- waktu: the cell's text; a bare number takes the unit of the header ("WAKTU (MENIT)" → menit,
  "(JAM)", "(HARI)"; no unit in the header: menit, reported); a value naskah cannot read is
  reported and left ``-``;
- kelengkapan: one item per line of the cell;
- decisions (YA/TIDAK arrows) are drawings: never read; a step whose uraian speaks of one
  ("apabila setuju", "jika tidak") is reported so that ``keputusan`` is added by hand;
- the procedure's slug is ``pengumpulan`` / ``pengukuran`` when its title says so (the Siklus
  prefixes), else ``prosedur-N``; a pengukuran table found before the pengumpulan table is put
  after it (the SOP's order of procedures), and reported.

Nothing is invented: the profile stays blank, unread cells stay empty, every gap is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from naskah.agencies.declarative import waktu_menit
from naskah.errors import NaskahError
from naskah.i18n import _
from naskah.model import Procedure, Step

DECISION_WORDS = re.compile(r"\b(apabila|jika|bila)\b.*\b(setuju|tidak|sesuai)\b", re.I)
FLOW_LABEL = re.compile(r"^(ya|tidak|y|t|ok|[\s\-–—>→←↑↓<|_.]+)$", re.I)
"""Text in an executor cell that is a flowchart's label or arrow, not a mark."""
UNITS = ("menit", "jam", "hari")
ACRONYMS = {"sop", "skpd", "sakip", "iku", "ikk", "iki", "opd", "lkjip", "rpjmd", "renstra"}
HEADER_ROWS = 4


class SopImportError(NaskahError):
    """The DOCX cannot be read, or holds no SOP table."""


@dataclass
class SopImport:
    """What was read: the procedures and the notes (what could not be read, located by table
    and step)."""

    procedures: list[Procedure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Layout:
    """Where an SOP table keeps each column (grid column indexes) and its title."""

    width: int
    first_row: int
    no: int
    uraian: int
    executors: tuple[int, ...]
    names: tuple[str, ...]
    kelengkapan: int | None
    waktu: int | None
    output: int | None
    ket: int | None
    unit: str
    unit_given: bool
    title: str
    title_is_heading: bool


# --- the table's grid ----------------------------------------------------------------------------


def _cell_text(cell) -> str:
    return "\n".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def _grid(table) -> list[list[str]]:
    """The table's text per row and grid column (a merged cell repeats in each column)."""
    return [[_cell_text(c) for c in row.cells] for row in table.rows]


def _is_number_row(row: list[str]) -> bool:
    """The row of column numbers under the header (1, 2, 3 … 11)."""
    values = [c.strip() for c in row if c.strip()]
    if len(values) < 3 or not all(v.isdigit() for v in values):
        return False
    numbers = [int(v) for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_step_row(row: list[str], no: int) -> bool:
    return row[no].strip().rstrip(".").isdigit() and not _is_number_row(row)


def _nice_title(text: str) -> str:
    """``PENGUMPULAN DATA KINERJA`` → ``Pengumpulan Data Kinerja`` (SOP, SKPD … kept)."""
    text = " ".join(text.split())
    if not text.isupper():
        return text
    return " ".join(w.upper() if w.casefold() in ACRONYMS else w.capitalize() for w in text.split())


def _layout(grid: list[list[str]], heading: str) -> Layout | None:
    """The columns of an SOP table, or ``None`` when ``grid`` has no SOP header."""
    if not grid:
        return None
    width = len(grid[0])
    head_rows: list[list[str]] = []
    first = None
    for i, row in enumerate(grid[:HEADER_ROWS + 1]):
        if _is_number_row(row):
            continue
        if any(c.strip().rstrip(".").isdigit() for c in row[:1]) and any(
            len(c) > 3 and not c.strip().isdigit() for c in row[1:]
        ):
            first = i
            break
        head_rows.append(row)
    if first is None or not head_rows:
        return None
    lowered = [[c.casefold() for c in row] for row in head_rows]
    no = next((j for row in lowered for j, c in enumerate(row)
               if re.fullmatch(r"no\.?", c.strip())), None)  # fmt: skip
    if no is None:
        return None
    uraian = next((j for j in range(no + 1, width) if any("uraian" in r[j] for r in lowered)), None)
    if uraian is None:
        return None

    def column(word: str) -> int | None:
        return next((j for j in range(uraian + 1, width) if any(word in r[j] for r in lowered)),
                    None)  # fmt: skip

    kel, waktu, output = column("kelengkapan"), column("waktu"), column("output")
    ket = next((j for j in range(uraian + 1, width)
                if any(r[j].strip().startswith("ket") for r in lowered)), None)  # fmt: skip
    end = min(j for j in (kel, waktu, output, ket, width) if j is not None)
    groups = {"pelaksana", "mutu baku", *(r[uraian] for r in lowered), *(r[no] for r in lowered)}
    executors, names = [], []
    for j in range(uraian + 1, end):
        texts = [row[j].strip() for row in head_rows if row[j].strip()]
        texts = [t for t in texts if t.casefold() not in groups]
        executors.append(j)
        names.append(" ".join(texts[-1].split()) if texts else "")
    unit, unit_given = "menit", False
    if waktu is not None:
        header = " ".join(r[waktu] for r in lowered)
        given = [u for u in UNITS if u in header]
        unit, unit_given = (given[0], True) if given else ("menit", False)
    uraian_head = " ".join(dict.fromkeys(t for r in head_rows if (t := r[uraian].strip())))
    title = re.sub(r"(?i)^\s*uraian(\s+prosedur)?\s*", "", " ".join(uraian_head.split()))
    return Layout(width, first, no, uraian, tuple(executors), tuple(names), kel, waktu, output,
                  ket, unit, unit_given, title or heading, not title)  # fmt: skip


def _heading_before(table, doc) -> str:
    """The last paragraph before ``table`` that is a heading, not an item of a list
    ("A. PENGUMPULAN DATA KINERJA" yes, "10. Menyimpan data kinerja." no)."""
    title = ""
    for element in doc.element.body.iterchildren():
        if element is table._tbl:
            return title
        if element.tag.endswith("}p"):
            text = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t")).strip()
            if text and not re.match(r"^\d+[.)]\s", text):
                title = re.sub(r"^([A-Z]|[IVX]+|\d+(\.\d+)+)\.?\s+", "", text).strip()
    return title


# --- reading -------------------------------------------------------------------------------------


def read_sop_docx(path: Path) -> SopImport:
    """Every SOP table of ``path`` as a :class:`~naskah.model.Procedure`, with notes.

    :raises SopImportError: not a readable DOCX, or no table with "No" and "Uraian" headers."""
    import docx

    try:
        doc = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a bad package
        raise SopImportError(_("{path}: not a readable DOCX file ({error})", path=path,
                               error=type(exc).__name__)) from None  # fmt: skip
    tables = [(_grid(t), _heading_before(t, doc)) for t in doc.tables]
    result = read_tables(tables)
    if not result.procedures:
        raise SopImportError(_("{path}: no SOP table found (a table whose header has the cells "
                               "'No' and 'Uraian Prosedur')", path=path))  # fmt: skip
    return result


def read_tables(tables: list[tuple[list[list[str]], str]]) -> SopImport:
    """The procedures of ``tables`` — each ``(grid of cell texts, heading before it)`` in
    document order — with notes in document order, located by table number (1-based),
    procedure slug and step."""
    result = SopImport()
    found: list[tuple[Layout, int, list[tuple[int, list[str]]]]] = []
    for t_index, (grid, heading) in enumerate(tables, start=1):
        layout = _layout(grid, heading)
        if layout is not None:
            found.append((layout, t_index, [(t_index, r) for r in grid[layout.first_row:]]))
            continue
        previous = found[-1][0] if found else None
        if previous and grid and len(grid[0]) == previous.width and any(
            _is_step_row(r, previous.no) for r in grid
        ):
            found[-1][2].extend((t_index, r) for r in grid)  # a table broken across pages
    used: set[str] = set()
    for p_index, (layout, t_index, rows) in enumerate(found, start=1):
        slug = _slug(layout.title, p_index, used)
        used.add(slug)
        procedure = _procedure(layout, slug, t_index, rows, result.notes)
        if procedure is not None:
            result.procedures.append(procedure)
    slugs = [p.slug for p in result.procedures]
    if "pengumpulan" in slugs and "pengukuran" in slugs and (
        slugs.index("pengukuran") < slugs.index("pengumpulan")
    ):
        result.procedures.sort(key=lambda p: {"pengumpulan": 0, "pengukuran": 1}.get(p.slug, 2))
        result.notes.append(_("the pengukuran table comes before the pengumpulan table in the "
                              "document: put after it (check the order of 'prosedur')"))
    return result


def _slug(title: str, index: int, used: set[str]) -> str:
    lowered = title.casefold()
    for slug in ("pengumpulan", "pengukuran"):
        if slug in lowered and slug not in used:
            return slug
    return f"prosedur-{index}"


def _procedure(layout: Layout, slug: str, t_index: int, rows, notes: list[str]
               ) -> Procedure | None:  # fmt: skip
    def where(n: int) -> str:
        return _("table {n}", n=n) + f" ({slug})"

    if not layout.executors or not all(layout.names):
        notes.append(where(t_index) + ": " + _("the pelaksana columns could not be read from the "
                                               "header"))  # fmt: skip
    if layout.waktu is not None and not layout.unit_given:
        notes.append(where(t_index) + ": " + _("the Waktu header gives no unit: bare numbers read "
                                               "as minutes"))  # fmt: skip
    steps: list[Step] = []
    seen_tables = {t_index}
    for n, row in rows:
        if n not in seen_tables:
            seen_tables.add(n)
            notes.append(where(n) + ": " + _("no header: read as the continuation of the table "
                                             "before it"))  # fmt: skip
        if len(row) != layout.width or _is_number_row(row):
            continue
        if not _is_step_row(row, layout.no):
            text = " ".join(row[layout.uraian].split())
            if text:
                notes.append(where(n) + ": " + _("a row without a step number was not read: "
                                                 "{text!r}", text=text[:80]))  # fmt: skip
            continue
        steps.append(_step(layout, row, where(n), notes))
    if not steps:
        notes.append(where(t_index) + ": " + _("no numbered step rows"))
        return None
    judul = _nice_title(layout.title) or slug
    # The heading above the table is the table's own title (printed by the SOP document); a
    # title from the Uraian header is the default one ("PROSEDUR <judul>").
    judul_tabel = judul if layout.title_is_heading and layout.title else ""
    return Procedure(slug, judul, tuple(n for n in layout.names if n), tuple(steps), judul_tabel)


def _step(layout: Layout, row: list[str], where: str, notes: list[str]) -> Step:
    nomor = int(row[layout.no].strip().rstrip("."))
    here = f"{where}, " + _("step {nomor}", nomor=nomor)
    pelaksana = []
    for j, name in zip(layout.executors, layout.names, strict=True):
        mark = " ".join(row[j].split())
        if not mark or not name:
            continue
        if FLOW_LABEL.match(mark):
            notes.append(here + ": " + _("{text!r} in column {name} is a flow label, not a "
                                         "pelaksana mark", text=mark, name=name))  # fmt: skip
            continue
        pelaksana.append(name)
    if layout.executors and not pelaksana:
        notes.append(here + ": " + _("no pelaksana mark could be read (flow symbols drawn as "
                                     "shapes are not text): fill 'pelaksana'"))  # fmt: skip
    waktu = row[layout.waktu].strip() if layout.waktu is not None else ""
    if re.fullmatch(r"\d+([.,]\d+)?", waktu):
        waktu = f"{waktu} {layout.unit}"
    try:
        menit = waktu_menit(waktu)
    except ValueError:
        notes.append(here + ": " + _("waktu {found!r} could not be read: left '-'",
                                     found=waktu))  # fmt: skip
        waktu, menit = "", None
    uraian = " ".join(row[layout.uraian].split())
    if DECISION_WORDS.search(uraian):
        notes.append(here + ": " + _("the uraian describes a decision: add 'keputusan' (ya, "
                                     "tidak) from the flowchart's arrows"))  # fmt: skip
    cell = row[layout.kelengkapan] if layout.kelengkapan is not None else ""
    kelengkapan = tuple(line.strip(" ,;✓√•-") for line in cell.split("\n") if line.strip(" ,;✓√•-"))

    def text(col: int | None) -> str:
        return " ".join((row[col] if col is not None else "").split())

    return Step(nomor, uraian, tuple(pelaksana), kelengkapan, menit, waktu, text(layout.output),
                None, None, text(layout.ket))  # fmt: skip
