"""Dutch words for what the core knows, shared by the screens and the CLI."""

from __future__ import annotations

import datetime
import math

from balie.core.periods import day_period
from balie.core.estimate import WaitEstimate
from balie.core.visits import Kind, Outcome, State

STATE_LABELS = {
    State.WAITING: "wacht",
    State.CALLED: "opgeroepen",
    State.FINISHED: "afgerond",
    State.NO_SHOW: "niet verschenen",
    State.LEFT: "vertrokken",
    State.UNSERVED: "niet geholpen",
}
KIND_LABELS = {Kind.WALK_IN: "inloop", Kind.APPOINTMENT: "afspraak"}
OUTCOME_LABELS = {
    Outcome.HANDLED: "afgehandeld",
    Outcome.REFERRED: "doorverwezen",
    Outcome.CALLBACK: "terugbelafspraak",
}


def waiting_count(count: int) -> str:
    """'1 wachtend', '3 wachtend': one word for one meaning, on the desk and the board."""
    return f"{count} wachtend"


def longest_wait_line(waiting: int, longest_ms: int) -> str:
    """The longest wait so far; with nobody waiting there is none to tell."""
    return f"langste wacht {short_minutes(longest_ms)}" if waiting else "niemand wacht"


def call_line(ticket: str, counter: str) -> str:
    """A call as the hall reads it, the same on every board: 'B001 → Balie 1'."""
    return f"{ticket} → {counter}"


# Warnings carry a sign, never colour alone (256 colours, colour blindness).
WARNING_SIGN = "⚠"

# A kennisbank subject without a domain is handled by the host, at the desk.
DESK_DOMAIN = "gastvrouw"

NO_COLLEAGUE = "geen collega"  # a counter staffed for domains, nobody named at it
NOBODY_YET = "nog niemand"  # a role of the day not filled in yet

# The flag column of the queue tables ("Let op"): a word, never colour alone.
FLAG_URGENT = "spoed"
FLAG_TRANSFERRED = "doorg."  # doorgestuurd from another domain
FLAG_LATE = "laat"  # an appointment that came late and queues as a walk-in


def cut(text: str, width: int) -> str:
    """Text that fits ``width`` cells, a cut one ending in '…' so no one reads it as whole."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…" if width > 0 else ""


def minutes(ms: int) -> int:
    return int(ms // 60_000)


def shown_minutes(wait: WaitEstimate) -> tuple[int, int] | None:
    """The range in whole minutes as it is said: widened to round numbers, never narrowed.

    Steps of 5 minutes up to an hour, of 15 up to two hours, of 30 beyond:
    precision the estimate does not have is not claimed. None: no wait at all.
    """
    if wait.at_once:
        return None
    low, high = wait.low_ms / 60_000, wait.high_ms / 60_000
    step = 5 if high <= 60 else 15 if high <= 120 else 30
    top = max(step, math.ceil(high / step) * step)
    bottom = min(math.floor(low / step) * step, top - step)
    return bottom, top


def wait_phrase(wait: WaitEstimate, about: bool = True) -> str:
    """What the host may say: 'ongeveer 15–25 minuten', 'binnen 10 minuten', 'geen wachttijd'.

    ``about=False`` leaves out 'ongeveer' where room is short (a range says it already).
    """
    shown = shown_minutes(wait)
    if shown is None:
        return "geen wachttijd"
    low, high = shown
    if low == 0:
        return f"binnen {_duration(high)}"
    prefix = "ongeveer " if about else ""
    if high <= 120:
        return f"{prefix}{low}–{high} minuten"
    return f"{prefix}{_hours(low)}–{_hours(high)} uur"


def _duration(minutes: int) -> str:
    return f"{minutes} minuten" if minutes <= 120 else f"{_hours(minutes)} uur"


def _hours(minutes: int) -> str:
    """Whole and half hours: 90 -> '1½', 120 -> '2'."""
    whole, half = divmod(minutes, 60)
    return f"{whole}{'½' if half >= 30 else ''}"


def short_minutes(ms: int) -> str:
    """Compact minutes for tables: '0 min', '12 min', '1 u 05'."""
    mins = minutes(ms)
    if mins < 60:
        return f"{mins} min"
    return f"{mins // 60} u {mins % 60:02d}"


def day_name(day: str) -> str:
    """'donderdag 19 november 2026' for '2026-11-19'."""
    return day_period(datetime.date.fromisoformat(day)).label()


def duration_phrase(ms: int) -> str:
    """A long span in words: '1 dag en 2 uur', '3 uur en 5 minuten', '35 minuten'."""
    minutes_total = max(0, ms) // 60_000
    days, rest = divmod(minutes_total, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [
        f"{days} {'dag' if days == 1 else 'dagen'}" if days else "",
        f"{hours} uur" if hours else "",
        f"{mins} {'minuut' if mins == 1 else 'minuten'}" if mins and not days else "",
    ]
    words = [part for part in parts if part] or ["minder dan een minuut"]
    return " en ".join(words)


HOW_TO_CLOSE = "Sluit af met balie close-day, of in een scherm: ctrl+p, Dag afsluiten."


def unclosed_days_names(days: list[tuple[str, int]]) -> str:
    """'donderdag 19 november 2026 (3 bezoekers nog open), ...' for (day, open) pairs."""
    named = [
        f"{day_name(day)} ({n} {'bezoeker' if n == 1 else 'bezoekers'} nog open)" if n else day_name(day)
        for day, n in days[:3]
    ]
    if len(days) > 3:
        named.append(f"nog {len(days) - 3} eerder")
    return ", ".join(named)


def unclosed_days_line(days: list[tuple[str, int]]) -> str | None:
    """What a person is told about earlier days balie did not end by itself."""
    if not days:
        return None
    verb = "is" if len(days) == 1 else "zijn"
    return f"{unclosed_days_names(days)} {verb} niet afgesloten. {HOW_TO_CLOSE}"
