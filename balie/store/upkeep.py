"""Keeping the database honest over time: what every process does by itself, and retention.

Start-up upkeep is cheap: every query here runs on a partial index that holds
only the rows with work to do, and nothing is written when there is nothing
to do. Names and questions do not outlive their retention period; the
anonymous figures stay.
"""

from __future__ import annotations

from balie.clock import ClockBehind
from balie.config import Config
from balie.errors import BalieError
from balie.store.database import PERSONAL_EVENT_KEYS, SYSTEM_ACTOR, Database
from balie.store.dayend import DayEnd, shift_day

# Start-up upkeep waits this long for the write lock, then leaves it for later.
UPKEEP_PATIENCE_S = 2.0
# ... and this long for readers before emptying the WAL after a purge.
UPKEEP_CHECKPOINT_S = 0.2
WAL_PENDING_KEY = "purge_wal_pending"  # meta: purged text may still be in the WAL


class Upkeep:
    """Day end when certain, the purge of expired personal data, emptying the WAL after it."""

    def __init__(self, database: Database, day_end: DayEnd) -> None:
        self.database = database
        self.day_end = day_end

    def run(self, config: Config, saw_midnight: bool = False) -> int:
        """What every screen and writing command does by itself, cheaply.

        Ends the days before today only when that is certainly right
        (``core.dayend``), removes expired personal data of ended days, and
        finishes a purge whose write-ahead log could not be emptied before.
        Never on a fixed clock. Best effort: when another process holds the
        write lock, or this clock is behind the database, it is left for later
        (the data stays correct meanwhile; screens show today only). Returns
        how many visits lost personal data.
        """
        purged = 0
        try:
            if not self.database.clock.fixed:
                if self.day_end.is_certain(config, saw_midnight):
                    self.day_end.close_earlier(patience_s=UPKEEP_PATIENCE_S)
                purged = self.purge(config.retention_days, config.notes_retention_days, UPKEEP_PATIENCE_S)
            if self.database.get_meta(WAL_PENDING_KEY):
                self.finish_purge(patience_s=UPKEEP_CHECKPOINT_S)
        except ClockBehind:
            pass
        except BalieError as error:
            if "bezet" not in str(error):
                raise
        return purged

    def purge_cutoff(self, retention_days: int) -> str:
        """The first day whose personal data is still kept.

        A visit's name and question are kept ``retention_days`` calendar days
        after the visit: with 1, yesterday's are removed today.
        """
        _, today = self.database.now()
        return shift_day(today, -(max(1, retention_days) - 1))

    def _kept_from(self, retention_days: int) -> str:
        """The first day that is kept: within the retention period, or not ended yet."""
        through = self.day_end.ended_through()
        cutoff = self.purge_cutoff(retention_days)
        return cutoff if through is None else min(cutoff, shift_day(through, 1))

    def purge(
        self,
        retention_days: int,
        notes_retention_days: int | None = None,
        patience_s: float | None = None,
    ) -> int:
        """Remove names, questions and notes of ended days before the cutoff; figures stay.

        Only days that have ended are touched, so a clock ahead can never purge
        today. The stand-up's notes (and their log entries) have a retention of
        their own (``notes_retention_days``; by default that of the visits).
        Returns how many visits lost personal data. ``secure_delete`` zeroes the
        old bytes in the file; the WAL is emptied afterwards (``finish_purge``).
        """
        if self.day_end.ended_through() is None:
            return 0
        kept = self._kept_from(retention_days)
        notes_kept = self._kept_from(notes_retention_days or retention_days)
        with self.database.errors():
            pending = self.database.conn.execute(
                "SELECT (SELECT count(*) FROM visits WHERE day < :kept "
                "AND (name IS NOT NULL OR question IS NOT NULL)) + (SELECT count(*) FROM events "
                "WHERE personal = 1 AND (SELECT day FROM visits WHERE id = events.visit_id) < :kept) "
                "+ (SELECT count(*) FROM quick_answers WHERE day < :kept AND question IS NOT NULL) "
                "+ (SELECT count(*) FROM standups WHERE day < :notes AND notes IS NOT NULL) "
                "+ (SELECT count(*) FROM standup_log WHERE type = 'notes' AND data <> '{}' AND day < :notes)",
                {"kept": kept, "notes": notes_kept},
            ).fetchone()[0]
        if not pending:
            return 0
        paths = ", ".join(f"'$.{key}'" for key in PERSONAL_EVENT_KEYS)
        with self.database.write(patience_s) as (conn, now_ms, _):
            visits = conn.execute(
                "UPDATE visits SET name = NULL, question = NULL WHERE day < ? "
                "AND (name IS NOT NULL OR question IS NOT NULL)",
                (kept,),
            ).rowcount
            notes = conn.execute(
                f"UPDATE events SET data = json_remove(data, {paths}), personal = 0 "
                "WHERE personal = 1 AND (SELECT day FROM visits WHERE id = events.visit_id) < ?",
                (kept,),
            ).rowcount
            # A visitor's own words at a quick answer (kennisbank); the count stays.
            conn.execute("UPDATE quick_answers SET question = NULL WHERE day < ? AND question IS NOT NULL", (kept,))
            standups = conn.execute(
                "UPDATE standups SET notes = NULL WHERE day < ? AND notes IS NOT NULL", (notes_kept,)
            ).rowcount
            conn.execute(
                "UPDATE standup_log SET data = '{}' WHERE type = 'notes' AND data <> '{}' AND day < ?",
                (notes_kept,),
            )
            self.database.event(
                conn, None, now_ms, "purge", SYSTEM_ACTOR,
                before=kept, visits=visits, notes=notes, standups=standups, standups_before=notes_kept,
            )
            # Until the WAL is emptied, the old text may be in its frames.
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO NOTHING",
                (WAL_PENDING_KEY,),
            )
        self.finish_purge(patience_s=UPKEEP_CHECKPOINT_S)
        return visits

    def finish_purge(self, patience_s: float = UPKEEP_CHECKPOINT_S) -> bool:
        """Empty the WAL after a purge; True once the removed text is gone from it.

        Another program holding a read open keeps the WAL from being emptied:
        then this gives up at once (never blocking anyone's command) and the
        next upkeep (a screen's minute, the next command) tries again.
        """
        if not self.database.checkpoint(patience_s):
            return False
        # Bookkeeping only, no time recorded: also for a clock behind the database.
        with self.database.write(UPKEEP_PATIENCE_S, guarded=False) as (conn, _, _):
            conn.execute("DELETE FROM meta WHERE key = ?", (WAL_PENDING_KEY,))
        return True
