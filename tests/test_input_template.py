"""The blank input workbook (naskah.input.template) and its round trip through the reader."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from naskah.errors import InputError
from naskah.input.format import COLUMNS, OPTIONAL_SHEETS, REQUIRED_SHEETS, SIKLUS_KEYS
from naskah.input.template import HELP, PETUNJUK, SIKLUS_HELP, _help, write_input_template
from naskah.input.workbook import read_workbook
from naskah.model import Agregasi, Jenis, Level, Polaritas


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "naskah-input.xlsx"
    write_input_template(path)
    return path


def headers(ws) -> list[str]:
    return [c.value for c in ws[1] if c.value is not None]


def col_of(ws, name: str) -> str:
    return get_column_letter(headers(ws).index(name) + 1)


def list_values(ws, name: str) -> tuple[list[str], str]:
    """Values and error style of the drop-down list covering column ``name`` from row 2."""
    letter = col_of(ws, name)
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list" and f"{letter}2" in dv.sqref:
            return dv.formula1.strip('"').split(","), dv.errorStyle
    raise AssertionError(f"no list on {ws.title}!{letter}")


def test_template_has_the_sheets_and_headers_the_reader_requires(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == [PETUNJUK, *REQUIRED_SHEETS, *OPTIONAL_SHEETS]
    for sheet, columns in COLUMNS.items():
        got = headers(wb[sheet])
        assert got[: len(columns)] == [c.name for c in columns]
        assert {c.name for c in columns if c.required} <= set(got)
        assert wb[sheet].freeze_panes == "A2"
        for c in columns:
            assert wb[sheet].column_dimensions[col_of(wb[sheet], c.name)].width >= 8


def test_template_has_drop_down_lists(template):
    wb = openpyxl.load_workbook(template)
    ind = wb["Indikator"]
    assert list_values(ind, "level") == ([v.value for v in Level], "stop")
    assert list_values(ind, "jenis") == ([v.value for v in Jenis], "stop")
    assert list_values(ind, "polaritas") == ([v.value for v in Polaritas], "stop")
    assert list_values(ind, "agregasi") == ([v.value for v in Agregasi], "stop")
    periode, style = list_values(wb["Realisasi"], "periode")
    assert periode[:4] == ["TW1", "TW2", "TW3", "TW4"] and "Januari" in periode
    assert style == "warning"  # other accepted forms (3, TW I) pass with a warning


def test_kode_and_nip_columns_are_text(template):
    wb = openpyxl.load_workbook(template)
    for sheet, name in (("Indikator", "kode"), ("Realisasi", "kode"), ("Pejabat", "nip")):
        ws = wb[sheet]
        assert ws.column_dimensions[col_of(ws, name)].number_format == "@"


def test_petunjuk_explains_every_column_numbers_and_empty_values(template):
    wb = openpyxl.load_workbook(template)
    text = "\n".join(str(c.value) for row in wb[PETUNJUK].iter_rows() for c in row if c.value)
    for sheet, columns in COLUMNS.items():
        for c in columns:
            assert (sheet, c.name) in HELP
            assert _help(sheet, c.name) in text  # in Indonesian (the default)
    for key in SIKLUS_KEYS:
        assert key in SIKLUS_HELP and key in text
    for phrase in (
        "85,5",
        "1.004.422.800",
        "1.500",
        "n/a",
        "Kosong = belum dilaporkan",
        "0 = realisasinya memang nol",
        "tulis 85, bukan 85%",
        "15/04/2025",
    ):
        assert phrase in text


def test_blank_template_reads_to_two_problems(template):
    with pytest.raises(InputError) as info:
        read_workbook(template)
    siklus, indikator = info.value.problems
    assert siklus.sheet == "Siklus" and "periode" in siklus.found
    assert indikator.sheet == "Indikator" and indikator.row == 2


def test_filled_template_round_trips(template):
    wb = openpyxl.load_workbook(template)
    siklus = wb["Siklus"]
    keys = {siklus.cell(r, 1).value: r for r in range(2, siklus.max_row + 1)}
    siklus.cell(keys["periode"], 2, "2025-TW1")
    siklus.cell(keys["tanggal_nota_dinas"], 2, "08/04/2025")
    siklus.cell(keys["rapat_waktu_mulai"], 2, "09.00")

    def fill(ws, values: dict[str, object]) -> None:
        cols = {h: i for i, h in enumerate(headers(ws), start=1)}
        row = ws.max_row + 1
        for name, value in values.items():
            ws.cell(row, cols[name], value)

    fill(
        wb["Indikator"],
        {
            "kode": "1.06.04.2.01.0001",
            "level": "sub_kegiatan",
            "uraian": "Penyediaan Permakanan",
            "indikator": "Jumlah Orang yang Mendapatkan Pemenuhan Kebutuhan Permakanan",
            "jenis": "IKK",
            "satuan": "Orang",
            "polaritas": "positif",
            "agregasi": "kumulatif",
            "bidang": "Bidang Rehabilitasi Sosial",
            "target_tahunan": 120,
            "target_tw1": 30,
            "pagu": "Rp 185.400.000",
        },
    )
    fill(
        wb["Realisasi"],
        {
            "kode": "1.06.04.2.01.0001",
            "periode": "Januari",
            "realisasi": 10,
            "realisasi_anggaran": 1_000_000,
        },
    )
    fill(wb["Realisasi"], {"kode": "1.06.04.2.01.0001", "periode": "Februari", "realisasi": "12,5"})
    fill(wb["Pejabat"], {"peran": "ketua_tim", "jabatan": "Ketua Tim SAKIP"})
    path = template.with_name("terisi.xlsx")
    wb.save(path)

    data = read_workbook(path)
    (ind,) = data.indikator
    assert ind.pagu == 185_400_000 and ind.target_triwulan == {1: Decimal(30)}
    (real,) = data.realisasi
    assert (real.triwulan, real.nilai, real.realisasi_anggaran) == (1, Decimal("22.5"), 1_000_000)
    assert data.siklus.tanggal == {"nota_dinas": date(2025, 4, 8)}
    assert data.siklus.rapat["pengukuran"].waktu_mulai.hour == 9
    assert data.pejabat[0].peran == "ketua_tim" and data.pejabat[0].nama == ""


def test_instructions_are_indonesian_by_default_and_english_on_request(tmp_path, monkeypatch):
    def petunjuk(lang: str | None) -> str:
        if lang:
            monkeypatch.setenv("NASKAH_LANG", lang)
        else:
            monkeypatch.delenv("NASKAH_LANG", raising=False)
        path = tmp_path / f"masukan-{lang}.xlsx"
        write_input_template(path)
        wb = openpyxl.load_workbook(path)
        return "\n".join(str(c.value) for r in wb[PETUNJUK].iter_rows() for c in r if c.value)

    default, english = petunjuk(None), petunjuk("en")
    assert "PETUNJUK PENGISIAN DATA KINERJA" in default and "Target triwulan II." in default
    assert "'85%' bukan angka; tulis 85 atau 85,5" in default
    assert "INSTRUCTIONS FOR FILLING IN" in english and "Target of triwulan II." in english
    assert "PETUNJUK PENGISIAN" not in english
