"""``/register``: the numbering register as a page — each number given out, its letter (kind,
hal, bidang, the letter's date) and the archived versions of that letter
(:mod:`naskah.archive.register`).

Every role may read it; an operator sees only its own agency's numbers (another agency's
filter finds nothing). Filters: agency, period, register year; 100 numbers a page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from naskah.api.auth import DbSession, MaybePrincipal
from naskah.api.routes_pages import login_page, render
from naskah.archive import search
from naskah.archive.register import RegisterQuery, register_entries, register_facets
from naskah.i18n import _
from naskah.model import Periode

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 100


def _int(value: str, low: int, high: int) -> int | None:
    try:
        n = int(value)
    except ValueError:
        return None
    return n if low <= n <= high else None


@router.get("/register", response_class=HTMLResponse)
def register_page(*, request: Request, principal: MaybePrincipal, session: DbSession):
    """The register of the chosen agency and period (all, in the caller's scope, if none)."""
    if principal is None:
        return login_page(request)
    params = request.query_params
    form = {k: (params.get(k) or "").strip()[:100] for k in ("agency", "periode", "tahun")}
    error = ""
    periode = None
    if form["periode"]:
        try:
            periode = Periode.parse(form["periode"]).key
        except ValueError:
            error = _("Period {period} is not known (e.g. 2025-TW1, 2025-S1, 2025).",
                      period=repr(form["periode"]))
    query = RegisterQuery(agency=form["agency"] or None, periode=periode,
                          tahun=_int(form["tahun"], 2000, 2100),
                          agency_scope=principal.agency_scope)
    page = _int(params.get("halaman") or "1", 1, 100_000) or 1
    total, entries = register_entries(session, query, limit=PAGE_SIZE,
                                      offset=(page - 1) * PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    kept = {k: v for k, v in form.items() if v}
    facets = register_facets(session, principal.agency_scope)
    facets["periode"] = search.facets(session, principal.agency_scope)["periode"]
    one_agency = bool(principal.agency_scope or form["agency"]) or len(facets["agency"]) == 1
    return render(request, "register.html", principal, form=form, entries=entries, total=total,
                  page=page, pages=pages, error=error, facets=facets, one_agency=one_agency,
                  page_url=lambda n: "/register?" + urlencode(kept | {"halaman": n}))
