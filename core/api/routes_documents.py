"""``/api/documents``: search, metadata with versions, DOCX and PDF downloads (by ID only)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session

from naskah.accounts.audit import Action
from naskah.accounts.users import Principal
from naskah.api.audit_log import note
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
from naskah.archive import previews, search
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
from naskah.i18n import N_, _

router = APIRouter(prefix="/api/documents", tags=["dokumen"])

NOT_FOUND = N_("Document not found")


def visible_document(session: Session, principal: Principal, document_id: int) -> Document:
    """The document, or ``404`` if it does not exist or the caller's agency scope excludes it."""
    doc = search.get_visible_document(session, document_id, principal.agency_scope)
    if doc is None:
        raise HTTPException(404, _(NOT_FOUND))
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
        Query(max_length=200, pattern=TEXT_PATTERN,
              description='Full text: words and "phrases" that all occur in the document'),
    ] = None,
    sort: Annotated[
        Literal["", "tanggal", "tanggal_lama", "nomor", "jenis"],
        Query(description="Order: trail (empty), letter date (newest/oldest first), nomor, kind"),
    ] = "",
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
        sort=sort,
    )
    total, docs = search.search_documents(
        session, query, agency_scope=principal.agency_scope, limit=limit, offset=offset
    )
    labels = request.app.state.labels
    found = search.search_snippets(session, docs, q)
    return SearchOut(total=total, limit=limit, offset=offset,
                     items=[document_out(d, labels, snippet=found.get(d.id, "")) for d in docs])


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


def file_response(request: Request, principal: Principal, doc: Document, fmt: Format,
                  disposition: str = "attachment") -> FileResponse:
    """The checked file (an attachment, or ``inline`` to view), its sha256 in
    ``X-Naskah-SHA256``."""
    path = checked_file(request.app.state.settings.archive_dir, doc, fmt)
    note(request, principal.name, Action.LIHAT if disposition == "inline" else Action.UNDUH,
         object_type="document", object_id=doc.id, agency=doc.agency,
         detail=f"{fmt.upper()} {doc.title}")
    sha = doc.docx_sha256 if fmt == "docx" else doc.pdf_sha256
    headers = {
        "Content-Disposition": content_disposition(download_name(doc, fmt), disposition),
        "X-Naskah-SHA256": sha or "",
        "Cache-Control": "private, no-store",
    }
    return FileResponse(path, media_type=MEDIA_TYPES[fmt], headers=headers)

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
    return file_response(request, principal, visible_document(session, principal, document_id),
                         "docx")


@router.get("/{document_id}/pdf", summary="Download the PDF",
            responses=download_responses("pdf"), response_class=FileResponse)
@router.head("/{document_id}/pdf", include_in_schema=False)  # its headers only
def download_pdf(
    *,
    request: Request,
    document_id: DocumentId,
    inline: Annotated[bool, Query(description="View in the browser instead of saving")] = False,
    principal: Reader,
    session: DbSession,
):
    """The document's PDF, checked against its sha256 first; ``404`` if it has none.
    ``inline=true``: ``Content-Disposition: inline``, to view it in the browser."""
    return file_response(request, principal, visible_document(session, principal, document_id),
                         "pdf", "inline" if inline else "attachment")


@router.get("/{document_id}/thumbnails/{page}", summary="Thumbnail of a page of the PDF",
            response_class=FileResponse, responses={
                200: {"content": {"image/png": {}}, "description": "PNG, 360 px wide"},
                404: {"description": "No such document (or outside the caller's agency), no "
                                     "PDF, or no such page"},
                409: {"description": "The archived PDF is missing or differs from its sha256"},
                503: {"description": "Thumbnails cannot be drawn here (pdftoppm missing)"}})
def thumbnail(
    *,
    request: Request,
    document_id: DocumentId,
    page: Annotated[int, FastPath(ge=1, le=10_000, description="Page, from 1")],
    principal: Reader,
    session: DbSession,
):
    """Page ``page`` of the document's PDF as a PNG: drawn once, then served from the cache."""
    doc = visible_document(session, principal, document_id)
    settings = request.app.state.settings
    try:
        path = previews.thumbnail(settings.archive_dir, settings.data_dir, doc, page)
    except previews.PreviewUnavailable as exc:
        raise HTTPException(503, _("The thumbnail cannot be drawn: {error}", error=exc)) from None
    return FileResponse(path, media_type="image/png",
                        headers={"Cache-Control": "private, max-age=86400"})


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
