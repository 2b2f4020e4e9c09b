"""Reads behind the staffing advice: how many came, when, and how long a visit took.

The advice itself is computed in ``core/staffing.py``; the stand-up and the
report show it, ``balie staffing`` prints it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence

from balie.config import Config
from balie.core.staffing import WEEKS, Advice, advise, counters_per_domain, typical_counters
from balie.store.database import Database
from balie.store.reports import local_hour
from balie.store.standup import stored_domains


class Staffing:
    """The history of the same weekday, per domain and hour."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def advice(self, config: Config, day: str, weeks: int = WEEKS) -> Advice:
        """Counters needed per domain and hour on ``day``, beside that day's stand-up staffing.

        What the dagstart and the report show; ``balie staffing`` prints it.
        """
        days = self.days_like(day, weeks)
        return advise(
            day, config.domains, config.service_level_share, days,
            self.arrivals_by_hour(days), self.mean_service_minutes(days),
            counters_per_domain(self.staffed_on(day)),
        )

    def period_advice(self, config: Config, first_day: str, last_day: str) -> Advice:
        """Looking back on a period: per domain and hour, the counters its own visitors
        needed (averaged over its days with visitors) beside the counters usually staffed.

        What the report shows under "Bezetting"; the same rule as the day's advice."""
        days = self.days_between(first_day, last_day)
        return advise(
            first_day, config.domains, config.service_level_share, days,
            self.arrivals_by_hour(days), self.mean_service_minutes(days),
            typical_counters(list(self.staffed_during(days).values())), last_day,
        )

    def days_between(self, first_day: str, last_day: str) -> list[str]:
        """The days of a period that had visitors."""
        with self.database.errors():
            rows = self.database.conn.execute(
                "SELECT DISTINCT day FROM visits WHERE day BETWEEN ? AND ? ORDER BY day", (first_day, last_day)
            ).fetchall()
        return [row[0] for row in rows]

    def arrivals_by_hour(self, days: Sequence[str]) -> dict[str, dict[str, dict[int, int]]]:
        """Per day, per domain, per local hour: how many arrived (the domain they came for)."""
        found: dict[str, dict[str, dict[int, int]]] = {}
        with self.database.errors():
            rows = self.database.conn.execute(
                "SELECT day, coalesce(transferred_from, domain), arrived_ms FROM visits "
                "WHERE day IN (SELECT value FROM json_each(?))",
                (json_list(days),),
            ).fetchall()
        for day, domain, arrived in rows:
            hours = found.setdefault(day, {}).setdefault(domain, {})
            hour = local_hour(arrived)
            hours[hour] = hours.get(hour, 0) + 1
        return found

    def days_like(self, day: str, weeks: int) -> list[str]:
        """The same weekday in the ``weeks`` weeks before ``day`` that had visitors."""
        first = datetime.date.fromisoformat(day)
        wanted = [(first - datetime.timedelta(weeks=n)).isoformat() for n in range(1, weeks + 1)]
        with self.database.errors():
            rows = self.database.conn.execute(
                "SELECT DISTINCT day FROM visits WHERE day IN (SELECT value FROM json_each(?))",
                (json_list(wanted),),
            ).fetchall()
        return sorted(row[0] for row in rows)

    def staffed_on(self, day: str) -> dict[str, list[str]]:
        """The stand-up's counters of a day and their domains."""
        return self.staffed_during([day]).get(day, {})

    def staffed_during(self, days: Sequence[str]) -> dict[str, dict[str, list[str]]]:
        """Per day whose stand-up put counters to work: its counters and their domains."""
        found: dict[str, dict[str, list[str]]] = {}
        with self.database.errors():
            rows = self.database.conn.execute(
                "SELECT day, counter, domains FROM standup_staffing "
                "WHERE day IN (SELECT value FROM json_each(?)) ORDER BY day, counter",
                (json_list(days),),
            ).fetchall()
        for day, counter, domains in rows:
            found.setdefault(day, {})[counter] = stored_domains(domains)
        return found

    def mean_service_minutes(self, days: Sequence[str]) -> dict[str, float]:
        """Per domain the mean time at the counter over these days (finished, not sent on)."""
        with self.database.errors():
            rows = self.database.conn.execute(
                "SELECT domain, avg(finished_ms - called_ms) FROM visits "
                "WHERE day IN (SELECT value FROM json_each(?)) AND state = 'finished' "
                "AND transferred_from IS NULL AND called_ms IS NOT NULL GROUP BY domain",
                (json_list(days),),
            ).fetchall()
        return {domain: ms / 60_000 for domain, ms in rows if ms}


def json_list(values: Sequence[str]) -> str:
    return json.dumps(list(values))
