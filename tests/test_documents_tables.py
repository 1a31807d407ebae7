"""The collection and measurement documents (formulir, rekapitulasi, laporan, kertas kerja):
contexts, templates and the rendered DOCX read back with python-docx."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

import naskah.templates
from naskah.documents import kinerja, pengukuran
from naskah.documents.registry import build_context, kind
from naskah.formatting import KOSONG, persen
from naskah.measurement.rules import measure
from naskah.measurement.types import MeasurementRules, RumusNegatif
from naskah.model import PlannedDocument
from naskah.render import Image, check_template, render_docx
from tests.conftest import HAS_SOFFICE
from tests.factories import LINJAMSOS, REHSOS, SEKRETARIAT, make_cycle

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(naskah.templates.__file__).parent / "docx"
MM = 36000

NOMOR = "000.8.6.3/042/Dinsos-P3A/2025"
ND_PENGUMPULAN = "000.8.6.3/007/Dinsos-P3A/2025"
ND_PENGUKURAN = "000.8.6.3/011/Dinsos-P3A/2025"

# (procedure, step, kind, variant, bidang) of every document these builders make
DOCS = {
    "formulir_pengumpulan": ("pengumpulan", 5, "formulir_pengumpulan", "", REHSOS),
    "formulir_pengumpulan-terisi": ("pengumpulan", 7, "formulir_pengumpulan", "terisi", REHSOS),
    "rekapitulasi_pengumpulan": ("pengumpulan", 8, "rekapitulasi_pengumpulan", "", ""),
    "laporan_pengumpulan-draft": ("pengumpulan", 9, "laporan_pengumpulan", "draft", ""),
    "laporan_pengumpulan": ("pengumpulan", 10, "laporan_pengumpulan", "", ""),
    "kertas_kerja-metodologi": ("pengukuran", 4, "kertas_kerja", "metodologi", ""),
    "kertas_kerja": ("pengukuran", 5, "kertas_kerja", "", ""),
    "rekapitulasi_pengukuran": ("pengukuran", 6, "rekapitulasi_pengukuran", "", ""),
    "laporan_pengukuran-draft": ("pengukuran", 7, "laporan_pengukuran", "draft", ""),
    "laporan_pengukuran": ("pengukuran", 8, "laporan_pengukuran", "", ""),
}
SLUGS = sorted({d[2] for d in DOCS.values()})
LANDSCAPE = {"formulir_pengumpulan", "rekapitulasi_pengumpulan", "kertas_kerja",
             "rekapitulasi_pengukuran"}  # fmt: skip


@pytest.fixture
def cycle():
    c = make_cycle()
    key = f"{c.agency.slug}/{c.periode.key}"
    c.nomor[f"{key}/pengumpulan/01/nota_dinas"] = ND_PENGUMPULAN
    c.nomor[f"{key}/pengukuran/01/nota_dinas"] = ND_PENGUKURAN
    return c


def planned(cycle, name: str, *, bidang: str | None = None) -> PlannedDocument:
    proc, step, slug, variant, bid = DOCS[name]
    return PlannedDocument(
        cycle.agency.slug, cycle.periode, proc, step, kind(slug), variant,
        bid if bidang is None else bidang,
    )  # fmt: skip


def context(cycle, name: str, **kw) -> dict:
    doc = planned(cycle, name, **kw)
    nomor = NOMOR if doc.kind.bernomor and doc.variant != "draft" else None
    return build_context(cycle, doc, nomor)


def render(cycle, name: str, outdir: Path, **kw) -> Path:
    doc = planned(cycle, name, **kw)
    out = outdir / f"{name}.docx"
    render_docx(TEMPLATES / f"{doc.kind.slug}.docx", context(cycle, name, **kw), out)
    return out


def paragraphs(path: Path) -> list[str]:
    """Every paragraph of the body (nested tables included), headers and footers."""
    doc = Document(path)
    parts = [doc.element.body]
    for s in doc.sections:
        parts += [s.header._element, s.footer._element]
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for part in parts
            for p in part.iter(qn("w:p"))]  # fmt: skip


def text(path: Path) -> str:
    return "\n".join(paragraphs(path))


def _tables(tables):
    for t in tables:
        yield t
        for row in t.rows:
            for cell in row.cells:
                yield from _tables(cell.tables)


def table_rows(path: Path, header: str) -> list[list[str]]:
    """Rows (cell texts) of the first table (nested ones included) whose first row has a cell
    ``header``."""
    for t in _tables(Document(path).tables):
        rows = [[c.text for c in r.cells] for r in t.rows]
        if rows and header in rows[0]:
            return rows
    raise AssertionError(f"no table with header {header!r}")


def row_of(rows: list[list[str]], needle: str) -> list[str]:
    for r in rows:
        if any(needle in c for c in r):
            return r
    raise AssertionError(f"no row with {needle!r}")


def capaian_of(cycle, kode: str):
    return next(c for c in cycle.capaian if c.indikator.kode == kode)


# --- templates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DOCS))
def test_template_has_no_problem_with_its_context(cycle, name):
    slug = DOCS[name][2]
    assert check_template(TEMPLATES / f"{slug}.docx", context(cycle, name)) == []


def test_committed_templates_are_what_the_builder_makes(tmp_path):
    sys.path.insert(0, str(ROOT / "templates" / "build"))
    try:
        import tables

        built = tables.build_all(tmp_path)
    finally:
        sys.path.remove(str(ROOT / "templates" / "build"))
    assert {p.stem for p in built} == set(SLUGS)
    for path in built:
        assert path.read_bytes() == (TEMPLATES / path.name).read_bytes(), (
            f"{path.name} is stale: run .venv/bin/python templates/build"
        )


@pytest.mark.parametrize("slug", SLUGS)
def test_wide_tables_are_landscape_f4_and_reports_portrait(slug):
    s = Document(TEMPLATES / f"{slug}.docx").sections[0]
    size = (round(s.page_width / MM), round(s.page_height / MM))
    assert size == ((330, 215) if slug in LANDSCAPE else (215, 330))


@pytest.mark.parametrize("slug", SLUGS)
def test_no_table_is_wider_than_the_text(slug):
    doc = Document(TEMPLATES / f"{slug}.docx")
    s = doc.sections[0]
    text_width = (s.page_width - s.left_margin - s.right_margin) / MM
    for t in doc.tables:
        grid = [int(g.get(qn("w:w"))) for g in t._tbl.tblGrid.iter(qn("w:gridCol"))]
        ind = t._tbl.tblPr.find(qn("w:tblInd"))
        indent = int(ind.get(qn("w:w"))) if ind is not None else 0
        assert (sum(grid) + indent) / 56.6929 <= text_width + 0.5, slug


# --- formulir ----------------------------------------------------------------------------------


def test_formulir_lists_exactly_the_indicators_of_its_bidang(cycle, tmp_path):
    path = render(cycle, "formulir_pengumpulan", tmp_path)
    rows = table_rows(path, "Kode")
    kode_rows = [r[1] for r in rows[2:]]
    assert kode_rows == [c.indikator.kode for c in cycle.capaian_of_bidang(REHSOS)]
    all_text = text(path)
    for part in ["FORMULIR PENGUMPULAN DATA CAPAIAN KINERJA", "Perangkat Daerah", REHSOS,
                 "Triwulan I Tahun 2025", "Yang mengisi,", "Kepala Bidang Rehabilitasi Sosial",
                 "Petunjuk pengisian:"]:  # fmt: skip
        assert part in all_text, part


def test_blank_formulir_has_targets_and_dotted_realisasi(cycle, tmp_path):
    rows = table_rows(render(cycle, "formulir_pengumpulan", tmp_path), "Kode")
    assert rows[0][7:9] == ["Target\nTW I", "Realisasi\nTW I"]
    row = row_of(rows, "1.06.04.2.01.0001")
    assert row[4:8] == ["IKK", "Orang", "120", "30"]
    assert row[8] == row[9] == row[10] == KOSONG


def test_filled_formulir_shows_values_and_never_a_zero(cycle, tmp_path):
    path = render(cycle, "formulir_pengumpulan-terisi", tmp_path)
    rows = table_rows(path, "Kode")
    assert row_of(rows, "1.06.04.2.01.0001")[8:10] == ["34", "Rp 60.250.000"]
    na = row_of(rows, "1.06.04.2.01.0003")
    assert na[8] == "tidak dapat diukur"
    assert na[10] == "Pengadaan alat bantu belum dilaksanakan"
    for row in rows[2:]:
        assert "0" not in row[8:10]
    assert "Petunjuk pengisian:" not in text(path)


def test_filled_formulir_of_another_bidang_says_not_reported(cycle, tmp_path):
    path = render(cycle, "formulir_pengumpulan-terisi", tmp_path, bidang=LINJAMSOS)
    rows = table_rows(path, "Kode")
    assert [r[1] for r in rows[2:]] == ["1.06.02.2.03.0016", "1.06.04.2.01.0004"]
    assert row_of(rows, "1.06.04.2.01.0004")[8:10] == ["belum dilaporkan", "belum dilaporkan"]


def test_formulir_of_the_sekretariat_is_signed_by_the_sekretaris(cycle):
    ctx = context(cycle, "formulir_pengumpulan", bidang=SEKRETARIAT)
    assert ctx["ttd"]["jabatan"].startswith("Sekretaris")
    assert set(ctx["ttd"]["nama"]) == {"."}  # a blank line, no invented name
    sasaran = ctx["rows"][0]
    assert sasaran["anggaran"] == "–"  # a sasaran has no budget line to fill


# --- rekapitulasi pengumpulan ------------------------------------------------------------------


def test_rekap_pengumpulan_groups_by_bidang_with_status(cycle, tmp_path):
    path = render(cycle, "rekapitulasi_pengumpulan", tmp_path)
    rows = table_rows(path, "Status")
    groups = [r[0] for r in rows if len(set(r)) == 1 and r[0]]
    assert groups == list(cycle.data.bidang)
    assert row_of(rows, "Opini BPK")[4:6] == ["WTP", "Lengkap"]
    assert row_of(rows, "Alat Bantu")[4:6] == ["tidak dapat diukur", "Tidak dapat diukur"]
    assert row_of(rows, "Reunifikasi")[4:6] == ["belum dilaporkan", "Belum dilaporkan"]
    summary = table_rows(path, "Sekretariat/Bidang")
    assert summary[-1][2:] == ["8", "6", "1", "1"]
    assert "Ketua Tim SAKIP" in text(path)


def test_rekap_pengumpulan_has_one_column_per_triwulan_up_to_the_period(tmp_path):
    cycle = make_cycle("2025-TW3")
    ctx = build_context(cycle, planned(cycle, "rekapitulasi_pengumpulan"), None)
    assert ctx["jumlah_tw"] == 3
    out = tmp_path / "rekap.docx"
    render_docx(TEMPLATES / "rekapitulasi_pengumpulan.docx", ctx, out)
    header = table_rows(out, "Status")[0]
    assert header[4:7] == ["Realisasi\nTW I", "Realisasi\nTW II", "Realisasi\nTW III"]
    row = row_of(table_rows(out, "Status"), "PPKS")
    # TW III data is not in the factory: belum dilaporkan, and TW II is noted as missing
    assert row[4:8] == ["75,5", "belum dilaporkan", "belum dilaporkan", "Belum dilaporkan"]
    assert "Realisasi TW II belum dilaporkan." in row[8]


# --- laporan pengumpulan -----------------------------------------------------------------------


def test_draft_laporan_pengumpulan_is_marked_and_has_no_nomor(cycle, tmp_path):
    path = render(cycle, "laporan_pengumpulan-draft", tmp_path)
    lines = paragraphs(path)
    assert "DRAFT" in lines
    assert not any(line.startswith("Nomor :") for line in lines)
    all_text = text(path)
    assert NOMOR not in all_text
    assert "Draft Laporan Hasil Pengumpulan Data Kinerja Triwulan I Tahun 2025" in all_text
    assert "Ketua Tim SAKIP" in all_text


def test_final_laporan_pengumpulan_has_nomor_and_cites_the_nota_dinas(cycle, tmp_path):
    path = render(cycle, "laporan_pengumpulan", tmp_path)
    lines = paragraphs(path)
    assert f"Nomor : {NOMOR}" in lines
    assert "DRAFT" not in lines
    all_text = text(path)
    assert f"Nomor {ND_PENGUMPULAN} tanggal 2 April 2025" in all_text
    assert ND_PENGUKURAN not in all_text
    for part in ["I. PENDAHULUAN", "II. HASIL PENGUMPULAN DATA", "III. PERMASALAHAN",
                 "IV. PENUTUP", "Painan, 16 April 2025"]:  # fmt: skip
        assert part in all_text, part


def test_laporan_pengumpulan_lists_the_missing_data_by_name(cycle):
    masalah = context(cycle, "laporan_pengumpulan")["permasalahan"]
    assert len(masalah) == 2
    assert masalah[0].startswith("Jumlah Orang yang Mendapatkan Alat Bantu")
    assert "tidak dapat diukur" in masalah[0]
    assert masalah[1].startswith("Jumlah Orang yang Mendapatkan Pelayanan Reunifikasi")
    assert "belum dilaporkan" in masalah[1]


def test_laporan_without_a_nota_dinas_nomor_prints_a_blank(tmp_path):
    cycle = make_cycle()
    ctx = build_context(cycle, planned(cycle, "laporan_pengumpulan"), NOMOR)
    assert f"Nomor {KOSONG} tanggal" in ctx["dasar"][1]


# --- kertas kerja --------------------------------------------------------------------------------


def test_metodologi_has_formulas_and_scale_but_no_values(cycle, tmp_path):
    path = render(cycle, "kertas_kerja-metodologi", tmp_path)
    all_text = text(path)
    for part in [
        "Metodologi Pengukuran Capaian Kinerja",
        "Capaian = Realisasi / Target × 100",
        "Capaian = (2 × Target − Realisasi) / Target × 100",
        "≥ 91%",
        "≥ 76% dan < 91%",
        "< 51%",
        "Sangat Rendah",
        "tanpa batas atas",
        "pembulatan setengah",
        "Formulir pengumpulan data capaian kinerja Sekretariat",
    ]:
        assert part in all_text, part  # fmt: skip
    for value in ["94,38%", "113,33%", "75,5"]:
        assert value not in all_text


def test_metodologi_follows_the_agency_rules(tmp_path):
    from decimal import Decimal

    rules = MeasurementRules(rumus_negatif=RumusNegatif.TARGET_PER_REALISASI,
                             batas_atas=Decimal(120))  # fmt: skip
    cycle = make_cycle(rules=rules)
    ctx = build_context(cycle, planned(cycle, "kertas_kerja-metodologi"), None)
    row = next(r for g in ctx["groups"] for r in g["rows"] if "kekerasan" in r["indikator"])
    assert row["rumus"] == "Capaian = Target / Realisasi × 100"
    assert ctx["ketentuan"][0].startswith("Capaian dibatasi paling tinggi 120%")


def test_filled_kertas_kerja_shows_the_formula_with_numbers(cycle, tmp_path):
    path = render(cycle, "kertas_kerja", tmp_path)
    rows = table_rows(path, "Rumus")
    ppks = row_of(rows, "PPKS")
    assert ppks[3:10] == ["Positif", "Akhir periode", "80", "75,5", "75,5 / 80 × 100", "94,38%",
                          "Sangat Tinggi"]  # fmt: skip
    negatif = row_of(rows, "kekerasan")
    assert negatif[7:9] == ["(2 × 10 − 8) / 10 × 100", "120,00%"]
    na = row_of(rows, "Alat Bantu")
    assert na[6:10] == ["tidak dapat diukur", "–", "tidak dihitung", "–"]
    assert "tidak dianggap 0" in na[10]


# --- rekapitulasi pengukuran -------------------------------------------------------------------


def test_rekap_pengukuran_prints_the_measured_capaian_indonesian_style(cycle, tmp_path):
    path = render(cycle, "rekapitulasi_pengukuran", tmp_path)
    rows = table_rows(path, "Efisiensi")
    c = capaian_of(cycle, "1.06.04.2.01.0001")
    again = measure(c.indikator, cycle.data.realisasi_of(c.indikator.kode), cycle.periode,
                    cycle.rules)  # fmt: skip
    assert persen(again.nilai) == "113,33%"
    row = row_of(rows, "Permakanan")
    assert row[5:11] == ["113,33%", "Sangat Tinggi", "Rp 250.000.000", "Rp 60.250.000",
                         "24,10%", "Efisien"]  # fmt: skip
    assert row_of(rows, "Alat Bantu")[5:9] == ["tidak dihitung", "–", "Rp 180.000.000",
                                               "belum dilaporkan"]  # fmt: skip
    assert rows[-1][-4:-1] == ["Rp 585.500.000", "Rp 96.249.500", "16,44%"]


def test_rekap_pengukuran_groups_by_level_sasaran_first(cycle):
    ctx = context(cycle, "rekapitulasi_pengukuran")
    assert [g["judul"] for g in ctx["groups"]] == [
        "Indikator Sasaran", "Indikator Program", "Indikator Sub Kegiatan"]  # fmt: skip
    assert [r["no"] for g in ctx["groups"] for r in g["rows"]] == list(range(1, 9))
    assert ctx["groups"][0]["rows"][0]["indikator"] == "Persentase PPKS yang tertangani (IKU)"


def test_rekap_pengukuran_summary_and_chart(cycle, tmp_path):
    ctx = context(cycle, "rekapitulasi_pengukuran")
    # P.1 (opini "WTP") has a yearly target only: no TW I target → tidak dihitung, out of the
    # average and the predicate tally (domain brief §2, Period targets).
    assert ctx["ringkasan"]["rata_rata"].startswith("102,54% (dari 5 indikator")
    assert ctx["ringkasan"]["tidak_dihitung"] == (
        "3 indikator (1 tanpa target, 1 tidak dapat diukur, 1 belum dilaporkan)"
    )
    assert [s["jumlah"] for s in ctx["skala"]] == [4, 1, 0, 0, 0]
    assert len(ctx["grafik"]) == 1 and isinstance(ctx["grafik"][0], Image)
    chart = ctx["grafik"][0].path.read_text()  # SVG: vector, its text kept as text
    assert chart.startswith("<?xml") and "<svg" in chart and "Capaian (%)" in chart
    path = tmp_path / "rekap.docx"
    render_docx(TEMPLATES / "rekapitulasi_pengukuran.docx", ctx, path)
    assert len(Document(path).inline_shapes) == 1


def test_many_indicators_split_the_chart(cycle):
    many = list(cycle.capaian) * 4  # 32 rows
    images = kinerja.grafik_capaian(cycle, many, 230, per_grafik=12)
    assert len(images) == 3


@pytest.mark.parametrize("n", range(0, 80))
def test_a_capaian_chart_is_cut_only_when_a_page_cannot_hold_it_and_never_leaves_one_alone(n):
    """Issue 11: the bundled trail's 19 indicators came out as a chart of 18 and a chart of
    one on the same page (portrait: 18 rows of 11 mm per page)."""
    sizes, tinggi = kinerja.bagian_grafik(n, 18, 11)
    assert sum(sizes) == n
    assert tinggi * max(sizes) <= 18 * 11 + 1e-9  # each part fits the page's chart height
    assert tinggi >= kinerja.TINGGI_BARIS_MIN_MM or tinggi == 11
    if len(sizes) > 1:
        assert n * kinerja.TINGGI_BARIS_MIN_MM > 18 * 11  # one chart would not fit
        assert max(sizes) - min(sizes) <= 1 and min(sizes) > 1
        assert len(sizes) == -(-n // 18)


def test_the_bundled_19_indicators_make_one_portrait_chart_and_two_even_landscape_ones():
    assert kinerja.bagian_grafik(19, 18, 11) == ([19], 18 * 11 / 19)
    assert kinerja.bagian_grafik(19, 12, 10) == ([10, 9], 10)  # landscape: 10 and 9, not 12 + 7


# --- laporan pengukuran ------------------------------------------------------------------------


def test_draft_laporan_pengukuran_is_marked_and_has_no_nomor(cycle, tmp_path):
    path = render(cycle, "laporan_pengukuran-draft", tmp_path)
    lines = paragraphs(path)
    assert "DRAFT" in lines
    assert "DRAFT — belum ditandatangani" in lines  # page header
    assert not any(line.startswith("Nomor :") for line in lines)
    assert NOMOR not in text(path)


def test_final_laporan_pengukuran_has_nomor_and_cites_its_own_nota_dinas(cycle, tmp_path):
    path = render(cycle, "laporan_pengukuran", tmp_path)
    lines = paragraphs(path)
    assert f"Nomor : {NOMOR}" in lines
    assert not any("DRAFT" in line for line in lines)
    all_text = text(path)
    assert f"Nomor {ND_PENGUKURAN} tanggal 17 April 2025" in all_text
    assert ND_PENGUMPULAN not in all_text
    for part in ["II. METODOLOGI PENGUKURAN", "III. HASIL PENGUKURAN KINERJA", "IV. ANGGARAN",
                 "V. PENUTUP", "LAMPIRAN", "Painan, 28 April 2025"]:  # fmt: skip
        assert part in all_text, part
    # the Sekretaris signs the final: the block for the Sekretaris' arahan is on the draft only
    assert "Catatan/arahan" not in all_text
    assert "Catatan/arahan Sekretaris:" in text(render(cycle, "laporan_pengukuran-draft",
                                                       tmp_path))
    # one capaian chart and one small chart per indicator with a number to draw: all but the
    # opini (text target "WTP")
    assert len(Document(path).inline_shapes) == 1 + 7


def test_laporan_pengukuran_iku_table_comes_first(cycle, tmp_path):
    path = render(cycle, "laporan_pengukuran", tmp_path)
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in Document(path).tables]
    capaian_tables = [t for t in tables if t[0][:2] == ["No", "Indikator Kinerja"]]
    iku, semua = capaian_tables[:2]
    assert [r[1] for r in iku[2:]] == [
        "Persentase PPKS yang tertangani (IKU)",
        "Jumlah kasus kekerasan terhadap perempuan dan anak (IKU)",
    ]
    assert len([r for r in semua[2:] if r[0].isdigit()]) == 8


def test_analysis_sentences_come_from_the_numbers(cycle):
    ctx = context(cycle, "laporan_pengukuran")
    ppks, kekerasan = ctx["analisis"][:2]
    assert ppks == (
        "Persentase PPKS yang tertangani: realisasi 75,5% dari target 80%, capaian 94,38% "
        "dengan predikat Sangat Tinggi; target belum tercapai."
    )
    assert "indikator negatif" in kekerasan and "target tercapai" in kekerasan
    assert "target tahunan" not in kekerasan
    reunifikasi = ctx["analisis"][-1]
    assert "capaian tidak dihitung" in reunifikasi and "0%" not in reunifikasi


def test_rencana_aksi_is_left_blank_for_the_sekretaris(cycle):
    ctx = context(cycle, "laporan_pengukuran")
    names = [r["indikator"] for r in ctx["rencana_aksi"]]
    assert names == [
        "Persentase PPKS yang tertangani",
        "Opini BPK atas laporan keuangan",  # no TW I target: belum dapat dinilai
        "Jumlah Orang yang Mendapatkan Alat Bantu dan Alat Bantu Peraga Sesuai kebutuhan "
        "Kewenangan Kabupaten/Kota",
        "Jumlah Peserta Bimbingan Fisik, Mental, Spiritual dan Sosial Kewenangan Kabupaten/Kota",
        "Jumlah Orang yang Mendapatkan Pelayanan Reunifikasi Keluarga Kewenangan Kabupaten/Kota",
    ]
    assert set(ctx["rencana_aksi"][0]) == {"no", "indikator"}


def test_anggaran_of_the_laporan(cycle):
    ctx = context(cycle, "laporan_pengukuran")
    assert [r["no"] for r in ctx["anggaran_rows"]] == [1, 2, 3, 4]
    assert ctx["anggaran_teks"].startswith(
        "Pagu anggaran 4 program/kegiatan/sub kegiatan yang diukur sebesar Rp 585.500.000; "
        "realisasi anggaran TW I sebesar Rp 96.249.500 atau serapan 16,44%."
    )
    assert "1 program/kegiatan/sub kegiatan belum dilaporkan" in ctx["anggaran_teks"]


def test_lampiran_pairs_two_charts_per_row(cycle):
    lampiran = context(cycle, "laporan_pengukuran")["lampiran"]
    assert len(lampiran) == 4
    assert all(len(p) == 2 for p in lampiran)
    assert lampiran[0][0]["judul"] == "1. Persentase PPKS yang tertangani (%)"
    assert lampiran[1][0]["judul"].startswith("4. Jumlah Orang")  # 3 (opini WTP) has no chart
    assert lampiran[-1][1] == {"gambar": "", "judul": ""}


def test_chart_widths_fit_their_pages():
    assert pengukuran.LEBAR_GRAFIK_LANDSCAPE_MM <= 295
    assert pengukuran.LEBAR_GRAFIK_PORTRAIT_MM <= 170
    assert 2 * pengukuran.LEBAR_GRAFIK_KECIL_MM <= 170


# --- PDF ---------------------------------------------------------------------------------------

REQUIRED_IN_PDF = {
    "formulir_pengumpulan": ["FORMULIR PENGUMPULAN DATA CAPAIAN KINERJA", "Yang mengisi,",
                             "Petunjuk pengisian:"],
    "formulir_pengumpulan-terisi": ["tidak dapat diukur", "Rp 60.250.000"],
    "rekapitulasi_pengumpulan": ["REKAPITULASI HASIL PENGUMPULAN DATA KINERJA",
                                 "Belum dilaporkan", "Ketua Tim SAKIP"],
    "laporan_pengumpulan-draft": ["DRAFT", "III. PERMASALAHAN"],
    "laporan_pengumpulan": [f"Nomor : {NOMOR}", ND_PENGUMPULAN],
    "kertas_kerja-metodologi": ["KERTAS KERJA PENGUKURAN KINERJA", "Sangat Tinggi"],
    "kertas_kerja": ["75,5 / 80 × 100", "94,38%"],
    "rekapitulasi_pengukuran": ["REKAPITULASI HASIL PENGUKURAN KINERJA", "113,33%",
                                "Rp 585.500.000"],
    "laporan_pengukuran-draft": ["DRAFT", "V. PENUTUP"],
    "laporan_pengukuran": [f"Nomor : {NOMOR}", ND_PENGUKURAN, "LAMPIRAN"],
}  # fmt: skip


@pytest.mark.soffice
@pytest.mark.skipif(not HAS_SOFFICE, reason="needs soffice and pdftotext")
def test_tables_convert_to_pdf_with_their_parts(cycle, tmp_path):
    docs = [render(cycle, name, tmp_path) for name in DOCS]
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), *map(str, docs)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    for name, parts in REQUIRED_IN_PDF.items():
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists(), name
        out = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        out = " ".join(out.split())  # cell text wraps: compare with single spaces
        for part in parts:
            assert part in out, (name, part)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        size = next(line for line in info.splitlines() if line.startswith("Page size"))
        w, h = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
        landscape = DOCS[name][2] in LANDSCAPE
        assert (w > h) == landscape, (name, size)
        # F4: 330 × 215 mm = 935.4 × 609.4 pt
        assert abs(max(w, h) - 935.4) < 2 and abs(min(w, h) - 609.4) < 2, (name, size)
