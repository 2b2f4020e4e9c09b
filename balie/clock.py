"""The one source of time, so tests, demos and training can fix it.

Local days are Europe/Amsterdam; storage is UTC epoch milliseconds.
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Callable
from typing import Protocol

import pendulum

from balie.errors import BalieError

LOCAL_TZ = "Europe/Amsterdam"
# Years a clock may show. Outside them it is certainly wrong (an empty CMOS
# battery gives 1970 or 2000-01-01 00:00, a typo 9999): refused, never used.
FIRST_YEAR, LAST_YEAR = 2000, 2099
# A write whose clock is at most this much behind the newest time the database
# knows takes that newest time: times stand still a moment, never run back.
# Processes on one host read one kernel clock under the write lock, so they do
# not disagree at all (measured: 0 ms over every commit of the soak); what
# remains is the kernel clock being set back by NTP after a start with a
# drifted clock, seconds to a few minutes. Further behind is a wrong clock.
CLOCK_TOLERANCE_MS = 5 * 60_000
# Wall time and time.monotonic() may drift apart this much between two looks
# before a running process counts it as a clock jump.
JUMP_TOLERANCE_MS = 5_000


class Clock(Protocol):
    # True for a clock a person set (BALIE_NOW, tests, the demo): such a process
    # never ends a day or purges by itself.
    fixed: bool

    def now(self) -> pendulum.DateTime: ...


class SystemClock:
    fixed = False
    pace = 1.0  # seconds this clock moves per real second (see clock_pace)

    def now(self) -> pendulum.DateTime:
        return pendulum.now("UTC")


class FixedClock:
    """A clock that stands still (or moves only when told), for tests and demos."""

    fixed = True
    pace = 0.0  # it moves only when told, in this process

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
        parsed = pendulum.parse(text.strip(), tz=local_zone(), strict=False)
    except (ValueError, OverflowError, pendulum.parsing.exceptions.ParserError) as error:
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
    try:
        moment = parse_local(value)
        return FixedClock(checked(moment, f"BALIE_NOW={value!r}"))
    except OverflowError:  # e.g. 0001-01-01 in UTC is before year 1
        raise BalieError(
            f"BALIE_NOW={value!r} kan niet kloppen: balie werkt met tijden van {FIRST_YEAR} "
            f"tot en met {LAST_YEAR}."
        ) from None


def checked(moment: pendulum.DateTime, what: str = "De klok van deze computer") -> pendulum.DateTime:
    """``moment`` when a clock can show it; a Dutch refusal for a certainly wrong clock."""
    if not FIRST_YEAR <= local(moment).year <= LAST_YEAR:
        raise BalieError(
            f"{what} staat op {describe(moment)}; dat kan niet kloppen. Zet de klok goed "
            f"(balie werkt met tijden van {FIRST_YEAR} tot en met {LAST_YEAR})."
        )
    return moment


def checked_now(clock: Clock) -> pendulum.DateTime:
    return checked(clock.now())


def describe(moment: pendulum.DateTime | int) -> str:
    """A moment as a Dutch reader expects it: 'vrijdag 20 november 2026 10:05'."""
    if isinstance(moment, int):
        moment = from_ms(moment)
    return local(moment).format("dddd D MMMM YYYY HH:mm", locale="nl")


class ClockBehind(BalieError):
    """This clock is further behind the database than a clock can honestly be."""

    def __init__(self, now_ms: int, newest_ms: int) -> None:
        self.now_ms, self.newest_ms = now_ms, newest_ms
        super().__init__(
            f"De klok van deze computer ({describe(now_ms)}) loopt achter op de database, die "
            f"al {describe(newest_ms)} kent. Er is niets opgeslagen. Zet de klok goed; klopt "
            "hij toch, zeg dat dan met: balie clock --accept"
        )


def clock_behind_line(now_ms: int, newest_ms: int) -> str:
    """What a screen says while its clock is behind the database."""
    return (
        f"De klok van deze computer ({describe(now_ms)}) loopt achter op de database "
        f"({describe(newest_ms)}): wijzigingen worden geweigerd. Zet de klok goed; klopt hij "
        "toch, gebruik dan balie clock --accept."
    )


def write_time(now_ms: int, newest_ms: int | None) -> int:
    """The time a write may record: never before what the database already knows."""
    if newest_ms is None or now_ms >= newest_ms:
        return now_ms
    if newest_ms - now_ms <= CLOCK_TOLERANCE_MS:
        return newest_ms
    raise ClockBehind(now_ms, newest_ms)


class WallWatch:
    """Whether a running process saw local midnight pass on a clock that did not jump.

    Between two looks, wall time must move as ``time.monotonic()`` does; a
    clock that jumped (set by hand, NTP stepping it, a suspend) breaks the
    watch until the next midnight seen in one steady run.
    """

    def __init__(self, clock: Clock, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.clock, self.monotonic = clock, monotonic
        self._wall, self._mono = to_ms(clock.now()), monotonic()
        self._witnessed: str | None = None  # the day this process saw begin

    def saw_midnight(self) -> bool:
        """Look now; True while today is a day this process saw begin, steadily."""
        wall, mono = to_ms(self.clock.now()), self.monotonic()
        steady = abs((wall - self._wall) - (mono - self._mono) * 1000) <= JUMP_TOLERANCE_MS
        today = local_day(from_ms(wall))
        if not steady or self.clock.fixed:
            self._witnessed = None
        elif today != local_day(from_ms(self._wall)):
            self._witnessed = today
        self._wall, self._mono = wall, mono
        return self._witnessed == today


def clock_pace(clock: Clock) -> float | None:
    """Seconds the clock moves per real second: 1 for the computer's clock, 0 for
    one that stands still (BALIE_NOW); None when not known (a played day, whose
    speed can change while it runs): then whoever shows it looks every second."""
    return getattr(clock, "pace", None)


def to_ms(moment: pendulum.DateTime) -> int:
    return int(round(moment.timestamp() * 1000))


def from_ms(ms: int) -> pendulum.DateTime:
    return pendulum.from_timestamp(ms / 1000, tz="UTC")


@functools.cache
def local_zone() -> pendulum.Timezone | pendulum.FixedTimezone:
    """Europe/Amsterdam, built once: given the zone's name, pendulum builds a zone
    object on every conversion (measured ~45 µs of a ~47 µs ``local``; a screen
    converts a time for every row it shows, an export three for every visit)."""
    return pendulum.timezone(LOCAL_TZ)


def local(moment: pendulum.DateTime) -> pendulum.DateTime:
    return moment.in_timezone(local_zone())


def local_day(moment: pendulum.DateTime) -> str:
    """The Amsterdam calendar day of a moment, as ``YYYY-MM-DD``."""
    return local(moment).to_date_string()


def local_time_on(day: str, hhmm: str) -> pendulum.DateTime:
    """The moment a local clock time falls on a given local day (DST-aware)."""
    return parse_local(f"{day}T{hhmm}")
