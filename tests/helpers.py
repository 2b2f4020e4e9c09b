"""Builders shared by the UI and snapshot tests."""

from __future__ import annotations

from balie.app import BalieApp
from balie.clock import FixedClock, to_ms
from balie.config import Config
from balie.store import Store


def office_morning(store: Store, config: Config, clock: FixedClock) -> None:
    """A small, fixed queue: a few walk-ins, an appointment, an urgent visitor."""
    start = clock.now()
    clock.set(start.subtract(minutes=25))
    store.desk.register(config.domain("burgerzaken"), name="J. de Vries", question="paspoort verlengen")
    clock.advance(minutes=4)
    store.desk.register(config.domain("sociaal"), question="hulp bij huishouden (WMO)")
    clock.advance(minutes=3)
    store.desk.register(config.domain("vergunningen"), name="[b]mw. Smit[/b]", question="dakkapel")
    clock.advance(minutes=5)
    store.desk.register(
        config.domain("burgerzaken"), name="A.B.",
        appointment_ms=to_ms(start.add(minutes=5)), question="rijbewijs ophalen",
    )
    clock.advance(minutes=6)
    store.desk.register(config.domain("burgerzaken"), urgent=True, question="rolstoel, kan niet lang staan")
    # Before the calls some tests make from here on: a write never goes back in time.
    store.desk.quick_answer(topic="openingstijden")
    clock.set(start)


def make_app(store: Store, config: Config, clock: FixedClock, mode: str = "desk") -> BalieApp:
    """The app as a person starts it, minus the background poll (tests drive reloads)."""
    return BalieApp(store=store, config=config, clock=clock, mode=mode, poll=False)


async def settle(pilot) -> None:
    """Let pending messages run and the workers they start finish (twice: a worker's
    result can start another load)."""
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# Every screen and dialog is pictured at the smallest terminal it must work on and
# at a common larger one (issue 15).
SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]


def pressing(*groups):
    """A snapshot's run_before: settle, then press each group of keys (a key or a
    list of keys), settling after each, so what a dialog loads is drawn."""

    async def run(pilot) -> None:
        await settle(pilot)
        for group in groups:
            await pilot.press(*([group] if isinstance(group, str) else group))
            await settle(pilot)

    return run
