"""Fill a formulir the way a bidang's staff would: open it, type into the blank cells, save.

XLSX with openpyxl (the cells of kolom (9), (10), (11) and the filler's identity), DOCX with
python-docx (the dotted blanks of the table replaced by what is typed). ``values`` maps a kode
to ``(realisasi, anggaran, keterangan)``; ``None`` leaves a cell as it is (blank).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import openpyxl

from naskah.collect.formulir_xlsx import LABEL_NAMA, LABEL_TANGGAL
from naskah.i18n import every_language

Values = dict[str, tuple[object, object, object]]


def _header(ws) -> tuple[int, dict[str, int]]:
    """Header row and columns, read as a person would: the Indonesian or English headers."""
    for row in range(1, 40):
        names = {str(ws.cell(row, c).value or "").replace("\n", " ").strip().lower(): c
                 for c in range(1, ws.max_column + 1)}
        kode = names.get("kode") or names.get("code")
        if kode:
            cols = {"kode": kode}
            for text, c in names.items():
                if text.startswith(("realisasi anggaran", "budget realisasi")):
                    cols["anggaran"] = c
                elif text.startswith("realisasi"):
                    cols["realisasi"] = c
                elif text.startswith(("keterangan", "notes")):
                    cols["keterangan"] = c
            return row, cols
    raise AssertionError("no header row")


def fill_xlsx(path: Path, values: Values, *, nama: str = "Rina Marlina, S.E.",
              tanggal: date | None = date(2025, 4, 10), out: Path | None = None) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb["Formulir"]
    header, cols = _header(ws)
    rows = {str(ws.cell(r, cols["kode"]).value): r for r in range(header + 2, ws.max_row + 1)
            if ws.cell(r, cols["kode"]).value}
    for kode, (realisasi, anggaran, keterangan) in values.items():
        r = rows[kode]
        for name, v in (("realisasi", realisasi), ("anggaran", anggaran),
                        ("keterangan", keterangan)):
            if v is not None:
                ws.cell(r, cols[name]).value = v
    for r in range(header + 2, ws.max_row + 1):
        for c in range(1, ws.max_column + 1):
            label = ws.cell(r, c).value
            if label in every_language(LABEL_NAMA) and nama:
                ws.cell(r, c + 1).value = nama
            elif label in every_language(LABEL_TANGGAL) and tanggal:
                ws.cell(r, c + 1).value = tanggal
    out = out or path
    wb.save(out)
    return out


def fill_docx(path: Path, values: Values, *, out: Path | None = None) -> Path:
    document = docx.Document(str(path))
    for table in document.tables:
        head = [c.text.replace("\n", " ").strip().lower() for c in table.rows[0].cells]
        if "kode" not in head:
            continue
        cols = {"kode": head.index("kode")}
        for i, text in enumerate(head):
            if text.startswith("realisasi anggaran"):
                cols["anggaran"] = i
            elif text.startswith("realisasi"):
                cols["realisasi"] = i
            elif text.startswith("keterangan"):
                cols["keterangan"] = i
        for row in table.rows[1:]:
            cells = row.cells
            kode = cells[cols["kode"]].text.strip()
            if kode not in values:
                continue
            for name, v in zip(("realisasi", "anggaran", "keterangan"), values[kode],
                               strict=True):
                if v is not None:
                    cell = cells[cols[name]]
                    cell.paragraphs[0].text = str(v)  # typed over the dotted blank
                    for extra in cell.paragraphs[1:]:
                        extra.text = ""
    out = out or path
    document.save(str(out))
    return out
