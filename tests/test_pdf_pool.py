"""The warm LibreOffice pool: warm conversions, PDF/A, restarts, and recovery when LibreOffice is
killed or stopped mid-conversion (real LibreOffice, loopback only, every wait bounded)."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from naskah.pdf import pool as pdf_pool
from naskah.pdf.office import group_pids, pid_alive
from naskah.pdf.pool import (
    PdfPool,
    PoolUnavailable,
    TransientPdfError,
    get_pool,
)
from naskah.pdf.soffice import PdfError, pdf_text
from naskah.settings import PdfSettings, PoolSettings, Settings

UNO_PYTHON = PoolSettings().python


def _uno_missing() -> str | None:
    """Why the pool cannot run here (``None``: it can)."""
    import shutil

    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        return "LibreOffice (soffice) or pdftotext is not installed (make test installs them)"
    try:
        done = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{UNO_PYTHON} cannot run: {exc}"
    if done.returncode != 0:
        return f"{UNO_PYTHON} has no uno module: apt-get install python3-uno (make test does)"
    return None


MISSING = _uno_missing()
pytestmark = [pytest.mark.soffice, pytest.mark.skipif(MISSING is not None, reason=str(MISSING))]


def settings_for(tmp_path: Path, **pool: object) -> Settings:
    return Settings(data_dir=tmp_path / "data", pool=PoolSettings(**pool))


def make_docx(path: Path, text: str, *, rows: int = 0) -> Path:
    """A DOCX with a heading and ``text``; ``rows`` > 0 adds a table that takes LibreOffice
    seconds to lay out (a conversion long enough to be interrupted)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    d = docx.Document()
    d.add_heading("NOTA DINAS", level=1)
    d.add_paragraph(text)
    if rows:
        table = d.add_table(rows=0, cols=4)
        table.style = "Table Grid"
        for i in range(rows):
            cells = table.add_row().cells
            for j in range(4):
                cells[j].text = f"baris {i} kolom {j} realisasi capaian kinerja"
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def big_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DOCX whose conversion takes several seconds (1,500-row table)."""
    return make_docx(tmp_path_factory.mktemp("big") / "besar.docx", "LAMPIRAN", rows=1500)


def wait_until(condition, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def convert_in_thread(pool: PdfPool, src: Path, out: Path) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["pdf"] = pool.convert(src, out)
        except BaseException as exc:  # noqa: BLE001 - the test inspects it
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def interrupt_mid_conversion(pool: PdfPool, big: Path, out: Path, sig: signal.Signals):
    """Start converting ``big`` in a thread, send ``sig`` to LibreOffice while it converts."""
    pool.start()
    pid = pool.office_pid
    thread, outcome = convert_in_thread(pool, big, out)
    time.sleep(1.5)  # the request is with LibreOffice, laying out the table
    assert thread.is_alive(), f"the big document converted too fast to be interrupted: {outcome}"
    os.kill(pid, sig)
    return pid, thread, outcome


def test_two_conversions_are_served_by_one_warm_libreoffice(tmp_path):
    a = make_docx(tmp_path / "a.docx", "Pengumpulan data kinerja ALPHA-1401")
    b = make_docx(tmp_path / "b.docx", "Pengukuran kinerja BRAVO-2702")
    with PdfPool(settings_for(tmp_path)) as pool:
        assert pool.office_pid is None  # started lazily
        out_a = pool.convert(a, tmp_path / "out" / "a.pdf")
        pid = pool.office_pid
        out_b = pool.convert(b, tmp_path / "out" / "b.pdf")
        assert pool.office_pid == pid and pid_alive(pid)
        assert (pool.starts, pool.conversions, pool.fallback_conversions) == (1, 2, 0)
    assert "ALPHA-1401" in pdf_text(out_a)
    assert "BRAVO-2702" in pdf_text(out_b)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.pdf", "b.pdf"]


def test_pdfa_output_declares_pdfa_2b_and_plain_output_does_not(tmp_path):
    src = make_docx(tmp_path / "a.docx", "Arsip PDF/A")
    with PdfPool(settings_for(tmp_path)) as pool:
        archival = pool.convert(src, tmp_path / "a-pdfa.pdf", pdfa=True)
        plain = pool.convert(src, tmp_path / "a.pdf")
    xmp = PdfReader(archival).xmp_metadata
    assert xmp is not None
    part = xmp.rdf_root.getElementsByTagNameNS("http://www.aiim.org/pdfa/ns/id/", "part")
    conformance = xmp.rdf_root.getElementsByTagNameNS(
        "http://www.aiim.org/pdfa/ns/id/", "conformance"
    )
    assert part[0].firstChild.data == "2" and conformance[0].firstChild.data == "B"
    plain_xmp = PdfReader(plain).xmp_metadata
    assert plain_xmp is None or not plain_xmp.rdf_root.getElementsByTagNameNS(
        "http://www.aiim.org/pdfa/ns/id/", "part"
    )


def test_restarts_after_max_conversions_on_a_new_process(tmp_path):
    docs = [make_docx(tmp_path / f"{n}.docx", f"dokumen {n}") for n in range(3)]
    with PdfPool(settings_for(tmp_path, max_conversions=2)) as pool:
        pids = []
        for d in docs:
            pool.convert(d, tmp_path / "out" / f"{d.stem}.pdf")
            pids.append(pool.office_pid)
        assert pids[0] == pids[1] != pids[2]
        assert not pid_alive(pids[0])
        assert pool.starts == 2 and pool.conversions == 3


def test_libreoffice_killed_mid_conversion_is_a_transient_error_then_a_new_one_converts(
    tmp_path, big_docx
):
    small = make_docx(tmp_path / "kecil.docx", "setelah pemulihan CHARLIE-3303")
    with PdfPool(settings_for(tmp_path, timeout=120)) as pool:
        started = time.monotonic()
        pid, thread, outcome = interrupt_mid_conversion(
            pool, big_docx, tmp_path / "big.pdf", signal.SIGKILL
        )
        thread.join(30)
        assert not thread.is_alive()
        error = outcome.get("error")
        assert isinstance(error, TransientPdfError), outcome
        assert error.reason == "died" and error.failed == [big_docx]
        assert f"pid {pid}" in str(error) and "berhenti saat mengubah" in str(error)
        assert time.monotonic() - started < 30
        assert not (tmp_path / "big.pdf").exists()  # no partial PDF
        assert pool.office_pid is None

        pool.convert(small, tmp_path / "kecil.pdf")
        assert pool.office_pid not in (None, pid)
        assert "CHARLIE-3303" in pdf_text(tmp_path / "kecil.pdf")


def test_libreoffice_stopped_mid_conversion_times_out_and_is_killed_and_restarted(
    tmp_path, big_docx
):
    small = make_docx(tmp_path / "kecil.docx", "setelah SIGSTOP DELTA-4404")
    with PdfPool(settings_for(tmp_path, timeout=120)) as pool:  # the default timeout
        started = time.monotonic()
        pid, thread, outcome = interrupt_mid_conversion(
            pool, big_docx, tmp_path / "big.pdf", signal.SIGSTOP
        )
        thread.join(30)
        assert not thread.is_alive()
        error = outcome.get("error")
        assert isinstance(error, TransientPdfError), outcome
        assert error.reason == "timeout" and "stopped (SIGSTOP)" in str(error)
        caught = time.monotonic() - started
        print(f"stopped LibreOffice caught after {caught:.1f} s (pool timeout 120 s)")
        assert caught < 20, "the watchdog, not the 120 s timeout, caught it"
        assert not pid_alive(pid)  # the stopped process was killed, not left behind

        pool.convert(small, tmp_path / "kecil.pdf")
        assert pool.office_pid not in (None, pid)
        assert "DELTA-4404" in pdf_text(tmp_path / "kecil.pdf")


def test_libreoffice_killed_while_idle_is_restarted_before_the_next_conversion(tmp_path):
    a = make_docx(tmp_path / "a.docx", "sebelum")
    b = make_docx(tmp_path / "b.docx", "sesudah JULIET-1010")
    with PdfPool(settings_for(tmp_path)) as pool:
        pool.convert(a, tmp_path / "a.pdf")
        pid = pool.office_pid
        os.kill(pid, signal.SIGKILL)
        assert wait_until(lambda: not pid_alive(pid), 10)
        pool.convert(b, tmp_path / "b.pdf")
        assert pool.office_pid not in (None, pid) and pool.starts == 2
        assert "JULIET-1010" in pdf_text(tmp_path / "b.pdf")


def test_libreoffice_stopped_while_idle_is_caught_by_the_health_check(tmp_path):
    a = make_docx(tmp_path / "a.docx", "sebelum")
    b = make_docx(tmp_path / "b.docx", "sesudah ECHO-5505")
    with PdfPool(settings_for(tmp_path, timeout=5)) as pool:
        pool.convert(a, tmp_path / "a.pdf")
        pid = pool.office_pid
        os.kill(pid, signal.SIGSTOP)
        started = time.monotonic()
        pool.convert(b, tmp_path / "b.pdf")  # succeeds: the hung one is replaced first
        assert time.monotonic() - started < 30
        assert pool.office_pid != pid and not pid_alive(pid)
        assert "ECHO-5505" in pdf_text(tmp_path / "b.pdf")


def test_close_leaves_no_libreoffice_process_and_frees_the_port(tmp_path):
    src = make_docx(tmp_path / "a.docx", "x")
    pool = PdfPool(settings_for(tmp_path), index=3)
    pool.convert(src, tmp_path / "a.pdf")
    pids = group_pids(pool.process_group)
    office, port = pool.office_pid, pool.port
    assert office in pids and len(pids) >= 2  # the UNO script, oosplash, soffice.bin
    pool.close()
    assert [p for p in pids if pid_alive(p)] == []
    assert pool.office_pid is None and pool.port is None
    with PdfPool(settings_for(tmp_path), index=3) as again:
        again.start()
        assert again.port == port  # the lock was released with the process


@pytest.mark.parametrize("when", ["idle", "mid-conversion"])
def test_owner_killed_takes_its_libreoffice_and_folder_with_it(tmp_path, big_docx, when):
    """A worker killed by SIGKILL cannot clean up: its LibreOffice must go by itself, also when
    the worker dies while LibreOffice is busy converting for it."""
    script = textwrap.dedent(f"""
        import json, os, signal, threading, time
        from naskah.pdf.office import group_pids
        from naskah.pdf.pool import PdfPool
        from naskah.settings import Settings
        pool = PdfPool(Settings(data_dir={str(tmp_path / "data")!r}), index=9)
        pool.start()
        if {when == "mid-conversion"}:
            threading.Thread(target=pool.convert, daemon=True,
                             args=({str(big_docx)!r}, {str(tmp_path / "big.pdf")!r})).start()
            time.sleep(1.5)
        print(json.dumps([group_pids(pool.process_group), str(pool.workdir)]), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    pids, workdir = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(pids) >= 2 and workdir
    assert wait_until(lambda: not any(pid_alive(p) for p in pids), 20), [
        p for p in pids if pid_alive(p)
    ]
    assert wait_until(lambda: not Path(workdir).exists(), 5), "the pool's folder was left"


def test_pools_never_share_a_port_nor_take_one_in_use(tmp_path):
    src = make_docx(tmp_path / "a.docx", "x")
    s = settings_for(tmp_path, base_port=2203)
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", 2203))
        squatter.listen()
        with PdfPool(s, index=0) as first, PdfPool(s, index=0) as second:
            first.convert(src, tmp_path / "1.pdf")
            second.convert(src, tmp_path / "2.pdf")
            assert 2203 not in (first.port, second.port)
            assert first.port != second.port
            assert first.office_pid != second.office_pid


def test_falls_back_to_the_soffice_command_and_says_so_once(tmp_path, caplog):
    # The project's own interpreter has no uno module: the pool cannot start.
    s = settings_for(tmp_path, python=sys.executable)
    a = make_docx(tmp_path / "a.docx", "cadangan FOXTROT-6606")
    b = make_docx(tmp_path / "b.docx", "cadangan GOLF-7707")
    with caplog.at_level(logging.WARNING, logger="naskah.pdf.pool"), PdfPool(s) as pool:
        with pytest.raises(PoolUnavailable, match="python3-uno") as info:
            pool.start()
        assert info.value.permanent
        pool.convert(a, tmp_path / "a.pdf")
        pool.convert(b, tmp_path / "b.pdf")
        assert (pool.conversions, pool.fallback_conversions) == (0, 2)
        assert "python3-uno" in pool.fallback_reason
    warnings = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(warnings) == 1
    assert "FOXTROT-6606" in pdf_text(tmp_path / "a.pdf")
    assert "GOLF-7707" in pdf_text(tmp_path / "b.pdf")


def test_fallback_honours_pdfa(tmp_path):
    s = settings_for(tmp_path, python=str(tmp_path / "no-such-python"))
    src = make_docx(tmp_path / "a.docx", "x")
    with PdfPool(s) as pool:
        out = pool.convert(src, tmp_path / "a.pdf", pdfa=True)
        assert pool.fallback_conversions == 1
    xmp = PdfReader(out).xmp_metadata
    assert (
        xmp is not None
        and xmp.rdf_root.getElementsByTagNameNS("http://www.aiim.org/pdfa/ns/id/", "part")[
            0
        ].firstChild.data
        == "2"
    )


def test_a_document_that_cannot_be_opened_fails_once_and_the_office_survives(tmp_path):
    import zipfile

    bad = tmp_path / "rusak.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<not xml")
    good = make_docx(tmp_path / "baik.docx", "x")
    with PdfPool(settings_for(tmp_path)) as pool:
        pool.start()
        pid = pool.office_pid
        with pytest.raises(PdfError, match="rusak.docx") as info:
            pool.convert(bad, tmp_path / "rusak.pdf")
        assert not isinstance(info.value, TransientPdfError)
        assert info.value.failed == [bad]
        pool.convert(good, tmp_path / "baik.pdf")
        assert pool.office_pid == pid


def test_convert_many_keeps_the_contract_of_convert_to_pdf(tmp_path):
    one = make_docx(tmp_path / "x" / "nota.docx", "satu HOTEL-8808")
    two = make_docx(tmp_path / "y" / "nota.docx", "dua INDIA-9909")
    with PdfPool(settings_for(tmp_path)) as pool:
        assert pool.convert_many([], tmp_path / "out") == {}
        with pytest.raises(PdfError, match="not found"):
            pool.convert_many([one, tmp_path / "nope.docx"], tmp_path / "out")
        made = pool.convert_many([one, two, one], tmp_path / "out")
        assert pool.conversions == 2  # the duplicate converted once
    assert made == {one: tmp_path / "out" / "nota.pdf", two: tmp_path / "out" / "nota-2.pdf"}
    assert "HOTEL-8808" in pdf_text(made[one]) and "INDIA-9909" in pdf_text(made[two])


def test_get_pool_is_one_pool_per_process_until_its_settings_change(tmp_path):
    s = settings_for(tmp_path)
    try:
        pool = get_pool(s)
        assert get_pool(Settings(data_dir=tmp_path / "other", pool=s.pool)) is pool
        other = get_pool(settings_for(tmp_path, max_conversions=7))
        assert other is not pool and other.settings.pool.max_conversions == 7
    finally:
        pdf_pool.close_pool()


def test_run_cycle_attaches_pdfs_made_by_the_pool(tmp_path):
    from naskah.run import run_cycle
    from tests.conftest import EXAMPLE

    s = Settings(data_dir=tmp_path / "data", pdf=PdfSettings(enabled=True))
    try:
        result = run_cycle(EXAMPLE, agency=None, periode=None, settings=s)
        pool = get_pool(s)
        assert result.pdf_note is None
        assert all(d.pdf_path for d in result.documents)
        assert pool.conversions == len(result.documents) and pool.fallback_conversions == 0
    finally:
        pdf_pool.close_pool()


def test_the_conversion_timeout_is_scaled_to_the_document(tmp_path):
    from naskah.pdf.pool import conversion_timeout

    small = tmp_path / "small.docx"
    small.write_bytes(b"x" * 40_000)
    big = tmp_path / "big.docx"
    big.write_bytes(b"x" * (3 << 20))
    assert 30 <= conversion_timeout(small, 120) < 33
    assert conversion_timeout(big, 120) == 120  # never above settings.pool.timeout
    assert conversion_timeout(small, 10) == 10


def test_the_watchdog_sees_a_stopped_process_and_one_using_no_cpu(tmp_path):
    from naskah.pdf.office import Watchdog

    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        idle = Watchdog(sleeper.pid, stall=1.0)
        assert not idle()
        time.sleep(1.2)
        assert idle() and "no CPU" in idle.reason
        os.kill(sleeper.pid, signal.SIGSTOP)
        time.sleep(0.2)
        stopped = Watchdog(sleeper.pid)
        assert stopped() and "SIGSTOP" in stopped.reason
    finally:
        sleeper.kill()
        sleeper.wait()
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        working = Watchdog(busy.pid, stall=1.0)
        deadline = time.monotonic() + 2.5
        while time.monotonic() < deadline:
            assert not working(), working.reason
            time.sleep(0.3)
    finally:
        busy.kill()
        busy.wait()
