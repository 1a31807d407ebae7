"""Shared writer of an agency's example workbook, used by ``build_example_<agency>.py``.

Reuses the helpers of ``build_example.py`` (the first agency's script): the nomenclature lookup
and the cell writer. Each agency script gives its rows as data; this module only writes them:

- ``indikator``: :class:`Baris` rows; a row whose ``kode`` is in the nomenclature and whose
  ``nama`` is empty takes uraian, indicator name and satuan from
  ``examples/data/subkegiatan_nomenklatur.csv`` (never retyped);
- ``realisasi``: ``(kode, periode, realisasi, realisasi_anggaran, keterangan)``;
- ``siklus``: ``(kunci, nilai, keterangan)``; ``pejabat``: ``(peran, jabatan, nama, pangkat,
  nip[, bidang])``.

The ``contoh`` text is written at the top of ``Petunjuk`` (bold red) and should also be a
``catatan`` row of ``Siklus``: the numbers of an example are never official data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_example import _put, load_nomenklatur
from openpyxl.styles import Font

from naskah.input.template import PETUNJUK, build_input_template

SUMBER_NOMENKLATUR = "kode, uraian, indikator, satuan: nomenklatur sub kegiatan; angka: CONTOH"
SUMBER_CONTOH = "CONTOH (bukan data resmi)"


@dataclass(frozen=True)
class Baris:
    """One ``Indikator`` row. ``nama``/``uraian``/``satuan`` empty: taken from the nomenclature
    by ``kode`` (sub kegiatan rows). ``tw``: targets TW1..TW4 (``None``: no period target)."""

    kode: str
    level: str
    bidang: str
    jenis: str
    agregasi: str
    tahunan: Any
    tw: tuple[Any, Any, Any, Any]
    pagu: int | None = None
    polaritas: str = "positif"
    uraian: str = ""
    nama: str = ""
    satuan: str = ""
    sumber: str = ""


def write_example(
    out: Path,
    *,
    contoh: str,
    siklus: list[tuple[str, Any, str]],
    indikator: list[Baris],
    realisasi: list[tuple[str, Any, Any, Any, str]],
    pejabat: list[tuple[str, ...]],
) -> Path:
    """Write the example workbook to ``out`` and return its path.

    :raises KeyError: a row without ``nama`` whose ``kode`` is not in the nomenclature.
    """
    nomenklatur = load_nomenklatur()
    wb = build_input_template()

    petunjuk = wb[PETUNJUK]
    petunjuk.insert_rows(1, 2)
    petunjuk["A1"] = contoh
    petunjuk["A1"].font = Font(bold=True, color="C00000")

    ws = wb["Siklus"]
    ws.delete_rows(2, ws.max_row)
    for i, (kunci, nilai, ket) in enumerate(siklus, start=2):
        _put(ws, i, {"kunci": kunci, "nilai": nilai, "keterangan": ket})

    ws = wb["Indikator"]
    sumber_col = ws.max_column + 1
    ws.cell(1, sumber_col, "sumber").font = Font(bold=True)
    ws.column_dimensions[ws.cell(1, sumber_col).column_letter].width = 40
    for row, b in enumerate(indikator, start=2):
        if b.nama:
            uraian, nama, satuan = b.uraian, b.nama, b.satuan
            sumber = b.sumber or SUMBER_CONTOH
        else:
            src = nomenklatur[b.kode]
            uraian, nama, satuan = (src["nama_sub_kegiatan"], src["indikator_sub_kegiatan"],
                                    src["satuan"])
            sumber = b.sumber or SUMBER_NOMENKLATUR
        _put(ws, row, {
            "kode": b.kode, "level": b.level, "uraian": uraian, "indikator": nama,
            "jenis": b.jenis, "satuan": satuan, "polaritas": b.polaritas,
            "agregasi": b.agregasi, "bidang": b.bidang, "target_tahunan": b.tahunan,
            **{f"target_tw{n}": t for n, t in enumerate(b.tw, start=1)},
            "pagu": b.pagu,
        })  # fmt: skip
        ws.cell(row, sumber_col, sumber)

    ws = wb["Realisasi"]
    for i, (kode, periode, nilai, anggaran, ket) in enumerate(realisasi, start=2):
        _put(ws, i, {"kode": kode, "periode": periode, "realisasi": nilai,
                     "realisasi_anggaran": anggaran, "keterangan": ket})  # fmt: skip

    ws = wb["Pejabat"]
    for i, (peran, jabatan, nama, pangkat, nip, *bidang) in enumerate(pejabat, start=2):
        _put(ws, i, {"peran": peran, "jabatan": jabatan, "nama": nama, "pangkat": pangkat,
                     "nip": nip, "bidang": bidang[0] if bidang else ""})  # fmt: skip

    wb.active = wb.sheetnames.index("Indikator")
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet.title == "Indikator"
    wb.save(out)
    return out
