"""Managing users as an administrator does it — ``naskah users …`` and the page
``/admin/pengguna`` both call these, so both check alike and both leave the same audit trail.

Each function joins the caller's transaction (does not commit), does the account change through
:mod:`naskah.accounts.users` / :mod:`naskah.accounts.sessions`, and records one audit event
(:mod:`naskah.accounts.audit`) naming ``actor`` (the admin's user name; on the command line the
system login name) and ``address`` (the admin's client address; empty on the command line):

=====================  ===================================================  ===================
:func:`add`            a user, its first API token, optionally a password   ``pengguna_tambah``
:func:`change`         another role / agency / full name                    ``pengguna_ubah``
:func:`reset_password` a new password; every web session of the user ends  ``sandi_reset``
:func:`revoke`         the user and all its tokens; its web sessions end    ``pengguna_cabut``
=====================  ===================================================  ===================

:raises naskah.accounts.users.UserError: from each, when the change is refused (nothing is
    recorded then: the caller rolls back).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from naskah.accounts import audit
from naskah.accounts.roles import Role
from naskah.accounts.sessions import WebSession, end_user_sessions
from naskah.accounts.users import (
    User,
    add_user,
    change_user,
    check_password_rules,
    get_user,
    login_name,
    revoke_user,
    set_password,
)
from naskah.i18n import _


def _describe(user: User) -> str:
    text = _("role {role}", role=user.role)
    if user.agency:
        text += " · " + user.agency
    if user.full_name:
        text += " · " + user.full_name
    return text


def add(
    session: Session, name: str, role: Role | str, agency: str | None = None, *,
    full_name: str = "", password: str | None = None, actor: str = "", address: str = "",
) -> tuple[User, str]:
    """Add a user (name as typed at sign-in: a NIP's spaces dropped, an e-mail in lower case,
    :func:`naskah.accounts.users.login_name`) with one API token and, if given, a password
    (checked before anything is added). Returns ``(user, token)``; the token is seen only here.
    """
    name = login_name(name)
    if password is not None:
        check_password_rules(name, password)
    user, token = add_user(session, name, role, agency, full_name=full_name)
    if password is not None:
        set_password(session, user.name, password)
    audit.record(session, actor, audit.Action.PENGGUNA_TAMBAH, object_type="user",
                 object_id=user.name, agency=user.agency or "", detail=_describe(user),
                 address=address)
    return user, token


def change(
    session: Session, name: str, *, role: Role | str, agency: str | None = None,
    full_name: str | None = None, actor: str = "", address: str = "",
) -> User:
    """Another role and agency (and full name unless ``None``) for an active user; effective on
    its next request (:func:`naskah.accounts.users.change_user`)."""
    before = _describe(get_user(session, name))
    user = change_user(session, name, role=role, agency=agency, full_name=full_name)
    audit.record(session, actor, audit.Action.PENGGUNA_UBAH, object_type="user",
                 object_id=user.name, agency=user.agency or "",
                 detail=f"{before} → {_describe(user)}", address=address)
    return user


def reset_password(
    session: Session, name: str, password: str, *, actor: str = "", address: str = "",
) -> tuple[User, int]:
    """Set a new password and end every web session of the user (it signs in again):
    ``(user, sessions ended)``."""
    user = set_password(session, name, password)
    ended = end_user_sessions(session, user.id)
    audit.record(session, actor, audit.Action.SANDI_RESET, object_type="user",
                 object_id=user.name, agency=user.agency or "", address=address)
    return user, ended


def revoke(session: Session, name: str, *, actor: str = "", address: str = "") -> tuple[User, int]:
    """Revoke the user and every API token of it, and end its web sessions: ``(user, sessions
    ended)``. The row stays (runs and batches name their maker). Revoking twice is harmless
    (and recorded once more)."""
    user = revoke_user(session, name)
    ended = end_user_sessions(session, user.id)
    audit.record(session, actor, audit.Action.PENGGUNA_CABUT, object_type="user",
                 object_id=user.name, agency=user.agency or "", address=address)
    return user, ended


def last_sign_ins(session: Session) -> dict[int, datetime]:
    """``{user id: when its newest web session began}`` (users who never signed in are
    absent)."""
    rows = session.execute(
        select(WebSession.user_id, func.max(WebSession.created_at)).group_by(WebSession.user_id)
    )
    return {user_id: at for user_id, at in rows}
