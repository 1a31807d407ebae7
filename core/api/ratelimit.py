"""Rate limits of failed credentials (``limits``): sign-in passwords per account and per client
address (:class:`LoginLimiter`), and API bearer tokens per client address
(:class:`TokenLimiter`).

Each failed sign-in is one hit on two moving windows — the account named (normalised, see
:func:`naskah.accounts.users.login_name`) and the client address — with the limits of
``ServerSettings.login_limit_account`` / ``login_limit_address`` (``limits`` rate strings,
default ``5/15minutes`` and ``20/15minutes``). While either is exhausted, every sign-in to
that account or from that address is refused before the password is even checked (so a
guess during the lock-out learns nothing), with the seconds to wait.

Counters live in the process's memory (``memory://``): with several server processes each
counts its own, so the effective limit is multiplied by their number; a ``redis://`` storage
URI shares them.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse, storage, strategies


@dataclass(frozen=True)
class Blocked:
    """Why a sign-in is refused: which limit, and seconds until a try is allowed again."""

    scope: str
    """``"akun"`` or ``"alamat"``."""
    retry_after: int


class LoginLimiter:
    """Counts failed sign-ins; :meth:`blocked` before checking a password, :meth:`failed` after
    a wrong one, :meth:`succeeded` after a right one (clears the account's count)."""

    def __init__(self, per_account: str = "5/15minutes", per_address: str = "20/15minutes",
                 storage_uri: str = "memory://") -> None:
        self._storage = storage.storage_from_string(storage_uri)
        self._limiter = strategies.MovingWindowRateLimiter(self._storage)
        self._limits: dict[str, RateLimitItem] = {
            "akun": parse(per_account), "alamat": parse(per_address)}

    def _keys(self, account: str, address: str) -> dict[str, str]:
        return {"akun": account.lower(), "alamat": address or "?"}

    def blocked(self, account: str, address: str) -> Blocked | None:
        """The exhausted limit (account first), or ``None`` if a try is allowed."""
        for scope, key in self._keys(account, address).items():
            item = self._limits[scope]
            if not self._limiter.test(item, "masuk", scope, key):
                stats = self._limiter.get_window_stats(item, "masuk", scope, key)
                return Blocked(scope, max(1, math.ceil(stats.reset_time - time.time())))
        return None

    def failed(self, account: str, address: str) -> None:
        """Count one failed sign-in against the account and the address."""
        for scope, key in self._keys(account, address).items():
            self._limiter.hit(self._limits[scope], "masuk", scope, key)

    def succeeded(self, account: str) -> None:
        """A right password: the account's failures are forgotten (the address's are not)."""
        self._limiter.clear(self._limits["akun"], "masuk", "akun", account.lower())


class TokenLimiter:
    """Counts wrong bearer tokens per client address (``ServerSettings.token_limit_address``,
    a ``limits`` rate string, default ``30/minute``); while exhausted, every request of that
    address carrying a token is answered ``429`` before the token is looked up — a valid token
    too, as a locked-out sign-in (behind a reverse proxy, set ``NASKAH_SERVER__PROXY_HEADERS``
    so the address is the client's, not the proxy's). In memory, per process, like
    :class:`LoginLimiter`."""

    def __init__(self, per_address: str = "30/minute", storage_uri: str = "memory://") -> None:
        self._limiter = strategies.MovingWindowRateLimiter(
            storage.storage_from_string(storage_uri))
        self._limit = parse(per_address)

    def blocked(self, address: str) -> int | None:
        """Seconds until ``address`` may send a token again; ``None``: it may now."""
        if self._limiter.test(self._limit, "token", address or "?"):
            return None
        stats = self._limiter.get_window_stats(self._limit, "token", address or "?")
        return max(1, math.ceil(stats.reset_time - time.time()))

    def failed(self, address: str) -> None:
        """Count one wrong token from ``address``."""
        self._limiter.hit(self._limit, "token", address or "?")
