"""What the stand-up screen shows, read in one go (in a worker): the day's stand-up,
the previous opening day and its figures, what is known about today so far, and
the staffing advice beside the day's staffing."""

from __future__ import annotations

from dataclasses import dataclass

from balie.config import Config
from balie.core.figures import PeriodReport
from balie.core.staffing import Advice
from balie.core.standup import Standup, previous_opening_day


@dataclass(frozen=True)
class DagstartView:
    standup: Standup | None
    today: str
    previous_day: str | None
    report: PeriodReport | None  # the previous opening day's figures
    so_far: dict[str, int] | None  # today only
    advice: Advice  # counters needed per domain and hour, from the same weekday before


def read_dagstart(store, config: Config, today: str, day: str | None) -> DagstartView:
    """Today's stand-up (opened from the template the first time), or ``day``'s, read-only."""
    looked_back = day is not None
    day = day or today
    standup = store.standup.of(day) if looked_back else store.standup.open()
    previous = previous_opening_day(day, config.opening_hours, set(store.visits.days_before(day)))
    return DagstartView(
        standup=standup,
        today=today,
        previous_day=previous,
        # the previous opening day's figures, from the shared figures core
        report=None if previous is None else store.reports.period(previous, previous, config),
        so_far=None if looked_back else store.standup.day_so_far(day),
        advice=store.staffing.advice(config, day),
    )
