"""Clocks of a simulated office.

``SimClock`` is the simulation's own clock, moved from event to event.

``PlayedClock`` lets every screen on a database follow a day that is being
played there: ``balie simulate --speed 60`` (an hour a minute) or a demo made
outside opening hours. The player writes an anchor into the database (this
real moment is that office time, at this speed); a screen started without
``BALIE_NOW`` on that file reads it and runs its clock from it, re-reading it
every second, so a simulation restarted on the same file is followed too.
Start the player first: a screen started before it keeps the real time.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import pendulum

from balie.clock import Clock, SystemClock

REREAD_S = 1.0


class SimClock:
    """Stands at the time of the event being played."""

    fixed = True  # not the real time: balie ends no day and purges nothing by it

    def __init__(self, at_ms: int) -> None:
        self.at_ms = at_ms
        self._moment = pendulum.from_timestamp(at_ms / 1000, tz="UTC")

    def set_ms(self, at_ms: int) -> None:
        if at_ms != self.at_ms:
            self.at_ms = at_ms
            self._moment = pendulum.from_timestamp(at_ms / 1000, tz="UTC")

    def now(self) -> pendulum.DateTime:
        return self._moment


@dataclass(frozen=True)
class Anchor:
    """At real time ``real_ms`` the office's clock reads ``office_ms``; it runs ``speed`` times as fast."""

    real_ms: int
    office_ms: int
    speed: float = 1.0

    def office_at(self, real_ms: float) -> int:
        return int(self.office_ms + (real_ms - self.real_ms) * self.speed)

    def real_at(self, office_ms: int) -> float:
        return self.real_ms + (office_ms - self.office_ms) / self.speed

    def dumps(self) -> str:
        return json.dumps({"real_ms": self.real_ms, "office_ms": self.office_ms, "speed": self.speed})

    @staticmethod
    def loads(text: str | None) -> Anchor | None:
        if not text:
            return None
        try:
            data = json.loads(text)
            anchor = Anchor(int(data["real_ms"]), int(data["office_ms"]), float(data["speed"]))
        except (ValueError, KeyError, TypeError):
            return None
        return anchor if anchor.speed > 0 else None


def real_ms() -> float:
    return time.time() * 1000


class PlayedClock:
    """The office time of a day played on this database; the real time without one."""

    fixed = True  # a played day's time: balie ends no day and purges nothing by it

    def __init__(self, read_anchor: Callable[[], str | None]) -> None:
        self._read = read_anchor
        self._anchor = Anchor.loads(read_anchor())
        self._read_at = time.monotonic()

    def now(self) -> pendulum.DateTime:
        if time.monotonic() - self._read_at >= REREAD_S:
            self._read_at = time.monotonic()
            try:
                self._anchor = Anchor.loads(self._read())
            except Exception:  # the file is briefly unusable: keep the last anchor
                pass
        if self._anchor is None:
            return pendulum.now("UTC")
        return pendulum.from_timestamp(self._anchor.office_at(real_ms()) / 1000, tz="UTC")


def follow(clock: Clock, read_anchor: Callable[[], str | None]) -> Clock:
    """The clock for a process on a database: a fixed ``BALIE_NOW`` wins, then a played day."""
    if not isinstance(clock, SystemClock) or not read_anchor():
        return clock
    return PlayedClock(read_anchor)
