"""The report screen: choosing a period by keys, the figures, the Excel export; a snapshot."""

from __future__ import annotations

import csv
import datetime

import pytest

from textual.widgets import DataTable, Static

from balie.core.periods import DAY as DAY_KIND, RANGE, WEEK, Period
from balie.screens.report import ReportScreen
from tests.figures_data import DAY, insert_visits
from tests.helpers import SIZE_IDS, SIZES, make_app, pressing, settle

SIZE = (110, 32)


def _cell(app, row: str, column: str) -> str:
    table = app.screen.query_one("#report-table", DataTable)
    return str(table.get_cell(row, column))


def _period_text(app) -> str:
    return str(app.screen.query_one("#report-period", Static).render())


async def test_choosing_periods_by_keys(store, config, clock, tmp_path):
    insert_visits(store)
    app = make_app(store, config, clock, mode="report")
    app.export_dir = tmp_path
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        # Opens on the last opening day before today (Friday 20 November).
        assert screen.period == Period(datetime.date(2026, 11, 19), datetime.date(2026, 11, 19), DAY_KIND)
        assert "donderdag 19 november 2026" in _period_text(app)
        assert "vergeleken met donderdag 12 november 2026" in _period_text(app)
        assert _cell(app, "visitors", "total") == "8"
        assert _cell(app, "median_wait", "total") == "8,5"
        assert _cell(app, "visitors", "burgerzaken").split() == ["5", "+5"]

        await pilot.press("w")
        await settle(pilot)
        assert (screen.period.kind, screen.period.first_day) == (WEEK, "2026-11-16")
        assert "week 47 2026" in _period_text(app)
        assert _cell(app, "visitors", "total") == "8"

        await pilot.press("left")
        await settle(pilot)
        assert screen.period.first_day == "2026-11-09"
        assert _cell(app, "visitors", "total") == "0"
        assert _cell(app, "mean_wait", "total") == "-"

        await pilot.press("p")
        await pilot.press(*"18-11-2026 t/m 19-11-2026", "enter")
        await settle(pilot)
        assert (screen.period.kind, screen.period.first_day, screen.period.last_day) == (
            RANGE, "2026-11-18", DAY,
        )
        assert _cell(app, "visitors", "total") == "8"

        await pilot.press("e")
        await settle(pilot)
        exported = tmp_path / f"balie-rapport-2026-11-18-{DAY}.csv"
        with open(exported, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
        assert rows[0][:3] == ["periode", "2026-11-18", DAY]
        assert any(str(exported) in n.message for n in app._notifications)


async def test_a_wrong_period_is_explained_and_nothing_changes(store, config, clock):
    app = make_app(store, config, clock, mode="report")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.screen.period
        await pilot.press("p", *"morgen", "enter")
        await settle(pilot)
        # Said in the dialog, which stays open to correct it.
        assert "is geen datum" in str(app.screen.query_one("#error").render())
        await pilot.press(*["backspace"] * 6, *"vorige week", "enter")
        await settle(pilot)
        assert app.screen.period.first_day == "2026-11-09" and app.screen.period.kind == WEEK
        assert before != app.screen.period


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_report_snapshot(snap_compare, store, config, clock, size):
    insert_visits(store)
    app = make_app(store, config, clock, mode="report")
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_period_dialog_says_a_wrong_period(snap_compare, store, config, clock, size):
    insert_visits(store)
    app = make_app(store, config, clock, mode="report")
    keys = ["p", list("volgend jaar"), "enter"]
    assert snap_compare(app, terminal_size=size, run_before=pressing(*keys))


async def test_at_80_columns_every_figure_is_there_without_sideways_scrolling(store, config, clock):
    insert_visits(store)
    app = make_app(store, config, clock, mode="report")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tables = list(app.screen.query("#report-tables DataTable").results(DataTable))
        assert len(tables) >= 2  # the domains that do not fit beside the total, below it
        for table in tables:
            assert table.virtual_size.width <= table.size.width, "a table scrolls sideways"
        keys = [column.key.value for table in tables for column in table.ordered_columns]
        assert {"total", "total-before", "total-change", "burgerzaken", "vergunningen", "sociaal"} <= set(keys)
        assert str(tables[0].get_cell("quick_answers", "total")) != ""
        topics = app.screen.query_one("#top-topics")
        assert topics.region.width > 20 and "paspoort" in str(topics.render())
