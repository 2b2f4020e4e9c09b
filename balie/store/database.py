"""The connection layer every part of the store shares: one SQLite file, many processes.

Every state change is one ``BEGIN IMMEDIATE`` transaction (``Database.write``)
that also appends to the event log, so a change is either wholly there or not
at all, and two processes can never claim the same visitor. The time of a
write is read under the lock and held against the newest time the database
knows (the clock guard). Each thread gets its own connection (Textual runs
workers on several threads).
"""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from balie.clock import FIRST_YEAR, LAST_YEAR, Clock, checked, from_ms, local_day, parse_local, to_ms, write_time
from balie.errors import BalieError
from balie.store.files import check_header, file_identity, make_private, own_files, prepare
from balie.store.newest import newest_in, record_time
from balie.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from balie.store.sqlite import dutch, until_unlocked

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10_000
# How long a write waits for its turn before the user hears the database is busy.
WRITE_PATIENCE_S = 30.0
CHECKPOINT_BUSY_MS = 20  # one try at emptying the WAL waits this long for readers
# The actor in the event log for what balie does by itself.
SYSTEM_ACTOR = "balie"
# Keys of an event's data that hold text typed about a visitor: removed with the
# name and question when the retention period is over. An event holding any of
# them is marked ``personal = 1`` when written, so the purge finds it by index.
PERSONAL_EVENT_KEYS = ("note", "reason")


class Write(NamedTuple):
    """An open write transaction and the moment it happens (read under the lock)."""

    conn: sqlite3.Connection
    now_ms: int
    day: str


def is_personal(data: dict[str, Any]) -> bool:
    return any(data.get(key) for key in PERSONAL_EVENT_KEYS)


class Database:
    """Connections, transactions, the clock guard, the event log and ``meta``."""

    # The colleague signed in to a served screen (balie serve passes it): when
    # set, the actor of every event this store writes.
    person: str | None = None

    def __init__(self, path: str | os.PathLike[str], clock: Clock) -> None:
        self.path = Path(path).expanduser()
        self.clock = clock
        self._local = threading.local()
        # Bumped when the file was replaced: every thread then reconnects.
        self._generation = 0
        self._identity: tuple[int, int] | None = None  # (device, inode) once open
        # What a user should hear about the file (in Dutch), once, when it was opened.
        self.notices: list[str] = []
        # Set by a command that only reads: then it writes nothing at all, not even a cache.
        self.read_only = False
        # The latest local day seen: (its first ms, the next day's first ms, the day, a year a clock can show).
        self._day_span: tuple[int, int, str, bool] | None = None
        prepare(self.path)
        try:
            self._check_schema()
        except BaseException:
            self.close()  # a refused file is not kept open
            raise
        self.notices.extend(make_private(self.path))
        self._identity = file_identity(self.path)

    # -- connections -------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._local.generation != self._generation:
            self.close()
            conn = None
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            self._local.generation = self._generation
        return conn

    @property
    def db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            import sqlite_utils  # here, not at the top: it costs every start ~0.1 s

            db = sqlite_utils.Database(self.conn)
            self._local.db = db
        return db

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            # Deleted and overwritten personal data is zeroed, not left in free space.
            conn.execute("PRAGMA secure_delete = ON")
        except sqlite3.Error as error:
            raise dutch(error, self.path, opened=self._identity is not None) from error
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
            self._local.db = None

    @contextmanager
    def errors(self) -> Iterator[None]:
        """SQLite's errors as a Dutch message (``BalieError``)."""
        try:
            yield
        except sqlite3.Error as error:
            raise dutch(error, self.path, opened=self._identity is not None) from error

    @contextmanager
    def write(self, patience_s: float | None = None, guarded: bool = True) -> Iterator[Write]:
        """One immediate transaction: other writers wait, nothing is half done.

        The clock is read once the lock is held, so the order of commits is the
        order of their times: a ticket number, a place in the queue and the
        event log all agree, however many processes write at once. ``guarded``:
        the time is held against the newest time the database knows (a clock
        behind is refused, see ``clock.write_time``); only opening the file and
        a human accepting the clock go without.
        """
        if self.read_only:
            raise BalieError("Deze opdracht leest alleen; ze schrijft niets in de database.")
        self.check_file()  # never write into a file that is no longer there
        conn = self.conn
        with self.errors():
            until_unlocked(conn, "BEGIN IMMEDIATE", patience_s or WRITE_PATIENCE_S, BUSY_TIMEOUT_MS)
            try:
                now_ms = self._checked_now_ms()
                if guarded:
                    now_ms = write_time(now_ms, newest_in(conn))
                self._local.tx = Write(conn, now_ms, self._day_of(now_ms))
                yield self._local.tx
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            finally:
                self._local.tx = None
            conn.execute("COMMIT")

    def now(self) -> tuple[int, str]:
        """(now in UTC ms, local day); inside a write, the time of that write."""
        tx = getattr(self._local, "tx", None)
        if tx is not None:
            return tx.now_ms, tx.day
        now_ms = to_ms(self.clock.now())
        return now_ms, self._day_of(now_ms)

    def day_start_ms(self, at_ms: int) -> int:
        """The first moment (UTC ms) of the local day of ``at_ms``."""
        return self._span(at_ms)[0]

    def _day_of(self, at_ms: int) -> str:
        """The local day of a moment; the span of the latest day is kept, so the write
        that holds the lock converts no time zone until that day is over."""
        return self._span(at_ms)[2]

    def _span(self, at_ms: int) -> tuple[int, int, str, bool]:
        span = self._day_span
        if span is None or not span[0] <= at_ms < span[1]:
            day = local_day(from_ms(at_ms))
            following = (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()
            span = (to_ms(parse_local(day)), to_ms(parse_local(following)), day, FIRST_YEAR <= int(day[:4]) <= LAST_YEAR)
            self._day_span = span
        return span

    def _checked_now_ms(self) -> int:
        """Now, refused when no clock can show it (``clock.checked``): within a day
        already seen that check needs no time-zone conversion either."""
        moment = self.clock.now()
        at_ms = to_ms(moment)
        span = self._day_span
        if span is None or not span[0] <= at_ms < span[1] or not span[3]:
            checked(moment)
        return at_ms

    def today(self) -> str:
        return self.now()[1]

    def event(
        self,
        conn: sqlite3.Connection,
        visit_id: int | None,
        at_ms: int,
        event: str,
        actor: str,
        **data: Any,
    ) -> None:
        """Append to the event log, inside a write: what happened, to whom, by whom, when."""
        if self.person and actor != SYSTEM_ACTOR:  # what balie does by itself stays balie's
            actor = self.person
        conn.execute(
            "INSERT INTO events (visit_id, at_ms, type, actor, data, personal) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                visit_id, at_ms, event, actor,
                json.dumps(data, ensure_ascii=False, sort_keys=True), int(is_personal(data)),
            ),
        )

    # -- meta ----------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self.errors():
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.write(guarded=False) as (conn, _, _):  # records no time
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- the clock against the database ---------------------------------------

    def newest_known_ms(self) -> int | None:
        with self.errors():
            return newest_in(self.conn)

    def accept_clock(self, actor: str) -> bool:
        """A human says this clock is right though the database knew a later time.

        Recorded as an event and as the mark (``newest_in``); from then on
        writes are held against this time. False (and nothing written) when
        the clock was not behind.
        """
        with self.write(guarded=False) as (conn, now_ms, _):
            newest = newest_in(conn)
            if newest is None or now_ms >= newest:
                return False
            self.event(conn, None, now_ms, "clock_accepted", actor, newest=newest)
            record_time(conn, now_ms)
            return True

    # -- the file ------------------------------------------------------------

    def own_files(self) -> list[Path]:
        """The database and the side files SQLite keeps beside it."""
        return own_files(self.path)

    def check_file(self) -> None:
        """Fail clearly when the file is gone; reconnect when it was replaced.

        An open connection keeps working on a deleted file, so without this
        check a screen would go on writing where nobody else looks. A file put
        back in place (e.g. a restored backup) is checked like a new one.
        """
        identity = file_identity(self.path)
        if self._identity is not None and identity != self._identity:
            check_header(self.path)
            self._generation += 1
            self._check_schema()
            self._identity = identity

    def data_version(self) -> int:
        """Changes when another connection commits; costs microseconds to ask."""
        self.check_file()
        with self.errors():
            return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def checkpoint(self, patience_s: float = 2.0) -> bool:
        """Copy the WAL into the file and empty it; True when that fully happened.

        A screen in the middle of a read holds it up for a moment: retried with
        a short wait each time, so a read held open elsewhere costs at most
        ``patience_s``.
        """
        deadline = time.monotonic() + patience_s
        with self.errors():
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

    # -- the schema ----------------------------------------------------------

    def _check_schema(self) -> None:
        with self.errors():
            conn = self.conn
            # One read transaction, so a migration committed by another process
            # in between cannot make a fresh balie file look like a foreign one.
            conn.execute("BEGIN")
            try:
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            # Only a file without any mark or table may become a balie database:
            # another program's file is left untouched, even an empty one.
            blank = app_id == 0 and version == 0 and not tables
            if app_id != APPLICATION_ID and not blank:
                raise BalieError(f"{str(self.path)!r} is geen balie-database.")
            if version > SCHEMA_VERSION:
                raise BalieError(
                    f"{str(self.path)!r} is gemaakt door een nieuwere versie van balie "
                    f"(schema {version}); werk balie bij."
                )
            if version < SCHEMA_VERSION:
                self._enable_wal(conn)
                self._migrate()

    def _enable_wal(self, conn: sqlite3.Connection) -> None:
        """Switch to WAL; retried, because SQLite does not wait for the lock it needs.

        When several processes open a new file at once, ``PRAGMA journal_mode = WAL``
        fails at once with "database is locked" while another one reads; the busy
        timeout does not apply to it.
        """
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            until_unlocked(conn, "PRAGMA journal_mode = WAL", BUSY_TIMEOUT_MS / 1000, BUSY_TIMEOUT_MS)

    def _migrate(self) -> None:
        """Bring the schema up to date; several processes may race to do it.

        Foreign keys are off meanwhile (a migration may rebuild a table, which
        SQLite's own procedure requires; the switch only works outside a
        transaction) and checked before the commit instead.
        """
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with self.write(guarded=False) as (conn, _, _):
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
                    for statement in statements:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {number}")
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                    raise BalieError("De database kon niet worden bijgewerkt (verwijzingen kloppen niet).")
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")
