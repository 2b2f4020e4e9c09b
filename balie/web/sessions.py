"""Session cookies and the brake on guessing passwords.

The cookie holds a random token; the database keeps only its SHA-256 digest.
It is ``HttpOnly`` (no script reads it), ``SameSite=Strict`` (no other site
sends it along), expires with the working day, and is ``Secure`` (with the
``__Host-`` prefix) whenever browsers reach balie over https.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import deque

from aiohttp import web

from balie.web.addresses import Addresses

COOKIE = "balie_sessie"
SECURE_COOKIE = "__Host-balie_sessie"  # the browser keeps it only if Secure, Path=/ and no Domain
SESSION_HOURS = 10  # a working day; then sign in again
SESSION_MS = SESSION_HOURS * 3600 * 1000
MAX_TOKEN = 100

# Failed sign-ins allowed per name and per address within the window, then a wait.
FAILURES_PER_NAME = 5
FAILURES_PER_ADDRESS = 30  # behind a proxy every colleague shares one address
FAILURE_WINDOW_S = 15 * 60
_MAX_KEYS = 10_000


def cookie_name(addresses: Addresses) -> str:
    return SECURE_COOKIE if addresses.secure else COOKIE


def new_token() -> tuple[str, str]:
    """(token for the cookie, digest for the database)."""
    token = secrets.token_urlsafe(32)
    return token, digest_of(token)


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_of(request: web.Request, addresses: Addresses) -> str | None:
    token = request.cookies.get(cookie_name(addresses))
    if not token or len(token) > MAX_TOKEN:
        return None
    return token


def set_cookie(response: web.StreamResponse, token: str, addresses: Addresses) -> None:
    response.set_cookie(
        cookie_name(addresses), token, max_age=SESSION_MS // 1000, path="/",
        httponly=True, samesite="Strict", secure=addresses.secure,
    )


def clear_cookie(response: web.StreamResponse, addresses: Addresses) -> None:
    response.del_cookie(
        cookie_name(addresses), path="/", httponly=True, samesite="Strict", secure=addresses.secure
    )


class Attempts:
    """Failed sign-ins per name and per address; too many and the next try waits.

    Kept in memory: a restart of the server forgets them, which costs an
    attacker a restart they cannot cause.
    """

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    @staticmethod
    def keys(name: str, address: str) -> dict[str, int]:
        return {"naam:" + " ".join(name.split()).casefold(): FAILURES_PER_NAME,
                "adres:" + address: FAILURES_PER_ADDRESS}

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and now - times[0] > FAILURE_WINDOW_S:
            times.popleft()
        return times

    def wait_seconds(self, keys: dict[str, int]) -> float:
        """How long before another try is allowed; 0 when it is."""
        now = self._clock()
        wait = 0.0
        for key, limit in keys.items():
            times = self._recent(key, now)
            if len(times) >= limit:
                wait = max(wait, FAILURE_WINDOW_S - (now - times[-limit]))
        return wait

    def failed(self, keys: dict[str, int]) -> None:
        now = self._clock()
        if len(self._failures) > _MAX_KEYS:  # bounded, whatever names an attacker tries
            for key in [k for k in self._failures if not self._recent(k, now)]:
                del self._failures[key]
            while len(self._failures) > _MAX_KEYS:
                del self._failures[next(iter(self._failures))]
        for key in keys:
            self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, keys: dict[str, int]) -> None:
        for key in keys:
            if key.startswith("naam:"):
                self._failures.pop(key, None)
