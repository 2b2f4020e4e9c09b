"""The board's reload reads as much on a day of a hundred thousand visits as on an office's day.

SQLite's work is counted in instructions of its virtual machine (deterministic,
unlike time); the figures it reads are held against what the whole day says.
"""

from __future__ import annotations

import pytest

from balie.clock import FixedClock, parse_local
from balie.core.calls import Call
from balie.core.office_now import WINDOW_MS
from balie.store import Store
from tests.test_queue_sql import DOMAINS, PREFIX, sqlite_work

NOW = parse_local("2026-11-20T11:00")
MIN = 60_000


def _day(tmp_path, waiting: int, called: int, name: str, yesterday: int | None = None) -> Store:
    """Yesterday's visits (as many as today's calls unless said) and today's: ``called``
    of them called within the last hour, each by one of five counters (some
    recalled), and ``waiting`` in three queues."""
    store = Store(tmp_path / f"{name}.sqlite", FixedClock(NOW))
    before = called if yesterday is None else yesterday
    with store.write() as (conn, now_ms, today):
        number = 0
        for day, count, start in (("2026-11-19", before, now_ms - 24 * 3_600_000), (today, called + waiting, now_ms - WINDOW_MS)):
            for n in range(count):
                number += 1
                domain = DOMAINS[n % 3]
                at = start + n * (WINDOW_MS // (count + 1))
                waits = day == today and n >= called
                counter = f"Balie {n % 5 + 1}"
                visit_id = conn.execute(
                    "INSERT INTO visits (day, prefix, seq, ticket, domain, kind, state, urgent, arrived_ms, "
                    "queue_ms, called_ms, finished_ms, counter) VALUES (?, ?, ?, ?, ?, 'walk_in', ?, 0, ?, ?, ?, ?, ?)",
                    (
                        day, PREFIX[domain], n + 1, f"{PREFIX[domain]}{n + 1:03d}", domain,
                        "waiting" if waits else "finished", at - 5 * MIN, at - 5 * MIN,
                        None if waits else at, None if waits else at + 4 * MIN, None if waits else counter,
                    ),
                ).lastrowid
                conn.execute(
                    "INSERT INTO events (visit_id, at_ms, type, actor, data) VALUES (?, ?, 'registered', 'x', '{}')",
                    (visit_id, at - 5 * MIN),
                )
                if not waits:
                    data = f'{{"counter": "{counter}"}}'
                    for kind in ("call", "recall", "finish") if n % 4 == 0 else ("call", "finish"):
                        conn.execute(
                            "INSERT INTO events (visit_id, at_ms, type, actor, data) VALUES (?, ?, ?, ?, ?)",
                            (visit_id, at, kind, counter, data),
                        )
    return store


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    folder = tmp_path_factory.mktemp("board")
    made = {
        "office": _day(folder, waiting=10, called=60, name="office"),
        "busy": _day(folder, waiting=1000, called=6000, name="busy"),
        "busier": _day(folder, waiting=1000, called=12000, name="busier"),
        "longer": _day(folder, waiting=2000, called=6000, name="longer"),
    }
    yield made
    for store in made.values():
        store.close()


def test_the_newest_calls_are_read_from_the_end_of_the_log(days):
    office, busy = days["office"], days["busy"]
    assert sqlite_work(busy, lambda: busy.board.recent_calls(7)) <= 1.2 * sqlite_work(
        office, lambda: office.board.recent_calls(7)
    )
    calls = busy.board.recent_calls(7)
    assert [c.ticket for c in calls] == ["S6000", "V5999", "B5998", "S5997", "V5996", "B5995", "S5994"]
    assert all(isinstance(c, Call) and c.counter.startswith("Balie ") for c in calls)


def test_the_newest_calls_of_a_quiet_morning_stop_at_the_day(tmp_path, days):
    quiet = _day(tmp_path, waiting=0, called=2, name="quiet", yesterday=6000)  # two calls today
    assert [c.ticket for c in quiet.board.recent_calls(7)] == ["V002", "B001"]
    office = days["office"]
    assert sqlite_work(quiet, lambda: quiet.board.recent_calls(7)) <= sqlite_work(
        office, lambda: office.board.recent_calls(7)
    )


def test_the_loads_read_the_same_however_busy_the_day(days, config):
    busy, busier, longer = days["busy"], days["busier"], days["longer"]
    work = sqlite_work(busy, lambda: busy.board.loads(config))
    assert sqlite_work(busier, lambda: busier.board.loads(config)) <= 1.05 * work
    # a longer queue costs only its count, on the queue's index: a few instructions a visitor
    assert sqlite_work(longer, lambda: longer.board.loads(config)) <= work + 25 * 1000


def test_the_loads_count_every_waiting_visitor_and_the_longest_wait(days, config):
    busy = days["busy"]
    loads = {load.domain: load for load in busy.board.loads(config)}
    waiting = busy.queue.waiting()
    now_ms, _ = busy.now()
    for domain in DOMAINS[:3]:
        mine = [v for v in waiting if v.domain == domain]
        assert loads[domain].waiting == len(mine)
        assert loads[domain].longest_wait_ms == max(v.waited_ms(now_ms) for v in mine)
    # from the visitors a desk has read, the same
    assert busy.board.loads(config, waiting) == busy.board.loads(config)
