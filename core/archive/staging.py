"""Staging folders left by killed runs (SIGKILL leaves the folder behind): removed by the next
run that stages (:func:`naskah.archive.store.stage_dir`)."""

from __future__ import annotations

import contextlib
import shutil
import time
from pathlib import Path

__all__ = ["STALE_STAGING_SECONDS", "remove_stale_staging"]

STALE_STAGING_SECONDS = 6 * 3600
"""A staging folder untouched this long belongs to a run that was killed (a run writes into
its folder every few seconds while it renders; SIGKILL leaves the folder behind)."""


def remove_stale_staging(root: Path) -> None:
    """Remove the staging folders of killed runs (untouched for
    :data:`STALE_STAGING_SECONDS`). Never raises."""
    cutoff = time.time() - STALE_STAGING_SECONDS
    with contextlib.suppress(OSError):
        for folder in root.iterdir():
            with contextlib.suppress(OSError):
                if folder.is_dir() and folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
