"""Real published Indonesian performance figures, typed into the documented input format and run
through an agency plugin: naskah must print what the sources print.

The sources (with their URLs, as transcribed, and notes on rounding) are the JSON files of
``tests/data/real_figures/`` (see its README.md). Each test builds an input workbook with
openpyxl as ``docs/input-format.md`` describes it, reads it with ``read_workbook``, measures it
with a test agency plugin (registered like any plugin, ``docs/plugins.md``) and reads the
printed values from the rekapitulasi/laporan pengukuran contexts. Where a source's printed value
differs from the formula, naskah's stated rule is asserted (``naskah_expected`` in the data,
beside the source's value and a note).
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document

import naskah
import naskah.templates
from naskah.agencies.manager import get_plugins
from naskah.documents.registry import build_context, kind
from naskah.input.workbook import read_workbook
from naskah.model import AgencyProfile, Pejabat, PlannedDocument
from naskah.pipeline import prepare_cycle
from naskah.plugins.dinsos_p3a_pessel.sop import PROCEDURES
from naskah.render import render_docx

DATA = Path(__file__).parent / "data" / "real_figures"
TEMPLATES = Path(naskah.templates.__file__).parent / "docx"
SLUG = "uji-angka-nyata"

PROFILE = AgencyProfile(
    slug=SLUG,
    nama="PERANGKAT DAERAH UJI (ANGKA DARI LAPORAN TERBIT)",
    singkatan="Uji",
    pemerintah="PEMERINTAH DAERAH UJI",
    kabupaten="Daerah Uji",
    kota="",
    kepala=Pejabat(jabatan="Kepala Perangkat Daerah"),
    sekretaris=Pejabat(jabatan="Sekretaris"),
    alamat="Jalan Uji",
)


class RealFiguresPlugin:
    """A test agency plugin: its profile and the SOP of Dinsos P3A; default measurement rules
    ((2·target − realisasi)/target for negative indicators, no cap, Permendagri 86/2017)."""

    @naskah.hookimpl
    def naskah_agencies(self) -> list[AgencyProfile]:
        return [PROFILE]

    @naskah.hookimpl
    def naskah_procedures(self, agency: AgencyProfile):
        return list(PROCEDURES) if agency.slug == SLUG else None


@pytest.fixture(scope="module")
def plugins():
    return get_plugins(entry_points=False, extra=(("uji_angka_nyata", RealFiguresPlugin()),))


def source(name: str) -> dict[str, Any]:
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    assert data["source_url"].startswith("http")
    return data


HEADERS = ["kode", "level", "uraian", "indikator", "jenis", "satuan", "polaritas", "agregasi",
           "bidang", "target_tahunan", "pagu", "induk"]  # fmt: skip


def workbook(path: Path, periode: str, indikator: list[dict], realisasi: list[tuple],
             extra_columns: tuple[str, ...] = ()) -> Path:  # fmt: skip
    """An input workbook as docs/input-format.md describes it: Siklus (periode), Indikator
    (``indikator`` dicts by header), Realisasi ``(kode, periode, realisasi,
    realisasi_anggaran)``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Siklus"
    ws.append(["kunci", "nilai"])
    ws.append(["periode", periode])
    ws = wb.create_sheet("Indikator")
    headers = HEADERS + list(extra_columns)
    ws.append(headers)
    for row in indikator:
        ws.append([row.get(h) for h in headers])
    for cell in ws["A"] + ws["L"]:
        cell.number_format = "@"
    ws = wb.create_sheet("Realisasi")
    ws.append(["kode", "periode", "realisasi", "realisasi_anggaran"])
    for r in realisasi:
        ws.append(list(r))
    wb.save(path)
    return path


def ind(kode, nama, target, *, polaritas="positif", agregasi="akhir_periode", level="sasaran",
        satuan="%", pagu=None, induk=None, **extra) -> dict:  # fmt: skip
    return {"kode": kode, "level": level, "uraian": nama, "indikator": nama, "jenis": "IK",
            "satuan": satuan, "polaritas": polaritas, "agregasi": agregasi, "bidang": "Sekretariat",
            "target_tahunan": target, "pagu": pagu, "induk": induk, **extra}  # fmt: skip


def run(plugins, path: Path):
    cycle = prepare_cycle(plugins, SLUG, read_workbook(path))
    return cycle


def context(cycle, slug: str, step: int) -> dict[str, Any]:
    doc = PlannedDocument(SLUG, cycle.periode, "pengukuran", step, kind(slug))
    return build_context(cycle, doc, None)


def rows_by_name(ctx: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {r["indikator"]: r for g in ctx["groups"] for r in g["rows"]}


def id_percent(printed: str) -> str:
    """A source's ``97.32`` / ``105,15%`` as naskah prints it: ``97,32%``."""
    value = Decimal(printed.rstrip("%").replace(",", "."))
    return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP)}%".replace(".", ",")


def en_int(text: str) -> int:
    """``"1,004,422,800"`` (English web format) → 1004422800."""
    return int(text.replace(",", ""))


def expected(row: dict[str, Any], key: str = "capaian_printed") -> str:
    return row.get("naskah_expected") or id_percent(row[key])


# --- Polewali Mandar 2022: budget hierarchy, monthly realisasi, annual period -------------------


def polman_workbook(tmp_path: Path, *, kodes=("4.02.02.2.01", "4.02.02.2.01.0001",
                    "4.02.02.2.01.0002"), induk=(None, None, None),
                    kegiatan_pagu: int | None = None) -> Path:  # fmt: skip
    """The Polman page typed in: kegiatan + 2 sub kegiatan, each with its indicator, pagu and
    monthly realisasi anggaran (the page drops empty monthly cells, so the months are ours:
    only their sum, printed as Jumlah, is the source's)."""
    src = source("polman-subbid-penyusunan-anggaran-2022.json")
    i1, i2, i3 = src["indicators"]
    b1, b2, b3 = src["budget"]
    k1, k2, k3 = kodes
    rows = [
        ind(k1, i1["nama"], i1["target"].replace(".", ","), level="kegiatan",
            pagu=kegiatan_pagu or en_int(b1["pagu"]), induk=induk[0]),
        ind(k2, i2["nama"], int(i2["target"]), level="sub_kegiatan", satuan="Dokumen",
            agregasi="kumulatif", pagu=en_int(b2["pagu"]), induk=induk[1]),
        ind(k3, i3["nama"], int(i3["target"]), level="sub_kegiatan", satuan="Dokumen",
            agregasi="kumulatif", pagu=en_int(b3["pagu"]), induk=induk[2]),
    ]  # fmt: skip
    real: list[tuple] = [(k1, "Desember", int(i1["realisasi"]), None)]
    real += [(k1, m, None, en_int(x)) for m, x in enumerate(b1["monthly_realisasi_printed"], 1)]
    real += [(k2, m, v, en_int(x)) for m, (v, x) in
             enumerate(zip((1, 0, 2, None), b2["monthly_realisasi_printed"], strict=True), 1)]
    rupiah3 = [None] + [en_int(x) for x in b3["monthly_realisasi_printed"]]  # months 2..4
    real += [(k3, m, v, x) for m, (v, x) in enumerate(zip((1, 1, 1, 2), rupiah3, strict=True), 1)]
    return workbook(tmp_path / "polman.xlsx", str(src["year"]), rows, real)


def test_polman_capaian_serapan_and_the_kegiatan_total(plugins, tmp_path):
    src = source("polman-subbid-penyusunan-anggaran-2022.json")
    cycle = run(plugins, polman_workbook(tmp_path))
    assert cycle.periode.key == "2022"
    ctx = context(cycle, "rekapitulasi_pengukuran", 6)
    assert ctx["periode"] == "Tahun 2022"
    rows = rows_by_name(ctx)
    for i, b in zip(src["indicators"], src["budget"], strict=True):
        row = rows[i["nama"]]
        assert row["capaian"] == expected(i), i["nama"]
        assert row["serapan"] == id_percent(b["serapan_printed"]), b["nama"]
        assert row["pagu"] == f"Rp {en_int(b['pagu']):,}".replace(",", ".")
    total = src["budget_total_printed"]
    # One level: the two sub kegiatan — not kegiatan + sub kegiatan (Rp 2.008.845.600).
    assert en_int(total["pagu"]) == 1_004_422_800
    assert ctx["anggaran"]["pagu"] == "Rp 1.004.422.800"
    assert ctx["anggaran"]["realisasi"] == "Rp 1.000.972.958"
    assert ctx["anggaran"]["serapan"] == id_percent(total["serapan"])
    assert not any("differs from the sum" in w or "berbeda" in w for w in cycle.warnings)
    # the laporan's section IV says the same and which level it adds
    lap = context(cycle, "laporan_pengukuran", 8)
    assert lap["anggaran"]["pagu"] == "Rp 1.004.422.800"
    assert "Jumlah dihitung dari 2 baris anggaran terbawah" in lap["anggaran_teks"]
    assert [r["serapan"] for r in lap["anggaran_rows"]] == ["99,66%", "99,62%", "99,80%"]


def test_polman_hierarchy_from_an_explicit_induk_column(plugins, tmp_path):
    path = polman_workbook(tmp_path, kodes=("KEG-A", "SUB-1", "SUB-2"),
                           induk=(None, "KEG-A", "KEG-A"))  # fmt: skip
    ctx = context(run(plugins, path), "rekapitulasi_pengukuran", 6)
    assert ctx["anggaran"]["pagu"] == "Rp 1.004.422.800"
    assert ctx["anggaran"]["realisasi"] == "Rp 1.000.972.958"


def test_a_parent_pagu_that_differs_from_its_children_is_a_located_warning(plugins, tmp_path):
    path = polman_workbook(tmp_path, kegiatan_pagu=1_100_000_000)
    cycle = run(plugins, path)
    ctx = context(cycle, "rekapitulasi_pengukuran", 6)
    assert ctx["anggaran"]["pagu"] == "Rp 1.004.422.800"  # the leaves, not corrected
    kegiatan = next(r for g in ctx["groups"] for r in g["rows"] if r["pagu"] == "Rp 1.100.000.000")
    assert kegiatan  # printed as given
    warning = next(w for w in cycle.warnings if "4.02.02.2.01" in w)
    assert "polman.xlsx: Indikator!K2" in warning
    assert "Rp 1.100.000.000" in warning and "Rp 1.004.422.800" in warning


def test_polman_rekapitulasi_docx_prints_the_total_once(plugins, tmp_path):
    cycle = run(plugins, polman_workbook(tmp_path))
    ctx = context(cycle, "rekapitulasi_pengukuran", 6)
    out = tmp_path / "rekap.docx"
    render_docx(TEMPLATES / "rekapitulasi_pengukuran.docx", ctx, out)
    doc = Document(out)
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "Tahun 2022" in text
    assert "Rp 1.004.422.800" in cells and "Rp 2.008.845.600" not in cells


# --- Lampung 2015 and 2016: negative polarity --------------------------------------------------


@pytest.mark.parametrize(
    "name", ["lampung-lkj-provinsi-2015.json", "lampung-lkj-provinsi-2016.json"]
)
def test_lampung_negative_indicators_use_2_target_minus_realisasi(plugins, tmp_path, name):
    src = source(name)
    rows, real = [], []
    for n, i in enumerate(src["indicators"], start=1):
        kode = f"S.{n}"
        rows.append(ind(kode, i["nama"], i["target"], polaritas=i["polaritas"],
                        satuan=i["satuan"]))  # fmt: skip
        real.append((kode, "Desember", i["realisasi"], None))  # typed as printed: "4,88"
    cycle = run(plugins, workbook(tmp_path / "lampung.xlsx", str(src["year"]), rows, real))
    printed = rows_by_name(context(cycle, "rekapitulasi_pengukuran", 6))
    for i in src["indicators"]:
        got = printed[i["nama"]]["capaian"]
        if i["capaian_printed"] is None:  # cut in the excerpt after "121"
            assert got == i["naskah_expected"] and got.startswith("121")
        else:
            assert got == expected(i), (i["nama"], i.get("naskah_note"))
        target, realisasi = (Decimal(i[k].replace(",", ".")) for k in ("target", "realisasi"))
        assert got == id_percent(str((2 * target - realisasi) / target * 100))


# --- Salatiga 2019 and 2020: annual IKU table, earlier year beside the current ------------------


def test_salatiga_annual_table_and_the_earlier_year(plugins, tmp_path):
    now, before = source("salatiga-lkjip-kota-2020.json"), source("salatiga-lkjip-kota-2019.json")
    earlier = {i["nama"]: i["realisasi"] for i in before["indicators"]}
    rows, real = [], []
    for n, i in enumerate(now["indicators"], start=1):
        kode = f"IKU.{n}"
        rows.append(ind(kode, i["nama"], i["target"].rstrip("%"), satuan=i["satuan"],
                        realisasi_2019=earlier[i["nama"]].rstrip("%")))  # fmt: skip
        real.append((kode, "TW4", i["realisasi"].rstrip("%"), None))
    path = workbook(tmp_path / "salatiga.xlsx", "2020", rows, real, ("realisasi_2019",))
    cycle = run(plugins, path)
    lap = context(cycle, "laporan_pengukuran", 8)
    assert lap["periode"] == "Tahun 2020"
    printed = {r["indikator"]: r for g in lap["groups"] for r in g["rows"]}
    for i in now["indicators"]:
        assert printed[i["nama"]]["capaian"] == expected(i)
    # Targets keep the decimals of their indicator: "9,91"; "50%" beside "88,97%" → "50,00".
    assert printed["Rata Rata Lama Sekolah"]["target"] == "9,91"
    assert printed["Cakupan seni dan cagar budaya yang dilestarikan"]["target"] == "50,00"
    assert lap["tahun_lalu"] == ["–", "2019"]
    compared = {r["indikator"]: r for r in lap["perbandingan"]}
    # RLS 2019 printed "10,4"; naskah prints the indicator's 2 decimals consistently.
    assert compared["Rata Rata Lama Sekolah"]["lalu"] == ["–", "10,40"]
    assert compared["Rata Rata Lama Sekolah"]["realisasi"] == "10,42"
    assert compared["Harapan Lama Sekolah"]["lalu"] == ["–", "15,00"]
    assert compared["Cakupan seni dan cagar budaya yang dilestarikan"]["capaian"] == "177,94%"


def test_salatiga_2019_rounds_half_up_where_the_source_truncated(plugins, tmp_path):
    src = source("salatiga-lkjip-kota-2019.json")
    rows, real = [], []
    for n, i in enumerate(src["indicators"], start=1):
        kode = f"IKU.{n}"
        rows.append(ind(kode, i["nama"], i["target"].rstrip("%"), polaritas=i["polaritas"],
                        satuan=i["satuan"]))  # fmt: skip
        real.append((kode, "TW4", i["realisasi"].rstrip("%"), None))
    cycle = run(plugins, workbook(tmp_path / "salatiga19.xlsx", "2019", rows, real))
    printed = rows_by_name(context(cycle, "rekapitulasi_pengukuran", 6))
    for i in src["indicators"]:
        assert printed[i["nama"]]["capaian"] == expected(i), i.get("naskah_note")
    assert printed["Cakupan seni dan cagar budaya yang dilestarikan"]["capaian"] == "159,20%"
    assert printed["Peringkat dalam Porda"]["capaian"] == "100,00%"  # text target "Rangking 6"


# --- Sumatera Utara 2021: budget of sub kegiatan, serapan per row --------------------------------


def test_sumut_serapan_per_sub_kegiatan_and_total(plugins, tmp_path):
    src = source("sumut-setda-lkj-2021-ss3-keuangan.json")
    subs = [b for b in src["budget"] if b["level"] == "sub_kegiatan"]
    rows, real = [], []
    for n, b in enumerate(subs, start=1):
        kode = f"1.01.0{n}.2.01.0001"
        rows.append(ind(kode, b["nama"], None, level="sub_kegiatan",
                        pagu=b["pagu"], satuan="%"))  # fmt: skip
        real.append((kode, "TW4", None, b["realisasi"]))  # "702.188.300" typed as text
    cycle = run(plugins, workbook(tmp_path / "sumut.xlsx", "2021", rows, real))
    ctx = context(cycle, "rekapitulasi_pengukuran", 6)
    printed = rows_by_name(ctx)
    for b in subs:
        row = printed[b["nama"]]
        if "naskah_expected" in b:
            assert row["serapan"] == b["naskah_expected"], b["naskah_note"]
        else:  # the source prints 1 decimal: naskah's 2 decimals round to it
            two = Decimal(row["serapan"].rstrip("%").replace(",", "."))
            assert str(two.quantize(Decimal("0.1"), ROUND_HALF_UP)) == b["serapan_printed"]
        # no target: capaian and efficiency are stated, never 0 or "Cukup Efisien"
        assert row["capaian"] == "tidak dihitung"
        assert row["efisiensi"] == "tidak dapat diukur"
    total = src["budget_total_printed"]["naskah_expected"]
    assert ctx["anggaran"]["pagu"] == total["pagu"]
    assert ctx["anggaran"]["realisasi"] == total["realisasi"]
    assert ctx["anggaran"]["serapan"] == total["serapan"]
