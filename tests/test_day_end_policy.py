"""A day is ended, and personal data purged, by balie itself only when that is certainly right.

The issue's headline: one read-only ``balie export`` with a clock a day ahead
made every waiting visitor 'unserved' and purged their names. Now: never on a
fixed clock, never from a command that only reads, and on the system clock
only when the database itself shows the office day is over (``core.dayend``);
otherwise a person is told which day is open and how to close it.
"""

from __future__ import annotations

import os
import sqlite3
import threading

import pytest

from balie.cli import main
from balie.clock import FixedClock, SystemClock, WallWatch, parse_local
from balie.core.dayend import before_opening, certain_day_end
from balie.core.visits import State
from balie.store import Store, database
from balie.store.upkeep import WAL_PENDING_KEY

FRIDAY = "2026-11-20"


class WallClock(FixedClock):
    """A clock the test moves, that balie takes for the computer's own clock."""

    fixed = False


def _dump(db_path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _raw(db_path) -> bytes:
    return b"".join(
        open(f"{db_path}{suffix}", "rb").read()
        for suffix in ("", "-wal") if os.path.exists(f"{db_path}{suffix}")
    )


def run(capsys, monkeypatch, now: str | None, *argv: str, system: str | None = None) -> tuple[int, str, str]:
    """Run the command on a fixed clock (``now``) or on the system clock set to ``system``."""
    if now is None:
        monkeypatch.delenv("BALIE_NOW", raising=False)
    else:
        monkeypatch.setenv("BALIE_NOW", now)
    if system is not None:
        monkeypatch.setattr(SystemClock, "now", lambda self: parse_local(system).in_timezone("UTC"))
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def friday(capsys, monkeypatch, db_path):
    """Friday's office: one visitor at a counter and one waiting, with names, at 16:00."""
    args = ("--db", str(db_path))
    run(capsys, monkeypatch, f"{FRIDAY}T15:50", *args, "register", "--domain", "b", "--name", "Jozefien")
    run(capsys, monkeypatch, f"{FRIDAY}T15:55", *args, "register", "--domain", "b", "--name", "Hendrik")
    run(capsys, monkeypatch, f"{FRIDAY}T16:00", *args, "next", "--counter", "Balie 1")
    return args


def _states(db_path) -> dict[str, tuple[str, str | None]]:
    conn = sqlite3.connect(db_path)
    try:
        return {t: (s, n) for t, s, n in conn.execute("SELECT ticket, state, name FROM visits")}
    finally:
        conn.close()


OPEN = {"B001": ("called", "Jozefien"), "B002": ("waiting", "Hendrik")}


# -- the rule -------------------------------------------------------------------------

H = 3_600_000


@pytest.mark.parametrize(
    "fixed, midnight, before, quiet_h, certain",
    [
        (True, True, True, 100, False),  # a fixed clock never
        (False, True, False, 1, True),  # saw midnight, quiet for an hour
        (False, True, False, 0.5, False),  # saw midnight, but the office is busy
        (False, False, True, 8, True),  # before opening after a quiet night
        (False, False, True, 6, False),  # before opening, but active 6 hours ago
        (False, False, False, 100, False),  # in office hours: never by itself
    ],
)
def test_the_rule(fixed, midnight, before, quiet_h, certain):
    assert certain_day_end(
        fixed_clock=fixed, saw_midnight=midnight, is_before_opening=before,
        now_ms=int(100 * H), newest_ms=int((100 - quiet_h) * H),
    ) is certain


def test_before_opening():
    assert before_opening(("09:00", "17:00"), "08:59")
    assert not before_opening(("09:00", "17:00"), "09:00")
    assert not before_opening(None, "07:00")  # a closed day has no opening


# -- never on a fixed clock, never from a command that only reads -------------------------


@pytest.mark.parametrize(
    "command",
    [("export",), ("export", "--personal"), ("report", "--format", "table"), ("clock",)],
)
def test_a_read_only_command_with_tomorrow_s_clock_changes_nothing(capsys, monkeypatch, db_path, friday, command):
    before = _dump(db_path)
    code, _, _ = run(capsys, monkeypatch, "2026-11-21T10:00", *friday, *command)
    assert _dump(db_path) == before
    assert _states(db_path) == OPEN


def test_a_read_only_command_on_the_system_clock_writes_nothing_either(capsys, monkeypatch, db_path, friday, tmp_path):
    before = _dump(db_path)
    for command in (("export",), ("backup", str(tmp_path / "kopie.sqlite"))):
        run(capsys, monkeypatch, None, *friday, *command, system="2026-11-23T08:30")
    assert _dump(db_path) == before


def test_a_writing_command_on_a_fixed_clock_never_ends_a_day_or_purges(capsys, monkeypatch, db_path, friday):
    code, out, _ = run(capsys, monkeypatch, "2026-11-23T08:30", *friday, "register", "--domain", "v")
    assert code == 0 and out.startswith("V001")
    assert {t: v for t, v in _states(db_path).items() if t != "V001"} == OPEN


# -- the system clock: only when the database shows the day is over ------------------------


def test_before_opening_after_a_quiet_night_earlier_days_end_and_expire(capsys, monkeypatch, db_path, friday):
    code, out, err = run(capsys, monkeypatch, None, *friday, "register", "--domain", "v", system="2026-11-23T08:45")
    assert code == 0 and out.startswith("V001")
    states = _states(db_path)
    assert states["B001"] == ("unserved", None) and states["B002"] == ("unserved", None)
    store = Store(db_path, FixedClock(parse_local("2026-11-23T08:45")))
    assert store.day_end.ended_through() == "2026-11-22"
    [friday_b1, _, _] = sorted(store.visits.between(FRIDAY, "2026-11-23"), key=lambda v: v.id)
    assert friday_b1.finished_ms == int(parse_local("2026-11-21T00:00").timestamp() * 1000)
    assert "niet afgesloten" not in err


def test_in_office_hours_an_open_earlier_day_is_left_and_a_person_is_told(capsys, monkeypatch, db_path, friday):
    code, out, err = run(capsys, monkeypatch, None, *friday, "register", "--domain", "v", system="2026-11-23T10:00")
    assert code == 0 and out.startswith("V001")
    assert _states(db_path)["B002"] == ("waiting", "Hendrik")
    assert "vrijdag 20 november 2026 (2 bezoekers nog open) is niet afgesloten" in err
    assert "balie close-day" in err and "Dag afsluiten" in err
    assert err.index("niet afgesloten") > 0 and out  # said after the command's own answer


def test_before_opening_but_active_a_few_hours_ago_is_not_certain(capsys, monkeypatch, db_path):
    args = ("--db", str(db_path))
    run(capsys, monkeypatch, "2026-11-19T19:50", *args, "register", "--domain", "b", "--name", "Laat")
    # Thursday evening, then a clock that jumped past midnight: before opening, but not a night's quiet.
    code, _, err = run(capsys, monkeypatch, None, *args, "register", "--domain", "b", system="2026-11-20T02:00")
    assert code == 0
    assert _states(db_path)["B001"][0] == "waiting"
    assert "donderdag 19 november 2026 (1 bezoeker nog open) is niet afgesloten" in err


def test_a_clock_a_day_ahead_can_never_purge_today(capsys, monkeypatch, db_path, friday):
    """Saturday by the clock, Friday in reality: Friday has not ended, so nothing is purged."""
    run(capsys, monkeypatch, None, *friday, "register", "--domain", "v", system="2026-11-21T10:00")
    code, out, _ = run(capsys, monkeypatch, "2026-11-21T10:00", *friday, "purge")
    assert code == 0 and out.startswith("0 bezoeken")
    assert _states(db_path)["B002"] == ("waiting", "Hendrik")
    assert b"Hendrik" in _raw(db_path)


# -- a person closes the day -------------------------------------------------------------


def test_close_day_also_closes_earlier_open_days_and_says_which(capsys, monkeypatch, db_path, friday):
    run(capsys, monkeypatch, "2026-11-23T10:00", *friday, "register", "--domain", "b")
    code, out, _ = run(capsys, monkeypatch, "2026-11-23T17:05", *friday, "close-day")
    assert code == 0
    assert out.splitlines() == [
        "Eerdere dag vrijdag 20 november 2026 (2026-11-20) ook afgesloten: 2 niet geholpen.",
        "Dag 2026-11-23 afgesloten: 1 niet geholpen.",
    ]
    assert {state for state, _ in _states(db_path).values()} == {"unserved"}
    code, out, _ = run(capsys, monkeypatch, "2026-11-24T09:30", *friday, "purge")
    assert out.startswith("2 bezoeken ontdaan")  # ended, and past the retention period


# -- a running screen ---------------------------------------------------------------------


class Monotonic:
    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def _watch_across_midnight(clock: WallClock, jump_s: float = 0) -> bool:
    ticks = Monotonic()
    watch = WallWatch(clock, monotonic=ticks)
    for _ in range(3):  # three looks a minute apart, midnight in between
        clock.advance(seconds=60 + jump_s)
        ticks.value += 60
        seen = watch.saw_midnight()
    return seen


def test_a_watch_sees_midnight_only_on_a_steady_clock():
    assert _watch_across_midnight(WallClock(parse_local(f"{FRIDAY}T23:58:30")))
    assert not _watch_across_midnight(WallClock(parse_local(f"{FRIDAY}T22:00")))  # no midnight
    assert not _watch_across_midnight(WallClock(parse_local(f"{FRIDAY}T23:58:30")), jump_s=30)
    assert not _watch_across_midnight(FixedClock(parse_local(f"{FRIDAY}T23:58:30")))


def test_a_jump_over_midnight_is_not_seeing_midnight():
    clock = WallClock(parse_local(f"{FRIDAY}T14:00"))
    ticks = Monotonic()
    watch = WallWatch(clock, monotonic=ticks)
    clock.advance(hours=11)  # a wrong clock set forward
    ticks.value += 60
    assert not watch.saw_midnight()
    clock.advance(seconds=60)
    ticks.value += 60
    assert not watch.saw_midnight()  # steady again, but it did not see the day begin


def test_a_running_process_that_saw_midnight_ends_yesterday_once_the_office_is_quiet(db_path, config):
    clock = WallClock(parse_local(f"{FRIDAY}T23:30"))
    store = Store(db_path, clock)
    store.desk.register(config.domain("b"), name="Nachtwerk")  # someone active late
    clock.set(parse_local("2026-11-21T00:10"))
    store.upkeep.run(config, saw_midnight=True)
    assert store.visits.on(FRIDAY)[0].state == State.WAITING  # active 40 minutes ago: not yet
    clock.set(parse_local("2026-11-21T00:31"))
    store.upkeep.run(config, saw_midnight=True)
    [visit] = store.visits.on(FRIDAY)
    assert visit.state == State.UNSERVED and visit.name is None


# -- the WAL after a purge: finished later, never blocking ----------------------------------


def test_a_read_held_open_elsewhere_never_blocks_the_purge_and_the_wal_is_emptied_later(
    db_path, config, monkeypatch
):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 600_000)  # a blocking wait would be 10 minutes
    clock = FixedClock(parse_local(f"{FRIDAY}T10:00"))
    store = Store(db_path, clock)
    store.desk.register(config.domain("b"), name="Jozefien Oudekerk", question="schuldhulp")
    store.day_end.close()
    reader = sqlite3.connect(db_path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM visits").fetchone()  # another program's snapshot
    clock.set(parse_local("2026-11-21T10:00"))

    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(store.upkeep.purge(retention_days=1)))
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive() and result == [1]
    assert store.get_meta(WAL_PENDING_KEY) == "1"
    assert b"Oudekerk" in _raw(db_path)  # the reader still needs the old frames

    reader.execute("ROLLBACK")
    reader.close()
    store.upkeep.run(config)  # a screen's minute, or the next command
    assert store.get_meta(WAL_PENDING_KEY) is None
    assert b"Oudekerk" not in _raw(db_path) and b"schuldhulp" not in _raw(db_path)


# -- the stand-up's notes --------------------------------------------------------------------


def test_standup_notes_and_their_log_are_purged_after_their_own_retention(db_path, config, tmp_path):
    clock = FixedClock(parse_local(f"{FRIDAY}T08:50"))
    store = Store(db_path, clock)
    standup = store.standup.open("Petra")
    store.standup.tick(standup.items[0].id, True, "Petra")
    store.standup.set_notes("mw. Oudekerk komt om 10:00 terug", "Petra")
    clock.set(parse_local(f"{FRIDAY}T17:05"))
    store.day_end.close()

    clock.set(parse_local("2026-11-26T09:00"))  # six days later; notes are kept seven
    assert store.upkeep.purge(retention_days=1, notes_retention_days=7) == 0
    assert store.standup.notes(FRIDAY) == "mw. Oudekerk komt om 10:00 terug"

    clock.set(parse_local("2026-11-27T09:00"))
    store.upkeep.purge(retention_days=1, notes_retention_days=7)
    assert store.standup.notes(FRIDAY) is None
    kept = store.standup.of(FRIDAY)
    assert kept.items[0].ticked_by == "Petra"  # the checklist and who ticked it stay
    assert [entry.type for entry in kept.log] == ["open", "tick", "notes"]
    assert all(entry.text is None for entry in kept.log if entry.type == "notes")
    store.checkpoint()
    assert b"Oudekerk" not in _raw(db_path)


def test_a_database_of_the_previous_balie_keeps_its_ended_days(db_path, config):
    """Before issue 14 every start ended the days before today: those stay ended."""
    from balie.store.schema import APPLICATION_ID, MIGRATIONS

    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for number, statements in enumerate(MIGRATIONS[:5], start=1):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for day, state in (("2026-11-18", "finished"), ("2026-11-19", "unserved"), (FRIDAY, "waiting")):
        conn.execute(
            "INSERT INTO visits (day, prefix, seq, ticket, domain, kind, state, arrived_ms, queue_ms, name) "
            f"VALUES ('{day}', 'B', 1, 'B001', 'burgerzaken', 'walk_in', '{state}', 1, 1, 'Naam')"
        )
    conn.execute("COMMIT")
    conn.close()
    store = Store(db_path, FixedClock(parse_local("2026-11-23T10:00")))
    assert store.day_end.ended_through() == "2026-11-19"
    assert store.day_end.unclosed() == [(FRIDAY, 1)]
    store.upkeep.purge(retention_days=1)
    assert [v.name for v in store.visits.between("2026-11-18", FRIDAY)] == [None, None, "Naam"]


def test_balie_purge_on_the_system_clock_counts_what_it_ended_and_purged(capsys, monkeypatch, db_path, friday):
    code, out, _ = run(capsys, monkeypatch, None, *friday, "purge", system="2026-11-23T08:45")
    assert code == 0 and out.startswith("2 bezoeken ontdaan van naam en vraag")
