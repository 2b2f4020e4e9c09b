"""Ticked and unticked differ in shape, and a warning carries a sign, not colour alone."""

from __future__ import annotations

from textual.widgets import SelectionList

from balie.dialogs.counter_setup import CounterSetupDialog
from balie.dialogs.register import RegisterDialog
from balie.widgets.domain_loads import DomainCard
from tests.helpers import make_app, settle


async def test_checkbox_and_selection_list_show_a_tick_only_when_ticked(store, config, clock):
    app = make_app(store, config, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(RegisterDialog(config, "burgerzaken"))
        await settle(pilot)
        box = app.screen.query_one("#urgent")
        assert "X" not in str(box._button)
        await pilot.press("ctrl+g")
        assert "X" in str(box._button)
        await pilot.press("escape")
        app.push_screen(CounterSetupDialog(config, "Balie 1", ["sociaal"]))
        await settle(pilot)
        chooser = app.screen.query_one(SelectionList)
        buttons = [chooser.render_line(y).text[:3] for y in range(chooser.option_count)]
        ticked = [d.key == "sociaal" for d in config.domains]
        assert [("X" in b) for b in buttons] == ticked


async def test_a_domain_over_its_norm_says_so_with_a_sign(store, config, clock):
    clock.set(clock.now().subtract(minutes=25))
    store.desk.register(config.domain("burgerzaken"))  # norm 10 minutes
    clock.advance(minutes=25)
    app = make_app(store, config, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cards = {card.domain.key: (str(card.border_title), str(card.render())) for card in app.screen.query(DomainCard)}
    assert cards["burgerzaken"][0] == "⚠ Burgerzaken" and "langste wacht 25 min" in cards["burgerzaken"][1]
    assert cards["vergunningen"][0] == "Vergunningen" and "0 wachtend\nniemand wacht" in cards["vergunningen"][1]


def test_a_worse_change_in_the_report_carries_a_mark_not_only_red():
    from balie.reporting import METRICS
    from balie.screens.report import change_text

    no_shows = next(m for m in METRICS if m.key == "no_shows")  # fewer is better
    assert change_text(no_shows, 2).plain == "+2!" and change_text(no_shows, -2).plain == "-2"
