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

from balie.clock import parse_local, to_ms
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


def is_personal(data: dict[str, Any]) -> bool:
    return any(data.get(key) for key in PERSONAL_EVENT_KEYS)


def _shift_day(day: str, days: int) -> str:
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=days)).isoformat()


def _end_of_day_ms(day: str) -> int:
    """The first moment of the next local day (DST-aware), in UTC ms."""
    return to_ms(parse_local(_shift_day(day, 1)))


class UpkeepStore:
    """Day end, removal of expired personal data, checkpoint and backup."""

    # -- day end -----------------------------------------------------------------

    def close_day(self: Store, day: str | None = None, actor: str = SYSTEM_ACTOR) -> int:
        """End a day: whoever still waits or stands at a counter becomes 'unserved'.

        Records the day end (an event and ``meta``) even when nobody was left,
        and returns how many visitors it closed.
        """
        day = day or self.today()
        return self._close_days("day = ?", (day,), actor, always=(day,))

    def close_earlier_days(
        self: Store, actor: str = SYSTEM_ACTOR, patience_s: float | None = None
    ) -> int:
        """Close every day before today that still has open visitors."""
        today = self.today()
        with self._errors():
            open_left = self.conn.execute(
                "SELECT EXISTS (SELECT 1 FROM visits WHERE state IN ('waiting', 'called') "
                "AND day < ?)",
                (today,),
            ).fetchone()[0]
        if not open_left:
            return 0
        return self._close_days("day < ?", (today,), actor, patience_s=patience_s)

    def _close_days(
        self: Store,
        where: str,
        params: tuple[Any, ...],
        actor: str,
        always: tuple[str, ...] = (),
        patience_s: float | None = None,
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
        return len(rows)

    def day_closed_ms(self: Store, day: str) -> int | None:
        """When a day was closed (UTC ms), or None when it was not (yet)."""
        value = self.get_meta(DAY_CLOSED_KEY + day)
        return int(value) if value else None

    # -- retention -----------------------------------------------------------------

    def purge_cutoff(self: Store, retention_days: int) -> str:
        """The first day whose personal data is still kept.

        A visit's name and question are kept ``retention_days`` calendar days
        after the visit: with 1, yesterday's are removed today.
        """
        _, today = self._now()
        return _shift_day(today, -(max(1, retention_days) - 1))

    def purge(self: Store, retention_days: int, patience_s: float | None = None) -> int:
        """Remove names, questions and notes of visits before the cutoff; figures stay.

        Returns how many visits lost personal data. Afterwards the WAL is
        checkpointed and truncated, and ``secure_delete`` has zeroed the old
        bytes, so the removed text is not left readable in the file.
        """
        cutoff = self.purge_cutoff(retention_days)
        with self._errors():
            pending = self.conn.execute(
                "SELECT (SELECT count(*) FROM visits WHERE day < ? "
                "AND (name IS NOT NULL OR question IS NOT NULL)) + (SELECT count(*) FROM events "
                "WHERE personal = 1 AND (SELECT day FROM visits WHERE id = events.visit_id) < ?)",
                (cutoff, cutoff),
            ).fetchone()[0]
        if not pending:
            return 0
        paths = ", ".join(f"'$.{key}'" for key in PERSONAL_EVENT_KEYS)
        with self._write(patience_s) as (conn, now_ms, _):
            visits = conn.execute(
                "UPDATE visits SET name = NULL, question = NULL WHERE day < ? "
                "AND (name IS NOT NULL OR question IS NOT NULL)",
                (cutoff,),
            ).rowcount
            notes = conn.execute(
                f"UPDATE events SET data = json_remove(data, {paths}), personal = 0 "
                "WHERE personal = 1 AND (SELECT day FROM visits WHERE id = events.visit_id) < ?",
                (cutoff,),
            ).rowcount
            self._event(conn, None, now_ms, "purge", SYSTEM_ACTOR, before=cutoff, visits=visits, notes=notes)
        self.checkpoint()
        return visits

    def checkpoint(self: Store, patience_s: float = 2.0) -> bool:
        """Copy the WAL into the file and empty it; True when that fully happened.

        A screen in the middle of a read can hold it up for a moment: retried.
        """
        deadline = time.monotonic() + patience_s
        with self._errors():
            while True:
                busy, _, _ = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if not busy or time.monotonic() > deadline:
                    return not busy
                time.sleep(0.05)

    def start_up(self: Store, retention_days: int) -> None:
        """What every screen and command does on opening: close earlier days, purge.

        Best effort: when another process holds the write lock for long, it is
        left for the next start (the data stays correct meanwhile; screens show
        today only).
        """
        try:
            self.close_earlier_days(patience_s=UPKEEP_PATIENCE_S)
            self.purge(retention_days, patience_s=UPKEEP_PATIENCE_S)
        except BalieError as error:
            if "bezet" not in str(error):
                raise

    # -- backup ------------------------------------------------------------------

    def _is_own_file(self: Store, target: Path) -> bool:
        """Whether ``target`` is the database, its -wal, -shm or journal, by any path or link."""
        real = os.path.realpath(target)
        try:
            identity = (os.stat(target).st_dev, os.stat(target).st_ino)
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
