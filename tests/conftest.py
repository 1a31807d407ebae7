"""Shared fixtures: isolated settings per test (own data dir and SQLite index)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from naskah.settings import PdfSettings, Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dinsos-p3a-pessel-2025-TW1.xlsx"

HAS_SOFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings writing into a fresh temporary data dir; PDF off (tests that want it opt in)."""
    return Settings(data_dir=tmp_path / "data", pdf=PdfSettings(enabled=False))


def archive_files(settings: Settings) -> list[Path]:
    root = settings.archive_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
