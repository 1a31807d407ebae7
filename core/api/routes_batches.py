"""``/api/batches``: submit a batch (agencies × one period, one workbook each) and follow it.

The work runs through ``app.state.batch_executor`` (:func:`naskah.batch.inprocess.thread_executor`
unless the app was built with another, e.g. issue 4's Celery executor).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from naskah.accounts.users import Principal, Role
from naskah.api.auth import DbSession, Reader, Submitter
from naskah.api.params import PERIODE_PATTERN, BatchId
from naskah.api.schemas import BatchOut, batch_out
from naskah.batch import batches
from naskah.i18n import _

router = APIRouter(prefix="/api/batches", tags=["batch"])

MAX_WORKBOOK_BYTES = 25 << 20
MAX_AGENCIES = 100
_XLSX_MAGIC = b"PK\x03\x04"


def _visible(principal: Principal, batch: batches.Batch) -> bool:
    return all(principal.can_see(a) for a in batch.agencies)


def _save(upload: UploadFile, target: Path) -> None:
    size = 0
    with open(target, "wb") as out:
        while chunk := upload.file.read(1 << 20):
            size += len(chunk)
            if size > MAX_WORKBOOK_BYTES:
                raise HTTPException(413, _("{file}: more than {mb} MB", file=upload.filename,
                                           mb=MAX_WORKBOOK_BYTES >> 20))
            out.write(chunk)
    with open(target, "rb") as f:
        if f.read(4) != _XLSX_MAGIC:
            raise HTTPException(422, _("{file}: not an XLSX workbook",
                                       file=upload.filename or _("file")))


@router.post("", status_code=202, response_model=BatchOut, summary="Submit a batch",
             responses={200: {"description": "The same batch was already submitted: that batch",
                              "model": BatchOut},
                        403: {"description": "Operator naming another agency, or arsiparis"},
                        422: {"description": "Bad period, unknown agency, not an XLSX …"}})
def submit(
    *,
    request: Request,
    periode: Annotated[str, Form(pattern=PERIODE_PATTERN, description="e.g. 2025-TW1")],
    agencies: Annotated[list[str], Form(min_length=1, max_length=MAX_AGENCIES,
                                        description="Agency slugs, one per workbook, in order")],
    workbooks: Annotated[list[UploadFile], File(min_length=1, max_length=MAX_AGENCIES,
                                                description="One XLSX per agency, same order")],
    principal: Submitter,
    idempotency_key: Annotated[str, Header(
        max_length=200, description="Any unique text per intended batch: a repeated request "
        "with the same key answers with the batch it made")] = "",
    again: Annotated[bool, Query(description="A new batch even if the same one exists")] = False,
):
    """Record the batch and start it; answers ``202`` with its state and ``Location``.

    Idempotent: the same workbooks (sha256) for the same period and agencies while a batch of
    them is queued, running or done — or the same ``Idempotency-Key`` — answer ``200`` with that
    batch instead of a second run (``?again=true`` forces a new one).

    Operators may only name their own agency (``403`` otherwise).
    """
    if not 1 <= len(agencies) <= MAX_AGENCIES:
        raise HTTPException(422, _("1 to {max} agencies per batch", max=MAX_AGENCIES))
    if len(agencies) != len(workbooks):
        raise HTTPException(422, _("{n} agencies but {n2} workbooks", n=len(agencies),
                                   n2=len(workbooks)))
    if principal.role is Role.OPERATOR and any(a != principal.agency for a in agencies):
        raise HTTPException(403, _("An operator may only submit batches of their own agency"))
    known = request.app.state.labels.agencies
    unknown = [a for a in agencies if known and a not in known]
    if unknown:
        raise HTTPException(422, _("Unknown agencies: {slugs}", slugs=", ".join(unknown)[:300]))
    settings = request.app.state.settings
    uploads = Path(settings.data_dir) / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="batch-", dir=uploads))
    try:
        paths = []
        for i, upload in enumerate(workbooks):
            target = folder / f"{i:03d}.xlsx"
            _save(upload, target)
            paths.append(target)
        try:
            batch_id, new = batches.submit_or_find(
                settings, agencies, periode, paths, created_by=principal.name,
                executor=request.app.state.batch_executor, again=again,
                idempotency_key=f"{principal.name}\n{idempotency_key}" if idempotency_key else "",
            )
        except batches.BatchError as exc:
            raise HTTPException(422, str(exc)) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with request.app.state.read_session() as session:
        body = batch_out(batches.get_batch(session, batch_id))
    return JSONResponse(body.model_dump(mode="json"), status_code=202 if new else 200,
                        headers={"Location": f"/api/batches/{batch_id}"})


@router.get("", response_model=list[BatchOut], summary="List batches")
def list_batches(
    *,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    principal: Reader,
    session: DbSession,
) -> list[BatchOut]:
    """Newest first. Operators see only batches of their own agency."""
    found = batches.list_batches(session, agency=principal.agency_scope, limit=limit)
    return [batch_out(b) for b in found if _visible(principal, b)]


@router.get("/{batch_id}", response_model=BatchOut, summary="Batch status",
            responses={404: {"description": "No such batch (or not of the caller's agency)"}})
def get_batch(
    *,
    batch_id: BatchId,
    principal: Reader,
    session: DbSession,
) -> BatchOut:
    """The batch's state and each agency's (run ID when done, error when failed)."""
    batch = batches.get_batch(session, batch_id)
    if batch is None or not _visible(principal, batch):
        raise HTTPException(404, _("Batch not found"))
    return batch_out(batch)
