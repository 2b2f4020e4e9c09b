"""How the costs grow: registration, call-next, the board's reload and the day report
at 1x, 10x and 100x a normal day's volume.

A normal day is taken from the demo office (``balie demo``): its full weekdays
hold a median of about 130 visits, and mid-morning about 10 people wait. At a
factor f the file holds 10 earlier days and today with 130·f visits each, of
which 10·f wait now. Each step registers one visitor and calls one (so the
queue keeps its length), timing both; the calls go round five counters, each
finishing its visitor before it calls the next (untimed), as in an office. The
board's reload, the loads per domain on their own (``store.board.loads``:
the counts, the longest wait and the wait estimate, every domain's queue
played forward) and the day report (``store.reports.period``) are timed on the
same file.
"""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.common import NOW, median, ratio, summary, table, timed

NORMAL_DAY = 130  # visits on a full demo weekday (median of the demo's ten days)
NORMAL_WAITING = 10  # waiting mid-morning in the demo
HISTORY_DAYS = 10
COUNTERS = 5  # the demo office's counters: the same five call all day, as the history's
FACTORS = (1, 10, 100)
DOMAINS = (("burgerzaken", "B", 0.55), ("vergunningen", "V", 0.2), ("sociaal", "S", 0.25))
TOPICS = ("paspoort", "ID-kaart", "rijbewijs", "parkeervergunning", "WMO", None)


def fill(conn: sqlite3.Connection, days: list[tuple[str, int]], per_day: int, waiting: int) -> None:
    """Bulk rows as real use leaves them: finished visits, today's waiting ones last.

    ``days``: (local day, 09:00 of that day in epoch ms); the last day is today.
    """
    rng = random.Random(8)
    visits, events = [], []
    visit_id = conn.execute("SELECT coalesce(max(id), 0) FROM visits").fetchone()[0]
    for number, (day, opening_ms) in enumerate(days):
        today = number == len(days) - 1
        seqs = {prefix: 0 for _, prefix, _ in DOMAINS}
        span_ms = 8 * 3600_000 if not today else 2 * 3600_000
        for index in range(per_day):
            domain, prefix, _ = rng.choices(DOMAINS, weights=[w for *_, w in DOMAINS])[0]
            seqs[prefix] += 1
            visit_id += 1
            arrived = opening_ms + int(span_ms * index / per_day)
            waits = today and index >= per_day - waiting
            called = None if waits else arrived + rng.randint(60_000, 1_800_000)
            finished = None if waits else called + rng.randint(120_000, 900_000)
            counter = None if waits else f"Balie {rng.randint(1, 5)}"
            visits.append((
                visit_id, day, prefix, seqs[prefix], f"{prefix}{seqs[prefix]:03d}", domain,
                "walk_in", "waiting" if waits else "finished", 0, arrived, arrived, None,
                called, finished, counter, None if waits else "handled",
                None if waits else rng.choice(TOPICS),
            ))
            events.append((visit_id, arrived, "registered", "gastvrouw", json.dumps({"domain": domain})))
            if not waits:
                events.append((visit_id, called, "call", counter, json.dumps({"counter": counter})))
                events.append((visit_id, finished, "finish", counter, json.dumps({"outcome": "handled"})))
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO visits (id, day, prefix, seq, ticket, domain, kind, state, urgent, arrived_ms, "
        "queue_ms, appointment_ms, called_ms, finished_ms, counter, outcome, topic) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        visits,
    )
    conn.executemany(
        "INSERT INTO events (visit_id, at_ms, type, actor, data) VALUES (?, ?, ?, ?, ?)", events
    )
    conn.execute("COMMIT")


def _days(count: int) -> list[tuple[str, int]]:
    """The ``count`` weekdays before NOW's day, then NOW's day, with 09:00 in epoch ms."""
    import pendulum

    from balie.clock import LOCAL_TZ, parse_local, to_ms

    now = parse_local(NOW)
    days, day = [], now.date()
    while len(days) < count:
        day = day.subtract(days=1)
        if day.weekday() < 5:
            days.append(day)
    days = [*reversed(days), now.date()]
    return [(d.isoformat(), to_ms(pendulum.datetime(d.year, d.month, d.day, 9, tz=LOCAL_TZ))) for d in days]


def measure_factor(folder: Path, factor: int, steps: int, report_repeats: int) -> dict:
    from balie.clock import FixedClock, parse_local
    from balie.config import default_config
    from balie.core.visits import Outcome
    from balie.store import Store

    config = default_config()
    store = Store(folder / f"growth{factor}.sqlite", FixedClock(parse_local(NOW)))
    fill(store.conn, _days(HISTORY_DAYS), NORMAL_DAY * factor, NORMAL_WAITING * factor)
    store.conn.execute("ANALYZE")
    domains = [d.key for d in config.domains]
    register, call = [], []
    at_counter: dict[str, int] = {}
    # The first steps untimed: the first writes after a bulk fill split its packed
    # pages (and the process adapts its code), ~3x slower; timed they would flatter
    # every ratio to the 1x measured first.
    for number in range(2 * steps):
        domain = config.domains[number % len(config.domains)]
        before = time.perf_counter()
        store.desk.register(domain)
        registered = time.perf_counter() - before
        counter = f"Balie {number % COUNTERS + 1}"
        if counter in at_counter:  # one visitor at a time: the counter finishes first (not timed)
            store.counter.finish(at_counter[counter], Outcome.HANDLED, counter)
        before = time.perf_counter()
        visit = store.queue.call_next(counter, domains)
        if number >= steps:
            register.append(registered)
            call.append(time.perf_counter() - before)
        assert visit is not None
        at_counter[counter] = visit.id
    board = timed(lambda: (store.board.recent_calls(7), store.board.loads(config)), steps)
    waits = timed(lambda: store.board.loads(config), steps)
    result = {
        "factor": factor,
        "visits": store.conn.execute("SELECT count(*) FROM visits").fetchone()[0],
        "register": register,
        "call_next": call,
        "board_load": board,
        "wait_estimate": waits,
    }
    day = store.today()
    result["day_report"] = timed(lambda: store.reports.period(day, day, config), report_repeats)
    store.close()
    return result


def run(quick: bool = False) -> dict:
    steps = 20 if quick else 100
    factors = FACTORS[:2] if quick else FACTORS
    with tempfile.TemporaryDirectory() as folder:
        rows = [measure_factor(Path(folder), factor, steps, 3 if quick else 5) for factor in factors]
    return {"steps": steps, "report_repeats": 3 if quick else 5, "rows": rows}


def section(result: dict) -> str:
    rows = result["rows"]
    first = rows[0]
    lines = []
    for name, key in (
        ("register a visitor", "register"),
        ("call the next visitor", "call_next"),
        ("board reload (recent calls + waits per domain)", "board_load"),
        ("of which the loads with the wait estimate (`store.board.loads`, docs/estimate.md)", "wait_estimate"),
        ("day report (`store.reports.period`)", "day_report"),
    ):
        cells = []
        for row in rows:
            cell = summary(row[key], 1000, 2) + " ms"
            if row is not first:
                cell += f", {ratio(median(row[key]), median(first[key]))}"
            cells.append(cell)
        lines.append([name, *cells])
    header = ["operation"] + [
        f"{row['factor']}x: {NORMAL_DAY * row['factor']:,}/day, {NORMAL_WAITING * row['factor']:,} waiting"
        for row in rows
    ]
    return (
        "## How the costs grow\n\n"
        f"A normal day, from the demo office: about {NORMAL_DAY} visits on a full weekday "
        f"(the demo's ten days hold 64–164, median ~127) with about {NORMAL_WAITING} people "
        f"waiting mid-morning. At 1x, 10x and 100x the file holds {HISTORY_DAYS} earlier days "
        "and today at that volume ("
        + ", ".join(f"{row['visits']:,} visits" for row in rows)
        + f"), with 10·f waiting now. {result['steps']} steps of register one + call one, "
        f"after as many untimed (the queue keeps its length; the calls go round {COUNTERS} "
        "counters, each finishing its visitor first, untimed), then as many board reloads; "
        "the day report "
        f"{result['report_repeats']} times. "
        "Median (IQR) per operation, and the ratio to 1x.\n\n"
        + table(header, lines)
        + "\n"
    )
