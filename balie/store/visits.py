"""Visits: how one comes to be (a ticket and a place), how one changes, how they are read.

Every change to a visit is one transaction with its event (``change``); the
desk, the queue and the counter all go through here. The rules of which change
is allowed live in ``core/visits.py``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from balie.config import Domain
from balie.core.queue import queue_place_ms
from balie.core.tickets import format_ticket, next_seq
from balie.core.visits import MAX_NAME, MAX_QUESTION, Kind, Outcome, State, Visit, clean_text, next_state
from balie.errors import BalieError
from balie.store.database import Database, Write

VISIT_COLUMNS = (
    "id, day, ticket, domain, kind, state, urgent, arrived_ms, queue_ms, appointment_ms, "
    "called_ms, finished_ms, counter, outcome, topic, name, question, transferred_from, requeued_ms, "
    "subject_id"
)

# A change's column value meaning "the time of this change".
NOW = object()

# What ``change`` accepts: column changes, or a function of the visit as it is
# inside the transaction returning (column changes, event data).
Changes = dict[str, Any] | Callable[[Visit, Write], tuple[dict[str, Any], dict[str, Any]]] | None


def visit_from_row(row: Sequence[Any]) -> Visit:
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
        subject_id=row[19],
    )


def load(conn: sqlite3.Connection, visit_id: int) -> Visit:
    row = conn.execute(f"SELECT {VISIT_COLUMNS} FROM visits WHERE id = ?", (visit_id,)).fetchone()
    if row is None:
        raise BalieError("Deze bezoeker bestaat niet (meer).")
    return visit_from_row(row)


def select(database: Database, where: str, params: Sequence[Any] = ()) -> list[Visit]:
    with database.errors():
        rows = database.conn.execute(f"SELECT {VISIT_COLUMNS} FROM visits WHERE {where}", params).fetchall()
    return [visit_from_row(row) for row in rows]


def insert_visit(
    database: Database,
    tx: Write,
    domain: Domain,
    actor: str,
    *,
    name: str | None = None,
    question: str | None = None,
    urgent: bool = False,
    appointment_ms: int | None = None,
    subject_id: int | None = None,
    **event_data: Any,
) -> int:
    """Give the next ticket of the day and queue the visitor (inside a write).

    Ticket number and place in the queue come from the same transaction, so
    simultaneous registrations on several desks queue in ticket order.
    """
    conn, now_ms, day = tx
    kind = Kind.APPOINTMENT if appointment_ms is not None else Kind.WALK_IN
    highest = conn.execute(
        "SELECT max(seq) FROM visits WHERE day = ? AND prefix = ?", (day, domain.prefix)
    ).fetchone()[0]
    seq = next_seq(highest)
    ticket = format_ticket(domain.prefix, seq)
    cursor = conn.execute(
        "INSERT INTO visits (day, prefix, seq, ticket, domain, kind, state, urgent, "
        "arrived_ms, queue_ms, appointment_ms, name, question, subject_id) "
        "VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?)",
        (
            day, domain.prefix, seq, ticket, domain.key, kind.value, int(urgent), now_ms,
            queue_place_ms(kind, now_ms, appointment_ms), appointment_ms,
            clean_text(name, MAX_NAME), clean_text(question, MAX_QUESTION), subject_id,
        ),
    )
    visit_id = cursor.lastrowid
    assert visit_id is not None
    if subject_id is not None:
        event_data["subject_id"] = subject_id
    database.event(
        conn, visit_id, now_ms, "registered", actor,
        domain=domain.key, kind=kind.value, urgent=urgent, ticket=ticket, **event_data,
    )
    return visit_id


def change(
    database: Database, visit_id: int, action: str, actor: str, changes: Changes = None, **event_data: Any
) -> Visit:
    """Apply one allowed state change and log it, in one transaction.

    ``changes`` may be a function of the visit as it is inside the
    transaction, returning (column changes, event data), for changes that
    depend on the visit's current values.
    """
    with database.write() as tx:
        conn, now_ms, _ = tx
        visit = load(conn, visit_id)
        state = next_state(action, visit.ticket, visit.state)
        if callable(changes):
            changes, extra = changes(visit, tx)
            event_data = {**event_data, **extra}
        values = {"state": state.value, **(changes or {})}
        for column, value in list(values.items()):
            if value is NOW:
                values[column] = now_ms
        assignments = ", ".join(f"{column} = ?" for column in values)
        conn.execute(f"UPDATE visits SET {assignments} WHERE id = ?", (*values.values(), visit_id))
        database.event(conn, visit_id, now_ms, action, actor, **event_data)
        return load(conn, visit_id)


class Visits:
    """Reading visits and their log, by id, ticket or day."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def get(self, visit_id: int) -> Visit:
        with self.database.errors():
            return load(self.database.conn, visit_id)

    def find_ticket(self, ticket: str, day: str | None = None) -> Visit:
        day = day or self.database.today()
        found = select(self.database, "ticket = ? AND day = ?", (ticket, day))
        if not found:
            raise BalieError(f"Ticket {ticket} bestaat vandaag niet.")
        return found[0]

    def on(self, day: str) -> list[Visit]:
        return select(self.database, "day = ? ORDER BY id", (day,))

    def between(self, first_day: str, last_day: str) -> list[Visit]:
        """Visits of the local days ``first_day`` to ``last_day`` inclusive (for export)."""
        return select(self.database, "day BETWEEN ? AND ? ORDER BY day, id", (first_day, last_day))

    def count_on(self, day: str) -> int:
        with self.database.errors():
            return self.database.conn.execute("SELECT count(*) FROM visits WHERE day = ?", (day,)).fetchone()[0]

    def any(self) -> bool:
        with self.database.errors():
            return self.database.conn.execute("SELECT EXISTS (SELECT 1 FROM visits)").fetchone()[0] == 1

    def days_before(self, day: str, limit: int = 62) -> list[str]:
        """The latest days before ``day`` on which anyone was registered."""
        with self.database.errors():
            rows = self.database.conn.execute(
                "SELECT DISTINCT day FROM visits WHERE day < ? ORDER BY day DESC LIMIT ?", (day, limit)
            ).fetchall()
        return [row[0] for row in rows]

    def events(self, visit_id: int) -> list[dict[str, Any]]:
        """A visit's log, oldest first."""
        with self.database.errors():
            rows = self.database.db.query(
                "SELECT at_ms, type, actor, data FROM events WHERE visit_id = ? ORDER BY id", [visit_id]
            )
            return [{**row, "data": json.loads(row["data"])} for row in rows]

    def topics_used(self, limit: int = 200) -> list[str]:
        """Topics typed before, most used first, to suggest while typing one."""
        with self.database.errors():
            rows = self.database.conn.execute(
                "SELECT topic FROM (SELECT topic FROM visits WHERE topic IS NOT NULL "
                "UNION ALL SELECT topic FROM quick_answers WHERE topic IS NOT NULL) "
                "GROUP BY topic ORDER BY count(*) DESC, topic LIMIT ?",
                (limit,),
            ).fetchall()
        return [row[0] for row in rows]
