"""Dutch words for what the core knows, shared by the screens and the CLI."""

from __future__ import annotations

import math

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
