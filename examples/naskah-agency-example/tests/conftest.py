"""Fixtures of the plugin's own tests. They run where naskah is installed, with the plugin
installed (``pip install .``) or straight from this folder (it is put on ``sys.path``)."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

try:  # the installed plugin when there is one, else this folder's
    import naskah_agency_example  # noqa: F401
except ImportError:
    sys.path.insert(0, str(ROOT))


def _installed() -> bool:
    return any(ep.name == "contoh_fiktif" for ep in importlib.metadata.entry_points(group="naskah"))


@pytest.fixture
def plugins():
    """naskah's plugins with this one: from its entry point when installed, else registered
    by hand under the same name."""
    from naskah.agencies.manager import get_plugins

    import naskah_agency_example

    extra = () if _installed() else (("contoh_fiktif", naskah_agency_example),)
    loaded = get_plugins(extra=extra)
    assert not loaded.failures, loaded.failures
    return loaded


@pytest.fixture
def settings(tmp_path):
    from naskah.settings import PdfSettings, Settings

    return Settings(data_dir=tmp_path / "data", pdf=PdfSettings(enabled=False))
