"""The demo office drives the real store: deterministic, alive today, never over real data."""

from __future__ import annotations

import sqlite3

import pytest

from balie import demo
from balie.clock import parse_local
from balie.core.visits import State
from balie.errors import BalieError
from balie.store import Store

PAST_DAYS = 2  # enough to show past days; the full ten take seconds


def fingerprint(path) -> dict[str, list]:
    """Everything the demo wrote, without the row ids."""
    conn = sqlite3.connect(path)
    try:
        return {
            "visits": conn.execute(
                "SELECT day, ticket, domain, kind, state, urgent, arrived_ms, queue_ms, appointment_ms, "
                "called_ms, finished_ms, counter, outcome, topic, name, question, transferred_from "
                "FROM visits ORDER BY id"
            ).fetchall(),
            "events": conn.execute("SELECT at_ms, type, actor, data FROM events ORDER BY id").fetchall(),
            "quick_answers": conn.execute(
                "SELECT day, at_ms, domain, topic FROM quick_answers ORDER BY id"
            ).fetchall(),
        }
    finally:
        conn.close()


def test_opening_days_skip_closed_days(config):
    friday = parse_local("2026-11-20T10:00")
    days = [d.isoformat() for d in demo.opening_days(config, friday, 6)]
    # the weekend is closed: back from Friday over the weekend to the Thursday before
    assert days == ["2026-11-12", "2026-11-13", "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"]
    monday = parse_local("2026-11-23T10:00")
    assert [d.isoformat() for d in demo.opening_days(config, monday, 1)] == ["2026-11-20"]
    assert demo.opening_days(config, friday, 0) == []


def test_fill_is_deterministic(tmp_path, clock, config):
    results = []
    for name in ("een.sqlite", "twee.sqlite"):
        store = Store(tmp_path / name, clock)
        made = demo.fill(store, config, clock.now(), past_days=PAST_DAYS)
        results.append((made, [(v.ticket, v.state) for v in store.queue.waiting()]))
        store.close()
    assert results[0] == results[1]
    assert fingerprint(tmp_path / "een.sqlite") == fingerprint(tmp_path / "twee.sqlite")


def test_fill_makes_past_days_and_a_living_today(store, clock, config):
    made = demo.fill(store, config, clock.now(), past_days=PAST_DAYS)
    days = {"2026-11-18", "2026-11-19", "2026-11-20"}
    visits = [v for day in sorted(days) for v in store.visits.on(day)]
    assert made == len(visits) > 0
    assert {v.day for v in visits} == days
    # nothing in the future of the demo clock
    now_ms = clock.now().int_timestamp * 1000
    assert all(v.arrived_ms <= now_ms for v in visits)
    # today: people are waiting, some are being helped, some are done
    today = store.visits.on("2026-11-20")
    states = {v.state for v in today}
    assert State.WAITING in states and State.FINISHED in states
    assert store.queue.waiting(), "the demo should leave a queue to look at"
    assert any(load.waiting for load in store.board.loads(config))
    # tickets are numbered per domain from 1 each day
    for day in days:
        b_tickets = [v.ticket for v in store.visits.on(day) if v.ticket.startswith("B")]
        assert b_tickets[:2] == ["B001", "B002"]
    assert store.desk.quick_answers_on("2026-11-19") > 0
    assert store.get_meta("demo") == "1"
    # every visit has its event log, starting with the registration
    first = visits[0]
    assert store.visits.events(first.id)[0]["type"] == "registered"


def test_fill_with_no_past_days_only_makes_today(store, clock, config):
    made = demo.fill(store, config, clock.now(), past_days=0)
    assert made == len(store.visits.on("2026-11-20")) > 0
    assert store.visits.on("2026-11-19") == []


def test_fill_with_the_default_ten_days_leaves_a_queue(store, clock, config):
    demo.fill(store, config, clock.now())
    assert store.queue.waiting()
    assert len(demo.opening_days(config, clock.now(), 10)) == 10


def test_fill_refuses_a_database_with_real_visits(store, db_path, clock, config):
    store.desk.register(config.domain("burgerzaken"), name="echte bezoeker")
    before = fingerprint(db_path)
    with pytest.raises(BalieError, match="echte bezoeken"):
        demo.fill(store, config, clock.now(), past_days=PAST_DAYS)
    assert fingerprint(db_path) == before
    assert store.get_meta("demo") is None
    assert store.clock is clock


def test_clear_demo_refuses_real_visits(store, config):
    store.desk.register(config.domain("burgerzaken"))
    with pytest.raises(BalieError, match="echte bezoeken"):
        store.simulation.clear_demo()
    assert store.visits.any()


def test_fill_refills_a_demo_database(tmp_path, clock, config):
    path = tmp_path / "demo.sqlite"
    store = Store(path, clock)
    demo.fill(store, config, clock.now(), past_days=PAST_DAYS)
    first = fingerprint(path)
    # someone plays with the demo: a registration on top
    store.desk.register(config.domain("sociaal"), name="oefening")
    made = demo.fill(store, config, clock.now(), past_days=PAST_DAYS)
    assert fingerprint(path) == first
    assert made == len(first["visits"])
    assert store.clock is clock  # the store's own clock is given back
    store.close()


def test_fill_on_a_later_day_moves_along(tmp_path, clock, config):
    path = tmp_path / "demo.sqlite"
    store = Store(path, clock)
    demo.fill(store, config, clock.now(), past_days=1)
    monday = parse_local("2026-11-23T11:00")
    demo.fill(store, config, monday, past_days=1)
    assert store.visits.on("2026-11-19") == []
    assert store.visits.on("2026-11-20") and store.visits.on("2026-11-23")
    store.close()
