"""Noting reads and sign-ins of the service in the audit log (:mod:`naskah.accounts.audit`).
The admin page that shows it: :mod:`naskah.api.routes_audit`."""

from __future__ import annotations

from fastapi import Request

from naskah.accounts import audit


def client_address(request: Request) -> str:
    """The client's address as the server sees it (behind a proxy, set
    ``NASKAH_SERVER__PROXY_HEADERS`` so this is the real client's)."""
    return request.client.host if request.client else ""


def note(request: Request, actor: str, action: audit.Action, **fields) -> None:
    """Record one event in a short transaction of its own (reads and sign-ins have none)."""
    with request.app.state.write_session() as session, session.begin():
        audit.record(session, actor, action, address=client_address(request), **fields)
