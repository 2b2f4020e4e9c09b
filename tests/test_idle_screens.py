"""An idle screen does no more than it must: one load at start, no redraw of the
same data, a clock that wakes when its minute can change."""

from __future__ import annotations

import pytest

from balie.clock import FixedClock, SystemClock, clock_pace, parse_local
from balie.screens.board import BoardScreen
from balie.screens.desk import DeskScreen
from balie.widgets.office_clock import LOOK_SECONDS, next_look
from tests.helpers import make_app, office_morning, settle

SIZE = (110, 32)


def counting(monkeypatch, screen_class, method: str) -> list[int]:
    calls: list[int] = []
    original = getattr(screen_class, method)

    def counted(self, *args):
        calls.append(1)
        return original(self, *args)

    monkeypatch.setattr(screen_class, method, counted)
    return calls


async def test_a_screen_loads_once_at_start_and_keeps_one_tick(store, config, clock, monkeypatch):
    office_morning(store, config, clock)
    loads = counting(monkeypatch, DeskScreen, "load")
    app = make_app(store, config, clock, mode="desk")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(loads) == 1
        assert [timer.name for timer in app.screen._timers].count("tick") == 1


async def test_a_reload_that_finds_nothing_new_redraws_nothing(store, config, clock, monkeypatch):
    office_morning(store, config, clock)
    shows = counting(monkeypatch, BoardScreen, "show")
    app = make_app(store, config, clock, mode="board")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(shows) == 1
        app.screen.reload()  # what the 15 s tick does on a quiet day
        await settle(pilot)
        assert len(shows) == 1
        store.queue.call_next("Balie 2", ["burgerzaken"])
        app.screen.reload()
        await settle(pilot)
        assert len(shows) == 2
        assert "→ Balie 2" in str(app.screen.query_one("#now-caption").content)


def test_the_office_clock_wakes_when_its_minute_can_change():
    at = parse_local("2026-11-20T10:15:30.500")
    assert clock_pace(SystemClock()) == 1.0
    assert next_look(at, 1.0) == pytest.approx(29.55)  # just past 10:16
    assert next_look(at, 60.0) == pytest.approx(29.5 / 60 + 0.05)  # a day played an hour a minute
    assert clock_pace(FixedClock(at)) == 0.0
    assert next_look(at, 0.0) is None  # BALIE_NOW: the same minute for ever
    assert next_look(at, None) == LOOK_SECONDS  # a played day: its speed may change
