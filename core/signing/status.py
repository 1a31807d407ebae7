"""Signature status of archived documents, as search results and the document page show it.

A document (one version, one :class:`~naskah.archive.Document` row) is

- :attr:`State.SIGNED` — it has a signed version (the newest one is told: when, by whom);
- :attr:`State.SIGNED_NEWER` — it has a signed version, but the same document (same agency,
  period and key) was archived again in a newer run: the signed text is not the newest;
- :attr:`State.OLDER_SIGNED` — it is not signed, but an older version of it was (after a
  regeneration the new version must be signed again);
- :attr:`State.UNSIGNED` — neither it nor an older version is signed.

:func:`signature_states` answers for a page of documents with two queries.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from naskah.archive.store import Document, Run
from naskah.signing.store import Signature


class State(enum.StrEnum):
    SIGNED = "signed"
    SIGNED_NEWER = "signed_newer"
    OLDER_SIGNED = "older_signed"
    UNSIGNED = "unsigned"


@dataclass(frozen=True)
class SignatureState:
    """The status of one document: ``state``; ``signature`` — the newest signed version that
    the status is about (this document's, or for :attr:`State.OLDER_SIGNED` the older
    version's), ``None`` when unsigned; ``version`` — the run version that signature belongs
    to; ``signed_count`` — signed versions of this document itself."""

    state: State
    signature: Signature | None = None
    version: int | None = None
    signed_count: int = 0

    @property
    def signed(self) -> bool:
        """Whether this document itself carries a signature."""
        return self.state in (State.SIGNED, State.SIGNED_NEWER)


def signature_states(session: Session, docs: list[Document]) -> dict[int, SignatureState]:
    """The :class:`SignatureState` of each of ``docs`` (by document id)."""
    if not docs:
        return {}
    keys = {(d.agency, d.periode, d.key) for d in docs}
    # every version of these documents, with its run version
    rows = session.execute(
        select(Document.id, Document.agency, Document.periode, Document.key, Run.version)
        .join(Run, Document.run_id == Run.id)
        .where(tuple_(Document.agency, Document.periode, Document.key).in_(list(keys)))
    ).all()
    versions: dict[tuple, list[tuple[int, int]]] = {}
    run_version: dict[int, int] = {}
    for doc_id, agency, periode, key, version in rows:
        versions.setdefault((agency, periode, key), []).append((version, doc_id))
        run_version[doc_id] = version
    sigs: dict[int, list[Signature]] = {}
    for sig in session.scalars(select(Signature).where(
            Signature.document_id.in_(list(run_version))).order_by(Signature.id)):
        sigs.setdefault(sig.document_id, []).append(sig)
    out = {}
    for d in docs:
        mine = sigs.get(d.id, [])
        same = versions.get((d.agency, d.periode, d.key), [])
        own = run_version.get(d.id, 0)
        if mine:
            newer = any(v > own for v, _ in same)
            out[d.id] = SignatureState(State.SIGNED_NEWER if newer else State.SIGNED,
                                       mine[-1], own, len(mine))
            continue
        older = sorted(((v, i) for v, i in same if v < own and sigs.get(i)), reverse=True)
        if older:
            version, doc_id = older[0]
            out[d.id] = SignatureState(State.OLDER_SIGNED, sigs[doc_id][-1], version)
        else:
            out[d.id] = SignatureState(State.UNSIGNED)
    return out
