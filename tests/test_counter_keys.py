"""Keys at the counter cannot misfire (issue 12): a person's keys, then the database."""

from __future__ import annotations

import pytest
from textual import events

from balie.clock import to_ms
from balie.core.safeguards import NO_SHOW_AFTER_MS
from balie.core.visits import Outcome, State
from balie.screens.counter import CounterScreen
from balie.widgets.visit_table import VisitTable
from tests.helpers import make_app as make_board, settle
from tests.test_counter_ui import C1, SIZE, make_app, queue  # noqa: F401  (queue: a fixture)


@pytest.fixture
def said(monkeypatch):
    """Every notification the app shows, as (severity, message)."""
    shown: list[tuple[str, str]] = []

    def spy(app):
        notify = app.notify

        def recording(message, *args, severity="information", **kwargs):
            shown.append((severity, str(message)))
            return notify(message, *args, severity=severity, **kwargs)

        monkeypatch.setattr(app, "notify", recording)
        return shown

    return spy


def types(store, ticket):
    return [e["type"] for e in store.visits.events(store.visits.find_ticket(ticket).id)]


async def test_n_pressed_several_times_in_one_frame_calls_one_visitor(store, config, clock, queue, said):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        shown = said(app)
        await settle(pilot)
        for _ in range(4):  # all four presses arrive before the first call is done
            app.post_message(events.Key("n", "n"))
        await settle(pilot)
        await pilot.press("n")  # and once more, when the screen already shows the visitor
        await settle(pilot)
        assert [v.ticket for v in store.counter.current(C1)] == ["B001"]
        assert [v.state for v in queue] and store.visits.find_ticket("S001").state == State.WAITING
        assert [s for s in shown if s[0] == "error"] == []  # no storm of refusals
        assert [m for _, m in shown] == ["B001 opgeroepen"]
        assert "Ook nog opgeroepen" not in str(app.screen.query_one("#counter-detail").render())


@pytest.mark.parametrize("at_the_counter", [False, True])
async def test_typing_dag_mevrouw_does_nothing_to_a_visitor(store, config, clock, queue, at_the_counter):
    if at_the_counter:
        store.queue.call_next(C1, ["burgerzaken"])
    before = {v.ticket: (v.state, types(store, v.ticket)) for v in store.visits.on(store.today())}
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in "dag mevrouw":
            await pilot.press(key)
            await settle(pilot)
        after = {v.ticket: (v.state, types(store, v.ticket)) for v in store.visits.on(store.today())}
        assert after == before  # nobody called, recalled, marked a no-show or moved
        assert not store.counter.paused(C1)


async def test_a_no_show_waits_for_its_time_and_a_yes(store, config, clock, queue, said):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        shown = said(app)
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("o")  # at once: refused, and the screen says why
        await settle(pilot)
        assert store.visits.find_ticket("B001").state == State.CALLED
        assert shown[-1][1] == "B001 is net opgeroepen; niet verschenen melden kan over 30 seconden."
        clock.advance(seconds=NO_SHOW_AFTER_MS // 1000)
        await pilot.press("o", "n")  # asked, and answered no
        await settle(pilot)
        assert store.visits.find_ticket("B001").state == State.CALLED
        await pilot.press("t", "escape")  # back in the queue asks too
        await settle(pilot)
        assert store.visits.find_ticket("B001").state == State.CALLED
        await pilot.press("o", *"oke", "enter")  # a line typed by mistake does not say yes
        await settle(pilot)
        assert store.visits.find_ticket("B001").state == State.CALLED
        await pilot.press("escape", "o", "j")
        await settle(pilot)
    assert store.visits.find_ticket("B001").state == State.NO_SHOW


def shown_keys(screen: CounterScreen) -> dict[str, str]:
    """What the footer offers: key -> action; a key shown but unable to act is a failure."""
    active = screen.active_bindings
    silent = [key for key, a in active.items() if a.binding.show and not a.enabled]
    assert silent == [], f"keys in the footer that cannot act: {silent}"
    return {key: a.binding.action for key, a in active.items() if a.binding.show and a.node is screen}


async def test_no_key_in_the_footer_is_silent(store, config, clock, queue):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        free = shown_keys(screen)
        assert "n" in free and "z" in free and "l" not in free  # no no-shows today: no l
        await pilot.press("p")
        await settle(pilot)
        paused = shown_keys(screen)
        assert set(paused) == {"p"} and paused["p"] == "resume"
        await pilot.press("n", "z", "l")  # hidden while paused; nothing happens
        await settle(pilot)
        assert store.counter.current(C1) == [] and len(store.queue.waiting()) == 3
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        busy = shown_keys(screen)
        assert {"a", "t", "o", "d"} <= set(busy) and "n" not in busy  # r: in F1 help
        clock.advance(seconds=NO_SHOW_AFTER_MS // 1000)
        await pilot.press("o", "j")
        await settle(pilot)
        assert shown_keys(screen)["l"] == "returned"  # now there is someone to take back


async def test_finish_stores_the_suggestion_on_screen(store, config, clock, queue):
    for topic in ("bijstand", "bijstand", "bijzondere bijstand", "paspoort"):
        store.desk.quick_answer(topic=topic)
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in (["b", "i", "j", "enter"], ["p", "a", "tab", "enter"], [*"parkeren", "enter"]):
            await pilot.press("n")
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            await pilot.press("1", *keys)
            await settle(pilot)
    topics = [store.visits.find_ticket(t).topic for t in ("B001", "S001", "B002")]
    assert topics == ["bijstand", "paspoort", "parkeren"]
    assert store.visits.find_ticket("B001").outcome == Outcome.HANDLED


async def test_a_visitor_called_again_shows_the_latest_call_and_the_wait_now(store, config, clock, queue):
    visit = store.queue.call_next("Balie 2", ["burgerzaken"])  # 10:07, after 7 minutes
    clock.advance(minutes=2)
    store.counter.requeue(visit.id, "Balie 2")  # 10:09, back in the queue
    clock.advance(minutes=4)
    store.queue.call_next(C1, ["burgerzaken"])  # 10:13: waited 4 minutes this time
    clock.advance(minutes=1)
    store.counter.recall(visit.id, C1)  # 10:14
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = str(app.screen.query_one("#counter-detail").render())
    assert "Wachtte 4 min" in detail and "opnieuw opgeroepen 10:14" in detail
    assert "10:07" not in detail and "Wachtte 7 min" not in detail


async def test_an_appointment_shows_as_one_and_a_late_one_says_so(store, config, clock):
    start = clock.now()
    store.desk.register(config.domain("burgerzaken"), appointment_ms=to_ms(start.subtract(minutes=25)))
    store.desk.register(config.domain("burgerzaken"), appointment_ms=to_ms(start.add(minutes=5)))
    clock.advance(minutes=6)
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(VisitTable)
        flags = [str(table.get_cell_at((row, 2))) for row in range(table.row_count)]
        assert str(table.ordered_columns[2].label) == "Let op"
        assert flags == ["laat", ""]  # in the queue, too, the late one says why it is first
        await pilot.press("n")
        await settle(pilot)
        first = str(app.screen.query_one("#counter-detail").render())
        await pilot.press("a", "1", "enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        second = str(app.screen.query_one("#counter-detail").render())
    # The late one queued at arrival (10:00), before the other's appointment (10:05).
    assert "Afspraak 09:35 · 25 min te laat, in de rij als zonder afspraak" in first
    assert "Afspraak 10:05" in second and "te laat" not in second


async def test_board_names_the_counter_after_recall_transfer_and_late_return(store, config, clock, queue):
    visit = store.queue.call_next("Balie 3", ["burgerzaken"])
    clock.advance(seconds=30)
    store.counter.recall(visit.id, "Balie 3")
    store.counter.transfer(visit.id, config.domain("sociaal"), "Balie 3")
    app = make_board(store, config, clock, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        caption = str(app.screen.query_one("#now-caption").render())
        assert caption == "B001 → Balie 3"
        store.queue.call_next("Balie 5", ["sociaal"])
        clock.advance(seconds=30)
        store.counter.no_show(visit.id, "Balie 5")
        store.counter.returned(visit.id, "Balie 5")
        store.queue.call_next("Balie 1", ["sociaal"])
        app.screen.reload()
        await settle(pilot)
        caption = str(app.screen.query_one("#now-caption").render())
        previous = str(app.screen.query_one("#previous-calls").render())
    assert caption == "B001 → Balie 1"
    assert "B001" not in previous  # one line per ticket: where to go now


SENTENCES = ["dag mevrouw", "dag mevrouw jansen", "alles goed", "a", "dag", "xs"]


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize("sentence", SENTENCES)
async def test_a_sentence_typed_with_a_visitor_at_the_counter_changes_nothing(
    store, config, clock, queue, sentence, fast
):
    """d opens the transfer, a the finish dialog: their letters and the Enter that
    ends the line must not transfer or finish (found by the issue-12 helper)."""
    store.queue.call_next(C1, ["burgerzaken"])
    clock.advance(seconds=NO_SHOW_AFTER_MS // 1000)  # every safeguard's time has passed
    before = {v.ticket: (v.state, v.domain, types(store, v.ticket)) for v in store.visits.on(store.today())}
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = [*sentence, "enter", *" ok", "enter", "enter"]
        if fast:  # typed faster than a dialog opens
            await pilot.press(*keys)
            await settle(pilot)
        for key in [] if fast else keys:
            await pilot.press(key)
            await settle(pilot)
        after = {v.ticket: (v.state, v.domain, types(store, v.ticket)) for v in store.visits.on(store.today())}
    assert after == before


async def test_the_domain_chooser_takes_a_letter_and_enter_and_refuses_letters_after_typing(
    store, config, clock, queue
):
    store.queue.call_next(C1, ["burgerzaken"])
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", "v")  # a letter alone marks the domain, it does not choose
        await settle(pilot)
        assert store.visits.find_ticket("B001").domain == "burgerzaken"
        await pilot.press("r", "s", "enter")  # typing: the letters are off, Enter finds nothing
        await settle(pilot)
        assert "getypt" in str(app.screen.query_one("#typed").render())
        assert store.visits.find_ticket("B001").domain == "burgerzaken"
        await pilot.press("down", "enter", "enter")  # arrows and Enter still choose; no note
        await settle(pilot)
    assert store.visits.find_ticket("B001").domain == "vergunningen"


async def test_finish_needs_an_outcome_chosen_by_its_key(store, config, clock, queue):
    store.queue.call_next(C1, ["burgerzaken"])
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", "enter", "enter")
        await settle(pilot)
        assert store.visits.find_ticket("B001").state == State.CALLED
        await pilot.press("x", "2")  # after a stray key, 2 is typing too
        await settle(pilot)
        assert app.screen.outcome is None
        await pilot.press("escape", "a", "2", *"WOZ", "enter")
        await settle(pilot)
    visit = store.visits.find_ticket("B001")
    assert (visit.state, visit.outcome, visit.topic) == (State.FINISHED, Outcome.REFERRED, "WOZ")


async def test_walk_up_is_helped_with_ctrl_s_not_with_the_enter_of_a_typed_line(store, config, clock, queue):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"zeg het maar", "enter")
        await settle(pilot)
        assert store.counter.current(C1) == []
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert store.counter.current(C1)[0].question == "eg het maar"


async def test_a_line_typed_at_a_free_counter_calls_nobody_out_of_turn(store, config, clock, queue):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", *"ciao mevrouw", "enter")
        await settle(pilot)
        assert store.counter.current(C1) == []
        await pilot.press("ctrl+s")  # deliberately: the reason typed, then Ctrl+S
        await settle(pilot)
    assert store.counter.current(C1)[0].ticket == "S001"
