"""Page thumbnails of archived PDFs, rendered once and cached outside the archive.

A thumbnail is a PNG of one page of a document's PDF, ``THUMB_WIDTH`` pixels wide, drawn by
poppler's ``pdftoppm`` (Debian ``poppler-utils``, installed with LibreOffice by
``scripts/ensure-system.sh soffice``). It is made the first time it is asked for and kept in
``<data_dir>/cache/miniatur/<pdf sha256>-<page>.png``: named by the PDF's content, so it is
never stale and a re-archived identical PDF shares it. The archive itself is never written.

The PDF is checked against its recorded sha256 before it is rendered
(:func:`naskah.archive.bundles.checked_file`), and the PNG is written to a temporary name and
renamed, so concurrent requests never see half a file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from naskah.archive.bundles import NoFile, checked_file
from naskah.archive.store import Document
from naskah.errors import NaskahError

THUMB_WIDTH = 360
"""Pixels; shown at 90–180 CSS px, sharp on 2× screens."""
MAX_PAGES = 12
"""Pages the document page shows as thumbnails (the rest: open the PDF)."""
_TIMEOUT = 30


class PreviewUnavailable(NaskahError):
    """No thumbnail can be drawn here (``pdftoppm`` missing or failing)."""


def cache_dir(data_dir: Path) -> Path:
    """``<data_dir>/cache/miniatur``: where thumbnails are kept (safe to delete)."""
    return Path(data_dir) / "cache" / "miniatur"


def page_count(archive_dir: Path, doc: Document) -> int:
    """Pages of the document's PDF (checked first); ``0`` when it has no PDF.

    :raises naskah.archive.bundles.ArchiveFileError: the PDF is missing or changed.
    """
    if not doc.pdf_path:
        return 0
    from pypdf import PdfReader

    return len(PdfReader(checked_file(archive_dir, doc, "pdf")).pages)


def thumbnail(archive_dir: Path, data_dir: Path, doc: Document, page: int = 1) -> Path:
    """The cached PNG of ``page`` (1-based) of the document's PDF, rendering it if needed.

    :raises NoFile: the document has no PDF, or no such page.
    :raises naskah.archive.bundles.ArchiveFileError: the PDF is missing or changed.
    :raises PreviewUnavailable: ``pdftoppm`` is not installed or fails.
    """
    if not doc.pdf_path or not doc.pdf_sha256:
        raise NoFile(f"document {doc.id} has no PDF")
    if page < 1:
        raise NoFile(f"document {doc.id} has no page {page}")
    target = cache_dir(data_dir) / f"{doc.pdf_sha256}-{page}.png"
    if target.is_file():
        return target
    pdf = checked_file(archive_dir, doc, "pdf")
    if page > page_count(archive_dir, doc):
        raise NoFile(f"document {doc.id} has no page {page}")
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise PreviewUnavailable("pdftoppm is not installed (Debian: poppler-utils)")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".render-") as tmp:
        stem = Path(tmp) / "page"
        try:
            subprocess.run(
                [tool, "-png", "-f", str(page), "-l", str(page), "-singlefile",
                 "-scale-to-x", str(THUMB_WIDTH), "-scale-to-y", "-1", str(pdf), str(stem)],
                check=True, capture_output=True, timeout=_TIMEOUT,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise PreviewUnavailable(f"pdftoppm failed on document {doc.id}: {exc}") from None
        os.replace(stem.with_suffix(".png"), target)
    return target
