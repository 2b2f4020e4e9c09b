"""What a played (simulated or demo) day keeps in the database besides its visits."""

from __future__ import annotations

from balie.errors import BalieError
from balie.store.database import Database
from balie.store.newest import NEWEST_KEY
from balie.store.standup import STANDUP_TABLES

CLOCK_KEY = "played_clock"  # meta: the anchor of a day played on this file (balie.sim.clock)


class Simulation:
    """The office clock of a played day, and emptying a demo before it is played again."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def clock(self) -> str | None:
        """The anchor every screen on this file follows, if a day is being played."""
        return self.database.get_meta(CLOCK_KEY) or None

    def set_clock(self, anchor: str | None) -> None:
        """Write the anchor, or remove it (``None``): screens go back to the real time."""
        if anchor is not None:
            self.database.set_meta(CLOCK_KEY, anchor)
            return
        with self.database.write() as (conn, _, _):
            conn.execute("DELETE FROM meta WHERE key = ?", (CLOCK_KEY,))

    def clear_demo(self) -> None:
        """Empty a demo database before it is filled again; never real data."""
        with self.database.write(guarded=False) as (conn, _, _):  # records no time
            row = conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
            has_visits = conn.execute("SELECT EXISTS (SELECT 1 FROM visits)").fetchone()[0]
            if has_visits and (row is None or row[0] != "1"):
                raise BalieError("Deze database bevat echte bezoeken; die wist balie niet.")
            for table in ("events", "quick_answers", "visits", *STANDUP_TABLES):
                conn.execute(f"DELETE FROM {table}")
            # The demo's kennisbank too: a refill starts from the same starter set.
            conn.execute("DELETE FROM subjects_search")
            conn.execute("DELETE FROM subjects")
            conn.execute("DELETE FROM meta WHERE key = ?", (NEWEST_KEY,))  # the demo starts its own time
