"""Real ``balie`` processes at once on one file: one visitor per counter, order = tickets."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from balie.cli import EXIT_ERROR
from balie.clock import parse_local
from balie.core.visits import Outcome

WORKER = Path(__file__).with_name("queue_race_worker.py")
ROOT = Path(__file__).parents[1]
NOW = "2026-11-20T10:00"
LATER = "2026-11-20T10:30"


def start(go: Path, *args: str, now: str | None = NOW) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("BALIE_NOW", None)
    if now:
        env["BALIE_NOW"] = now
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(go), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def finish(processes: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    """Each process's (exit code, stdout, stderr); none is left running."""
    try:
        results = []
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert "Traceback" not in err
            results.append((process.returncode, out, err))
        return results
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def race(go: Path, processes: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    time.sleep(1.5)  # every process imported and waiting
    go.touch()
    results = finish(processes)
    go.unlink()
    return results


def test_sixteen_processes_calling_for_one_counter_call_one_visitor(store, config, clock, db_path, tmp_path):
    for _ in range(40):
        store.desk.register(config.domain("burgerzaken"))
        clock.advance(seconds=10)
    clock.set(parse_local(LATER))  # the counters work after the registrations (clock guard)
    go = tmp_path / "go"
    for round_ in range(4):
        args = ("1", "--db", str(db_path), "next", "--counter", "Balie 3")
        results = race(go, [start(go, *args, now=LATER) for _ in range(16)])
        called = store.counter.current("Balie 3")
        assert len(called) == 1, f"round {round_}: {[v.ticket for v in called]} at Balie 3"
        ticket = called[0].ticket
        assert sorted(code for code, _, _ in results) == [0] + [EXIT_ERROR] * 15
        assert [out for code, out, _ in results if code == 0] == [f"{ticket}\n"]
        for code, _, err in results:
            if code:  # the refusal names who is still at the counter
                assert err == (
                    f"balie: Balie 3 helpt nog {ticket}; rond dat eerst af of meld niet verschenen.\n"
                )
        store.counter.finish(called[0].id, Outcome.HANDLED, "Balie 3")
    with sqlite3.connect(db_path) as conn:
        calls = Counter(v for (v,) in conn.execute("SELECT visit_id FROM events WHERE type = 'call'"))
    assert len(calls) == 4 and set(calls.values()) == {1}  # four visitors, each called once


def test_desks_registering_at_once_agree_on_order_numbers_and_people_ahead(db_path, tmp_path):
    """On the real clock: the time of each registration is read under the write lock."""
    go, stop = tmp_path / "go", tmp_path / "stop"
    desks = [
        start(go, "6", "--db", str(db_path), "register", "--domain", "B", now=None) for _ in range(6)
    ]
    colleague = start(go, "counter", str(stop), str(db_path), "Balie 1", now=None)
    time.sleep(1.5)
    go.touch()
    try:
        told = {}
        for code, out, err in finish(desks):
            assert code == 0, err
            for line in out.splitlines():
                ticket, ahead = re.match(r"(B\d{3})  Burgerzaken  (\d+) voor u", line).groups()
                told[ticket] = int(ahead)
    finally:
        stop.touch()
    [(code, _, err)] = finish([colleague])
    assert code == 0, err

    with sqlite3.connect(db_path) as conn:
        visits = conn.execute("SELECT id, seq, ticket, queue_ms FROM visits").fetchall()
        registered = dict(conn.execute("SELECT visit_id, id FROM events WHERE type = 'registered'"))
        called = dict(conn.execute("SELECT visit_id, id FROM events WHERE type = 'call'"))
    assert len(visits) == len(told) == 36
    by_ticket = sorted(visits, key=lambda v: v[1])
    by_queue = sorted(visits, key=lambda v: (v[3], v[0]))
    assert [v[2] for v in by_queue] == [v[2] for v in by_ticket]  # queue order is ticket order
    assert len(called) > 0  # the colleague really called while the desks registered
    for visit_id, _, ticket, _ in visits:
        at = registered[visit_id]
        ahead = sum(
            1 for other in registered
            if registered[other] < at and called.get(other, at + 1) > at
        )
        assert told[ticket] == ahead, f"{ticket} was told {told[ticket]} voor u; {ahead} were waiting"
