"""The service before sign-in: who may send a body, and how big it may be.

An ASGI middleware in front of every route (:class:`BodyGuard`):

- a request that changes state under ``/api/`` (any method but ``GET``/``HEAD``/``OPTIONS``)
  must carry a valid bearer token **before its body is read**: without one it is answered
  ``401`` at once, so an anonymous client cannot make the server spool a 1 GB upload to disk or
  parse a 600 MB JSON document (the session cookie is never accepted there, see
  :mod:`naskah.api.auth`); a malformed JSON body without a token is a ``401`` too, not a
  ``422``;
- wrong tokens are counted per client address; past ``ServerSettings.token_limit_address``
  every request of that address carrying a token is answered ``429`` (``Retry-After``) for the
  rest of the window, before its token is looked up (:class:`naskah.api.ratelimit.
  TokenLimiter`; reads count in :func:`naskah.api.auth.optional_principal`);
- every body is limited per route (:data:`BODY_LIMITS`, first matching prefix, else
  :data:`DEFAULT_BODY_LIMIT`): a larger ``Content-Length`` is answered ``413`` before reading,
  and a body sent without one (chunked) is cut off with ``413`` when it passes the limit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from naskah.api.ratelimit import TokenLimiter
from naskah.i18n import _

MB = 1 << 20
BODY_LIMITS: tuple[tuple[str, str, int], ...] = (
    ("POST", r"^/api/batches/?$", 26 * MB * 20),  # up to 20 workbooks of 25 MB at once
    ("POST", r"^/api/pengumpulan/[^/]+/[^/]+/import$", 60 * MB),
    ("POST", r"^/api/", 1 * MB),  # JSON
)
"""``(method, path pattern, bytes)``: the first match limits the body."""
DEFAULT_BODY_LIMIT = 1 * MB
"""Any other body (the web pages' forms)."""
_READING = frozenset({"GET", "HEAD", "OPTIONS"})


def body_limit(method: str, path: str) -> int:
    """The largest body (bytes) accepted for ``method path``."""
    for m, pattern, limit in BODY_LIMITS:
        if m == method and re.search(pattern, path):
            return limit
    return DEFAULT_BODY_LIMIT


class BodyGuard:
    """See the module. ``authenticated(token) -> bool`` checks a bearer token (blocking: it
    runs in the thread pool); ``tokens`` counts wrong ones per client address (``429`` while
    the address is throttled, :class:`naskah.api.ratelimit.TokenLimiter`)."""

    def __init__(self, app: ASGIApp, *, authenticated: Callable[[str], bool],
                 tokens: TokenLimiter | None = None) -> None:
        self.app = app
        self.authenticated = authenticated
        self.tokens = tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _READING:
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        if path.startswith("/api/"):
            auth = headers.get(b"authorization", b"").decode("latin-1")
            scheme, _sep, token = auth.partition(" ")
            address = (scope.get("client") or ("",))[0]
            wait = self.tokens.blocked(address) if self.tokens and auth else None
            if wait is not None:
                await _answer(send, 429, too_many_tokens(wait), {"Retry-After": str(wait)})
                return
            ok = scheme.lower() == "bearer" and token.strip() and await run_in_threadpool(
                self.authenticated, token.strip())
            if not ok:
                if self.tokens and auth:
                    self.tokens.failed(address)
                await _answer(send, 401, _("Missing or invalid token (Authorization: Bearer …)"),
                              {"WWW-Authenticate": "Bearer"})
                return
        limit = body_limit(method, path)
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                await _answer(send, 400, _("Invalid Content-Length"))
                return
            if too_big:
                await _answer(send, 413, _too_big(limit))
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, _too_big(limit))
            return message

        await self.app(scope, limited, send)


def too_many_tokens(wait: int) -> str:
    """The answer to a throttled address (``wait`` seconds to go)."""
    return _("Too many wrong tokens from this address: try again in {seconds} s",
             seconds=wait)


def _too_big(limit: int) -> str:
    return _("Request body larger than {mb} MB", mb=limit // MB)


async def _answer(send: Send, status: int, detail: str,
                  extra: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]
    headers += [(k.lower().encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
