"""Call-next under contention: 1, 4 and 16 processes calling at once on one file.

Each process opens its own ``Store`` on the same SQLite file, waits at a
barrier, then calls ``store.queue.call_next`` for its share of the calls and notes
each call's latency and the visitor it got. The file starts with more
visitors waiting than there are calls. Two baselines, each on a copy of the
same file: a plain sqlite3 loop of single-row UPDATE transactions
(``BEGIN IMMEDIATE`` … ``COMMIT``), and a hand-written sqlite3 transaction
that makes the same writes as a call (the claim by the same index seek and
its event row; the clock guard adds none). Visitors claimed twice are
counted, from what the processes got and from the event log.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.common import NOW, percentile, ratio, table

PROCESSES = (1, 4, 16)
SPARE = 50  # still waiting after the last call


def _store_worker(db: str, calls: int, barrier, results) -> None:
    from balie.clock import FixedClock, parse_local
    from balie.store import Store

    store = Store(db, FixedClock(parse_local(NOW)))
    store.today()  # connection open before the start
    latencies, claimed = [], []
    barrier.wait()
    started = time.perf_counter()
    for number in range(calls):
        before = time.perf_counter()
        # A counter has one visitor at a time: every call is another counter.
        visit = store.queue.call_next(f"Balie {os.getpid()}-{number}", ["burgerzaken", "vergunningen", "sociaal"])
        latencies.append(time.perf_counter() - before)
        claimed.append(visit.id if visit else None)
    results.put((started, time.perf_counter(), latencies, claimed))
    store.close()


def _plain_worker(db: str, calls: int, barrier, results) -> None:
    conn = sqlite3.connect(db, timeout=10, isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("SELECT 1").fetchone()
    latencies = []
    barrier.wait()
    started = time.perf_counter()
    for _ in range(calls):
        before = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'bench'")
        conn.execute("COMMIT")
        latencies.append(time.perf_counter() - before)
    results.put((started, time.perf_counter(), latencies, []))
    conn.close()


def _same_writes_worker(db: str, calls: int, barrier, results) -> None:
    """A call written by hand: what ``call_next`` writes, without balie's Python around it.

    The clock guard writes nothing of its own for a call (it reads the newest
    time from the event log's last row, ``store.database.newest_in``).
    """
    import json

    from balie.clock import parse_local, to_ms
    from balie.store.queue import _next_sql

    now_ms, day = to_ms(parse_local(NOW)), parse_local(NOW).to_date_string()
    domains = ("burgerzaken", "vergunningen", "sociaal")
    claim = (
        "UPDATE visits SET state = 'called', counter = ?, called_ms = coalesce(called_ms, ?) "
        f"WHERE id = ({_next_sql(len(domains))}) RETURNING id"
    )
    conn = sqlite3.connect(db, timeout=10, isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("SELECT 1").fetchone()
    latencies, claimed = [], []
    barrier.wait()
    started = time.perf_counter()
    for number in range(calls):
        counter = f"Balie {os.getpid()}-{number}"
        before = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute(claim, (counter, now_ms, *(v for d in domains for v in (day, d)))).fetchone()
        conn.execute(
            "INSERT INTO events (visit_id, at_ms, type, actor, data) VALUES (?, ?, 'call', ?, ?)",
            (row[0], now_ms, counter, json.dumps({"counter": counter})),
        )
        conn.execute("COMMIT")
        latencies.append(time.perf_counter() - before)
        claimed.append(row[0])
    results.put((started, time.perf_counter(), latencies, claimed))
    conn.close()


def _template(path: Path, waiting: int) -> None:
    from balie.clock import FixedClock, parse_local
    from balie.config import default_config
    from balie.store import Store

    config = default_config()
    store = Store(path, FixedClock(parse_local(NOW)))
    for number in range(waiting):
        store.desk.register(config.domains[number % len(config.domains)])
    store.set_meta("bench", "0")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def _race(worker, db: Path, processes: int, calls: int) -> dict:
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(processes), context.Queue()
    share = [calls // processes + (i < calls % processes) for i in range(processes)]
    procs = [
        context.Process(target=worker, args=(str(db), share[i], barrier, results))
        for i in range(processes)
    ]
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for proc in procs:
        proc.join()
    latencies = [lat for outcome in outcomes for lat in outcome[2]]
    claimed = [visit for outcome in outcomes for visit in outcome[3]]
    wall = max(o[1] for o in outcomes) - min(o[0] for o in outcomes)
    return {
        "throughput": len(latencies) / wall,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "claimed": claimed,
    }


def _doubles_in_log(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT count(*) FROM (SELECT visit_id FROM events WHERE type = 'call' "
            "GROUP BY visit_id HAVING count(*) > 1)"
        ).fetchone()[0]
    finally:
        conn.close()


def run(quick: bool = False) -> dict:
    calls = 160 if quick else 320
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.sqlite"
        _template(template, calls + SPARE)
        for processes in PROCESSES:
            dbs = {name: Path(folder) / f"{name}{processes}.sqlite" for name in ("store", "plain", "same")}
            for db in dbs.values():
                shutil.copy(template, db)
            store = _race(_store_worker, dbs["store"], processes, calls)
            plain = _race(_plain_worker, dbs["plain"], processes, calls)
            same = _race(_same_writes_worker, dbs["same"], processes, calls)
            got = [visit for visit in store.pop("claimed") if visit is not None]
            plain.pop("claimed")
            same_got = same.pop("claimed")
            rows.append({
                "processes": processes,
                "store": store,
                "plain": plain,
                "same": same,
                "same_doubles": len(same_got) - len(set(same_got)),
                "missed": calls - len(got),
                "doubles": sum(n - 1 for n in Counter(got).values()),
                "doubles_in_log": _doubles_in_log(dbs["store"]),
            })
    return {"calls": calls, "waiting": calls + SPARE, "rows": rows}


def section(result: dict) -> str:
    lines = []
    for row in result["rows"]:
        store, plain, same = row["store"], row["plain"], row["same"]
        lines.append([
            row["processes"],
            f"{store['throughput']:.0f}",
            f"{same['throughput']:.0f}",
            ratio(same["throughput"], store["throughput"]),
            f"{plain['throughput']:.0f}",
            ratio(plain["throughput"], store["throughput"]),
            f"{store['p50_ms']:.1f}",
            f"{store['p99_ms']:.1f}",
            f"{same['p99_ms']:.1f}",
            f"{row['doubles']} / {row['doubles_in_log']}",
            row["missed"],
        ])
    return (
        "## Call-next under contention\n\n"
        f"{result['calls']} calls of `store.queue.call_next` (all domains) shared by 1, 4 or 16 "
        "processes, each with its own `Store` on one SQLite file, started together at a "
        f"barrier. The file starts with {result['waiting']} visitors waiting today, so the "
        f"queue shrinks from {result['waiting']} to {result['waiting'] - result['calls']} "
        "during the run (far longer than a real office's queue; see the growth table for what "
        "the queue's length costs). Two baselines, the same processes doing the same number of "
        "transactions on a copy of the same file with plain sqlite3 (`BEGIN IMMEDIATE` … "
        "`COMMIT`, synchronous NORMAL): *same writes*, a hand-written call that makes the writes "
        "`call_next` makes (the claim, by the same index seek, and its event row; the clock guard "
        "writes nothing more), without balie's Python around them (waiting for the lock with "
        "SQLite's own busy handler, where `call_next` waits in short jittered steps); and *plain*, "
        "a single-row `UPDATE`. "
        "Latency per call, including waits for the write lock. Double calls: visitors claimed "
        "twice according to what the processes got / according to the event log.\n\n"
        + table(
            ["processes", "calls/s", "same writes/s", "same writes ÷ call-next", "plain/s",
             "plain ÷ call-next", "p50 ms", "p99 ms", "same writes p99 ms", "double calls", "got nobody"],
            lines,
        )
        + "\n"
    )
