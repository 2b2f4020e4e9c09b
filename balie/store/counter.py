"""A counter's work with the visitor in front of it, its pause and its log of the day.

How a visitor gets to the counter (calling) is the queue's (``store/queue.py``);
everything after the call is here. Every change names the counter in its event,
whoever makes it, and waits its time after the latest call (``core/safeguards.py``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from balie.config import Domain
from balie.core.calls import CALL_EVENTS
from balie.core.safeguards import WAIT_AFTER_CALL_MS, check_not_too_soon
from balie.core.visits import MAX_QUESTION, MAX_TOPIC, Outcome, State, Visit, clean_text
from balie.errors import BalieError
from balie.store.database import Database, Write
from balie.store.visits import NOW, change, select

PAUSE_KEY = "counter_paused:"  # meta key prefix; the value "1" means paused


def check_not_paused(conn: sqlite3.Connection, counter: str) -> None:
    """A paused counter calls nobody (inside the transaction that would call)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (PAUSE_KEY + counter,)).fetchone()
    if row is not None and row[0] == "1":
        raise BalieError(f"{counter} heeft pauze; hervat eerst om iemand op te roepen.")


def _at_counter(action: str, changes: dict[str, Any] | None = None):
    """A change to the visitor at a counter, for ``change``: its event names
    that counter, and it waits its time after the latest call (core.safeguards)."""

    def apply(visit: Visit, tx: Write) -> tuple[dict[str, Any], dict[str, Any]]:
        if action in WAIT_AFTER_CALL_MS:
            last = tx.conn.execute(
                f"SELECT max(at_ms) FROM events WHERE visit_id = ? AND type IN "
                f"({', '.join('?' for _ in CALL_EVENTS)})",
                (visit.id, *CALL_EVENTS),
            ).fetchone()[0]
            check_not_too_soon(action, visit.ticket, last, tx.now_ms)
        return dict(changes or {}), {"counter": visit.counter}

    return apply


class CounterWork:
    """What a counter does with its visitor, and what it reads about its day."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # -- the visitor at the counter ---------------------------------------------

    def recall(self, visit_id: int, actor: str) -> Visit:
        return change(self.database, visit_id, "recall", actor, _at_counter("recall"))

    def requeue(self, visit_id: int, actor: str) -> Visit:
        """Back in the queue at their old place (e.g. stepped away for a moment)."""
        return change(
            self.database, visit_id, "requeue", actor,
            _at_counter("requeue", {"counter": None, "requeued_ms": NOW}),
        )

    def no_show(self, visit_id: int, actor: str) -> Visit:
        return change(self.database, visit_id, "no_show", actor, _at_counter("no_show", {"finished_ms": NOW}))

    def returned(self, visit_id: int, counter: str, actor: str | None = None) -> Visit:
        """A no-show turned up after all at ``counter``: back in the queue at their old place."""
        return change(
            self.database, visit_id, "return", actor or counter,
            {"finished_ms": None, "counter": None, "requeued_ms": NOW}, counter=counter,
        )

    def transfer(self, visit_id: int, domain: Domain, actor: str, note: str | None = None) -> Visit:
        """Hand over to another domain; the visitor keeps their place in the queue."""

        def move(visit: Visit, _: Write) -> tuple[dict[str, Any], dict[str, Any]]:
            if visit.domain == domain.key:
                raise BalieError(f"{visit.ticket} staat al bij {domain.label}.")
            changes = {
                "domain": domain.key,
                "counter": None,
                "transferred_from": visit.transferred_from or visit.domain,
            }
            if visit.state == State.CALLED:  # back in a queue: their wait starts again
                changes["requeued_ms"] = NOW
            return changes, {"from": visit.domain, "to": domain.key, "counter": visit.counter}

        return change(self.database, visit_id, "transfer", actor, move, note=clean_text(note, MAX_QUESTION))

    def finish(
        self, visit_id: int, outcome: Outcome, actor: str, topic: str | None = None, subject_id: int | None = None
    ) -> Visit:
        """End the visit with its outcome; ``subject_id`` (the kennisbank's, None: the
        visit keeps the one it has) is set in the same write, so the outcome counts for it."""
        topic = clean_text(topic, MAX_TOPIC)
        changes: dict[str, Any] = {"outcome": outcome.value, "topic": topic, "finished_ms": NOW}
        logged: dict[str, Any] = {"outcome": outcome.value, "topic": topic}
        if subject_id is not None:
            changes["subject_id"] = logged["subject_id"] = subject_id
        return change(self.database, visit_id, "finish", actor, _at_counter("finish", changes), **logged)

    # -- pausing -------------------------------------------------------------------

    def paused(self, counter: str) -> bool:
        return self.database.get_meta(PAUSE_KEY + counter) == "1"

    def set_paused(self, counter: str, paused: bool) -> None:
        """Pause or resume a counter; a paused counter calls nobody."""
        with self.database.write() as (conn, now_ms, _):
            if paused:
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, '1') "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (PAUSE_KEY + counter,),
                )
            else:
                conn.execute("DELETE FROM meta WHERE key = ?", (PAUSE_KEY + counter,))
            self.database.event(conn, None, now_ms, "pause" if paused else "resume", counter, counter=counter)

    # -- what the counter screen reads -----------------------------------------------

    def current(self, counter: str) -> list[Visit]:
        """Who this counter is helping now (newest call first); survives restarts."""
        return select(
            self.database,
            "state = 'called' AND counter = ? AND day = ? ORDER BY +called_ms DESC, id DESC",  # visits_at_counter
            (counter, self.database.today()),
        )

    def no_shows(self, domains: Sequence[str] | None = None) -> list[Visit]:
        """Today's no-shows, latest first: candidates for 'turned up after all'."""
        visits = select(
            self.database, "state = 'no_show' AND day = ? ORDER BY finished_ms DESC, id DESC",
            (self.database.today(),),
        )
        return [v for v in visits if domains is None or v.domain in set(domains)]

    def log(self, counter: str, limit: int | None = None) -> list[dict[str, Any]]:
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
        params: list[Any] = [self.database.today(), counter]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self.database.errors():
            rows = self.database.conn.execute(sql, params).fetchall()
        return [
            {"at_ms": at, "type": kind, "ticket": ticket, "domain": domain, "data": json.loads(data)}
            for at, kind, ticket, domain, data in rows
        ]
