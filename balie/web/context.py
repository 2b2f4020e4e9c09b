"""What every handler of one server shares: the store, the limits, who is signed in."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from aiohttp import web

from balie.config import Config
from balie.core.accounts import WebSession
from balie.store import Store
from balie.web.addresses import Addresses
from balie.web.limits import Limits, LiveSessions
from balie.web.sessions import Attempts, digest_of, token_of

T = TypeVar("T")
_SESSION = web.RequestKey("balie_session", object)  # looked up once per request
SIGN_INS_AT_ONCE = 2  # scrypt takes 32 MiB and a core for a moment: no more at once


@dataclass
class Served:
    store: Store
    config: Config
    db: Path
    config_path: str | None
    addresses: Addresses
    limits: Limits = field(default_factory=Limits)
    live: LiveSessions = field(init=False)
    attempts: Attempts = field(default_factory=Attempts)
    sign_ins: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(SIGN_INS_AT_ONCE))

    def __post_init__(self) -> None:
        self.live = LiveSessions(self.limits)

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """A store call off the event loop: SQLite may wait for a lock."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, functools.partial(function, *args))

    async def signed_in(self, request: web.Request) -> WebSession | None:
        """The colleague this browser signed in as, while the session lasts."""
        if _SESSION in request:
            return request[_SESSION]
        token = token_of(request, self.addresses)
        session = await self.run(self.store.accounts.session, digest_of(token)) if token else None
        request[_SESSION] = session
        return session


SERVED = web.AppKey("served", Served)


def served(request: web.Request) -> Served:
    return request.app[SERVED]
