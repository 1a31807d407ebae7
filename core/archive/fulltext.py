"""Full-text search over the words of archived documents: extracted once at archiving.

:func:`naskah.archive.store.commit_run` stores each document's words in ``document_text``
(:func:`document_words`: title, nomor, bidang, then every paragraph and table cell of its DOCX).
The database indexes them:

- SQLite: an FTS5 table ``document_fts`` over ``document_text`` (external content, kept in step
  by triggers; ``unicode61`` tokens without diacritics), queried with ``MATCH`` and drawn with
  ``snippet()``;
- PostgreSQL: a GIN index on ``to_tsvector('simple', body)``, queried with
  ``websearch_to_tsquery`` and drawn with ``ts_headline``.

Both are created by migration 0008. The ``simple`` configuration (no stemming) is used because
PostgreSQL has no Indonesian stemmer; FTS5 does not stem either, so both find the same words.

A query is words (all must occur) and "quoted phrases"; a snippet marks the words found with
:data:`MARK_START` / :data:`MARK_END`, which :func:`snippet_html` turns into ``<mark>`` after
escaping everything else.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from markupsafe import Markup
from sqlalchemy import ColumnElement, literal_column, text

MARK_START, MARK_END = "\x02", "\x03"
"""Control characters around a found word in a snippet (never in document text)."""
MAX_TERMS = 10
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"[^\W_]+")
_PARAGRAPH_END = re.compile(r"</w:p>|<w:br/>|<w:tab/>|</w:tc>")
_TAG = re.compile(r"<[^>]+>")


def docx_text(path: Path) -> str:
    """The text of a DOCX's body (paragraphs and table cells, one per line); ``""`` if the file
    is not a readable DOCX. Reads ``word/document.xml`` directly (milliseconds, no python-docx).
    """
    try:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("word/document.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return ""
    lines = _TAG.sub("", _PARAGRAPH_END.sub("\n", xml))
    return "\n".join(line.strip() for line in html.unescape(lines).splitlines() if line.strip())


def document_words(title: str, nomor: str, bidang: str, docx: Path) -> str:
    """What is indexed for one document: its title, nomor, bidang and DOCX text."""
    return "\n".join(part for part in (title, nomor, bidang, docx_text(docx)) if part)


def terms(query: str) -> list[str]:
    """The words and phrases of a user's query (at most :data:`MAX_TERMS`), each reduced to its
    word characters: ``'laporan "capaian  kinerja" 85,5%'`` → ``['laporan', 'capaian kinerja',
    '85 5']``. Punctuation never reaches the database's query parser."""
    out = []
    for m in _TERM.finditer(query or ""):
        words = _WORD.findall(m.group(1) if m.group(1) is not None else m.group(2))
        if words:
            out.append(" ".join(words))
    return out[:MAX_TERMS]


def _fts5_query(parts: list[str]) -> str:
    return " AND ".join(f'"{p}"' for p in parts)  # word characters only: no quote to escape


def _pg_query(parts: list[str]) -> str:
    return " ".join(f'"{p}"' if " " in p else p for p in parts)


def matches(dialect: str, document_id, query: str) -> ColumnElement[bool] | None:
    """A condition: the document ``document_id`` (a column) contains every term of ``query``;
    ``None`` when the query has no word (the caller finds nothing)."""
    parts = terms(query)
    if not parts:
        return None
    if dialect == "sqlite":
        return document_id.in_(
            text("SELECT rowid FROM document_fts WHERE document_fts MATCH :fts")
            .bindparams(fts=_fts5_query(parts))
            .columns(literal_column("rowid"))
        )
    if dialect == "postgresql":
        return document_id.in_(
            text("SELECT document_id FROM document_text WHERE to_tsvector('simple', body) "
                 "@@ websearch_to_tsquery('simple', :fts)")
            .bindparams(fts=_pg_query(parts))
            .columns(literal_column("document_id"))
        )
    raise NotImplementedError(f"full-text search is not supported on {dialect}")


def snippets(session, dialect: str, ids: list[int], query: str) -> dict[int, str]:
    """``{document id: snippet}`` of the given documents for ``query``: about 20 words around
    the words found, each found word between :data:`MARK_START` and :data:`MARK_END`."""
    parts = terms(query)
    if not parts or not ids:
        return {}
    if dialect == "sqlite":
        sql = text(
            "SELECT rowid, snippet(document_fts, 0, :a, :b, '…', 20) FROM document_fts "
            "WHERE document_fts MATCH :fts AND rowid IN (SELECT value FROM json_each(:ids))"
        )
        params = {"fts": _fts5_query(parts), "ids": "[" + ",".join(map(str, ids)) + "]"}
    else:
        sql = text(
            "SELECT document_id, ts_headline('simple', body, websearch_to_tsquery('simple', "
            ":fts), 'StartSel=' || :a || ', StopSel=' || :b || ', MaxWords=24, MinWords=12, "
            "MaxFragments=2, FragmentDelimiter=\" … \"') FROM document_text "
            "WHERE document_id = ANY(:ids)"
        )
        params = {"fts": _pg_query(parts), "ids": ids}
    rows = session.execute(sql, {"a": MARK_START, "b": MARK_END, **params})
    return {int(i): s for i, s in rows if s and MARK_START in s}


def snippet_html(snippet: str) -> Markup:
    """A snippet as safe HTML: everything escaped, found words in ``<mark>``, lines joined."""
    escaped = html.escape(" ".join(snippet.split()))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))
