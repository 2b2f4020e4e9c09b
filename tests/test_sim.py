"""The simulated office: its own properties, and that it leaves the real store's rules intact."""

from __future__ import annotations

import random
import statistics
from collections import Counter, defaultdict

import pytest

from balie.clock import FixedClock, local_time_on, parse_local, to_ms
from balie.config import default_config
from balie.core.visits import FINAL_STATES, State, replay
from balie.sim.arrivals import arrivals, local_ms, segments, service_ms
from balie.sim.engine import Engine
from balie.sim.office import Office, play_day
from balie.sim.scenario import MEASURED, SCENARIOS, SHAPE, for_config
from balie.store import Store
from tests.test_store_demo import fingerprint

DAY = "2026-11-18"  # a Wednesday, open 09:00-17:00


def test_engine_runs_in_time_order_and_keeps_ties_in_order():
    engine, seen = Engine(0), []
    engine.at(20, lambda: seen.append("b"))
    engine.at(10, lambda: seen.append("a"))
    engine.at(20, lambda: seen.append("c"))
    engine.at(30, lambda: engine.after(5, lambda: seen.append("e")) or seen.append("d"))
    engine.run(32)
    assert seen == ["a", "b", "c", "d"] and engine.now_ms == 32
    engine.run(100)
    assert seen[-1] == "e"


# -- draws that need no store ------------------------------------------------------


def test_arrival_counts_follow_the_configured_rate():
    scenario = SCENARIOS["normal"]
    runs = [arrivals(scenario, DAY, random.Random(seed)) for seed in range(300)]
    expected = sum(d.per_day for d in scenario.demand)  # 150 over a standard day
    counts = [len(run) for run in runs]
    # a Poisson count: mean 150, standard error sqrt(150 / 300) ~ 0.7
    assert statistics.mean(counts) == pytest.approx(expected, abs=3)
    assert statistics.variance(counts) == pytest.approx(expected, rel=0.25)
    per_domain = Counter(domain for run in runs for _, domain in run)
    for demand in scenario.demand:
        assert per_domain[demand.domain] / len(runs) == pytest.approx(demand.per_day, rel=0.05)
    # the morning peak (10:00-11:00, weights 1.5 + 1.5) against mid-afternoon (15:00-16:00, 0.8 + 0.8)
    def within(start: str, end: str) -> int:
        low, high = local_ms(DAY, start), local_ms(DAY, end)
        return sum(1 for run in runs for at, _ in run if low <= at < high)
    assert within("10:00", "11:00") / within("15:00", "16:00") == pytest.approx(3.0 / 1.6, rel=0.1)
    # every arrival within the opening hours, in time order
    open_ms, close_ms = local_ms(DAY, "09:00"), local_ms(DAY, "17:00")
    assert all(open_ms <= at < close_ms for run in runs for at, _ in run)
    assert all(run == sorted(run) for run in runs)


def test_a_shorter_day_gets_fewer_visitors_and_a_rush_adds_its_own():
    short = SCENARIOS["normal"].with_opening(("09:00", "13:00"))
    weights = dict(SHAPE)
    morning = sum(w for at, w in weights.items() if at < "13:00")
    day = sum(w for at, w in weights.items() if at < "17:00")
    counts = [len(arrivals(short, DAY, random.Random(seed))) for seed in range(300)]
    assert statistics.mean(counts) == pytest.approx(150 * morning / day, rel=0.05)
    assert segments(short, DAY)[-1][1] == local_ms(DAY, "13:00")

    mailing = SCENARIOS["mailing"]
    rush = mailing.rush
    low, high = local_ms(DAY, rush.start), local_ms(DAY, rush.end)
    extra = []
    for seed in range(300):
        with_rush = arrivals(mailing, DAY, random.Random(seed))
        extra.append(sum(1 for at, d in with_rush if low <= at < high and d == rush.domain))
    plain = SCENARIOS["normal"]
    usual = [
        sum(1 for at, d in arrivals(plain, DAY, random.Random(seed)) if low <= at < high and d == rush.domain)
        for seed in range(300)
    ]
    assert statistics.mean(extra) - statistics.mean(usual) == pytest.approx(rush.extra, rel=0.1)


def test_service_times_have_the_configured_mean_and_spread():
    rng = random.Random(7)
    draws = [service_ms(rng, 6, 0.7) / 60_000 for _ in range(40_000)]
    assert statistics.mean(draws) == pytest.approx(6, rel=0.02)
    assert statistics.stdev(draws) / statistics.mean(draws) == pytest.approx(0.7, rel=0.06)
    assert statistics.median(draws) < statistics.mean(draws)  # most visits short, a few long


def test_scenarios_fit_another_office():
    from balie.config import Domain, config_from_dict

    config = config_from_dict({"domains": [
        {"key": "burgerzaken", "prefix": "B", "label": "Burgerzaken", "service_minutes": 8},
        {"key": "algemeen", "prefix": "A", "label": "Algemeen", "service_minutes": 4},
    ]})
    fitted = for_config(SCENARIOS["normal"], config)
    assert [d.domain for d in fitted.demand] == ["burgerzaken", "algemeen"]
    assert fitted.demand[0].service_minutes == 8
    assert sum(d.per_day for d in fitted.demand) == pytest.approx(150)
    served = {d for shift in fitted.shifts for d in shift.domains}
    assert served == {"burgerzaken", "algemeen"}
    names = [shift.counter for shift in fitted.shifts]
    assert len(names) == len(set(names))
    assert isinstance(config.domains[0], Domain)
    # an office whose own domain takes the place of the ones no counter keeps
    social = config_from_dict({"domains": [
        {"key": "sociaal", "prefix": "S", "label": "Sociaal"},
        {"key": "wonen", "prefix": "W", "label": "Wonen"},
    ]})
    counters = [shift.counter for shift in for_config(SCENARIOS["normal"], social).shifts]
    assert counters == ["Balie 3", "Balie 5", "Balie 1"]


# -- a day on the real store ---------------------------------------------------------


@pytest.fixture
def sim_store(tmp_path):
    store = Store(tmp_path / "sim.sqlite", FixedClock(parse_local(f"{DAY}T08:00")))
    yield store
    store.close()


def test_a_day_is_the_same_for_the_same_seed(tmp_path):
    config = default_config()
    scenario = for_config(SCENARIOS["normal"], config)
    prints = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        store = Store(tmp_path / f"{name}.sqlite", FixedClock(parse_local(f"{DAY}T08:00")))
        play_day(store, config, scenario, DAY, seed)
        store.close()
        prints.append(fingerprint(tmp_path / f"{name}.sqlite"))
    assert prints[0] == prints[1]
    assert prints[0]["visits"] != prints[2]["visits"]


@pytest.mark.parametrize("name", ["normal", *MEASURED])
def test_a_played_day_keeps_the_stores_rules(sim_store, name):
    config = default_config()
    result = play_day(sim_store, config, for_config(SCENARIOS[name], config), DAY, 1)
    assert result.refused == []  # a realistic office never does what the store refuses
    visits = sim_store.visits.on(DAY)
    assert len(visits) == len(result.registered) > 50
    # the day was closed: nobody is left waiting or at a counter
    assert all(v.state in FINAL_STATES for v in visits)
    assert sim_store.queue.waiting() == []
    # every visit's log tells the story of its state
    for visit in visits:
        assert replay([e["type"] for e in sim_store.visits.events(visit.id)]) == visit.state
    # ticket numbers unique per domain, from 1 up
    by_prefix = defaultdict(list)
    for visit in visits:
        by_prefix[visit.ticket[0]].append(int(visit.ticket[1:]))
    assert all(sorted(numbers) == list(range(1, len(numbers) + 1)) for numbers in by_prefix.values())
    # a counter never has two visitors: its calls and their ends take turns
    _one_visitor_at_a_time(sim_store)
    # everyone served, sent home or gone; a few things besides plain visits happen
    states = Counter(v.state for v in visits)
    assert states[State.FINISHED] > 0.8 * len(visits)
    assert any(v.transferred_from for v in visits) or name == "calm"
    # breaks were taken and ended: no counter is left paused
    assert not any(sim_store.counter.paused(shift.counter) for shift in SCENARIOS[name].shifts)


def _one_visitor_at_a_time(store: Store) -> None:
    rows = store.conn.execute(
        "SELECT e.actor, e.type, e.visit_id, json_extract(e.data, '$.counter') FROM events e ORDER BY e.id"
    ).fetchall()
    at_counter: dict[str, int] = {}
    for actor, kind, visit_id, counter in rows:
        if kind in ("call", "call_out_of_order"):
            assert counter not in at_counter, f"{counter} called while helping visit {at_counter.get(counter)}"
            at_counter[counter] = visit_id
        elif kind in ("finish", "no_show", "transfer", "requeue") and at_counter.get(actor) == visit_id:
            del at_counter[actor]


def test_the_stand_up_gives_the_counters_their_domains(sim_store):
    config = default_config()
    office = Office(sim_store, config, for_config(SCENARIOS["two_domains"], config), DAY, 2)
    office.play(local_ms(DAY, "09:00"))
    standup = sim_store.standup.of(DAY)
    assert standup is not None and standup.lead and standup.host
    assert sim_store.staffing.staffed_on(DAY) == {s.counter: list(s.domains) for s in SCENARIOS["two_domains"].shifts}
    assert sim_store.visits.on(DAY) == []  # nobody before opening


def test_a_day_played_in_two_parts_is_the_day_played_at_once(tmp_path):
    config = default_config()
    scenario = for_config(SCENARIOS["peak"], config)
    whole = Store(tmp_path / "whole.sqlite", FixedClock(parse_local(f"{DAY}T08:00")))
    play_day(whole, config, scenario, DAY, 5)
    whole.close()
    parts = Store(tmp_path / "parts.sqlite", FixedClock(parse_local(f"{DAY}T08:00")))
    office = Office(parts, config, scenario, DAY, 5)
    office.play(to_ms(local_time_on(DAY, "11:00")))
    assert parts.queue.waiting(), "a peak morning has a queue at 11"
    assert all(v.arrived_ms <= to_ms(local_time_on(DAY, "11:00")) for v in parts.visits.on(DAY))
    office.play()
    parts.close()
    assert fingerprint(tmp_path / "whole.sqlite") == fingerprint(tmp_path / "parts.sqlite")


def test_the_store_gets_its_own_clock_back(sim_store):
    own = sim_store.clock
    play_day(sim_store, default_config(), SCENARIOS["calm"], DAY, 1, until_ms=local_ms(DAY, "10:00"))
    assert sim_store.clock is own
