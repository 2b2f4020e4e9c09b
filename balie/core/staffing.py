"""How many counters a domain needs, hour by hour, to reach its service level.

From the arrivals of the same weekday in recent weeks (per domain, per local
hour, averaged over the days that had visitors) and the domain's mean time at
the counter, Erlang C gives the share of visitors called within the
domain's ``target_minutes`` for c counters; the advice is the smallest c that
reaches the office's ``service_level_share``. Erlang C assumes visitors come
at random at that hour's rate and that every counter serves only this domain;
a counter serving two domains appears in the staffing of both. See
docs/estimate.md for how this relates to the simulated office.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from balie.core import erlang

WEEKS = 8  # how far back the same weekday is looked for
MAX_COUNTERS = 50


def counters_needed(per_hour: float, service_minutes: float, target_minutes: float, share: float) -> int:
    """The fewest counters that call ``share`` of the visitors within ``target_minutes``."""
    if per_hour <= 0:
        return 0
    load = per_hour / 60 * service_minutes
    counters = max(1, math.floor(load) + 1)
    while counters < MAX_COUNTERS and erlang.within(counters, load, service_minutes, target_minutes) < share:
        counters += 1
    return counters


@dataclass(frozen=True)
class Need:
    """One domain in one hour: arrivals per hour on such a day, and the counters they need."""

    domain: str
    hour: int
    per_hour: float
    service_minutes: float
    counters: int


@dataclass(frozen=True)
class Block:
    """Consecutive hours of a domain that need the same number of counters."""

    domain: str
    start: int  # first hour
    end: int  # the hour after the last
    counters: int
    staffed: int


@dataclass(frozen=True)
class Advice:
    day: str
    days: tuple[str, ...]  # the earlier days it is computed from
    needs: tuple[Need, ...]
    blocks: tuple[Block, ...]


class _Domain(Protocol):
    key: str
    target_minutes: int
    service_minutes: int


def advise(
    day: str,
    domains: Sequence[_Domain],
    share: float,
    days: Sequence[str],
    arrivals: Mapping[str, Mapping[str, Mapping[int, int]]],
    service_minutes: Mapping[str, float],
    staffed: Mapping[str, Sequence[str]],
) -> Advice:
    """``arrivals``: day -> domain -> local hour -> visitors; ``staffed``: counter -> domains."""
    needs = []
    for domain in domains:
        minutes = service_minutes.get(domain.key) or domain.service_minutes
        hours = sorted({h for d in days for h in arrivals.get(d, {}).get(domain.key, {})})
        for hour in hours:
            per_hour = sum(arrivals.get(d, {}).get(domain.key, {}).get(hour, 0) for d in days) / len(days)
            counters = counters_needed(per_hour, minutes, domain.target_minutes, share)
            needs.append(Need(domain.key, hour, per_hour, minutes, counters))
    counts = {d.key: sum(1 for keys in staffed.values() if d.key in keys) for d in domains}
    return Advice(day, tuple(days), tuple(needs), tuple(blocks(needs, counts)))


def blocks(needs: Sequence[Need], staffed: Mapping[str, int]) -> list[Block]:
    """Join consecutive hours of a domain with the same need."""
    found: list[Block] = []
    for need in needs:
        last = found[-1] if found else None
        if last and last.domain == need.domain and last.end == need.hour and last.counters == need.counters:
            found[-1] = Block(last.domain, last.start, need.hour + 1, last.counters, last.staffed)
        else:
            found.append(Block(need.domain, need.hour, need.hour + 1, need.counters, staffed.get(need.domain, 0)))
    return found


def block_line(block: Block, label: str) -> str:
    """'10–12 uur: 3 balies nodig voor Burgerzaken, 2 ingedeeld'."""
    counters = "1 balie" if block.counters == 1 else f"{block.counters} balies"
    return f"{block.start:02d}–{block.end:02d} uur: {counters} nodig voor {label}, {block.staffed} ingedeeld"
