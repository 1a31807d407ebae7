"""The web pages for archive staff (server-rendered; Indonesian by default, English with
``NASKAH_LANG=en``: :mod:`naskah.i18n`): login, search, document, run.

Pages without a valid session answer ``401`` with the sign-in form (which returns to the page
asked for); pages use the same role rules as the API. Downloads link to the API endpoints,
which accept the session cookie on GET. Every form post carries a CSRF token
(:mod:`naskah.api.auth`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Annotated
from urllib.parse import quote, urlencode

from babel.dates import format_date
from babel.numbers import format_decimal
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from naskah import __version__
from naskah.accounts.audit import Action
from naskah.accounts.sessions import end_session, open_session
from naskah.accounts.users import Principal, check_password, login_name
from naskah.api.audit_log import client_address, note
from naskah.api.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    DbSession,
    FormPrincipal,
    MaybePrincipal,
    check_csrf,
    check_login_csrf,
    new_csrf_token,
)
from naskah.api.signing_web import signing_offer
from naskah.archive import previews, search
from naskah.archive.bundles import ArchiveFileError
from naskah.archive.fulltext import snippet_html
from naskah.archive.store import Document
from naskah.i18n import N_, _, language, ngettext
from naskah.model import Periode
from naskah.periode import JenisPeriode
from naskah.signing.status import signature_states

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
SORT_CHOICES = (("", N_("SOP order")), ("tanggal", N_("Letter date (newest)")),
                ("tanggal_lama", N_("Letter date (oldest)")), ("nomor", N_("Number")),
                ("jenis", N_("Document type")))
"""``(value, label)`` of the search page's sort menu; labels are message ids."""
ROLE_LABELS = {"admin": N_("Administrator"), "operator": N_("Agency operator"),
               "arsiparis": N_("Archivist")}


def _wib() -> tzinfo:
    """Asia/Jakarta (WIB), the zone of every agency shipped so far; display only."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Jakarta")
    except Exception:  # noqa: BLE001 - no tz database: the same fixed offset
        from datetime import timezone

        return timezone(timedelta(hours=7), "WIB")


WIB = _wib()


def _day(value) -> str:
    """``7 April 2025`` (Babel's month names of the user's language: ``7 Agustus 2025`` /
    ``7 August 2025``)."""
    return format_date(value, "d MMMM y", locale=language())


def tanggal(value: datetime | None, with_time: bool = True) -> str:
    """``21 November 2026, 18.01 WIB`` (date in the user's language, time with a dot)."""
    if value is None:
        return "—"
    local = value.astimezone(WIB)
    return f"{_day(local)}, {local:%H.%M} WIB" if with_time else _day(local)


def ukuran(size: int | None) -> str:
    """``25,3 KB``: bytes in KB/MB with a decimal comma."""
    if size is None:
        return "—"
    if size < 1024:
        return f"{size} B"
    value, unit = (size / 1024, "KB") if size < 1 << 20 else (size / (1 << 20), "MB")
    return f"{format_decimal(value, '0.0', locale=language())} {unit}"


def letter_date(doc) -> str:
    """The date the letter itself bears (``7 April 2025``), or ``—`` when the data gave none."""
    value = getattr(doc, "tanggal", None)
    if value is None:
        return "—"
    return _day(value)


_PERIOD_LABELS = {
    JenisPeriode.TRIWULAN: N_("Quarter {roman} of {year}"),
    JenisPeriode.SEMESTER: N_("Semester {roman} of {year}"),
    JenisPeriode.TAHUNAN: N_("Year {year}"),
}


def periode_label(key: str) -> str:
    """``2025-TW1`` → ``Triwulan I Tahun 2025``, ``2025-S1`` → ``Semester I Tahun 2025``,
    ``2025`` → ``Tahun 2025`` (English with ``NASKAH_LANG=en``: ``Quarter I of 2025`` …); an
    unknown key is shown as it is."""
    try:
        p = Periode.parse(key)
    except ValueError:
        return key
    roman = ("I", "II", "III", "IV")[p.nomor - 1]
    return _(_PERIOD_LABELS[JenisPeriode(p.jenis)], roman=roman, year=p.tahun)


REASONS = {
    "run": (N_("Made (naskah run)"), N_("Made again (naskah run)")),
    "batch": (N_("Made (batch)"), N_("Made again (batch)")),
    "cycle_step": (N_("SOP cycle step"), N_("SOP cycle step")),
    "signature": (N_("Signed"), N_("Signed")),
}
"""``reason → (first version, later version)`` message ids."""


def reason_label(reason: str, first: bool = False) -> str:
    """Why a version exists, in words: ``Dibuat ulang (naskah run)`` …; ``first``: the
    document's first version."""
    made, remade = REASONS.get(reason, (reason, reason))
    return _(made if first else remade)


def _templates(request: Request):
    return request.app.state.templates


def render(request: Request, name: str, principal: Principal | None, status_code: int = 200,
           **context) -> HTMLResponse:
    labels = request.app.state.labels
    return _templates(request).TemplateResponse(
        request, name,
        {"principal": principal, "labels": labels,
         "role_labels": {k: _(v) for k, v in ROLE_LABELS.items()},
         "tanggal": tanggal, "ukuran": ukuran, "periode_label": periode_label,
         "reason_label": reason_label, "letter_date": letter_date,
         "version": __version__, "now": tanggal(datetime.now(UTC)),
         "csrf": getattr(request.state, "csrf", ""), **context},
        status_code=status_code,
    )


def _safe_next(value: str | None) -> str:
    """Only local paths (``/…``, not ``//host``): no open redirect after login."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/cari"


def login_page(request: Request, error: str = "", status_code: int = 401, username: str = "",
               next_: str | None = None, headers: dict[str, str] | None = None) -> HTMLResponse:
    """The sign-in form (with a fresh double-submit CSRF token in a cookie and a field)."""
    if next_ is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        next_ = request.query_params.get("next") if request.url.path == "/masuk" else target
    token = new_csrf_token()
    response = render(request, "login.html", None, status_code=status_code, error=error,
                      next=_safe_next(next_), login_csrf=token, username=username)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/masuk")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/cari", status_code=303)


@router.get("/masuk", response_class=HTMLResponse)
def login_form(request: Request, principal: MaybePrincipal):
    if principal is not None:
        return RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
    return login_page(request, status_code=200)


@router.post("/masuk")
def login(
    *,
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/cari",  # noqa: A002 - the form field's name
) -> Response:
    """Sign in with user name (NIP or e-mail) and password: a server-side session cookie.

    Refused: a post without the form's CSRF token (403); a locked-out account or address
    (429 with ``Retry-After``); a wrong name or password (401, one message for both)."""
    check_login_csrf(request, csrf)
    limiter = request.app.state.login_limiter
    account, address = login_name(username), client_address(request)
    blocked = limiter.blocked(account, address)
    if blocked is not None:
        note(request, account, Action.MASUK_GAGAL, detail=f"dibatasi ({blocked.scope})")
        minutes = max(1, -(-blocked.retry_after // 60))
        return login_page(
            request, status_code=429, username=username, next_=next,
            error=ngettext("Too many failed sign-in attempts. Try again in {n} minute.",
                           "Too many failed sign-in attempts. Try again in {n} minutes.",
                           minutes),
            headers={"Retry-After": str(blocked.retry_after)})
    state = request.app.state
    with state.write_session() as session, session.begin():
        user = check_password(session, username, password)
        if user is None:
            limiter.failed(account, address)
            failed = True
        else:
            failed = False
            token, _row = open_session(session, user, hours=state.settings.server.session_hours,
                                       address=address)
    if failed:
        note(request, account, Action.MASUK_GAGAL, detail="nama atau kata sandi salah")
        return login_page(request, status_code=401, username=username, next_=next,
                          error=_("Wrong user name or password."))
    limiter.succeeded(account)
    note(request, user.name, Action.MASUK)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE, token, max_age=int(state.settings.server.session_hours * 3600),
        httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/masuk")
    return response


@router.post("/keluar")
def logout(
    request: Request,
    principal: FormPrincipal,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    """Sign out: the session is ended on the server (the cookie is worthless afterwards)."""
    if principal is not None:
        check_csrf(request, csrf)
        with request.app.state.write_session() as session, session.begin():
            end_session(session, principal.session_id)
        note(request, principal.name, Action.KELUAR)
    response = RedirectResponse("/masuk", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _int(value: str | None, low: int, high: int) -> int | None:
    try:
        n = int(value or "")
    except ValueError:
        return None
    return n if low <= n <= high else None


@router.get("/cari", response_class=HTMLResponse)
def search_page(
    *,
    request: Request,
    principal: MaybePrincipal,
    session: DbSession,
):
    if principal is None:
        return login_page(request)
    params = request.query_params
    form = {k: (params.get(k) or "").strip()[:200] for k in
            ("agency", "tahun", "periode", "procedure", "kind", "bidang", "nomor", "q", "urut")}
    if form["urut"] not in search.SORTS:
        form["urut"] = ""
    all_versions = params.get("semua_versi") == "1"
    page = _int(params.get("halaman"), 1, 100_000) or 1
    error = ""
    periode = form["periode"] or None
    if periode:
        try:
            periode = Periode.parse(periode).key
        except ValueError:
            error = _("Period {period} is not known (e.g. 2025-TW1, 2025-S1, 2025).",
                      period=repr(form["periode"]))
            periode = None
    query = search.DocumentQuery(
        agency=form["agency"] or None, tahun=_int(form["tahun"], 2000, 2100), periode=periode,
        procedure=form["procedure"] or None, kind=form["kind"] or None,
        bidang=form["bidang"] or None, nomor=form["nomor"] or None, words=form["q"] or None,
        latest_only=not all_versions, sort=form["urut"],
    )

    def fetch(n: int):
        return search.search_documents(session, query, agency_scope=principal.agency_scope,
                                       limit=PAGE_SIZE, offset=(n - 1) * PAGE_SIZE)

    total, docs = fetch(page)
    pages = max(1, -(-total // PAGE_SIZE))
    if page > pages:  # ?halaman=999: the last page, said so
        error = _("Page {page} does not exist; the last page ({pages}) is shown.", page=page,
                  pages=pages)
        page = pages
        total, docs = fetch(page)
    kept = {k: v for k, v in form.items() if v} | ({"semua_versi": "1"} if all_versions else {})
    set_agency = form["agency"] or principal.agency_scope
    set_links = (
        (f"/api/sets/{set_agency}/{periode}/zip", f"/api/sets/{set_agency}/{periode}/pdf")
        if set_agency and periode and total and principal.can_see(set_agency)
        and re.fullmatch(r"[a-z0-9][a-z0-9-]*", set_agency) else None
    )
    labels = request.app.state.labels
    shown = {
        "agency": labels.agency_short, "tahun": str, "periode": periode_label,
        "procedure": labels.procedure, "kind": labels.kind, "bidang": str,
        "nomor": lambda v: _("number {value}", value=v),
    }
    active = [show(form[k]) for k, show in shown.items() if form[k]]
    if all_versions:
        active.append(_("all versions"))
    found = search.search_snippets(session, docs, form["q"])
    return render(
        request, "search.html", principal, form=form, all_versions=all_versions, docs=docs,
        total=total, page=page, pages=pages, error=error,
        facets=search.facets(session, principal.agency_scope),
        page_url=lambda n: "/cari?" + urlencode(kept | {"halaman": n}),
        searched=bool(kept), set_links=set_links,
        sort_choices=[(value, _(label)) for value, label in SORT_CHOICES],
        snippets={i: snippet_html(text) for i, text in found.items()},
        active_filters=active, filters_open=not kept or bool(error),
        sig_states=signature_states(session, docs),
    )


@router.get("/dokumen/{document_id}", response_class=HTMLResponse)
def document_page(
    *,
    request: Request,
    document_id: str,
    principal: MaybePrincipal,
    session: DbSession,
):
    if principal is None:
        return login_page(request)
    doc_id = _int(document_id, 1, 2**31 - 1)
    doc: Document | None = (
        search.get_visible_document(session, doc_id, principal.agency_scope) if doc_id else None
    )
    if doc is None:
        return render(request, "error.html", principal, status_code=404,
                      title=_("Document not found"),
                      message=_("No document with ID {id}.", id=quote(document_id)[:40]))
    from naskah.signing.store import signatures_of

    note(request, principal.name, Action.LIHAT, object_type="document", object_id=doc.id,
         agency=doc.agency, detail=doc.title)
    versions = search.document_versions(session, doc)
    current = versions[-1]
    settings = request.app.state.settings
    try:
        pages = previews.page_count(settings.archive_dir, doc)
    except ArchiveFileError:
        pages = 0  # the downloads answer 409 and say why
    set_url = "/cari?" + urlencode({"agency": doc.agency, "periode": doc.periode})
    return render(request, "document.html", principal, doc=doc, run=doc.run, versions=versions,
                  current=current, is_current=current.id == doc.id, set_url=set_url,
                  signatures=signatures_of(session, doc.id),
                  sig_state=signature_states(session, [doc])[doc.id],
                  signing=signing_offer(request, session, principal, doc, current.id == doc.id),
                  pages=pages, shown_pages=min(pages, previews.MAX_PAGES))


@router.get("/versi/{run_id}", response_class=HTMLResponse)
def run_page(
    *,
    request: Request,
    run_id: str,
    principal: MaybePrincipal,
    session: DbSession,
):
    if principal is None:
        return login_page(request)
    rid = _int(run_id, 1, 2**31 - 1)
    run = search.get_visible_run(session, rid, principal.agency_scope) if rid else None
    if run is None:
        return render(request, "error.html", principal, status_code=404,
                      title=_("Archive run not found"),
                      message=_("No run with ID {id}.", id=quote(run_id)[:40]))
    docs = sorted(run.documents, key=lambda d: d.id)
    return render(request, "run.html", principal, run=run, docs=docs,
                  sig_states=signature_states(session, docs))
