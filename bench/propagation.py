"""Propagation: from a commit in one process to the change drawn by another process's screen.

Run with the others: ``python -m bench`` (or ``python -m bench --only propagation``).
Each screen runs as the real ``balie`` command under a pseudo-terminal on its
own copy of a demo database; this process commits on the same file at a random
moment and notes when text that only that commit can make appear (a ticket and
counter, a count) shows in what the screen drew. Two bare watchers (no Textual,
no screen) see the same commits: one polling ``data_version`` every 0.2 s (the
design balie had), one sleeping on inotify (the design it has now). The board
runs once more with its watcher made to poll, as where inotify is missing.
"""

from __future__ import annotations

import os
import queue
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.common import (
    NOW,
    ROOT,
    SCREENS,
    Terminal,
    balie_command,
    balie_env,
    make_demo,
    median,
    polling_balie_command,
    percentile,
    ratio,
    table,
)

BARE_POLL_SECONDS = 0.2

# The baselines: "poll SECONDS" or "inotify". Each prints "SHOWN <epoch seconds>
# <newest event id>" when it sees a commit: the least any watcher of its kind can do.
BARE_WATCHER = """
import select, sqlite3, sys, time
from pathlib import Path
path, how = Path(sys.argv[1]), sys.argv[2]
if how == "inotify":
    from balie.file_events import FileEvents
    events = FileEvents.open(path.parent, frozenset({path.name, path.name + "-wal"}))
conn = sqlite3.connect(path, isolation_level=None)
seen = None
while True:
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    if version != seen:
        seen = version
        newest = conn.execute("SELECT max(id) FROM events").fetchone()[0]
        print(f"SHOWN {time.time():.6f} {newest}", flush=True)
    if how == "inotify":
        select.select([events], [], [], 1.0)
        events.read()
    else:
        time.sleep(float(sys.argv[3]))
"""


@dataclass(frozen=True)
class Case:
    """A screen, and a commit that makes text appear on it that nothing else does."""

    label: str
    screen: str  # in bench.common.SCREENS
    commit: Callable[..., str]  # (store, config, number) -> the text to wait for
    prepare: Callable[..., object] | None = None  # untimed, before the commit
    polling: bool = False


def _register_sociaal(store, config, number: int) -> None:
    store.desk.register(config.domain("sociaal"))


def _call(store, config, number: int) -> str:
    counter = f"Balie {number + 10}"  # a counter has one visitor at a time
    visit = store.queue.call_next(counter, ["sociaal"])
    return f"{visit.ticket} → {counter}"


def _registered_today(store, config, number: int) -> str:
    store.desk.register(config.domain("sociaal"))
    return f"vandaag {store.visits.count_on(store.today())} aangemeld"


def _waiting_at_counter(store, config, number: int) -> str:
    store.desk.register(config.domain("burgerzaken"))
    return f"Wachtenden in je domeinen ({len(store.queue.waiting(['burgerzaken', 'sociaal']))})"


def _so_far(store, config, number: int) -> str:
    store.desk.register(config.domain("vergunningen"))
    return f"{store.standup.day_so_far(store.today())['registered']} aangemeld, waarvan"


CASES = [
    Case("board", "board", _call, _register_sociaal),
    Case("desk", "desk", _registered_today),
    Case("counter", "counter", _waiting_at_counter),
    Case("dagstart", "dagstart", _so_far),
    Case("board, watcher polling", "board", _call, _register_sociaal, polling=True),
]
BASELINES = {"bare 0.2 s poll": ["poll", str(BARE_POLL_SECONDS)], "bare inotify": ["inotify"]}


def _reader(proc: subprocess.Popen) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put("<EOF>")

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _seen(lines: queue.Queue[str], newest: int, timeout: float = 20) -> float:
    """Epoch seconds of the first SHOWN line that has seen event ``newest``."""
    while True:
        line = lines.get(timeout=timeout)
        if line == "<EOF>":
            raise RuntimeError("a baseline watcher ended early")
        parts = line.split()
        if parts[0] == "SHOWN" and parts[2] != "None" and int(parts[2]) >= newest:
            return float(parts[1])


def _drawn(terminal: Terminal, needle: str, timeout: float = 20) -> None:
    """Return once ``needle`` shows in what the screen drew since the last call."""
    deadline = time.perf_counter() + timeout
    while needle not in terminal.text():
        left = deadline - time.perf_counter()
        if left <= 0 or not terminal._read(min(left, 0.5)) and terminal.proc.poll() is not None:
            raise RuntimeError(f"{needle!r} not drawn; last output: {terminal.text()[-300:]!r}")


def measure(case: Case, db: Path, events: int, seed: int) -> dict[str, list[float]]:
    from balie.clock import FixedClock, parse_local
    from balie.config import default_config
    from balie.store import Store

    config = default_config()
    store = Store(db, FixedClock(parse_local(NOW)))
    args, ready = SCREENS[case.screen]
    command = (polling_balie_command() if case.polling else balie_command()) + ["--db", str(db), *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    watchers = {
        name: subprocess.Popen(
            [sys.executable, "-c", BARE_WATCHER, str(db), *how],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
        )
        for name, how in BASELINES.items()
    }
    delays: dict[str, list[float]] = {case.label: [], **{name: [] for name in watchers}}
    try:
        lines = {name: _reader(proc) for name, proc in watchers.items()}
        with Terminal(command, env=balie_env()) as terminal:
            terminal.wait_for(ready)
            terminal.pump(1.0)  # settled: the first upkeep done, the watcher looking
            newest = sqlite3.connect(db)
            rng = random.Random(seed)
            for number in range(events):
                if case.prepare is not None:
                    case.prepare(store, config, number)
                terminal.pump(rng.uniform(0.05, 0.45))  # anywhere in a poll's cycle
                terminal.output.clear()
                committed = time.time()
                needle = case.commit(store, config, number)
                _drawn(terminal, needle)
                delays[case.label].append((time.time() - committed) * 1000)
                event = newest.execute("SELECT max(id) FROM events").fetchone()[0]
                for name, watcher_lines in lines.items():
                    delays[name].append((_seen(watcher_lines, event) - committed) * 1000)
            newest.close()
    finally:
        for proc in watchers.values():
            proc.kill()
            proc.wait()
        store.close()
    return delays


def run(quick: bool = False) -> dict:
    events = 10 if quick else 60
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        demo = make_demo(Path(folder) / "demo.sqlite")
        for index, case in enumerate(CASES):
            db = Path(folder) / f"case{index}.sqlite"
            shutil.copy(demo, db)
            for name, values in measure(case, db, events, seed=index).items():
                results.setdefault(name, []).extend(values)
    return {"events": events, "delays_ms": results}


def section(result: dict) -> str:
    delays = result["delays_ms"]
    names = [case.label for case in CASES] + list(BASELINES)
    floor = median(delays["bare 0.2 s poll"])
    rows = [
        [label, *(f"{figure(delays[name]):.0f}" for name in names)]
        for label, figure in (
            ("median", median),
            ("95th percentile", lambda values: percentile(values, 0.95)),
            ("max", max),
        )
    ]
    rows.append(["median vs bare 0.2 s poll", *(ratio(median(delays[name]), floor) for name in names)])
    header = [f"commit → drawn ({result['events']} commits each), ms", *names]
    return (
        "## Propagation: commit → drawn on another process's screen\n\n"
        "Each screen runs as the real `balie` command under a pseudo-terminal on its own copy of "
        "a demo database; the benchmark process commits on the same file at a random moment "
        "(0.05–0.45 s after the previous one) something that makes text appear on that screen "
        "only (board: a call, `B012 → Balie 11`; desk: a registration, `vandaag 85 "
        "aangemeld`; counter: one more waiting in its domains; dagstart: one more registered "
        "today). Delay = from just before the commit until that text arrives from the screen's "
        "terminal. A screen's change watcher sleeps on inotify until SQLite writes the "
        "database's files; the last column but two is the board with its watcher made to poll "
        "(every 0.1 s), as where inotify is missing. The start screen shows nothing from the "
        "database. Baselines, watching the same commits at the same time: bare Python processes "
        "(no Textual, no screen) that see a commit through `PRAGMA data_version`, one polling "
        f"every {BARE_POLL_SECONDS} s (balie's design before), one sleeping on inotify (its "
        "design now).\n\n"
        + table(header, rows)
        + "\n"
    )


if __name__ == "__main__":
    from bench.__main__ import main

    raise SystemExit(main(["--only", "propagation", *sys.argv[1:]]))
