"""What the waiting board (and the desk's cards) read: the latest calls and the load per domain.

Never a name or a question: tickets, counters and counts only.
"""

from __future__ import annotations

from balie.config import Config
from balie.core.calls import CALL_EVENTS, CLAIM_EVENTS, Call
from balie.core.estimate import DomainLoad, estimate
from balie.core.visits import Visit
from balie.store.database import Database
from balie.store.queue import Queue
from balie.store.waits import Waits


class Board:
    """The board's reload: recent calls, and per domain who waits and for how long."""

    def __init__(self, database: Database, queue: Queue, waits: Waits) -> None:
        self.database = database
        self.queue = queue
        self.waits = waits

    def recent_calls(self, limit: int) -> list[Call]:
        """Today's calls, newest first: what the waiting board shows (no personal data).

        One line per ticket, its latest call or recall, with the counter that
        call named: where the visitor must go now, never where they went before.
        A recall written before recalls named their counter takes the counter
        of the call before it.
        """
        calls = ", ".join(f"'{kind}'" for kind in CALL_EVENTS)
        claims = ", ".join(f"'{kind}'" for kind in CLAIM_EVENTS)
        with self.database.errors():
            rows = self.database.conn.execute(
                "SELECT e.id, v.ticket, coalesce(json_extract(e.data, '$.counter'), "
                "(SELECT json_extract(p.data, '$.counter') FROM events p WHERE p.visit_id = e.visit_id "
                f"AND p.id < e.id AND p.type IN ({claims}) ORDER BY p.id DESC LIMIT 1), ''), "
                "e.at_ms, v.domain FROM events e JOIN visits v ON v.id = e.visit_id "
                f"WHERE v.day = ? AND e.type IN ({calls}) AND NOT EXISTS (SELECT 1 FROM events later "
                f"WHERE later.visit_id = e.visit_id AND later.id > e.id AND later.type IN ({calls})) "
                "ORDER BY e.id DESC LIMIT ?",
                (self.database.today(), limit),
            ).fetchall()
        return [Call(*row) for row in rows]

    def loads(self, config: Config, waiting: list[Visit] | None = None) -> list[DomainLoad]:
        """Per domain: waiting, longest wait so far, and the wait for someone joining now.

        ``waiting``: today's waiting visitors when the caller has just read them.
        """
        now_ms, _ = self.database.now()
        if waiting is None:
            waiting = self.queue.waiting()
        office = self.waits.office_now(config, waiting)
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
