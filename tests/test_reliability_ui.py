"""Screens say clearly when the database cannot be used, and recover by themselves."""

from __future__ import annotations

import os

from balie import app as app_module
from balie.errors import BalieError
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
        assert len(store.waiting()) == 6


async def test_a_failing_load_shows_a_banner_and_is_retried(store, config, clock, monkeypatch):
    office_morning(store, config, clock)
    monkeypatch.setattr(app_module, "RETRY_SECONDS", 0)
    real_waiting = store.waiting
    failing = {"on": True}

    def waiting(*args, **kwargs):
        if failing["on"]:
            raise BalieError("De database is bezet door een ander programma. Probeer het zo opnieuw.")
        return real_waiting(*args, **kwargs)

    monkeypatch.setattr(store, "waiting", waiting)
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


async def test_a_screen_left_running_overnight_closes_yesterday(store, config, clock, db_path):
    office_morning(store, config, clock)
    app = app_module.BalieApp(store=store, config=config, clock=clock, mode="board", poll=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.upkeep_on_new_day()  # same day: nothing happens
        await settle(pilot)
        assert len(store.waiting()) == 5
        clock.set(clock.now().add(days=1))
        app.upkeep_on_new_day()
        await settle(pilot)
        from balie.store import Store

        other = Store(db_path, clock)
        friday = other.visits_on("2026-11-20")
        assert {v.state.value for v in friday} == {"unserved"}
        assert all(v.name is None and v.question is None for v in friday)


async def test_closing_the_day_from_a_screen_after_a_yes(store, config, clock):
    office_morning(store, config, clock)
    app = make_app(store, config, clock, mode="desk")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_close_day()
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        assert len(store.waiting()) == 5
        app.action_close_day()
        await pilot.pause()
        await pilot.press("j")
        await settle(pilot)
        assert store.waiting() == []
        assert app.screen.query_one(VisitTable).row_count == 0
        assert store.day_closed_ms(store.today()) is not None
