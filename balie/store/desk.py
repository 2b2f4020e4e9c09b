"""The host desk: registering visitors, correcting the desk's mistakes, quick answers.

A ticket exists only once its registration has committed, so a visitor is
never lost: what the host sees printed is in the database.
"""

from __future__ import annotations

from typing import Any

from balie.config import Config, Domain
from balie.core.estimate import WaitEstimate
from balie.core.visits import MAX_TOPIC, Visit, clean_text
from balie.errors import BalieError
from balie.store.database import Database, Write
from balie.store.visits import NOW, change, insert_visit, load
from balie.store.waits import Waits


class Desk:
    """What the host (gastvrouw) does: register, mark urgent, correct, record who left."""

    def __init__(self, database: Database, waits: Waits) -> None:
        self.database = database
        self.waits = waits

    def register(
        self,
        domain: Domain,
        *,
        name: str | None = None,
        question: str | None = None,
        urgent: bool = False,
        appointment_ms: int | None = None,
        subject_id: int | None = None,
        actor: str = "gastvrouw",
    ) -> Visit:
        """Queue a visitor; the ticket exists only once this has committed."""
        with self.database.write() as tx:
            visit_id = insert_visit(
                self.database, tx, domain, actor, name=name, question=question, urgent=urgent,
                appointment_ms=appointment_ms, subject_id=subject_id,
            )
            return load(tx.conn, visit_id)

    def register_with_outlook(
        self, domain: Domain, config: Config, *, actor: str = "gastvrouw", **details: Any
    ) -> tuple[Visit, int, WaitEstimate]:
        """Queue a visitor and say (people ahead, the wait estimate) as of that moment.

        Ticket, place in the queue and "N voor u" come from one transaction, so
        desks registering at the same moment never tell two visitors the same
        number, and a call in between cannot make the number disagree with the
        ticket. ``details``: as for ``register``.
        """
        with self.database.write() as tx:
            visit = load(tx.conn, insert_visit(self.database, tx, domain, actor, **details))
            return (visit, *self.waits.outlook(visit, config))

    def set_urgent(self, visit_id: int, urgent: bool, actor: str = "gastvrouw") -> Visit:
        return change(self.database, visit_id, "mark_urgent", actor, {"urgent": int(urgent)}, urgent=urgent)

    def correct_domain(self, visit_id: int, domain: Domain, actor: str = "gastvrouw") -> Visit:
        """Fix a registration mistake; the visitor keeps ticket and place."""

        def move(visit: Visit, _: Write) -> tuple[dict[str, Any], dict[str, Any]]:
            if visit.domain == domain.key:  # someone else just did the same
                raise BalieError(f"{visit.ticket} staat al bij {domain.label}.")
            return {"domain": domain.key}, {"from": visit.domain, "to": domain.key}

        with self.database.errors():
            before = load(self.database.conn, visit_id)
        if before.domain == domain.key:
            return before
        return change(self.database, visit_id, "change_domain", actor, move)

    def mark_left(self, visit_id: int, actor: str = "gastvrouw") -> Visit:
        return change(self.database, visit_id, "leave", actor, {"finished_ms": NOW})

    def quick_answer(self, topic: str | None = None, domain: str | None = None, actor: str = "gastvrouw") -> None:
        """A question answered at the desk without a ticket (wegwijzen)."""
        topic = clean_text(topic, MAX_TOPIC)
        with self.database.write() as (conn, now_ms, day):
            conn.execute(
                "INSERT INTO quick_answers (day, at_ms, domain, topic, actor) VALUES (?, ?, ?, ?, ?)",
                (day, now_ms, domain, topic, actor),
            )
            self.database.event(conn, None, now_ms, "quick_answer", actor, domain=domain, topic=topic)

    def quick_answers_on(self, day: str) -> int:
        with self.database.errors():
            return self.database.conn.execute(
                "SELECT count(*) FROM quick_answers WHERE day = ?", (day,)
            ).fetchone()[0]
