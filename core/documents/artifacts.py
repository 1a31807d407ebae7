"""Content-addressed files under the data dir: what documents embed and does not depend on a
period's data (an SOP's flowchart pages), made once and reused across runs, periods and worker
processes.

An artifact is a folder ``<cache dir>/<namespace>/<key>/`` whose ``key`` is the sha256 of
everything it is made from (:func:`content_key`: the SOP's procedure, the page size, naskah's
version and :data:`FORMAT`). It is built in a temporary folder beside it and renamed into place
(``os.rename`` of a folder is atomic on one file system): a reader sees a complete folder or
none; two workers building the same key at once both succeed, the second one's copy is
discarded. A folder is never changed after the rename, so nothing needs locking.

The same cache dir holds the compiled Jinja code of the templates' parts, one file per source
(``jinja/``, :func:`naskah.render._compiled`).

The cache dir is set per process by the entry points that know the data dir
(:func:`use_cache_dir`: the main run, the batch steps; ``naskah sop`` keeps none); without one,
artifacts are built in a temporary folder every time (as before the cache).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

FORMAT = 5
"""Bumped when the way an artifact is drawn changes (its old copies are then not found).
2: flowchart pages filled with whole steps; 3: a word wider than its column hyphenated;
4: flowchart pages painted by naskah's SVG writer (:mod:`naskah.documents.flowchart.draw`)
instead of matplotlib."""

_cache_dir: Path | None = None


def use_cache_dir(path: Path | None) -> None:
    """Keep artifacts under ``path`` (e.g. ``<data dir>/cache``) in this process from now on;
    ``None``: no cache."""
    global _cache_dir
    _cache_dir = Path(path) if path is not None else None


def cache_dir() -> Path | None:
    """The process's cache dir (``None``: artifacts are not kept)."""
    return _cache_dir


def content_key(*parts: object) -> str:
    """sha256 (hex) of the ``repr`` of ``parts`` with naskah's version and :data:`FORMAT`.
    ``parts`` must have a deterministic ``repr`` (dataclasses, tuples, str, numbers)."""
    from naskah import __version__

    return hashlib.sha256(repr((__version__, FORMAT, parts)).encode()).hexdigest()


def artifact(
    namespace: str, key: str, build: Callable[[Path], None], *, scratch: Path | None = None
) -> Path:
    """The folder of artifact ``namespace/key``, built by ``build(folder)`` when it is not
    there yet. Without a cache dir: built in a new folder under ``scratch`` (or the temp
    dir) every time.

    :raises: whatever ``build`` raises (nothing is left in the cache then).
    """
    root = _cache_dir
    if root is None:
        folder = Path(tempfile.mkdtemp(prefix=f"{namespace}-", dir=scratch))
        build(folder)
        return folder
    final = root / namespace / key
    if final.is_dir():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=final.parent))
    try:
        build(tmp)
        os.chmod(tmp, 0o755)
        try:
            os.rename(tmp, final)
        except OSError:
            if not final.is_dir():  # not a lost race: a real failure
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final
