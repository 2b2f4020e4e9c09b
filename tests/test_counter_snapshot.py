"""What a counter sees mid-morning, and every dialog it opens, at 80x24 and 120x40."""

from __future__ import annotations

import pytest

from balie.app import BalieApp
from balie.core.safeguards import NO_SHOW_AFTER_MS
from balie.core.visits import Outcome
from tests.helpers import SIZE_IDS, SIZES, pressing, settle

sizes = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def _morning(store, config, clock) -> None:
    """A transferred visitor (with the colleague's note) called to Balie 3; a long name waits."""
    start = clock.now()
    clock.set(start.subtract(minutes=30))
    earlier = store.desk.register(config.domain("burgerzaken"), question="uittreksel BRP")
    clock.advance(minutes=3)
    helped = store.desk.register(config.domain("burgerzaken"), name="[b]mw. Smit[/b]", question="ID-kaart")
    clock.advance(minutes=2)
    store.desk.register(config.domain("sociaal"), question="hulp bij huishouden (WMO)")
    clock.advance(minutes=5)
    store.desk.register(config.domain("burgerzaken"), urgent=True, question="rolstoel")
    urgent = store.queue.call_next("Balie 2", ["burgerzaken"])  # the urgent one, elsewhere
    clock.advance(minutes=4)
    store.queue.call_next("Balie 1", ["burgerzaken"])
    clock.advance(minutes=6)
    store.counter.finish(earlier.id, Outcome.HANDLED, "Balie 1", topic="uittreksel")
    clock.advance(minutes=2)
    store.counter.finish(urgent.id, Outcome.HANDLED, "Balie 2")
    store.queue.call_next("Balie 2", ["burgerzaken"])
    clock.advance(minutes=3)
    store.counter.transfer(helped.id, config.domain("sociaal"), "Balie 2", note="vraagt ook naar WMO")
    clock.advance(minutes=1)
    store.desk.register(config.domain("burgerzaken"), name="Maximiliaan Oranje-Nassau", question="paspoort")
    store.desk.register(config.domain("sociaal"), question="toeslag")
    clock.set(start)
    store.queue.call_next("Balie 3", ["burgerzaken", "sociaal"])


@pytest.fixture
def busy_app(store, config, clock):
    """Balie 3 with the transferred visitor at the counter."""
    _morning(store, config, clock)
    return BalieApp(
        store=store, config=config, clock=clock, mode="counter", poll=False,
        counter_name="Balie 3", counter_domains=["burgerzaken", "sociaal"],
    )


@pytest.fixture
def free_app(store, config, clock):
    """Balie 4, nobody at the counter, one no-show of today to take back."""
    _morning(store, config, clock)
    visit = store.queue.call_next("Balie 4", ["burgerzaken"])
    clock.advance(seconds=NO_SHOW_AFTER_MS // 1000)
    store.counter.no_show(visit.id, "Balie 4")
    return BalieApp(
        store=store, config=config, clock=clock, mode="counter", poll=False,
        counter_name="Balie 4", counter_domains=["burgerzaken", "sociaal"],
    )


@sizes
def test_counter_with_transferred_visitor(snap_compare, busy_app, size):
    assert snap_compare(busy_app, terminal_size=size, run_before=settle)


@sizes
def test_counter_free(snap_compare, free_app, size):
    assert snap_compare(free_app, terminal_size=size, run_before=settle)


# Each dialog a counter opens, by the keys that open it: with a visitor at the counter...
BUSY_DIALOGS = {
    "finish": ["a", "2", list("pas")],
    "transfer_chooser_after_typing": ["d", list("ag")],
    "transfer_note": ["d", ["b", "enter"], list("heeft uittreksel al")],
}
# ... and at a free counter.
FREE_DIALOGS = {
    "walk_up": ["z", list("uittreksel"), "enter"],  # Enter is not Ctrl+S: the dialog says so
    "counter_setup": ["i"],
    "pick_visit": ["l"],
    "reason": ["down", "c", "enter"],
}


@sizes
@pytest.mark.parametrize("dialog", BUSY_DIALOGS)
def test_dialog_on_a_visitor(snap_compare, busy_app, dialog, size):
    assert snap_compare(busy_app, terminal_size=size, run_before=pressing(*BUSY_DIALOGS[dialog]))


@sizes
def test_sure_dialog_for_a_no_show(snap_compare, busy_app, clock, size):
    clock.advance(seconds=NO_SHOW_AFTER_MS // 1000)
    assert snap_compare(busy_app, terminal_size=size, run_before=pressing("o"))


@sizes
@pytest.mark.parametrize("dialog", FREE_DIALOGS)
def test_dialog_at_a_free_counter(snap_compare, free_app, dialog, size):
    assert snap_compare(free_app, terminal_size=size, run_before=pressing(*FREE_DIALOGS[dialog]))


@pytest.fixture
def subject_app(store, config, clock):
    """Balie 5 with a visitor the wegwijzer gave a subject, from the demo's kennisbank."""
    from balie.demo import load_starter_set

    load_starter_set(store, config, clock.now())
    [match] = store.knowledge.search("paspoort aanvragen", 1)
    store.desk.register(config.domain("burgerzaken"), question="mijn paspoort is verlopen", subject_id=match.subject.id)
    clock.advance(minutes=7)
    store.queue.call_next("Balie 5", ["burgerzaken"])
    return BalieApp(
        store=store, config=config, clock=clock, mode="counter", poll=False,
        counter_name="Balie 5", counter_domains=["burgerzaken"],
    )


@sizes
@pytest.mark.parametrize("keys", [[], ["a", "1"]], ids=["counter", "finish_offers_it"])
def test_visit_with_subject(snap_compare, subject_app, keys, size):
    assert snap_compare(subject_app, terminal_size=size, run_before=pressing(*keys))
