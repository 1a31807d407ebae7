"""Orphan run folders: what an item that failed while moving into the archive leaves behind
(an empty, unindexed ``v1/sop/`` skeleton). Reported by :func:`naskah.archive.store.verify`,
removed by ``naskah archive verify --repair``."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path, PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from naskah.archive.store import Run, run_relpath
from naskah.errors import NaskahError
from naskah.i18n import _

__all__ = ["ORPHAN_MIN_AGE_SECONDS", "orphan_folders", "remove_orphan_folders", "verify"]

ORPHAN_MIN_AGE_SECONDS = 600
"""A run folder younger than this may belong to a run being archived right now."""


def orphan_folders(session: Session, archive_dir: Path) -> list[PurePosixPath]:
    """Run folders (``<agency>/<tahun>/<periode>/v<N>``) that no run of the index owns and that
    hold no file, only empty folders: what an item that failed while moving into the archive
    leaves behind. Folders changed in the last :data:`ORPHAN_MIN_AGE_SECONDS` are left out (a
    run may be moving in). Folders with files are never orphans here (``verify`` reports
    indexed files only; unindexed files need a person).

    :return: their paths relative to ``archive_dir``, sorted.
    """
    archive_dir = Path(archive_dir)
    if not archive_dir.is_dir():
        return []
    owned: set[PurePosixPath] = set()
    for run in session.scalars(select(Run)):
        with contextlib.suppress(ValueError, NaskahError):
            owned.add(run_relpath(run.agency, run.periode, run.version))
    cutoff = time.time() - ORPHAN_MIN_AGE_SECONDS
    found = []
    for folder in archive_dir.glob("*/*/*/v*"):
        rel = PurePosixPath(folder.relative_to(archive_dir).as_posix())
        if folder.is_symlink() or not folder.is_dir() or rel in owned:
            continue
        inside = [folder, *folder.rglob("*")]
        if any(not p.is_dir() or p.is_symlink() for p in inside):
            continue
        if max(p.stat().st_mtime for p in inside) > cutoff:
            continue
        found.append(rel)
    return sorted(found)


def remove_orphan_folders(session: Session, archive_dir: Path) -> list[PurePosixPath]:
    """Remove the folders :func:`orphan_folders` finds (checked again now); return them."""
    removed = []
    for rel in orphan_folders(session, archive_dir):
        folder = Path(archive_dir) / rel
        for sub in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            sub.rmdir()  # empty folders only: a file that appeared meanwhile stops it
        folder.rmdir()
        removed.append(rel)
    return removed


def verify(session: Session, archive_dir: Path) -> list[str]:
    """:func:`naskah.archive.store.verify` (every archived file against the index) preceded by
    one line per orphan folder."""
    from naskah.archive import store

    return [
        _("orphan folder: {rel} (empty, no version in the index; `naskah archive verify "
          "--repair` removes it)", rel=rel)
        for rel in orphan_folders(session, archive_dir)
    ] + store.verify(session, archive_dir)
