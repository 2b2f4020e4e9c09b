"""A realistic, deterministic demo office: earlier days and a busy current day.

Played by the office simulation (``balie.sim``) on the real store, so what a
newcomer sees is exactly what real use produces; the same clock gives the
same data. The current day is always lively: run outside opening hours (just
after midnight, in the evening, early on a closed day), the demo's today
stands at mid-morning, and the screens on the demo database follow the
demo's clock from there (``balie.sim.clock``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pendulum

from balie.clock import FixedClock, local_day, parse_local, to_ms
from balie.config import Config
from balie.sim.clock import Anchor, real_ms
from balie.sim.play import claim, lively_moment, opening_days, play_past, play_today
from balie.sim.scenario import SCENARIOS
from balie.store import Store

__all__ = ["fill", "opening_days"]

SEED = 20261120


def fill(store: Store, config: Config, now: pendulum.DateTime, past_days: int = 10) -> int:
    """Fill an empty (or earlier demo) database; returns the number of visits made."""
    claim(store)
    days = opening_days(config, now, past_days)
    load_starter_set(store, config, parse_local(f"{(days[0] if days else now.date()).isoformat()}T07:00"))
    made = play_past(store, config, SCENARIOS["normal"], now, past_days, SEED)
    busy = SCENARIOS["peak"]  # today is a busy morning: a queue to look at
    moment = lively_moment(config, busy, now)
    # Today's stand-up is left to the newcomer (the earlier days have theirs to look back at).
    today = play_today(store, config, busy, local_day(moment), SEED, until_ms=to_ms(moment), standup=False)
    made += len(today.registered)
    if moment != now:
        store.simulation.set_clock(Anchor(int(real_ms()), to_ms(moment), 1).dumps())
    return made


STARTER_SET = Path(__file__).parent / "sim" / "kennisbank.txt"


def load_starter_set(store: Store, config: Config, at: pendulum.DateTime) -> None:
    """The demo's kennisbank (46 Dutch subjects), when the file has none yet.

    Written at ``at``, before the first day played (a write never goes back in
    time). A domain the configuration does not know leaves that subject to the desk.
    """
    if store.knowledge.count():
        return
    from balie.core.knowledge_formats import from_text

    keys = [domain.key for domain in config.domains]
    subjects = [
        s if s.domain in keys or s.domain is None else replace(s, domain=None)
        for s in from_text(STARTER_SET.read_text(encoding="utf-8"))
    ]
    own_clock, store.clock = store.clock, FixedClock(at)
    try:
        store.knowledge.apply_import(subjects, keys, "demo")
    finally:
        store.clock = own_clock
