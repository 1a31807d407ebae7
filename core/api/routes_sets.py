"""``/api/sets/{agency}/{periode}``: the current set of an agency's period — the current
version of each of its documents (:func:`naskah.archive.store.current_set`) — as JSON, ZIP or
one merged PDF.

A run holds only the documents it (re)made: after a cycle step it may hold one document. The set
is what people mean by "the documents of Dinsos P3A for 2025-TW1"; its ZIP and merged PDF are
what the web pages offer by default.
"""

from __future__ import annotations

import tempfile
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from naskah.accounts.audit import Action
from naskah.accounts.users import Principal
from naskah.api.audit_log import note
from naskah.api.auth import DbSession, Reader
from naskah.api.params import PERIODE_PATTERN
from naskah.api.routes_runs import _SPOOL, _bundle_response, bundle_responses
from naskah.api.schemas import DocumentOut, document_out
from naskah.archive.bundles import (
    MEDIA_TYPES,
    merge_documents_pdf,
    set_label,
    write_documents_zip,
)
from naskah.archive.store import Document, current_set
from naskah.i18n import N_, _

router = APIRouter(prefix="/api/sets", tags=["himpunan"])

AgencyPath = Annotated[str, PathParam(max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$",
                                      description="Agency slug")]
PeriodePath = Annotated[str, PathParam(pattern=PERIODE_PATTERN, description="YYYY-TWn")]
NOT_FOUND = N_("No document for this agency and period")


class SetOut(BaseModel):
    """The current set of an agency's period: one entry per document, its current version."""

    agency: str
    periode: str
    total: int
    zip_url: str
    pdf_url: str
    items: list[DocumentOut]


def visible_set(session, principal: Principal, agency: str, periode: str) -> list[Document]:
    """The current set, or ``404`` if empty or outside the caller's agency scope."""
    docs = current_set(session, agency, periode) if principal.can_see(agency) else []
    if not docs:
        raise HTTPException(404, _(NOT_FOUND))
    return docs


def set_urls(agency: str, periode: str) -> tuple[str, str]:
    base = f"/api/sets/{agency}/{periode}"
    return f"{base}/zip", f"{base}/pdf"


@router.get("/{agency}/{periode}", response_model=SetOut, summary="Current set of a period",
            responses={404: {"description": "Nothing archived (or outside the caller's agency)"}})
def get_set(*, request: Request, agency: AgencyPath, periode: PeriodePath, principal: Reader,
            session: DbSession) -> SetOut:
    """The current version of each document of the agency's period, in trail order."""
    docs = visible_set(session, principal, agency, periode)
    zip_url, pdf_url = set_urls(agency, periode)
    labels = request.app.state.labels
    return SetOut(agency=agency, periode=periode, total=len(docs), zip_url=zip_url,
                  pdf_url=pdf_url, items=[document_out(d, labels) for d in docs])


@router.get("/{agency}/{periode}/zip", summary="Current set as ZIP",
            responses=bundle_responses(MEDIA_TYPES["zip"]), response_class=StreamingResponse)
def set_zip(*, request: Request, agency: AgencyPath, periode: PeriodePath, principal: Reader,
            session: DbSession):
    """Every DOCX and PDF of the current set, with ``SHA256SUMS``."""
    docs = visible_set(session, principal, agency, periode)
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 - closed by _stream
    try:
        write_documents_zip(request.app.state.settings.archive_dir, set_label(agency, periode),
                            docs, spool)
    except BaseException:
        spool.close()
        raise
    note(request, principal.name, Action.UNDUH, object_type="set", object_id=periode,
         agency=agency, detail=f"ZIP {len(docs)} dokumen versi terkini")
    return _bundle_response(spool, f"{set_label(agency, periode)}.zip", MEDIA_TYPES["zip"])


@router.get("/{agency}/{periode}/pdf", summary="Current set as one merged PDF",
            responses=bundle_responses(MEDIA_TYPES["pdf"]), response_class=StreamingResponse)
def set_pdf(*, request: Request, agency: AgencyPath, periode: PeriodePath, principal: Reader,
            session: DbSession):
    """The current set's PDFs in trail order, one bookmark per document;
    ``X-Naskah-Missing-Pdf`` lists documents without a PDF."""
    docs = visible_set(session, principal, agency, periode)
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 - closed by _stream
    try:
        _merged, missing = merge_documents_pdf(request.app.state.settings.archive_dir, docs,
                                               f"{agency} {periode} (versi terkini)", spool)
    except BaseException:
        spool.close()
        raise
    note(request, principal.name, Action.UNDUH, object_type="set", object_id=periode,
         agency=agency, detail=f"PDF gabungan {len(docs)} dokumen versi terkini")
    return _bundle_response(spool, f"{set_label(agency, periode)}.pdf", MEDIA_TYPES["pdf"],
                            **{"X-Naskah-Missing-Pdf": ",".join(map(str, missing))})
