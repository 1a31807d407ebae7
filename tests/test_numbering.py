"""The numbering register: sequence, restarts, rollback, concurrency (SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import IntegrityError, StatementError

from naskah.archive.numbering import (
    NomorIssued,
    Register,
    allocate,
    format_nomor,
    last_number,
    record,
)
from naskah.db import Base, make_engine, session_factory
from tests.conftest import postgres_schema_url

AGENCY = "dinsos-p3a-pessel"
KODE = "000.8.6.3"
@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A database URL with naskah's tables created: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'naskah.db'}"
        engine = make_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        yield url
        return
    for url in postgres_schema_url():
        engine = make_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        yield url


@pytest.fixture
def Session(db_url):  # noqa: N802 - a session factory
    engine = make_engine(db_url)
    yield session_factory(engine)
    engine.dispose()


# --- allocation ---------------------------------------------------------------------------------


def test_numbers_are_sequential_and_restart_per_year_and_kode(Session):
    with Session() as s, s.begin():
        assert allocate(s, AGENCY, 2025, KODE) == [1]
        assert allocate(s, AGENCY, 2025, KODE) == [2]
        assert allocate(s, AGENCY, 2025, KODE, count=3) == [3, 4, 5]
        assert allocate(s, AGENCY, 2026, KODE) == [1]
        assert allocate(s, AGENCY, 2025, "000.1.5") == [1]
        assert allocate(s, "other-agency", 2025, KODE) == [1]
    with Session() as s, s.begin():
        assert allocate(s, AGENCY, 2025, KODE, count=2) == [6, 7]
        assert last_number(s, AGENCY, 2026, KODE) == 1
        assert last_number(s, AGENCY, 2027, KODE) == 0


def test_rollback_gives_the_numbers_back(Session):
    with Session() as s, s.begin():
        assert allocate(s, AGENCY, 2025, KODE, count=2) == [1, 2]
    with Session() as s:
        assert allocate(s, AGENCY, 2025, KODE, count=3) == [3, 4, 5]
        record(s, AGENCY, 2025, KODE, 3, "000.8.6.3/3/X/2025", "k/3")
        s.rollback()
    with Session() as s, s.begin():
        assert allocate(s, AGENCY, 2025, KODE) == [3]
        assert s.scalar(select(func.count()).select_from(NomorIssued)) == 0


def test_first_use_in_a_rolled_back_transaction_leaves_no_register(Session):
    with Session() as s:
        allocate(s, AGENCY, 2030, KODE)
        s.rollback()
    with Session() as s:
        assert s.scalar(select(func.count()).select_from(Register)) == 0


def test_allocate_sees_a_register_object_loaded_earlier(Session):
    with Session() as s, s.begin():
        allocate(s, AGENCY, 2025, KODE)
        reg = s.scalars(select(Register)).one()
        assert reg.last_number == 1
        allocate(s, AGENCY, 2025, KODE, count=4)
        assert reg.last_number == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((AGENCY, 2025, KODE, 0), "count"),
        (("", 2025, KODE, 1), "agency"),
        ((AGENCY, 2025, "", 1), "kode"),
        ((AGENCY, 1999, KODE, 1), "tahun"),
    ],
)
def test_allocate_rejects_bad_arguments(Session, args, message):
    with Session() as s, pytest.raises(ValueError, match=message):
        allocate(s, *args)


def test_record_keeps_the_nomor_and_refuses_unallocated_or_repeated_numbers(Session):
    with Session() as s, s.begin():
        [n] = allocate(s, AGENCY, 2025, KODE)
        row = record(s, AGENCY, 2025, KODE, n, "000.8.6.3/0001/Dinsos/2025", "a/b/c")
        assert row.issued_at.tzinfo is not None
        with pytest.raises(ValueError, match="not allocated"):
            record(s, AGENCY, 2025, KODE, 2, "x", "k")
        with pytest.raises(ValueError, match="not allocated"):
            record(s, AGENCY, 2025, "000.1.5", 1, "x", "k")
    with Session() as s:
        issued = s.scalars(select(NomorIssued)).one()
        assert (issued.number, issued.nomor, issued.document_key) == (
            1,
            "000.8.6.3/0001/Dinsos/2025",
            "a/b/c",
        )
        with pytest.raises(IntegrityError):
            record(s, AGENCY, 2025, KODE, 1, "again", "other")
        s.rollback()


def test_sqlite_deferred_transaction_is_refused(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'n.db'}")
    Base.metadata.create_all(engine)
    ReadOnly = session_factory(engine, read_only=True)  # noqa: N806
    with ReadOnly() as s:
        s.scalar(select(func.count()).select_from(Register))  # a DEFERRED transaction that read
        with pytest.raises(RuntimeError, match="BEGIN IMMEDIATE"):
            allocate(s, AGENCY, 2025, KODE)
    with ReadOnly() as s, s.begin():  # a fresh one is begun IMMEDIATE by allocate
        assert allocate(s, AGENCY, 2025, KODE) == [1]
    engine.dispose()


def test_sqlite_engine_not_from_make_engine_is_refused(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'n.db'}")
    Base.metadata.create_all(engine)
    with session_factory(engine)() as s, pytest.raises(RuntimeError, match="make_engine"):
        allocate(s, AGENCY, 2025, KODE)
    engine.dispose()


def test_sqlite_engine_settings(tmp_path):
    path = tmp_path / "new" / "dir" / "n.db"  # the folder is created
    engine = make_engine(f"sqlite:///{path}", sqlite_busy_timeout_ms=1234)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1234
    engine.dispose()


def test_timestamps_are_utc_aware_and_naive_ones_are_refused(Session):
    with Session() as s, s.begin():
        allocate(s, AGENCY, 2025, KODE)
        record(s, AGENCY, 2025, KODE, 1, "n", "k")
    with Session() as s:
        issued = s.scalars(select(NomorIssued)).one()
        assert issued.issued_at.utcoffset() == timedelta(0)
        issued.issued_at = issued.issued_at.replace(tzinfo=None)
        with pytest.raises(StatementError, match="naive datetime"):
            s.flush()
        s.rollback()


# --- concurrency ----------------------------------------------------------------------------------


def _allocating_worker(url: str, start, commits: int, results) -> None:
    """Allocate until ``commits`` numbers are committed, rolling back every 4th attempt."""
    engine = make_engine(url)
    Session = session_factory(engine)  # noqa: N806
    got: list[int] = []
    attempt = 0
    start.wait(timeout=60)
    try:
        while len(got) < commits:
            attempt += 1
            with Session() as s:
                [n] = allocate(s, AGENCY, 2025, KODE)
                record(s, AGENCY, 2025, KODE, n, f"{KODE}/{n:04d}", f"{os.getpid()}/{attempt}")
                if attempt % 4 == 0:
                    s.rollback()
                else:
                    s.commit()
                    got.append(n)
        results.put((os.getpid(), got, None))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        results.put((os.getpid(), got, repr(exc)))
    finally:
        engine.dispose()


def _run_concurrently(url: str, processes: int = 4, commits: int = 25) -> list[list[int]]:
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_allocating_worker, args=(url, start, commits, results))
        for _ in range(processes)
    ]
    for p in procs:
        p.start()
    start.set()
    outcomes = [results.get(timeout=240) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0, f"worker {p.pid} exited with {p.exitcode}"
    errors = [err for _, _, err in outcomes if err]
    assert not errors, errors
    return [got for _, got, _ in outcomes]


def test_concurrent_allocation_never_repeats_or_skips(db_url):
    per_worker = _run_concurrently(db_url, processes=4, commits=25)

    for got in per_worker:
        assert len(got) == 25
        assert got == sorted(got)  # each worker sees the register only move forward
    assert sorted(n for got in per_worker for n in got) == list(range(1, 101))
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        assert last_number(s, AGENCY, 2025, KODE) == 100
        numbers = s.scalars(select(NomorIssued.number).order_by(NomorIssued.number)).all()
        assert numbers == list(range(1, 101))
    engine.dispose()


# --- format_nomor ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "kwargs", "expected"),
    [
        (
            "{kode}/{nomor:04d}/{unit}/{tahun}",
            {"kode": "000.8.3.3", "nomor": 1, "unit": "RSUD", "tanggal": date(2026, 2, 3)},
            "000.8.3.3/0001/RSUD/2026",
        ),
        (
            "{kode}/{nomor}/M/{unit}",
            {"kode": "000.8.3.3", "nomor": 263, "unit": "Diskominfo", "tanggal": date(2025, 5, 1)},
            "000.8.3.3/263/M/Diskominfo",
        ),
        (
            "{nomor:03d}/{unit}/{bulan_romawi}/{tahun}",
            {"kode": "", "nomor": 1, "unit": "KPA.1-900", "tanggal": date(2017, 1, 9)},
            "001/KPA.1-900/I/2017",
        ),
        (
            "{kode}/{nomor}/{bulan:02d}/{tahun}",
            {"kode": "000.1.5", "nomor": 12, "unit": "", "tanggal": date(2025, 9, 30)},
            "000.1.5/12/09/2025",
        ),
    ],
)
def test_format_nomor(pattern, kwargs, expected):
    assert format_nomor(pattern, **kwargs) == expected


def test_format_nomor_missing_unit_prints_dots():
    got = format_nomor("{kode}/{nomor:04d}/{unit}/{tahun}", kode=KODE, nomor=7, unit="",
                       tanggal=date(2025, 4, 10))
    assert got == "000.8.6.3/0007/..../2025"


def test_format_nomor_roman_months():
    got = [
        format_nomor("{bulan_romawi}", kode=KODE, nomor=1, unit="u", tanggal=date(2025, m, 1))
        for m in range(1, 13)
    ]
    assert got == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@pytest.mark.parametrize(
    ("pattern", "named"),
    [
        ("{kode}/{nomor}/{dinas}/{tahun}", "'dinas'"),
        ("{kode}/{}/{tahun}", "'{}'"),
        ("{kode}/{0}", "'0'"),
        ("{kode}/{nomor", "salah tulis"),
        ("{nomor:xyz}", "tidak dapat dicetak"),
    ],
)
def test_format_nomor_rejects_bad_patterns(pattern, named):
    with pytest.raises(ValueError, match=named.replace("{", r"\{").replace("}", r"\}")):
        format_nomor(pattern, kode=KODE, nomor=1, unit="u", tanggal=date(2025, 1, 1))
