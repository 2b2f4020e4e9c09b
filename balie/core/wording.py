"""Dutch words for what the core knows, shared by the screens and the CLI."""

from __future__ import annotations

import math

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


def wait_phrase(ms: int) -> str:
    """An honest, rounded wait to say out loud: 'ongeveer 10 minuten'."""
    if ms <= 0:
        return "geen wachttijd"
    mins = ms / 60_000
    if mins < 3:
        return "enkele minuten"
    rounded = int(math.ceil(mins / 5) * 5)
    if rounded < 60:
        return f"ongeveer {rounded} minuten"
    quarters = int(math.ceil(mins / 15))
    hours, rest = divmod(quarters * 15, 60)
    hour_word = "uur"
    return f"ongeveer {hours} {hour_word}" + (f" en {rest} minuten" if rest else "")


def short_minutes(ms: int) -> str:
    """Compact minutes for tables: '0 min', '12 min', '1 u 05'."""
    mins = minutes(ms)
    if mins < 60:
        return f"{mins} min"
    return f"{mins // 60} u {mins % 60:02d}"
