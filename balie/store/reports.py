"""The figures of a period with SQL aggregates: fast on years of history.

The definitions live in ``balie.core.figures``; this module computes the same
counts in SQL and fetches only what a percentile needs (one ascending integer
column per domain), then lets the core assemble the figures. Tests hold the
result against ``core.figures.report_from_visits``.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
import sys
from array import array
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from balie.clock import LOCAL_TZ
from balie.config import Config
from balie.errors import BalieError
from balie.core.figures import Counts, PeriodReport, period_report
from balie.core.visits import State
from balie.store.database import Database

HOUR_MS = 3_600_000
# The wait start is the arrival, or the appointment time for someone early:
# max(arrived_ms, queue_ms) (see core.figures); the wait runs to the first call.
WAIT_SQL = "max(0, called_ms - max(arrived_ms, queue_ms))"

CACHE_TRIGGERS = ("visits_day_inserted", "visits_day_updated", "visits_day_deleted")
_TRIGGERS_SQL = (
    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'visits' "
    f"AND name IN {CACHE_TRIGGERS!r}"
)

_DAYS = "day IN (SELECT value FROM json_each(:days))"

_COUNTS_SQL = f"""
SELECT day, domain,
       count(*),
       total(state = 'no_show'),
       total(state = 'left'),
       total(state = '{State.UNSERVED}' OR (state IN ('waiting', 'called') AND day < :today)),
       total(transferred_from IS NOT NULL),
       total(state = 'finished' AND outcome = 'handled'),
       total(state = 'finished' AND outcome = 'referred'),
       total(state = 'finished' AND outcome = 'callback'),
       total(CASE WHEN state = 'finished' AND transferred_from IS NULL AND called_ms IS NOT NULL
                  THEN max(0, finished_ms - called_ms) END),
       total(state = 'finished' AND transferred_from IS NULL AND called_ms IS NOT NULL)
FROM visits
WHERE {_DAYS}
GROUP BY day, domain
"""

_WAITS_SQL = f"""
SELECT day, domain, {WAIT_SQL} AS wait FROM visits
WHERE {_DAYS} AND called_ms IS NOT NULL
ORDER BY day, domain, wait
"""

# Grouped by absolute UTC hour; Python turns each into a local hour of the day.
_HOURS_SQL = f"""
SELECT day, arrived_ms / {HOUR_MS}, count(*), count(called_ms), total({WAIT_SQL})
FROM visits
WHERE {_DAYS}
GROUP BY day, arrived_ms / {HOUR_MS}
"""

_TOPICS_SQL = f"""
SELECT day, topic, count(*) FROM visits
WHERE {_DAYS} AND topic IS NOT NULL
GROUP BY day, topic
"""

# Per day: {"d": {domain: [*counts, number of waits]}, "h": [[utc hour, arrivals,
# waits counted, wait total]], "t": [[topic, count]]}; the waits of the domains
# in "d" order, ascending per domain, as little-endian int64 in one blob.
DayData = dict[str, Any]


class Reports:
    """The figures of any period, from a per-day cache and SQL aggregates.

    A day before today is computed once and kept in ``report_days`` while the
    day's change count (``day_changes``, kept by triggers on ``visits``) stays
    the same; today is always computed fresh. A year is then a few hundred
    cached rows instead of half a million visits.
    """

    def __init__(self, database: Database) -> None:
        self.database = database

    def period(self, first_day: str, last_day: str, config: Config) -> PeriodReport:
        """The figures of the local days ``first_day`` to ``last_day`` inclusive."""
        today = self.database.today()
        bounds = {"first": first_day, "last": last_day}
        with self.database.errors():
            conn = self.database.conn
            # One read transaction: every figure comes from the same moment.
            conn.execute("BEGIN")
            try:
                changes = dict(conn.execute(
                    "SELECT day, n FROM day_changes WHERE day BETWEEN :first AND :last", bounds
                ))
                days: dict[str, DayData] = {}
                waits: dict[str, bytes] = {}
                # Without its triggers (a later migration that rebuilt ``visits`` and
                # forgot them) the cache could be stale: then do without it.
                use_cache = conn.execute(_TRIGGERS_SQL).fetchone()[0] == len(CACHE_TRIGGERS)
                for day, n, data, blob in conn.execute(
                    "SELECT day, n, data, waits FROM report_days WHERE day BETWEEN :first AND :last",
                    bounds,
                ):
                    if use_cache and day < today and changes.get(day) == n:
                        days[day], waits[day] = json.loads(data), blob
                missing = sorted(day for day in changes if day not in days)
                if missing:
                    fresh = _compute_days(conn, missing, today)
                    for day in missing:
                        days[day], waits[day] = fresh.get(day, ({"d": {}, "h": [], "t": []}, b""))
                quick_topics = conn.execute(
                    "SELECT topic, count(*) FROM quick_answers WHERE day BETWEEN :first AND :last "
                    "AND topic IS NOT NULL GROUP BY topic", bounds,
                ).fetchall()
                quick = conn.execute(
                    "SELECT count(*) FROM quick_answers WHERE day BETWEEN :first AND :last", bounds
                ).fetchone()[0]
            finally:
                conn.execute("ROLLBACK")
        if use_cache:
            self._keep_days(
                [(day, changes[day], json.dumps(days[day]), waits[day]) for day in missing if day < today]
            )
        return _assemble(first_day, last_day, config, days, waits, quick_topics, quick)

    def _keep_days(self, rows: list[tuple[str, int, str, bytes]]) -> None:
        """Cache computed days; a busy or read-only database just goes without."""
        if not rows:
            return
        try:
            with self.database.write() as (conn, _, _):
                conn.executemany(
                    "INSERT OR REPLACE INTO report_days (day, n, data, waits) VALUES (?, ?, ?, ?)", rows
                )
        except BalieError:
            pass


def _compute_days(
    conn: sqlite3.Connection, days: list[str], today: str
) -> dict[str, tuple[DayData, bytes]]:
    """The per-day parts of the figures, by SQL aggregates over those days' visits."""
    params = {"days": json.dumps(days), "today": today}
    data: dict[str, DayData] = {}

    def of(day: str) -> DayData:
        return data.setdefault(day, {"d": {}, "h": [], "t": []})

    for day, domain, *values in conn.execute(_COUNTS_SQL, params):
        of(day)["d"][domain] = [int(value) for value in values]
    per_day_waits: dict[tuple[str, str], array] = {}
    for (day, domain), rows in groupby(conn.execute(_WAITS_SQL, params), key=itemgetter(0, 1)):
        per_day_waits[day, domain] = array("q", (row[2] for row in rows))
    for day, utc_hour, arrivals, counted, total in conn.execute(_HOURS_SQL, params):
        of(day)["h"].append([utc_hour, arrivals, counted, int(total)])
    for day, topic, count in conn.execute(_TOPICS_SQL, params):
        of(day)["t"].append([topic, count])
    result = {}
    for day, day_data in data.items():
        blob = array("q")
        for domain, values in day_data["d"].items():
            domain_waits = per_day_waits.get((day, domain), array("q"))
            values.append(len(domain_waits))
            blob.extend(domain_waits)
        if sys.byteorder == "big":
            blob.byteswap()
        result[day] = (day_data, blob.tobytes())
    return result


def _assemble(
    first_day: str,
    last_day: str,
    config: Config,
    days: dict[str, DayData],
    blobs: dict[str, bytes],
    quick_topics: list[tuple[str, int]],
    quick: int,
) -> PeriodReport:
    counts: dict[str, Counts] = {}
    waits: dict[str, list[int]] = {}
    hours: list[tuple[int, int, int, int]] = []
    topics: list[tuple[str, int]] = list(quick_topics)
    for day, data in days.items():
        values = array("q")
        values.frombytes(blobs[day])
        if sys.byteorder == "big":
            values.byteswap()
        offset = 0
        for domain, entry in data["d"].items():
            *numbers, count = entry
            counts[domain] = counts.get(domain, Counts()) + Counts(*numbers)
            waits.setdefault(domain, []).extend(values[offset:offset + count])
            offset += count
        hours += [(local_hour(h * HOUR_MS), a, c, t) for h, a, c, t in data["h"]]
        topics += [(topic, count) for topic, count in data["t"]]
    for domain_waits in waits.values():
        domain_waits.sort()  # sorted runs, one per day: quick for timsort
    targets = {d.key: d.target_minutes * 60_000 for d in config.domains}
    parts = {domain: (counts[domain], waits[domain]) for domain in counts}
    return period_report(
        first_day, last_day, parts, targets, [d.key for d in config.domains], hours, topics, quick
    )


_ZONE = ZoneInfo(LOCAL_TZ)


@lru_cache(maxsize=20_000)
def local_hour(ms: int) -> int:
    """The Amsterdam hour of the day of an epoch-ms moment (DST-aware)."""
    return datetime.datetime.fromtimestamp(ms / 1000, _ZONE).hour
