"""Who is next, asked of SQLite: always what ``core/queue.py`` says, at a cost that does not grow.

The store picks the next visitor with one index seek per domain of the counter
inside the claiming transaction; these tests hold that against the rule in
plain Python (``pick_next``) over random queues, and count SQLite's work (its
virtual machine's instructions, not the time) at a short and a very long queue.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balie.clock import FixedClock, parse_local, to_ms
from balie.core.queue import APPOINTMENT_GRACE_MS, pick_next, queue_place_ms
from balie.core.visits import Kind, State
from balie.store import Store
from balie.store.visits import select

DOMAINS = ("burgerzaken", "vergunningen", "sociaal", "algemeen")
PREFIX = {"burgerzaken": "B", "vergunningen": "V", "sociaal": "S", "algemeen": "A"}
NOW = parse_local("2026-11-20T11:00")
TODAY, YESTERDAY = "2026-11-20", "2026-11-19"
MIN = 60_000


@st.composite
def visits(draw):
    """A visit as the store may hold it: walk-in or appointment (early, on time, late),
    urgent or not, transferred or not, waiting or long gone, today or yesterday."""
    domain = draw(st.sampled_from(DOMAINS))
    kind = draw(st.sampled_from(Kind))
    # Arrivals on a coarse grid, so places in the queue tie often.
    arrived = to_ms(NOW) - draw(st.integers(0, 12)) * 5 * MIN
    appointment = None
    if kind == Kind.APPOINTMENT:  # early, within the grace, or late beyond it
        appointment = arrived + draw(st.sampled_from((-30, -10, 0, 5, 10, 20, 45))) * MIN
    transferred = draw(st.booleans()) and draw(st.booleans())
    return {
        "domain": domain,
        "kind": kind,
        "urgent": draw(st.booleans()) and draw(st.booleans()),
        "arrived_ms": arrived,
        "appointment_ms": appointment,
        "queue_ms": queue_place_ms(kind, arrived, appointment),
        "transferred_from": draw(st.sampled_from([d for d in DOMAINS if d != domain])) if transferred else None,
        "state": draw(st.sampled_from([State.WAITING] * 5 + [State.CALLED, State.FINISHED, State.NO_SHOW, State.LEFT])),
        "day": draw(st.sampled_from([TODAY] * 6 + [YESTERDAY])),
    }


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("queue") / "balie.sqlite", FixedClock(NOW))
    yield store
    store.close()


def _fill(store: Store, rows: list[dict]) -> None:
    seqs: dict[tuple[str, str], int] = {}
    with store.write() as (conn, _, _):
        conn.execute("DELETE FROM events")
        conn.execute("DELETE FROM visits")
        for number, row in enumerate(rows):
            key = (row["day"], PREFIX[row["domain"]])
            seqs[key] = seqs.get(key, 0) + 1
            called = row["state"] != State.WAITING
            conn.execute(
                "INSERT INTO visits (day, prefix, seq, ticket, domain, kind, state, urgent, arrived_ms, "
                "queue_ms, appointment_ms, called_ms, counter, transferred_from, requeued_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row["day"], key[1], seqs[key], f"{key[1]}{seqs[key]:03d}", row["domain"], row["kind"],
                    row["state"], int(row["urgent"]), row["arrived_ms"], row["queue_ms"], row["appointment_ms"],
                    row["arrived_ms"] if called else None,
                    f"Elders {number}" if row["state"] == State.CALLED else None,
                    row["transferred_from"], row["arrived_ms"] + MIN if row["transferred_from"] else None,
                ),
            )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(visits(), max_size=25),
    calls=st.lists(st.lists(st.sampled_from(DOMAINS), min_size=1, max_size=4), min_size=1, max_size=8),
)
def test_the_store_always_calls_whom_the_rule_says(shared_store, rows, calls):
    store = shared_store
    _fill(store, rows)
    for number, domains in enumerate(calls):
        today = select(store, "day = ?", (TODAY,))
        expected = pick_next(today, domains)
        called = store.queue.call_next(f"Balie {number}", domains)
        assert (called.id if called else None) == (expected.id if expected else None)
        if called is not None:
            assert called.state == State.CALLED and called.counter == f"Balie {number}"
            event = store.conn.execute(
                "SELECT type, data FROM events WHERE visit_id = ? ORDER BY id DESC LIMIT 1", (called.id,)
            ).fetchone()
            assert event[0] == "call" and json.loads(event[1])["counter"] == f"Balie {number}"


def test_a_late_appointment_queues_as_a_walk_in_and_an_early_one_at_its_time(store, config, clock):
    walk_in = store.desk.register(config.domain("b"))
    clock.advance(minutes=1)
    late = store.desk.register(config.domain("b"), appointment_ms=to_ms(clock.now()) - APPOINTMENT_GRACE_MS - MIN)
    early = store.desk.register(config.domain("b"), appointment_ms=to_ms(clock.now()) + 30 * MIN)
    clock.advance(minutes=1)
    other = store.desk.register(config.domain("b"))
    order = [store.queue.call_next(f"Balie {n}", ["burgerzaken"]).id for n in range(4)]
    assert order == [walk_in.id, late.id, other.id, early.id]


def _fill_day(store: Store, waiting: int, finished: int) -> None:
    """A day with ``finished`` visits helped already and ``waiting`` in three queues."""
    with store.write() as (conn, now_ms, day):
        for number in range(finished + waiting):
            domain = DOMAINS[number % 3]
            at = now_ms - 10 * 3_600_000 + number * 1000
            state = "finished" if number < finished else "waiting"
            cursor = conn.execute(
                "INSERT INTO visits (day, prefix, seq, ticket, domain, kind, state, urgent, arrived_ms, "
                "queue_ms, called_ms, finished_ms, counter) VALUES (?, ?, ?, ?, ?, 'walk_in', ?, ?, ?, ?, ?, ?, ?)",
                (
                    day, PREFIX[domain], number + 1, f"{PREFIX[domain]}{number + 1}", domain, state,
                    int(number % 17 == 0), at, at, *((at + MIN, at + 2 * MIN, "Balie 1") if state == "finished" else (None,) * 3),
                ),
            )
            conn.execute(
                "INSERT INTO events (visit_id, at_ms, type, actor, data) VALUES (?, ?, 'registered', 'x', '{}')",
                (cursor.lastrowid, at),
            )
            if state == "finished":
                for kind in ("call", "finish"):
                    conn.execute(
                        "INSERT INTO events (visit_id, at_ms, type, actor, data) VALUES (?, ?, ?, 'Balie 1', ?)",
                        (cursor.lastrowid, at + MIN, kind, '{"counter": "Balie 1"}'),
                    )


def sqlite_work(store: Store, action) -> int:
    """How many instructions SQLite's virtual machine ran for ``action`` (not time: deterministic)."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    store.conn.set_progress_handler(count, 1)
    try:
        action()
    finally:
        store.conn.set_progress_handler(None, 1)
    return steps[0]


def _call_work(tmp_path, waiting: int, finished: int) -> int:
    store = Store(tmp_path / f"day{waiting}.sqlite", FixedClock(NOW))
    _fill_day(store, waiting, finished)
    work = [sqlite_work(store, lambda n=n: store.queue.call_next(f"Balie {n + 2}", DOMAINS[:3])) for n in range(5)]
    store.close()
    return max(work)


def test_calling_the_next_visitor_costs_the_same_for_a_queue_of_ten_or_of_a_thousand(tmp_path):
    short = _call_work(tmp_path, waiting=10, finished=120)
    long = _call_work(tmp_path, waiting=1000, finished=12_000)
    assert long <= short * 1.2, (short, long)
