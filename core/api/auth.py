"""Who is calling, and may they: bearer tokens, the web session cookie, role checks.

- API clients send ``Authorization: Bearer nsk_…`` (a token from ``naskah users add``).
- The web page logs in with a token once (``POST /masuk``) and gets a session cookie
  ``naskah_sesi``: signed (itsdangerous, key in ``<data_dir>/session.key``), ``HttpOnly``,
  ``SameSite=Strict``, ``Secure`` on HTTPS, valid 8 hours. It names the token's row, never holds
  the token, and is re-checked on every request, so revoking the user or token ends the session.
- The cookie is accepted only on ``GET``/``HEAD`` (reading and downloading): every request that
  changes something needs the ``Authorization`` header, so another site cannot forge one
  through the browser (no CSRF).

No valid credential: ``401`` with ``WWW-Authenticate: Bearer``. A valid one without the role:
``403``. Operators' out-of-agency objects are answered ``404`` by the routes (see
:mod:`naskah.accounts.users`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from naskah.accounts.users import ApiToken, Principal, Role, User, authenticate, principal_of
from naskah.i18n import _
from naskah.settings import Settings

SESSION_COOKIE = "naskah_sesi"
SESSION_MAX_AGE = 8 * 3600
"""Seconds a web session lasts."""
_SALT = "naskah-sesi-v1"

bearer = HTTPBearer(
    auto_error=False,
    description="Token API dari `naskah users add` (Authorization: Bearer nsk_…).",
)


def session_key(settings: Settings) -> bytes:
    """The key that signs session cookies: ``<data_dir>/session.key`` (created, mode 0600).

    Every server process sharing the data directory shares the key; delete the file to end
    every web session.
    """
    path = Path(settings.data_dir) / "session.key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    key = secrets.token_hex(32).encode()
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


def serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(session_key(settings), salt=_SALT)


def db_session(request: Request) -> Iterator[Session]:
    """A read session on the index for one request (SQLite: no write lock)."""
    with request.app.state.read_session() as session:
        yield session


def session_cookie_value(request: Request, principal: Principal) -> str:
    """The signed cookie value for a logged-in principal."""
    return request.app.state.serializer.dumps({"t": principal.token_id, "u": principal.user_id})


def principal_from_cookie(request: Request, session: Session) -> Principal | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        data = request.app.state.serializer.loads(raw, max_age=SESSION_MAX_AGE)
        token_id, user_id = int(data["t"]), int(data["u"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        return None
    return principal_of(token, session.get(User, user_id))


DbSession = Annotated[Session, Depends(db_session)]


def optional_principal(
    request: Request,
    session: DbSession,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal | None:
    """The caller, from the bearer token or (GET/HEAD only) the session cookie; else ``None``."""
    if creds is not None:
        return authenticate(session, creds.credentials)
    if request.method in ("GET", "HEAD"):
        return principal_from_cookie(request, session)
    return None


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
