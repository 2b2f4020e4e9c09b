"""What happens at midnight: ending a day, and knowing which days have ended.

Ending a day makes whoever still waits (or stands at a counter) *niet
geholpen*, and an ended day's names may be purged: neither can be undone, so
balie ends a day by itself only when ``core/dayend.py`` says that is certain.
"""

from __future__ import annotations

import datetime
from typing import Any

from balie.clock import local, parse_local, to_ms
from balie.config import WEEKDAYS, Config
from balie.core.dayend import before_opening, certain_day_end
from balie.core.visits import State, next_state
from balie.store.database import SYSTEM_ACTOR, Database

DAY_CLOSED_KEY = "day_closed:"  # meta key prefix + day; value: when (UTC ms)
ENDED_KEY = "ended_through"  # meta: every day up to and including this one has ended


def shift_day(day: str, days: int) -> str:
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=days)).isoformat()


def _end_of_day_ms(day: str) -> int:
    """The first moment of the next local day (DST-aware), in UTC ms."""
    return to_ms(parse_local(shift_day(day, 1)))


class DayEnd:
    """Closing days, by a person or by balie itself when certainly right."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def close(self, day: str | None = None, actor: str = SYSTEM_ACTOR) -> int:
        """End a day and every earlier day still open: whoever still waits or
        stands at a counter becomes 'unserved'.

        Records the day end (an event and ``meta``) even when nobody was left,
        and returns how many visitors it closed. Said by a person (the command
        or a screen's 'Dag afsluiten'): which earlier days were still open is
        ``unclosed()`` before.
        """
        day = day or self.database.today()
        return self._close("day <= ?", (day,), actor, always=(day,), through=day)

    def close_earlier(
        self, actor: str = SYSTEM_ACTOR, patience_s: float | None = None
    ) -> int:
        """End every day before today; only when that is certainly right (``upkeep``)."""
        today = self.database.today()
        yesterday = shift_day(today, -1)
        through = self.ended_through()
        if not self.unclosed() and through is not None and through >= yesterday:
            return 0
        return self._close("day < ?", (today,), actor, patience_s=patience_s, through=yesterday)

    def _close(
        self,
        where: str,
        params: tuple[Any, ...],
        actor: str,
        always: tuple[str, ...] = (),
        patience_s: float | None = None,
        through: str | None = None,
    ) -> int:
        with self.database.write(patience_s) as (conn, now_ms, today):
            rows = conn.execute(
                "SELECT id, day, ticket, state, counter FROM visits "
                f"WHERE state IN ('waiting', 'called') AND {where} ORDER BY id",
                params,
            ).fetchall()
            closed: dict[str, int] = {day: 0 for day in always}
            for visit_id, day, ticket, state, counter in rows:
                target = next_state("close_day", ticket, State(state))
                # Today ends now; an earlier day ended at its (local) midnight.
                ended_ms = now_ms if day >= today else min(now_ms, _end_of_day_ms(day))
                conn.execute(
                    "UPDATE visits SET state = ?, finished_ms = ? WHERE id = ?",
                    (target.value, ended_ms, visit_id),
                )
                extra = {"counter": counter} if state == State.CALLED else {}
                self.database.event(conn, visit_id, now_ms, "close_day", actor, was=state, **extra)
                closed[day] = closed.get(day, 0) + 1
            for day, count in sorted(closed.items()):
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (DAY_CLOSED_KEY + day, str(now_ms)),
                )
                self.database.event(conn, None, now_ms, "day_end", actor, day=day, unserved=count)
            if through is not None:
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                    "SET value = max(value, excluded.value)",
                    (ENDED_KEY, through),
                )
        return len(rows)

    def closed_ms(self, day: str) -> int | None:
        """When a day was closed (UTC ms), or None when it was not (yet)."""
        value = self.database.get_meta(DAY_CLOSED_KEY + day)
        return int(value) if value else None

    def ended_through(self) -> str | None:
        """The last day of the run of days that have certainly ended (None: none yet)."""
        return self.database.get_meta(ENDED_KEY)

    def unclosed(self) -> list[tuple[str, int]]:
        """Days before today not ended yet, with how many visitors are still open on each.

        A day is ended once a person closed it or balie did so when that was
        certainly right; a visitor registered on a day after its end (late)
        opens it again.
        """
        today = self.database.today()
        with self.database.errors():
            conn = self.database.conn
            open_by_day = dict(
                conn.execute(
                    "SELECT day, count(*) FROM visits WHERE state IN ('waiting', 'called') "
                    "AND day < ? GROUP BY day",
                    (today,),
                ).fetchall()
            )
            not_ended = conn.execute(
                "SELECT DISTINCT day FROM visits WHERE day > ? AND day < ?",
                (self.ended_through() or "", today),
            ).fetchall()
        days = set(open_by_day) | {row[0] for row in not_ended}
        return [(day, open_by_day.get(day, 0)) for day in sorted(days)]

    def is_certain(self, config: Config, saw_midnight: bool) -> bool:
        now = self.database.clock.now()
        hours_today = config.opening_hours.get(WEEKDAYS[local(now).weekday()])
        return certain_day_end(
            fixed_clock=self.database.clock.fixed,
            saw_midnight=saw_midnight,
            is_before_opening=before_opening(hours_today, local(now).format("HH:mm")),
            now_ms=to_ms(now),
            newest_ms=self.database.newest_known_ms(),
        )
