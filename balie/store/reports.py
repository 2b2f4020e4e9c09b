"""The figures of a period with SQL aggregates: fast on years of history.

The definitions live in ``balie.core.figures``; this module computes the same
counts in SQL and fetches only what a percentile needs (one ascending integer
column per domain), then lets the core assemble the figures. Tests hold the
result against ``core.figures.report_from_visits``.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from balie.clock import LOCAL_TZ
from balie.config import Config
from balie.core.figures import (
    UNSERVED,
    Counts,
    PeriodReport,
    hour_figures,
    period_figures,
    top_topics,
)

HOUR_MS = 3_600_000
# The wait start is the arrival, or the appointment time for someone early:
# max(arrived_ms, queue_ms) (see core.figures); the wait runs to the first call.
WAIT_SQL = "max(0, called_ms - max(arrived_ms, queue_ms))"

_COUNTS_SQL = f"""
SELECT domain,
       count(*),
       total(state = 'no_show'),
       total(state = 'left'),
       total(state = '{UNSERVED}' OR (state IN ('waiting', 'called') AND day < :today)),
       total(transferred_from IS NOT NULL),
       total(state = 'finished' AND outcome = 'handled'),
       total(state = 'finished' AND outcome = 'referred'),
       total(state = 'finished' AND outcome = 'callback'),
       total(CASE WHEN state = 'finished' AND transferred_from IS NULL AND called_ms IS NOT NULL
                  THEN finished_ms - called_ms END),
       total(state = 'finished' AND transferred_from IS NULL AND called_ms IS NOT NULL)
FROM visits
WHERE day BETWEEN :first AND :last
GROUP BY domain
"""

_WAITS_SQL = f"""
SELECT {WAIT_SQL} AS wait FROM visits
WHERE day BETWEEN :first AND :last AND domain = :domain AND called_ms IS NOT NULL
ORDER BY wait
"""

# Grouped by absolute UTC hour; Python turns each into a local hour of the day.
_HOURS_SQL = f"""
SELECT arrived_ms / {HOUR_MS}, count(*), count(called_ms), total({WAIT_SQL})
FROM visits
WHERE day BETWEEN :first AND :last
GROUP BY arrived_ms / {HOUR_MS}
"""

_TOPICS_SQL = """
SELECT topic, count(*) FROM (
    SELECT topic FROM visits WHERE day BETWEEN :first AND :last AND topic IS NOT NULL
    UNION ALL
    SELECT topic FROM quick_answers WHERE day BETWEEN :first AND :last AND topic IS NOT NULL
)
GROUP BY topic
"""


class ReportStore:
    """Mixed into ``Store``: reads only, uses its connection and error handling."""

    def period_report(self, first_day: str, last_day: str, config: Config) -> PeriodReport:
        """The figures of the local days ``first_day`` to ``last_day`` inclusive."""
        params = {"first": first_day, "last": last_day, "today": self.today()}
        with self._errors():
            conn = self.conn
            # One read transaction: every figure comes from the same moment.
            conn.execute("BEGIN")
            try:
                counts = {
                    row[0]: Counts(*(int(value) for value in row[1:]))
                    for row in conn.execute(_COUNTS_SQL, params)
                }
                parts = {
                    domain: (
                        domain_counts,
                        [row[0] for row in conn.execute(_WAITS_SQL, {**params, "domain": domain})],
                    )
                    for domain, domain_counts in counts.items()
                }
                hours = conn.execute(_HOURS_SQL, params).fetchall()
                topics = conn.execute(_TOPICS_SQL, params).fetchall()
                quick = conn.execute(
                    "SELECT count(*) FROM quick_answers WHERE day BETWEEN :first AND :last", params
                ).fetchone()[0]
            finally:
                conn.execute("ROLLBACK")
        targets = {d.key: d.target_minutes * 60_000 for d in config.domains}
        by_domain, total = period_figures(parts, targets, [d.key for d in config.domains])
        return PeriodReport(
            first_day=first_day,
            last_day=last_day,
            by_domain=by_domain,
            total=total,
            hours=hour_figures(
                (local_hour(utc_hour * HOUR_MS), arrivals, counted, int(wait_total))
                for utc_hour, arrivals, counted, wait_total in hours
            ),
            top_topics=top_topics(topics),
            quick_answers=quick,
        )


_ZONE = ZoneInfo(LOCAL_TZ)


def local_hour(ms: int) -> int:
    """The Amsterdam hour of the day of an epoch-ms moment (DST-aware)."""
    return datetime.datetime.fromtimestamp(ms / 1000, _ZONE).hour
