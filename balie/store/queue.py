"""The queue: who waits, who is next, and calling them to a counter.

The rule of who is next lives in ``core/queue.py``: urgent first, then the
place in the queue, then the earlier registration. SQLite applies it over the
index ``visits_queue`` (each domain's waiting visitors in that order): the
first of each of the counter's domains is one seek, and the first of those is
called. Calling claims the visitor and writes the call's event in one
transaction, which also holds a counter to one visitor at a time
(``core/safeguards.py``), however many call at once. Its cost does not grow
with the queue or the day (``tests/test_queue_sql.py`` holds both).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from balie.config import Domain
from balie.core.queue import in_queue_order
from balie.core.safeguards import check_counter_free
from balie.core.visits import MAX_TOPIC, Visit, clean_text, next_state
from balie.store.counter import check_not_paused
from balie.store.database import Database, Write
from balie.store.visits import VISIT_COLUMNS, insert_visit, load, select, visit_from_row

# The queue rule's order (core.queue.queue_key) in SQL; urgent is 0 or 1.
QUEUE_ORDER = "urgent DESC, queue_ms, id"


@lru_cache(maxsize=16)
def _next_sql(domains: int) -> str:
    """The id of the next visitor of ``domains`` domains: one index seek per domain, then the first."""
    first_of_one = (
        "SELECT * FROM (SELECT id, urgent, queue_ms FROM visits WHERE state = 'waiting' AND day = ? "
        f"AND domain = ? ORDER BY {QUEUE_ORDER} LIMIT 1)"
    )
    return f"SELECT id FROM ({' UNION ALL '.join([first_of_one] * domains)}) ORDER BY {QUEUE_ORDER} LIMIT 1"


def _check_counter_free(tx: Write, counter: str, visit_id: int | None = None) -> None:
    """One visitor per counter, checked in the transaction that claims the next one.

    ``+called_ms``: sorting the one or two rows found is cheaper than the index
    on (day, called_ms) over every call of the day.
    """
    row = tx.conn.execute(
        "SELECT ticket FROM visits WHERE day = ? AND state = 'called' AND counter = ? "
        "AND id IS NOT ? ORDER BY +called_ms LIMIT 1",
        (tx.day, counter, visit_id),
    ).fetchone()
    check_counter_free(counter, row[0] if row else None)


class Queue:
    """Today's waiting visitors and the calls that take them to a counter."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def waiting(self, domains: Sequence[str] | None = None) -> list[Visit]:
        """Today's waiting visitors in queue order."""
        visits = select(self.database, "state = 'waiting' AND day = ?", (self.database.today(),))
        if domains is not None:
            visits = [v for v in visits if v.domain in set(domains)]
        return in_queue_order(visits)

    def call_next(self, counter: str, domains: Sequence[str], actor: str | None = None) -> Visit | None:
        """Claim the next visitor for a counter; safe however many call at once."""
        wanted = list(dict.fromkeys(domains))
        if not wanted:
            return None
        with self.database.write() as tx:
            conn = tx.conn
            check_not_paused(conn, counter)
            _check_counter_free(tx, counter)  # busy, not "nobody waiting"
            row = conn.execute(
                "UPDATE visits SET state = 'called', counter = ?, called_ms = coalesce(called_ms, ?) "
                f"WHERE id = ({_next_sql(len(wanted))}) RETURNING {VISIT_COLUMNS}",
                (counter, tx.now_ms, *(value for domain in wanted for value in (tx.day, domain))),
            ).fetchone()
            if row is None:
                return None
            visit = visit_from_row(row)
            self.database.event(conn, visit.id, tx.now_ms, "call", actor or counter, counter=counter)
            return visit

    def call_visit(
        self, visit_id: int, counter: str, reason: str | None = None, actor: str | None = None
    ) -> Visit:
        """Call one particular visitor out of queue order, with a reason."""
        with self.database.write() as tx:
            return self._claim(
                tx, load(tx.conn, visit_id), counter, actor or counter, "call_out_of_order",
                reason=clean_text(reason, MAX_TOPIC),
            )

    def walk_up(
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
        with self.database.write() as tx:
            check_not_paused(tx.conn, counter)
            visit_id = insert_visit(
                self.database, tx, domain, actor, name=name, question=question, walk_up=True, counter=counter,
            )
            return self._claim(tx, load(tx.conn, visit_id), counter, actor, "call", walk_up=True)

    def _claim(self, tx: Write, visit: Visit, counter: str, actor: str, action: str, **event_data: Any) -> Visit:
        conn: sqlite3.Connection = tx.conn
        next_state("call", visit.ticket, visit.state)
        check_not_paused(conn, counter)
        _check_counter_free(tx, counter, visit.id)
        conn.execute(
            "UPDATE visits SET state = 'called', counter = ?, "
            "called_ms = coalesce(called_ms, ?) WHERE id = ? AND state = 'waiting'",
            (counter, tx.now_ms, visit.id),
        )
        self.database.event(conn, visit.id, tx.now_ms, action, actor, counter=counter, **event_data)
        return load(conn, visit.id)
