"""What a wait estimate may know: the office as it is now, and its last hour.

Plain values read by ``store/waits.py`` (``store.waits.office_now``); the
estimators in ``core/estimators.py`` are pure functions of them. Where the day
has not shown its own yet (a mean service, the moment between two visitors, a
pause), a configured or usual value starts it and the day's own observations
take over as they come.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

MIN = 60_000
WINDOW_MS = 60 * MIN  # what "recent" means: the last hour
PRIOR_VISITS = 5  # a starting value weighs as this many observations
RECENT_SERVICES = 20  # the latest services that set a domain's mean
RECENT_WAITS = 5  # the latest first calls whose waits are kept
RECENT_GAPS = 50  # the latest moments between two visitors that are kept
# How far back single visits are read for the latest waits, services, gaps, and
# the last hour's calls and arrivals: an office's hour holds fewer (the scenarios
# of docs/estimate.md at most 42 calls, 84 arrivals, 67 visits in two hours),
# a day of 100x a normal one thousands (store/waits.py).
LATEST_ROWS = 100
# How many calls the queue is played forward ("forward"); a longer queue is
# extrapolated at the pace they set. The scenarios of docs/estimate.md never
# need more than 70, so there every estimate is played in full; a queue of a
# thousand costs no more than one of 80. The store reads each domain's queue this far.
CALLS_PLAYED = 80
GAP_S = 30  # between finishing one visitor and calling the next, before the day shows its own
PAUSE_MINUTES = 20  # a pause, before today's pauses show how long they last


@dataclass(frozen=True, slots=True)
class CounterNow:
    """A counter as the store sees it now."""

    name: str
    domains: frozenset[str]
    serving: str | None = None  # the domain of the visitor at the counter
    since_ms: int | None = None  # ... called (or called again) then
    paused: bool = False
    paused_ms: int | None = None  # when the current pause began
    present: bool = True  # in today's stand-up staffing, or active in the last hour

    @property
    def busy(self) -> bool:
        return self.serving is not None


class Queued(NamedTuple):
    """A waiting visitor, by the queue rule's key (``core.queue.queue_key``).

    A named tuple: the store makes hundreds on every reload of a long queue.
    """

    domain: str
    urgent: bool
    queue_ms: int
    id: int

    @property
    def key(self) -> tuple[int, int, int]:
        return (0 if self.urgent else 1, self.queue_ms, self.id)


@dataclass(frozen=True, slots=True)
class LastHour:
    """One domain's last hour."""

    calls: int = 0  # first calls
    first_call_ms: int | None = None
    callers: frozenset[str] = frozenset()  # counters that made them
    waits: tuple[int, ...] = ()  # the waits of the latest first calls (``RECENT_WAITS``), oldest first
    services: tuple[int, ...] = ()  # the latest visits' times at the counter (``RECENT_SERVICES``)
    arrivals: int = 0


@dataclass(frozen=True)
class OfficeNow:
    now_ms: int
    service_minutes: Mapping[str, float]  # configured per domain
    waiting: Mapping[str, int] = field(default_factory=dict)  # ahead of a walk-in joining now
    # Who waits, in queue order: everyone, or at least the first CALLS_PLAYED of each domain.
    queue: tuple[Queued, ...] = ()
    queued: Mapping[str, int] = field(default_factory=dict)  # how many wait per domain (empty: all in queue)
    counters: tuple[CounterNow, ...] = ()
    hour: Mapping[str, LastHour] = field(default_factory=dict)
    calls_by: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (counter, domain) first calls
    pauses: Sequence[int] = ()  # how long today's finished pauses lasted (ms)
    gaps: Sequence[int] = ()  # the last hour's moments from a finish to the next call (ms)

    def serving(self, domain: str) -> list[CounterNow]:
        """Counters calling this domain now: present and not paused."""
        return [c for c in self.counters if domain in c.domains and c.present and not c.paused]

    def free(self, domain: str) -> int:
        return sum(1 for c in self.serving(domain) if not c.busy)

    def last_hour(self, domain: str) -> LastHour:
        return self.hour.get(domain, _QUIET)

    def mean_service_ms(self, domain: str) -> float:
        prior = self.service_minutes.get(domain, 6) * MIN
        return _blend(prior, self.last_hour(domain).services[-RECENT_SERVICES:])

    def gap_ms(self) -> float:
        return _blend(GAP_S * 1000, self.gaps)

    def pause_ms(self) -> float:
        return _blend(PAUSE_MINUTES * MIN, self.pauses, weight=1)



_QUIET = LastHour()


def _blend(start: float, seen: Sequence[float], weight: int = PRIOR_VISITS) -> float:
    """A starting value outweighed by observations as they come."""
    return (weight * start + sum(seen)) / (weight + len(seen))
