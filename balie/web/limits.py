"""How much one server gives out: live screens, their size, how long they may sit idle.

Every live screen is a balie process (~45 MB), so their number is capped in
total and per colleague; the terminal a browser asks for is clamped to what a
real screen needs (a 10000x3000 request once cost 268 MB); a screen nobody
touched for a while is closed, and so is every screen of a session that ended.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line reads the defaults here without loading aiohttp
    from aiohttp import web

DEFAULT_MAX_SESSIONS = 20  # a large office: ten counters, two desks, the lead, spares
PER_ACCOUNT = 4  # a lead with desk, counter, stand-up and report open at once
DEFAULT_IDLE_MINUTES = 60
WIDTH = (20, 320)  # columns: a 4K screen at a small font is ~300
HEIGHT = (8, 120)

# WebSocket close codes (4000-4999 are the application's) and what the page then says.
IDLE_CLOSE = 4000
SIGNED_OUT_CLOSE = 4001
STOPPING_CLOSE = 4002


def _number(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    max_sessions: int = DEFAULT_MAX_SESSIONS
    per_account: int = PER_ACCOUNT
    idle_seconds: float = DEFAULT_IDLE_MINUTES * 60  # 0: never closed for being idle

    def clamp(self, width: object, height: object) -> tuple[int, int]:
        """A terminal size a real screen can have, whatever the browser sent."""
        columns = min(max(_number(width, 80), WIDTH[0]), WIDTH[1])
        lines = min(max(_number(height, 24), HEIGHT[0]), HEIGHT[1])
        return columns, lines


@dataclass(eq=False)
class Live:
    """One screen in one browser tab: a process and its WebSocket."""

    account: str
    digest: str
    screen: str
    websocket: web.WebSocketResponse
    last_input: float = field(default_factory=time.monotonic)


class LiveSessions:
    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._live: set[Live] = set()

    def __len__(self) -> int:
        return len(self._live)

    def __iter__(self):
        return iter(list(self._live))

    def refusal(self, account: str) -> str | None:
        """Why another screen cannot start now (Dutch), or None when it can."""
        if len(self._live) >= self.limits.max_sessions:
            return (
                f"Alle {self.limits.max_sessions} plaatsen op deze server zijn bezet. Sluit een "
                "scherm dat niet meer nodig is, of vraag de beheerder om meer (--max-sessions)."
            )
        mine = sum(1 for live in self._live if live.account == account)
        if mine >= self.limits.per_account:
            return (
                f"U heeft al {mine} schermen open; sluit er eerst een "
                f"(hoogstens {self.limits.per_account} per persoon)."
            )
        return None

    def add(self, account: str, digest: str, screen: str, websocket: web.WebSocketResponse) -> Live:
        live = Live(account, digest, screen, websocket, self._clock())
        self._live.add(live)
        return live

    def discard(self, live: Live) -> None:
        self._live.discard(live)

    def touched(self, live: Live) -> None:
        live.last_input = self._clock()

    def idle(self) -> list[Live]:
        if not self.limits.idle_seconds:
            return []
        now = self._clock()
        return [live for live in self._live if now - live.last_input > self.limits.idle_seconds]

    def digests(self) -> set[str]:
        return {live.digest for live in self._live}

    async def close(self, which: list[Live], code: int, reason: str) -> None:
        """Close these screens with a reason the page shows; their handlers end the processes."""
        for live in which:
            await live.websocket.close(code=code, message=reason.encode("utf-8")[:120])
