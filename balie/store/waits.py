"""Reads behind the expected wait: what the host and the board tell a visitor.

``office_now`` gathers, in a handful of queries over today's rows, what the
estimators in ``core/estimate.py`` may know.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from balie.clock import local_time_on, to_ms
from balie.config import Config
from balie.core.estimate import WaitEstimate, estimate
from balie.core.office_now import (
    LATEST_ROWS,
    RECENT_GAPS,
    RECENT_SERVICES,
    RECENT_WAITS,
    WINDOW_MS,
    CounterNow,
    LastHour,
    OfficeNow,
    Queued,
)
from balie.core.queue import in_queue_order
from balie.core.visits import Visit
from balie.store.counter import PAUSE_KEY
from balie.store.database import Database
from balie.store.queue import Queue
from balie.store.reports import WAIT_SQL

# The domain a visitor was first called for: the old one when sent on after that call.
_FIRST = "CASE WHEN transferred_from IS NOT NULL AND requeued_ms IS NOT NULL THEN transferred_from ELSE domain END"
# One uninterrupted visit at one counter: its call and its end are this counter's.
_PLAIN = "counter IS NOT NULL AND called_ms IS NOT NULL AND requeued_ms IS NULL"

# The last hour. At 100x a normal day it holds thousands of calls: counts are
# made in SQL, and single visits are read only as far back as needed (the
# newest first, along the indexes on (day, called_ms) and (day, finished_ms)).
_CALLS_SQL = f"""
SELECT {_FIRST} AS first, counter, count(*), min(called_ms) FROM visits
WHERE day = :day AND called_ms >= :since GROUP BY first, counter
"""
_LATEST_CALLS_SQL = f"""
SELECT {_FIRST}, {WAIT_SQL} FROM visits
WHERE day = :day AND called_ms >= :since ORDER BY called_ms DESC LIMIT {LATEST_ROWS}
"""
_LATEST_SERVICES_SQL = f"""
SELECT domain, counter, finished_ms - called_ms FROM visits
WHERE day = :day AND finished_ms >= :since AND state = 'finished' AND {_PLAIN}
ORDER BY finished_ms DESC LIMIT {LATEST_ROWS}
"""
# A counter's visits, newest first, for the moments between them (the visit
# before the hour counts: its finish may fall in the hour).
_LATEST_VISITS_SQL = f"""
SELECT counter, called_ms, max(arrived_ms, queue_ms),
       CASE WHEN state IN ('finished', 'no_show') THEN finished_ms END
FROM visits WHERE day = :day AND called_ms >= :since - {WINDOW_MS} AND {_PLAIN}
ORDER BY called_ms DESC LIMIT {LATEST_ROWS}
"""
# Registrations in the hour: ids grow with the time of registration (both are
# taken under the write lock), so they are the newest rows.
_ARRIVALS_SQL = """
SELECT domain, count(*) FROM visits
WHERE id > coalesce((SELECT id FROM visits WHERE arrived_ms < :since ORDER BY id DESC LIMIT 1), 0)
  AND day = :day GROUP BY domain
"""
# Who is at a counter now, and since their latest call there.
_AT_COUNTERS_SQL = """
SELECT v.counter, v.domain, max(e.at_ms) FROM visits v JOIN events e ON e.visit_id = v.id
WHERE v.day = :day AND v.state IN ('waiting', 'called') AND v.state = 'called'
  AND v.counter IS NOT NULL AND e.type IN ('call', 'call_out_of_order')
GROUP BY v.id
"""


class Waits:
    """The office as the wait estimate sees it, and the wait it tells."""

    def __init__(self, database: Database, queue: Queue) -> None:
        self.database = database
        self.queue = queue

    def outlook(self, visit: Visit, config: Config) -> tuple[int, WaitEstimate]:
        """(people ahead, the wait estimate) for a waiting visitor, to say out loud."""
        waiting = self.queue.waiting()
        queue = [v for v in waiting if v.domain == visit.domain]
        ahead = next((i for i, v in enumerate(queue) if v.id == visit.id), len(queue))
        return ahead, estimate(self.office_now(config, waiting), visit.domain, ahead)

    def office_now(self, config: Config, waiting: Sequence[Visit] | None = None) -> OfficeNow:
        """The office as the wait estimate sees it: queues, counters, the last hour."""
        now_ms, day = self.database.now()
        if waiting is None:
            waiting = self.queue.waiting()
        at = {"day": day, "since": now_ms - WINDOW_MS}
        with self.database.errors():
            conn = self.database.conn
            calls = conn.execute(_CALLS_SQL, at).fetchall()
            latest_calls = conn.execute(_LATEST_CALLS_SQL, at).fetchall()
            services = conn.execute(_LATEST_SERVICES_SQL, at).fetchall()
            arrivals = dict(conn.execute(_ARRIVALS_SQL, at).fetchall())
            visits_at = conn.execute(_LATEST_VISITS_SQL, at).fetchall()
            at_counters = conn.execute(_AT_COUNTERS_SQL, at).fetchall()
            paused = {
                key[len(PAUSE_KEY):]
                for key, value in conn.execute(
                    "SELECT key, value FROM meta WHERE key >= ? AND key < ?", (PAUSE_KEY, PAUSE_KEY[:-1] + ";")
                )
                if value == "1"
            }
            pause_log = conn.execute(
                "SELECT actor, type, at_ms FROM events WHERE visit_id IS NULL "
                "AND type IN ('pause', 'resume') AND at_ms >= ? ORDER BY id",
                (to_ms(local_time_on(day, "00:00")),),
            ).fetchall()
            staffed = {
                counter: frozenset(d for d in domains.split(",") if d)
                for counter, domains in conn.execute(
                    "SELECT counter, domains FROM standup_staffing WHERE day = ?", (day,)
                )
            }
        pauses, paused_since = _pauses(pause_log)
        seen: dict[str, set[str]] = defaultdict(set)  # counter -> domains it served lately
        for domain, counter, *_ in (*calls, *services):
            if counter:
                seen[counter].add(domain)
        busy = {counter: (domain, since) for counter, domain, since in at_counters}
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
            hour=_last_hours(calls, latest_calls, services, arrivals),
            calls_by={(counter, domain): n for domain, counter, n, _ in calls if counter},
            pauses=tuple(end - start for spans in pauses.values() for start, end in spans),
            gaps=tuple(_gaps(visits_at, at["since"], pauses)),
        )


def _last_hours(calls, latest_calls, services, arrivals) -> dict[str, LastHour]:
    """Per domain its :class:`LastHour` from what was read (the latest rows newest first)."""
    made = defaultdict(int)
    first: dict[str, int] = {}
    callers = defaultdict(set)
    for domain, counter, n, at in calls:
        made[domain] += n
        first[domain] = min(at, first.get(domain, at))
        if counter:
            callers[domain].add(counter)
    recent, took = defaultdict(list), defaultdict(list)
    for domain, wait in latest_calls:
        if len(recent[domain]) < RECENT_WAITS:
            recent[domain].append(wait)
    for domain, _, ms in services:
        if len(took[domain]) < RECENT_SERVICES:
            took[domain].append(ms)
    return {
        domain: LastHour(
            calls=made[domain], first_call_ms=first.get(domain), callers=frozenset(callers[domain]),
            waits=tuple(reversed(recent[domain])), services=tuple(reversed(took[domain])),
            arrivals=arrivals.get(domain, 0),
        )
        for domain in {*made, *took, *arrivals}
    }


def _gaps(visits, since: int, pauses: dict[str, list[tuple[int, int]]]) -> list[int]:
    """A counter's moments from finishing one visitor to calling the next who was already
    waiting, newest first; a pause between the two is no such moment."""
    found = []
    latest: dict[str, tuple[int, int]] = {}  # counter -> (called, waiting from) of its later visit
    for counter, called, waiting_from, done in visits:  # newest first
        later = latest.get(counter)
        latest[counter] = (called, waiting_from)
        if later is None or done is None or not since <= done <= later[0] or later[1] > done:
            continue
        if not any(start < later[0] and end > done for start, end in pauses.get(counter, ())):
            found.append(later[0] - done)
    return found[:RECENT_GAPS]


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
