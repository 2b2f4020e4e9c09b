"""The stand-up on a Friday morning, with Thursday's figures: fixed clock, fixed data."""

from __future__ import annotations

import pytest

from balie.core.visits import Outcome
from tests.helpers import SIZE_IDS, SIZES, make_app, pressing, settle
from tests.test_dagstart_ui import plain

SIZE = (110, 32)
sizes = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def thursday(store, config, clock) -> None:
    """A small Thursday: waits within and over target, a referral, a no-show."""
    friday = clock.now()
    clock.set(friday.subtract(days=1).set(hour=9, minute=0))  # Thursday 10:00 local
    plan = [  # domain, minutes waited, outcome (None: no-show), minutes at the counter
        ("burgerzaken", 4, Outcome.HANDLED, 5),
        ("burgerzaken", 14, Outcome.REFERRED, 8),
        ("vergunningen", 6, Outcome.HANDLED, 10),
        ("sociaal", 9, Outcome.HANDLED, 12),
        ("sociaal", 20, None, 2),
        ("burgerzaken", 2, Outcome.HANDLED, 6),
    ]
    for domain, waited, outcome, service in plan:
        visit = store.desk.register(config.domain(domain))
        clock.advance(minutes=waited)
        store.queue.call_next("Balie 1", [domain])
        clock.advance(minutes=service)
        if outcome is None:
            store.counter.no_show(visit.id, "Balie 1")
        else:
            store.counter.finish(visit.id, outcome, "Balie 1")
    clock.set(friday.set(hour=7, minute=45))  # Friday 08:45 local, before opening


def friday_morning(store, config, clock, actor: str | None = "Petra"):
    """Thursday's figures, today's stand-up half done, two counters staffed."""
    thursday(store, config, clock)
    standup = store.standup.open()
    store.standup.tick(standup.items[0].id, True, "Petra")
    clock.advance(minutes=3)
    store.standup.tick(standup.items[1].id, True, "Kees")
    store.standup.set_roles("Anna", "Petra", "Petra")
    store.standup.assign_counter("Balie 1", "Kees", ["burgerzaken"], "Petra")
    store.standup.assign_counter("Balie 3", "Fatima", ["burgerzaken", "sociaal"], "Petra")
    store.standup.set_notes("WOZ-brieven zijn verstuurd\n[b]Storing[/b] pinautomaat tot 10:00", "Petra")
    store.standup.assign_counter("Balie 4", None, ["vergunningen"], "Petra")
    app = make_app(store, config, clock, mode="dagstart")
    app.standup_actor = actor
    return app


@sizes
def test_dagstart_friday_morning(snap_compare, store, config, clock, size):
    app = friday_morning(store, config, clock)
    assert snap_compare(app, terminal_size=size, run_before=settle)


# Each dialog of the stand-up, by the keys that open it.
DIALOGS = {
    "notes": ["b"],
    "roles": ["p"],
    "counters_of_today": ["c"],
    "staffing": ["c", "enter"],
    "retire_confirm": ["x"],
    "new_item": ["n"],
}


@sizes
@pytest.mark.parametrize("dialog", DIALOGS)
def test_dialog(snap_compare, store, config, clock, dialog, size):
    app = friday_morning(store, config, clock)
    assert snap_compare(app, terminal_size=size, run_before=pressing(*DIALOGS[dialog]))


@sizes
def test_who_dialog(snap_compare, store, config, clock, size):
    app = friday_morning(store, config, clock, actor=None)
    assert snap_compare(app, terminal_size=size, run_before=pressing("w", list("Pe")))


@sizes
def test_earlier_standup_read_only(snap_compare, store, config, clock, size):
    app = friday_morning(store, config, clock)
    clock.advance(days=1)  # Saturday: Friday's stand-up is an earlier one
    assert snap_compare(app, terminal_size=size, run_before=pressing("g", "enter"))


async def test_dagstart_figures_are_the_figures_core(store, config, clock):
    """The screen shows store.reports.period for the previous opening day, not its own sums."""
    thursday(store, config, clock)
    report = store.reports.period("2026-11-19", "2026-11-19", config)
    assert report.total.visitors == 6 and report.total.no_shows == 1
    app = make_app(store, config, clock, mode="dagstart")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        title = str(app.screen.query_one("#figures-title").render())
        shown = plain(app.screen.query_one("#dagstart-figures"))
    assert title == "Cijfers van donderdag 19 november"
    lines = shown.splitlines()
    assert lines[0].split() == ["Burgerzaken", "Vergunningen", "Sociaal", "Totaal"]
    assert lines[1].split() == ["Bezoekers", "3", "1", "2", "6"]
    assert lines[6].split() == ["Niet", "verschenen", "0", "0", "1", "1"]
