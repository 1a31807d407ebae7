"""A run's phases (issue 14): numbers committed first, documents rendered with no transaction
and no connection open, the archive written in a short transaction of its own — on SQLite and
PostgreSQL. Two runs of one period at once archive as two versions; a failed ``--nomor-baru``
run burns no number."""

from __future__ import annotations

import contextlib
import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

import naskah
from naskah.agencies.manager import get_plugins
from naskah.archive import numbering
from naskah.archive import store as archive
from naskah.archive.locks import period_lock_key
from naskah.archive.store import Document, Run
from naskah.errors import NaskahError
from naskah.run import open_archive, run_cycle
from naskah.settings import PdfSettings, Settings
from tests.conftest import EXAMPLE, archive_files

AGENCY = "dinsos-p3a-pessel"


def _settings(tmp_path: Path, url: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=url,
                    pdf=PdfSettings(enabled=False))


def _register(settings: Settings) -> dict[tuple, int]:
    with open_archive(settings) as (session, _):
        return {(r.agency, r.tahun, r.kode_klasifikasi): r.last_number
                for r in session.scalars(select(numbering.Register))}


def _nomor(settings: Settings, run_id: int) -> dict[str, str]:
    with open_archive(settings) as (session, _):
        return {d.key: d.nomor for d in session.scalars(
            select(Document).where(Document.run_id == run_id)) if d.nomor}


class WritesMidRender:
    """A plugin that, while the first nota dinas renders, writes to the index through a
    connection of its own with a short lock timeout (and, on PostgreSQL, counts the run's
    connections): what a web request or a batch worker does while a long run renders."""

    def __init__(self, url: str, app_name: str = "") -> None:
        self.url, self.app_name = url, app_name
        self.outcome: str | None = None
        self.connections: int | None = None

    @naskah.hookimpl
    def naskah_document_context(self, cycle, document, nomor):
        if document.kind.slug != "nota_dinas" or self.outcome is not None:
            return None
        try:
            self._write()
            self.outcome = "written"
        except Exception as exc:  # noqa: BLE001 - the outcome is asserted by the test
            self.outcome = f"{type(exc).__name__}: {exc}"
        return None

    def _write(self) -> None:
        u = make_url(self.url)
        if u.get_backend_name() == "sqlite":
            conn = sqlite3.connect(u.database, timeout=0.5, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("UPDATE register SET last_number = last_number")
                conn.execute("COMMIT")
            finally:
                conn.close()
            return
        engine = create_engine(u)
        try:
            with engine.begin() as conn:
                conn.execute(text("SET LOCAL lock_timeout = '500ms'"))
                conn.execute(text("UPDATE register SET last_number = last_number"))
                # the archiving lock of this period is free too
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                             {"k": period_lock_key(AGENCY, "2025-TW1")})
                self.connections = conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = :n"
                    " AND pid <> pg_backend_pid()"),
                    {"n": self.app_name}).scalar_one()
        finally:
            engine.dispose()


def test_the_index_is_not_locked_while_documents_render(database_url, tmp_path):
    """Issue 14: a run of 50,000 indicators held the database write transaction for 900 s. Now
    a writer with a 0.5 s lock timeout succeeds mid-render, and on PostgreSQL the run holds
    no connection at all while it renders."""
    app_name = f"naskah-run-{tmp_path.name}"[:60]
    url = database_url
    if make_url(url).get_backend_name() == "postgresql":
        url = make_url(url).update_query_dict(
            {"application_name": app_name}).render_as_string(hide_password=False)
    settings = _settings(tmp_path, url)
    run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings)  # register rows exist
    probe = WritesMidRender(url, app_name)
    plugins = get_plugins(extra=(("probe", probe),))
    result = run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings,
                       plugins=plugins)
    assert probe.outcome == "written", probe.outcome
    assert result.version == 2
    if probe.connections is not None:
        assert probe.connections == 0, "no connection of the run is open while it renders"


def _broken_plugins(tmp_path: Path):
    """A plugin whose laporan fails while rendering, after the numbers are taken (a context
    bug with the real data; a broken template would be refused before the numbers)."""

    class BrokenLaporan:
        @naskah.hookimpl
        def naskah_document_context(self, cycle, document, nomor):
            if document.kind.slug == "laporan_pengukuran":
                raise RuntimeError("konteks laporan rusak")
            return None

    return get_plugins(extra=(("broken", BrokenLaporan()),))


def test_a_failed_nomor_baru_run_burns_no_number(database_url, tmp_path):
    """``--nomor-baru`` that fails after its numbers are committed: the archive is unchanged,
    and its retry prints the numbers the failed attempt took — the register moves once per
    new letter, never for a failure. A plain run keeps the letters' numbers throughout."""
    settings = _settings(tmp_path, database_url)
    first = run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings)
    old = _nomor(settings, first.run_id)
    start = _register(settings)
    files = archive_files(settings)

    with pytest.raises(NaskahError):
        run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings,
                  plugins=_broken_plugins(tmp_path), new_numbers=True)
    assert archive_files(settings) == files, "the archive is as it was"
    taken = _register(settings)
    assert sum(taken.values()) - sum(start.values()) == len(old)

    with pytest.raises(NaskahError):  # failing again takes nothing more
        run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings,
                  plugins=_broken_plugins(tmp_path), new_numbers=True)
    assert _register(settings) == taken

    retry = run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings,
                      new_numbers=True)
    new = _nomor(settings, retry.run_id)
    assert _register(settings) == taken, "the retry reuses the failed attempt's numbers"
    assert new.keys() == old.keys() and all(new[k] != old[k] for k in old)
    assert retry.version == 2

    again = run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings,
                      new_numbers=True)
    assert sum(_register(settings).values()) - sum(taken.values()) == len(old)
    assert all(_nomor(settings, again.run_id)[k] != new[k] for k in old)
    plain = run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings)
    assert _nomor(settings, plain.run_id) == _nomor(settings, again.run_id)


def _run_at_once(url: str, data_dir: str, start, meet, results) -> None:
    settings = Settings(data_dir=Path(data_dir), database_url=url,
                        pdf=PdfSettings(enabled=False))
    pick = archive.next_version

    def next_version_then_meet(*args, **kwargs):
        # Both runs pick their version at the same moment — unless one waits for the other's
        # archiving lock (then the meeting times out after 3 s and the first goes on).
        version = pick(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait(timeout=3)
        return version

    archive.next_version = next_version_then_meet
    start.wait(timeout=120)
    try:
        result = run_cycle(EXAMPLE, agency=AGENCY, periode=None, settings=settings)
        results.put((result.run_id, result.version, None))
    except BaseException as exc:  # noqa: BLE001 - reported to the test
        results.put((None, None, f"{type(exc).__name__}: {exc}"))


@pytest.mark.slow
def test_two_runs_of_one_period_at_once_archive_two_whole_versions(database_url, tmp_path):
    """Two processes run the same agency and period at the same moment: they render at the
    same time, and even when both reach the archive together (made to meet as they pick their
    version) they archive one after the other (the period lock): the archive holds v1 and v2,
    each the whole trail with the same letters' numbers, every file checked, no orphan."""
    settings = _settings(tmp_path, database_url)
    with open_archive(settings):
        pass  # the schema exists before both start (migrations are not what is tested)
    ctx = multiprocessing.get_context("spawn")
    start, meet, results = ctx.Event(), ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_run_at_once,
                         args=(database_url, str(settings.data_dir), start, meet, results))
             for _ in range(2)]
    for p in procs:
        p.start()
    time.sleep(1)
    start.set()
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert [err for _r, _v, err in outcomes if err] == []
    assert sorted(v for _r, v, _e in outcomes) == [1, 2]
    with open_archive(settings) as (session, _):
        runs = session.scalars(select(Run).order_by(Run.version)).all()
        assert [r.version for r in runs] == [1, 2]
        counts = [session.scalar(select(func.count()).select_from(Document)
                                 .where(Document.run_id == r.id)) for r in runs]
        assert counts[0] == counts[1] == 30
        assert archive.verify(session, settings.archive_dir) == []
    folder = settings.archive_dir / AGENCY / "2025" / "2025-TW1"
    assert sorted(p.name for p in folder.iterdir()) == ["v1", "v2"], "no orphan version folder"
    first, second = (_nomor(settings, r.id) for r in runs)
    assert first == second and len(first) == 4, "one number per letter, taken once"
    assert sum(_register(settings).values()) == 4
