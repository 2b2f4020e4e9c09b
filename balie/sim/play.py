"""Playing simulated days into a database: instantly, or live at a chosen speed.

A played database is marked like the demo's, so it can be filled again but
a database with real visits is never touched. While a day plays live, the
database carries the office clock (``balie.sim.clock``): screens started
on it afterwards, without ``BALIE_NOW``, show the office time and see the
visitors come and go as they are written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

import pendulum

from balie.clock import local, local_day, to_ms
from balie.config import WEEKDAYS, Config
from balie.errors import BalieError
from balie.sim.arrivals import local_ms
from balie.sim.clock import Anchor, real_ms
from balie.sim.office import DayResult, Office
from balie.sim.scenario import Scenario, for_config
from balie.store import Store

DEMO_MARK = "demo"  # meta: this database holds only played days
LIVELY_AFTER_MS = 45 * 60_000  # open this long: enough visitors to look at
MID_MORNING_MS = 135 * 60_000  # 11:15 on a day opening at 9
QUIET_FROM = "16:30"  # later the hall empties: a demo then shows the morning


def claim(store: Store) -> None:
    """Empty an earlier demo or simulation; refuse a database with real visits."""
    if store.visits.any() and store.get_meta(DEMO_MARK) != "1":
        raise BalieError(
            "Deze database bevat al echte bezoeken; een demo of simulatie vult alleen een "
            "lege database. Kies een ander bestand met --db."
        )
    store.simulation.clear_demo()
    store.simulation.set_clock(None)
    store.set_meta(DEMO_MARK, "1")


def opening_days(config: Config, before: pendulum.DateTime, count: int) -> list[pendulum.Date]:
    """The ``count`` most recent opening days strictly before ``before``'s local day."""
    days: list[pendulum.Date] = []
    day = local(before).date()
    for _ in range(count * 7 + 7):
        if len(days) >= count:  # checked first: count 0 means no past days at all
            break
        day = day.subtract(days=1)
        if config.opening_hours.get(WEEKDAYS[day.weekday()]):
            days.append(day)
    return list(reversed(days))


def day_scenario(scenario: Scenario, config: Config, day: str) -> Scenario:
    """The scenario on this office's domains and this day's opening hours (a closed day keeps its own)."""
    hours = config.opening_hours.get(WEEKDAYS[pendulum.Date.fromisoformat(day).weekday()])
    fitted = for_config(scenario, config)
    return fitted.with_opening(hours) if hours else fitted


def play_past(
    store: Store, config: Config, scenario: Scenario, before: pendulum.DateTime, count: int, seed: int | str
) -> int:
    """Whole opening days before ``before``; returns the visits made."""
    made = 0
    for day in opening_days(config, before, count):
        name = day.isoformat()
        made += len(Office(store, config, day_scenario(scenario, config, name), name, seed).play().registered)
    return made


def play_today(
    store: Store,
    config: Config,
    scenario: Scenario,
    day: str,
    seed: int | str,
    start_ms: int | None = None,
    until_ms: int | None = None,
    speed: float = 0,
    say: TextIO | None = None,
    standup: bool = True,
) -> DayResult:
    """A day played instantly up to ``start_ms`` (default: opening), then live at
    ``speed`` (office seconds per real second; 0: instantly) up to ``until_ms``
    (default: the end of the day, closed then)."""
    office = Office(store, config, day_scenario(scenario, config, day), day, seed, standup=standup)
    office.play(start_ms if start_ms is not None else office.open_ms)
    if speed <= 0:
        return office.play(until_ms)
    anchor = Anchor(int(real_ms()), office.engine.now_ms, speed)
    store.simulation.set_clock(anchor.dumps())
    played = None
    try:
        played = office.play(until_ms, _pacer(anchor, office, say))
        return played
    finally:  # done or stopped: the office clock runs on at the normal pace from there
        reached = played.played_to_ms if played else anchor.office_at(real_ms())
        store.simulation.set_clock(Anchor(int(real_ms()), reached, 1).dumps())


def _pacer(anchor: Anchor, office: Office, say: TextIO | None) -> Callable[[int], None]:
    """Wait until the real time of each event; say the office's state every quarter hour."""
    shown = 0

    def pace(at_ms: int) -> None:
        nonlocal shown
        delay = (anchor.real_at(at_ms) - real_ms()) / 1000
        if delay > 0:
            time.sleep(delay)
        quarter = at_ms // (15 * 60_000)
        if say is not None and quarter != shown:
            shown = quarter
            moment = local(pendulum.from_timestamp(at_ms / 1000, tz="UTC")).format("HH:mm")
            waiting = len(office.store.queue.waiting())
            print(f"{moment}  {len(office.result.registered)} aangemeld, {waiting} wachtend", file=say)
            say.flush()

    return pace


def lively_moment(config: Config, scenario: Scenario, now: pendulum.DateTime) -> pendulum.DateTime:
    """``now`` when the office has been open a while and it is not yet late; else
    today mid-morning.

    A demo made just after midnight, early in the morning, in the evening or
    on a closed day still shows a busy office (its screens follow the demo's
    clock from that moment on).
    """
    day = local_day(now)
    opening, closing = day_scenario(scenario, config, day).opening
    open_ms, close_ms = local_ms(day, opening), local_ms(day, closing)
    if open_ms + LIVELY_AFTER_MS <= to_ms(now) < min(close_ms, local_ms(day, QUIET_FROM)):
        return now
    moment = open_ms + min(MID_MORNING_MS, (close_ms - open_ms) * 6 // 10)
    return pendulum.from_timestamp(moment / 1000, tz="UTC")


def simulate(
    store: Store,
    config: Config,
    now: pendulum.DateTime,
    scenario: Scenario,
    seed: int | str,
    days: int = 0,
    speed: float = 60,
    start: str | None = None,
    until: str | None = None,
    say: TextIO | None = None,
) -> int:
    """``balie simulate``: earlier days instantly, then today from ``start`` at ``speed``.

    Afterwards (or when stopped) the database's office clock stands where the
    play stopped and runs on at the normal pace, so the screens stay in step
    with what was written. Returns the visits made.
    """
    day = local_day(now)
    start_ms = local_ms(day, start) if start else None
    until_ms = local_ms(day, until) if until else None
    if start_ms is not None and until_ms is not None and until_ms < start_ms:
        raise BalieError(f"--until {until} ligt voor --from {start}.")
    claim(store)
    made = play_past(store, config, scenario, now, days, seed)
    played = play_today(store, config, scenario, day, seed, start_ms, until_ms, speed, say)
    if speed <= 0:
        store.simulation.set_clock(Anchor(int(real_ms()), played.played_to_ms, 1).dumps())
    return made + len(played.registered)
