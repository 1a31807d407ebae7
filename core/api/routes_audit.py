"""``/admin/audit``: the audit log for administrators — filter, page, CSV export
(:mod:`naskah.accounts.audit`)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from naskah.accounts import audit
from naskah.accounts.users import Principal, Role
from naskah.api.auth import DbSession, MaybePrincipal
from naskah.api.routes_pages import login_page, render
from naskah.i18n import _

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 100


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _query(request: Request) -> tuple[audit.AuditQuery, dict[str, str]]:
    params = request.query_params
    form = {k: (params.get(k) or "").strip()[:200] for k in
            ("pengguna", "aksi", "instansi", "dari", "sampai")}
    if form["aksi"] not in {a.value for a in audit.Action}:
        form["aksi"] = ""
    since, until = _day(form["dari"]), _day(form["sampai"])
    query = audit.AuditQuery(
        actor=form["pengguna"] or None, action=form["aksi"] or None,
        agency=form["instansi"] or None,
        since=datetime.combine(since, time(), UTC) - timedelta(hours=7) if since else None,
        until=datetime.combine(until, time(), UTC) + timedelta(hours=17) if until else None,
    )  # days are WIB days (UTC+7): from 00.00 WIB to 24.00 WIB
    return query, form


def _forbidden(request: Request, principal: Principal):
    return render(request, "error.html", principal, status_code=403,
                  title="Khusus administrator",
                  message="Halaman ini hanya untuk administrator.")


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(*, request: Request, principal: MaybePrincipal, session: DbSession):
    """Who did what: filter by user, action, agency and WIB dates; 100 events a page."""
    if principal is None:
        return login_page(request)
    if principal.role is not Role.ADMIN:
        return _forbidden(request, principal)
    query, form = _query(request)
    try:
        page = max(1, min(int(request.query_params.get("halaman") or 1), 100_000))
    except ValueError:
        page = 1
    total, events = audit.list_events(session, query, limit=PAGE_SIZE,
                                      offset=(page - 1) * PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    kept = {k: v for k, v in form.items() if v}
    return render(request, "audit.html", principal, form=form, events=events, total=total,
                  page=page, pages=pages,
                  actions={a: _(label) for a, label in audit.ACTION_LABELS.items()},
                  csv_url="/admin/audit.csv" + (f"?{urlencode(kept)}" if kept else ""),
                  page_url=lambda n: "/admin/audit?" + urlencode(kept | {"halaman": n}))


@router.get("/admin/audit.csv")
def audit_csv(*, request: Request, principal: MaybePrincipal, session: DbSession):
    """The filtered events as CSV (UTF-8 with BOM, so spreadsheets read the accents)."""
    if principal is None:
        return login_page(request)
    if principal.role is not Role.ADMIN:
        return _forbidden(request, principal)
    query, _ = _query(request)
    out = io.StringIO()
    out.write("\ufeff")
    audit.write_csv(audit.all_events(session, query), out)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    return StreamingResponse(
        iter([out.getvalue().encode("utf-8")]), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="audit-naskah-{stamp}.csv"',
                 "Cache-Control": "private, no-store"})
