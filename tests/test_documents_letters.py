"""The letters and forms of the SOP (nota dinas, undangan, notulen, program kerja, checklist,
tanda terima, lembar disposisi, surat pengantar): contexts, templates, rendered documents."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

import naskah.templates
from naskah.documents import common, perencanaan, rapat, surat
from naskah.documents.registry import kind
from naskah.formatting import KOSONG
from naskah.model import Pejabat, PlannedDocument, Step
from naskah.render import check_template, render_docx
from tests.factories import make_cycle

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(naskah.templates.__file__).parent / "docx"

# kind slug → (builder, procedure, step, bidang)
KINDS = {
    "nota_dinas": (surat.nota_dinas, "pengumpulan", 1, ""),
    "undangan_rapat": (rapat.undangan_rapat, "pengumpulan", 2, ""),
    "notulen_rapat": (rapat.notulen_rapat, "pengumpulan", 2, ""),
    "program_kerja": (perencanaan.program_kerja, "pengumpulan", 3, ""),
    "checklist_dokumen": (perencanaan.checklist_dokumen, "pengumpulan", 4, ""),
    "tanda_terima": (surat.tanda_terima, "pengumpulan", 6, "Bidang Rehabilitasi Sosial"),
    "lembar_disposisi": (surat.lembar_disposisi, "pengumpulan", 11, ""),
    "surat_pengantar": (surat.surat_pengantar, "pengumpulan", 11, ""),
}
NOMOR = "000.8.6.3/12/Dinsos P3A/2025"
LAPORAN_NOMOR = "000.8.6.3/41/Dinsos P3A/2025"


def planned(cycle, slug: str, procedure: str | None = None, step: int | None = None, bidang=None):
    _, proc, st, bid = KINDS[slug]
    return PlannedDocument(
        cycle.agency.slug,
        cycle.periode,
        procedure or proc,
        step or st,
        kind(slug),
        bidang=bid if bidang is None else bidang,
    )


def context(cycle, slug: str, **kw) -> dict:
    fn = KINDS[slug][0]
    nomor = NOMOR if kind(slug).bernomor else None
    return fn(cycle, planned(cycle, slug, **kw), nomor)


def render(cycle, slug: str, tmp_path: Path, **kw) -> Path:
    out = tmp_path / f"{slug}.docx"
    render_docx(TEMPLATES / f"{slug}.docx", context(cycle, slug, **kw), out)
    return out


def all_text(path: Path) -> str:
    """Every paragraph of the body (tables included) and the footers, one per line."""
    doc = Document(path)
    parts = [doc.element.body, *(s.footer._element for s in doc.sections)]
    lines = []
    for part in parts:
        for p in part.iter(qn("w:p")):
            lines.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(lines)


@pytest.fixture
def cycle():
    c = make_cycle()
    c.nomor["dinsos-p3a-pessel/2025-TW1/pengumpulan/10/laporan_pengumpulan"] = LAPORAN_NOMOR
    return c


# --- templates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(KINDS))
def test_template_has_no_problem_with_its_context(cycle, slug):
    assert check_template(TEMPLATES / f"{slug}.docx", context(cycle, slug)) == []


def test_committed_templates_are_what_the_builder_makes(tmp_path):
    sys.path.insert(0, str(ROOT / "templates" / "build"))
    try:
        import letters

        built = letters.build_all(tmp_path)
    finally:
        sys.path.remove(str(ROOT / "templates" / "build"))
    assert {p.stem for p in built} == set(KINDS)
    for path in built:
        assert path.read_bytes() == (TEMPLATES / path.name).read_bytes(), (
            f"{path.name} is stale: run .venv/bin/python templates/build"
        )


@pytest.mark.parametrize("slug", sorted(KINDS))
def test_templates_are_f4_with_the_naskah_margins(slug):
    s = Document(TEMPLATES / f"{slug}.docx").sections[0]
    mm = 36000
    assert (round(s.page_width / mm), round(s.page_height / mm)) == (215, 330)
    assert (round(s.left_margin / mm), round(s.right_margin / mm)) == (25, 20)


# --- common context pieces ----------------------------------------------------------------------


def test_base_context_has_kop_period_and_step(cycle):
    ctx = common.base_context(cycle, planned(cycle, "nota_dinas"), None)
    assert ctx["kop"]["pemerintah"] == "PEMERINTAH KABUPATEN PESISIR SELATAN"
    assert ctx["kop"]["nama"].replace("\n", " ") == cycle.agency.nama
    assert ctx["kop"]["alamat"] == ""  # not in the seed: the line is left out, never invented
    assert ctx["logo"] == ""  # no logo in the profile: the kop is laid out without one
    assert ctx["nomor"] == KOSONG
    assert ctx["periode"] == "Triwulan I Tahun 2025"
    assert ctx["step"]["waktu"] == "5 menit"
    assert ctx["step"]["output"] == "Nota Dinas"
    assert ctx["agency"]["nama"].startswith("Dinas Sosial, Pemberdayaan Perempuan dan")
    assert ctx["sumber"].startswith("Output langkah 1 SOP Pengumpulan Data Kinerja")
    assert ctx["is_draft"] is False


def test_kop_name_is_broken_into_balanced_lines():
    lines = common.kop_lines(
        "DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK KABUPATEN PESISIR SELATAN"
    ).split("\n")
    assert len(lines) == 3
    assert max(map(len, lines)) - min(map(len, lines)) < 12
    assert common.kop_lines("DINAS KOMUNIKASI DAN INFORMATIKA") == (
        "DINAS KOMUNIKASI DAN INFORMATIKA"
    )


def test_logo_file_becomes_an_image(cycle, tmp_path):
    from naskah.render import Image
    from tests.test_render import write_png

    png = write_png(tmp_path / "logo.png")
    c = dataclasses.replace(cycle, agency=dataclasses.replace(cycle.agency, logo=str(png)))
    ctx = common.base_context(c, planned(c, "nota_dinas"), None)
    assert ctx["logo"] == Image(png, common.LOGO_WIDTH_MM)
    out = tmp_path / "nd.docx"
    render_docx(
        TEMPLATES / "nota_dinas.docx", surat.nota_dinas(c, planned(c, "nota_dinas"), NOMOR), out
    )
    assert len(Document(out).inline_shapes) == 1


def test_tanggal_of_prefers_the_procedure_key(cycle):
    ukur = planned(cycle, "nota_dinas", procedure="pengukuran")
    kumpul = planned(cycle, "nota_dinas")
    assert common.tanggal_of(cycle, ukur, "nota_dinas") == date(2025, 4, 17)
    assert common.tanggal_of(cycle, kumpul, "nota_dinas") == date(2025, 4, 2)
    assert common.tanggal_of(cycle, kumpul, "tidak_ada") is None


def test_nomor_of_finds_the_number_of_a_kind_in_a_procedure(cycle):
    assert common.nomor_of(cycle, "pengumpulan", "laporan_pengumpulan") == LAPORAN_NOMOR
    assert common.nomor_of(cycle, "pengukuran", "laporan_pengukuran") is None


def test_ttd_groups_the_nip_and_never_invents_a_name(cycle):
    kepala = common.ttd(cycle, cycle.agency.kepala, "", "Painan, 2 April 2025")
    assert kepala["nip"] == "NIP. 19830523 200212 1 002"
    assert kepala["jabatan"].startswith("Kepala Dinas Sosial")
    blank = common.ttd(cycle, Pejabat(jabatan="Sekretaris Dinas"), "", "")
    assert blank["nama"] == common.NAMA_KOSONG
    assert blank["nip"] == f"NIP. {KOSONG}"
    assert any("nama Sekretaris Dinas tidak ada di data" in w for w in cycle.warnings)


def test_ttd_prints_a_malformed_nip_as_given_with_a_warning(cycle):
    t = common.ttd(cycle, Pejabat(jabatan="Kepala", nama="A", nip="1234"), "", "")
    assert t["nip"] == "NIP. 1234"
    assert any("1234" in w for w in cycle.warnings)


# --- nota dinas ----------------------------------------------------------------------------------


def test_nota_dinas_has_its_parts_and_the_kepala_signature(cycle, tmp_path):
    text = all_text(render(cycle, "nota_dinas", tmp_path))
    for part in ("NOTA DINAS", "Yth.", "Dari", "Tembusan", "Tanggal", "Nomor", "Sifat",
                 "Lampiran", "Hal", NOMOR, "2 April 2025",
                 "Pengumpulan Data Kinerja Triwulan I Tahun 2025",
                 "ILHAM RACHMADSYAH PUTRA, S.STP", "NIP. 19830523 200212 1 002",
                 "Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
                 "PEMERINTAH KABUPATEN PESISIR SELATAN"):  # fmt: skip
        assert part in text, part
    assert "Sekretaris Dinas Sosial" in text  # Yth.


def test_nota_dinas_of_pengukuran_uses_its_own_date_and_hal(cycle, tmp_path):
    ctx = context(cycle, "nota_dinas", procedure="pengukuran")
    assert ctx["tanggal"] == "17 April 2025"
    assert ctx["hal"] == "Pengukuran Kinerja Triwulan I Tahun 2025"


def test_special_characters_in_agency_data_render_right(cycle, tmp_path):
    agency = dataclasses.replace(cycle.agency, alamat="Jl. Sudirman No. 1 <Komplek A & B>")
    c = dataclasses.replace(cycle, agency=agency)
    text = all_text(render(c, "nota_dinas", tmp_path))
    assert "Jl. Sudirman No. 1 <Komplek A & B>" in text


# --- missing officials ---------------------------------------------------------------------------


def test_missing_sekretaris_name_gives_blanks_and_a_warning(cycle, tmp_path):
    assert not cycle.pejabat["sekretaris"].nama
    text = all_text(render(cycle, "undangan_rapat", tmp_path))
    assert common.NAMA_KOSONG in text
    assert "NIP. ...................." in text
    assert any("nama Sekretaris" in w and "ditulis kosong" in w for w in cycle.warnings)
    # the only name printed is the one the data gives (none here)
    assert "ILHAM" not in text


def test_given_sekretaris_name_is_printed(cycle, tmp_path):
    cycle.pejabat["sekretaris"] = dataclasses.replace(
        cycle.pejabat["sekretaris"], nama="Drs. CONTOH NAMA", nip="197001012000031001"
    )
    text = all_text(render(cycle, "undangan_rapat", tmp_path))
    assert "Drs. CONTOH NAMA" in text
    assert "NIP. 19700101 200003 1 001" in text


# --- undangan and notulen ------------------------------------------------------------------------


def test_undangan_rapat_gives_the_meeting_and_blanks_for_the_rest(cycle, tmp_path):
    text = all_text(render(cycle, "undangan_rapat", tmp_path))
    for part in ("Nomor", NOMOR, "Sifat", "Lampiran", "Hal", "Undangan Rapat", "Yth.",
                 "Hari/Tanggal", "Kamis, 3 April 2025", "09.00 – 10.00 WIB", "Tempat",
                 "Acara", "Arahan pengumpulan data kinerja Triwulan I"):  # fmt: skip
        assert part in text, part
    ctx = context(cycle, "undangan_rapat")
    assert ctx["rapat"]["tempat"] == KOSONG  # not given: dots, not a guessed room
    assert ctx["tempat_tanggal"] == f"Painan, {KOSONG}"


def test_notulen_without_meeting_data_is_all_blanks(cycle):
    c = make_cycle(with_dates=False)
    ctx = context(c, "notulen_rapat")
    r = ctx["rapat"]
    assert (r["hari_tanggal"], r["waktu"], r["tempat"], r["acara"]) == (KOSONG,) * 4
    assert ctx["pembahasan"] == [] and ctx["keputusan"] == []


def test_notulen_has_sections_signatures_and_daftar_hadir_on_a_new_page(cycle, tmp_path):
    path = render(cycle, "notulen_rapat", tmp_path)
    text = all_text(path)
    for part in ("NOTULEN RAPAT", "Nama Rapat", "Pimpinan Rapat", "Pencatat", "Peserta",
                 "1. Pembukaan", "2. Pembahasan", "3. Keputusan/Kesimpulan", "4. Penutupan",
                 "Pimpinan Rapat,", "Pencatat,", "DAFTAR HADIR", "Tanda Tangan"):  # fmt: skip
        assert part in text, part
    assert text.index("Pencatat,") < text.index("DAFTAR HADIR")
    body = Document(path).element.body
    breaks = [b for b in body.iter(qn("w:br")) if b.get(qn("w:type")) == "page"]
    assert len(breaks) == 1
    hadir = Document(path).tables[-1]
    assert len(hadir.rows) >= 1 + 10
    assert hadir.rows[1].cells[3].text == "1. .........."  # zig-zag: odd numbers left
    assert hadir.rows[2].cells[4].text == "2. .........."  # even numbers right
    assert "Ketua Tim SAKIP" in text


def test_notulen_prints_given_pembahasan_and_keputusan(cycle, tmp_path):
    siklus = cycle.data.siklus
    r = dataclasses.replace(
        siklus.rapat["pengumpulan"],
        pembahasan=("Jadwal pengisian formulir",),
        keputusan=("Formulir kembali paling lambat 9 April",),
        pencatat="anggota_tim",
    )
    data = dataclasses.replace(
        cycle.data, siklus=dataclasses.replace(siklus, rapat={**siklus.rapat, "pengumpulan": r})
    )
    c = dataclasses.replace(cycle, data=data)
    text = all_text(render(c, "notulen_rapat", tmp_path))
    assert "1. Jadwal pengisian formulir" in text
    assert "1. Formulir kembali paling lambat 9 April" in text
    assert "Anggota Tim SAKIP" in context(c, "notulen_rapat")["rapat"]["pencatat"]


def test_daftar_hadir_lists_known_people_first_then_empty_rows(cycle):
    rows = rapat.daftar_hadir(cycle)
    assert len(rows) == 10
    assert rows[0]["jabatan"].startswith("Sekretaris")
    assert rows[1]["jabatan"] == "Ketua Tim SAKIP"
    assert all(r["jabatan"] != cycle.agency.kepala.jabatan for r in rows)
    assert rows[-1]["nama"] == rows[-1]["jabatan"] == ""


# --- program kerja -------------------------------------------------------------------------------


def _step(n, menit):
    return Step(n, f"langkah {n}", ("Tim SAKIP",), (), menit, "", "")


def test_schedule_skips_the_weekend():
    # Friday 4 April 2025: 120 + 300 minutes → Friday, then Friday–Monday
    j = perencanaan.jadwal_langkah([_step(1, 120), _step(2, 300), _step(3, 5)], date(2025, 4, 4))
    assert (j[1].mulai, j[1].selesai) == (date(2025, 4, 4), date(2025, 4, 4))
    assert (j[2].mulai, j[2].selesai) == (date(2025, 4, 4), date(2025, 4, 7))
    assert j[3].mulai == date(2025, 4, 7)
    # a start on Saturday moves to Monday
    j = perencanaan.jadwal_langkah([_step(1, 60)], date(2025, 4, 5))
    assert j[1].mulai == date(2025, 4, 7)


def test_schedule_moves_to_the_next_day_when_the_day_is_full():
    j = perencanaan.jadwal_langkah([_step(1, 300), _step(2, 5), _step(3, None)], date(2025, 4, 3))
    assert j[1].selesai == date(2025, 4, 3)
    assert j[2].mulai == date(2025, 4, 4)
    assert j[3].mulai == date(2025, 4, 4)  # a step without waktu sits on the last day


def test_program_kerja_schedule_from_the_meeting_date(cycle):
    ctx = context(cycle, "program_kerja")
    jadwal = {k["no"]: k["jadwal"] for k in ctx["kegiatan"]}
    # rapat Kamis 3 April 2025; steps 2–5 fill Thursday and Friday, step 6 is on Monday
    assert jadwal[1] == "2 April 2025"  # the nota dinas date
    assert jadwal[2] == "3 April 2025"
    assert jadwal[4] == "3 – 4 April 2025"
    assert jadwal[6] == "7 April 2025"
    assert jadwal[7] == "7 – 8 April 2025"
    assert ctx["total_waktu"].startswith("1.180 menit")
    assert ctx["total_jadwal"] == "2 – 8 April 2025"
    assert "Sabtu dan Minggu" in ctx["catatan_jadwal"][0]


def test_program_kerja_without_dates_leaves_the_schedule_blank(tmp_path):
    c = make_cycle(with_dates=False)
    ctx = context(c, "program_kerja")
    assert all(k["jadwal"] == "" for k in ctx["kegiatan"])
    assert ctx["total_jadwal"] == ""
    assert "dikosongkan" in ctx["catatan_jadwal"][0]
    text = all_text(render(c, "program_kerja", tmp_path))
    assert "Kolom jadwal dikosongkan" in text


def test_program_kerja_renders_steps_and_signatures(cycle, tmp_path):
    text = all_text(render(cycle, "program_kerja", tmp_path))
    for part in ("PROGRAM KERJA KEGIATAN", "PENGUMPULAN DATA KINERJA", "TRIWULAN I TAHUN 2025",
                 "Kegiatan", "Pelaksana", "Waktu", "Jadwal", "Output", "Checklist Dokumen",
                 "1 hari", "Jumlah waktu: 1.180 menit", "Mengetahui,", "Ketua Tim SAKIP",
                 "Pengarsipan Data Kinerja"):  # fmt: skip
        assert part in text, part


# --- checklist -----------------------------------------------------------------------------------


def test_checklist_lists_kelengkapan_then_persyaratan_without_duplicates(cycle, tmp_path):
    ctx = context(cycle, "checklist_dokumen")
    names = [d["nama"] for d in ctx["dokumen"]]
    assert names[:3] == ["Program Kerja Kegiatan", "Renstra", "Tapkin"]
    assert names.count("Perjanjian Kinerja") == 1  # persyaratan and dokumen pelengkap
    assert "Renstra" in names and "renstra" not in [n for n in names if n != "Renstra"]
    assert "Form Evaluasi Kinerja" in names
    text = all_text(render(cycle, "checklist_dokumen", tmp_path))
    for part in ("CHECKLIST DOKUMEN", "Dokumen", "Ada", "Tidak Ada", "Keterangan", "\u2610",
                 "SAKIP Menpan RB"):  # fmt: skip
        assert part in text, part


def test_checklist_splits_on_commas_and_keeps_the_first_wording(cycle):
    step = Step(4, "x", (), ("Renstra, TAPKIN", "Perjanjian kinerja"), None, "", "")
    docs = perencanaan.daftar_dokumen(cycle, step)
    names = [n for n, _ in docs]
    assert names[:3] == ["Renstra", "TAPKIN", "Perjanjian kinerja"]
    assert "Perjanjian Kinerja" not in names


# --- tanda terima --------------------------------------------------------------------------------


def test_tanda_terima_per_bidang(cycle, tmp_path):
    text = all_text(render(cycle, "tanda_terima", tmp_path))
    for part in ("BUKTI TANDA TERIMA FORMULIR",
                 "Formulir Pengumpulan Data Capaian Kinerja Triwulan I Tahun 2025",
                 "3 (tiga) indikator kinerja", "Bidang Rehabilitasi Sosial", "Tim SAKIP",
                 "Senin, 7 April 2025", "Yang Menyerahkan,", "Yang Menerima,",
                 "1.06.04.2.01.0001"):  # fmt: skip
        assert part in text, part
    sekretariat = context(cycle, "tanda_terima", bidang="Sekretariat")
    assert sekretariat["banyaknya"].startswith("1 (satu) berkas, memuat 2 (dua)")


# --- lembar disposisi ----------------------------------------------------------------------------


def test_lembar_disposisi_cites_the_laporan_and_ticks_nothing(cycle, tmp_path):
    text = all_text(render(cycle, "lembar_disposisi", tmp_path))
    for part in ("LEMBAR DISPOSISI", "Surat dari", "Nomor Surat", LAPORAN_NOMOR, "Tanggal Surat",
                 "16 April 2025", "Diterima Tgl.", "Nomor Agenda", "Sangat Segera", "Rahasia",
                 "Biasa", "Perihal", "Laporan Hasil Pengumpulan Data Kinerja Triwulan I Tahun 2025",
                 "Diteruskan kepada", "Tanggapan dan Saran", "Proses Lebih Lanjut",
                 "Koordinasi/Konfirmasikan", "Untuk Diketahui", "Arsip", "Catatan", "Paraf",
                 "Bidang Rehabilitasi Sosial"):  # fmt: skip
        assert part in text, part
    assert "\u2611" not in text and "\u2612" not in text  # no box is ticked
    assert text.count("\u2610") >= 4 + 8


def test_lembar_disposisi_without_laporan_number_prints_dots(cycle):
    cycle.nomor.clear()
    assert context(cycle, "lembar_disposisi")["surat"]["nomor"] == KOSONG


# --- surat pengantar -----------------------------------------------------------------------------


def test_surat_pengantar_has_table_signature_and_receipt(cycle, tmp_path):
    text = all_text(render(cycle, "surat_pengantar", tmp_path))
    for part in ("SURAT PENGANTAR", NOMOR, "Yth.", "Jenis yang Dikirim", "Banyaknya",
                 "Keterangan", "Laporan hasil pengumpulan data kinerja Triwulan I Tahun 2025",
                 "Lembar Disposisi", LAPORAN_NOMOR, "Diterima tanggal", "Penerima,",
                 "Sekretaris Dinas Sosial"):  # fmt: skip
        assert part in text, part


# --- A4 and PDF -----------------------------------------------------------------------------------


def test_a4_agency_gets_a4_pages(cycle, tmp_path):
    out = tmp_path / "nd.docx"
    render_docx(TEMPLATES / "nota_dinas.docx", context(cycle, "nota_dinas"), out, kertas="A4")
    s = Document(out).sections[0]
    assert (round(s.page_width / 36000), round(s.page_height / 36000)) == (210, 297)


HAS_SOFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None

REQUIRED_IN_PDF = {
    "nota_dinas": ["NOTA DINAS", "Yth.", "Hal", "NIP. 19830523 200212 1 002"],
    "undangan_rapat": ["Undangan Rapat", "Hari/Tanggal", "Kamis, 3 April 2025"],
    "notulen_rapat": ["NOTULEN RAPAT", "Pimpinan Rapat", "DAFTAR HADIR"],
    "program_kerja": ["PROGRAM KERJA KEGIATAN", "7 April 2025", "Mengetahui,"],
    "checklist_dokumen": ["CHECKLIST DOKUMEN", "Tidak Ada", "SAKIP Menpan RB"],
    "tanda_terima": ["BUKTI TANDA TERIMA FORMULIR", "Yang Menerima,"],
    "lembar_disposisi": ["LEMBAR DISPOSISI", "Sangat Segera", "Tanggapan dan Saran"],
    "surat_pengantar": ["SURAT PENGANTAR", "Jenis yang Dikirim", "Diterima tanggal"],
}


@pytest.mark.soffice
@pytest.mark.skipif(not HAS_SOFFICE, reason="needs soffice and pdftotext")
def test_letters_convert_to_pdf_with_their_parts(cycle, tmp_path):
    docs = [render(cycle, slug, tmp_path) for slug in KINDS]
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), *map(str, docs)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    for slug, parts in REQUIRED_IN_PDF.items():
        pdf = tmp_path / f"{slug}.pdf"
        assert pdf.exists(), slug
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        for part in parts:
            assert part in text, (slug, part)
        # F4 paper: 215 × 330 mm = 609.4 × 935.4 pt
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert "609" in info and "93" in info, (slug, info)


def test_checklist_says_where_each_row_comes_from(cycle):
    assert context(cycle, "checklist_dokumen")["catatan"] == (
        "Sumber: no. 1–9 kelengkapan langkah 4; no. 10–11 persyaratan umum SOP; "
        "no. 12–13 dokumen pelengkap SOP."
    )


def test_program_kerja_anchors_on_a_meeting_step_that_declares_no_documents():
    """A step with ``documents=None`` (documents read from its output) must not break the
    schedule; the notulen step is found from the output wording."""
    import dataclasses

    from naskah.agencies.manager import get_plugins
    from naskah.documents.perencanaan import _anchor
    from naskah.pipeline import plan_documents

    cycle = make_cycle()
    proc = cycle.procedure("pengumpulan")
    loose = dataclasses.replace(
        proc, steps=tuple(dataclasses.replace(s, documents=None) for s in proc.steps))
    doc = next(d for d in plan_documents(get_plugins(), cycle) if d.kind.slug == "program_kerja")
    nomor, tanggal, what = _anchor(cycle, doc, loose)
    assert (nomor, what) == (2, "tanggal rapat arahan") and tanggal is not None
