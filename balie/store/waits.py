"""Reads behind the expected wait: what the host and the board tell a visitor.

``office_now`` gathers, in a handful of queries over today's rows, what the
estimators in ``core/estimate.py`` may know. None of them reads the whole day:
the queue is read as far as the estimate plays it (``CALLS_PLAYED`` of each
domain, along the index of the queue rule) and counted from that index, the
last hour from the indexes on the time of a call and of a finish.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from balie.config import Config
from balie.core.estimate import WaitEstimate, estimate
from balie.core.office_now import (
    CALLS_PLAYED,
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
from balie.core.visits import State, Visit
from balie.store.counter import PAUSE_KEY
from balie.store.database import Database
from balie.store.queue import QUEUE_ORDER, Queue
from balie.store.reports import WAIT_SQL
from balie.store.standup import stored_domains

# The domain a visitor was first called for: the old one when sent on after that call.
_FIRST = "CASE WHEN transferred_from IS NOT NULL AND requeued_ms IS NOT NULL THEN transferred_from ELSE domain END"
# One uninterrupted visit at one counter: its call and its end are this counter's.
_PLAIN = "counter IS NOT NULL AND called_ms IS NOT NULL AND requeued_ms IS NULL"

# The last hour, or its latest LATEST_ROWS calls and arrivals when it held more
# (never on an office's day; at 100x a normal day thousands): what the estimates
# take from it are rates and shares, which that many give as well, so no read
# grows with the day. Newest first, along the indexes on (day, called_ms, ...)
# and (day, finished_ms), and the end of the table for arrivals.
_CALLS_SQL = f"""
SELECT first, counter, count(*), min(called_ms) FROM (
    SELECT {_FIRST} AS first, counter, called_ms FROM visits
    WHERE day = :day AND called_ms >= :since ORDER BY called_ms DESC LIMIT {LATEST_ROWS}
) GROUP BY first, counter
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
# Registrations, newest first (read only as far as needed): ids grow with the
# time of registration (both are taken under the write lock).
_ARRIVALS_SQL = "SELECT day, domain, arrived_ms FROM visits ORDER BY id DESC"
# The queue per domain: how many wait, and how many of them are ahead of a
# walk-in joining now (a later appointment is not), counted on the index alone
# (the planner would pick the smaller visits_waiting_since and read every row);
# then each domain's first.
_QUEUE_COUNTS_SQL = """
SELECT domain, count(*), total(urgent OR queue_ms <= :now) FROM visits INDEXED BY visits_queue
WHERE state = 'waiting' AND day = :day GROUP BY domain
"""
_QUEUE_HEAD_SQL = (
    "SELECT * FROM (SELECT domain, urgent, queue_ms, id FROM visits WHERE state = 'waiting' AND day = ? "
    f"AND domain = ? ORDER BY {QUEUE_ORDER} LIMIT {CALLS_PLAYED})"
)


@lru_cache(maxsize=16)
def _queue_heads_sql(domains: int) -> str:
    """The first of ``domains`` queues, together in queue order."""
    return f"{' UNION ALL '.join([_QUEUE_HEAD_SQL] * domains)} ORDER BY urgent DESC, queue_ms, id"


# Who is at a counter now, and since their latest call there: the few visitors at
# a counter, not every open visit of the day (the planner would take that index).
_AT_COUNTERS_SQL = """
SELECT v.counter, v.domain, max(e.at_ms) FROM visits v INDEXED BY visits_at_counter
JOIN events e ON e.visit_id = v.id
WHERE v.state = 'called' AND v.day = :day AND v.counter IS NOT NULL AND e.type IN ('call', 'call_out_of_order')
GROUP BY v.id
"""


class Waits:
    """The office as the wait estimate sees it, and the wait it tells."""

    def __init__(self, database: Database, queue: Queue) -> None:
        self.database = database
        self.queue = queue

    def outlook(self, visit: Visit, config: Config) -> tuple[int, WaitEstimate]:
        """(people ahead, the wait estimate) for a waiting visitor, to say out loud."""
        now_ms, day = self.database.now()
        with self.database.errors():
            if visit.state == State.WAITING:  # those before them by the queue rule, counted on its index
                ahead = self.database.conn.execute(
                    "SELECT count(*) FROM visits WHERE state = 'waiting' AND day = ? AND domain = ? "
                    "AND (urgent > ? OR (urgent = ? AND (queue_ms < ? OR (queue_ms = ? AND id < ?))))",
                    (day, visit.domain, int(visit.urgent), int(visit.urgent), visit.queue_ms, visit.queue_ms, visit.id),
                ).fetchone()[0]
            else:
                ahead = self.database.conn.execute(
                    "SELECT count(*) FROM visits WHERE state = 'waiting' AND day = ? AND domain = ?", (day, visit.domain)
                ).fetchone()[0]
        return ahead, estimate(self.office_now(config, told_only=True), visit.domain, ahead)

    def office_now(
        self, config: Config, waiting: Sequence[Visit] | None = None, told_only: bool = False
    ) -> OfficeNow:
        """The office as the wait estimate sees it: queues, counters, the last hour.

        ``waiting``: today's waiting visitors when the caller has just read
        them all (the desk shows them); otherwise the queue is read as far as
        the estimate plays it. ``told_only``: only what the estimate that is
        told (``core.estimate.CHOSEN``) uses, without the last hour's waits and
        arrivals that only the estimators compared in docs/estimate.md use.
        """
        now_ms, day = self.database.now()
        at = {"day": day, "since": now_ms - WINDOW_MS}
        with self.database.errors():
            conn = self.database.conn
            if waiting is None:
                queue, queued, ahead = _read_queue(conn, day, now_ms)
            else:
                queue, queued, ahead = _queue_of(waiting, now_ms)
            calls = conn.execute(_CALLS_SQL, at).fetchall()
            latest_calls = [] if told_only else conn.execute(_LATEST_CALLS_SQL, at).fetchall()
            services = conn.execute(_LATEST_SERVICES_SQL, at).fetchall()
            arrivals = {} if told_only else _arrivals(conn.execute(_ARRIVALS_SQL), day, at["since"], now_ms)
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
                (self.database.day_start_ms(now_ms),),
            ).fetchall()
            staffed = {
                counter: frozenset(stored_domains(domains))
                for counter, domains in conn.execute(
                    "SELECT counter, domains FROM standup_staffing WHERE day = ?", (day,)
                )
            }
            pauses, paused_since = _pauses(pause_log)
            gaps = _gaps(conn.execute(_LATEST_VISITS_SQL, at), at["since"], pauses)
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
        return OfficeNow(
            now_ms=now_ms,
            service_minutes={d.key: d.service_minutes for d in config.domains},
            waiting=ahead,
            queue=queue,
            queued=queued,
            counters=counters,
            hour=_last_hours(calls, latest_calls, services, arrivals),
            calls_by={(counter, domain): n for domain, counter, n, _ in calls if counter},
            pauses=tuple(end - start for spans in pauses.values() for start, end in spans),
            gaps=tuple(gaps),
        )


def _read_queue(conn, day: str, now_ms: int) -> tuple[tuple[Queued, ...], dict[str, int], dict[str, int]]:
    """(the first of each domain's queue in queue order, how many wait per domain, how
    many per domain are ahead of a walk-in joining now), from the index of the queue."""
    counts = conn.execute(_QUEUE_COUNTS_SQL, {"day": day, "now": now_ms}).fetchall()
    heads = conn.execute(
        _queue_heads_sql(len(counts)), [value for domain, _, _ in counts for value in (day, domain)]
    ) if counts else ()
    return tuple(map(Queued._make, heads)), {d: n for d, n, _ in counts}, {d: int(a) for d, _, a in counts if a}


def _queue_of(waiting: Sequence[Visit], now_ms: int) -> tuple[tuple[Queued, ...], dict[str, int], dict[str, int]]:
    """The same as ``_read_queue``, from visitors already read (all of them)."""
    queued: dict[str, int] = defaultdict(int)
    ahead: dict[str, int] = defaultdict(int)
    for visit in waiting:
        queued[visit.domain] += 1
        if visit.urgent or visit.queue_ms <= now_ms:  # a later appointment is not ahead
            ahead[visit.domain] += 1
    queue = tuple(Queued(v.domain, v.urgent, v.queue_ms, v.id) for v in in_queue_order(waiting))
    return queue, dict(queued), dict(ahead)


def _arrivals(newest: sqlite3.Cursor, day: str, since: int, now_ms: int) -> dict[str, int]:
    """Per domain today's arrivals in the last hour, from the registrations newest first;
    when the latest ``LATEST_ROWS`` all fall in the hour, the hour at the pace they set."""
    counts: dict[str, int] = defaultdict(int)
    seen, oldest = 0, now_ms
    try:
        for visit_day, domain, arrived in newest:
            if visit_day != day or arrived < since:
                return dict(counts)
            counts[domain] += 1
            seen, oldest = seen + 1, arrived
            if seen == LATEST_ROWS:
                break
    finally:
        newest.close()
    span = now_ms - oldest
    if seen < LATEST_ROWS or span >= WINDOW_MS or span <= 0:
        return dict(counts)
    return {domain: round(n * WINDOW_MS / span) for domain, n in counts.items()}


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


def _gaps(visits: sqlite3.Cursor, since: int, pauses: dict[str, list[tuple[int, int]]]) -> list[int]:
    """A counter's moments from finishing one visitor to calling the next who was already
    waiting, newest first; a pause between the two is no such moment. The visits
    (newest first) are read only until ``RECENT_GAPS`` are found."""
    found = []
    latest: dict[str, tuple[int, int]] = {}  # counter -> (called, waiting from) of its later visit
    try:
        for counter, called, waiting_from, done in visits:
            later = latest.get(counter)
            latest[counter] = (called, waiting_from)
            if later is None or done is None or not since <= done <= later[0] or later[1] > done:
                continue
            if not any(start < later[0] and end > done for start, end in pauses.get(counter, ())):
                found.append(later[0] - done)
                if len(found) == RECENT_GAPS:
                    break
    finally:
        visits.close()
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
