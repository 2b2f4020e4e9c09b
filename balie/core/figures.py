"""The figures of a period (a day, a week, a year): defined once, here.

The store computes the same figures with SQL aggregates for speed
(``store.reports.period``); ``report_from_visits`` is the plain-Python
reference it is tested against. Screens, the CLI and the dagstart only show
a ``PeriodReport``.

Definitions (every count is over the visits whose local ``day`` lies in the
period; quick answers at the desk are not visits):

- **Visitor**: one registered visit (one ticket). It counts for the domain in
  the ``domain`` column, i.e. where the visit *ended*: after a correction at
  the desk or a transfer at a counter, the visitor belongs to the new domain
  (never grouped by ticket prefix: a "B001" may end at Vergunningen). A
  transferred visitor is still one visitor, counted once.
- **Wait**: from the wait start to the FIRST call (``called_ms`` is the first
  call and never moves). The wait start is the arrival, or the appointment
  time for someone who came early for an appointment
  (``core.visits.wait_start_ms``). Since the queue place of an early or
  on-time appointment is its appointment time and otherwise the arrival,
  this equals ``max(arrived_ms, queue_ms)``, which the store uses. Only
  visitors who were called have a wait ("waits counted"): no-shows count
  (they were called), visitors who left before being called or were never
  called do not. A wait is never negative.
- **Mean / median / max wait** over the counted waits; the median of an even
  count is the mean of the two middle waits.
- **90th percentile**: nearest rank (``core.stats``): the smallest counted
  wait with at least 90 % of the waits at or below it; a wait that happened.
- **Service level**: share of the counted waits at or within the target of
  the visitor's domain (``target_minutes``). For the total, each wait is held
  against its own domain's target (a domain no longer configured: the
  default 10 minutes). Visitors who left or were never called are not in it;
  they are reported as *left* and *unserved*.
- **No-shows**: visits whose final state is ``no_show`` (called, did not
  come; one who turned up after all is no longer a no-show).
- **Left**: left before being called (state ``left``).
- **Unserved**: still waiting (or at a counter, never finished) when their
  day ended: state ``unserved``, or ``waiting``/``called`` on a day before
  today. Today's waiting and called visitors are in none of these counts.
- **Transfers**: visitors transferred to another domain at least once,
  counted in the domain where they ended (see *Visitor*).
- **Handled / referred / call-back**: finished visits by outcome; the share
  handled at the front is handled / (handled + referred + call-back).
- **Service time**: first call to finish, over finished visitors who were
  never transferred (for a transferred visitor it would include the second
  wait).
- **Per hour** of the local day of arrival: arrivals, and the mean counted
  wait of those who arrived in that hour.
- **Top topics**: the topics of visits and of quick answers, most used first
  (ties alphabetically), exactly as typed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

from balie.core.stats import Additive, count_within_sorted, median_sorted, percentile_sorted
from balie.core.visits import Outcome, State, Visit, wait_start_ms

DEFAULT_TARGET_MS = 10 * 60_000
TOP_TOPICS = 10


@dataclass(frozen=True)
class Counts(Additive):
    """The additive part of the figures of a domain (or of several)."""

    visitors: int = 0
    no_shows: int = 0
    left: int = 0
    unserved: int = 0
    transfers: int = 0
    handled: int = 0
    referred: int = 0
    callback: int = 0
    service_ms_total: int = 0
    services: int = 0  # finished visits in service_ms_total


@dataclass(frozen=True)
class Figures:
    """What the team leader reads for one domain, or the total, over a period."""

    visitors: int
    waits_counted: int
    mean_wait_ms: float | None
    median_wait_ms: float | None
    p90_wait_ms: float | None
    max_wait_ms: float | None
    service_level: float | None  # 0..1
    within_target: int  # counted waits at or within target
    no_shows: int
    left: int
    unserved: int
    transfers: int
    handled: int
    referred: int
    callback: int
    mean_service_ms: float | None

    @property
    def finished(self) -> int:
        return self.handled + self.referred + self.callback

    @property
    def front_share(self) -> float | None:
        """Share of finished visits handled at the front (0..1)."""
        return self.handled / self.finished if self.finished else None

    @property
    def referred_share(self) -> float | None:
        return self.referred / self.finished if self.finished else None

    @property
    def callback_share(self) -> float | None:
        return self.callback / self.finished if self.finished else None


@dataclass(frozen=True)
class HourFigures:
    hour: int  # local hour of the day of arrival, 0..23
    arrivals: int
    waits_counted: int
    wait_ms_total: int

    @property
    def mean_wait_ms(self) -> float | None:
        return self.wait_ms_total / self.waits_counted if self.waits_counted else None


@dataclass(frozen=True)
class PeriodReport:
    first_day: str  # 'YYYY-MM-DD', inclusive
    last_day: str
    by_domain: dict[str, Figures]  # configured domains in config order, then others
    total: Figures
    hours: tuple[HourFigures, ...]  # consecutive hours, first to last with arrivals
    top_topics: list[tuple[str, int]]
    quick_answers: int  # questions answered at the desk without a ticket


def figures(counts: Counts, waits: Sequence[int], within_target: int) -> Figures:
    """Assemble the figures from the counts and the counted waits in ascending order."""
    n = len(waits)
    return Figures(
        visitors=counts.visitors,
        waits_counted=n,
        mean_wait_ms=sum(waits) / n if n else None,
        median_wait_ms=median_sorted(waits),
        p90_wait_ms=percentile_sorted(waits, 90),
        max_wait_ms=waits[-1] if n else None,
        service_level=within_target / n if n else None,
        within_target=within_target,
        no_shows=counts.no_shows,
        left=counts.left,
        unserved=counts.unserved,
        transfers=counts.transfers,
        handled=counts.handled,
        referred=counts.referred,
        callback=counts.callback,
        mean_service_ms=counts.service_ms_total / counts.services if counts.services else None,
    )


def period_figures(
    parts: Mapping[str, tuple[Counts, Sequence[int]]],
    targets_ms: Mapping[str, int],
    order: Sequence[str] = (),
) -> tuple[dict[str, Figures], Figures]:
    """Per domain and in total, from each domain's counts and ascending waits.

    ``order``: the configured domain keys; they always appear (a quiet domain
    shows zeros), in that order, followed by any other domain in the data.
    """
    keys = list(order) + sorted(k for k in parts if k not in order)
    by_domain: dict[str, Figures] = {}
    total_counts = Counts()
    within_total = 0
    for key in keys:
        counts, waits = parts.get(key, (Counts(), []))
        within = count_within_sorted(waits, targets_ms.get(key, DEFAULT_TARGET_MS))
        by_domain[key] = figures(counts, waits, within)
        total_counts += counts
        within_total += within
    # Sorting the joined ascending runs is a merge for timsort, and faster than heapq.merge.
    all_waits = sorted(chain.from_iterable(parts[k][1] for k in keys if k in parts))
    return by_domain, figures(total_counts, all_waits, within_total)


def period_report(
    first_day: str,
    last_day: str,
    parts: Mapping[str, tuple[Counts, Sequence[int]]],
    targets_ms: Mapping[str, int],
    order: Sequence[str],
    hours: Iterable[tuple[int, int, int, int]],
    topics: Iterable[tuple[str, int]],
    quick_answers: int,
) -> PeriodReport:
    """The report from per-domain counts and ascending waits, (local hour, arrivals,
    waits counted, wait total) rows and (topic, count) rows."""
    by_domain, total = period_figures(parts, targets_ms, order)
    return PeriodReport(
        first_day=first_day,
        last_day=last_day,
        by_domain=by_domain,
        total=total,
        hours=hour_figures(hours),
        top_topics=top_topics(topics),
        quick_answers=quick_answers,
    )


def hour_figures(rows: Iterable[tuple[int, int, int, int]]) -> tuple[HourFigures, ...]:
    """(hour, arrivals, waits counted, wait total) rows, summed per hour, gaps filled."""
    summed: dict[int, list[int]] = {}
    for hour, arrivals, counted, total in rows:
        entry = summed.setdefault(hour, [0, 0, 0])
        entry[0] += arrivals
        entry[1] += counted
        entry[2] += total or 0
    if not summed:
        return ()
    return tuple(
        HourFigures(hour, *summed.get(hour, (0, 0, 0)))
        for hour in range(min(summed), max(summed) + 1)
    )


def top_topics(counts: Iterable[tuple[str, int]], limit: int = TOP_TOPICS) -> list[tuple[str, int]]:
    """Most used first, ties alphabetically; counts of the same topic are summed."""
    summed: Counter[str] = Counter()
    for topic, count in counts:
        summed[topic] += count
    return sorted(summed.items(), key=lambda item: (-item[1], item[0]))[:limit]


# -- the reference: the same figures from plain visits ------------------------


def counted_wait_ms(visit: Visit) -> int | None:
    """The wait that counts: wait start to first call; None if never called."""
    if visit.called_ms is None:
        return None
    return max(0, visit.called_ms - wait_start_ms(visit.kind, visit.arrived_ms, visit.appointment_ms))


def is_unserved(state: str, day: str, today: str) -> bool:
    """Still waiting or at a counter when their day was over."""
    return state == State.UNSERVED or (state in (State.WAITING, State.CALLED) and day < today)


def visit_counts(visit: Visit, today: str) -> Counts:
    """One visit as counts (summing these gives a domain's counts)."""
    finished = visit.state == State.FINISHED
    timed = finished and visit.transferred_from is None and visit.called_ms is not None
    return Counts(
        visitors=1,
        no_shows=int(visit.state == State.NO_SHOW),
        left=int(visit.state == State.LEFT),
        unserved=int(is_unserved(visit.state, visit.day, today)),
        transfers=int(visit.transferred_from is not None),
        handled=int(finished and visit.outcome == Outcome.HANDLED),
        referred=int(finished and visit.outcome == Outcome.REFERRED),
        callback=int(finished and visit.outcome == Outcome.CALLBACK),
        # Never negative, even for times a clock set back wrote before balie refused that.
        service_ms_total=max(0, (visit.finished_ms or 0) - (visit.called_ms or 0)) if timed else 0,
        services=int(timed),
    )


def report_from_visits(
    visits: Iterable[Visit],
    first_day: str,
    last_day: str,
    today: str,
    targets_ms: Mapping[str, int],
    hour_of: Callable[[int], int],
    order: Sequence[str] = (),
    quick_answer_topics: Sequence[str | None] = (),
) -> PeriodReport:
    """The figures of a period from plain visits: the definition, written out.

    ``hour_of`` gives the local hour of an epoch-ms moment; ``quick_answer_topics``
    has one entry per quick answer in the period (None: no topic).
    """
    counts: dict[str, Counts] = {}
    waits: dict[str, list[int]] = {}
    hours: list[tuple[int, int, int, int]] = []
    topics: list[tuple[str, int]] = []
    for visit in visits:
        if not first_day <= visit.day <= last_day:
            continue
        counts[visit.domain] = counts.get(visit.domain, Counts()) + visit_counts(visit, today)
        wait = counted_wait_ms(visit)
        waits.setdefault(visit.domain, [])
        if wait is not None:
            waits[visit.domain].append(wait)
        hours.append((hour_of(visit.arrived_ms), 1, int(wait is not None), wait or 0))
        if visit.topic:
            topics.append((visit.topic, 1))
    topics += [(topic, 1) for topic in quick_answer_topics if topic]
    parts = {key: (counts[key], sorted(waits[key])) for key in counts}
    return period_report(
        first_day, last_day, parts, targets_ms, order, hours, topics, len(quick_answer_topics)
    )
