"""Playing days into a database: the office clock screens follow, the demo, balie simulate."""

from __future__ import annotations

import threading

import pendulum
import pytest

from balie import demo
from balie.cli import EXIT_ERROR, EXIT_NOTHING, main
from balie.clock import FixedClock, SystemClock, local, local_day, parse_local, to_ms
from balie.config import default_config
from balie.sim import clock as sim_clock
from balie.sim.clock import Anchor, PlayedClock, follow
from balie.sim.play import play_today
from balie.sim.scenario import SCENARIOS
from balie.store import Store


def office_time(store: Store) -> pendulum.DateTime:
    anchor = Anchor.loads(store.simulation.clock())
    assert anchor is not None
    return pendulum.from_timestamp(anchor.office_ms / 1000, tz="UTC")


# -- the office clock ------------------------------------------------------------------


def test_anchor_maps_real_time_to_office_time():
    anchor = Anchor(real_ms=1_000_000, office_ms=5_000_000, speed=60)
    assert anchor.office_at(1_001_000) == 5_060_000  # one real second: one office minute
    assert anchor.real_at(5_060_000) == 1_001_000
    assert Anchor.loads(anchor.dumps()) == anchor
    for broken in (None, "", "{", '{"real_ms": 1}', '{"real_ms": 1, "office_ms": 2, "speed": 0}'):
        assert Anchor.loads(broken) is None


def test_played_clock_follows_the_anchor_and_rereads_it(monkeypatch):
    stored = {"value": Anchor(1_000_000, 5_000_000, 60).dumps()}
    monkeypatch.setattr(sim_clock, "real_ms", lambda: 1_002_000.0)
    clock = PlayedClock(lambda: stored["value"])
    assert to_ms(clock.now()) == 5_120_000
    # a new anchor (the simulation restarted) is read within a second
    stored["value"] = Anchor(1_000_000, 9_000_000, 1).dumps()
    monkeypatch.setattr(sim_clock, "REREAD_S", 0.0)
    assert to_ms(clock.now()) == 9_002_000
    stored["value"] = None  # no day played any more: the real time
    assert abs(clock.now().timestamp() - pendulum.now("UTC").timestamp()) < 60


def test_follow_only_replaces_the_real_clock_and_only_with_an_anchor():
    fixed = FixedClock(parse_local("2026-11-20T10:00"))
    system = SystemClock()
    anchor = Anchor(1, 2, 1).dumps()
    assert follow(fixed, lambda: anchor) is fixed  # BALIE_NOW wins
    assert follow(system, lambda: None) is system
    assert isinstance(follow(system, lambda: anchor), PlayedClock)


# -- the demo is lively whenever it is made ---------------------------------------------


@pytest.mark.parametrize(
    "now, office",
    [
        ("2026-11-20T10:00", "2026-11-20T10:00"),  # Friday morning, open: the demo stands now
        ("2026-11-20T00:10", "2026-11-20T11:15"),  # just after midnight: today, mid-morning
        ("2026-11-22T15:00", "2026-11-22T15:00"),  # a Sunday afternoon (closed): still a day
        ("2026-11-22T06:30", "2026-11-22T11:15"),  # early on a Sunday
        ("2026-11-19T19:30", "2026-11-19T11:15"),  # Thursday's evening opening: quiet, so the morning
    ],
)
def test_demo_gives_a_lively_current_day(tmp_path, config, now, office):
    real = FixedClock(parse_local(now))
    store = Store(tmp_path / "demo.sqlite", real)
    demo.fill(store, config, real.now(), past_days=1)
    today = local_day(real.now())
    moment = parse_local(office)
    if office == now:
        assert store.simulation.clock() is None  # the screens keep the real time
    else:
        assert office_time(store) == moment  # the screens follow the demo from mid-morning
    visits = store.visits.on(today)
    assert visits and all(v.day == today for v in visits)
    assert all(v.arrived_ms <= to_ms(moment) for v in visits)
    # what the screens see at the demo's moment: a queue and someone at a counter
    store.clock = FixedClock(moment)
    assert store.queue.waiting(), "a newcomer's first screen is never an empty office"
    assert any(v.state.value == "called" for v in visits)
    assert store.standup.of(today) is None  # today's stand-up is left to the team
    store.close()


def test_a_demo_made_again_in_opening_hours_drops_the_demo_clock(tmp_path, config):
    night = FixedClock(parse_local("2026-11-20T00:10"))
    store = Store(tmp_path / "demo.sqlite", night)
    demo.fill(store, config, night.now(), past_days=0)
    assert store.simulation.clock() is not None
    demo.fill(store, config, parse_local("2026-11-20T10:30"), past_days=0)
    assert store.simulation.clock() is None
    store.close()


# -- balie simulate ------------------------------------------------------------------------


@pytest.fixture
def _friday(monkeypatch):
    monkeypatch.setenv("BALIE_NOW", "2026-11-20T08:00")


def test_simulate_plays_until_a_moment_and_the_screens_follow_it(_friday, capsys, db_path):
    code = main(["simulate", "--db", str(db_path), "--speed", "0", "--until", "11:00", "--days", "1"])
    _, err = capsys.readouterr()
    assert code == 0 and "Simulatie klaar" in err
    store = Store(db_path, FixedClock(parse_local("2026-11-20T08:00")))
    assert local(office_time(store)).format("YYYY-MM-DD HH:mm") == "2026-11-20 11:00"
    assert store.visits.on("2026-11-19")  # the earlier day
    assert store.standup.of("2026-11-20").staffing  # today's stand-up with its counters
    # a command on this database without BALIE_NOW runs on the office clock
    store.close()


def test_simulate_refuses_real_visits(_friday, capsys, db_path):
    store = Store(db_path, FixedClock(parse_local("2026-11-20T08:00")))
    store.desk.register(default_config().domain("burgerzaken"), name="echt")
    store.close()
    code = main(["simulate", "--db", str(db_path), "--speed", "0"])
    _, err = capsys.readouterr()
    assert code == EXIT_ERROR and "echte bezoeken" in err and "Traceback" not in err


def test_simulate_checks_its_options(_friday, capsys, db_path):
    assert main(["simulate", "--db", str(db_path), "--speed", "-1"]) == EXIT_ERROR
    assert main(["simulate", "--db", str(db_path), "--from", "11:00", "--until", "10:00", "--speed", "0"]) == EXIT_ERROR
    _, err = capsys.readouterr()
    assert "--until 10:00 ligt voor --from 11:00" in err


def test_a_live_day_is_seen_by_another_connection_as_it_is_played(tmp_path, config):
    """At 3600x (an hour a second) the visitors appear while the play goes on."""
    path = tmp_path / "live.sqlite"
    day = "2026-11-20"
    player = Store(path, FixedClock(parse_local(f"{day}T08:00")))
    watcher = Store(path, FixedClock(parse_local(f"{day}T08:00")))
    start, until = to_ms(parse_local(f"{day}T09:00")), to_ms(parse_local(f"{day}T09:45"))
    seen: list[int] = []

    def play() -> None:
        play_today(player, config, SCENARIOS["peak"], day, 1, start_ms=start, until_ms=until, speed=3600)
        player.close()

    thread = threading.Thread(target=play)
    thread.start()
    while thread.is_alive():
        seen.append(watcher.visits.count_on(day))
        thread.join(0.05)
    final = watcher.visits.count_on(day)
    assert final > 0
    assert any(0 < count < final for count in seen), "visitors appeared one by one, not all at the end"
    anchor = Anchor.loads(watcher.simulation.clock())
    assert anchor is not None and anchor.speed == 1  # played: the office clock runs on normally
    assert until <= anchor.office_ms < until + 60 * 60_000
    watcher.close()


# -- balie staffing ------------------------------------------------------------------------


def test_staffing_prints_the_advice_beside_the_stand_up(_friday, capsys, db_path):
    assert main(["simulate", "--db", str(db_path), "--speed", "0", "--until", "09:00", "--days", "6"]) == 0
    capsys.readouterr()
    code = main(["staffing", "--db", str(db_path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Advies voor 2026-11-20, uit 1 eerdere dagen (2026-11-13 t/m 2026-11-13)")
    assert any(line.endswith("nodig voor Burgerzaken, 3 ingedeeld") for line in lines[1:])
    assert all(" uur: " in line and "ingedeeld" in line for line in lines[1:])


def test_staffing_without_history_says_so(_friday, capsys, db_path):
    code = main(["staffing", "--db", str(db_path)])
    _, err = capsys.readouterr()
    assert code == EXIT_NOTHING and "nog geen advies" in err
