"""Finding archived documents: filtered search, versions of a document, values to filter by.

Every function takes ``agency_scope``: ``None`` sees the whole archive, a slug sees only that
agency (an operator's view, :attr:`naskah.accounts.users.Principal.agency_scope`). Out-of-scope
rows are
filtered in SQL, so they are never loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import Session

from naskah.archive import fulltext
from naskah.archive.store import Document, Run, current_documents
from naskah.model import Periode

SORTS = ("", "tanggal", "tanggal_lama", "nomor", "jenis")
"""Orders a search may ask for: ``""`` (the trail: newest period first, then SOP order),
``tanggal`` (the letter's date, newest first), ``tanggal_lama`` (oldest first), ``nomor``,
``jenis`` (document kind, then trail)."""


@dataclass(frozen=True)
class DocumentQuery:
    """Filters of a search; ``None`` (or ``""`` for text) means "any".

    - ``agency``: slug; ``tahun``: year; ``periode``: ``YYYY-TWn``;
    - ``procedure`` (``pengumpulan`` / ``pengukuran``), ``kind`` (kind slug): exact;
    - ``bidang``: exact bidang name (``""`` is "any", not "agency-wide");
    - ``nomor``: case-insensitive substring of the nomor;
    - ``words``: full text: every word and "quoted phrase" must occur in the document (its
      title, nomor, bidang or DOCX text; :mod:`naskah.archive.fulltext`); a query without any
      word finds nothing;
    - ``sort``: one of :data:`SORTS`;
    - ``latest_only``: only the current version of each document (the newest run holding its
      key; :func:`naskah.archive.store.current_documents`), so a cycle step that re-archives some
      documents never hides the others.
    """

    agency: str | None = None
    tahun: int | None = None
    periode: str | None = None
    procedure: str | None = None
    kind: str | None = None
    bidang: str | None = None
    nomor: str | None = None
    words: str | None = None
    latest_only: bool = True
    sort: str = ""


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with ``%``, ``_`` and ``\\`` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _contains(column, text: str):
    return func.lower(column).like(_like(text), escape="\\")


def _filtered(query: DocumentQuery, agency_scope: str | None,
              dialect: str) -> tuple[Select, object]:
    q = select(Document).join(Run, Document.run_id == Run.id)
    order = Document.id
    if query.latest_only:
        q, order = current_documents(q)
    exact = {
        Document.agency: query.agency or None,
        Document.tahun: query.tahun,
        Document.periode: Periode.parse(query.periode).key if query.periode else None,
        Document.procedure: query.procedure or None,
        Document.kind: query.kind or None,
        Document.bidang: query.bidang or None,
    }
    q = q.where(*(col == value for col, value in exact.items() if value is not None))
    if agency_scope is not None:
        q = q.where(Document.agency == agency_scope)
    if query.nomor and query.nomor.strip():
        q = q.where(_contains(Document.nomor, query.nomor.strip()))
    if query.words and query.words.strip():
        condition = fulltext.matches(dialect, Document.id, query.words)
        q = q.where(condition if condition is not None else false())
    return q, order


def search_documents(
    session: Session,
    query: DocumentQuery,
    *,
    agency_scope: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[Document]]:
    """``(total matching, one page of documents)``.

    Default order: tahun and periode descending, agency, trail order of the set (with all
    versions: newest run first, each in trail order); ``query.sort`` puts the letter's date,
    nomor or kind first (documents without a date last).
    :raises ValueError: ``query.periode`` is not ``YYYY-TWn``, or an unknown ``query.sort``.
    """
    if query.sort not in SORTS:
        raise ValueError(f"unknown sort {query.sort!r}; one of {', '.join(SORTS)}")
    q, trail = _filtered(query, agency_scope, session.get_bind().dialect.name)
    total = session.scalar(select(func.count()).select_from(q.subquery())) or 0
    trail_order = (trail,) if query.latest_only else (Run.version.desc(),)
    first = {
        "": (),
        "tanggal": (Document.tanggal.is_(None), Document.tanggal.desc()),
        "tanggal_lama": (Document.tanggal.is_(None), Document.tanggal),
        "nomor": (Document.nomor == "", Document.nomor),
        "jenis": (Document.kind,),
    }[query.sort]
    page = q.order_by(
        *first, Document.tahun.desc(), Document.periode.desc(), Document.agency, *trail_order,
        Document.id,
    ).limit(limit).offset(offset)
    return total, list(session.scalars(page))


def search_snippets(session: Session, docs: list[Document], words: str | None) -> dict[int, str]:
    """``{document id: snippet}`` around the words of ``words`` found in each document (marked
    as :func:`naskah.archive.fulltext.snippet_html` expects); empty without words."""
    if not words or not docs:
        return {}
    return fulltext.snippets(session, session.get_bind().dialect.name, [d.id for d in docs],
                             words)


def get_visible_document(
    session: Session, document_id: int, agency_scope: str | None = None
) -> Document | None:
    """The document, or ``None`` if it does not exist OR is outside ``agency_scope``."""
    doc = session.get(Document, document_id)
    if doc is None or (agency_scope is not None and doc.agency != agency_scope):
        return None
    return doc


def get_visible_run(session: Session, run_id: int, agency_scope: str | None = None) -> Run | None:
    """The run, or ``None`` if it does not exist OR is outside ``agency_scope``."""
    run = session.get(Run, run_id)
    if run is None or (agency_scope is not None and run.agency != agency_scope):
        return None
    return run


def document_versions(session: Session, doc: Document) -> list[Document]:
    """Every archived version of ``doc`` (same agency and key, one per run), oldest run first.

    ``doc`` itself is in the list; a document regenerated in a newer run is a newer version.
    """
    q = (
        select(Document)
        .join(Run, Document.run_id == Run.id)
        .where(Document.agency == doc.agency, Document.key == doc.key)
        .order_by(Run.version, Document.id)
    )
    return list(session.scalars(q))


def visible_runs(
    session: Session,
    *,
    agency: str | None = None,
    periode: str | None = None,
    agency_scope: str | None = None,
    limit: int = 100,
) -> list[Run]:
    """Runs matching the filters within ``agency_scope``, newest first."""
    q = select(Run)
    if agency:
        q = q.where(Run.agency == agency)
    if periode:
        q = q.where(Run.periode == Periode.parse(periode).key)
    if agency_scope is not None:
        q = q.where(Run.agency == agency_scope)
    return list(session.scalars(q.order_by(Run.id.desc()).limit(limit)))


def facets(session: Session, agency_scope: str | None = None) -> dict[str, list]:
    """The distinct values present in the archive, to offer as filter choices.

    ``{"agency": [...], "tahun": [...], "periode": [...], "procedure": [...], "kind": [...],
    "bidang": [...]}``, each sorted (years and periods newest first); empty bidang left out.
    """
    out: dict[str, list] = {}
    for name in ("agency", "tahun", "periode", "procedure", "kind", "bidang"):
        col = getattr(Document, name)
        q = select(col).distinct()
        if agency_scope is not None:
            q = q.where(Document.agency == agency_scope)
        values = [v for v in session.scalars(q) if v not in (None, "")]
        out[name] = sorted(values, reverse=name in ("tahun", "periode"))
    return out
