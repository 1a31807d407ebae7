"""Users of the archive service and their API tokens (roles ``admin``, ``operator``, ``arsiparis``).

Roles (issue 5):

- ``admin``: everything;
- ``operator``: bound to ONE agency (``User.agency``): submits batches of that agency and reads
  its documents; other agencies' documents, runs and batches do not exist for it (searches
  return nothing, direct IDs answer 404, never 403, so existence does not leak);
- ``arsiparis``: reads, verifies and downloads everything; changes nothing.

Tokens are ``nsk_`` + 43 URL-safe characters from :func:`secrets.token_urlsafe` (256 random
bits). Only their sha256 is stored (``ApiToken.token_hash``), with the first 12 characters
(``ApiToken.prefix``) to recognise a token in listings. A plain sha256 is enough here: slow
password hashes (bcrypt, argon2) protect LOW-entropy secrets against guessing; a 256-bit random
token cannot be guessed, and a fast hash lets a request find its token with one indexed lookup.
A stolen database therefore gives no usable token. The token itself is shown once, on creation.

People sign in to the web pages with their user name (a NIP or an e-mail address) and a
password (:func:`set_password`, :func:`check_password`). Passwords ARE low-entropy secrets, so
only their Argon2id hash is stored (argon2-cffi's ``PasswordHasher`` defaults, RFC 9106); the
web session that follows is :mod:`naskah.accounts.sessions`.

Typical use::

    with Session() as s, s.begin():
        user, token = add_user(s, "rina", Role.OPERATOR, agency="dinsos-p3a-pessel")
        set_password(s, "rina", "kata sandi yang panjang")
    ...
    with Session() as s:
        principal = authenticate(s, token)     # None: unknown, revoked or malformed
        user = check_password(s, "rina", "…")  # None: unknown, revoked, no password, wrong
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ForeignKey, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from naskah.accounts.roles import Role
from naskah.db import Base, UtcDateTime, utcnow
from naskah.errors import NaskahError
from naskah.i18n import _

TOKEN_PREFIX = "nsk_"
_TOKEN_RE = re.compile(r"^nsk_[A-Za-z0-9_-]{43}$")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
_AGENCY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
_NIP_RE = re.compile(r"^[0-9 ]+$")

PASSWORD_MIN = 10
"""Shortest password accepted (characters); NIST SP 800-63B asks for at least 8."""
PASSWORD_MAX = 200

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("naskah: no such user")
"""Verified against when the user does not exist, so both answers take the same time."""


class UserError(NaskahError):
    """A user operation was refused (duplicate name, bad role/agency pair, unknown user …)."""


class User(Base):
    """A person or system using the service. ``agency`` is set for operators only."""

    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """The person's name as written in official letters (shown to admins); may be empty."""
    role: Mapped[str] = mapped_column(String(20))
    agency: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    """Argon2id hash (PHC string); ``None``: this user cannot sign in to the web pages."""
    password_set_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", order_by="ApiToken.id", lazy="selectin"
    )

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiToken(Base):
    """One API token of a user: its sha256 (hex) and first characters; never the token itself."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    user: Mapped[User] = relationship(back_populates="tokens")


@dataclass(frozen=True)
class Principal:
    """Who is calling: the user behind a valid token or web session. ``agency`` is the
    operator's agency; ``token_id`` is ``None`` for a web session (``session_id`` set)."""

    user_id: int
    token_id: int | None
    name: str
    role: Role
    agency: str | None
    session_id: int | None = None

    @property
    def agency_scope(self) -> str | None:
        """The only agency this caller may see, or ``None`` for every agency."""
        return self.agency if self.role is Role.OPERATOR else None

    def can_see(self, agency: str) -> bool:
        """Whether documents, runs and batches of ``agency`` exist for this caller."""
        return self.agency_scope is None or self.agency_scope == agency


def hash_token(token: str) -> str:
    """sha256 hex of a token (what :class:`ApiToken` stores)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh random token: ``nsk_`` + 43 characters (256 bits from :mod:`secrets`)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def _check(name: str, role: str, agency: str | None) -> tuple[Role, str | None]:
    if not _NAME_RE.match(name or ""):
        raise UserError(
            _("user name {name!r}: 1-100 characters, letters, digits, '.', '_', '@', '-'",
              name=name)
        )
    try:
        r = Role(role)
    except ValueError:
        raise UserError(_("role {role!r}: one of {value}", role=role,
                          value=', '.join(x.value for x in Role))) from None
    if r is Role.OPERATOR:
        if not agency or not _AGENCY_RE.match(agency):
            raise UserError(_("an operator is bound to one agency: give its slug (--agency)"))
        return r, agency
    if agency:
        raise UserError(_("only operators are bound to an agency, not {value}", value=r.value))
    return r, None


def issue_token(session: Session, user: User) -> str:
    """Add a new token to ``user`` and return it (the only time it is seen). Does not commit."""
    if not user.active:
        raise UserError(_("user {name!r} is revoked", name=user.name))
    token = new_token()
    session.add(ApiToken(user=user, token_hash=hash_token(token), prefix=token[:12]))
    session.flush()
    return token


def add_user(
    session: Session, name: str, role: Role | str, agency: str | None = None, *,
    full_name: str = "",
) -> tuple[User, str]:
    """Create a user with one token; returns ``(user, token)``. Does not commit.

    ``full_name``: the person's name as in official letters (optional, at most 200 characters).

    :raises UserError: bad name, unknown role, an operator without agency (or another role with
        one), or a name already taken (revoked users keep their name; e-mail addresses compare
        without case, as at sign-in).
    """
    r, agency = _check(name, str(role), agency)
    if (session.scalar(select(User.id).where(User.name == name)) is not None
            or _find_login(session, name) is not None):
        raise UserError(_("user {name!r} exists", name=name))
    user = User(name=name, role=r.value, agency=agency, full_name=_full_name(full_name))
    session.add(user)
    session.flush()
    return user, issue_token(session, user)


def _full_name(value: str) -> str:
    value = " ".join((value or "").split())
    if len(value) > 200:
        raise UserError(_("a full name has at most 200 characters (given: {n})", n=len(value)))
    return value


def change_user(
    session: Session, name: str, *, role: Role | str, agency: str | None = None,
    full_name: str | None = None,
) -> User:
    """Give an active user another role and agency (the pair checked as by :func:`add_user`)
    and, unless ``None``, another full name. Takes effect on the user's next request (tokens and
    web sessions are looked up afresh each time). Does not commit.

    :raises UserError: no such user, a revoked one, or a bad role/agency pair.
    """
    user = get_user(session, name)
    if not user.active:
        raise UserError(_("user {name} is revoked", name=repr(name)))
    r, agency = _check(user.name, str(role), agency)
    user.role, user.agency = r.value, agency
    if full_name is not None:
        user.full_name = _full_name(full_name)
    session.flush()
    return user


def get_user(session: Session, name: str) -> User:
    """The user called ``name``. :raises UserError: no such user."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise UserError(_("no user {name!r} (see `naskah users list`)", name=name))
    return user


def list_users(session: Session) -> list[User]:
    """Every user, revoked ones included, by name."""
    return list(session.scalars(select(User).order_by(User.name)))


def revoke_user(session: Session, name: str) -> User:
    """Revoke a user and all its tokens (at once: the next request answers 401). Does not commit.

    The row stays (batches name their creator). Revoking twice is harmless.
    """
    user = get_user(session, name)
    now = utcnow()
    if user.revoked_at is None:
        user.revoked_at = now
    for t in user.tokens:
        if t.revoked_at is None:
            t.revoked_at = now
    session.flush()
    return user


def revoke_token(session: Session, prefix: str) -> ApiToken:
    """Revoke the one token whose first characters are ``prefix`` (as ``users list`` shows them).

    :raises UserError: no token, or several, start with ``prefix``.
    """
    if len(prefix) < 8:
        raise UserError(_("give at least 8 characters of the token (e.g. nsk_AbCd)"))
    like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    found = list(session.scalars(select(ApiToken).where(ApiToken.prefix.like(like, escape="\\"))))
    if len(found) != 1:
        raise UserError(_("{n} tokens start with {prefix!r}: give more characters", n=len(found),
                          prefix=prefix))
    if found[0].revoked_at is None:
        found[0].revoked_at = utcnow()
    session.flush()
    return found[0]


def authenticate(session: Session, token: str | None) -> Principal | None:
    """The caller behind ``token``, or ``None`` if it is missing, malformed, unknown or revoked."""
    if not token or not _TOKEN_RE.match(token):
        return None
    row = session.execute(
        select(ApiToken, User)
        .join(User, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token))
    ).first()
    if row is None:
        return None
    return principal_of(*row)


def principal_of(token: ApiToken, user: User) -> Principal | None:
    """The principal of a token row and its user, or ``None`` if either is revoked."""
    if token.revoked_at is not None or user.revoked_at is not None:
        return None
    return Principal(user.id, token.id, user.name, Role(user.role), user.agency)


# --- passwords (web sign-in) -------------------------------------------------------------------


def login_name(username: str) -> str:
    """The user name as typed, normalised: spaces around it dropped; a NIP typed with its
    usual spaces (``19830523 200212 1 002``) without them; an e-mail address in lower case."""
    name = (username or "").strip()
    if _NIP_RE.match(name):
        return name.replace(" ", "")
    return name.lower() if "@" in name else name


def _find_login(session: Session, username: str) -> User | None:
    name = login_name(username)
    if not name:
        return None
    column = func.lower(User.name) if "@" in name else User.name
    return session.scalar(select(User).where(column == name))


def check_password_rules(name: str, password: str) -> None:
    """:raises UserError: the password is too short or long, or is the user name."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise UserError(_("a password has {low}–{high} characters (given: {n})",
                          low=PASSWORD_MIN, high=PASSWORD_MAX, n=len(password)))
    if login_name(password) == login_name(name):
        raise UserError(_("the password must not be the user name"))


def set_password(session: Session, name: str, password: str) -> User:
    """Set (or reset) a user's password: its Argon2id hash is stored. Does not commit; the
    caller ends the user's web sessions on a reset
    (:func:`naskah.accounts.sessions.end_user_sessions`).

    :raises UserError: no such user, a revoked one, or a password against the rules
        (:func:`check_password_rules`).
    """
    user = get_user(session, name)
    if not user.active:
        raise UserError(_("user {name} is revoked", name=repr(name)))
    check_password_rules(user.name, password)
    user.password_hash = _hasher.hash(password)
    user.password_set_at = utcnow()
    session.flush()
    return user


def check_password(session: Session, username: str, password: str) -> User | None:
    """The active user whose name (NIP or e-mail, see :func:`login_name`) and password match,
    else ``None`` — the same answer, in about the same time (one Argon2 verification), for an
    unknown user, a revoked one, one without password, and a wrong password.

    A hash made with older parameters is upgraded in place (the caller commits).
    """
    user = _find_login(session, username)
    stored = user.password_hash if user is not None and user.active else None
    try:
        _hasher.verify(stored or _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if stored is None or user is None:
        return None
    if _hasher.check_needs_rehash(stored):
        user.password_hash = _hasher.hash(password)
    return user


def principal_of_user(user: User, session_id: int) -> Principal | None:
    """The principal of a web session of ``user``, or ``None`` if the user is revoked."""
    if user.revoked_at is not None:
        return None
    return Principal(user.id, None, user.name, Role(user.role), user.agency, session_id)
