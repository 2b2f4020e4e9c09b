"""The one source of time, so tests, demos and training can fix it.

Local days are Europe/Amsterdam; storage is UTC epoch milliseconds.
"""

from __future__ import annotations

import os
import re
from typing import Protocol

import pendulum

from balie.errors import BalieError

LOCAL_TZ = "Europe/Amsterdam"


class Clock(Protocol):
    def now(self) -> pendulum.DateTime: ...


class SystemClock:
    def now(self) -> pendulum.DateTime:
        return pendulum.now("UTC")


class FixedClock:
    """A clock that stands still (or moves only when told), for tests and demos."""

    def __init__(self, at: pendulum.DateTime) -> None:
        self.at = at.in_timezone("UTC")

    def now(self) -> pendulum.DateTime:
        return self.at

    def set(self, at: pendulum.DateTime) -> None:
        self.at = at.in_timezone("UTC")

    def advance(self, **delta: float) -> None:
        self.at = self.at.add(**delta)


def parse_local(text: str) -> pendulum.DateTime:
    """Parse a local Amsterdam time such as ``2026-11-20T09:15``."""
    try:
        parsed = pendulum.parse(text.strip(), tz=LOCAL_TZ, strict=False)
    except (ValueError, pendulum.parsing.exceptions.ParserError) as error:
        raise BalieError(f"Ongeldige tijd {text!r}: gebruik bijvoorbeeld 2026-11-20T09:15.") from error
    if not isinstance(parsed, pendulum.DateTime):
        raise BalieError(f"Ongeldige tijd {text!r}: gebruik bijvoorbeeld 2026-11-20T09:15.")
    return parsed


def clock_from_env(environ: dict[str, str] | None = None) -> Clock:
    """``BALIE_NOW`` fixes the clock of this process; otherwise the real time."""
    value = (environ if environ is not None else os.environ).get("BALIE_NOW", "").strip()
    if not value:
        return SystemClock()
    if not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        # A time alone would mean "today", which does not stand still across days.
        raise BalieError(f"BALIE_NOW={value!r} mist een datum: gebruik bijvoorbeeld 2026-11-20T09:15.")
    return FixedClock(parse_local(value))


def to_ms(moment: pendulum.DateTime) -> int:
    return int(round(moment.timestamp() * 1000))


def from_ms(ms: int) -> pendulum.DateTime:
    return pendulum.from_timestamp(ms / 1000, tz="UTC")


def local(moment: pendulum.DateTime) -> pendulum.DateTime:
    return moment.in_timezone(LOCAL_TZ)


def local_day(moment: pendulum.DateTime) -> str:
    """The Amsterdam calendar day of a moment, as ``YYYY-MM-DD``."""
    return local(moment).to_date_string()


def local_time_on(day: str, hhmm: str) -> pendulum.DateTime:
    """The moment a local clock time falls on a given local day (DST-aware)."""
    return parse_local(f"{day}T{hhmm}")
