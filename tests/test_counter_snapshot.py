"""What a counter sees mid-morning, with a fixed clock and fixed data."""

from __future__ import annotations

from balie.app import BalieApp
from balie.core.visits import Outcome

SIZE = (110, 32)
from tests.helpers import settle




def test_counter_with_transferred_visitor(snap_compare, store, config, clock):
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
    store.desk.register(config.domain("burgerzaken"), appointment_ms=None, question="paspoort")
    clock.set(start)
    store.queue.call_next("Balie 3", ["burgerzaken", "sociaal"])

    app = BalieApp(
        store=store, config=config, clock=clock, mode="counter", poll=False,
        counter_name="Balie 3", counter_domains=["burgerzaken", "sociaal"],
    )
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
