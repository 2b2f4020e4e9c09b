"""The report screen: choosing a period by keys, the figures, the Excel export; a snapshot."""

from __future__ import annotations

import csv
import datetime

from textual.widgets import DataTable, Static

from balie.core.periods import DAY as DAY_KIND, RANGE, WEEK, Period
from balie.screens.report import ReportScreen
from tests.figures_data import DAY, insert_visits
from tests.helpers import make_app, settle

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
        assert app.screen.period == before
        assert any("is geen datum" in n.message for n in app._notifications)


def test_report_snapshot(snap_compare, store, config, clock):
    insert_visits(store)
    app = make_app(store, config, clock, mode="report")
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
