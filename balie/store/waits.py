"""Reads behind the expected wait and the staffing advice.

``office_now`` gathers, in a handful of queries over today's rows, what the
estimators in ``core/estimate.py`` may know; ``arrivals_by_hour`` is the
history the staffing advice (``core/staffing.py``) is computed from.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from balie.clock import local_time_on, to_ms
from balie.config import Config
from balie.core.office_now import WINDOW_MS, CounterNow, OfficeNow, Queued, RecentCall
from balie.core.queue import in_queue_order
from balie.core.staffing import WEEKS, Advice, advise
from balie.core.visits import Visit, wait_start_ms
from balie.store.reports import local_hour

if TYPE_CHECKING:
    from balie.store.database import Store

_PAUSED = "counter_paused:"  # meta key prefix of a paused counter (see Store.set_counter_paused)

# Today's rows that tell something about the last hour.
_RECENT_SQL = """
SELECT domain, kind, state, counter, arrived_ms, appointment_ms, called_ms, finished_ms,
       requeued_ms, transferred_from
FROM visits
WHERE day = :day AND (arrived_ms >= :since OR called_ms >= :since OR finished_ms >= :since)
"""
# Who is at a counter now, and since their latest call there.
_AT_COUNTERS_SQL = """
SELECT v.counter, v.domain, max(e.at_ms) FROM visits v JOIN events e ON e.visit_id = v.id
WHERE v.day = ? AND v.state = 'called' AND v.counter IS NOT NULL
  AND e.type IN ('call', 'call_out_of_order')
GROUP BY v.id
"""


class WaitsStore:
    def office_now(self: Store, config: Config, waiting: Sequence[Visit] | None = None) -> OfficeNow:
        """The office as the wait estimate sees it: queues, counters, the last hour."""
        now_ms, day = self._now()
        since = now_ms - WINDOW_MS
        if waiting is None:
            waiting = self.waiting()
        with self._errors():
            rows = self.conn.execute(_RECENT_SQL, {"day": day, "since": since}).fetchall()
            at_counters = self.conn.execute(_AT_COUNTERS_SQL, (day,)).fetchall()
            paused = {
                key[len(_PAUSED):]
                for key, value in self.conn.execute(
                    "SELECT key, value FROM meta WHERE key >= ? AND key < ?", (_PAUSED, _PAUSED[:-1] + ";")
                )
                if value == "1"
            }
            pause_log = self.conn.execute(
                "SELECT actor, type, at_ms FROM events WHERE visit_id IS NULL "
                "AND type IN ('pause', 'resume') AND at_ms >= ? ORDER BY id",
                (to_ms(local_time_on(day, "00:00")),),
            ).fetchall()
            staffed = {
                counter: frozenset(d for d in domains.split(",") if d)
                for counter, domains in self.conn.execute(
                    "SELECT counter, domains FROM standup_staffing WHERE day = ?", (day,)
                )
            }
        pauses, paused_since = _pauses(pause_log)
        ongoing = {counter: [(at, now_ms)] for counter, at in paused_since.items()}
        hour = _LastHour(since, {c: pauses.get(c, []) + ongoing.get(c, []) for c in {*pauses, *ongoing}})
        for row in rows:
            hour.add(*row)
        busy = {counter: (domain, at) for counter, domain, at in at_counters}
        seen = hour.seen
        for counter, (domain, _) in busy.items():
            seen[counter].add(domain)
        counters = tuple(
            CounterNow(
                name=name,
                domains=staffed.get(name, frozenset()) | frozenset(seen.get(name, ())),
                serving=busy[name][0] if name in busy else None,
                since_ms=busy[name][1] if name in busy else None,
                paused=name in paused,
                paused_ms=paused_since.get(name),
                present=name in staffed or name in seen,
            )
            for name in sorted(set(staffed) | set(seen) | paused)
        )
        ahead: dict[str, int] = defaultdict(int)
        for visit in waiting:
            if visit.urgent or visit.queue_ms <= now_ms:  # a later appointment is not ahead
                ahead[visit.domain] += 1
        return OfficeNow(
            now_ms=now_ms,
            service_minutes={d.key: d.service_minutes for d in config.domains},
            waiting=dict(ahead),
            queue=tuple(Queued(v.domain, v.urgent, v.queue_ms, v.id) for v in in_queue_order(waiting)),
            counters=counters,
            calls=tuple(sorted(hour.calls, key=lambda call: call.called_ms)),
            services={d: [ms for _, ms in sorted(found)] for d, found in hour.services.items()},
            arrivals=dict(hour.arrivals),
            pauses=tuple(end - start for spans in pauses.values() for start, end in spans),
            gaps=tuple(hour.gaps()),
        )

    # -- staffing ------------------------------------------------------------

    def staffing_advice(self: Store, config: Config, day: str, weeks: int = WEEKS) -> Advice:
        """Counters needed per domain and hour on ``day``, beside that day's stand-up staffing.

        What the dagstart and the report show; ``balie staffing`` prints it.
        """
        days = self.days_like(day, weeks)
        return advise(
            day, config.domains, config.service_level_share, days,
            self.arrivals_by_hour(days), self.mean_service_minutes(days), self.staffed_on(day),
        )

    def arrivals_by_hour(self: Store, days: Sequence[str]) -> dict[str, dict[str, dict[int, int]]]:
        """Per day, per domain, per local hour: how many arrived (the domain they came for)."""
        found: dict[str, dict[str, dict[int, int]]] = {}
        with self._errors():
            rows = self.conn.execute(
                "SELECT day, coalesce(transferred_from, domain), arrived_ms FROM visits "
                "WHERE day IN (SELECT value FROM json_each(?))",
                (json_list(days),),
            ).fetchall()
        for day, domain, arrived in rows:
            hours = found.setdefault(day, {}).setdefault(domain, {})
            hour = local_hour(arrived)
            hours[hour] = hours.get(hour, 0) + 1
        return found

    def days_like(self: Store, day: str, weeks: int) -> list[str]:
        """The same weekday in the ``weeks`` weeks before ``day`` that had visitors."""
        first = datetime.date.fromisoformat(day)
        wanted = [(first - datetime.timedelta(weeks=n)).isoformat() for n in range(1, weeks + 1)]
        with self._errors():
            rows = self.conn.execute(
                "SELECT DISTINCT day FROM visits WHERE day IN (SELECT value FROM json_each(?))",
                (json_list(wanted),),
            ).fetchall()
        return sorted(row[0] for row in rows)

    def staffed_on(self: Store, day: str) -> dict[str, list[str]]:
        """The stand-up's counters of a day and their domains."""
        with self._errors():
            rows = self.conn.execute(
                "SELECT counter, domains FROM standup_staffing WHERE day = ? ORDER BY counter", (day,)
            ).fetchall()
        return {counter: [d for d in domains.split(",") if d] for counter, domains in rows}

    def mean_service_minutes(self: Store, days: Sequence[str]) -> dict[str, float]:
        """Per domain the mean time at the counter over these days (finished, not sent on)."""
        with self._errors():
            rows = self.conn.execute(
                "SELECT domain, avg(finished_ms - called_ms) FROM visits "
                "WHERE day IN (SELECT value FROM json_each(?)) AND state = 'finished' "
                "AND transferred_from IS NULL AND called_ms IS NOT NULL GROUP BY domain",
                (json_list(days),),
            ).fetchall()
        return {domain: ms / 60_000 for domain, ms in rows if ms}


class _LastHour:
    """What today's rows tell about the last hour, gathered in one pass."""

    def __init__(self, since: int, pause_spans: dict[str, list[tuple[int, int]]]) -> None:
        self.since = since
        self.pause_spans = pause_spans
        self.calls: list[RecentCall] = []
        self.services: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.arrivals: dict[str, int] = defaultdict(int)
        self.seen: dict[str, set[str]] = defaultdict(set)  # counter -> domains it served lately
        self.visits_at: dict[str, list[tuple[int, int, int | None]]] = defaultdict(list)

    def add(self, domain, kind, state, counter, arrived, appointment, called, finished, requeued,
            moved_from) -> None:
        since = self.since
        if arrived >= since:
            self.arrivals[domain] += 1
        if called is not None and called >= since:
            # A visitor sent on after their call was first called in the old domain.
            first = moved_from if moved_from and requeued is not None else domain
            wait = max(0, called - wait_start_ms(kind, arrived, appointment))
            self.calls.append(RecentCall(first, counter, called, wait))
            if counter:
                self.seen[counter].add(first)
        if counter is None or called is None or requeued is not None:
            return  # below: one uninterrupted visit at one counter
        done = finished if state in ("finished", "no_show") else None
        self.visits_at[counter].append((called, arrived, done))
        if state == "finished" and finished >= since:
            self.services[domain].append((finished, finished - called))
            self.seen[counter].add(domain)

    def gaps(self) -> list[int]:
        """A counter's moments from finishing one visitor to calling the next who was
        already waiting; a pause in between is not such a moment."""
        found = []
        for counter, visits in self.visits_at.items():
            visits.sort()
            pauses = self.pause_spans.get(counter, [])
            for (_, _, done), (called, arrived, _) in zip(visits, visits[1:]):
                if done is None or not self.since <= done <= called or arrived > done:
                    continue
                if not any(start < called and end > done for start, end in pauses):
                    found.append(called - done)
        return found


def _pauses(log: Sequence[tuple[str, str, int]]) -> tuple[dict[str, list[tuple[int, int]]], dict[str, int]]:
    """Per counter today's finished pauses as (from, to), and when the pauses still going began."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    began: dict[str, int] = {}
    for counter, kind, at in log:
        if kind == "pause":
            began.setdefault(counter, at)
        elif counter in began:
            spans[counter].append((began.pop(counter), at))
    return spans, began


def json_list(values: Sequence[str]) -> str:
    import json

    return json.dumps(list(values))
