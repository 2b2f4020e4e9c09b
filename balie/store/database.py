"""The balie database: one SQLite file shared by every screen and command.

Every state change is one ``BEGIN IMMEDIATE`` transaction that also appends
to the event log, so a change is either wholly there or not at all, and two
processes can never claim the same visitor. Each thread gets its own
connection (Textual runs workers on several threads).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from balie.clock import Clock, checked_now, from_ms, local_day, to_ms, write_time
from balie.config import Config, Domain
from balie.core.calls import CALL_EVENTS, CLAIM_EVENTS, Call
from balie.core.estimate import DomainLoad, WaitEstimate, estimate
from balie.core.queue import in_queue_order, pick_next, queue_place_ms
from balie.core.safeguards import WAIT_AFTER_CALL_MS, check_counter_free, check_not_too_soon
from balie.core.tickets import format_ticket, next_seq
from balie.core.visits import (
    MAX_NAME,
    MAX_QUESTION,
    MAX_TOPIC,
    Kind,
    Outcome,
    State,
    Visit,
    clean_text,
    next_state,
)
from balie.errors import BalieError
from balie.store.accounts import AccountStore
from balie.store.reports import ReportStore
from balie.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from balie.store.standup import STANDUP_TABLES, StandupStore
from balie.store.simulation import SimulationStore
from balie.store.upkeep import NEWEST_KEY, SYSTEM_ACTOR, UpkeepStore, is_personal, record_time
from balie.store.waits import WaitsStore

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10_000
# How long a write waits for its turn before the user hears the database is busy.
WRITE_PATIENCE_S = 30.0
SQLITE_HEADER = b"SQLite format 3\x00"

_VISIT_COLUMNS = (
    "id, day, ticket, domain, kind, state, urgent, arrived_ms, queue_ms, appointment_ms, "
    "called_ms, finished_ms, counter, outcome, topic, name, question, transferred_from, requeued_ms"
)


class Write(NamedTuple):
    """An open write transaction and the moment it happens (read under the lock)."""

    conn: sqlite3.Connection
    now_ms: int
    day: str


def _visit(row: Sequence[Any]) -> Visit:
    return Visit(
        id=row[0],
        day=row[1],
        ticket=row[2],
        domain=row[3],
        kind=Kind(row[4]),
        state=State(row[5]),
        urgent=bool(row[6]),
        arrived_ms=row[7],
        queue_ms=row[8],
        appointment_ms=row[9],
        called_ms=row[10],
        finished_ms=row[11],
        counter=row[12],
        outcome=Outcome(row[13]) if row[13] else None,
        topic=row[14],
        name=row[15],
        question=row[16],
        transferred_from=row[17],
        requeued_ms=row[18],
    )


def _dutch(error: sqlite3.Error, path: Path, opened: bool = False) -> BalieError:
    """Turn an SQLite error into a message a front-office user can act on.

    ``opened``: the file was already known as a balie database, so a page that
    cannot be read means damage, not a foreign file.
    """
    text = str(error).lower()
    if opened and ("not a database" in text or "malformed" in text):
        return BalieError(
            f"De database {str(path)!r} is beschadigd: een deel van het bestand is onleesbaar. "
            "Sluit alle schermen en zet de laatste backup terug (gemaakt met balie backup; "
            "hoe dat gaat staat in de README onder 'Backup and restore')."
        )
    if "locked" in text or "busy" in text:
        return BalieError(
            "De database is bezet door een ander programma. Probeer het zo opnieuw."
        )
    if "readonly" in text or "read-only" in text:
        return BalieError(f"De database {str(path)!r} is alleen-lezen; wijzigen kan niet.")
    if "not a database" in text or "malformed" in text:
        return BalieError(f"{str(path)!r} is geen (leesbare) balie-database.")
    if "unable to open" in text or "disk i/o" in text:
        return BalieError(f"De database {str(path)!r} kan niet worden geopend of beschreven.")
    if "disk is full" in text or "full" in text:
        return BalieError("De schijf is vol; de wijziging is niet opgeslagen.")
    return BalieError(f"Databasefout: {error}")


def _until_unlocked(conn: sqlite3.Connection, statement: str, patience_s: float) -> None:
    """Run a statement that needs a lock, waiting our turn fairly.

    SQLite's own busy handler backs off up to 100 ms a try, so under load a
    waiting process can lose to busier ones for longer than any timeout
    (measured: 8 processes calling at once on 2 loaded cores). Short, jittered
    waits here keep every process in the race. Some statements (switching to
    WAL) never call the busy handler at all.
    """
    deadline = time.monotonic() + patience_s
    conn.execute("PRAGMA busy_timeout = 5")
    try:
        while True:
            try:
                conn.execute(statement)
                return
            except sqlite3.OperationalError as error:
                text = str(error).lower()
                if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.0005, 0.003))
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


class Store(StandupStore, ReportStore, UpkeepStore, AccountStore, WaitsStore, SimulationStore):
    """All reading and writing of visits; the clock decides what 'now' is."""

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
        self._open()
        self._identity = self._file_identity()

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
            raise _dutch(error, self.path, opened=self._identity is not None) from error
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
            self._local.db = None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise _dutch(error, self.path, opened=self._identity is not None) from error

    @contextmanager
    def _write(self, patience_s: float | None = None, guarded: bool = True) -> Iterator[Write]:
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
        with self._errors():
            _until_unlocked(conn, "BEGIN IMMEDIATE", patience_s or WRITE_PATIENCE_S)
            try:
                now_ms = to_ms(checked_now(self.clock))
                if guarded:
                    now_ms = write_time(now_ms, self._newest_in(conn))
                self._local.tx = Write(conn, now_ms, local_day(from_ms(now_ms)))
                yield self._local.tx
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            finally:
                self._local.tx = None
            conn.execute("COMMIT")

    # -- opening and migrating ---------------------------------------------

    def _open(self) -> None:
        folder = self.path.parent
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # personal data: owner only
        except OSError as error:
            raise BalieError(f"De map {str(folder)!r} kan niet worden aangemaakt.") from error
        is_new = not self.path.exists() or self.path.stat().st_size == 0
        if not is_new:
            self._check_header()
            self._check_writable()
        elif not os.access(folder, os.W_OK):
            raise BalieError(f"In de map {str(folder)!r} mag balie niet schrijven.")
        if is_new:
            # Personal data lives here: readable by its owner only.
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        try:
            self._check_schema()
        except BaseException:
            self.close()  # a refused file is not kept open
            raise
        self.notices.extend(self._make_private())

    def own_files(self) -> list[Path]:
        """The database and the side files SQLite keeps beside it."""
        return [self.path, *(Path(f"{self.path}{suffix}") for suffix in ("-wal", "-shm", "-journal"))]

    def _make_private(self) -> list[str]:
        """Files with personal data readable by others are made private, and that is said."""
        notices = []
        for path in self.own_files():
            try:
                info = path.stat()
            except OSError:
                continue
            if not info.st_mode & 0o077:
                continue
            if info.st_uid != os.geteuid():
                notices.append(
                    f"{str(path)!r} is leesbaar voor anderen en niet van deze gebruiker; "
                    f"maak het privé (chmod 600)."
                )
                continue
            try:
                path.chmod(0o600)
            except OSError:
                continue
            notices.append(
                f"{str(path)!r} was leesbaar voor anderen; nu alleen de eigenaar (het bevat persoonsgegevens)."
            )
        return notices

    def _check_schema(self) -> None:
        with self._errors():
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
            _until_unlocked(conn, "PRAGMA journal_mode = WAL", BUSY_TIMEOUT_MS / 1000)

    def _check_writable(self) -> None:
        """Refuse a read-only file before SQLite makes its -wal and -shm beside it.

        SQLite gives those the file's own permissions and a read-only
        connection leaves them behind, so the database would stay unusable
        after the file itself is made writable again. Side files left that way
        are repaired once the file is writable.
        """
        if not os.access(self.path, os.W_OK):
            raise BalieError(f"De database {str(self.path)!r} is alleen-lezen; wijzigen kan niet.")
        folder = self.path.parent
        if not Path(f"{self.path}-wal").exists() and not os.access(folder, os.W_OK | os.X_OK):
            raise BalieError(
                f"In de map {str(folder)!r} mag balie niet schrijven "
                "(nodig voor de -wal en -shm naast de database)."
            )
        for suffix in ("-wal", "-shm"):
            side = Path(f"{self.path}{suffix}")
            try:
                if side.exists() and not os.access(side, os.W_OK) and side.stat().st_uid == os.geteuid():
                    side.chmod(0o600)
            except OSError:
                pass  # SQLite will say what is wrong

    def _check_header(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise BalieError(f"De database {str(self.path)!r} is niet te lezen.") from error
        if header != SQLITE_HEADER:
            raise BalieError(f"{str(self.path)!r} is geen balie-database.")

    def _migrate(self) -> None:
        """Bring the schema up to date; several processes may race to do it.

        Foreign keys are off meanwhile (a migration may rebuild a table, which
        SQLite's own procedure requires; the switch only works outside a
        transaction) and checked before the commit instead.
        """
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with self._write(guarded=False) as (conn, _, _):
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

    def _file_identity(self) -> tuple[int, int]:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            raise BalieError(
                f"De database {str(self.path)!r} is er niet meer (verplaatst of verwijderd?). "
                "Zet hem terug; balie gaat dan vanzelf verder."
            ) from None
        except OSError as error:
            raise BalieError(
                f"De database {str(self.path)!r} is niet bereikbaar ({error.strerror or error})."
            ) from error
        return stat.st_dev, stat.st_ino

    def check_file(self) -> None:
        """Fail clearly when the file is gone; reconnect when it was replaced.

        An open connection keeps working on a deleted file, so without this
        check a screen would go on writing where nobody else looks. A file put
        back in place (e.g. a restored backup) is checked like a new one.
        """
        identity = self._file_identity()
        if self._identity is not None and identity != self._identity:
            self._check_header()
            self._generation += 1
            self._check_schema()
            self._identity = identity

    def data_version(self) -> int:
        """Changes when another connection commits; costs microseconds to ask."""
        self.check_file()
        with self._errors():
            return self.conn.execute("PRAGMA data_version").fetchone()[0]

    # -- helpers -------------------------------------------------------------

    def _now(self) -> tuple[int, str]:
        """(now in UTC ms, local day); inside a write, the time of that write."""
        tx = getattr(self._local, "tx", None)
        if tx is not None:
            return tx.now_ms, tx.day
        now = self.clock.now()
        return to_ms(now), local_day(now)

    def _event(
        self,
        conn: sqlite3.Connection,
        visit_id: int | None,
        at_ms: int,
        event: str,
        actor: str,
        **data: Any,
    ) -> None:
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
        record_time(conn, at_ms)

    def _load(self, conn: sqlite3.Connection, visit_id: int) -> Visit:
        row = conn.execute(
            f"SELECT {_VISIT_COLUMNS} FROM visits WHERE id = ?", (visit_id,)
        ).fetchone()
        if row is None:
            raise BalieError("Deze bezoeker bestaat niet (meer).")
        return _visit(row)

    def _select(self, where: str, params: Sequence[Any] = ()) -> list[Visit]:
        with self._errors():
            rows = self.conn.execute(
                f"SELECT {_VISIT_COLUMNS} FROM visits WHERE {where}", params
            ).fetchall()
        return [_visit(row) for row in rows]

    # -- reading -----------------------------------------------------------

    def today(self) -> str:
        return self._now()[1]

    def visit(self, visit_id: int) -> Visit:
        with self._errors():
            return self._load(self.conn, visit_id)

    def find_ticket(self, ticket: str, day: str | None = None) -> Visit:
        day = day or self.today()
        found = self._select("ticket = ? AND day = ?", (ticket, day))
        if not found:
            raise BalieError(f"Ticket {ticket} bestaat vandaag niet.")
        return found[0]

    def visits_on(self, day: str) -> list[Visit]:
        return self._select("day = ? ORDER BY id", (day,))

    def waiting(self, domains: Sequence[str] | None = None) -> list[Visit]:
        """Today's waiting visitors in queue order."""
        visits = self._select("state = 'waiting' AND day = ?", (self.today(),))
        if domains is not None:
            visits = [v for v in visits if v.domain in set(domains)]
        return in_queue_order(visits)

    def count_visits_on(self, day: str) -> int:
        with self._errors():
            return self.conn.execute("SELECT count(*) FROM visits WHERE day = ?", (day,)).fetchone()[0]

    def has_visits(self) -> bool:
        with self._errors():
            return self.conn.execute("SELECT EXISTS (SELECT 1 FROM visits)").fetchone()[0] == 1

    def domain_loads(self, config: Config, waiting: list[Visit] | None = None) -> list[DomainLoad]:
        """Per domain: waiting, longest wait so far, and the wait for someone joining now.

        ``waiting``: today's waiting visitors when the caller has just read them.
        """
        now_ms, _ = self._now()
        if waiting is None:
            waiting = self.waiting()
        office = self.office_now(config, waiting)
        loads = []
        for domain in config.domains:
            mine = [v for v in waiting if v.domain == domain.key]
            loads.append(
                DomainLoad(
                    domain=domain.key,
                    waiting=len(mine),
                    longest_wait_ms=max((v.waited_ms(now_ms) for v in mine), default=0),
                    wait=estimate(office, domain.key, office.waiting.get(domain.key, 0)),
                )
            )
        return loads

    def outlook(self, visit: Visit, config: Config) -> tuple[int, WaitEstimate]:
        """(people ahead, the wait estimate) for a waiting visitor, to say out loud."""
        waiting = self.waiting()
        queue = [v for v in waiting if v.domain == visit.domain]
        ahead = next((i for i, v in enumerate(queue) if v.id == visit.id), len(queue))
        return ahead, estimate(self.office_now(config, waiting), visit.domain, ahead)

    def recent_calls(self, limit: int) -> list[Call]:
        """Today's calls, newest first: what the waiting board shows (no personal data).

        One line per ticket, its latest call or recall, with the counter that
        call named: where the visitor must go now, never where they went before.
        A recall written before recalls named their counter takes the counter
        of the call before it.
        """
        calls = ", ".join(f"'{kind}'" for kind in CALL_EVENTS)
        claims = ", ".join(f"'{kind}'" for kind in CLAIM_EVENTS)
        with self._errors():
            rows = self.conn.execute(
                "SELECT e.id, v.ticket, coalesce(json_extract(e.data, '$.counter'), "
                "(SELECT json_extract(p.data, '$.counter') FROM events p WHERE p.visit_id = e.visit_id "
                f"AND p.id < e.id AND p.type IN ({claims}) ORDER BY p.id DESC LIMIT 1), ''), "
                "e.at_ms, v.domain FROM events e JOIN visits v ON v.id = e.visit_id "
                f"WHERE v.day = ? AND e.type IN ({calls}) AND NOT EXISTS (SELECT 1 FROM events later "
                f"WHERE later.visit_id = e.visit_id AND later.id > e.id AND later.type IN ({calls})) "
                "ORDER BY e.id DESC LIMIT ?",
                (self.today(), limit),
            ).fetchall()
        return [Call(*row) for row in rows]

    def quick_answers_on(self, day: str) -> int:
        with self._errors():
            return self.conn.execute(
                "SELECT count(*) FROM quick_answers WHERE day = ?", (day,)
            ).fetchone()[0]

    def events_for(self, visit_id: int) -> list[dict[str, Any]]:
        with self._errors():
            rows = self.db.query(
                "SELECT at_ms, type, actor, data FROM events WHERE visit_id = ? ORDER BY id",
                [visit_id],
            )
            return [{**row, "data": json.loads(row["data"])} for row in rows]

    def get_meta(self, key: str) -> str | None:
        with self._errors():
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._write(guarded=False) as (conn, _, _):  # records no time
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def clear_demo(self) -> None:
        """Empty a demo database before it is filled again; never real data."""
        with self._write(guarded=False) as (conn, _, _):  # records no time
            row = conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
            has_visits = conn.execute("SELECT EXISTS (SELECT 1 FROM visits)").fetchone()[0]
            if has_visits and (row is None or row[0] != "1"):
                raise BalieError("Deze database bevat echte bezoeken; die wist balie niet.")
            for table in ("events", "quick_answers", "visits", *STANDUP_TABLES):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM meta WHERE key = ?", (NEWEST_KEY,))  # the demo starts its own time

    # -- the host desk -----------------------------------------------------

    def register(
        self,
        domain: Domain,
        *,
        name: str | None = None,
        question: str | None = None,
        urgent: bool = False,
        appointment_ms: int | None = None,
        actor: str = "gastvrouw",
    ) -> Visit:
        """Queue a visitor; the ticket exists only once this has committed."""
        with self._write() as (conn, now_ms, day):
            visit_id = self._insert_visit(
                conn, domain, now_ms, day, actor,
                name=name, question=question, urgent=urgent, appointment_ms=appointment_ms,
            )
            return self._load(conn, visit_id)

    def register_with_outlook(
        self, domain: Domain, config: Config, *, actor: str = "gastvrouw", **details: Any
    ) -> tuple[Visit, int, WaitEstimate]:
        """Queue a visitor and say (people ahead, the wait estimate) as of that moment.

        Ticket, place in the queue and "N voor u" come from one transaction, so
        desks registering at the same moment never tell two visitors the same
        number, and a call in between cannot make the number disagree with the
        ticket. ``details``: as for ``register``.
        """
        with self._write() as (conn, now_ms, day):
            visit = self._load(conn, self._insert_visit(conn, domain, now_ms, day, actor, **details))
            return (visit, *self.outlook(visit, config))

    def _insert_visit(
        self,
        conn: sqlite3.Connection,
        domain: Domain,
        now_ms: int,
        day: str,
        actor: str,
        *,
        name: str | None = None,
        question: str | None = None,
        urgent: bool = False,
        appointment_ms: int | None = None,
        **event_data: Any,
    ) -> int:
        """Give the next ticket of the day and queue the visitor (inside a write)."""
        kind = Kind.APPOINTMENT if appointment_ms is not None else Kind.WALK_IN
        highest = conn.execute(
            "SELECT max(seq) FROM visits WHERE day = ? AND prefix = ?", (day, domain.prefix)
        ).fetchone()[0]
        seq = next_seq(highest)
        ticket = format_ticket(domain.prefix, seq)
        cursor = conn.execute(
            "INSERT INTO visits (day, prefix, seq, ticket, domain, kind, state, urgent, "
            "arrived_ms, queue_ms, appointment_ms, name, question) "
            "VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?)",
            (
                day, domain.prefix, seq, ticket, domain.key, kind.value, int(urgent), now_ms,
                queue_place_ms(kind, now_ms, appointment_ms), appointment_ms,
                clean_text(name, MAX_NAME), clean_text(question, MAX_QUESTION),
            ),
        )
        visit_id = cursor.lastrowid
        assert visit_id is not None
        self._event(
            conn, visit_id, now_ms, "registered", actor,
            domain=domain.key, kind=kind.value, urgent=urgent, ticket=ticket, **event_data,
        )
        return visit_id

    def _change(
        self,
        visit_id: int,
        action: str,
        actor: str,
        changes: dict[str, Any] | Callable[[Visit], tuple[dict[str, Any], dict[str, Any]]] | None = None,
        **event_data: Any,
    ) -> Visit:
        """Apply one allowed state change and log it, in one transaction.

        ``changes`` may be a function of the visit as it is inside the
        transaction, returning (column changes, event data), for changes that
        depend on the visit's current values.
        """
        with self._write() as (conn, now_ms, _):
            visit = self._load(conn, visit_id)
            state = next_state(action, visit.ticket, visit.state)
            if callable(changes):
                changes, extra = changes(visit)
                event_data = {**event_data, **extra}
            values = {"state": state.value, **(changes or {})}
            for column, value in list(values.items()):
                if value is _NOW:
                    values[column] = now_ms
            assignments = ", ".join(f"{column} = ?" for column in values)
            conn.execute(
                f"UPDATE visits SET {assignments} WHERE id = ?", (*values.values(), visit_id)
            )
            self._event(conn, visit_id, now_ms, action, actor, **event_data)
            return self._load(conn, visit_id)

    def set_urgent(self, visit_id: int, urgent: bool, actor: str = "gastvrouw") -> Visit:
        return self._change(visit_id, "mark_urgent", actor, {"urgent": int(urgent)}, urgent=urgent)

    def correct_domain(self, visit_id: int, domain: Domain, actor: str = "gastvrouw") -> Visit:
        """Fix a registration mistake; the visitor keeps ticket and place."""

        def move(visit: Visit) -> tuple[dict[str, Any], dict[str, Any]]:
            if visit.domain == domain.key:  # someone else just did the same
                raise BalieError(f"{visit.ticket} staat al bij {domain.label}.")
            return {"domain": domain.key}, {"from": visit.domain, "to": domain.key}

        before = self.visit(visit_id)
        if before.domain == domain.key:
            return before
        return self._change(visit_id, "change_domain", actor, move)

    def mark_left(self, visit_id: int, actor: str = "gastvrouw") -> Visit:
        return self._change(visit_id, "leave", actor, {"finished_ms": _NOW})

    def quick_answer(
        self, topic: str | None = None, domain: str | None = None, actor: str = "gastvrouw"
    ) -> None:
        """A question answered at the desk without a ticket (wegwijzen)."""
        topic = clean_text(topic, MAX_TOPIC)
        with self._write() as (conn, now_ms, day):
            conn.execute(
                "INSERT INTO quick_answers (day, at_ms, domain, topic, actor) VALUES (?, ?, ?, ?, ?)",
                (day, now_ms, domain, topic, actor),
            )
            self._event(conn, None, now_ms, "quick_answer", actor, domain=domain, topic=topic)

    # -- the counters --------------------------------------------------------

    def call_next(self, counter: str, domains: Sequence[str], actor: str | None = None) -> Visit | None:
        """Claim the next visitor for a counter; safe however many call at once."""
        with self._write() as (conn, now_ms, day):
            self._check_not_paused(conn, counter)
            self._check_counter_free(conn, counter)  # busy, not "nobody waiting"
            rows = conn.execute(
                f"SELECT {_VISIT_COLUMNS} FROM visits WHERE state = 'waiting' AND day = ?",
                (day,),
            ).fetchall()
            chosen = pick_next((_visit(row) for row in rows), domains)
            if chosen is None:
                return None
            return self._claim(conn, chosen, counter, actor or counter, now_ms, "call")

    def _claim(
        self,
        conn: sqlite3.Connection,
        visit: Visit,
        counter: str,
        actor: str,
        now_ms: int,
        action: str,
        **event_data: Any,
    ) -> Visit:
        next_state("call", visit.ticket, visit.state)
        self._check_not_paused(conn, counter)
        self._check_counter_free(conn, counter, visit.id)
        conn.execute(
            "UPDATE visits SET state = 'called', counter = ?, "
            "called_ms = coalesce(called_ms, ?) WHERE id = ? AND state = 'waiting'",
            (counter, now_ms, visit.id),
        )
        self._event(conn, visit.id, now_ms, action, actor, counter=counter, **event_data)
        return self._load(conn, visit.id)

    def call_visit(
        self, visit_id: int, counter: str, reason: str | None = None, actor: str | None = None
    ) -> Visit:
        """Call one particular visitor out of queue order, with a reason."""
        with self._write() as (conn, now_ms, _):
            visit = self._load(conn, visit_id)
            return self._claim(
                conn, visit, counter, actor or counter, now_ms, "call_out_of_order",
                reason=clean_text(reason, MAX_TOPIC),
            )

    def _check_counter_free(
        self, conn: sqlite3.Connection, counter: str, visit_id: int | None = None
    ) -> None:
        """One visitor per counter, checked in the transaction that claims the next one."""
        _, day = self._now()
        row = conn.execute(
            "SELECT ticket FROM visits WHERE day = ? AND state = 'called' AND counter = ? "
            "AND id IS NOT ? ORDER BY called_ms LIMIT 1",
            (day, counter, visit_id),
        ).fetchone()
        check_counter_free(counter, row[0] if row else None)

    def _at_counter(
        self, action: str, changes: dict[str, Any] | None = None
    ) -> Callable[[Visit], tuple[dict[str, Any], dict[str, Any]]]:
        """A change to the visitor at a counter, for ``_change``: its event names
        that counter, and it waits its time after the latest call (core.safeguards)."""

        def apply(visit: Visit) -> tuple[dict[str, Any], dict[str, Any]]:
            if action in WAIT_AFTER_CALL_MS:
                conn, now_ms, _ = self._local.tx
                last = conn.execute(
                    f"SELECT max(at_ms) FROM events WHERE visit_id = ? AND type IN "
                    f"({', '.join('?' for _ in CALL_EVENTS)})",
                    (visit.id, *CALL_EVENTS),
                ).fetchone()[0]
                check_not_too_soon(action, visit.ticket, last, now_ms)
            return dict(changes or {}), {"counter": visit.counter}

        return apply

    def recall(self, visit_id: int, actor: str) -> Visit:
        return self._change(visit_id, "recall", actor, self._at_counter("recall"))

    def requeue(self, visit_id: int, actor: str) -> Visit:
        """Back in the queue at their old place (e.g. stepped away for a moment)."""
        return self._change(
            visit_id, "requeue", actor, self._at_counter("requeue", {"counter": None, "requeued_ms": _NOW})
        )

    def no_show(self, visit_id: int, actor: str) -> Visit:
        return self._change(visit_id, "no_show", actor, self._at_counter("no_show", {"finished_ms": _NOW}))

    def returned(self, visit_id: int, counter: str, actor: str | None = None) -> Visit:
        """A no-show turned up after all at ``counter``: back in the queue at their old place."""
        return self._change(
            visit_id, "return", actor or counter,
            {"finished_ms": None, "counter": None, "requeued_ms": _NOW}, counter=counter,
        )

    def transfer(
        self, visit_id: int, domain: Domain, actor: str, note: str | None = None
    ) -> Visit:
        """Hand over to another domain; the visitor keeps their place in the queue."""

        def move(visit: Visit) -> tuple[dict[str, Any], dict[str, Any]]:
            if visit.domain == domain.key:
                raise BalieError(f"{visit.ticket} staat al bij {domain.label}.")
            changes = {
                "domain": domain.key,
                "counter": None,
                "transferred_from": visit.transferred_from or visit.domain,
            }
            if visit.state == State.CALLED:  # back in a queue: their wait starts again
                changes["requeued_ms"] = _NOW
            return changes, {"from": visit.domain, "to": domain.key, "counter": visit.counter}

        return self._change(
            visit_id, "transfer", actor, move, note=clean_text(note, MAX_QUESTION)
        )

    def finish(
        self, visit_id: int, outcome: Outcome, actor: str, topic: str | None = None
    ) -> Visit:
        topic = clean_text(topic, MAX_TOPIC)
        return self._change(
            visit_id, "finish", actor,
            self._at_counter("finish", {"outcome": outcome.value, "topic": topic, "finished_ms": _NOW}),
            outcome=outcome.value, topic=topic,
        )


    # -- the counter screen and its commands ---------------------------------

    def current_visits(self, counter: str) -> list[Visit]:
        """Who this counter is helping now (newest call first); survives restarts."""
        return self._select(
            "state = 'called' AND counter = ? AND day = ? ORDER BY called_ms DESC, id DESC",
            (counter, self.today()),
        )

    def no_shows(self, domains: Sequence[str] | None = None) -> list[Visit]:
        """Today's no-shows, latest first: candidates for 'turned up after all'."""
        visits = self._select(
            "state = 'no_show' AND day = ? ORDER BY finished_ms DESC, id DESC", (self.today(),)
        )
        return [v for v in visits if domains is None or v.domain in set(domains)]

    def visits_between(self, first_day: str, last_day: str) -> list[Visit]:
        """Visits of the local days ``first_day`` to ``last_day`` inclusive (for export)."""
        return self._select("day BETWEEN ? AND ? ORDER BY day, id", (first_day, last_day))

    def topics_used(self, limit: int = 200) -> list[str]:
        """Topics typed before, most used first, to suggest while typing one."""
        with self._errors():
            rows = self.conn.execute(
                "SELECT topic FROM (SELECT topic FROM visits WHERE topic IS NOT NULL "
                "UNION ALL SELECT topic FROM quick_answers WHERE topic IS NOT NULL) "
                "GROUP BY topic ORDER BY count(*) DESC, topic LIMIT ?",
                (limit,),
            ).fetchall()
        return [row[0] for row in rows]

    def counter_log(self, counter: str, limit: int | None = None) -> list[dict[str, Any]]:
        """What happened at a counter today (calls, finishes, transfers...), newest first.

        Found by the counter each event names, whoever did it; an event from
        before events named their counter counts for its actor (then always
        the counter). Today's visits first: the log of earlier days is not read.
        """
        sql = (
            "SELECT e.at_ms, e.type, v.ticket, v.domain, e.data FROM visits v "
            "CROSS JOIN events e ON e.visit_id = v.id WHERE v.day = ? "
            "AND coalesce(json_extract(e.data, '$.counter'), e.actor) = ? ORDER BY e.id DESC"
        )
        params: list[Any] = [self.today(), counter]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._errors():
            rows = self.conn.execute(sql, params).fetchall()
        return [
            {"at_ms": at, "type": kind, "ticket": ticket, "domain": domain, "data": json.loads(data)}
            for at, kind, ticket, domain, data in rows
        ]

    def counter_paused(self, counter: str) -> bool:
        return self.get_meta(_PAUSE_KEY + counter) == "1"

    def set_counter_paused(self, counter: str, paused: bool) -> None:
        """Pause or resume a counter; a paused counter calls nobody."""
        with self._write() as (conn, now_ms, _):
            if paused:
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, '1') "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (_PAUSE_KEY + counter,),
                )
            else:
                conn.execute("DELETE FROM meta WHERE key = ?", (_PAUSE_KEY + counter,))
            self._event(conn, None, now_ms, "pause" if paused else "resume", counter, counter=counter)

    def _check_not_paused(self, conn: sqlite3.Connection, counter: str) -> None:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (_PAUSE_KEY + counter,)).fetchone()
        if row is not None and row[0] == "1":
            raise BalieError(f"{counter} heeft pauze; hervat eerst om iemand op te roepen.")

    def serve_walk_up(
        self,
        domain: Domain,
        counter: str,
        *,
        question: str | None = None,
        name: str | None = None,
        actor: str | None = None,
    ) -> Visit:
        """A visitor who walks straight up to the counter: a ticket and the call at once."""
        actor = actor or counter
        with self._write() as (conn, now_ms, day):
            self._check_not_paused(conn, counter)
            visit_id = self._insert_visit(
                conn, domain, now_ms, day, actor,
                name=name, question=question, walk_up=True, counter=counter,
            )
            return self._claim(conn, self._load(conn, visit_id), counter, actor, now_ms, "call", walk_up=True)


_NOW = object()  # placeholder in ``_change`` for "the time of this change"
_PAUSE_KEY = "counter_paused:"  # meta key prefix; the value "1" means paused
