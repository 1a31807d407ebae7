"""Reading the numbering register: each number given out, the letter it went to, and the archived
versions of that letter (the page ``/register``; :mod:`naskah.archive.numbering` gives the
numbers out).

A number (:class:`naskah.archive.numbering.NomorIssued`) goes to one *letter*: a document key
(``PlannedDocument.key``: agency / period / procedure / step / kind [/ variant] [/ bidang]).
Every regeneration of the letter is a new version that keeps the number; ``--nomor-baru`` gives
the same key a new number, and the versions made from then on bear it. So the versions of a
number are the archived documents of its key bearing its nomor. A version whose nomor was
printed differently for the same number (the pattern shows the letter's month, and the date
moved within the year) is matched to the newest number of its key in the register of its year.
A number whose letter was never archived (a batch item that failed after numbering) has no
version: the register shows it all the same — numbers are never skipped.

Typical use::

    total, entries = register_entries(session, RegisterQuery(agency="dinsos-p3a-pessel",
                                                             periode="2025-TW1"))
    for e in entries:
        print(e.nomor, e.kind, e.letter.title if e.letter else "—", [d.id for d in e.versions])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from naskah.archive.numbering import NomorIssued
from naskah.archive.store import Document, DocumentText


@dataclass(frozen=True)
class RegisterQuery:
    """Filters (``None``: any): ``agency`` slug, ``periode`` key (``2025-TW1``), register
    ``tahun``; ``agency_scope``: the only agency the caller may see (operators)."""

    agency: str | None = None
    periode: str | None = None
    tahun: int | None = None
    agency_scope: str | None = None


@dataclass
class RegisterEntry:
    """One number of the register and its letter.

    ``kind`` and ``periode`` come from the letter's key; ``versions`` are its archived
    documents, oldest first (empty: never archived); ``letter`` is the newest of them; ``hal``
    is read from the letter's indexed text (:func:`hal_of`).
    """

    agency: str
    tahun: int
    kode_klasifikasi: str
    number: int
    nomor: str
    key: str
    issued_at: datetime
    versions: list[Document] = field(default_factory=list)
    hal: str = ""
    """The letter's *hal* (subject) as its newest version prints it; empty if it has none."""

    @property
    def periode(self) -> str:
        parts = self.key.split("/")
        return parts[1] if len(parts) > 1 else ""

    @property
    def kind(self) -> str:
        parts = self.key.split("/")
        return parts[4] if len(parts) > 4 else ""

    @property
    def letter(self) -> Document | None:
        return self.versions[-1] if self.versions else None


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(query: RegisterQuery):
    q = select(NomorIssued)
    if query.agency_scope is not None:
        q = q.where(NomorIssued.agency == query.agency_scope)
    if query.agency:
        q = q.where(NomorIssued.agency == query.agency)
    if query.tahun:
        q = q.where(NomorIssued.tahun == query.tahun)
    if query.periode:  # keys are agency/periode/…: the period is the second part
        pattern = "%/" + _escape_like(query.periode) + "/%"
        q = q.where(NomorIssued.document_key.like(pattern, escape="\\"))
    return q


def register_entries(session: Session, query: RegisterQuery, *, limit: int = 100,
                     offset: int = 0) -> tuple[int, list[RegisterEntry]]:
    """``(numbers matching, one page of entries)`` ordered by agency, year, kode klasifikasi
    and number, each with the archived versions of its letter (in the caller's scope)."""
    q = _filtered(query)
    total = session.scalar(select(func.count()).select_from(q.subquery())) or 0
    rows = list(session.scalars(
        q.order_by(NomorIssued.agency, NomorIssued.tahun, NomorIssued.kode_klasifikasi,
                   NomorIssued.number).limit(limit).offset(offset)))
    entries = [RegisterEntry(r.agency, r.tahun, r.kode_klasifikasi, r.number, r.nomor,
                             r.document_key, r.issued_at) for r in rows]
    _attach_versions(session, entries)
    return total, entries


def _attach_versions(session: Session, entries: list[RegisterEntry]) -> None:
    if not entries:
        return
    keys = {e.key for e in entries}
    agencies = {e.agency for e in entries}
    docs = session.scalars(
        select(Document).where(Document.key.in_(keys), Document.agency.in_(agencies))
        .order_by(Document.id)
    )
    by_text = {(e.agency, e.key, e.nomor): e for e in entries}
    newest: dict[tuple[str, str, int, str], RegisterEntry] = {}
    for e in entries:  # the number a regenerated letter reuses: its key's highest
        slot = (e.agency, e.key, e.tahun, e.kode_klasifikasi)
        if slot not in newest or newest[slot].number < e.number:
            newest[slot] = e
    for d in docs:
        if not d.nomor:
            continue
        entry = by_text.get((d.agency, d.key, d.nomor))
        if entry is None:
            year = d.tanggal.year if d.tanggal else d.tahun
            entry = newest.get((d.agency, d.key, year, d.kode_klasifikasi))
        if entry is not None:
            entry.versions.append(d)
    letters = {e.letter.id: e for e in entries if e.letter is not None}
    if letters:
        for doc_id, body in session.execute(
            select(DocumentText.document_id, DocumentText.body)
            .where(DocumentText.document_id.in_(letters))
        ):
            letters[doc_id].hal = hal_of(body)


_HAL = re.compile(r"^Hal[ \t]*\n?[ \t]*:[ \t]*\n?[ \t]*(\S[^\n]*)$", re.MULTILINE)


def hal_of(text: str) -> str:
    """The *hal* line of a letter's text (``Hal : Pengukuran Kinerja Triwulan I Tahun 2025``,
    label, colon and value on one line or three, as the DOCX table cells give them), or ``""``.
    """
    found = _HAL.search(text or "")
    return found.group(1).strip() if found else ""


def register_facets(session: Session, agency_scope: str | None) -> dict[str, list]:
    """The agencies and register years present (in the caller's scope), for the filters."""
    q = select(NomorIssued.agency, NomorIssued.tahun).distinct()
    if agency_scope is not None:
        q = q.where(NomorIssued.agency == agency_scope)
    pairs = session.execute(q).all()
    return {"agency": sorted({a for a, _ in pairs}), "tahun": sorted({t for _, t in pairs})}
