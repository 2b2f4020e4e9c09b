"""The stand-up, driven with the keys a team member presses."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import OptionList

from balie.app import BalieApp
from balie.core.standup import DEFAULT_ITEMS
from balie.messages import DataChanged
from balie.screens.dagstart import DagstartScreen
from balie.store import Store
from tests.helpers import make_app, office_morning, settle

SIZE = (110, 32)


def standup_app(store, config, clock, actor: str | None = None) -> BalieApp:
    app = make_app(store, config, clock, mode="dagstart")
    app.standup_actor = actor
    return app


def plain(widget) -> str:
    """What a Static shows, as plain text (also for rich tables and groups)."""
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def checklist_text(app) -> str:
    checklist = app.screen.query_one("#checklist", OptionList)
    return "\n".join(
        str(checklist.get_option_at_index(i).prompt) for i in range(checklist.option_count)
    )


async def test_first_tick_asks_who_you_are_once(store, config, clock):
    app = standup_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DagstartScreen)
        assert store.standup.days() == ["2026-11-20"]  # opening made today's stand-up
        await pilot.press("space")
        await settle(pilot)
        await pilot.press(*"Petra", "enter")
        await settle(pilot)
        await pilot.press("down", "space")  # no second question
        await settle(pilot)
        items = store.standup.open().items
        assert [(i.ticked_by, i.ticked_ms is not None) for i in items[:3]] == [
            ("Petra", True), ("Petra", True), (None, False),
        ]
        assert f"[x] {DEFAULT_ITEMS[0]}  Petra 10:00" in checklist_text(app)
        assert "jij: Petra" in str(app.screen.query_one("#summary").render())


async def test_untick_is_recorded_and_enter_ticks_too(store, config, clock):
    app = standup_app(store, config, clock, actor="Kees")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert store.standup.open().items[0].ticked_by == "Kees"
        clock.advance(minutes=1)
        await pilot.press("space")
        await settle(pilot)
        standup = store.standup.open()
        assert not standup.items[0].ticked
        assert [(e.type, e.actor) for e in standup.log[1:]] == [("tick", "Kees"), ("untick", "Kees")]
        assert checklist_text(app).startswith(f"[ ] {DEFAULT_ITEMS[0]}")


async def test_tick_from_a_stale_screen_does_not_undo_a_colleagues_tick(store, config, clock):
    app = standup_app(store, config, clock, actor="Kees")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = store.standup.open().items[0]
        store.standup.tick(first.id, True, "Petra")  # another terminal, not yet reloaded
        await pilot.press("space")  # Kees sees it unticked and means "tick"
        await settle(pilot)
        item = store.standup.open().items[0]
        assert (item.ticked, item.ticked_by) == (True, "Petra")


async def test_edit_add_move_and_retire_items(store, config, clock):
    app = standup_app(store, config, clock, actor="Petra")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", "ctrl+u", *"Balies [b]bemensd[/b]", "enter")
        await settle(pilot)
        await pilot.press("n", *"Koffie gezet", "enter")
        await settle(pilot)
        await pilot.press("down", "shift+down")  # second item one place down
        await settle(pilot)
        await pilot.press("x", "j")  # retire the highlighted (moved) item
        await settle(pilot)
        texts = [i.text for i in store.standup.open().items]
        assert texts[0] == "Balies [b]bemensd[/b]"
        assert texts[-1] == "Koffie gezet"
        assert DEFAULT_ITEMS[1] not in texts
        assert texts[1] == DEFAULT_ITEMS[2]
        assert "[ ] Balies [b]bemensd[/b]" in checklist_text(app)  # as typed, not markup
        kinds = [e.type for e in store.standup.open().log]
        assert kinds == ["open", "edit", "add", "move", "retire"]


async def test_notes_roles_and_counters(store, config, clock):
    app = standup_app(store, config, clock, actor="Petra")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b", *"WOZ-brieven verstuurd", "enter", *"Storing printer", "ctrl+s")
        await settle(pilot)
        await pilot.press("p", *"Anna", "enter", *"Piet", "enter")
        await settle(pilot)
        await pilot.press("c", *"Balie 3", "tab", *"Fatima", "tab", "space", "down", "down", "space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        standup = store.standup.open()
        assert standup.notes == "WOZ-brieven verstuurd\nStoring printer"
        assert (standup.host, standup.lead) == ("Anna", "Piet")
        assert [(a.counter, a.person, a.domains) for a in standup.staffing] == [
            ("Balie 3", "Fatima", ("burgerzaken", "sociaal"))
        ]
        staffing = plain(app.screen.query_one("#dagstart-staffing"))
        assert "Fatima" in staffing
        # Edit the counter: pick it, clear the domains: off today's list.
        await pilot.press("c", "enter", "tab", "tab", "space", "down", "down", "space", "ctrl+s")
        await settle(pilot)
        assert store.standup.open().staffing == []


async def test_look_back_at_an_earlier_day_read_only(store, config, clock):
    friday = store.standup.open()
    store.standup.tick(friday.items[0].id, True, "Petra")
    store.standup.set_notes("Storing BRP", "Petra")
    clock.advance(days=3)  # Monday
    app = standup_app(store, config, clock, actor="Anna")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("enter")  # the only earlier day: Friday
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DagstartScreen) and screen.day == "2026-11-20"
        assert "Petra" in checklist_text(app)
        assert "Storing BRP" in str(screen.query_one("#dagstart-notes").render())
        await pilot.press("space", "e", "b")  # nothing changes an earlier day
        await settle(pilot)
        assert store.standup.of("2026-11-20") == store.standup.of("2026-11-20")
        assert len(store.standup.of("2026-11-20").log) == 3
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.day is None  # back on today's stand-up
    assert not store.standup.open().items[0].ticked


async def test_a_tick_on_another_terminal_shows_up(db_path, store, config, clock):
    app = standup_app(store, config, clock, actor="Kees")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = Store(db_path, clock)
        other.standup.tick(other.standup.open().items[2].id, True, "Petra")
        other.close()
        app.screen.post_message(DataChanged())  # what the poll sends on a commit elsewhere
        await settle(pilot)
        assert f"[x] {DEFAULT_ITEMS[2]}  Petra" in checklist_text(app)


async def test_notes_show_on_desk_and_counter_only_when_there_are_some(store, config, clock):
    office_morning(store, config, clock)
    app = make_app(store, config, clock, mode="desk")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = app.screen.query_one("#day-notes")
        assert not notes.display
        store.standup.open()
        store.standup.set_notes("WOZ-brieven verstuurd\n[red]Storing[/red] pinautomaat", "Petra")
        app.screen.post_message(DataChanged())
        await settle(pilot)
        assert notes.display
        assert str(notes.render()) == (
            "Bijzonderheden: WOZ-brieven verstuurd · [red]Storing[/red] pinautomaat"
        )
    counter = BalieApp(
        store=store, config=config, clock=clock, mode="counter", poll=False,
        counter_name="Balie 1", counter_domains=["burgerzaken"],
    )
    async with counter.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = counter.screen.query_one("#day-notes")
        assert notes.display and "WOZ-brieven" in str(notes.render())


async def test_counter_takes_its_domains_from_todays_standup(store, config, clock):
    store.standup.open()
    store.standup.assign_counter("Balie 3", "Fatima", ["burgerzaken", "sociaal"], "Petra")
    app = BalieApp(
        store=store, config=config, clock=clock, mode="counter", poll=False,
        counter_name="balie 3", counter_domains=None,
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.counter_domains == ["burgerzaken", "sociaal"]
        assert app.screen.query_one("#counter-queue-title") is not None
        assert not app.screen.is_modal  # no setup dialog needed
    # A counter the stand-up does not know still asks.
    app = BalieApp(
        store=store, config=config, clock=clock, mode="counter", poll=False,
        counter_name="Balie 9", counter_domains=None,
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.counter_domains is None
        assert app.screen.is_modal


def test_cli_dagstart_refuses_an_empty_name_before_any_screen(db_path, capsys):
    from balie.cli import main

    assert main(["dagstart", "--db", str(db_path), "--name", "  "]) == 1
    assert capsys.readouterr().err.startswith("balie: Vul je naam in")


async def test_checklist_stops_at_its_ends(store, config, clock):
    """One Up too many ticked the last item in real use: the list does not wrap."""
    app = standup_app(store, config, clock, actor="Kees")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        checklist = app.screen.query_one("#checklist", OptionList)
        assert checklist.highlighted == 0
        await pilot.press("up", "space")
        await settle(pilot)
        items = store.standup.open().items
        assert [item.ticked for item in items] == [True] + [False] * (len(items) - 1)
        for _ in range(len(items) + 2):
            await pilot.press("down")
        assert checklist.highlighted == len(items) - 1


async def test_header_names_who_you_are_at_80_columns(store, config, clock):
    app = standup_app(store, config, clock, actor="Kees")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        summary = app.screen.query_one("#summary")
        assert str(summary.render()).startswith("jij: Kees · 0 van")
        assert summary.content_size.width >= len(str(summary.render()))


async def test_a_counter_without_a_colleague_reads_as_such(store, config, clock):
    store.standup.open()
    store.standup.assign_counter("Balie 1", None, ["burgerzaken"], "Kees")
    app = standup_app(store, config, clock, actor="Kees")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        staffing = plain(app.screen.query_one("#dagstart-staffing"))
    assert "Balie 1 · geen collega" in staffing and "?" not in staffing
    assert store.standup.open().log[-1].text == "Balie 1: geen collega"


async def test_a_three_line_item_keeps_its_last_line_at_80_columns(store, config, clock):
    """The list's lines were counted without the scrollbar and drawn with it: the
    last line of a long item was lost (after a live refresh in real use)."""
    app = standup_app(store, config, clock, actor="Kees")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(4):
            await pilot.press("down")
        await settle(pilot)
        assert "printer)" in app.export_screenshot()  # 'Systemen werken (BRP, …, printer)'
        store.standup.tick(store.standup.open().items[0].id, True, "Petra")
        app.screen.post_message(DataChanged())
        await settle(pilot)
        assert "printer)" in app.export_screenshot()
