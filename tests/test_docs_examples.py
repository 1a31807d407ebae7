"""The worked examples of ``docs/input-format.md`` (Periods, Period targets, Budget hierarchy,
Decimals) typed into the input template and run through naskah: the figures the guide says
naskah prints are the figures the documents' contexts hold. The period-target table is read
from the guide itself, so the guide and naskah cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from naskah.agencies.manager import get_plugins
from naskah.documents.registry import build_context, kind
from naskah.input.template import build_input_template
from naskah.input.workbook import read_workbook
from naskah.model import PlannedDocument
from naskah.pipeline import prepare_cycle
from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "input-format.md"
AGENCY = "dinsos-p3a-pessel"


def section(title: str) -> str:
    """The text of the guide's ``## title`` section."""
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def workbook(path: Path, periode: str, indikator: list[dict[str, Any]],
             realisasi: list[tuple]) -> Path:  # fmt: skip
    """The template (its headers and column letters) filled with ``indikator`` rows (dicts by
    header) and ``realisasi`` rows ``(kode, periode, realisasi, realisasi_anggaran)``."""
    wb = build_input_template()
    siklus = wb["Siklus"]
    for row in siklus.iter_rows(min_row=2):
        if row[0].value == "periode":
            row[1].value = periode
    ind = wb["Indikator"]
    cols = {str(c.value): c.column for c in ind[1] if c.value}
    for r, values in enumerate(indikator, start=2):
        base = {"level": "sasaran", "uraian": "u", "jenis": "IK", "satuan": "Orang",
                "polaritas": "positif", "bidang": "Sekretariat"}
        for name, value in {**base, **values}.items():
            if value is not None:
                ind.cell(r, cols[name], value)
    real = wb["Realisasi"]
    for r, values in enumerate(realisasi, start=2):
        for c, value in enumerate(values, start=1):
            if value is not None:
                real.cell(r, c, value)
    wb.save(path)
    return path


def context(path: Path, slug: str, step: int, variant: str = ""):
    cycle = prepare_cycle(get_plugins(), AGENCY, read_workbook(path))
    doc = PlannedDocument(AGENCY, cycle.periode, "pengukuran", step, kind(slug), variant)
    return cycle, build_context(cycle, doc, None)


def rows(ctx: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["indikator"]: r for g in ctx["groups"] for r in g["rows"]}


# --- Periods ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("periode", "s1", "target", "rumus", "capaian", "judul"), [
    ("2025-S1", 55, "55", "57 / 55 × 100", "103,64%", "Semester I Tahun 2025"),
    ("2025-S1", None, "60", "57 / 60 × 100", "95,00%", "Semester I Tahun 2025"),
    ("2025", 55, "120", "57 / 120 × 100", "47,50%", "Tahun 2025"),
])  # fmt: skip
def test_periods_worked_example(tmp_path, periode, s1, target, rumus, capaian, judul):
    guide = section("Periods")
    assert f"`{rumus}`" in guide and f"`{capaian}`" in guide or s1 is None
    k1 = {"kode": "K.1", "indikator": "K.1", "agregasi": "kumulatif", "target_tahunan": 120,
          "target_tw1": 30, "target_tw2": 30, "target_s1": s1}
    real = [("K.1", "Januari", 10, None), ("K.1", "Februari", 8, None),
            ("K.1", "Maret", 12, None), ("K.1", "TW2", 27, None)]
    _cycle, ctx = context(workbook(tmp_path / "k1.xlsx", periode, [k1], real), "kertas_kerja", 5)
    row = rows(ctx)["K.1"]
    assert (row["target"], row["realisasi"], row["rumus"], row["capaian"]) == (
        target, "57", rumus, capaian)
    assert ctx["subjudul"] == f"Pengukuran Capaian Kinerja {judul}"


def test_periods_worked_example_without_any_period_target_is_tidak_dihitung(tmp_path):
    k1 = {"kode": "K.1", "indikator": "K.1", "agregasi": "kumulatif", "target_tahunan": 120}
    path = workbook(tmp_path / "k1.xlsx", "2025-S1", [k1], [("K.1", "TW2", 27, None)])
    row = rows(context(path, "kertas_kerja", 5)[1])["K.1"]
    assert (row["target"], row["capaian"]) == ("–", "tidak dihitung")


# --- Period targets ----------------------------------------------------------------------------


def period_target_table() -> dict[str, list[str]]:
    """``{period key: [target of K.1, K.2, K.3, K.4]}`` as the guide's table prints them."""
    table = {}
    for line in section("Period targets").splitlines():
        m = re.match(r"^\| `(20\d\d(?:-\w+)?)` \|(.*)\|$", line)
        if m:
            table[m.group(1)] = [c.strip() for c in m.group(2).split("|")]
    return table


def test_period_targets_worked_example(tmp_path):
    table = period_target_table()
    assert len(table) == 7 and all(len(v) == 4 for v in table.values())
    indikator = [
        {"kode": "K.1", "indikator": "K.1", "agregasi": "kumulatif", "target_tahunan": 100,
         "target_tw1": 10, "target_tw2": 20, "target_tw3": 30, "target_tw4": 40},
        {"kode": "K.2", "indikator": "K.2", "agregasi": "kumulatif", "target_tahunan": 100,
         "target_tw1": 10, "target_tw2": 20, "target_tw3": 30, "target_tw4": 40,
         "target_s1": 35},
        {"kode": "K.3", "indikator": "K.3", "agregasi": "akhir_periode", "target_tahunan": 100,
         "target_tw1": 25, "target_tw2": 50, "target_tw3": 75, "target_tw4": 100},
        {"kode": "K.4", "indikator": "K.4", "agregasi": "kumulatif", "target_tahunan": 100},
    ]
    real = [(f"K.{n}", "TW1", 5, None) for n in range(1, 5)]
    for periode, expected in table.items():
        path = workbook(tmp_path / f"{periode}.xlsx", periode, indikator, real)
        printed = rows(context(path, "kertas_kerja", 5)[1])
        assert [printed[f"K.{n}"]["target"] for n in range(1, 5)] == expected, periode
        for n, target in enumerate(expected, start=1):
            if target == "–":
                assert printed[f"K.{n}"]["capaian"] == "tidak dihitung"


# --- Budget hierarchy ---------------------------------------------------------------------------

BUDGET = [("1.24.2.1", "kegiatan", 1_004_422_800, 1_000_972_958),
          ("1.24.2.1.01", "sub_kegiatan", 808_430_200, 805_369_584),
          ("1.24.2.1.02", "sub_kegiatan", 195_992_600, 195_603_374)]  # fmt: skip


def budget_book(path: Path, kegiatan_pagu: int | None = None) -> Path:
    indikator, real = [], []
    for kode, level, pagu, spent in BUDGET:
        if level == "kegiatan" and kegiatan_pagu:
            pagu = kegiatan_pagu
        indikator.append({"kode": kode, "level": level, "indikator": f"Indikator {kode}",
                          "agregasi": "kumulatif", "target_tahunan": 2, "pagu": pagu})
        real.append((kode, "TW4", 2, spent))
    return workbook(path, "2022", indikator, real)


def test_budget_hierarchy_worked_example(tmp_path):
    guide = section("Budget hierarchy")
    for kode, _level, pagu, spent in BUDGET:
        assert kode in guide
        assert all(f"{x:,}".replace(",", ".") in guide for x in (pagu, spent))
    cycle, ctx = context(budget_book(tmp_path / "polman.xlsx"), "laporan_pengukuran", 8)
    assert [r["serapan"] for r in ctx["anggaran_rows"]] == ["99,66%", "99,62%", "99,80%"]
    assert (ctx["anggaran"]["pagu"], ctx["anggaran"]["realisasi"], ctx["anggaran"]["serapan"]) == (
        "Rp 1.004.422.800", "Rp 1.000.972.958", "99,66%")
    assert "Jumlah dihitung dari 2 baris anggaran terbawah" in ctx["anggaran_teks"]
    assert "1 baris program/kegiatan yang merinci tidak dijumlahkan lagi" in ctx["anggaran_teks"]
    for text in ("Rp 1.004.422.800", "Rp 2.008.845.600", "99,66%"):
        assert text in guide
    assert not any("1.24.2.1" in w for w in cycle.warnings)


def test_budget_hierarchy_worked_example_with_a_parent_that_differs(tmp_path, monkeypatch):
    monkeypatch.setenv("NASKAH_LANG", "en")  # the guide shows messages as NASKAH_LANG=en prints
    path = budget_book(tmp_path / "polman.xlsx", kegiatan_pagu=1_100_000_000)
    cycle, ctx = context(path, "laporan_pengukuran", 8)
    assert ctx["anggaran"]["pagu"] == "Rp 1.004.422.800"
    assert ctx["anggaran_rows"][0]["pagu"] == "Rp 1.100.000.000"
    [warning] = [w for w in cycle.warnings if "1.24.2.1" in w]
    shown = ("Indikator!Q2: pagu of 1.24.2.1 (Rp 1.100.000.000) differs from the sum of its 2 "
             "child lines (Rp 1.004.422.800)")
    assert shown in warning
    assert " ".join(shown.split()) in " ".join(section("Budget hierarchy").split())


# --- Decimals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("desimal", "target", "realisasi", "rumus", "tahunan"), [
    (None, "3,60", "3,00", "3,00 / 3,60 × 100", "14,40"),
    (1, "3,6", "3,0", "3,0 / 3,6 × 100", "14,4"),
])  # fmt: skip
def test_decimals_worked_example(tmp_path, desimal, target, realisasi, rumus, tahunan):
    guide = " ".join(section("Decimals").split())
    for text in (target, realisasi, rumus, tahunan, "83,33%"):
        assert f"`{text}`" in guide
    k = {"kode": "D.1", "indikator": "D.1", "agregasi": "kumulatif", "target_tahunan": "14,40",
         "target_tw1": "3,6", "desimal": desimal}
    path = workbook(tmp_path / "d.xlsx", "2025-TW1", [k], [("D.1", "TW1", 3, None)])
    _cycle, kk = context(path, "kertas_kerja", 5)
    row = rows(kk)["D.1"]
    assert (row["target"], row["realisasi"], row["rumus"], row["capaian"]) == (
        target, realisasi, rumus, "83,33%")
    assert f"(realisasi {realisasi} < target {target})" in row["keterangan"]
    if desimal is None:
        assert f'"Target belum tercapai (realisasi {realisasi} < target {target})"' in guide
    _cycle, lap = context(path, "laporan_pengukuran", 8)
    [analisis] = lap["analisis"]
    assert f"Terhadap target tahunan {tahunan} Orang" in analisis
