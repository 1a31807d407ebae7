"""Shared fixtures: isolated settings per test (own data dir and SQLite index)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from naskah.settings import PdfSettings, Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dinsos-p3a-pessel-2025-TW1.xlsx"

HAS_SOFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None

PG_URL = os.environ.get(
    "NASKAH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
"""The PostgreSQL test database (``make test`` sets it; tests skip if it is not reachable)."""


def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh schema in the test database; dropped afterwards.

    A generator of one URL: skips the test when psycopg is missing or PostgreSQL unreachable —
    or fails it, when ``NASKAH_REQUIRE_POSTGRES=1`` (``make test`` sets it: it has started
    PostgreSQL, so a PostgreSQL test that cannot run is a failure, not a skip).
    """
    unavailable = pytest.fail if os.environ.get("NASKAH_REQUIRE_POSTGRES") == "1" else pytest.skip
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("PostgreSQL tests need the psycopg driver (pip install 'psycopg[binary]')")
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    schema = f"naskah_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means: not reachable
        admin.dispose()
        unavailable(f"PostgreSQL not reachable at {PG_URL}: {type(exc).__name__}: {exc}")
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, then a fresh PostgreSQL schema (same test twice)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'naskah.db'}"
    else:
        yield from postgres_schema_url()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings writing into a fresh temporary data dir; PDF off (tests that want it opt in)."""
    return Settings(data_dir=tmp_path / "data", pdf=PdfSettings(enabled=False))


def archive_files(settings: Settings) -> list[Path]:
    root = settings.archive_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
