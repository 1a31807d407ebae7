"""``/admin/periksa-arsip``: the archive's integrity check in the browser (issue 12).

- ``GET  /admin/periksa-arsip``         what the check does, how many files it reads, a button;
- ``POST /admin/periksa-arsip``         run it: every archived DOCX/PDF and every signed PDF
  re-read and compared with the sha256 and size the index recorded, plus orphan run folders
  (:func:`naskah.archive.orphans.verify` and :func:`naskah.signing.store.verify_files`, what
  ``naskah archive verify`` and ``GET /api/verify`` call);
- ``POST /admin/periksa-arsip/yatim``   remove the orphan folders (admin only, confirmed by a
  checkbox; :func:`naskah.archive.orphans.remove_orphan_folders`, as ``--repair``).

Admin and arsiparis (the whole archive); operators get 403. Every post carries the session's
CSRF token. Reading the whole archive takes time proportional to its size, so the check runs
only when asked, never on a plain page view.
"""

from __future__ import annotations

import time
from typing import Annotated

from babel.numbers import format_decimal
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from naskah.accounts.roles import Role
from naskah.accounts.users import Principal
from naskah.api.auth import DbSession, FormPrincipal, MaybePrincipal, check_csrf
from naskah.api.routes_pages import login_page, render
from naskah.archive import store
from naskah.i18n import _, language

router = APIRouter(include_in_schema=False)

WIDE = (Role.ADMIN, Role.ARSIPARIS)


def _refused(request: Request, principal: Principal | None, csrf: str | None = None,
             roles: tuple[Role, ...] = WIDE):
    """``None`` when the principal may go on, else the page to answer (sign-in, 403)."""
    if principal is None:
        return login_page(request)
    if csrf is not None:
        check_csrf(request, csrf)
    if principal.role not in roles:
        return render(request, "error.html", principal, status_code=403,
                      title=_("Not for your role"),
                      message=_("The archive check reads every agency's files: administrators "
                                "and archivists only."))
    return None


def _counts(session) -> dict[str, int]:
    from naskah.signing.store import Signature

    return {
        "documents": session.scalar(select(func.count()).select_from(store.Document)) or 0,
        "pdfs": session.scalar(select(func.count()).select_from(store.Document)
                               .where(store.Document.pdf_path.is_not(None))) or 0,
        "signed": session.scalar(select(func.count()).select_from(Signature)) or 0,
    }


def _page(request: Request, principal: Principal, session, **context):
    return render(request, "archive_check.html", principal, counts=_counts(session),
                  **{"report": None, "removed": None, **context})


@router.get("/admin/periksa-arsip", response_class=HTMLResponse)
def archive_check_page(*, request: Request, principal: MaybePrincipal, session: DbSession):
    """What the check reads, and the button that runs it."""
    return _refused(request, principal) or _page(request, principal, session)


@router.post("/admin/periksa-arsip", response_class=HTMLResponse)
def run_archive_check(
    *,
    request: Request,
    principal: FormPrincipal,
    session: DbSession,
    csrf: Annotated[str, Form(max_length=200)] = "",
):
    """Re-read every archived file; the report lists each problem (missing, changed, orphan)."""
    refused = _refused(request, principal, csrf)
    if refused:
        return refused
    from naskah.archive.orphans import orphan_folders
    from naskah.archive.orphans import verify as verify_all
    from naskah.signing.store import verify_files as signed_files

    archive_dir = request.app.state.settings.archive_dir
    started = time.monotonic()
    orphans = orphan_folders(session, archive_dir)
    problems = verify_all(session, archive_dir) + signed_files(session, archive_dir)
    seconds = format_decimal(time.monotonic() - started, "0.0", locale=language())
    report = {"problems": problems, "orphans": [str(o) for o in orphans], "seconds": seconds}
    return _page(request, principal, session, report=report)


@router.post("/admin/periksa-arsip/yatim", response_class=HTMLResponse)
def remove_orphans(
    *,
    request: Request,
    principal: FormPrincipal,
    session: DbSession,
    csrf: Annotated[str, Form(max_length=200)] = "",
    yakin: Annotated[str, Form(max_length=10)] = "",
):
    """Remove the empty run folders no version owns (admin only, after the checkbox)."""
    refused = _refused(request, principal, csrf, roles=(Role.ADMIN,))
    if refused:
        return refused
    if yakin != "1":
        return _page(request, principal, session, status_code=400,
                     message=_("Tick the box to confirm the removal."))
    from naskah.archive.orphans import remove_orphan_folders

    removed = remove_orphan_folders(session, request.app.state.settings.archive_dir)
    return _page(request, principal, session, removed=[str(r) for r in removed])
