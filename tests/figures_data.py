"""A small day worked out by hand, shared by the core, store and CLI report tests.

Thursday 2026-11-19 (the day before the fixed test clock), Amsterdam time,
minutes after 10:00. Targets: burgerzaken 10 min, vergunningen 15 min.

| ticket | domain       | arrived | queue | called | end | state     | outcome  | wait | service |
| B001   | burgerzaken  | 0       | 0     | 4      | 10  | finished  | handled  | 4    | 6       |
| B002   | burgerzaken  | 1       | 1     | 13     | 15  | finished  | referred | 12   | 2       |
| B003   | burgerzaken  | 5 (appt 10) | 10 | 12    | 14  | no_show   |          | 2    |         |
| B004   | burgerzaken  | 70      | 70    |        | 80  | left      |          |      |         |
| B005   | burgerzaken  | 185     | 185   |        |     | waiting (a past day: unserved) |  |  |   |
| B006   | vergunningen (transferred from burgerzaken) | 8 | 8 | 30 | 50 | finished | handled | 22 | (not timed) |
| V001   | vergunningen | 2       | 2     | 16     | 26  | finished  | callback | 14   | 10      |
| V002   | vergunningen | 3 (appt 0, late) | 0 | 8 | 18 | finished | handled | 5 | 10     |
"""

from __future__ import annotations

from balie.clock import parse_local, to_ms
from balie.core.visits import Kind, Outcome, State, Visit

DAY = "2026-11-19"
T0 = to_ms(parse_local(f"{DAY}T10:00"))
MIN = 60_000
QUICK_TOPICS = ["openingstijden", "paspoort", None]


def _visit(
    seq: int, ticket: str, domain: str, arrived: int, called: int | None, end: int | None,
    state: State, outcome: Outcome | None = None, *, topic: str | None = None,
    appointment: int | None = None, queue: int | None = None, transferred_from: str | None = None,
) -> Visit:
    def at(minute: int | None) -> int | None:
        return None if minute is None else T0 + minute * MIN

    return Visit(
        id=seq, day=DAY, ticket=ticket, domain=domain,
        kind=Kind.APPOINTMENT if appointment is not None else Kind.WALK_IN,
        state=state, urgent=False, arrived_ms=at(arrived),
        queue_ms=at(queue if queue is not None else arrived), appointment_ms=at(appointment),
        called_ms=at(called), finished_ms=at(end), counter="Balie 1" if called is not None else None,
        outcome=outcome, topic=topic, transferred_from=transferred_from,
    )


HAND_VISITS = [
    _visit(1, "B001", "burgerzaken", 0, 4, 10, State.FINISHED, Outcome.HANDLED, topic="paspoort"),
    _visit(2, "B002", "burgerzaken", 1, 13, 15, State.FINISHED, Outcome.REFERRED, topic="paspoort"),
    _visit(3, "B003", "burgerzaken", 5, 12, 14, State.NO_SHOW, appointment=10, queue=10),
    _visit(4, "B004", "burgerzaken", 70, None, 80, State.LEFT),
    _visit(5, "B005", "burgerzaken", 185, None, None, State.WAITING),
    _visit(6, "B006", "vergunningen", 8, 30, 50, State.FINISHED, Outcome.HANDLED,
           topic="dakkapel", transferred_from="burgerzaken"),
    _visit(7, "V001", "vergunningen", 2, 16, 26, State.FINISHED, Outcome.CALLBACK),
    _visit(8, "V002", "vergunningen", 3, 8, 18, State.FINISHED, Outcome.HANDLED,
           appointment=0, queue=0),
]


def insert_visits(store, visits=HAND_VISITS, quick_topics=QUICK_TOPICS) -> None:
    """Write visits and quick answers as they would be at the end of their day."""
    with store.write() as (conn, _, _):
        for v in visits:
            conn.execute(
                "INSERT INTO visits (day, prefix, seq, ticket, domain, kind, state, urgent, arrived_ms, "
                "queue_ms, appointment_ms, called_ms, finished_ms, counter, outcome, topic, transferred_from) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    v.day, v.ticket[0], int(v.ticket[1:]), v.ticket, v.domain, v.kind.value, v.state.value,
                    v.arrived_ms, v.queue_ms, v.appointment_ms, v.called_ms, v.finished_ms, v.counter,
                    v.outcome.value if v.outcome else None, v.topic, v.transferred_from,
                ),
            )
        for i, topic in enumerate(quick_topics):
            conn.execute(
                "INSERT INTO quick_answers (day, at_ms, domain, topic, actor) VALUES (?, ?, NULL, ?, 'test')",
                (DAY, T0 + i * MIN, topic),
            )
