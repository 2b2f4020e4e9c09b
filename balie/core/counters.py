"""Counters ("Balie 3"): their names, their domains and a summary of their day."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from balie.core.visits import required_text
from balie.errors import BalieError

MAX_COUNTER_NAME = 40

# Event types that end a counter's part in a visit, with how the day summary says them.
DONE_EVENTS = {"finish": "geholpen", "no_show": "niet verschenen", "transfer": "doorgestuurd"}


class _Domain(Protocol):
    key: str


class _Domains(Protocol):
    domains: Sequence[_Domain]

    def domain(self, key: str) -> Any: ...


def counter_name(text: str | None) -> str:
    """A counter's name as shown on the board; it is also the actor in the event log."""
    return required_text(text, MAX_COUNTER_NAME, 'Geef de naam van de balie op, bijvoorbeeld "Balie 3".')


def counter_domains(config: _Domains, keys: str | Iterable[str] | None) -> list[str]:
    """Domain keys from 'burgerzaken,S' (keys, prefixes or labels); all domains when empty."""
    if keys is None:
        return [d.key for d in config.domains]
    parts = keys.split(",") if isinstance(keys, str) else list(keys)
    chosen: list[str] = []
    for part in parts:
        if part.strip():
            key = config.domain(part).key
            if key not in chosen:
                chosen.append(key)
    if not chosen:
        raise BalieError("Kies minstens één domein voor deze balie.")
    return chosen


def day_summary(log: Iterable[dict[str, Any]]) -> dict[str, int]:
    """How many visits a counter finished, marked no-show and transferred."""
    counts = dict.fromkeys(DONE_EVENTS, 0)
    for entry in log:
        if entry["type"] in counts:
            counts[entry["type"]] += 1
    return counts
