"""Read a filled DOCX formulir (the ``formulir_pengumpulan`` template, filled in Word) back.

- Identity: the stamp in the core property *comments* (:mod:`.formulir_docx`, checksum
  verified). A document without it (e.g. saved by a program that dropped the properties) is
  identified by its printed fields ``Perangkat Daerah`` (matched against the known agencies'
  names), ``Sekretariat/Bidang`` and ``Periode`` (``Triwulan I Tahun 2025``).
- Values: the table whose header has ``Kode`` and ``Realisasi …`` (python-docx), rows mapped
  by kode. The dotted blanks of the blank form (``......``) are removed from what was typed,
  so ``....85,5....`` reads ``85,5`` and an untouched blank reads empty; ``belum dilaporkan``
  reads empty too.

Problems are located as ``<file>: Tabel <n> row <r>: kolom (<c>) <header>: …``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import docx

from naskah.collect.filled import Cell, FilledForm, FilledRow
from naskah.collect.meta import FormulirMeta, MetaError
from naskah.errors import InputError
from naskah.i18n import _
from naskah.model import JenisPeriode, Periode, Problem

_DOTS = re.compile(r"\.{3,}|…+")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_PERIODE = re.compile(
    r"(?:(triwulan|semester)\s+(I{1,3}|IV|[1-4])\s+)?tahun\s+(\d{4})", re.IGNORECASE
)
PROPERTIES = "Properti dokumen"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def clean(text: str) -> str:
    """A typed cell value without dotted blanks and spaces; ``belum dilaporkan`` → ``""``."""
    text = _DOTS.sub(" ", text or "")
    text = re.sub(r"\s+", " ", text).strip()
    return "" if text.casefold() == "belum dilaporkan" else text


def _fail(file: str, sheet: str, found: str, expected: str) -> InputError:
    return InputError([Problem(file, sheet, None, None, found, expected)])


def read_docx(path: Path, agency_names: Mapping[str, str]) -> FilledForm:
    """Read ``path``.

    :param agency_names: known agencies, printed name → slug (used only for a document
        without the stamp; names are compared case-insensitively).
    :raises InputError: not a readable DOCX, no identity, or no formulir table.
    """
    path = Path(path)
    file = path.name
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - any reader failure means: not a readable DOCX
        raise _fail(file, "", _("'{file}' is not a readable Word document ({name})", file=file,
                                name=type(exc).__name__),
                    _("save it as a Word Document (.docx) and try again")) from None

    meta, place = _identity(file, document, agency_names)
    for t_index, table in enumerate(document.tables, start=1):
        header = _header(table)
        if header is None:
            continue
        h_row, cols, labels = header
        rows: list[FilledRow] = []
        for r_index, row in enumerate(table.rows[h_row + 1:], start=h_row + 2):
            texts = [c.text for c in row.cells]
            kode = re.sub(r"\s+", "", texts[cols["kode"]]) if cols["kode"] < len(texts) else ""
            if not kode or kode.startswith("("):
                continue  # the column-number row "(1) (2) …", or an empty row

            at = (f"Tabel {t_index}", r_index)
            where = Cell(kode, *at, None, f"kolom ({cols['kode'] + 1}) Kode")
            rows.append(FilledRow(
                kode, where, *(_cell(texts, cols.get(name), labels, at)
                               for name in ("realisasi", "anggaran", "keterangan"))
            ))
        return FilledForm(path, "docx", meta, place, tuple(rows))
    raise _fail(file, "", _("no formulir table (a table with the columns Kode and Realisasi)"),
                _("fill in the DOCX formulir issued by naskah, keeping its table"))


def _cell(texts: list[str], idx: int | None, labels: dict[int, str], place: tuple[str, int]
          ) -> Cell | None:
    if idx is None or idx >= len(texts):
        return None
    value = clean(texts[idx])
    return Cell(value or None, place[0], place[1], None, f"kolom ({idx + 1}) {labels[idx]}")


def _header(table) -> tuple[int, dict[str, int], dict[int, str]] | None:
    for r_index, row in enumerate(table.rows[:3]):
        texts = [_norm(c.text) for c in row.cells]
        if "kode" not in texts:
            continue
        cols = {"kode": texts.index("kode")}
        for i, text in enumerate(texts):
            if text.startswith("realisasi") and "anggaran" in text:
                cols.setdefault("anggaran", i)
            elif text.startswith("realisasi"):
                cols.setdefault("realisasi", i)
            elif text.startswith("keterangan"):
                cols.setdefault("keterangan", i)
        if "realisasi" in cols:
            labels = {i: re.sub(r"\s+", " ", c.text).strip() for i, c in enumerate(row.cells)}
            return r_index, cols, labels
    return None


def _identity(file: str, document, agency_names: Mapping[str, str]
              ) -> tuple[FormulirMeta, str]:
    comments = document.core_properties.comments or ""
    if comments.strip():
        try:
            return FormulirMeta.from_json(comments), PROPERTIES
        except MetaError as err:
            raise _fail(file, PROPERTIES, err.found, err.expected) from None
    fields: dict[str, tuple[str, str]] = {}
    for t_index, table in enumerate(document.tables, start=1):
        for row in table.rows:
            cells = row.cells
            if len(cells) >= 2:
                fields.setdefault(_norm(cells[0].text), (cells[-1].text.strip(" :\n\t"),
                                                         f"Tabel {t_index}"))
    nama, place = fields.get("perangkat daerah", ("", ""))
    bidang, _where = fields.get("sekretariat/bidang", ("", ""))
    periode_text, _where2 = fields.get("periode", ("", ""))
    if not (nama and bidang and periode_text):
        raise _fail(file, "", _("the formulir's identity (naskah stamp, or the fields Perangkat "
                                "Daerah, Sekretariat/Bidang, Periode) was not found"),
                    _("fill in the DOCX formulir issued by naskah"))
    names = {_norm(k): v for k, v in agency_names.items()}
    agency = names.get(_norm(nama))
    if agency is None:
        raise _fail(file, place, _("Perangkat Daerah '{nama}' is not a known agency", nama=nama),
                    _("fill in the formulir issued by naskah for your agency"))
    m = _PERIODE.search(periode_text)
    if not m:
        raise _fail(file, place, _("Periode '{periode_text}' is not a period",
                                   periode_text=periode_text),
                    _("the formulir prints its period as 'Triwulan I Tahun 2025'"))
    tahun = int(m.group(3))
    if m.group(1) is None:
        periode = Periode.tahunan(tahun)
    else:
        raw = m.group(2).upper()
        n = int(raw) if raw.isdigit() else _ROMAN[raw]
        kind = JenisPeriode.TRIWULAN if m.group(1).lower() == "triwulan" else JenisPeriode.SEMESTER
        try:
            periode = Periode(tahun, n, kind)
        except ValueError:
            raise _fail(file, place, _("Periode '{periode_text}' is not a period",
                                       periode_text=periode_text),
                        _("the formulir prints its period as 'Triwulan I Tahun 2025'")) from None
    return FormulirMeta(agency, periode.key, re.sub(r"\s+", " ", bidang)), place
