"""Commit-to-board delay across processes, and the board's CPU cost while idle.

Run: ``.venv/bin/python -m bench.propagation`` (about a minute). Starts the board
headless in its own process (tests/board_live_worker.py), makes calls on the same
SQLite file from this process and notes, with time.time() on both sides, when the
board put each new call on its widgets (the terminal paint follows within one
frame). Then measures CPU seconds per minute of the idle board against a minimal
Textual app showing one line. Writes the section to docs/benchmarks.md.
"""

from __future__ import annotations

import datetime
import os
import platform
import queue
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "tests" / "board_live_worker.py"
DOC = ROOT / "docs" / "benchmarks.md"
HEADING = "## Propagation and idle cost (board)"
EVENTS = 60
IDLE_SECONDS = 10.0
NOW = "2026-11-20T10:00"

MINIMAL_APP = textwrap.dedent(
    """
    import sys
    from textual.app import App
    from textual.widgets import Static

    class One(App):
        def compose(self):
            yield Static("Wachtrij")
        def on_mount(self):
            print("SHOWN", flush=True)

    One().run(headless=True, size=(100, 30))
    """
)


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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def idle_cpu_per_minute(pid: int, seconds: float = IDLE_SECONDS) -> float:
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) * 60 / seconds


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(db: Path) -> dict:
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
    try:
        lines = _reader(board)
        _wait_shown(lines, "-")
        time.sleep(1.0)  # let the board settle and take its first data_version reading
        delays = []
        rng = random.Random(4)
        for number in range(EVENTS):
            store.register(config.domain("sociaal"))
            time.sleep(rng.uniform(0.05, 0.45))  # calls land anywhere in the 0.2 s poll cycle
            counter = f"Balie {number % 9 + 1}"
            committed = time.time()
            visit = store.call_next(counter, ["sociaal"])
            shown = _wait_shown(lines, f"{visit.ticket} {counter}")
            delays.append((shown - committed) * 1000)
        time.sleep(1.0)  # the last flash timer and reload settle
        board_cpu = idle_cpu_per_minute(board.pid)
        board.stdin.write("quit\n")
        board.stdin.flush()
        board.wait(timeout=20)
    finally:
        if board.poll() is None:
            board.kill()
            board.wait()
        store.close()

    minimal = subprocess.Popen(
        [sys.executable, "-c", MINIMAL_APP], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        _wait_shown(_reader(minimal))
        time.sleep(1.0)
        minimal_cpu = idle_cpu_per_minute(minimal.pid)
    finally:
        minimal.kill()
        minimal.wait()

    return {
        "events": len(delays),
        "median_ms": statistics.median(delays),
        "p95_ms": percentile(delays, 0.95),
        "min_ms": min(delays),
        "max_ms": max(delays),
        "board_cpu": board_cpu,
        "minimal_cpu": minimal_cpu,
    }


def machine() -> str:
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.system()} {platform.release()}"
    )


def section(result: dict) -> str:
    today = datetime.date.today().isoformat()
    return textwrap.dedent(
        f"""\
        {HEADING}

        Command: `.venv/bin/python -m bench.propagation` (about a minute).
        Machine: {machine()}. Date: {today}.

        A board runs headless in its own process (poll every 0.2 s on `PRAGMA data_version`,
        then a reload in a thread worker); this process commits a call on the same SQLite
        file. Delay = board's `time.time()` once the new call is on its widgets minus this
        process's `time.time()` just before the commit (the paint follows within a frame).

        | Commit → board shows it ({result['events']} calls) | ms |
        |---|---|
        | median | {result['median_ms']:.0f} |
        | 95th percentile | {result['p95_ms']:.0f} |
        | min / max | {result['min_ms']:.0f} / {result['max_ms']:.0f} |

        Idle CPU over {IDLE_SECONDS:.0f} s, after the calls (no changes, clock ticking):

        | Process | CPU seconds per minute |
        |---|---|
        | board (poll 0.2 s, clock 1 s, reload every 15 s) | {result['board_cpu']:.2f} |
        | minimal Textual app showing one line | {result['minimal_cpu']:.2f} |
        """
    )


def write_doc(text: str) -> None:
    DOC.parent.mkdir(parents=True, exist_ok=True)
    old = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if HEADING in old:
        start = old.index(HEADING)
        rest = old.find("\n## ", start + len(HEADING))
        old = old[:start].rstrip() + ("\n\n" + old[rest + 1:] if rest != -1 else "")
    DOC.write_text(old.rstrip() + "\n\n" + text)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        result = measure(Path(folder) / "bench.sqlite")
    text = section(result)
    write_doc(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
