"""Build ``contoh-data-2025-TW1.xlsx``: the FICTIONAL workbook of the data-file agency
``contoh-data`` (``contoh-data.yaml``), made from the example plugin's fictional workbook
(``examples/naskah-agency-example/contoh-fiktif-2025-TW1.xlsx``) with the agency slug and the
jabatan changed. The Kepala's name and NIP are cleared: the data file does not give them, so the
documents print blank lines and naskah warns (never an invented name).

Run: ``.venv/bin/python examples/agencies/build_workbook.py``.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "naskah-agency-example" / "contoh-fiktif-2025-TW1.xlsx"
TARGET = HERE / "contoh-data-2025-TW1.xlsx"


def build(source: Path = SOURCE, target: Path = TARGET, slug: str = "contoh-data") -> Path:
    wb = load_workbook(source)
    siklus = wb["Siklus"]
    for row in siklus.iter_rows(min_row=2):
        key = row[0].value
        if key == "agency":
            row[1].value = slug
        elif key == "pengukuran.tanggal_berita_acara":  # the example plugin's own kind
            for cell in row:
                cell.value = None
        elif key == "rapat_tempat":
            row[1].value = "Ruang Rapat Dinas Contoh Data (fiktif)"
    pejabat = wb["Pejabat"]
    for row in pejabat.iter_rows(min_row=2):
        if row[1].value:
            row[1].value = row[1].value.replace("Dinas Contoh", "Dinas Contoh Data")
        if row[0].value == "kepala":
            row[2].value = row[3].value = row[4].value = None
    wb.save(target)
    return target


if __name__ == "__main__":
    print(build())
