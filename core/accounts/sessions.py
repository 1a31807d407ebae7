"""Web sessions: server-side rows behind the ``naskah_sesi`` cookie, which expire and can be ended.

After a password sign-in (:func:`naskah.accounts.users.check_password`) the service opens a
:class:`WebSession`: the browser gets a random token (256 bits, :mod:`secrets`), the database
keeps only its sha256, the user, when it expires, and the session's CSRF token (sent back with
every form, see :mod:`naskah.api.csrf`). Every request looks the row up again, so:

- a session ends at ``expires_at`` (``ServerSettings.session_hours`` after sign-in, absolute);
- signing out (:func:`end_session`), a password reset or revoking the user
  (:func:`end_user_sessions`) ends it at once, on every device;
- a copy of the database holds no usable cookie.

Typical use::

    with Session() as s, s.begin():
        token, row = open_session(s, user, hours=8, address="10.0.0.7")
    ...
    found = find_session(s, token)       # (row, user) or None: unknown, ended, expired, revoked
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from naskah.accounts.users import User
from naskah.db import Base, UtcDateTime, utcnow

_TOKEN_BYTES = 32


class WebSession(Base):
    """One signed-in browser: the sha256 of its cookie token, its CSRF token, its lifetime."""

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf: Mapped[str] = mapped_column(String(64))
    """The session's CSRF token (random; compared with each form's ``csrf`` field)."""
    address: Mapped[str] = mapped_column(String(64), default="")
    """The client address that signed in (for the user's own overview and the audit)."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(
    session: Session, user: User, *, hours: float, address: str = ""
) -> tuple[str, WebSession]:
    """Start a web session of ``user`` lasting ``hours``; returns ``(cookie token, row)``.

    The token is returned once and never stored. Does not commit.
    """
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    now = utcnow()
    row = WebSession(user_id=user.id, token_hash=_hash(token),
                     csrf=secrets.token_urlsafe(_TOKEN_BYTES), address=address[:64],
                     created_at=now, expires_at=now + timedelta(hours=hours))
    session.add(row)
    session.flush()
    return token, row


def find_session(session: Session, token: str | None) -> tuple[WebSession, User] | None:
    """The live session of a cookie token and its user, or ``None`` if the token is missing,
    unknown, ended, expired, or its user revoked."""
    if not token or len(token) > 100:
        return None
    row = session.execute(
        select(WebSession, User)
        .join(User, WebSession.user_id == User.id)
        .where(WebSession.token_hash == _hash(token))
    ).first()
    if row is None:
        return None
    web, user = row
    if web.ended_at is not None or web.expires_at <= utcnow() or user.revoked_at is not None:
        return None
    return web, user


def end_session(session: Session, session_id: int) -> None:
    """End one session (sign-out). Harmless if already ended. Does not commit."""
    session.execute(
        update(WebSession)
        .where(WebSession.id == session_id, WebSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def end_user_sessions(session: Session, user_id: int) -> int:
    """End every live session of a user (password reset, revocation); returns how many."""
    result = session.execute(
        update(WebSession)
        .where(WebSession.user_id == user_id, WebSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    return result.rowcount or 0
