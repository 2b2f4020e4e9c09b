"""A person at the counter: keys pressed, then what the database says."""

from __future__ import annotations

import pytest

from balie.app import BalieApp
from balie.core.visits import Outcome, State
from balie.screens.counter import CounterScreen

SIZE = (110, 32)
C1 = "Balie 1"
from tests.helpers import settle




def make_app(store, config, clock, name=C1, domains=("burgerzaken", "sociaal")):
    return BalieApp(
        store=store, config=config, clock=clock, mode="counter", poll=False,
        counter_name=name, counter_domains=list(domains) if domains else None,
    )


@pytest.fixture
def queue(store, config, clock):
    made = [store.desk.register(config.domain("burgerzaken"), question="[b]paspoort[/b]")]
    clock.advance(minutes=2)
    made.append(store.desk.register(config.domain("sociaal"), name="J. de Vries"))
    clock.advance(minutes=2)
    made.append(store.desk.register(config.domain("burgerzaken")))
    clock.advance(minutes=3)
    return made


async def test_call_next_then_finish_with_topic(store, config, clock, queue):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert store.visits.find_ticket("B001").state == State.CALLED
        screen = app.screen
        assert isinstance(screen, CounterScreen) and screen.current.ticket == "B001"
        assert "[b]paspoort[/b]" in str(screen.query_one("#counter-detail").render())
        await pilot.press("n")  # busy: next is not possible until finished
        await settle(pilot)
        assert store.visits.find_ticket("S001").state == State.WAITING
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("2", *"paspoort", "enter")
        await settle(pilot)
    visit = store.visits.find_ticket("B001")
    assert (visit.state, visit.outcome, visit.topic) == (State.FINISHED, Outcome.REFERRED, "paspoort")
    assert store.visits.events(visit.id)[-1]["actor"] == C1


async def test_recall_and_put_back(store, config, clock, queue):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        clock.advance(seconds=15)  # a recall waits until the visitor could have come
        await pilot.press("r")
        await settle(pilot)
        first = store.visits.find_ticket("B001")
        assert [e["type"] for e in store.visits.events(first.id)][-1] == "recall"
        await pilot.press("t", "j")  # back in the queue, after a yes
        await settle(pilot)
        assert store.visits.find_ticket("B001").state == State.WAITING
        assert app.screen.current is None


async def test_transfer_with_note_keeps_place(store, config, clock, queue):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "d")
        await settle(pilot)
        await pilot.press("s", "enter")  # Sociaal, then the note
        await settle(pilot)
        await pilot.press(*"heeft brief mee", "enter")
        await settle(pilot)
    visit = store.visits.find_ticket("B001")
    assert (visit.domain, visit.state, visit.transferred_from) == ("sociaal", State.WAITING, "burgerzaken")
    assert store.visits.events(visit.id)[-1]["data"]["note"] == "heeft brief mee"
    assert store.queue.waiting(["sociaal"])[0].ticket == "B001"  # ahead of S001 who came later


async def test_transferred_visitor_shows_note_at_next_counter(store, config, clock, queue):
    first = store.queue.call_next("Balie 2", ["burgerzaken"])
    store.counter.transfer(first.id, config.domain("sociaal"), "Balie 2", note="[red]spreekt Engels[/red]")
    app = make_app(store, config, clock, name="Balie 5", domains=["sociaal"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        detail = str(app.screen.query_one("#counter-detail").render())
    assert "Doorgestuurd van Burgerzaken" in detail and "[red]spreekt Engels[/red]" in detail


async def test_out_of_order_no_show_and_back(store, config, clock, queue):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "c")  # third in the table: B002
        await settle(pilot)
        await pilot.press(*"kan niet staan", "ctrl+s")
        await settle(pilot)
        assert store.visits.find_ticket("B002").state == State.CALLED
        clock.advance(seconds=30)  # a no-show waits its time after the call, and a yes
        await pilot.press("o", "j")
        await settle(pilot)
        assert store.visits.find_ticket("B002").state == State.NO_SHOW
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    b002 = store.visits.find_ticket("B002")
    assert b002.state == State.WAITING
    types = [e["type"] for e in store.visits.events(b002.id)]
    assert types == ["registered", "call_out_of_order", "no_show", "return"]


async def test_pause_blocks_calling_and_walk_up(store, config, clock, queue):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert store.counter.paused(C1)
        assert app.screen.query_one("#counter-paused").display
        await pilot.press("n")
        await settle(pilot)
        assert store.counter.current(C1) == []
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        await pilot.press(*"uittreksel", "ctrl+s")
        await settle(pilot)
    walk_up = store.counter.current(C1)[0]
    assert (walk_up.question, walk_up.ticket) == ("uittreksel", "B003")


async def test_current_visitor_survives_restart_and_setup_asks(store, config, clock, queue):
    store.queue.call_next(C1, ["burgerzaken"])
    app = make_app(store, config, clock, name=None, domains=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*C1, "tab", "space", "ctrl+s")
        await settle(pilot)
        assert (app.counter_name, app.counter_domains) == (C1, ["burgerzaken"])
        assert app.screen.current.ticket == "B001"


async def test_setup_fills_in_the_domains_todays_standup_gave_this_counter(store, config, clock, queue):
    store.standup.open()
    store.standup.assign_counter(C1, "Kees", ["sociaal"], "Petra")
    app = make_app(store, config, clock, name=None, domains=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*C1)
        await settle(pilot)
        assert "dagstart" in str(app.screen.query_one("#from-standup").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert (app.counter_name, app.counter_domains) == (C1, ["sociaal"])


async def test_setup_after_an_error_keeps_the_typed_name(store, config, clock, queue):
    app = make_app(store, config, clock, name=None, domains=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Balie 7", "enter")  # no domain ticked: an error, the list gets focus
        await settle(pilot)
        assert str(app.screen.query_one("#error").render()).startswith("Kies")
        await pilot.press("tab", "b", "tab", "space", "ctrl+s")  # back to the name, one more letter
        await settle(pilot)
    assert app.counter_name == "Balie 7b"
