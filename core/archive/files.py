"""File operations of the archive: sha256 of a file, moving staged files in and back out.

Used by :mod:`naskah.archive.store` (which re-exports :func:`file_sha256` and
:class:`ArchiveError`); nothing here touches the database.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from naskah.errors import NaskahError
from naskah.i18n import _

_CHUNK = 1 << 20


class ArchiveError(NaskahError):
    """The archive refused an operation (a target file exists, a staged file is missing, …)."""


def file_sha256(path: Path, *, sync: bool = False) -> tuple[str, int]:
    """``(sha256 hex, size in bytes)`` of a file; ``sync``: also flush its data to disk."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
        if sync:
            with contextlib.suppress(OSError):
                os.fsync(f.fileno())
    return h.hexdigest(), size


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _makedirs(path: Path, created: list[Path]) -> None:
    """``mkdir -p`` that notes each folder it created (outermost first)."""
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        d.mkdir()
        created.append(d)


def _move_in(src: Path, dst: Path) -> None:
    """Move ``src`` to ``dst`` (a rename; a copy + rename across file systems). Never overwrites."""
    if dst.exists() or dst.is_symlink():
        raise ArchiveError(_("refusing to overwrite archived file {dst}", dst=dst))
    try:
        os.replace(src, dst)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
        shutil.copyfile(src, tmp)
        file_sha256(tmp, sync=True)
        os.replace(tmp, dst)
        src.unlink()


def _move_back(moved: Iterable[tuple[Path, Path]], created: list[Path]) -> None:
    """Undo :func:`_move_in` calls (reverse order) and remove folders created for them."""
    for src, dst in reversed(list(moved)):
        with contextlib.suppress(OSError):
            if not src.exists() and src.parent.is_dir():
                shutil.move(dst, src)
            else:
                dst.unlink()
    for d in reversed(created):
        with contextlib.suppress(OSError):
            d.rmdir()
