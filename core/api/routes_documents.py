"""``/api/documents``: search, metadata with versions, DOCX and PDF downloads (by ID only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session

from naskah.accounts.users import Principal
from naskah.api.auth import DbSession, Reader
from naskah.api.params import (
    TEXT_PATTERN,
    DocumentId,
    PeriodeQuery,
    SlugQuery,
    TahunQuery,
    TextQuery,
    periode_key,
)
from naskah.api.schemas import (
    DocumentDetail,
    SearchOut,
    document_out,
    run_out,
    version_out,
)
from naskah.archive import search
from naskah.archive.bundles import (
    MEDIA_TYPES,
    ArchiveFileError,
    Format,
    archived_path,
    checked_file,
    content_disposition,
    download_name,
)
from naskah.archive.store import Document, file_sha256
from naskah.i18n import _

router = APIRouter(prefix="/api/documents", tags=["dokumen"])

NOT_FOUND = "Dokumen tidak ditemukan"


def visible_document(session: Session, principal: Principal, document_id: int) -> Document:
    """The document, or ``404`` if it does not exist or the caller's agency scope excludes it."""
    doc = search.get_visible_document(session, document_id, principal.agency_scope)
    if doc is None:
        raise HTTPException(404, NOT_FOUND)
    return doc


NOT_FOUND_RESPONSE = {404: {"description": "No such document (or outside the caller's agency)"}}


def download_responses(fmt: Format) -> dict:
    return {
        200: {"content": {MEDIA_TYPES[fmt]: {}}, "description": f"The {fmt.upper()} file"},
        404: {"description": "No such document (or outside the caller's agency), or no PDF"},
        409: {"description": "The archived file is missing or differs from its sha256"},
    }


@router.get("", response_model=SearchOut, summary="Search archived documents")
def search_documents(
    *,
    request: Request,
    agency: SlugQuery = None,
    tahun: TahunQuery = None,
    periode: PeriodeQuery = None,
    procedure: SlugQuery = None,
    kind: SlugQuery = None,
    bidang: TextQuery = None,
    nomor: TextQuery = None,
    q: Annotated[
        str | None,
        Query(max_length=200, pattern=TEXT_PATTERN, description="Words of the title (all occur)"),
    ] = None,
    all_versions: Annotated[bool, Query(description="Older runs too")] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    principal: Reader,
    session: DbSession,
) -> SearchOut:
    """Documents matching every filter given; newest period first.

    An operator sees only its own agency: filtering by another agency returns nothing.
    """
    query = search.DocumentQuery(
        agency=agency, tahun=tahun, periode=periode_key(periode), procedure=procedure,
        kind=kind, bidang=bidang, nomor=nomor, words=q, latest_only=not all_versions,
    )
    total, docs = search.search_documents(
        session, query, agency_scope=principal.agency_scope, limit=limit, offset=offset
    )
    labels = request.app.state.labels
    return SearchOut(total=total, limit=limit, offset=offset,
                     items=[document_out(d, labels) for d in docs])


@router.get("/{document_id}", response_model=DocumentDetail, summary="Document metadata",
            responses=NOT_FOUND_RESPONSE)
def get_document(
    *,
    request: Request,
    document_id: DocumentId,
    principal: Reader,
    session: DbSession,
) -> DocumentDetail:
    """Metadata, sha256 of its files, its run, and every version (same key in other runs)."""
    doc = visible_document(session, principal, document_id)
    labels = request.app.state.labels
    return DocumentDetail(
        **document_out(doc, labels).model_dump(),
        run=run_out(doc.run, labels),
        versions=[version_out(v) for v in search.document_versions(session, doc)],
    )


def file_response(request: Request, doc: Document, fmt: Format) -> FileResponse:
    """The checked file as an attachment, with its sha256 in ``X-Naskah-SHA256``."""
    path = checked_file(request.app.state.settings.archive_dir, doc, fmt)
    sha = doc.docx_sha256 if fmt == "docx" else doc.pdf_sha256
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": content_disposition(download_name(doc, fmt)),
            "X-Naskah-SHA256": sha or "",
            "Cache-Control": "private, no-store",
        },
    )




@router.get("/{document_id}/docx", summary="Download the DOCX",
            responses=download_responses("docx"), response_class=FileResponse)
@router.head("/{document_id}/docx", include_in_schema=False)  # its headers only
def download_docx(
    *,
    request: Request,
    document_id: DocumentId,
    principal: Reader,
    session: DbSession,
):
    """The document's DOCX, checked against its sha256 first."""
    return file_response(request, visible_document(session, principal, document_id), "docx")


@router.get("/{document_id}/pdf", summary="Download the PDF",
            responses=download_responses("pdf"), response_class=FileResponse)
@router.head("/{document_id}/pdf", include_in_schema=False)  # its headers only
def download_pdf(
    *,
    request: Request,
    document_id: DocumentId,
    principal: Reader,
    session: DbSession,
):
    """The document's PDF, checked against its sha256 first; ``404`` if it has none."""
    return file_response(request, visible_document(session, principal, document_id), "pdf")


SignedN = Annotated[int, FastPath(ge=1, le=10_000, description="Signed version number (1, 2 …)")]


@router.get("/{document_id}/ttd/{n}", summary="Download a signed version (TTE) of the PDF",
            responses=download_responses("pdf"), response_class=FileResponse)
def download_signed(
    *,
    request: Request,
    document_id: DocumentId,
    n: SignedN,
    principal: Reader,
    session: DbSession,
):
    """The ``n``-th electronically signed version of the document's PDF (see docs/signing.md),
    checked against its sha256 first; ``404`` if there is no such version."""
    from naskah.signing.store import signatures_of

    doc = visible_document(session, principal, document_id)
    signed = signatures_of(session, doc.id)
    if n > len(signed):
        raise HTTPException(404, _("No such signed version"))
    sig = signed[n - 1]
    path = archived_path(request.app.state.settings.archive_dir, sig.pdf_path)
    if not path.is_file() or file_sha256(path)[0] != sig.pdf_sha256:
        raise ArchiveFileError(f"document {doc.id}: {sig.pdf_path} is missing or changed")
    name = download_name(doc, "pdf").removesuffix(".pdf") + f"_ttd{n}.pdf"
    return FileResponse(path, media_type=MEDIA_TYPES["pdf"], headers={
        "Content-Disposition": content_disposition(name),
        "X-Naskah-SHA256": sig.pdf_sha256,
        "Cache-Control": "private, no-store",
    })
