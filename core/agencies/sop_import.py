"""Reading the SOP AP tables of an agency's own SOP document (DOCX) into an agency data file.

``naskah agency import SOP.docx --slug SLUG`` writes ``SLUG.yaml`` (:mod:`.declarative`) with a
blank profile (:func:`naskah.agencies.scaffold.blank_profile`) and one procedure per SOP table
found, and reports what it could not read. A table is an SOP table when a header row holds
"No" and "Uraian" cells; the layout of the seeds' tables (Permenpan RB 35/2012)::

    | NO | URAIAN       | PELAKSANA (one each)    | MUTU BAKU                       | KET |
    |    |              | Kepala | Sekretaris ... | KELENGKAPAN | WAKTU (MENIT) | OUTPUT |     |
    | 1  | Memerintah … |   √    |                | Disposisi   | 15            | Nota   | …   |

Rules:

- the executor columns are the columns between Uraian and Kelengkapan, named by the lower header
  row; a step's pelaksana are the columns whose cell holds a mark (any text). Flow symbols drawn
  as shapes are not text: a step with no mark gets no pelaksana, and is reported;
- waktu: the cell's text; a bare number takes the unit of the header ("WAKTU (MENIT)" → menit,
  "(JAM)", "(HARI)"); a value naskah cannot read is reported and left ``-``;
- kelengkapan: one item per line of the cell;
- decisions (YA/TIDAK arrows) are drawings: never read; a step whose uraian speaks of one
  ("apabila setuju", "jika tidak") is reported so that ``keputusan`` is added by hand;
- the procedure's title is the last non-empty paragraph before the table ("A. PENGUMPULAN DATA
  KINERJA"); its slug ``pengumpulan`` / ``pengukuran`` when the title says so (the Siklus
  prefixes), else ``prosedur-N``.

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
UNITS = {"menit": "menit", "jam": "jam", "hari": "hari"}


class SopImportError(NaskahError):
    """The DOCX cannot be read, or holds no SOP table."""


@dataclass
class SopImport:
    """What was read: the procedures and the notes (what could not be read, located by table
    and step)."""

    procedures: list[Procedure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _text(cell) -> str:
    return "\n".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def _grid(table) -> list[list[str]]:
    """The table's text per row and grid column (a merged cell repeats in each column)."""
    return [[_text(c) for c in row.cells] for row in table.rows]


def _header(grid: list[list[str]]) -> int | None:
    for i, row in enumerate(grid[:4]):
        lowered = [c.casefold() for c in row]
        if any(c.startswith("no") for c in lowered) and any("uraian" in c for c in lowered):
            return i
    return None


def _title_before(table, doc) -> str:
    body = doc.element.body
    title = ""
    for element in body.iterchildren():
        if element is table._tbl:
            return title
        if element.tag.endswith("}p"):
            text = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t")).strip()
            if text:
                title = text
    return title


def _slug(title: str, index: int, used: set[str]) -> str:
    lowered = title.casefold()
    for slug in ("pengumpulan", "pengukuran"):
        if slug in lowered and slug not in used:
            return slug
    return f"prosedur-{index}"


def read_sop_docx(path: Path) -> SopImport:
    """Every SOP table of ``path`` as a :class:`~naskah.model.Procedure`, with notes.

    :raises SopImportError: not a readable DOCX, or no table with "No" and "Uraian" headers."""
    import docx

    try:
        doc = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a bad package
        raise SopImportError(_("{path}: not a readable DOCX file ({error})", path=path,
                               error=type(exc).__name__)) from None  # fmt: skip
    result = SopImport()
    used: set[str] = set()
    for t_index, table in enumerate(doc.tables, start=1):
        grid = _grid(table)
        h = _header(grid)
        if h is None:
            continue
        procedure = _read_table(doc, table, grid, h, t_index, len(result.procedures) + 1, used,
                                result.notes)  # fmt: skip
        if procedure is not None:
            used.add(procedure.slug)
            result.procedures.append(procedure)
    if not result.procedures:
        raise SopImportError(_("{path}: no SOP table found (a table whose header has the cells "
                               "'No' and 'Uraian Prosedur')", path=path))  # fmt: skip
    return result


def _read_table(doc, table, grid, h, t_index, p_index, used, notes) -> Procedure | None:
    top = [c.casefold() for c in grid[h]]
    low = [c.casefold() for c in grid[h + 1]] if h + 1 < len(grid) else top
    width = len(top)

    def find(word: str) -> int | None:
        for row in (low, top):
            for j, c in enumerate(row):
                if word in c:
                    return j
        return None

    no_col = next(j for j, c in enumerate(top) if c.startswith("no"))
    uraian_col = next(j for j, c in enumerate(top) if "uraian" in c)
    kel_col, waktu_col, out_col = find("kelengkapan"), find("waktu"), find("output")
    ket_col = next((j for j, c in enumerate(top) if c.startswith("ket")), None)
    end = kel_col if kel_col is not None else (waktu_col or width)
    exec_cols = [j for j in range(uraian_col + 1, end) if j != no_col]
    names = [grid[h + 1][j] if h + 1 < len(grid) else "" for j in exec_cols]
    where = _("table {n}", n=t_index)
    if not exec_cols or not all(names):
        notes.append(where + ": " + _("the pelaksana columns could not be read from the header"))
    unit = "menit"
    if waktu_col is not None:
        header = f"{top[waktu_col]} {low[waktu_col]}"
        unit = next((u for u in UNITS if u in header), "menit")
    title = _title_before(table, doc)
    slug = _slug(title, p_index, used)
    steps: list[Step] = []
    for row in grid[h + 1:]:
        no_text = row[no_col].strip().rstrip(".")
        if not no_text.isdigit():
            continue
        nomor = int(no_text)
        here = f"{where}, " + _("step {nomor}", nomor=nomor)
        pelaksana = tuple(n for j, n in zip(exec_cols, names, strict=True) if row[j].strip() and n)
        if exec_cols and not pelaksana:
            notes.append(here + ": " + _("no pelaksana mark could be read (flow symbols drawn as "
                                         "shapes are not text): fill 'pelaksana'"))  # fmt: skip
        waktu = row[waktu_col].strip() if waktu_col is not None else ""
        if re.fullmatch(r"\d+([.,]\d+)?", waktu):
            waktu = f"{waktu} {unit}"
        try:
            menit = waktu_menit(waktu)
        except ValueError:
            notes.append(here + ": " + _("waktu {found!r} could not be read: left '-'",
                                         found=waktu))  # fmt: skip
            waktu, menit = "", None
        uraian = " ".join(row[uraian_col].split())
        if DECISION_WORDS.search(uraian):
            notes.append(here + ": " + _("the uraian describes a decision: add 'keputusan' (ya, "
                                         "tidak) from the flowchart's arrows"))  # fmt: skip
        kelengkapan = tuple(
            line.strip(" ,;") for line in (row[kel_col] if kel_col is not None else "").split("\n")
            if line.strip(" ,;")
        )  # fmt: skip
        steps.append(Step(
            nomor, uraian, pelaksana, kelengkapan, menit, waktu,
            " ".join((row[out_col] if out_col is not None else "").split()), None, None,
            " ".join((row[ket_col] if ket_col is not None else "").split()),
        ))  # fmt: skip
    if not steps:
        notes.append(where + ": " + _("no numbered step rows"))
        return None
    judul = re.sub(r"^[A-Z]\.\s*", "", title).strip()
    return Procedure(slug, (judul.title() if judul.isupper() else judul) or slug,
                     tuple(n for n in names if n), tuple(steps), judul)  # fmt: skip
