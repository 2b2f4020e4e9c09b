"""The host desk, driven with the keys a host presses."""

from __future__ import annotations

from balie.core.visits import Kind, State
from balie.messages import DataChanged
from balie.widgets.big_text import BigText
from balie.widgets.visit_table import VisitTable
from tests.helpers import make_app, office_morning, settle

SIZE = (110, 32)




async def test_register_walk_in_with_three_keys(store, config, clock):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b", "enter")
        await settle(pilot)
        [visit] = store.queue.waiting()
        assert visit.ticket == "B001"
        assert visit.domain == "burgerzaken" and visit.kind == Kind.WALK_IN
        assert app.screen.query_one("#ticket-big", BigText).text == "B001"
        assert app.screen.query_one(VisitTable).row_count == 1


async def test_register_with_question_name_and_urgent(store, config, clock):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.press(*"schuldhulp [red]nu[/red]")
        await pilot.press("tab", *"P. Mulder", "ctrl+g", "ctrl+s")
        await settle(pilot)
        [visit] = store.queue.waiting()
        assert visit.ticket == "S001"
        assert visit.question == "schuldhulp [red]nu[/red]"
        assert visit.name == "P. Mulder"
        assert visit.urgent


async def test_escape_cancels_registration(store, config, clock):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v", *"iets", "escape")
        await settle(pilot)
        assert store.queue.waiting() == []


async def test_digit_key_picks_domain_too(store, config, clock):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "enter")
        await settle(pilot)
        assert [v.ticket for v in store.queue.waiting()] == ["V001"]


async def test_check_in_appointment_needs_a_valid_time(store, config, clock):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", *"25:00", "enter")
        await settle(pilot)
        assert store.queue.waiting() == []  # refused, dialog still open
        await pilot.press(*["backspace"] * 5, *"1030", "enter")
        await settle(pilot)
        [visit] = store.queue.waiting()
        assert visit.kind == Kind.APPOINTMENT
        assert visit.domain == "burgerzaken"
        assert visit.appointment_ms == visit.queue_ms


async def test_urgent_domain_correction_and_left(store, config, clock):
    office_morning(store, config, clock)
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(VisitTable)
        first = table.selected
        assert first is not None and first.urgent  # urgent visitor heads the queue

        await pilot.press("down")  # J. de Vries, burgerzaken
        target = table.selected
        await pilot.press("u")
        await settle(pilot)
        assert store.visits.get(target.id).urgent

        await pilot.press("d", "v", "enter")
        await settle(pilot)
        moved = store.visits.get(target.id)
        assert moved.domain == "vergunningen" and moved.ticket == target.ticket
        assert moved.queue_ms == target.queue_ms

        await pilot.press("x", "j")
        await settle(pilot)
        assert store.visits.get(target.id).state == State.LEFT


async def test_quick_answer_is_counted(store, config, clock):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w", *"parkeren", "ctrl+s")
        await settle(pilot)
        assert store.desk.quick_answers_on(store.today()) == 1


async def test_changes_from_elsewhere_appear_on_data_changed(store, config, clock, db_path):
    from balie.store import Store

    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = Store(db_path, clock)  # another terminal
        other.desk.register(config.domain("sociaal"))
        app.screen.post_message(DataChanged())
        await settle(pilot)
        assert app.screen.query_one(VisitTable).row_count == 1


async def test_start_screen_opens_the_desk(store, config, clock):
    app = make_app(store, config, clock, mode="start")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "desk"


async def test_an_older_load_never_draws_over_a_newer_one(store, config, clock, monkeypatch):
    """A load that read before the host's own registration may end after the next
    load; what it read must not replace the newer list (own commits wake no poll)."""
    import asyncio
    import threading

    from balie.screens.desk import DeskScreen

    release = threading.Event()
    read = threading.Event()
    hold = {"next": False}
    original = DeskScreen.load

    def load(self):
        held, hold["next"] = hold["next"], False
        data = original(self)
        if held:
            read.set()
            release.wait(10)
        return data

    monkeypatch.setattr(DeskScreen, "load", load)
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, table = app.screen, app.screen.query_one(VisitTable)
        hold["next"] = True
        screen.reload()  # reads the empty queue, then waits
        await asyncio.to_thread(read.wait, 10)
        store.desk.register(config.domain("burgerzaken"))
        screen.reload()
        for _ in range(50):
            await pilot.pause(0.02)
            if table.row_count == 1:
                break
        assert table.row_count == 1
        release.set()
        await settle(pilot)
        await pilot.pause(0.2)
        assert table.row_count == 1


async def test_cards_and_ticket_say_the_wait_as_a_range(store, config, clock):
    """The wait the desk shows is the store's estimate, in words; a narrow card leaves out 'ongeveer'."""
    from rich.text import Text

    from balie.core.wording import wait_phrase
    from balie.widgets.domain_loads import DomainCard

    office_morning(store, config, clock)
    loads = {load.domain: load for load in store.board.loads(config)}
    for size, about in ((SIZE, True), ((80, 24), False)):
        app = make_app(store, config, clock)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            app.screen.reload()  # the cards know their width once laid out
            await settle(pilot)
            card = app.screen.query_one("#load-vergunningen", DomainCard)
            shown = card.content.plain if isinstance(card.content, Text) else str(card.content)
            assert shown.splitlines()[-1] == wait_phrase(loads["vergunningen"].wait, about=about)
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v", "enter")
        await settle(pilot)
        visit = store.visits.find_ticket("V002")
        ahead, wait = store.waits.outlook(visit, config)
        detail = str(app.screen.query_one("#ticket-detail").content)
        assert f"{ahead} voor u\n{wait_phrase(wait)}" in detail
