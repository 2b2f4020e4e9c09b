"""Soak: many processes doing what desks and counters do, on one database.

``python -m scripts.soak [--processes 8] [--seconds 180] [--db PATH]`` runs it
and checks afterwards that every visitor is in exactly one final state, that
the event log replays to the stored states, and that every change a worker
saw succeed is in the log. The test suite runs it briefly
(``tests/test_reliability_soak.py``; ``BALIE_SOAK_SECONDS`` makes it longer).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

# Event types each worker action writes when it succeeds.
ACTION_EVENTS = {
    "register": "registered",
    "call_next": "call",
    "call_visit": "call_out_of_order",
    "finish": "finish",
    "no_show": "no_show",
    "requeue": "requeue",
    "recall": "recall",
    "transfer": "transfer",
    "returned": "return",
    "mark_left": "leave",
    "set_urgent": "mark_urgent",
    "correct_domain": "change_domain",
}


OFFICE_OPENS = "2026-11-20T10:00"
SPEED = 10  # office seconds per real second: a 3-minute soak is half an hour of office


class OfficeClock:
    """One office clock for every worker: Friday 10:00 plus the real time since the start.

    Every process reads the same kernel clock, as screens on one host do, so
    their times agree however fast each one works (the write guard refuses a
    clock behind the database; a clock per worker would drift apart).
    """

    fixed = True

    def __init__(self, started: float) -> None:
        from balie.clock import parse_local

        self.opens, self.started = parse_local(OFFICE_OPENS), started

    def now(self):
        return self.opens.add(microseconds=int((time.time() - self.started) * SPEED * 1_000_000)).in_timezone("UTC")


def worker(db: str, number: int, seconds: float, started: float) -> dict[str, int]:
    """One process: a desk and a counter in one, picking actions at random."""
    from balie.config import default_config
    from balie.core.visits import Outcome
    from balie.errors import BalieError
    from balie.store import Store

    rng = random.Random(number)
    clock = OfficeClock(started)
    config = default_config()
    domains = [d.key for d in config.domains]
    store = Store(db, clock)
    counter = f"Balie {number}"
    mine = rng.sample(domains, rng.choice((1, 2)))
    done: Counter[str] = Counter()
    refused = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        current = store.counter.current(counter)
        visit = current[0] if current else None
        waiting = store.queue.waiting()
        other = rng.choice(waiting) if waiting else None
        roll = rng.random()
        try:
            if roll < 0.30:
                store.desk.register(config.domains[rng.randrange(3)], name=f"n{number}", question="q")
                done["register"] += 1
            elif visit is None and roll < 0.60:
                if store.queue.call_next(counter, mine) is not None:
                    done["call_next"] += 1
            elif visit is None and other is not None and roll < 0.65:
                store.queue.call_visit(other.id, counter, reason="soak")
                done["call_visit"] += 1
            elif visit is not None and roll < 0.70:
                store.counter.finish(visit.id, rng.choice(list(Outcome)), counter, topic="t")
                done["finish"] += 1
            elif visit is not None and roll < 0.74:
                store.counter.no_show(visit.id, counter)
                done["no_show"] += 1
            elif visit is not None and roll < 0.77:
                store.counter.requeue(visit.id, counter)
                done["requeue"] += 1
            elif visit is not None and roll < 0.80:
                store.counter.recall(visit.id, counter)
                done["recall"] += 1
            elif visit is not None and roll < 0.84:
                target = config.domain(rng.choice([d for d in domains if d != visit.domain]))
                store.counter.transfer(visit.id, target, counter, note="soak")
                done["transfer"] += 1
            elif roll < 0.87:
                gone = store.counter.no_shows()
                if gone:
                    store.counter.returned(rng.choice(gone).id, counter)
                    done["returned"] += 1
            elif other is not None and roll < 0.90:
                store.desk.mark_left(other.id, "gastvrouw")
                done["mark_left"] += 1
            elif other is not None and roll < 0.94:
                store.desk.set_urgent(other.id, not other.urgent, "gastvrouw")
                done["set_urgent"] += 1
            elif other is not None and roll < 0.97:
                target = config.domain(rng.choice([d for d in domains if d != other.domain]))
                store.desk.correct_domain(other.id, target, "gastvrouw")
                done["correct_domain"] += 1
        except BalieError as error:
            # Expected: another process changed the visitor first ("... is opgeroepen"),
            # or a recall or no-show came too soon after the call ("... kan over 9 seconden").
            if not any(words in str(error) for words in ("kan nu niet", "staat al bij", " kan over ")):
                raise
            refused += 1
    store.close()
    return {**done, "refused": refused}


def _accounted(action: str, done: int, logged: int) -> bool:
    """Every change a worker saw succeed is logged once, and nothing else is.

    A domain correction to the domain the visitor already has (another host
    was first) succeeds without changing anything, so it is not logged.
    """
    return logged == done or (action == "correct_domain" and logged <= done)


def run(db: Path, processes: int, seconds: float) -> dict:
    """Run the workers, close the day, and check the log against the states."""
    from balie.core.visits import FINAL_STATES, replay
    from balie.store import Store

    clock = OfficeClock(time.time())
    Store(db, clock).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "scripts.soak", "--worker", str(n), "--db", str(db),
             "--seconds", str(seconds), "--started", repr(clock.started)],
            stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parent.parent,
        )
        for n in range(1, processes + 1)
    ]
    totals: Counter[str] = Counter()
    failures = []
    for proc in procs:
        out, _ = proc.communicate()
        if proc.returncode != 0:
            failures.append(proc.returncode)
            continue
        totals.update(json.loads(out.strip().splitlines()[-1]))
    store = Store(db, clock)
    closed = store.day_end.close()
    visits = store.visits.on("2026-11-20")
    rows = store.conn.execute(
        "SELECT visit_id, type FROM events WHERE visit_id IS NOT NULL ORDER BY id"
    ).fetchall()
    times = [row[0] for row in store.conn.execute("SELECT at_ms FROM events ORDER BY id")]
    backwards = sum(1 for before, after in zip(times, times[1:]) if after < before)
    logs: dict[int, list[str]] = {}
    for visit_id, kind in rows:
        logs.setdefault(visit_id, []).append(kind)
    not_final = [v.ticket for v in visits if v.state not in FINAL_STATES]
    mismatched = [v.ticket for v in visits if replay(logs.get(v.id, [])) != v.state]
    logged = Counter(kind for _, kind in rows)
    unaccounted = {
        action: (count, logged[ACTION_EVENTS[action]])
        for action, count in totals.items()
        if action in ACTION_EVENTS and not _accounted(action, count, logged[ACTION_EVENTS[action]])
    }
    report = {
        "processes": processes,
        "seconds": seconds,
        "worker_failures": failures,
        "visits": len(visits),
        "changes": sum(v for k, v in totals.items() if k != "refused"),
        "refused": totals["refused"],
        "unserved_at_close": closed,
        "states": dict(Counter(v.state.value for v in visits)),
        "not_final": not_final,
        "log_mismatches": mismatched,
        "unaccounted": unaccounted,
        "times_backwards": backwards,  # events whose time is before the one committed before
        "integrity": store.conn.execute("PRAGMA integrity_check").fetchone()[0],
    }
    store.close()
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--db")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(worker(args.db, args.worker, args.seconds, args.started)))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        db = Path(args.db) if args.db else Path(folder) / "soak.sqlite"
        report = run(db, args.processes, args.seconds)
    print(json.dumps(report, indent=2))
    ok = not (report["worker_failures"] or report["not_final"] or report["log_mismatches"]
              or report["unaccounted"] or report["times_backwards"]) and report["integrity"] == "ok"
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
