"""The main job end to end: workbook → numbered, archived trail (and PDF where LibreOffice is)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from sqlalchemy import func, select

import naskah
from naskah.accounts import audit
from naskah.agencies.manager import get_plugins
from naskah.archive import numbering
from naskah.archive.store import Document, Run
from naskah.errors import InputError, NaskahError
from naskah.run import open_archive, run_cycle
from naskah.settings import PdfSettings, Settings
from tests.conftest import EXAMPLE, HAS_SOFFICE, archive_files

AGENCY = "dinsos-p3a-pessel"

# What every kind must show on paper (checked in the PDF text, whitespace-normalised).
REQUIRED = {
    "sop": ["Nomor SOP", "Nama SOP", "Dasar Hukum", "Disahkan oleh",
            "Tim merekap data capaian kinerja", "ILHAM RACHMADSYAH PUTRA"],
    "nota_dinas": ["NOTA DINAS", "Yth", "Dari", "Nomor", "Hal", "ILHAM RACHMADSYAH PUTRA",
                   "19830523 200212 1 002"],
    "notulen_rapat": ["NOTULEN", "Pimpinan Rapat", "DAFTAR HADIR"],
    "program_kerja": ["PROGRAM KERJA", "Jadwal"],
    "checklist_dokumen": ["CHECKLIST DOKUMEN", "Renstra", "Form Evaluasi Kinerja"],
    "formulir_pengumpulan": ["FORMULIR PENGUMPULAN DATA CAPAIAN KINERJA", "Realisasi"],
    "tanda_terima": ["TANDA TERIMA", "Yang Menerima"],
    "rekapitulasi_pengumpulan": ["REKAPITULASI HASIL PENGUMPULAN DATA KINERJA"],
    "laporan_pengumpulan": ["LAPORAN HASIL PENGUMPULAN DATA KINERJA"],
    "kertas_kerja": ["KERTAS KERJA PENGUKURAN KINERJA", "Target"],
    "rekapitulasi_pengukuran": ["REKAPITULASI HASIL PENGUKURAN KINERJA", "Capaian"],
    "laporan_pengukuran": ["LAPORAN HASIL PENGUKURAN KINERJA", "Capaian"],
    "lembar_disposisi": ["LEMBAR DISPOSISI", "Diteruskan"],
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).upper()


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """The example run once for the module, with PDF when LibreOffice is installed."""
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    settings = Settings(data_dir=data_dir, pdf=PdfSettings(enabled=HAS_SOFFICE))
    result = run_cycle(EXAMPLE, agency=AGENCY, periode="2025-TW1", settings=settings)
    return settings, result


def test_run_archives_the_whole_trail_with_numbers(demo_run):
    settings, result = demo_run
    assert result.version == 1
    kinds = {d.kind for d in _documents(settings)}
    assert kinds == set(REQUIRED)
    numbered = [d for d in _documents(settings) if d.nomor]
    # nota dinas ×2 and the two final laporan take numbers; drafts never do.
    assert sorted(d.kind for d in numbered) == ["laporan_pengukuran", "laporan_pengumpulan",
                                                "nota_dinas", "nota_dinas"]
    assert all(d.variant != "draft" for d in numbered)
    assert len({d.nomor for d in numbered}) == len(numbered)
    for d in _documents(settings):
        assert d.docx_file(settings.archive_dir).is_file()


def test_every_document_opens_with_python_docx_and_numbered_ones_print_their_nomor(demo_run):
    settings, _ = demo_run
    for d in _documents(settings):
        document = docx.Document(str(d.docx_file(settings.archive_dir)))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert "{{" not in text and "{%" not in text, f"{d.key}: unrendered Jinja"
        if d.nomor:
            assert d.nomor in text, f"{d.key}: nomor {d.nomor} not printed"


@pytest.mark.soffice
@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice/pdftotext not installed")
def test_every_kind_converts_to_pdf_with_its_required_parts(demo_run):
    settings, result = demo_run
    assert result.pdf_note is None
    for d in _documents(settings):
        assert d.pdf_path, f"{d.key} has no PDF"
        text = subprocess.run(["pdftotext", "-layout", str(d.pdf_file(settings.archive_dir)),
                               "-"], capture_output=True, text=True, check=True).stdout
        for part in REQUIRED[d.kind]:
            assert _norm(part) in _norm(text), f"{d.key}: {part!r} missing from its PDF"
        if d.nomor:
            assert _norm(d.nomor) in _norm(text)


def _register(settings) -> dict[tuple, int]:
    with open_archive(settings) as (session, _):
        return {(r.agency, r.tahun, r.kode_klasifikasi): r.last_number
                for r in session.scalars(select(numbering.Register))}


def test_rerun_is_a_new_version_that_keeps_every_nomor_and_consumes_no_number(demo_run):
    settings, first = demo_run
    quick = settings.model_copy(update={"pdf": PdfSettings(enabled=False)})
    before = _register(settings)
    second = run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=quick, created_by="rina")
    assert second.version == first.version + 1
    old = {d.key: d for d in _documents(settings, run_id=first.run_id)}
    new = {d.key: d for d in _documents(settings, run_id=second.run_id)}
    assert old.keys() == new.keys()
    for key, d in new.items():
        assert d.docx_path != old[key].docx_path  # the original is never overwritten
        assert old[key].docx_file(settings.archive_dir).is_file()
        assert d.nomor == old[key].nomor, f"{key}: a regenerated letter keeps its nomor"
    assert _register(settings) == before, "a re-run takes no number from the register"
    with open_archive(settings) as (session, _):
        run = session.get(Run, second.run_id)
        assert (run.reason, run.created_by) == ("run", "rina")

    # --nomor-baru: new letters, one new number each
    third = run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=quick, new_numbers=True)
    newest = {d.key: d for d in _documents(settings, run_id=third.run_id)}
    numbered = [k for k, d in old.items() if d.nomor]
    assert all(newest[k].nomor != old[k].nomor for k in numbered)
    after = _register(settings)
    assert sum(after.values()) - sum(before.values()) == len(numbered)
    with open_archive(settings) as (session, _):
        events = list(session.scalars(select(audit.AuditEvent).order_by(audit.AuditEvent.id)))
    assert [(e.action, e.object_id) for e in events[-3:]] == [
        ("buat", str(second.run_id)), ("buat", str(third.run_id)),
        ("nomor_baru", str(third.run_id))]
    assert events[-3].actor == "rina" and "30 dokumen (run)" in events[-3].detail
    # and a plain re-run after it keeps the newest numbers
    fourth = run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=quick)
    latest = {d.key: d for d in _documents(settings, run_id=fourth.run_id)}
    assert all(latest[k].nomor == newest[k].nomor for k in numbered)
    assert _register(settings) == after


def _documents(settings, run_id=None):
    with open_archive(settings) as (session, _):
        q = select(Document)
        if run_id is None:
            q = q.where(Document.run_id == select(func.min(Run.id)).scalar_subquery())
        else:
            q = q.where(Document.run_id == run_id)
        return list(session.scalars(q.order_by(Document.id)))


# --- bad input and failures leave nothing behind --------------------------------------------------


def _broken_copy(tmp_path: Path) -> Path:
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Realisasi"]
    header = [c.value for c in ws[1]]
    col = next(i for i, h in enumerate(header, start=1)
               if str(h).strip().lower() == "realisasi")
    ws.cell(row=3, column=col, value="85%")
    path = tmp_path / "rusak.xlsx"
    wb.save(path)
    return path


def test_malformed_workbook_raises_located_error_and_writes_nothing(settings, tmp_path):
    bad = _broken_copy(tmp_path)
    with pytest.raises(InputError) as info:
        run_cycle(bad, agency=AGENCY, periode=None, settings=settings)
    message = str(info.value)
    assert "Realisasi!" in message and "85%" in message
    assert archive_files(settings) == []


def test_period_mismatch_is_refused(settings):
    with pytest.raises(InputError, match="2025-TW2"):
        run_cycle(EXAMPLE, agency=AGENCY, periode="2025-TW2", settings=settings)
    assert archive_files(settings) == []


def test_broken_plugin_template_is_refused_before_a_number_is_taken(settings, tmp_path):
    """A plugin template with a Jinja syntax error is found by the check before the run
    (naskah.agencies.check_sop.refuse_broken): no number is taken, nothing written."""
    broken = tmp_path / "broken.docx"
    d = docx.Document()
    d.add_paragraph("{{ nomor ")  # Jinja syntax error
    d.save(broken)

    class BrokenLaporan:
        @naskah.hookimpl
        def naskah_template(self, agency, kind):
            return broken if kind.slug == "laporan_pengukuran" else None

    plugins = get_plugins(extra=(("broken", BrokenLaporan()),))
    with pytest.raises(NaskahError, match=r"isian 'template \(laporan_pengukuran\)'"):
        run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings, plugins=plugins)
    assert archive_files(settings) == []
    assert _register(settings) == {}  # no number taken


def test_failing_template_archives_nothing_and_the_letters_keep_their_numbers(settings,
                                                                               tmp_path):
    """A run that fails while rendering archives nothing and leaves no staging; the numbers it
    committed before rendering stay with their letters (no gap: the next run prints them and
    takes no other number)."""
    class BrokenLaporan:  # a context bug that shows only with the real data
        @naskah.hookimpl
        def naskah_document_context(self, cycle, document, nomor):
            if document.kind.slug == "laporan_pengukuran":
                raise RuntimeError("konteks laporan rusak")
            return None

    plugins = get_plugins(extra=(("broken", BrokenLaporan()),))
    with pytest.raises(NaskahError, match="plugin .broken.: hook naskah_document_context gagal: "
                                          "RuntimeError: konteks laporan rusak"):
        run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings, plugins=plugins)
    assert archive_files(settings) == []
    with open_archive(settings) as (session, _):
        assert session.scalar(select(func.count()).select_from(Document)) == 0
        held = {i.document_key: i.nomor for i in session.scalars(select(numbering.NomorIssued))}
    assert len(held) == 4, "the four numbered letters hold their numbers"
    assert not any(settings.data_dir.joinpath("staging").iterdir())
    register = _register(settings)
    fixed = run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings)
    assert {k: d.nomor for k, d in
            ((d.key, d) for d in _documents(settings, run_id=fixed.run_id)) if d.nomor} == held
    assert _register(settings) == register, "the fixed run takes no other number"


def test_missing_soffice_gives_docx_and_a_note(settings, monkeypatch):
    with_pdf = settings.model_copy(update={"pdf": PdfSettings(soffice="soffice-not-installed")})
    result = run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=with_pdf)
    assert "LibreOffice" in result.pdf_note
    assert all(d.pdf_path is None for d in result.documents)
    assert shutil.which("soffice-not-installed") is None


def _as_period(tmp_path: Path, periode: str, *, undated: bool) -> Path:
    """The example workbook as another period (optionally without any Siklus date)."""
    wb = openpyxl.load_workbook(EXAMPLE)
    for row in wb["Siklus"].iter_rows(min_row=2):
        key = str(row[0].value or "")
        if key == "periode":
            row[1].value = periode
        elif undated and "tanggal_" in key:
            row[1].value = None
    path = tmp_path / f"example-{periode}.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize(("periode", "judul"), [
    ("2025-S1", "Semester I Tahun 2025"), ("2019", "Tahun 2019"),
])  # fmt: skip
def test_semester_and_annual_runs_title_and_number_by_their_period(tmp_path, periode, judul):
    """Issue 10: `naskah run` accepts 2025-S1 and 2025; the documents say "Semester I Tahun
    2025" / "Tahun …"; an undated document of a 2019 workbook is numbered in 2019, never in the
    machine's year, with a warning."""
    settings = Settings(data_dir=tmp_path / "data", pdf=PdfSettings(enabled=False))
    workbook = _as_period(tmp_path, periode, undated=True)
    result = run_cycle(workbook, agency=AGENCY, periode=periode, settings=settings)
    assert result.periode == periode
    files = archive_files(settings)
    assert all(f"/{periode}/v1/" in str(p) for p in files if p.suffix == ".docx")
    rekap = next(p for p in files if p.name.endswith("rekapitulasi_pengukuran.docx"))
    text = "\n".join(p.text for p in docx.Document(rekap).paragraphs)
    assert judul in text
    tahun = periode[:4]
    with open_archive(settings) as (session, _archive):
        nomors = [d.nomor for d in session.scalars(select(Document)) if d.nomor]
    assert nomors and all(n.endswith(f"/{tahun}") for n in nomors), nomors
    assert any(f"register tahun {tahun}" in w for w in result.warnings)
