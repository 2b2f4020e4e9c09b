"""Counter actions on a real database file: state, event log, Dutch refusals."""

from __future__ import annotations

import sqlite3

import pytest

from balie.clock import to_ms
from balie.core.figures import counted_wait_ms
from balie.core.visits import Outcome, State
from balie.errors import BalieError
from balie.store import Store

C1 = "Balie 1"


@pytest.fixture
def queue(store, config, clock):
    """Three visitors a minute apart: B001, S001, B002."""
    made = []
    for key in ("burgerzaken", "sociaal", "burgerzaken"):
        made.append(store.desk.register(config.domain(key)))
        clock.advance(minutes=1)
    return made


def events(store, visit_id):
    return [e["type"] for e in store.visits.events(visit_id)]


def test_call_next_follows_the_queue_across_domains(store, queue):
    first = store.queue.call_next(C1, ["burgerzaken", "sociaal"])
    assert (first.ticket, first.state, first.counter) == ("B001", State.CALLED, C1)
    assert store.queue.call_next("Balie 2", ["sociaal"]).ticket == "S001"
    assert store.queue.call_next("Balie 3", ["sociaal"]) is None
    assert events(store, first.id) == ["registered", "call"]
    assert [v.ticket for v in store.counter.current(C1)] == ["B001"]


def test_recall_requeue_and_no_show_return(store, queue, clock):
    visit = store.queue.call_next(C1, ["burgerzaken"])
    clock.advance(seconds=30)  # a recall or a no-show waits its time after a call
    assert store.counter.recall(visit.id, C1).state == State.CALLED
    back = store.counter.requeue(visit.id, C1)
    assert (back.state, back.counter) == (State.WAITING, None)
    assert store.queue.waiting(["burgerzaken"])[0].id == visit.id  # kept their place
    again = store.queue.call_next(C1, ["burgerzaken"])
    assert again.id == visit.id and again.called_ms == visit.called_ms  # first call counts for wait
    clock.advance(seconds=30)
    gone = store.counter.no_show(visit.id, C1)
    assert gone.state == State.NO_SHOW and gone.finished_ms is not None
    assert [v.id for v in store.counter.no_shows(["burgerzaken"])] == [visit.id]
    returned = store.counter.returned(visit.id, C1)
    assert returned.state == State.WAITING and returned.finished_ms is None
    assert store.queue.waiting(["burgerzaken"])[0].id == visit.id
    assert events(store, visit.id) == [
        "registered", "call", "recall", "requeue", "call", "no_show", "return",
    ]


def test_transfer_keeps_place_and_note(store, config, queue, clock):
    visit = store.queue.call_next(C1, ["burgerzaken"])
    clock.advance(minutes=5)
    later = store.desk.register(config.domain("sociaal"))
    moved = store.counter.transfer(visit.id, config.domain("sociaal"), C1, note="heeft <b>[red]x[/red]")
    assert (moved.state, moved.domain, moved.transferred_from, moved.counter) == (
        State.WAITING, "sociaal", "burgerzaken", None,
    )
    order = [v.id for v in store.queue.waiting(["sociaal"])]
    assert order.index(visit.id) < order.index(later.id)
    last = store.visits.events(visit.id)[-1]
    assert last["type"] == "transfer" and last["data"]["note"] == "heeft <b>[red]x[/red]"
    with pytest.raises(BalieError, match="staat al bij Sociaal"):
        store.counter.transfer(visit.id, config.domain("sociaal"), C1)


def test_finish_with_outcome_and_topic_suggestions(store, queue):
    visit = store.queue.call_next(C1, ["burgerzaken"])
    done = store.counter.finish(visit.id, Outcome.REFERRED, C1, topic="  paspoort \n")
    assert (done.state, done.outcome, done.topic) == (State.FINISHED, Outcome.REFERRED, "paspoort")
    assert store.visits.events(visit.id)[-1]["data"] == {
        "counter": C1, "outcome": "referred", "topic": "paspoort",
    }
    store.desk.quick_answer(topic="openingstijden")
    assert store.visits.topics_used() == ["openingstijden", "paspoort"]
    assert store.counter.current(C1) == []
    log = store.counter.log(C1)
    assert [e["type"] for e in log] == ["finish", "call"]


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (lambda s, v: s.counter.finish(v.id, Outcome.HANDLED, C1), "wacht; dat kan nu niet"),
        (lambda s, v: s.counter.recall(v.id, C1), "wacht; dat kan nu niet"),
        (lambda s, v: s.counter.no_show(v.id, C1), "wacht; dat kan nu niet"),
        (lambda s, v: s.counter.returned(v.id, C1), "wacht; dat kan nu niet"),
    ],
)
def test_illegal_transitions_are_refused_in_dutch(store, queue, action, expected):
    visit = queue[0]
    before = events(store, visit.id)
    with pytest.raises(BalieError, match=expected):
        action(store, visit)
    assert events(store, visit.id) == before  # nothing half written
    assert store.visits.get(visit.id).state == State.WAITING


def test_finished_visitor_cannot_be_called_again(store, queue):
    visit = store.queue.call_next(C1, ["burgerzaken"])
    store.counter.finish(visit.id, Outcome.HANDLED, C1)
    with pytest.raises(BalieError, match="is al geholpen"):
        store.queue.call_visit(visit.id, "Balie 2", reason="test")


def test_call_out_of_order_logs_the_reason(store, queue):
    last = queue[2]
    called = store.queue.call_visit(last.id, C1, reason="kan niet lang staan")
    assert called.state == State.CALLED and called.counter == C1
    assert store.visits.events(last.id)[-1] == {
        **store.visits.events(last.id)[-1],
        "type": "call_out_of_order",
        "data": {"counter": C1, "reason": "kan niet lang staan"},
    }


def test_walk_up_is_registered_and_called_in_one_go(store, config, queue):
    visit = store.queue.walk_up(config.domain("burgerzaken"), C1, question="uittreksel")
    assert (visit.ticket, visit.state, visit.counter) == ("B003", State.CALLED, C1)
    assert visit.called_ms == visit.arrived_ms
    assert events(store, visit.id) == ["registered", "call"]
    assert store.visits.events(visit.id)[0]["data"]["walk_up"] is True


def test_paused_counter_calls_nobody(store, config, queue, db_path):
    store.counter.set_paused(C1, True)
    assert store.counter.paused(C1)
    for attempt in (
        lambda: store.queue.call_next(C1, ["burgerzaken"]),
        lambda: store.queue.call_visit(queue[0].id, C1),
        lambda: store.queue.walk_up(config.domain("burgerzaken"), C1),
    ):
        with pytest.raises(BalieError, match="Balie 1 heeft pauze"):
            attempt()
    assert len(store.queue.waiting()) == 3  # nobody claimed, no walk-up ticket made
    store.counter.set_paused(C1, False)
    assert store.queue.call_next(C1, ["burgerzaken"]).ticket == "B001"
    with sqlite3.connect(db_path) as conn:
        kinds = [r[0] for r in conn.execute("SELECT type FROM events WHERE visit_id IS NULL")]
    assert kinds == ["pause", "resume"]


def test_current_visit_survives_a_new_connection(store, queue, db_path, clock):
    store.queue.call_next(C1, ["burgerzaken"])
    other = Store(db_path, clock)  # e.g. the screen restarted
    try:
        assert [v.ticket for v in other.counter.current(C1)] == ["B001"]
    finally:
        other.close()


def test_visits_between_for_export(store, config, clock, queue):
    clock.advance(days=1)
    store.desk.register(config.domain("sociaal"))
    assert len(store.visits.between("2026-11-20", "2026-11-20")) == 3
    assert len(store.visits.between("2026-11-20", "2026-11-21")) == 4
    assert store.visits.between("2026-11-22", "2026-11-30") == []


def test_wait_starts_again_when_back_in_the_queue(store, config, queue, clock):
    """Shown waits: since going back into a queue; the figures keep the first wait."""
    visit = store.queue.call_next(C1, ["burgerzaken"])
    first_wait = visit.waited_ms(to_ms(clock.now()))
    clock.advance(minutes=5)
    moved = store.counter.transfer(visit.id, config.domain("sociaal"), C1)
    clock.advance(minutes=3)
    now = to_ms(clock.now())
    assert moved.waited_ms(now) == 3 * 60_000
    assert counted_wait_ms(moved) == first_wait
    waiting = next(v for v in store.queue.waiting(["sociaal"]) if v.id == visit.id)
    assert waiting.waited_ms(now) == 3 * 60_000
    # Moved again while still waiting: they never left the queue, nothing restarts.
    again = store.counter.transfer(visit.id, config.domain("vergunningen"), C1)
    clock.advance(minutes=1)
    assert again.waited_ms(to_ms(clock.now())) == 4 * 60_000
    called = store.queue.call_next(C1, ["vergunningen"])
    assert called.id == visit.id and called.waited_ms(to_ms(clock.now())) == first_wait
    clock.advance(minutes=2)
    sent_back = store.counter.requeue(visit.id, C1)
    clock.advance(minutes=1)
    assert sent_back.waited_ms(to_ms(clock.now())) == 60_000
