"""``/api/runs``: an archive version (a run: one rendering) with its documents, as a ZIP or
one merged PDF."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from naskah.accounts.audit import Action
from naskah.accounts.users import Principal
from naskah.api.audit_log import note
from naskah.api.auth import DbSession, Reader
from naskah.api.params import PeriodeQuery, RunId, SlugQuery, periode_key
from naskah.api.schemas import RunDetail, RunOut, document_out, run_out
from naskah.archive import search
from naskah.archive.bundles import (
    MEDIA_TYPES,
    content_disposition,
    merge_run_pdf,
    run_label,
    write_run_zip,
)
from naskah.archive.store import Run
from naskah.i18n import _

router = APIRouter(prefix="/api/runs", tags=["versi"])

_SPOOL = 32 << 20
_CHUNK = 1 << 20
NOT_FOUND_RESPONSE = {404: {"description": "No such run (or outside the caller's agency)"}}


def bundle_responses(media_type: str) -> dict:
    return {
        200: {"content": {media_type: {}}, "description": "The bundle"},
        404: {"description": "No such run (or outside the caller's agency), or no PDF in it"},
        409: {"description": "An archived file is missing or differs from its sha256"},
    }


def visible_run(session: Session, principal: Principal, run_id: int) -> Run:
    run = search.get_visible_run(session, run_id, principal.agency_scope)
    if run is None:
        raise HTTPException(404, _("Run not found"))
    return run


def _stream(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        spool.seek(0)
        while chunk := spool.read(_CHUNK):
            yield chunk
    finally:
        spool.close()


def _bundle_response(spool: IO[bytes], filename: str, media_type: str, **headers: str):
    size = spool.tell()
    return StreamingResponse(
        _stream(spool),
        media_type=media_type,
        headers={"Content-Disposition": content_disposition(filename),
                 "Content-Length": str(size), "Cache-Control": "private, no-store", **headers},
    )


@router.get("", response_model=list[RunOut], summary="List runs")
def list_runs(
    *,
    request: Request,
    agency: SlugQuery = None,
    periode: PeriodeQuery = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    principal: Reader,
    session: DbSession,
) -> list[RunOut]:
    """Runs (every archive version of every period), newest first; operators: their agency only."""
    runs = search.visible_runs(session, agency=agency, periode=periode_key(periode),
                               agency_scope=principal.agency_scope, limit=limit)
    return [run_out(r, request.app.state.labels) for r in runs]


@router.get("/{run_id}", response_model=RunDetail, summary="A run and its documents",
            responses=NOT_FOUND_RESPONSE)
def get_run(
    *,
    request: Request,
    run_id: RunId,
    principal: Reader,
    session: DbSession,
) -> RunDetail:
    run = visible_run(session, principal, run_id)
    labels = request.app.state.labels
    docs = sorted(run.documents, key=lambda d: d.id)
    return RunDetail(**run_out(run, labels).model_dump(),
                     items=[document_out(d, labels) for d in docs])


@router.get("/{run_id}/zip", summary="Download a run as ZIP",
            responses=bundle_responses(MEDIA_TYPES["zip"]),
            response_class=StreamingResponse)
def download_zip(
    *,
    request: Request,
    run_id: RunId,
    principal: Reader,
    session: DbSession,
):
    """Every DOCX and PDF of the run, in its archive folders, with a ``SHA256SUMS`` file."""
    run = visible_run(session, principal, run_id)
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 - closed by _stream
    try:
        write_run_zip(request.app.state.settings.archive_dir, run, spool)
    except BaseException:
        spool.close()
        raise
    note(request, principal.name, Action.UNDUH, object_type="run", object_id=run.id,
         agency=run.agency, detail=f"ZIP {run.periode} versi {run.version}")
    return _bundle_response(spool, f"{run_label(run)}.zip", MEDIA_TYPES["zip"])


@router.get("/{run_id}/pdf", summary="Download a run as one merged PDF",
            responses=bundle_responses(MEDIA_TYPES["pdf"]), response_class=StreamingResponse)
def download_merged_pdf(
    *,
    request: Request,
    run_id: RunId,
    principal: Reader,
    session: DbSession,
):
    """The run's PDFs in trail order, one bookmark per document. ``X-Naskah-Missing-Pdf``
    lists the IDs of documents without a PDF (left out)."""
    run = visible_run(session, principal, run_id)
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 - closed by _stream
    try:
        _count, missing = merge_run_pdf(request.app.state.settings.archive_dir, run, spool)
    except BaseException:
        spool.close()
        raise
    note(request, principal.name, Action.UNDUH, object_type="run", object_id=run.id,
         agency=run.agency, detail=f"PDF gabungan {run.periode} versi {run.version}")
    return _bundle_response(spool, f"{run_label(run)}.pdf", MEDIA_TYPES["pdf"],
                            **{"X-Naskah-Missing-Pdf": ",".join(map(str, missing))})
