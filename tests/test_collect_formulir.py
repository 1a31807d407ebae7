"""The formulir out: XLSX locked except the cells a bidang fills; both formats carry their
identity."""

from __future__ import annotations

import docx
import openpyxl
import pytest

from naskah.agencies.manager import get_plugins
from naskah.collect.formulir_docx import write_formulir_docx
from naskah.collect.formulir_xlsx import write_formulir_xlsx
from naskah.collect.meta import FormulirMeta, MetaError
from naskah.input.workbook import read_workbook
from naskah.pipeline import prepare_cycle
from tests.conftest import EXAMPLE

REHSOS = "Bidang Rehabilitasi Sosial"


@pytest.fixture(scope="module")
def plugins():
    return get_plugins()


@pytest.fixture(scope="module")
def cycle(plugins):
    return prepare_cycle(plugins, "dinsos-p3a-pessel", read_workbook(EXAMPLE))


def test_xlsx_formulir_is_locked_except_realisasi_anggaran_keterangan_and_filler(
        plugins, cycle, tmp_path):
    wb = openpyxl.load_workbook(write_formulir_xlsx(plugins, cycle, REHSOS, tmp_path / "f.xlsx"))
    ws = wb["Formulir"]

    assert ws.protection.sheet and wb.security.lockStructure
    assert wb["_naskah"].sheet_state == "veryHidden"
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row
                if c.protection.locked is False}
    rows = [r for r in range(13, 20)]  # the 7 indicators of the bidang
    assert [ws.cell(r, 2).value for r in rows] == [
        c.indikator.kode for c in cycle.capaian_of_bidang(REHSOS)]
    for r in rows:
        assert {f"I{r}", f"K{r}"} <= unlocked          # realisasi, keterangan
        assert f"G{r}" not in unlocked and f"H{r}" not in unlocked  # targets stay as issued
    # Realisasi anggaran only where there is a budget line (every row here is program or
    # sub kegiatan); the filler's identity: tanggal, nama, jabatan, NIP.
    assert {f"J{r}" for r in rows} <= unlocked
    assert len(unlocked) == 3 * len(rows) + 4
    # targets with their indicator's decimals (1.06.04: 2, its realisasi are typed 81,75)
    assert ws["H13"].value == "80,00" and ws["G14"].value == "240"


def test_xlsx_formulir_cells_have_validation_with_the_indicator_satuan(plugins, cycle, tmp_path):
    wb = openpyxl.load_workbook(write_formulir_xlsx(plugins, cycle, REHSOS, tmp_path / "f.xlsx"))
    rules = {str(dv.sqref): dv for dv in wb["Formulir"].data_validations.dataValidation}

    realisasi = rules["I14"]
    assert realisasi.type == "decimal" and realisasi.errorStyle == "warning"
    assert "satuan Orang" in realisasi.prompt and "n/a" in realisasi.prompt
    assert rules["J14"].type == "whole"
    assert rules["K14"].type == "textLength"


def test_text_target_row_takes_text_and_only_budget_rows_take_anggaran(plugins, cycle, tmp_path):
    sekretariat = write_formulir_xlsx(plugins, cycle, "Sekretariat", tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(sekretariat)["Formulir"]
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    row = next(r for r in range(13, 20) if ws.cell(r, 2).value == "1.06.01")  # target "BB"

    tujuan = next(r for r in range(13, 20) if ws.cell(r, 2).value == "T.1")

    assert rules[f"I{row}"].type == "textLength"
    assert rules[f"I{tujuan}"].type == "decimal"
    assert ws.cell(tujuan, 10).value == "–"  # a tujuan has no budget line: not editable
    assert ws.cell(tujuan, 10).protection.locked is not False
    assert ws.cell(row, 10).protection.locked is False  # a program row has one


def test_both_formats_carry_the_identity_with_a_matching_checksum(plugins, cycle, tmp_path):
    wb = openpyxl.load_workbook(write_formulir_xlsx(plugins, cycle, REHSOS, tmp_path / "f.xlsx"))
    xlsx_meta = FormulirMeta.from_dict({r[0]: r[1] for r in
                                        wb["_naskah"].iter_rows(values_only=True)})
    comments = docx.Document(str(write_formulir_docx(plugins, cycle, REHSOS,
                                                     tmp_path / "f.docx"))).core_properties
    docx_meta = FormulirMeta.from_json(comments.comments)

    assert (xlsx_meta.agency, xlsx_meta.periode, xlsx_meta.bidang) == (
        "dinsos-p3a-pessel", "2025-TW1", REHSOS)
    assert len(xlsx_meta.kode) == 7
    assert docx_meta == xlsx_meta.identity()


def test_changed_metadata_fails_its_checksum():
    meta = FormulirMeta("dinsos-p3a-pessel", "2025-TW1", REHSOS, ("1.06.04",))
    fields = meta.as_dict() | {"periode": "2025-TW2"}

    with pytest.raises(MetaError, match="checksum"):
        FormulirMeta.from_dict(fields)
