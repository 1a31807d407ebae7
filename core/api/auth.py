"""Who is calling, and may they: bearer tokens, the web session cookie, CSRF, role checks.

- API clients (scripts) send ``Authorization: Bearer nsk_…`` (a token from ``naskah users add``).
- People sign in on ``/masuk`` with their user name (NIP or e-mail) and password; the service
  opens a server-side session (:mod:`naskah.accounts.sessions`) and sets the cookie ``naskah_sesi``
  (random token, ``HttpOnly``, ``SameSite=Strict``, ``Secure`` on HTTPS). Each request looks the
  session up again: it expires, and sign-out, a password reset or revoking the user end it.
- The cookie alone authorises reading (``GET``/``HEAD``). A form post of the web pages must
  also carry the session's CSRF token (:func:`check_csrf`); the sign-in form, before any
  session, carries a double-submit token (:data:`LOGIN_CSRF_COOKIE`). The JSON API never accepts
  the cookie for anything that changes state: it needs the ``Authorization`` header.

No valid credential: ``401`` with ``WWW-Authenticate: Bearer``. A valid one without the role:
``403``. Operators' out-of-agency objects are answered ``404`` by the routes (see
:mod:`naskah.accounts.users`).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from naskah.accounts.sessions import find_session
from naskah.accounts.users import (
    Principal,
    Role,
    authenticate,
    principal_of_user,
)
from naskah.api.guard import too_many_tokens
from naskah.i18n import _

SESSION_COOKIE = "naskah_sesi"
LOGIN_CSRF_COOKIE = "naskah_csrf_masuk"
"""Double-submit CSRF token of the sign-in form (no session exists yet)."""

bearer = HTTPBearer(
    auto_error=False,
    description="Token API dari `naskah users add` (Authorization: Bearer nsk_…).",
)


class CsrfError(Exception):
    """A form post without the right CSRF token (answered 403 by the app)."""


def db_session(request: Request) -> Iterator[Session]:
    """A read session on the index for one request (SQLite: no write lock)."""
    with request.app.state.read_session() as session:
        yield session


def principal_from_cookie(request: Request, session: Session) -> Principal | None:
    """The signed-in person of the ``naskah_sesi`` cookie, or ``None``. Notes the session's
    CSRF token in ``request.state.csrf`` for the page's forms."""
    found = find_session(session, request.cookies.get(SESSION_COOKIE))
    if found is None:
        return None
    web, user = found
    request.state.csrf = web.csrf
    return principal_of_user(user, web.id)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def check_csrf(request: Request, submitted: str) -> None:
    """The form's ``csrf`` field must equal the session's token (set by
    :func:`principal_from_cookie`). :raises CsrfError: it does not."""
    expected = getattr(request.state, "csrf", None)
    if not expected or not submitted or not hmac.compare_digest(expected, submitted):
        raise CsrfError("csrf")


def check_login_csrf(request: Request, submitted: str) -> None:
    """The sign-in form's ``csrf`` field must equal its cookie. :raises CsrfError: it does not."""
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not submitted or not hmac.compare_digest(expected, submitted):
        raise CsrfError("csrf")


DbSession = Annotated[Session, Depends(db_session)]


def optional_principal(
    request: Request,
    session: DbSession,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal | None:
    """The caller, from the bearer token or (GET/HEAD only) the session cookie; else ``None``.

    :raises HTTPException: ``429`` while the client's address is throttled for wrong tokens
        (:class:`naskah.api.ratelimit.TokenLimiter`; a wrong token counts one).
    """
    if creds is not None:
        tokens = getattr(request.app.state, "token_limiter", None)
        address = request.client.host if request.client else ""
        wait = tokens.blocked(address) if tokens is not None else None
        if wait is not None:
            raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, too_many_tokens(wait),
                                headers={"Retry-After": str(wait)})
        principal = authenticate(session, creds.credentials)
        if principal is None and tokens is not None:
            tokens.failed(address)
        return principal
    if request.method in ("GET", "HEAD"):
        return principal_from_cookie(request, session)
    return None


def form_principal(request: Request, session: DbSession) -> Principal | None:
    """The signed-in person posting a web form (cookie); the route must :func:`check_csrf`."""
    return principal_from_cookie(request, session)


MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]


def current_principal(principal: MaybePrincipal) -> Principal:
    """The caller; ``401`` without a valid credential."""
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            _("Missing or invalid token (Authorization: Bearer …)"),
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


def require(*roles: Role) -> Callable[..., Principal]:
    """A dependency: the caller, who must have one of ``roles`` (``403`` otherwise)."""
    allowed = frozenset(roles)

    def dependency(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role not in allowed:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                _("Role {role} may not do this", role=principal.role.value),
            )
        return principal

    return dependency


READERS = (Role.ADMIN, Role.OPERATOR, Role.ARSIPARIS)
"""Everyone: operators within their agency."""
ANY_ROLE = require(*READERS)
ARCHIVE_WIDE = require(Role.ADMIN, Role.ARSIPARIS)
"""Whole-archive operations (verify): not operators."""
SUBMITTERS = require(Role.ADMIN, Role.OPERATOR)
"""Batches: admins for any agency, operators for their own."""

Reader = Annotated[Principal, Depends(ANY_ROLE)]
ArchiveWide = Annotated[Principal, Depends(ARCHIVE_WIDE)]
Submitter = Annotated[Principal, Depends(SUBMITTERS)]

FormPrincipal = Annotated[Principal | None, Depends(form_principal)]
