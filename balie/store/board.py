"""What the waiting board (and the desk's cards) read: the latest calls and the load per domain.

Never a name or a question: tickets, counters and counts only. Neither read
grows with the day: the latest calls are found from the end of the event log
(index ``events_calls``), the longest wait of each domain by one seek (index
``visits_waiting_since``), the rest by ``store/waits.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

from balie.config import Config
from balie.core.calls import CALL_EVENTS, CLAIM_EVENTS, Call
from balie.core.estimate import DomainLoad, estimates
from balie.core.visits import Visit
from balie.store.database import Database
from balie.store.visits import VISIT_COLUMNS, visit_from_row
from balie.store.waits import Waits

_CALLS = ", ".join(f"'{kind}'" for kind in CALL_EVENTS)  # as in the index events_calls
_CLAIMS = ", ".join(f"'{kind}'" for kind in CLAIM_EVENTS)
# Every call and recall, newest first, with its ticket and the counter it named. A
# recall written before recalls named their counter takes the counter of the call
# before it. CROSS JOIN: along the log's end, then each visit by its id.
_NEWEST_CALLS_SQL = f"""
SELECT e.visit_id, v.day, e.id, v.ticket,
       coalesce(json_extract(e.data, '$.counter'), (
           SELECT json_extract(p.data, '$.counter') FROM events p
           WHERE p.visit_id = e.visit_id AND p.id < e.id AND p.type IN ({_CLAIMS})
           ORDER BY p.id DESC LIMIT 1), ''),
       e.at_ms, v.domain
FROM events e CROSS JOIN visits v ON v.id = e.visit_id
WHERE e.type IN ({_CALLS})
ORDER BY e.id DESC
"""
# Who of a domain has waited longest now (the start of a wait as core.visits counts it).
_LONGEST_SQL = f"""
SELECT {VISIT_COLUMNS} FROM visits WHERE state = 'waiting' AND day = ? AND domain = ?
ORDER BY coalesce(requeued_ms, max(arrived_ms, queue_ms)) LIMIT 1
"""


class Board:
    """The board's reload: recent calls, and per domain who waits and for how long."""

    def __init__(self, database: Database, waits: Waits) -> None:
        self.database = database
        self.waits = waits

    def recent_calls(self, limit: int) -> list[Call]:
        """Today's calls, newest first: what the waiting board shows (no personal data).

        One line per ticket, its latest call or recall, with the counter that
        call named: where the visitor must go now, never where they went before.
        Read from the end of the log only as far as needed: until ``limit``
        tickets, or the calls of an earlier day.
        """
        now_ms, today = self.database.now()
        start_ms = self.database.day_start_ms(now_ms)
        calls: list[Call] = []
        seen: set[int] = set()
        with self.database.errors():
            cursor = self.database.conn.execute(_NEWEST_CALLS_SQL)
            try:
                for visit_id, day, *call in cursor:
                    if day != today:
                        if call[3] < start_ms:  # the log reached an earlier day
                            break
                        continue
                    if visit_id not in seen:  # the newest call of a ticket is the one that counts
                        seen.add(visit_id)
                        calls.append(Call(*call))
                        if len(calls) == limit:
                            break
            finally:
                cursor.close()
        return calls

    def loads(self, config: Config, waiting: Sequence[Visit] | None = None) -> list[DomainLoad]:
        """Per domain: waiting, longest wait so far, and the wait for someone joining now.

        ``waiting``: today's waiting visitors when the caller has just read them all.
        """
        now_ms, day = self.database.now()
        office = self.waits.office_now(config, waiting, told_only=True)
        if waiting is None:
            with self.database.errors():
                longest = {
                    domain.key: visit_from_row(row).waited_ms(now_ms)
                    for domain in config.domains
                    if (row := self.database.conn.execute(_LONGEST_SQL, (day, domain.key)).fetchone())
                }
        else:
            longest = {}
            for visit in waiting:
                longest[visit.domain] = max(longest.get(visit.domain, 0), visit.waited_ms(now_ms))
        waits = estimates(office, {domain.key: office.waiting.get(domain.key, 0) for domain in config.domains})
        return [
            DomainLoad(
                domain=domain.key,
                waiting=office.queued.get(domain.key, 0),
                longest_wait_ms=longest.get(domain.key, 0),
                wait=waits[domain.key],
            )
            for domain in config.domains
        ]
