"""``/api/me``, ``/api/facets``, ``/api/verify``, ``/healthz``."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import func, select
from starlette.requests import Request

from naskah.api.auth import ArchiveWide, DbSession, Reader
from naskah.api.schemas import FacetsOut, MeOut, VerifyOut
from naskah.archive import search
from naskah.archive import store as archive
from naskah.signing.store import verify_files as signed_files

router = APIRouter(tags=["arsip"])


@router.get("/api/me", response_model=MeOut, summary="Who am I")
def me(*, principal: Reader) -> MeOut:
    return MeOut(name=principal.name, role=principal.role.value, agency=principal.agency)


@router.get("/api/facets", response_model=FacetsOut, summary="Values to filter by")
def facets(
    *,
    principal: Reader, session: DbSession
) -> FacetsOut:
    """Agencies, years, periods, procedures, kinds and bidang present (in the caller's scope)."""
    return FacetsOut(**search.facets(session, principal.agency_scope))


@router.get("/api/verify", response_model=VerifyOut, summary="Verify every checksum",
            responses={403: {"description": "Operators may not verify the whole archive"}})
def verify(
    *,
    request: Request,
    principal: ArchiveWide,
    session: DbSession,
) -> VerifyOut:
    """Re-read every archived file and compare it with its recorded sha256 and size.

    Like ``naskah archive verify``: one line per missing or changed file. Reads the whole
    archive (time grows with its size). Admin and arsiparis only.
    """
    from naskah.archive.orphans import verify as verify_all

    problems = verify_all(session, request.app.state.settings.archive_dir)
    problems += signed_files(session, request.app.state.settings.archive_dir)
    count = session.scalar(select(func.count()).select_from(archive.Document)) or 0
    return VerifyOut(ok=not problems, documents=count, problems=problems)


@router.get("/healthz", include_in_schema=False)
def healthz() -> dict[str, str]:
    """Liveness, without authentication and without touching the database."""
    return {"status": "ok"}
