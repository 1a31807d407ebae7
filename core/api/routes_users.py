"""``/admin/pengguna``: the users of the service, for administrators.

- ``GET  /admin/pengguna``                  every user (name, full name, role, agency, active,
  last sign-in) and the form to add one;
- ``POST /admin/pengguna``                  add a user with a password (Argon2);
- ``GET  /admin/pengguna/{name}``           one user: its forms;
- ``POST /admin/pengguna/{name}/ubah``      another role, agency, full name;
- ``POST /admin/pengguna/{name}/sandi``     reset the password (its web sessions end);
- ``POST /admin/pengguna/{name}/cabut``     revoke: deactivated, every session and token ended.

Every change goes through :mod:`naskah.accounts.manage` — what ``naskah users …`` calls — and is
recorded in the audit log there. Admin only; every post carries the session's CSRF token
(:func:`naskah.api.auth.check_csrf`). An admin cannot revoke, or take the admin role from, the
account it is signed in with (the service would be left without the person fixing it).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from naskah.accounts import manage
from naskah.accounts.users import (
    PASSWORD_MAX,
    PASSWORD_MIN,
    Principal,
    Role,
    UserError,
    get_user,
    list_users,
)
from naskah.api.audit_log import client_address
from naskah.api.auth import DbSession, FormPrincipal, MaybePrincipal, check_csrf
from naskah.api.routes_pages import login_page, render
from naskah.i18n import N_, _

router = APIRouter(include_in_schema=False)

DONE = {
    "ubah": N_("The user was changed; a new role applies from the user's next page."),
    "sandi": N_("The password was reset; the user's open sessions have ended."),
    "cabut": N_("The user was revoked: it can no longer sign in, and its sessions and API "
                "tokens have ended."),
}
"""Messages after a change (``?selesai=…`` of the redirect): English ids, shown through _()."""


def _forbidden(request: Request, principal: Principal):
    return render(request, "error.html", principal, status_code=403,
                  title=_("Administrators only"), message=_("This page is for administrators."))


def _agencies(request: Request) -> list[str]:
    return sorted(request.app.state.labels.agencies)


def _list(request: Request, principal: Principal, session, status_code: int = 200, **context):
    users = list_users(session)
    return render(request, "admin_users.html", principal, status_code=status_code,
                  users=users, last=manage.last_sign_ins(session), agencies=_agencies(request),
                  roles=[r.value for r in Role], password_min=PASSWORD_MIN,
                  password_max=PASSWORD_MAX,
                  **{"form": {}, "message": "", "added": None, "token": "", **context})


def _one(request: Request, principal: Principal, session, name: str, status_code: int = 200,
         **context):
    try:
        user = get_user(session, name)
    except UserError:
        return render(request, "error.html", principal, status_code=404,
                      title=_("User not found"),
                      message=_("There is no user {name}.", name=quote(name)[:100]))
    return render(request, "admin_user.html", principal, status_code=status_code, user=user,
                  last=manage.last_sign_ins(session).get(user.id), agencies=_agencies(request),
                  roles=[r.value for r in Role], password_min=PASSWORD_MIN,
                  password_max=PASSWORD_MAX, is_self=user.id == principal.user_id,
                  **{"message": "", "done": "", **context})


def _allowed(request: Request, principal: Principal | None, csrf: str | None = None):
    """``None`` when an admin may go on, else the page to answer (sign-in, 403). A post's
    CSRF token is checked first (:class:`naskah.api.auth.CsrfError`: 403)."""
    if principal is None:
        return login_page(request)
    if csrf is not None:
        check_csrf(request, csrf)
    if principal.role is not Role.ADMIN:
        return _forbidden(request, principal)
    return None


def _agency_of(request: Request, role: str, agency: str) -> str | None:
    """The agency to store: an operator's (must be a known slug); ``None`` for other roles.
    :raises UserError: an unknown agency."""
    if role != Role.OPERATOR.value:
        return None
    if not agency:
        raise UserError(_("an operator serves one agency: choose it"))
    if agency not in request.app.state.labels.agencies:
        raise UserError(_("unknown agency {agency!r}", agency=agency))
    return agency


@router.get("/admin/pengguna", response_class=HTMLResponse)
def users_page(*, request: Request, principal: MaybePrincipal, session: DbSession):
    """Every user, revoked ones last, and the form to add one."""
    refused = _allowed(request, principal)
    return refused or _list(request, principal, session)


@router.post("/admin/pengguna", response_class=HTMLResponse)
def add_user_form(
    *,
    request: Request,
    principal: FormPrincipal,
    session: DbSession,
    csrf: Annotated[str, Form(max_length=200)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    full_name: Annotated[str, Form(max_length=300)] = "",
    role: Annotated[str, Form(max_length=20)] = "",
    agency: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=PASSWORD_MAX + 1)] = "",
    password2: Annotated[str, Form(max_length=PASSWORD_MAX + 1)] = "",
):
    """Add a user with a password; the page then shows its API token once (for scripts)."""
    refused = _allowed(request, principal, csrf)
    if refused:
        return refused
    form = {"name": name, "full_name": full_name, "role": role, "agency": agency}
    try:
        if password != password2:
            raise UserError(_("the two passwords differ"))
        with request.app.state.write_session() as s, s.begin():
            user, token = manage.add(
                s, name, role, _agency_of(request, role, agency), full_name=full_name,
                password=password, actor=principal.name, address=client_address(request))
            added = user.name
    except UserError as exc:
        return _list(request, principal, session, 422, form=form,
                     message=_("Not added: {reason}", reason=exc))
    session.rollback()  # a fresh read: SQLite's snapshot predates the new user
    return _list(request, principal, session, added=added, token=token)


@router.get("/admin/pengguna/{name}", response_class=HTMLResponse)
def user_page(*, request: Request, name: str, principal: MaybePrincipal, session: DbSession):
    refused = _allowed(request, principal)
    if refused:
        return refused
    done = request.query_params.get("selesai", "")
    return _one(request, principal, session, name, done=_(DONE[done]) if done in DONE else "")


def _change(request: Request, principal: Principal, session, name: str, what: str, work):
    """Do ``work(write session)`` in one transaction, then show the user (303 with a message),
    or the user's page with the refusal (422)."""
    try:
        with request.app.state.write_session() as s, s.begin():
            work(s)
    except UserError as exc:
        session.rollback()
        return _one(request, principal, session, name, 422,
                    message=_("Not changed: {reason}", reason=exc))
    return RedirectResponse(f"/admin/pengguna/{quote(name)}?selesai={what}", status_code=303)


@router.post("/admin/pengguna/{name}/ubah", response_class=HTMLResponse)
def change_form(
    *,
    request: Request,
    name: str,
    principal: FormPrincipal,
    session: DbSession,
    csrf: Annotated[str, Form(max_length=200)] = "",
    full_name: Annotated[str, Form(max_length=300)] = "",
    role: Annotated[str, Form(max_length=20)] = "",
    agency: Annotated[str, Form(max_length=100)] = "",
):
    """Another role (and agency, full name) for the user."""
    refused = _allowed(request, principal, csrf)
    if refused:
        return refused

    def work(s):
        if name == principal.name and role != Role.ADMIN.value:
            raise UserError(_("you cannot take the administrator role from your own account"))
        manage.change(s, name, role=role, agency=_agency_of(request, role, agency),
                      full_name=full_name, actor=principal.name,
                      address=client_address(request))

    return _change(request, principal, session, name, "ubah", work)


@router.post("/admin/pengguna/{name}/sandi", response_class=HTMLResponse)
def reset_form(
    *,
    request: Request,
    name: str,
    principal: FormPrincipal,
    session: DbSession,
    csrf: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=PASSWORD_MAX + 1)] = "",
    password2: Annotated[str, Form(max_length=PASSWORD_MAX + 1)] = "",
):
    """A new password; the user's web sessions end (it signs in with the new one)."""
    refused = _allowed(request, principal, csrf)
    if refused:
        return refused

    def work(s):
        if password != password2:
            raise UserError(_("the two passwords differ"))
        manage.reset_password(s, name, password, actor=principal.name,
                              address=client_address(request))

    return _change(request, principal, session, name, "sandi", work)


@router.post("/admin/pengguna/{name}/cabut", response_class=HTMLResponse)
def revoke_form(
    *,
    request: Request,
    name: str,
    principal: FormPrincipal,
    session: DbSession,
    csrf: Annotated[str, Form(max_length=200)] = "",
    yakin: Annotated[str, Form(max_length=10)] = "",
):
    """Revoke the user (the form's confirmation box must be ticked)."""
    refused = _allowed(request, principal, csrf)
    if refused:
        return refused

    def work(s):
        if name == principal.name:
            raise UserError(_("you cannot revoke your own account"))
        if yakin != "1":
            raise UserError(_("tick the confirmation box to revoke the user"))
        manage.revoke(s, name, actor=principal.name, address=client_address(request))

    return _change(request, principal, session, name, "cabut", work)
