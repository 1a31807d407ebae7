"""Re-reading archived documents' text into the full-text index (``naskah archive reindex``).

Documents archived before migration 0008 have only their title, nomor and bidang indexed (the
migration cannot read the archive directory). :func:`reindex` reads each document's DOCX again
— after checking its sha256, so only the archived bytes are indexed — and stores what
:func:`naskah.archive.fulltext.document_words` makes of it in ``document_text``; the index
follows (SQLite: the FTS5 triggers; PostgreSQL: the expression index). A document whose text is
already the same is left alone, so a second run changes nothing.

Work is done in transactions of :data:`CHUNK` documents: a large archive is not locked for the
whole run, and an interrupted run keeps what it did (run it again to finish).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from naskah.archive.fulltext import document_words
from naskah.archive.store import Document, DocumentText, file_sha256
from naskah.i18n import _

CHUNK = 200
"""Documents per write transaction."""


@dataclass
class ReindexReport:
    """What :func:`reindex` did. ``indexed``: text stored anew (it differed or was missing);
    ``unchanged``: already indexed as the file reads; ``problems``: documents left as they were,
    one line each (file missing or changed since archiving)."""

    checked: int = 0
    indexed: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def reindex(
    sessions: sessionmaker[Session],
    archive_dir: Path,
    *,
    agency: str | None = None,
    periode: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReindexReport:
    """Index the text of every archived document (of ``agency`` and ``periode`` when given).

    :param sessions: a write session factory on the archive index.
    :param progress: called as ``progress(done, total)`` after each chunk.
    :return: the counts; nothing raises for a missing or altered file (it is reported).
    """
    report = ReindexReport()
    q = select(Document.id).order_by(Document.id)
    if agency:
        q = q.where(Document.agency == agency)
    if periode:
        q = q.where(Document.periode == periode)
    with sessions() as s:
        ids = list(s.scalars(q))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        with sessions() as s, s.begin():
            docs = s.scalars(select(Document).where(Document.id.in_(chunk))
                             .order_by(Document.id))
            texts = {t.document_id: t for t in s.scalars(
                select(DocumentText).where(DocumentText.document_id.in_(chunk)))}
            for doc in docs:
                report.checked += 1
                _one(s, archive_dir, doc, texts.get(doc.id), report)
        if progress is not None:
            progress(min(start + CHUNK, len(ids)), len(ids))
    return report


def _one(s: Session, archive_dir: Path, doc: Document, stored: DocumentText | None,
         report: ReindexReport) -> None:
    path = doc.docx_file(archive_dir)
    if not path.is_file():
        report.problems.append(_("#{id} {path}: the file is missing", id=doc.id,
                                 path=doc.docx_path))
        return
    sha, _size = file_sha256(path)
    if sha != doc.docx_sha256:
        report.problems.append(_("#{id} {path}: changed since archiving (sha256 {found}… "
                                 "instead of {archived}…)", id=doc.id, path=doc.docx_path,
                                 found=sha[:12], archived=doc.docx_sha256[:12]))
        return
    body = document_words(doc.title, doc.nomor, doc.bidang, path)
    if stored is not None and stored.body == body:
        report.unchanged += 1
        return
    if stored is None:
        s.add(DocumentText(document_id=doc.id, body=body))
    else:
        stored.body = body
    report.indexed += 1
