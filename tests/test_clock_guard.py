"""A wrong clock never writes a time that contradicts the database (issue 14).

Every write reads its time under the lock and holds it against the newest time
the database already knows: slightly behind takes that newest time, further
behind is refused in Dutch, naming both times, until a human says the clock is
right (``balie clock --accept``).
"""

from __future__ import annotations

import datetime

import pytest

from balie.cli import main
from balie.clock import CLOCK_TOLERANCE_MS, ClockBehind, FixedClock, SystemClock, clock_from_env, parse_local, to_ms
from balie.core.periods import range_period
from balie.core.visits import Outcome, State
from balie.errors import BalieError
from balie.reporting import METRICS, load_review
from balie.store import Store
from balie.store.newest import NEWEST_KEY


def run(capsys, monkeypatch, now: str | None, *argv: str) -> tuple[int, str, str]:
    if now is None:
        monkeypatch.delenv("BALIE_NOW", raising=False)
    else:
        monkeypatch.setenv("BALIE_NOW", now)
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "OverflowError" not in err
    return code, out, err


# -- absurd clocks --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1999-12-31T23:59", "2100-01-01T00:00"])
def test_an_absurd_balie_now_is_refused_in_dutch(value):
    with pytest.raises(BalieError, match="kan niet kloppen"):
        clock_from_env({"BALIE_NOW": value})


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_an_absurd_balie_now_is_refused_before_anything_opens(capsys, monkeypatch, db_path, value):
    code, _, err = run(capsys, monkeypatch, value, "--db", str(db_path), "export")
    assert code == 1 and "kan niet kloppen" in err
    assert not db_path.exists()


def test_a_system_clock_before_2000_is_refused_before_anything_opens(capsys, monkeypatch, db_path):
    monkeypatch.setattr(SystemClock, "now", lambda self: parse_local("1970-01-01T01:00").in_timezone("UTC"))
    code, _, err = run(capsys, monkeypatch, None, "--db", str(db_path), "register", "--domain", "b")
    assert code == 1 and "De klok van deze computer staat op" in err and "1970" in err
    assert not db_path.exists()


def test_a_running_process_whose_clock_jumps_to_an_absurd_time_writes_nothing(store, clock, config):
    store.desk.register(config.domain("b"))
    clock.set(parse_local("2150-01-01T10:00"))
    with pytest.raises(BalieError, match="kan niet kloppen"):
        store.desk.register(config.domain("b"))
    assert len(store.visits.on("2026-11-20")) == 1
    store.today()  # a screen reading on that clock first (the store keeps the day it sees)
    with pytest.raises(BalieError, match="kan niet kloppen"):
        store.desk.register(config.domain("b"))


# -- behind: refused, naming both times -------------------------------------------------


def test_a_process_at_yesterday_s_date_cannot_hand_out_a_ticket(db_path, config):
    today = Store(db_path, FixedClock(parse_local("2026-11-20T10:00")))
    assert today.desk.register(config.domain("b")).ticket == "B001"
    yesterday = Store(db_path, FixedClock(parse_local("2026-11-19T10:00")))
    with pytest.raises(ClockBehind) as caught:
        yesterday.desk.register(config.domain("b"))
    message = str(caught.value)
    assert "donderdag 19 november 2026 10:00" in message  # this clock
    assert "vrijdag 20 november 2026 10:00" in message  # what the database knows
    assert "balie clock --accept" in message
    assert yesterday.visits.on("2026-11-19") == []
    assert [v.ticket for v in today.visits.on("2026-11-20")] == ["B001"]


def test_the_cli_at_yesterday_s_date_refuses_and_the_next_correct_process_is_unharmed(capsys, monkeypatch, db_path):
    args = ("--db", str(db_path), "register", "--domain", "b")
    assert run(capsys, monkeypatch, "2026-11-20T10:00", *args)[1].startswith("B001")
    code, out, err = run(capsys, monkeypatch, "2026-11-19T10:00", *args)
    assert code == 1 and out == "" and "loopt achter" in err
    code, out, _ = run(capsys, monkeypatch, "2026-11-20T10:05", "--db", str(db_path), "next", "--counter", "Balie 1")
    assert (code, out) == (0, "B001\n")


# -- slightly behind: the newest known time ----------------------------------------------


def test_slightly_behind_takes_the_newest_known_time(store, clock, config):
    visit = store.desk.register(config.domain("b"))
    clock.set(clock.now().subtract(seconds=(CLOCK_TOLERANCE_MS - 1000) / 1000))
    called = store.queue.call_next("Balie 1", ["burgerzaken"])
    assert called.id == visit.id
    assert called.called_ms == visit.arrived_ms  # never before the arrival
    finished = store.counter.finish(visit.id, Outcome.HANDLED, "Balie 1")
    assert finished.finished_ms >= finished.called_ms
    assert [e["at_ms"] for e in store.visits.events(visit.id)] == [visit.arrived_ms] * 3


def test_a_clock_moved_back_within_the_day_never_gives_negative_durations(store, clock, config, db_path):
    """The issue's probe: a call, the clock back 30 minutes, a finish: 'Behandeltijd -30,0'."""
    visit = store.desk.register(config.domain("b"))
    clock.advance(minutes=5)
    store.queue.call_next("Balie 1", ["burgerzaken"])
    clock.advance(minutes=-30)
    with pytest.raises(ClockBehind):
        store.counter.finish(visit.id, Outcome.HANDLED, "Balie 1")
    assert store.visits.get(visit.id).state == State.CALLED
    # A human says the clock is right after all: the finish is then written, and the
    # report still never shows a negative duration.
    store.accept_clock("opdrachtregel")
    store.counter.finish(visit.id, Outcome.HANDLED, "Balie 1")
    day = datetime.date(2026, 11, 20)
    review = load_review(store, config, range_period(day, day))
    for metric in METRICS:
        value = metric.value(review.report.total)
        assert value is None or value >= 0, metric.key


def test_event_times_never_run_backwards_in_commit_order(store, clock, config):
    for step in (0, -1, 3, -2, 0, 5, -4):
        clock.advance(seconds=step)
        store.desk.register(config.domain("b"))
    times = [row[0] for row in store.conn.execute("SELECT at_ms FROM events ORDER BY id")]
    assert times == sorted(times)


# -- balie clock: look, and accept -------------------------------------------------------


def test_balie_clock_shows_both_times_and_accept_lets_a_human_proceed(capsys, monkeypatch, db_path):
    args = ("--db", str(db_path))
    run(capsys, monkeypatch, "2026-11-21T10:00", *args, "register", "--domain", "b")  # a clock a day ahead
    code, out, _ = run(capsys, monkeypatch, "2026-11-20T10:00", *args, "clock")
    assert code == 1
    assert "vrijdag 20 november 2026 10:00" in out and "zaterdag 21 november 2026 10:00" in out
    assert "balie clock --accept" in out
    newest = Store(db_path, FixedClock(parse_local("2026-11-21T10:00"))).newest_known_ms()
    assert newest == to_ms(parse_local("2026-11-21T10:00"))  # looking wrote nothing

    code, out, _ = run(capsys, monkeypatch, "2026-11-20T10:00", *args, "clock", "--accept")
    assert code == 0 and "geaccepteerd" in out
    code, out, _ = run(capsys, monkeypatch, "2026-11-20T10:01", *args, "register", "--domain", "b")
    assert code == 0 and out.startswith("B001")
    store = Store(db_path, FixedClock(parse_local("2026-11-20T10:01")))
    accepted = [e for e in store.conn.execute("SELECT type, actor, data FROM events WHERE type = 'clock_accepted'")]
    assert len(accepted) == 1 and accepted[0][1] == "opdrachtregel"

    code, out, _ = run(capsys, monkeypatch, "2026-11-20T10:02", *args, "clock")
    assert code == 0 and "loopt niet achter" in out


def test_accepting_a_clock_that_is_not_behind_writes_nothing(store, clock, config):
    store.desk.register(config.domain("b"))
    clock.advance(minutes=1)
    assert store.accept_clock("x") is False
    assert store.conn.execute("SELECT count(*) FROM events WHERE type = 'clock_accepted'").fetchone()[0] == 0


def test_old_databases_without_a_mark_use_their_last_event(db_path, config):
    store = Store(db_path, FixedClock(parse_local("2026-11-20T10:00")))
    store.desk.register(config.domain("b"))
    store.conn.execute("DELETE FROM meta WHERE key = ?", (NEWEST_KEY,))
    assert store.newest_known_ms() == to_ms(parse_local("2026-11-20T10:00"))
    behind = Store(db_path, FixedClock(parse_local("2026-11-20T09:00")))
    with pytest.raises(ClockBehind):
        behind.desk.register(config.domain("b"))


def test_the_guard_reads_the_newest_time_from_the_log_without_writing_a_mark_per_change(store, clock, config):
    """Issue 18: a mark written with every event added a page to every transaction."""
    store.desk.register(config.domain("b"))
    clock.advance(minutes=20)
    visit = store.queue.call_next("Balie 1", ["burgerzaken"])
    assert store.get_meta(NEWEST_KEY) is None  # nothing but the visit and its events was written
    assert store.newest_known_ms() == to_ms(clock.now())
    clock.set(parse_local("2026-11-20T10:05"))  # 15 minutes behind the call
    with pytest.raises(ClockBehind):
        store.counter.finish(visit.id, Outcome.HANDLED, "Balie 1")
