"""Two counters never get the same visitor: real processes racing on one file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from balie.core.visits import State

PROCESSES = 8
VISITORS = 1200
WORKER = Path(__file__).with_name("counter_race_worker.py")


def test_eight_processes_call_every_visitor_exactly_once(store, config, clock, db_path, tmp_path):
    domains = [config.domain("burgerzaken"), config.domain("sociaal")]
    for number in range(VISITORS):
        store.desk.register(domains[number % 2], urgent=number % 97 == 0)
        clock.advance(seconds=1)
    store.close()

    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(db_path), f"Balie {n}", str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        for n in range(1, PROCESSES + 1)
    ]
    time.sleep(1.5)  # let every process import and connect
    go.touch()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        assert "Traceback" not in err
        results.append(json.loads(out))

    claimed = [visit_id for result in results for visit_id in result["claimed"]]
    counts = Counter(claimed)
    assert [vid for vid, n in counts.items() if n > 1] == []  # nobody called twice
    assert len(claimed) == VISITORS  # nobody lost
    errors = [error for result in results for error in result["errors"]]
    assert errors == []  # no "database is locked" reaching a counter
    # It really was a race: several processes got visitors.
    assert sum(1 for result in results if result["claimed"]) >= 2

    with sqlite3.connect(db_path) as conn:
        states = dict(conn.execute("SELECT state, count(*) FROM visits GROUP BY state").fetchall())
        calls = conn.execute("SELECT count(*) FROM events WHERE type = 'call'").fetchone()[0]
        owner = dict(conn.execute("SELECT id, counter FROM visits").fetchall())
    assert states == {State.FINISHED.value: VISITORS}
    assert calls == VISITORS  # one event per call, written in the same transaction
    by_counter = {vid: r["counter"] for r in results for vid in r["claimed"]}
    assert owner == by_counter  # the database agrees with what each caller was told
