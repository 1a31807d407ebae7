"""The SOP document itself (SOP AP, Permenpan RB 35/2012): identity page, step table, flowchart
pages, signature — standalone (``render_sop``, ``naskah sop``) and as the ``sop`` kind of a
cycle."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
import typer
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

import naskah
import naskah.templates
from naskah.agencies.manager import get_plugins
from naskah.documents import sop as sop_doc
from naskah.documents.registry import build_context, kind
from naskah.documents.sop_document import render_sop
from naskah.formatting import nip as format_nip
from naskah.model import AgencyProfile, Pejabat, PlannedDocument, Procedure, SopIdentitas
from naskah.plugins import dinsos_p3a_pessel
from naskah.render import check_template
from tests.conftest import HAS_SOFFICE
from tests.factories import make_cycle
from tests.test_flowchart import SINTETIS

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(naskah.templates.__file__).parent / "docx" / "sop.docx"

LENGKAP = AgencyProfile(
    slug="contoh-lengkap",
    nama="DINAS CONTOH KABUPATEN UJI",
    singkatan="Dinas Contoh",
    pemerintah="PEMERINTAH KABUPATEN UJI",
    kabupaten="Kabupaten Uji",
    kota="Kota Uji",
    kepala=Pejabat(
        jabatan="Kepala Dinas Contoh Kabupaten Uji",
        nama="NAMA KEPALA UJI, S.T.",
        pangkat="Pembina Tk. I/IV.b",
        nip="197907032002121011",
        peran="kepala",
    ),
    sekretaris=Pejabat(jabatan="Sekretaris Dinas Contoh", peran="sekretaris"),
    dasar_hukum=("Undang-Undang Uji Nomor 1", "Peraturan Uji Nomor 2"),
    sop=SopIdentitas(
        nama_sop="Pengumpulan dan Pengukuran Data Kinerja",
        nomor="510/10.a/UJI/2025",
        tanggal_pembuatan=date(2025, 1, 15),
        tanggal_efektif=date(2025, 2, 3),
        disahkan_oleh="Kepala Dinas Contoh",
        kualifikasi_pelaksana=(
            "Memiliki kemampuan untuk menganalisa data",
            "Bisa mengoperasikan komputer",
        ),
        keterkaitan=("SOP Penyusunan Dokumen Perencanaan", "SOP Evaluasi Internal"),
        peralatan=("Perjanjian Kinerja", "Aplikasi e-sakip"),
        peringatan=("Jika SOP tidak dilaksanakan maka kinerja tidak tercapai",),
        pencatatan=("Disimpan sebagai dokumen pengendalian",),
    ),
)

KOSONG_PROFIL = AgencyProfile(
    slug="contoh-kosong",
    nama="BADAN CONTOH KABUPATEN UJI",
    singkatan="Badan Contoh",
    pemerintah="PEMERINTAH KABUPATEN UJI",
    kabupaten="Kabupaten Uji",
    kota="",
    kepala=Pejabat(jabatan="Kepala Badan Contoh Kabupaten Uji", peran="kepala"),
    sekretaris=Pejabat(jabatan="Sekretaris Badan Contoh", peran="sekretaris"),
)


def _plugin(profile: AgencyProfile, procedures: tuple[Procedure, ...]) -> SimpleNamespace:
    @naskah.hookimpl
    def naskah_agencies():
        return [profile]

    @naskah.hookimpl
    def naskah_procedures(agency):
        return list(procedures) if agency.slug == profile.slug else None

    return SimpleNamespace(naskah_agencies=naskah_agencies, naskah_procedures=naskah_procedures)


@pytest.fixture(scope="module")
def plugins():
    return get_plugins(
        entry_points=False,
        extra=(
            ("dinsos_p3a_pessel", dinsos_p3a_pessel),
            ("contoh_lengkap", _plugin(LENGKAP, (SINTETIS,))),
            ("contoh_kosong", _plugin(KOSONG_PROFIL, (SINTETIS,))),
        ),
    )


def all_text(path: Path) -> str:
    """Every paragraph of the body and footers, one per line (tabs as ``\\t``)."""
    doc = Document(path)
    lines = []
    for part in (doc.element.body, *(s.footer._element for s in doc.sections)):
        for p in part.iter(qn("w:p")):
            lines.append(
                "".join(
                    "\t" if el.tag == qn("w:tab") else el.text or ""
                    for el in p.iter(qn("w:t"), qn("w:tab"))
                    if el.getparent().tag == qn("w:r")  # not the tab stops of the paragraph
                )
            )
    return "\n".join(lines)


def identity_cells(path: Path) -> dict[str, str]:
    """``label → value`` of the identity table (first table: label in column 2, value in 3)."""
    table = Document(path).tables[0]
    out = {}
    for row in table.rows:
        cells = row.cells
        out[cells[1].text.strip()] = cells[2].text.strip()
    return out


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def lengkap_docx(plugins, tmp_path_factory) -> tuple[Path, list[str]]:
    warnings: list[str] = []
    out = tmp_path_factory.mktemp("sop") / "sop-contoh-lengkap.docx"
    render_sop(plugins, "contoh-lengkap", out, warn=warnings.append)
    return out, warnings


@pytest.fixture(scope="module")
def kosong_docx(plugins, tmp_path_factory) -> tuple[Path, list[str]]:
    warnings: list[str] = []
    out = tmp_path_factory.mktemp("sop") / "sop-contoh-kosong.docx"
    render_sop(plugins, "contoh-kosong", out, warn=warnings.append)
    return out, warnings


# --- identity page -----------------------------------------------------------------------------


def test_identity_page_prints_every_field_of_the_profile(lengkap_docx):
    path, warnings = lengkap_docx
    cells = identity_cells(path)
    assert cells["Nomor SOP"] == "510/10.a/UJI/2025"
    assert cells["Tanggal Pembuatan"] == "15 Januari 2025"
    assert cells["Tanggal Revisi"] == "-", "a dated SOP without revision prints '-' (seed 002)"
    assert cells["Tanggal Efektif"] == "3 Februari 2025"
    assert cells["Nama SOP"] == "Pengumpulan dan Pengukuran Data Kinerja"
    disahkan = cells["Disahkan oleh"]
    for part in (
        "Kepala Dinas Contoh",
        "NAMA KEPALA UJI, S.T.",
        "Pembina Tk. I/IV.b",
        "NIP. 19790703 200212 1 011",
    ):
        assert part in disahkan
    text = all_text(path)
    for label in (
        "Dasar Hukum:",
        "Kualifikasi Pelaksana:",
        "Keterkaitan:",
        "Peralatan/Perlengkapan:",
        "Peringatan:",
        "Pencatatan dan Pendataan:",
    ):
        assert label in text
    for item in (
        *LENGKAP.dasar_hukum,
        *LENGKAP.sop.kualifikasi_pelaksana,
        *LENGKAP.sop.keterkaitan,
        *LENGKAP.sop.peralatan,
        *LENGKAP.sop.peringatan,
        *LENGKAP.sop.pencatatan,
    ):
        assert item in text
    assert "1.\tUndang-Undang Uji Nomor 1" in text and "2.\tPeraturan Uji Nomor 2" in text
    assert "PEMERINTAH KABUPATEN UJI" in text and "DINAS CONTOH KABUPATEN UJI" in text
    assert warnings == []


def test_missing_identity_fields_print_blank_lines_and_warn(kosong_docx):
    path, warnings = kosong_docx
    cells = identity_cells(path)
    for label in ("Nomor SOP", "Tanggal Pembuatan", "Tanggal Revisi", "Tanggal Efektif"):
        assert re.fullmatch(r"\.{10,}", cells[label]), (label, cells[label])
    disahkan = cells["Disahkan oleh"]
    assert "Kepala Badan Contoh Kabupaten Uji" in disahkan
    assert sop_doc.NAMA_KOSONG in disahkan and "NIP. ...." in disahkan
    assert not re.search(r"\d", disahkan), "no invented NIP or date"
    text = all_text(path)
    assert text.count(sop_doc.BARIS_KOSONG) == 6 * sop_doc.BARIS_LIST_KOSONG
    joined = " ".join(warnings)
    for field in (
        "Nomor SOP",
        "Tanggal Pembuatan",
        "Dasar Hukum",
        "Kualifikasi Pelaksana",
        "Peringatan",
        "Pencatatan dan Pendataan",
        "nama Kepala Badan",
        "NIP Kepala",
    ):
        assert field in joined


def test_nama_sop_falls_back_to_the_procedure_titles_with_a_warning():
    warnings: list[str] = []
    nama = sop_doc.nama_sop(KOSONG_PROFIL, (SINTETIS, SINTETIS), warnings.append)
    assert nama == "Pengukuran Kinerja dan Pengukuran Kinerja"
    assert "sop.nama_sop" in warnings[0]


def test_lists_number_only_when_there_are_several_items():
    assert sop_doc.daftar(["Satu"]) == [{"no": "", "teks": "Satu"}]
    assert [d["no"] for d in sop_doc.daftar(["a", " ", "b"])] == ["1.", "2."]
    assert all(d["teks"] == sop_doc.BARIS_KOSONG for d in sop_doc.daftar([]))


def test_disahkan_oleh_cell_holding_name_and_nip_prints_only_the_jabatan():
    kepala = Pejabat(
        jabatan="Kepala Dinas Sosial Kabupaten Sumedang",
        nama="H. DIKDIK SADIKIN, A.KS., M.Si",
        nip="197205151998031010",
    )
    verbatim = (
        "Kepala Dinas Sosial Kabupaten Sumedang (H. DIKDIK SADIKIN, A.KS., M.Si) "
        "NIP. 19720515 199803 1 010"
    )
    assert sop_doc.jabatan_pengesah(verbatim, kepala) == "Kepala Dinas Sosial Kabupaten Sumedang"
    assert sop_doc.jabatan_pengesah("", kepala) == kepala.jabatan
    short = Pejabat(jabatan="X", nama="A")
    assert sop_doc.jabatan_pengesah("Kepala Dinas Perdagangan", short) == "Kepala Dinas Perdagangan"


def test_input_kepala_completes_the_signatory_only_when_the_nip_matches():
    seed = Pejabat(
        jabatan="Kepala Dinas Kominfo",
        pangkat="Pembina Tk. I/IV.b",
        nip="198108292010011010",
        peran="kepala",
    )
    profile = KOSONG_PROFIL.__class__(**{**KOSONG_PROFIL.__dict__, "kepala": seed})
    same = Pejabat(jabatan="Kepala Dinas", nama="NAMA DARI INPUT", nip="19810829 201001 1 010")
    other = Pejabat(jabatan="Kepala Dinas", nama="PEJABAT LAIN", nip="197001011990031001")
    assert sop_doc.pengesah(profile, same).nama == "NAMA DARI INPUT"
    assert sop_doc.pengesah(profile, other).nama == ""
    assert sop_doc.pengesah(profile, None) == seed


# --- procedures: step table, flowchart pages, signature -----------------------------------------


def test_every_step_uraian_and_mutu_baku_appear_as_text(plugins, tmp_path):
    out = render_sop(plugins, "dinsos-p3a-pessel", tmp_path / "sop.docx")
    text = flat(all_text(out))
    for proc in dinsos_p3a_pessel.PROCEDURES:
        assert f"PROSEDUR {proc.judul.upper()}" in text
        for step in proc.steps:
            assert flat(step.uraian) in text
            if step.kelengkapan:
                assert flat(", ".join(step.kelengkapan)) in text
            if step.output:
                assert flat(step.output) in text
            if step.waktu_teks:
                assert step.waktu_teks in text
    assert "Pelaksana tidak disebut dalam SOP" in text


def test_flowchart_pages_are_images_as_wide_as_the_text_area(lengkap_docx):
    path, _ = lengkap_docx
    doc = Document(path)
    section = doc.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    shapes = doc.inline_shapes
    assert len(shapes) >= 2, "the 14-step procedure needs more than one page"
    for shape in shapes:
        assert text_width - 2 * 3.4 * 36000 <= shape.width <= text_width
    assert section.page_width > section.page_height, "landscape"
    text = all_text(path)
    assert f"(halaman 1 dari {len(shapes)})" in text
    assert f"(halaman {len(shapes)} dari {len(shapes)})" in text


def test_signature_of_the_kepala_closes_each_procedure(plugins, tmp_path):
    out = render_sop(plugins, "dinsos-p3a-pessel", tmp_path / "sop.docx")
    text = all_text(out)
    kepala = dinsos_p3a_pessel.PROFILE.kepala
    # identity page once, then after each of the two procedures
    assert text.count(kepala.nama) == 1 + len(dinsos_p3a_pessel.PROCEDURES)
    assert text.count(f"NIP. {format_nip(kepala.nip)}") == 1 + len(dinsos_p3a_pessel.PROCEDURES)


def test_a4_paper_draws_the_matrix_for_the_narrower_page(plugins, tmp_path):
    out = render_sop(plugins, "contoh-lengkap", tmp_path / "a4.docx", kertas="A4")
    doc = Document(out)
    s = doc.sections[0]
    assert round(s.page_width.mm) == 297 and round(s.page_height.mm) == 210
    text_width = s.page_width - s.left_margin - s.right_margin
    assert all(shape.width <= text_width for shape in doc.inline_shapes)


def test_unknown_agency_is_refused_with_the_known_ones(plugins, tmp_path):
    from naskah.agencies.manager import PluginError

    with pytest.raises(PluginError, match="contoh-lengkap"):
        render_sop(plugins, "tidak-ada", tmp_path / "x.docx")


# --- the sop kind in a cycle ---------------------------------------------------------------------


def test_sop_kind_renders_from_a_cycle():
    c = make_cycle()
    document = PlannedDocument(c.agency.slug, c.periode, "pengukuran", 10, kind("sop"))
    ctx = build_context(c, document, None)
    assert check_template(TEMPLATE, ctx) == []
    assert [p["judul"] for p in ctx["prosedur"]] == [p.judul for p in c.procedures]
    assert ctx["identitas"]["disahkan"]["nama"] == c.agency.kepala.nama
    assert any("SOP: Nomor SOP" in w for w in c.warnings)
    assert kind("sop").kode_klasifikasi == "000.8.3.3" and not kind("sop").bernomor


def test_committed_template_is_what_the_builder_makes(tmp_path):
    sys.path.insert(0, str(ROOT / "templates" / "build"))
    try:
        import sop as builder

        (built,) = builder.build_all(tmp_path)
    finally:
        sys.path.remove(str(ROOT / "templates" / "build"))
    assert built.read_bytes() == TEMPLATE.read_bytes(), (
        "sop.docx is stale: run .venv/bin/python templates/build"
    )


# --- command line and PDF ------------------------------------------------------------------------


def test_cli_sop_writes_the_docx_and_prints_the_warnings(tmp_path, monkeypatch):
    from naskah.cli import sop as cli_sop

    monkeypatch.setattr(
        "naskah.agencies.manager.get_plugins",
        lambda *a, **k: get_plugins(
            entry_points=False, extra=(("contoh_kosong", _plugin(KOSONG_PROFIL, (SINTETIS,))),)
        ),
    )
    app = typer.Typer()
    app.command("sop")(cli_sop.sop)
    app.command("noop")(lambda: None)
    result = CliRunner().invoke(
        app,
        ["sop", "--agency", "contoh-kosong", "--out", str(tmp_path), "--no-pdf"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sop-contoh-kosong.docx").is_file()
    assert "peringatan:" in result.output and "Nomor SOP" in result.output
    bad = CliRunner().invoke(app, ["sop", "--agency", "tidak-ada", "--out", str(tmp_path)])
    assert bad.exit_code == 1


@pytest.mark.soffice
@pytest.mark.skipif(not HAS_SOFFICE, reason="needs LibreOffice and pdftotext")
def test_pdf_text_has_the_identity_fields_and_every_step(lengkap_docx, tmp_path):
    from naskah.pdf.soffice import convert_to_pdf
    from naskah.settings import Settings

    path, _ = lengkap_docx
    pdf = convert_to_pdf([path], tmp_path, Settings(data_dir=tmp_path / "d"))[path]
    text = flat(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    for value in (
        "Nomor SOP",
        "510/10.a/UJI/2025",
        "Tanggal Pembuatan",
        "15 Januari 2025",
        "Tanggal Efektif",
        "3 Februari 2025",
        "Disahkan oleh",
        "Nama SOP",
        "Pengumpulan dan Pengukuran Data Kinerja",
        "NAMA KEPALA UJI, S.T.",
        "NIP. 19790703 200212 1 011",
        "Dasar Hukum",
        "Kualifikasi Pelaksana",
        "Keterkaitan",
        "Peralatan/Perlengkapan",
        "Peringatan",
        "Pencatatan dan Pendataan",
        "SOP Evaluasi Internal",
    ):
        assert value in text, value
    for step in SINTETIS.steps:
        assert flat(step.uraian) in text, step.nomor
        assert flat(", ".join(step.kelengkapan)) in text, step.nomor
    # the flowchart pages themselves hold the steps as text (vector pictures, not raster; the
    # step table, whose text is found above, is on other pages)
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    bagan = flat(" ".join(p for p in pages if "BAGAN ALIR" in p))
    for step in SINTETIS.steps:
        assert flat(step.uraian) in bagan, step.nomor
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert images == [], "no raster picture in the SOP document"
