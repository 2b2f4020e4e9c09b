"""Keeping the database honest over time: day end, retention, backup.

A mixin of ``Store`` (it uses the store's connection, ``_write``, ``_now`` and
``_event``). Start-up upkeep is cheap: every query here runs on a partial
index that holds only the rows with work to do, and nothing is written when
there is nothing to do.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from balie.clock import ClockBehind, local, parse_local, to_ms
from balie.config import WEEKDAYS, Config
from balie.core.dayend import before_opening, certain_day_end
from balie.core.visits import State, next_state
from balie.errors import BalieError

if TYPE_CHECKING:
    from balie.store.database import Store

# Keys of an event's data that hold text typed about a visitor: removed with the
# name and question when the retention period is over. An event holding any of
# them is marked ``personal = 1`` when written, so the purge finds it by index.
PERSONAL_EVENT_KEYS = ("note", "reason")
# The actor in the event log for what balie does by itself.
SYSTEM_ACTOR = "balie"
DAY_CLOSED_KEY = "day_closed:"  # meta key prefix + day; value: when (UTC ms)
# Start-up upkeep waits this long for the write lock, then leaves it for later.
UPKEEP_PATIENCE_S = 2.0
# ... and this long for readers before emptying the WAL after a purge.
UPKEEP_CHECKPOINT_S = 0.2
CHECKPOINT_BUSY_MS = 20  # one try at emptying the WAL waits this long for readers
ENDED_KEY = "ended_through"  # meta: every day up to and including this one has ended
WAL_PENDING_KEY = "purge_wal_pending"  # meta: purged text may still be in the WAL
# meta key: the newest time any write recorded (UTC ms); what a clock is held against.
NEWEST_KEY = "newest_ms"


def is_personal(data: dict[str, Any]) -> bool:
    return any(data.get(key) for key in PERSONAL_EVENT_KEYS)


def record_time(conn: sqlite3.Connection, at_ms: int) -> None:
    """Inside a write: ``at_ms`` is now the newest time the database knows."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (NEWEST_KEY, str(at_ms)),
    )


def _shift_day(day: str, days: int) -> str:
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=days)).isoformat()


def _end_of_day_ms(day: str) -> int:
    """The first moment of the next local day (DST-aware), in UTC ms."""
    return to_ms(parse_local(_shift_day(day, 1)))


class UpkeepStore:
    """Day end, removal of expired personal data, checkpoint and backup."""

    # -- the clock against the database ---------------------------------------------

    @staticmethod
    def _newest_in(conn: sqlite3.Connection) -> int | None:
        """The newest time written (UTC ms); from the logs in a database older than the mark."""
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (NEWEST_KEY,)).fetchone()
        if row is not None:
            return int(row[0])
        times = [
            found[0]
            for table in ("events", "standup_log")
            if (found := conn.execute(f"SELECT at_ms FROM {table} ORDER BY id DESC LIMIT 1").fetchone())
        ]
        return max(times, default=None)

    def newest_known_ms(self: Store) -> int | None:
        with self._errors():
            return self._newest_in(self.conn)

    def accept_clock(self: Store, actor: str) -> bool:
        """A human says this clock is right though the database knew a later time.

        Recorded as an event; from then on writes are held against this time.
        False (and nothing written) when the clock was not behind.
        """
        with self._write(guarded=False) as (conn, now_ms, _):
            newest = self._newest_in(conn)
            if newest is None or now_ms >= newest:
                return False
            self._event(conn, None, now_ms, "clock_accepted", actor, newest=newest)
            return True

    # -- day end -----------------------------------------------------------------

    def close_day(self: Store, day: str | None = None, actor: str = SYSTEM_ACTOR) -> int:
        """End a day and every earlier day still open: whoever still waits or
        stands at a counter becomes 'unserved'.

        Records the day end (an event and ``meta``) even when nobody was left,
        and returns how many visitors it closed. Said by a person (the command
        or a screen's 'Dag afsluiten'): which earlier days were still open is
        ``unclosed_days()`` before.
        """
        day = day or self.today()
        return self._close_days("day <= ?", (day,), actor, always=(day,), through=day)

    def close_earlier_days(
        self: Store, actor: str = SYSTEM_ACTOR, patience_s: float | None = None
    ) -> int:
        """End every day before today; only when that is certainly right (``upkeep``)."""
        today = self.today()
        yesterday = _shift_day(today, -1)
        through = self.ended_through()
        if not self.unclosed_days() and through is not None and through >= yesterday:
            return 0
        return self._close_days("day < ?", (today,), actor, patience_s=patience_s, through=yesterday)

    def _close_days(
        self: Store,
        where: str,
        params: tuple[Any, ...],
        actor: str,
        always: tuple[str, ...] = (),
        patience_s: float | None = None,
        through: str | None = None,
    ) -> int:
        with self._write(patience_s) as (conn, now_ms, today):
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
                self._event(conn, visit_id, now_ms, "close_day", actor, was=state, **extra)
                closed[day] = closed.get(day, 0) + 1
            for day, count in sorted(closed.items()):
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (DAY_CLOSED_KEY + day, str(now_ms)),
                )
                self._event(conn, None, now_ms, "day_end", actor, day=day, unserved=count)
            if through is not None:
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                    "SET value = max(value, excluded.value)",
                    (ENDED_KEY, through),
                )
        return len(rows)

    def day_closed_ms(self: Store, day: str) -> int | None:
        """When a day was closed (UTC ms), or None when it was not (yet)."""
        value = self.get_meta(DAY_CLOSED_KEY + day)
        return int(value) if value else None

    def ended_through(self: Store) -> str | None:
        """The last day of the run of days that have certainly ended (None: none yet)."""
        return self.get_meta(ENDED_KEY)

    def unclosed_days(self: Store) -> list[tuple[str, int]]:
        """Days before today not ended yet, with how many visitors are still open on each.

        A day is ended once a person closed it or balie did so when that was
        certainly right; a visitor registered on a day after its end (late)
        opens it again.
        """
        today = self.today()
        with self._errors():
            conn = self.conn
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

    # -- what a process does by itself ------------------------------------------------

    def upkeep(self: Store, config: Config, saw_midnight: bool = False) -> int:
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
            if not self.clock.fixed:
                if self._day_end_is_certain(config, saw_midnight):
                    self.close_earlier_days(patience_s=UPKEEP_PATIENCE_S)
                purged = self.purge(config.retention_days, config.notes_retention_days, UPKEEP_PATIENCE_S)
            if self.get_meta(WAL_PENDING_KEY):
                self.finish_purge(patience_s=UPKEEP_CHECKPOINT_S)
        except ClockBehind:
            pass
        except BalieError as error:
            if "bezet" not in str(error):
                raise
        return purged

    def _day_end_is_certain(self: Store, config: Config, saw_midnight: bool) -> bool:
        now = self.clock.now()
        hours_today = config.opening_hours.get(WEEKDAYS[local(now).weekday()])
        return certain_day_end(
            fixed_clock=self.clock.fixed,
            saw_midnight=saw_midnight,
            is_before_opening=before_opening(hours_today, local(now).format("HH:mm")),
            now_ms=to_ms(now),
            newest_ms=self.newest_known_ms(),
        )

    # -- retention -----------------------------------------------------------------

    def purge_cutoff(self: Store, retention_days: int) -> str:
        """The first day whose personal data is still kept.

        A visit's name and question are kept ``retention_days`` calendar days
        after the visit: with 1, yesterday's are removed today.
        """
        _, today = self._now()
        return _shift_day(today, -(max(1, retention_days) - 1))

    def _kept_from(self: Store, retention_days: int) -> str:
        """The first day that is kept: within the retention period, or not ended yet."""
        through = self.ended_through()
        cutoff = self.purge_cutoff(retention_days)
        return cutoff if through is None else min(cutoff, _shift_day(through, 1))

    def purge(
        self: Store,
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
        if self.ended_through() is None:
            return 0
        kept = self._kept_from(retention_days)
        notes_kept = self._kept_from(notes_retention_days or retention_days)
        with self._errors():
            pending = self.conn.execute(
                "SELECT (SELECT count(*) FROM visits WHERE day < :kept "
                "AND (name IS NOT NULL OR question IS NOT NULL)) + (SELECT count(*) FROM events "
                "WHERE personal = 1 AND (SELECT day FROM visits WHERE id = events.visit_id) < :kept) "
                "+ (SELECT count(*) FROM standups WHERE day < :notes AND notes IS NOT NULL) "
                "+ (SELECT count(*) FROM standup_log WHERE type = 'notes' AND data <> '{}' AND day < :notes)",
                {"kept": kept, "notes": notes_kept},
            ).fetchone()[0]
        if not pending:
            return 0
        paths = ", ".join(f"'$.{key}'" for key in PERSONAL_EVENT_KEYS)
        with self._write(patience_s) as (conn, now_ms, _):
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
            standups = conn.execute(
                "UPDATE standups SET notes = NULL WHERE day < ? AND notes IS NOT NULL", (notes_kept,)
            ).rowcount
            conn.execute(
                "UPDATE standup_log SET data = '{}' WHERE type = 'notes' AND data <> '{}' AND day < ?",
                (notes_kept,),
            )
            self._event(
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

    def finish_purge(self: Store, patience_s: float = UPKEEP_CHECKPOINT_S) -> bool:
        """Empty the WAL after a purge; True once the removed text is gone from it.

        Another program holding a read open keeps the WAL from being emptied:
        then this gives up at once (never blocking anyone's command) and the
        next upkeep (a screen's minute, the next command) tries again.
        """
        if not self.checkpoint(patience_s):
            return False
        # Bookkeeping only, no time recorded: also for a clock behind the database.
        with self._write(UPKEEP_PATIENCE_S, guarded=False) as (conn, _, _):
            conn.execute("DELETE FROM meta WHERE key = ?", (WAL_PENDING_KEY,))
        return True

    def checkpoint(self: Store, patience_s: float = 2.0) -> bool:
        """Copy the WAL into the file and empty it; True when that fully happened.

        A screen in the middle of a read holds it up for a moment: retried with
        a short wait each time, so a read held open elsewhere costs at most
        ``patience_s``.
        """
        deadline = time.monotonic() + patience_s
        with self._errors():
            conn = self.conn
            usual = conn.execute("PRAGMA busy_timeout").fetchone()[0]
            conn.execute(f"PRAGMA busy_timeout = {CHECKPOINT_BUSY_MS}")
            try:
                while True:
                    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                    if not busy or time.monotonic() > deadline:
                        return not busy
                    time.sleep(0.05)
            finally:
                conn.execute(f"PRAGMA busy_timeout = {usual}")

    # -- backup ------------------------------------------------------------------

    def _is_own_file(self: Store, target: Path) -> bool:
        """Whether ``target`` is the database, its -wal, -shm or journal, by any path or link."""
        real = os.path.realpath(target)
        try:
            info = os.stat(target)
            identity = (info.st_dev, info.st_ino)
        except OSError:
            identity = None
        for own in self.own_files():
            if os.path.realpath(own) == real:
                return True
            try:
                info = os.stat(own)
            except OSError:
                continue
            if identity == (info.st_dev, info.st_ino):
                return True
        return False

    def backup(self: Store, target: str | os.PathLike[str], force: bool = False) -> int:
        """A consistent copy of the whole database, made while screens keep working.

        SQLite's backup API copies every page within one read transaction, so
        writers go on and the copy is one moment of the database. It is written
        next to the target and renamed into place only after an integrity
        check, so a failed backup never leaves a half file. Returns the number
        of visits in the copy.
        """
        target = Path(target).expanduser()
        if self._is_own_file(target):
            raise BalieError(
                f"{str(target)!r} is een van de eigen bestanden van de database; een backup kan "
                "niet over de database zelf heen. Kies een ander pad."
            )
        if target.is_dir():
            raise BalieError(f"{str(target)!r} is een map; geef een bestandsnaam op.")
        if target.exists() and not force:
            raise BalieError(f"{str(target)!r} bestaat al; kies een andere naam of gebruik --force.")
        if not target.parent.is_dir():
            raise BalieError(f"De map {str(target.parent)!r} bestaat niet.")
        partial = target.with_name(f".{target.name}.{os.getpid()}.deel")
        try:
            fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except OSError as error:
            raise BalieError(
                f"Kan in {str(target.parent)!r} niet schrijven: {error.strerror or error}."
            ) from error
        try:
            copy = sqlite3.connect(partial, isolation_level=None)
            try:
                with self._errors():
                    self.conn.backup(copy)
                    # One self-contained file, no -wal beside it.
                    copy.execute("PRAGMA journal_mode = DELETE")
                    check = copy.execute("PRAGMA integrity_check").fetchone()[0]
                    visits = copy.execute("SELECT count(*) FROM visits").fetchone()[0]
                if check != "ok":
                    raise BalieError(f"De backup is niet in orde ({check}); niets bewaard.")
            finally:
                copy.close()
            with open(partial, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return visits
