"""Malformed and hostile workbooks (issue 14): every refusal located, nothing archived, reading
bounded in time and memory; the few hostile-but-valid workbooks read as the example does.

The corpus (``tests/hostile_corpus.py``) is generated from the example workbook. Most cases go
through :func:`naskah.run.run_cycle` in this process against an archive that already holds one
run (hashed before and after); a few go through the ``naskah run`` command.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from naskah.errors import InputError
from naskah.input.workbook import read_workbook
from naskah.run import run_cycle
from naskah.settings import PdfSettings, Settings
from tests.hostile_corpus import AGENCY, ANY, EXAMPLE, Case, all_cases, put

CASES = all_cases()
CLASS_NAME = re.compile(r"\b(\w+Error|\w+Exception|InvalidOperation|BadZipFile|Traceback)\b")


def tree_hash(root: Path) -> str:
    """sha256 over every file's relative path and bytes under ``root``."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(str(p.relative_to(root)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """An archive holding one run of the example (the state refused workbooks must keep)."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    settings = Settings(data_dir=data, pdf=PdfSettings(enabled=False))
    run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings)
    return settings


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 150
    assert sum(c.where is not None for c in CASES) >= 140


def _matches(problem, where) -> bool:
    sheet, row, column = where
    return (
        problem.sheet == sheet
        and (row is ANY or problem.row == row)
        and (column is ANY or problem.column == column)
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_workbook(case: Case, tmp_path: Path, archived: Settings):
    path = case.write(tmp_path / f"{case.id[:60]}.xlsx")
    before = tree_hash(archived.data_dir)
    tracemalloc.start()
    started = time.perf_counter()
    error: InputError | None = None
    try:
        if case.where is None:
            data = read_workbook(path)
        else:
            with pytest.raises(InputError) as info:
                run_cycle(path, agency=AGENCY, periode=None, settings=archived)
            error = info.value
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    assert tree_hash(archived.data_dir) == before, "a refused workbook changed the archive"
    assert not list((archived.data_dir).glob("staging/*")), "staging left behind"
    assert seconds < case.seconds, f"{case.id}: {seconds:.1f} s (bound {case.seconds} s)"
    assert peak < case.mb, f"{case.id}: {peak:.0f} MB traced (bound {case.mb} MB)"
    if error is None:
        assert data.indikator and data.realisasi
        assert all(i.nama != "DARI SHEET TERSEMBUNYI" for i in data.indikator)
        return
    text = str(error)
    assert not CLASS_NAME.search(text), text
    for problem in error.problems:
        assert problem.file == path.name, problem
        assert problem.found and problem.expected, problem
        assert len(str(problem)) < 600, f"message too long: {str(problem)[:200]}…"
    assert any(_matches(p, case.where) for p in error.problems), (
        f"no problem at {case.where}:\n{text[:2000]}"
    )


def test_hidden_sheet_does_not_replace_the_visible_one(tmp_path: Path):
    (case,) = [c for c in CASES if c.id == "hidden-twin-sheet"]
    data = read_workbook(case.write(tmp_path / "twin.xlsx"))
    assert data.indikator == read_workbook(EXAMPLE).indikator


def test_zero_width_space_is_visible_in_the_message(tmp_path: Path):
    (case,) = [c for c in CASES if c.id == "kode-realisasi-zwsp"]
    with pytest.raises(InputError) as info:
        read_workbook(case.write(tmp_path / "zw.xlsx"))
    assert "1.06.02.2.03.0014\\u200b" in str(info.value)
    assert "U+200B" in str(info.value)


def test_messages_are_indonesian(tmp_path: Path):
    cases = {c.id: c for c in CASES}
    expected = {
        "encrypted": "kata sandi",
        "text40": "terlalu besar",
        "float1e-30": "terlalu kecil",
        "no-indicators": "tidak ada baris indikator",
        "rows-50000": "5000",
    }
    for case_id, phrase in expected.items():
        case = cases.get(case_id) or next(c for c in CASES if c.id.endswith(case_id))
        with pytest.raises(InputError) as info:
            read_workbook(case.write(tmp_path / f"{case.id}.xlsx"))
        assert phrase in str(info.value), (case.id, str(info.value))


def test_resource_cases_stay_small_in_a_fresh_process(tmp_path: Path):
    """Peak resident memory (ru_maxrss, which tracemalloc does not see: expat, zlib) of
    reading the worst workbooks, each in its own interpreter."""
    wanted = ("stray-cell-indikator", "shared-strings-bomb", "million-rows-ignored-sheet",
              "million-rows-ignored-sheet-no-dimension", "rows-50000")
    for case in (c for c in CASES if c.id in wanted):
        path = case.write(tmp_path / f"{case.id}.xlsx")
        code = (
            "import resource, sys, time\n"
            "from naskah.errors import InputError\n"
            "from naskah.input.workbook import read_workbook\n"
            "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "t = time.perf_counter()\n"
            "try:\n    read_workbook(sys.argv[1])\nexcept InputError:\n    pass\n"
            "print(time.perf_counter() - t, base,"
            " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        )
        out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                             text=True, timeout=120, check=True).stdout.split()
        seconds, base_kb, peak_kb = float(out[0]), int(out[1]), int(out[2])
        grown = (peak_kb - base_kb) / 1024
        assert seconds < case.seconds, (case.id, seconds)
        assert grown < 200, f"{case.id}: resident memory grew by {grown:.0f} MB"


# --- through the command line ---------------------------------------------------------------


def _naskah(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NASKAH_LANG": "id"}
    return subprocess.run(
        [str(Path(sys.executable).parent / "naskah"), *args, "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=120, env=env,
    )


@pytest.mark.parametrize(
    "case_id", ["indikator-J9-int40", "encrypted", "kode-realisasi-zwsp", "no-indicators"]
)
def test_cli_refuses_with_exit_1_and_no_traceback(case_id: str, tmp_path: Path):
    (case,) = [c for c in CASES if c.id == case_id]
    path = case.write(tmp_path / f"{case_id}.xlsx")
    data_dir = tmp_path / "data"
    result = _naskah("run", str(path), "--no-pdf", data_dir=data_dir)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not CLASS_NAME.search(result.stderr), result.stderr
    assert path.name in result.stderr
    assert not (data_dir / "archive").exists() or not any((data_dir / "archive").rglob("*.docx"))


def test_cli_refuses_an_empty_period(tmp_path: Path):
    result = _naskah("run", str(EXAMPLE), "--period", "", "--no-pdf", data_dir=tmp_path / "d")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "--period ''" in result.stderr
    assert "Traceback" not in result.stderr


# --- literal text in documents --------------------------------------------------------------


def test_template_like_text_is_printed_as_typed(tmp_path: Path):
    """``A{{ 8*8 }}B`` typed in the workbook is printed as ``A{{ 8*8 }}B``: never evaluated
    (no 64) and not mangled by docxtpl's ``{_{`` escape."""
    path = tmp_path / "literal.xlsx"
    Case("literal", None, chain_literal()).write(path)
    settings = Settings(data_dir=tmp_path / "data", pdf=PdfSettings(enabled=False))
    result = run_cycle(path, agency=AGENCY, periode=None, settings=settings)
    texts = []
    for doc in result.documents:
        with zipfile.ZipFile(settings.archive_dir / doc.docx_path) as z:
            for name in z.namelist():
                if name.startswith("word/") and name.endswith(".xml"):
                    texts.append(re.sub(r"<[^>]+>", "", z.read(name).decode()))
    joined = "\n".join(texts)
    assert "A{{ 8*8 }}B" in joined
    assert "A64B" not in joined and "{_{" not in joined and "}_}" not in joined
    assert "C{% if 1 %}D" in joined
    for typed in ("I{{ 8*8 }}J", "K{{ 8*8 }}L"):
        assert typed in joined, typed


def chain_literal():
    from tests.hostile_corpus import chain

    return chain(put("Indikator", "D9", "A{{ 8*8 }}B"), put("Indikator", "C9", "C{% if 1 %}D"),
                 put("Realisasi", "E13", "I{{ 8*8 }}J"), put("Pejabat", "B2", "K{{ 8*8 }}L"))


# --- staging ----------------------------------------------------------------------------------


def test_sigterm_mid_render_leaves_no_staging_and_no_archive(tmp_path: Path):
    data_dir = tmp_path / "data"
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "naskah"), "run", str(EXAMPLE), "--no-pdf",
         "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while not list(data_dir.glob("staging/**/*.docx")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "rendering never started"
        time.sleep(0.05)
    proc.terminate()
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + 15, err
    assert "Traceback" not in err
    assert not list(data_dir.glob("staging/*")), "staging left behind"
    assert not list(data_dir.glob("archive/**/*.docx")), "documents archived"


def test_staging_of_a_killed_run_is_removed_by_the_next(tmp_path: Path):
    from naskah.archive import staging, store

    old = tmp_path / "staging" / "dinsos-2025-TW1-dead"
    old.mkdir(parents=True)
    (old / "001.docx").write_bytes(b"x")
    past = time.time() - staging.STALE_STAGING_SECONDS - 60
    os.utime(old, (past, past))
    fresh = store.stage_dir(tmp_path, "dinsos", "2025-TW1")
    assert not old.exists()
    assert fresh.is_dir()


def test_the_corpus_letters_match_the_example_header():
    """The corpus puts bad values by column letter: they must still be the columns it means."""
    import openpyxl

    from tests.hostile_corpus import INDIKATOR_NUMERIC, PAGU

    ws = openpyxl.load_workbook(EXAMPLE, read_only=True)["Indikator"]
    header = {c.column_letter: c.value for c in next(ws.iter_rows(max_row=1))}
    assert header[PAGU] == "pagu"
    assert {header[col] for col in INDIKATOR_NUMERIC} == {
        "target_tahunan", "target_tw1", "target_tw2", "target_tw3", "target_tw4", "target_s1",
        "target_s2"}
    assert header["R"] != "pagu"  # the duplicate-header case writes a second 'pagu' there
