"""Propagation: from a commit in one process to another process's board showing it.

Run with the others: ``python -m bench`` (or ``python -m bench --only propagation``).
Starts the board headless in its own process (tests/board_live_worker.py),
makes calls on the same SQLite file from this process and notes, with
time.time() on both sides, when the board put each new call on its widgets
(the terminal paint follows within one frame).
"""

from __future__ import annotations

import os
import queue
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import NOW, ROOT, median, percentile, ratio, table

WORKER = ROOT / "tests" / "board_live_worker.py"
POLL_SECONDS = 0.2

# The baseline: the least any watcher on the same design can do. Poll
# data_version every 0.2 s in autocommit; on a change, count the calls.
BASELINE_WATCHER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
seen = None
while True:
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    if version != seen:
        seen = version
        calls = conn.execute("SELECT count(*) FROM events WHERE type = 'call'").fetchone()[0]
        print(f"SHOWN {time.time():.6f} {calls}", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _reader(proc: subprocess.Popen) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put("<EOF>")

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_shown(lines: queue.Queue[str], text: str | None = None, timeout: float = 20) -> float:
    """Epoch seconds of the first SHOWN line (with this text, if given)."""
    while True:
        line = lines.get(timeout=timeout)
        if line == "<EOF>":
            raise RuntimeError("the measured process ended early")
        parts = line.split(" ", 2)
        if parts[0] == "SHOWN" and (text is None or (len(parts) == 3 and parts[2] == text)):
            return float(parts[1]) if len(parts) > 1 else time.time()


def measure(db: Path, events: int) -> dict:
    from balie.clock import FixedClock, parse_local
    from balie.config import default_config
    from balie.store import Store

    config = default_config()
    store = Store(db, FixedClock(parse_local(NOW)))
    store.today()
    env = {**os.environ, "BALIE_NOW": NOW, "PYTHONPATH": str(ROOT)}
    board = subprocess.Popen(
        [sys.executable, str(WORKER), str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )
    watcher = subprocess.Popen(
        [sys.executable, "-c", BASELINE_WATCHER, str(db), str(POLL_SECONDS)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        lines = _reader(board)
        plain = _reader(watcher)
        _wait_shown(lines, "-")
        time.sleep(1.0)  # let the board settle and take its first data_version reading
        delays, baseline = [], []
        rng = random.Random(4)
        for number in range(events):
            store.desk.register(config.domain("sociaal"))
            time.sleep(rng.uniform(0.05, 0.45))  # calls land anywhere in the 0.2 s poll cycle
            counter = f"Balie {number + 1}"  # a counter has one visitor at a time
            committed = time.time()
            visit = store.queue.call_next(counter, ["sociaal"])
            shown = _wait_shown(lines, f"{visit.ticket} {counter}")
            delays.append((shown - committed) * 1000)
            baseline.append((_wait_shown(plain, str(number + 1)) - committed) * 1000)
        time.sleep(1.0)  # the last flash timer and reload settle
        board.stdin.write("quit\n")
        board.stdin.flush()
        board.wait(timeout=20)
    finally:
        if board.poll() is None:
            board.kill()
            board.wait()
        watcher.kill()
        watcher.wait()
        store.close()

    return {
        "events": len(delays),
        "delays_ms": delays,
        "baseline_ms": baseline,
    }


def run(quick: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        return measure(Path(folder) / "bench.sqlite", 15 if quick else 60)


def section(result: dict) -> str:
    delays, plain = result["delays_ms"], result["baseline_ms"]
    rows = [
        [name, f"{figure(delays):.0f}", f"{figure(plain):.0f}"]
        for name, figure in (
            ("median", median),
            ("95th percentile", lambda values: percentile(values, 0.95)),
            ("min", min),
            ("max", max),
        )
    ]
    rows.append(["median vs baseline", ratio(median(delays), median(plain)), "1.0x"])
    return (
        "## Propagation: commit → board\n\n"
        "A board runs headless in its own process (poll every 0.2 s on `PRAGMA data_version`, "
        "then a reload in a thread worker); the benchmark process commits a call on the same "
        "SQLite file at a random moment in the poll cycle. Delay = the board's `time.time()` "
        "once the new call is on its widgets minus the committing process's `time.time()` just "
        "before the commit (the paint follows within a frame). The floor is the poll interval: "
        "on average half of 0.2 s plus the reload. Baseline, watching the same commits at "
        "the same time: a bare Python process that polls `data_version` every 0.2 s and "
        "counts the calls when it changes (no Textual, no screen).\n\n"
        + table([f"commit → shown ({result['events']} calls), ms", "board", "bare 0.2 s poll"], rows)
        + "\n"
    )


if __name__ == "__main__":
    from bench.__main__ import main

    raise SystemExit(main(["--only", "propagation", *sys.argv[1:]]))
