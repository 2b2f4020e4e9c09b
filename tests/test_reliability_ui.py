"""Screens say clearly when the database cannot be used, and recover by themselves."""

from __future__ import annotations

import os

from balie import app as app_module
from balie.clock import FixedClock, WallWatch, parse_local
from balie.core.visits import State
from balie.errors import BalieError
from balie.store import Store
from balie.widgets.day_status import DayStatusBanner
from balie.widgets.trouble import TroubleBanner
from balie.widgets.visit_table import VisitTable
from tests.helpers import make_app, office_morning, settle

SIZE = (110, 32)


def _banner_text(app) -> str | None:
    banners = app.screen.query(TroubleBanner)
    return str(banners.first().content) if banners else None


async def test_database_moved_away_shows_a_banner_and_comes_back(store, config, clock, db_path, tmp_path):
    office_morning(store, config, clock)
    app = make_app(store, config, clock, mode="desk")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _banner_text(app) is None
        away = tmp_path / "weg.sqlite"
        os.rename(db_path, away)
        app.check_for_changes()  # what the poll does every 0.2 s
        await settle(pilot)
        assert "er niet meer" in _banner_text(app)
        assert "steeds opnieuw" in _banner_text(app)

        # Registering now is refused with a message; nothing goes into the lost file.
        await pilot.press("b", "enter")
        await settle(pilot)
        assert app.screen.query(TroubleBanner)

        os.rename(away, db_path)
        app.check_for_changes()
        await settle(pilot)
        assert _banner_text(app) is None
        assert app.screen.query_one(VisitTable).row_count == 5
        await pilot.press("b", "enter")
        await settle(pilot)
        assert len(store.queue.waiting()) == 6


async def test_a_failing_load_shows_a_banner_and_is_retried(store, config, clock, monkeypatch):
    office_morning(store, config, clock)
    monkeypatch.setattr(app_module, "RETRY_SECONDS", 0)
    real_loads = store.board.loads
    failing = {"on": True}

    def loads(*args, **kwargs):
        if failing["on"]:
            raise BalieError("De database is bezet door een ander programma. Probeer het zo opnieuw.")
        return real_loads(*args, **kwargs)

    monkeypatch.setattr(store.board, "loads", loads)
    app = make_app(store, config, clock, mode="board")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "bezet" in _banner_text(app)
        app.check_for_changes()  # still failing: the banner stays, no traceback
        await settle(pilot)
        assert "bezet" in _banner_text(app)
        failing["on"] = False
        app.check_for_changes()
        await settle(pilot)
        assert _banner_text(app) is None
        assert app.is_running


async def test_screens_ignore_open_visitors_of_earlier_days(store, config, clock):
    office_morning(store, config, clock)
    clock.set(clock.now().add(days=1))
    app = make_app(store, config, clock, mode="desk")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(VisitTable).row_count == 0


class _WallClock(FixedClock):
    fixed = False  # balie takes it for the computer's own clock


async def test_a_screen_left_running_overnight_closes_yesterday(config, db_path):
    """Issue 14: once it saw midnight pass on a steady clock, with the office quiet."""
    clock = _WallClock(parse_local("2026-11-20T10:00"))
    store = Store(db_path, clock)
    office_morning(store, config, clock)
    clock.set(parse_local("2026-11-20T23:59:30"))
    ticks = [1000.0]
    app = app_module.BalieApp(store=store, config=config, clock=clock, mode="board", poll=True)
    app.wall_watch = WallWatch(clock, monotonic=lambda: ticks[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.upkeep_tick()  # same day: nothing happens
        await settle(pilot)
        assert len(store.queue.waiting()) == 5
        clock.advance(seconds=60)  # midnight passes, wall time and monotonic agree
        ticks[0] += 60
        app.upkeep_tick()
        await settle(pilot)
        other = Store(db_path, clock)
        friday = other.visits.on("2026-11-20")
        assert {v.state.value for v in friday} == {"unserved"}
        assert all(v.name is None and v.question is None for v in friday)


async def test_a_clock_that_jumped_over_midnight_leaves_the_day_open_and_says_so(config, db_path):
    clock = _WallClock(parse_local("2026-11-20T10:00"))
    store = Store(db_path, clock)
    office_morning(store, config, clock)
    ticks = [1000.0]
    app = app_module.BalieApp(store=store, config=config, clock=clock, mode="desk", poll=False)
    app.wall_watch = WallWatch(clock, monotonic=lambda: ticks[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clock.advance(days=1)  # set a day ahead by hand
        ticks[0] += 60
        app.upkeep_tick()
        await settle(pilot)
        assert {v.state for v in store.visits.on("2026-11-20")} == {State.WAITING}
        banner = str(app.screen.query_one(DayStatusBanner).content)
        assert "vrijdag 20 november 2026 (5 bezoekers nog open) is niet afgesloten" in banner
        app.action_close_day()  # a person closes: today, and Friday with it
        await pilot.pause()
        assert "Ook nog niet afgesloten: vrijdag 20 november 2026" in app.screen.question
        await pilot.press("j")
        await settle(pilot)
        assert {v.state for v in store.visits.on("2026-11-20")} == {State.UNSERVED}
        assert not app.screen.query(DayStatusBanner)


async def test_a_clock_behind_the_database_is_said_on_the_screen(store, config, clock, db_path):
    office_morning(store, config, clock)
    behind = FixedClock(parse_local("2026-11-19T10:00"))
    app = app_module.BalieApp(store=Store(db_path, behind), config=config, clock=behind, mode="desk", poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.upkeep_tick()
        await settle(pilot)
        banner = str(app.screen.query_one(DayStatusBanner).content)
        assert "loopt achter op de database" in banner and "balie clock --accept" in banner
        await pilot.press("b", "enter")  # registering is refused with the same words
        await settle(pilot)
        assert any("loopt achter" in n.message for n in app._notifications)
        assert store.visits.on("2026-11-19") == []


async def test_closing_the_day_from_a_screen_after_a_yes(store, config, clock):
    office_morning(store, config, clock)
    app = make_app(store, config, clock, mode="desk")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_close_day()
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        assert len(store.queue.waiting()) == 5
        app.action_close_day()
        await pilot.pause()
        await pilot.press("j")
        await settle(pilot)
        assert store.queue.waiting() == []
        assert app.screen.query_one(VisitTable).row_count == 0
        assert store.day_end.closed_ms(store.today()) is not None


async def test_the_day_status_follows_to_another_screen_but_not_to_the_board(config, db_path):
    clock = _WallClock(parse_local("2026-11-20T10:00"))
    store = Store(db_path, clock)
    office_morning(store, config, clock)
    clock.set(parse_local("2026-11-23T10:00"))  # Monday in office hours: Friday stays open
    app = app_module.BalieApp(store=store, config=config, clock=clock, mode="desk", poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.upkeep_tick()
        await settle(pilot)
        assert app.screen.query(DayStatusBanner)
        app.switch_mode("dagstart")
        await settle(pilot)
        assert "niet afgesloten" in str(app.screen.query_one(DayStatusBanner).content)
        app.switch_mode("board")
        await settle(pilot)
        assert not app.screen.query(DayStatusBanner)  # the hall sees no office chores
