"""The queue tells the truth (issue 12), on a real database file."""

from __future__ import annotations

import sqlite3

import pytest

from balie.core.safeguards import NO_SHOW_AFTER_MS, RECALL_AFTER_MS
from balie.core.visits import Outcome, State
from balie.errors import BalieError

B3 = "Balie 3"


@pytest.fixture
def queue(store, config, clock):
    """Four visitors a minute apart: B001, S001, B002, B003."""
    made = []
    for key in ("burgerzaken", "sociaal", "burgerzaken", "burgerzaken"):
        made.append(store.desk.register(config.domain(key)))
        clock.advance(minutes=1)
    return made


def call_events(db_path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM events WHERE type LIKE 'call%'").fetchone()[0]


def test_every_path_to_a_counter_refuses_a_second_visitor(store, config, queue, db_path):
    first = store.queue.call_next(B3, ["burgerzaken"])
    before = call_events(db_path)
    attempts = [
        lambda: store.queue.call_next(B3, ["burgerzaken", "sociaal"]),
        lambda: store.queue.call_visit(queue[2].id, B3, reason="kan niet staan"),
        lambda: store.queue.walk_up(config.domain("sociaal"), B3, question="uittreksel"),
    ]
    for attempt in attempts:
        with pytest.raises(BalieError, match=f"{B3} helpt nog {first.ticket}; rond dat eerst af"):
            attempt()
    assert [v.ticket for v in store.counter.current(B3)] == [first.ticket]
    assert call_events(db_path) == before
    assert len(store.queue.waiting()) == 3  # no walk-up ticket was made either
    store.counter.finish(first.id, Outcome.HANDLED, B3)
    assert store.queue.call_next(B3, ["burgerzaken"]).ticket == "B002"


def test_every_counter_event_names_its_counter_whoever_acts(store, config, queue, clock):
    """Issue 13 makes the signed-in person the actor: the counter is in the event itself."""
    visit = store.queue.call_next(B3, ["burgerzaken"], actor="Petra")
    clock.advance(seconds=RECALL_AFTER_MS // 1000)
    store.counter.recall(visit.id, "Petra")
    store.counter.requeue(visit.id, "Petra")
    store.queue.call_next("Balie 5", ["burgerzaken"], actor="Kees")
    clock.advance(seconds=NO_SHOW_AFTER_MS // 1000)
    store.counter.no_show(visit.id, "Kees")
    store.counter.returned(visit.id, B3, actor="Petra")
    store.queue.call_next(B3, ["burgerzaken"], actor="Petra")
    store.counter.transfer(visit.id, config.domain("sociaal"), "Petra")
    walk_up = store.queue.walk_up(config.domain("vergunningen"), B3, actor="Petra")
    store.counter.finish(walk_up.id, Outcome.HANDLED, "Petra")
    counters = [(e["type"], e["data"].get("counter")) for e in store.visits.events(visit.id)]
    assert counters == [
        ("registered", None), ("call", B3), ("recall", B3), ("requeue", B3), ("call", "Balie 5"),
        ("no_show", "Balie 5"), ("return", B3), ("call", B3), ("transfer", B3),
    ]
    assert [e["data"]["counter"] for e in store.visits.events(walk_up.id)] == [B3, B3, B3]
    log = store.counter.log(B3)
    assert [(e["ticket"], e["type"]) for e in log] == [
        ("V001", "finish"), ("V001", "call"), ("V001", "registered"), ("B001", "transfer"),
        ("B001", "call"), ("B001", "return"), ("B001", "requeue"), ("B001", "recall"), ("B001", "call"),
    ]
    assert [e["type"] for e in store.counter.log("Balie 5")] == ["no_show", "call"]


def test_the_board_names_the_counter_after_recall_and_transfer(store, config, queue, clock):
    visit = store.queue.call_next(B3, ["burgerzaken"])
    clock.advance(seconds=20)
    store.counter.recall(visit.id, B3)
    store.counter.transfer(visit.id, config.domain("sociaal"), B3)
    newest = store.board.recent_calls(7)[0]
    assert (newest.ticket, newest.counter) == ("B001", B3)


def test_the_board_shows_what_happened_last_per_ticket(store, config, queue, clock):
    visit = store.queue.call_next(B3, ["burgerzaken"])
    clock.advance(seconds=20)
    store.counter.recall(visit.id, B3)
    store.counter.transfer(visit.id, config.domain("sociaal"), B3)
    other = store.queue.call_next("Balie 1", ["burgerzaken"])
    store.queue.call_next("Balie 5", ["sociaal"])  # B001 again, now for sociaal
    clock.advance(seconds=20)
    store.counter.recall(visit.id, "Balie 5")
    calls = [(c.ticket, c.counter) for c in store.board.recent_calls(7)]
    # B001 once, where it must go now; never Balie 3 (nor the recall counted twice).
    assert calls == [("B001", "Balie 5"), (other.ticket, "Balie 1")]


def test_a_recall_written_before_it_named_its_counter_still_shows_one(store, queue, db_path, clock):
    visit = store.queue.call_next(B3, ["burgerzaken"])
    clock.advance(seconds=20)
    store.counter.recall(visit.id, B3)
    with sqlite3.connect(db_path) as conn:  # as an older balie wrote it
        conn.execute("UPDATE events SET data = '{}' WHERE type = 'recall'")
    store.counter.requeue(visit.id, B3)
    assert [(c.ticket, c.counter) for c in store.board.recent_calls(7)] == [("B001", B3)]


def test_no_show_and_recall_right_after_a_call_are_refused(store, queue, clock):
    visit = store.queue.call_next(B3, ["burgerzaken"])
    clock.advance(seconds=1)
    with pytest.raises(BalieError, match="B001 is pas 1 seconde geleden opgeroepen"):
        store.counter.no_show(visit.id, B3)
    with pytest.raises(BalieError, match="pas 1 seconde geleden opgeroepen; opnieuw oproepen kan over 9"):
        store.counter.recall(visit.id, B3)
    clock.advance(seconds=RECALL_AFTER_MS // 1000)
    store.counter.recall(visit.id, B3)
    clock.advance(seconds=NO_SHOW_AFTER_MS // 1000 - 1)  # counted from the recall
    with pytest.raises(BalieError, match="niet verschenen"):
        store.counter.no_show(visit.id, B3)
    clock.advance(seconds=1)
    assert store.counter.no_show(visit.id, B3).state == State.NO_SHOW
    assert [e["type"] for e in store.visits.events(visit.id)] == ["registered", "call", "recall", "no_show"]


def test_ticket_place_and_people_ahead_come_from_one_transaction(store, config, queue, clock):
    store.queue.call_next(B3, ["burgerzaken"])
    visit, ahead, expected = store.desk.register_with_outlook(config.domain("burgerzaken"), config, name="A.")
    assert (visit.ticket, visit.name, ahead) == ("B004", "A.", 2)  # B002 and B003
    assert expected.point_ms > 0 and not expected.at_once
    assert store.waits.outlook(visit, config) == (ahead, expected)
