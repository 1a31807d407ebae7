"""DOCX → PDF through LibreOffice: one call per batch, failures named, timeouts killed."""

from __future__ import annotations

import shlex
import shutil
import tempfile
import time
from pathlib import Path

import docx
import pytest

from naskah.pdf.soffice import PdfError, convert_to_pdf, pdf_text, soffice_available
from naskah.settings import PdfSettings, Settings

HAVE_SOFFICE = soffice_available(Settings())


def needs_soffice(test):
    """Mark a test ``soffice`` and skip it when LibreOffice is not installed."""
    skip = pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice (soffice) is not on PATH")
    return pytest.mark.soffice(skip(test))


def make_docx(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    d = docx.Document()
    d.add_heading("NOTA DINAS", level=1)
    d.add_paragraph(text)
    d.save(str(path))
    return path


def settings_with(tmp_path: Path, **pdf) -> Settings:
    s = Settings(data_dir=tmp_path / "data")
    if pdf:  # model_construct: the tests need a timeout below the validated minimum
        s.pdf = PdfSettings.model_construct(**{**s.pdf.model_dump(), **pdf})
    return s


def counting_soffice(tmp_path: Path) -> tuple[Path, Path]:
    """A wrapper around the real soffice that logs each call's arguments, one line per call."""
    log = tmp_path / "calls.log"
    script = tmp_path / "soffice-counting"
    real = shutil.which("soffice")
    script.write_text(
        f'#!/bin/sh\necho "$*" >> {shlex.quote(str(log))}\nexec {shlex.quote(real)} "$@"\n'
    )
    script.chmod(0o755)
    return script, log


def test_soffice_available(tmp_path):
    assert soffice_available(settings_with(tmp_path, soffice="no-such-soffice-xyz")) is False
    script = tmp_path / "fake"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert soffice_available(settings_with(tmp_path, soffice=str(script))) is True


def test_missing_input_and_empty_batch(tmp_path):
    s = settings_with(tmp_path, soffice="no-such-soffice-xyz")
    assert convert_to_pdf([], tmp_path / "out", s) == {}
    with pytest.raises(PdfError, match="not found.*nope.docx"):
        convert_to_pdf([tmp_path / "nope.docx"], tmp_path / "out", s)


def test_soffice_that_cannot_start_is_a_pdf_error(tmp_path):
    src = make_docx(tmp_path / "a.docx", "x")
    with pytest.raises(PdfError, match="no-such-soffice-xyz"):
        convert_to_pdf(
            [src], tmp_path / "out", settings_with(tmp_path, soffice="no-such-soffice-xyz")
        )


@needs_soffice
def test_three_documents_in_one_call(tmp_path):
    texts = {
        "nota_dinas": "Nota dinas tentang pengumpulan data kinerja triwulan satu ALPHA-7731",
        "undangan": "Undangan rapat koordinasi pengukuran kinerja BRAVO-2284",
        "notulen": "Notulen rapat evaluasi capaian indikator CHARLIE-9053",
    }
    srcs = [make_docx(tmp_path / "in" / f"{stem}.docx", t) for stem, t in texts.items()]
    script, log = counting_soffice(tmp_path)
    out = tmp_path / "out"

    result = convert_to_pdf(srcs, out, settings_with(tmp_path, soffice=str(script)))

    assert log.read_text().count("--convert-to pdf") == 1  # one LibreOffice call for the batch
    assert set(result) == set(srcs)
    for src in srcs:
        pdf = result[src]
        assert pdf == out / f"{src.stem}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        body = pdf_text(pdf)
        assert texts[src.stem].split()[-1] in body
        assert "NOTA DINAS" in body
        others = [t.split()[-1] for stem, t in texts.items() if stem != src.stem]
        assert not any(o in body for o in others)
    assert sorted(p.name for p in out.iterdir()) == [  # no work files left
        "nota_dinas.pdf", "notulen.pdf", "undangan.pdf"]


@needs_soffice
def test_same_stem_in_different_folders_does_not_collide(tmp_path):
    a = make_docx(tmp_path / "pengumpulan" / "01_nota_dinas.docx", "Dari pengumpulan DELTA-1111")
    b = make_docx(tmp_path / "pengukuran" / "01_nota_dinas.docx", "Dari pengukuran ECHO-2222")

    result = convert_to_pdf([a, b], tmp_path / "out", settings_with(tmp_path))

    pa, pb = result[a], result[b]
    assert pa != pb
    assert (pa.name, pb.name) == ("01_nota_dinas.pdf", "01_nota_dinas-2.pdf")
    assert "DELTA-1111" in pdf_text(pa) and "ECHO-2222" not in pdf_text(pa)
    assert "ECHO-2222" in pdf_text(pb) and "DELTA-1111" not in pdf_text(pb)


@needs_soffice
def test_a_corrupt_docx_is_named_and_the_others_still_convert(tmp_path):
    good = make_docx(tmp_path / "good.docx", "Dokumen yang baik FOXTROT-3333")
    bad = tmp_path / "rusak.docx"
    bad.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])  # a truncated zip

    with pytest.raises(PdfError) as info:
        convert_to_pdf([good, bad], tmp_path / "out", settings_with(tmp_path))

    err = info.value
    assert str(bad) in str(err)
    assert str(good) not in str(err).split("LibreOffice output")[0]
    assert err.failed == [bad]
    assert "FOXTROT-3333" in pdf_text(err.converted[good])
    assert "could not be loaded" in err.stderr


@needs_soffice
def test_relative_paths_are_kept_as_keys(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = make_docx(Path("docs") / "laporan.docx", "Laporan relatif GOLF-4444")
    same = Path("docs") / ".." / "docs" / "laporan.docx"  # the same file by another path

    result = convert_to_pdf([src, same], Path("out"), settings_with(tmp_path))

    assert set(result) == {src, same}
    assert result[src] == result[same] == Path("out") / "laporan.pdf"
    assert "GOLF-4444" in pdf_text(result[src])
    assert sorted(p.name for p in Path("out").iterdir()) == ["laporan.pdf"]


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a live (not zombie) process."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


def test_timeout_kills_the_whole_process_group(tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where profile and HOME go
    pids = tmp_path / "pids"
    script = tmp_path / "slow-soffice"
    script.write_text(
        "#!/bin/sh\n"
        f"sleep 300 &\necho $! >> {shlex.quote(str(pids))}\n"
        f"echo $$ >> {shlex.quote(str(pids))}\n"
        "echo starting >&2\n"
        "wait\n"
    )
    script.chmod(0o755)
    src = make_docx(tmp_path / "a.docx", "x")
    s = settings_with(tmp_path, soffice=str(script), timeout=1)

    started = time.monotonic()
    with pytest.raises(PdfError, match="within 1 s and was killed") as info:
        convert_to_pdf([src], tmp_path / "out", s)
    assert time.monotonic() - started < 30
    assert info.value.failed == [src]

    recorded = [int(x) for x in pids.read_text().split()]
    assert len(recorded) == 2  # the script and its background sleep
    deadline = time.monotonic() + 10  # SIGKILL is delivered asynchronously: poll, don't guess
    while any(_alive(p) for p in recorded) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in recorded if _alive(p)], "processes survived the timeout"
    assert list((tmp_path / "out").iterdir()) == []  # no work folder left
    assert list(scratch.iterdir()) == []  # no profile or HOME left


def test_pdf_text_of_a_non_pdf_is_a_pdf_error(tmp_path):
    f = tmp_path / "not.pdf"
    f.write_text("hello")
    with pytest.raises(PdfError, match="pdftotext gagal"):
        pdf_text(f)
