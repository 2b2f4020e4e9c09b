"""The staffing advice panel the stand-up and the report show."""

from __future__ import annotations

from rich.console import Console

from balie.config import default_config
from balie.core.staffing import Advice, Need, blocks
from balie.widgets.staffing_advice import advice_panel


def rendered(renderable, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def friday_advice(staffed: dict[str, int], last_day: str | None = None) -> Advice:
    needs = [
        Need("burgerzaken", 9, 8, 6, 2), Need("burgerzaken", 10, 25, 6, 3), Need("burgerzaken", 11, 25, 6, 3),
        Need("burgerzaken", 12, 8, 6, 2), Need("sociaal", 10, 2, 12, 1),
    ]
    return Advice("2026-11-20", ("2026-11-06", "2026-11-13"), tuple(needs), tuple(blocks(needs, staffed)), last_day)


def test_a_shortage_shows_a_sign_and_its_hours_in_the_stand_ups_side_column():
    text = rendered(advice_panel(default_config(), friday_advice({"burgerzaken": 2, "sociaal": 1})), width=36)
    lines = text.splitlines()
    assert all(len(line.rstrip()) <= 36 for line in lines)
    assert [line.rstrip() for line in lines[:3]] == [
        "Burgerzaken 2–3 nodig, 2 ingedeeld",
        "            ▲ te weinig 10–12 uur",
        "Sociaal     1 nodig, 1 ingedeeld",  # enough: no second line
    ]
    footnote = " ".join(" ".join(lines[3:]).split())
    assert footnote == "uit 2 eerdere vrijdagen; doel: 80% binnen de norm"


def test_a_period_says_its_figures_come_from_its_own_visitors():
    text = rendered(advice_panel(default_config(), friday_advice({"burgerzaken": 3}, last_day="2026-11-27")))
    assert "uit de bezoekers van deze periode (2 dagen)" in text
    assert [line.rstrip() for line in text.splitlines()[:3]] == [
        "Burgerzaken 2–3 nodig, 3 ingedeeld",
        "Sociaal     1 nodig, 0 ingedeeld",
        "            ▲ te weinig 10–11 uur",  # no counter
    ]


def test_without_history_it_says_why_there_is_no_advice():
    config = default_config()
    empty_day = Advice("2026-11-20", (), (), ())
    assert "nog geen advies: geen eerdere vrijdag met bezoekers in de laatste 8 weken" in rendered(
        advice_panel(config, empty_day))
    assert "geen bezoekers in deze periode" in rendered(
        advice_panel(config, Advice("2026-11-01", (), (), (), "2026-11-30")))


# -- on the screens -------------------------------------------------------------------


def busy_days(store, config, clock, days=("2026-11-06", "2026-11-13")) -> None:
    """30 burgerzaken visitors between 10 and 11 on each day, served 6 minutes each."""
    from balie.clock import parse_local
    from balie.core.visits import Outcome

    for day in days:
        visits = []
        for minute in range(0, 60, 2):
            clock.set(parse_local(f"{day}T10:{minute:02d}"))
            visits.append(store.desk.register(config.domain("burgerzaken")))
        for visit in visits:
            store.queue.call_visit(visit.id, "Balie 1")
            clock.advance(minutes=6)
            store.counter.finish(visit.id, Outcome.HANDLED, "Balie 1")


def shown(app, selector: str) -> str:
    from textual.widgets import Static

    return rendered(app.screen.query_one(selector, Static).content, width=36)


async def test_the_stand_up_shows_todays_advice_beside_its_staffing(store, config, clock):
    from balie.clock import parse_local
    from tests.helpers import make_app, settle

    busy_days(store, config, clock)
    clock.set(parse_local("2026-11-20T08:45"))
    store.standup.open("Petra")
    store.standup.assign_counter("Balie 1", "Kees", ["burgerzaken"], "Petra")
    app = make_app(store, config, clock, mode="dagstart")
    app.standup_actor = "Petra"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = shown(app, "#dagstart-advice")
        # 30 an hour at 6 minutes need 4 counters for 80 % within 10 minutes; 1 is staffed
        assert "Burgerzaken 4 nodig, 1 ingedeeld" in text
        assert "▲ te weinig 10–11 uur" in text
        assert "uit 2 eerdere vrijdagen" in text
        # a second counter from the stand-up: the advice follows live
        store.standup.assign_counter("Balie 2", "Anna", ["burgerzaken"], "Petra")
        app.screen.reload()
        await settle(pilot)
        assert "Burgerzaken 4 nodig, 2 ingedeeld" in shown(app, "#dagstart-advice")
        # at 80x24 the side column is reached with Tab and scrolls with the arrows
        side = app.screen.query_one("#dagstart-side")
        await pilot.press("tab")
        assert app.focused is side
        await pilot.press("end")
        await settle(pilot)
        assert side.scroll_y > 0


async def test_the_report_shows_the_periods_own_advice(store, config, clock):
    from balie.clock import parse_local
    from tests.helpers import make_app, settle

    for day in ("2026-11-16", "2026-11-17"):
        clock.set(parse_local(f"{day}T08:45"))
        store.standup.open("Petra")
        store.standup.assign_counter("Balie 1", "Kees", ["burgerzaken"], "Petra")
        busy_days(store, config, clock, days=(day,))
    clock.set(parse_local("2026-11-20T10:00"))
    app = make_app(store, config, clock, mode="report")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")  # this week: Monday 16 to Sunday 22 November
        await settle(pilot)
        text = shown(app, "#report-advice")
        assert "Burgerzaken 4 nodig, 1 ingedeeld" in text
        assert "▲ te weinig 10–11 uur" in text
        assert "uit de bezoekers van deze periode (2 dagen)" in " ".join(text.split())
