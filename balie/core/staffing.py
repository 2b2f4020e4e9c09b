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
import statistics
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
    day: str  # the day advised, or the first day of a period looked back on
    days: tuple[str, ...]  # the days it is computed from
    needs: tuple[Need, ...]
    blocks: tuple[Block, ...]
    last_day: str | None = None  # a period looked back on: its last day

    @property
    def short(self) -> tuple[Block, ...]:
        """The hours that need more counters than were (typically) staffed."""
        return tuple(block for block in self.blocks if block.staffed < block.counters)


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
    staffed: Mapping[str, int],
    last_day: str | None = None,
) -> Advice:
    """``arrivals``: day -> domain -> local hour -> visitors; ``staffed``: domain -> counters
    (``counters_per_domain`` of a stand-up, ``typical_counters`` over a period)."""
    needs = []
    for domain in domains:
        minutes = service_minutes.get(domain.key) or domain.service_minutes
        hours = sorted({h for d in days for h in arrivals.get(d, {}).get(domain.key, {})})
        for hour in hours:
            per_hour = sum(arrivals.get(d, {}).get(domain.key, {}).get(hour, 0) for d in days) / len(days)
            counters = counters_needed(per_hour, minutes, domain.target_minutes, share)
            needs.append(Need(domain.key, hour, per_hour, minutes, counters))
    return Advice(day, tuple(days), tuple(needs), tuple(blocks(needs, staffed)), last_day)


def counters_per_domain(staffed: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """counter -> its domains, as domain -> counters: a counter for two domains counts in both."""
    counts: dict[str, int] = {}
    for keys in staffed.values():
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return counts


def typical_counters(days: Sequence[Mapping[str, Sequence[str]]]) -> dict[str, int]:
    """Over the stand-ups of a period, the counters a domain usually had: the lower median
    (a number of counters that was really staffed; a day without the domain counts as 0)."""
    if not days:
        return {}
    per_day = [counters_per_domain(staffed) for staffed in days]
    keys = {key for counts in per_day for key in counts}
    return {key: statistics.median_low(counts.get(key, 0) for counts in per_day) for key in keys}


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


def balies(count: int) -> str:
    return "1 balie" if count == 1 else f"{count} balies"


def block_line(block: Block, label: str) -> str:
    """'10–12 uur: 3 balies nodig voor Burgerzaken, 2 ingedeeld: 1 te weinig'.

    The shortage is said in words, so it does not rest on a colour."""
    line = f"{block.start:02d}–{block.end:02d} uur: {balies(block.counters)} nodig voor {label}, {block.staffed} ingedeeld"
    if block.staffed < block.counters:
        line += f": {block.counters - block.staffed} te weinig"
    return line


@dataclass(frozen=True)
class DomainSummary:
    """One domain's advice on one line: what the stand-up and the report show."""

    domain: str
    fewest: int  # counters needed in its quietest hour with visitors
    most: int  # in its busiest hour
    staffed: int
    short: tuple[tuple[int, int], ...]  # the hours that need more than ``staffed``


def spans(blocks: Sequence[Block]) -> tuple[tuple[int, int], ...]:
    """Hours of blocks as (start, end), touching ones joined."""
    found: list[tuple[int, int]] = []
    for block in blocks:
        if found and found[-1][1] == block.start:
            found[-1] = (found[-1][0], block.end)
        else:
            found.append((block.start, block.end))
    return tuple(found)


def spans_text(hours: Sequence[tuple[int, int]]) -> str:
    """'10–12, 14–15 uur'."""
    return ", ".join(f"{start:02d}–{end:02d}" for start, end in hours) + " uur"


def summarise(advice: Advice) -> list[DomainSummary]:
    """Per domain, in the advice's order: the range of counters needed and the hours
    the staffing falls short."""
    found = []
    domains = list(dict.fromkeys(block.domain for block in advice.blocks))
    for domain in domains:
        own = [block for block in advice.blocks if block.domain == domain]
        found.append(DomainSummary(
            domain,
            fewest=min(block.counters for block in own),
            most=max(block.counters for block in own),
            staffed=own[0].staffed,
            short=spans([block for block in own if block.staffed < block.counters]),
        ))
    return found
