"""Memory and idle CPU of each running screen, against a minimal Textual app.

Every screen runs under its own pseudo-terminal on a demo database at the same
time; once each has drawn its data and settled, its resident memory (VmRSS)
is read, then its CPU time over an idle stretch (no database changes, the
clock ticking) while its output is drained like a terminal would.
"""

from __future__ import annotations

import select
import tempfile
import time
from pathlib import Path

from bench.common import (
    Terminal,
    cpu_seconds,
    make_demo,
    ratio,
    rss_mb,
    screen_command,
    table,
)

NAMES = ["minimal", "desk", "counter", "board", "dagstart", "start", "board-polling"]
LABELS = {
    "minimal": "minimal Textual app (one line)",
    "start": "`balie` (start screen)",
    "board-polling": "`balie board`, watcher polling",
}
SETTLE_SECONDS = 2.0


def _drain(terminals: list[Terminal], seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while (left := deadline - time.perf_counter()) > 0:
        ready, _, _ = select.select([t.master for t in terminals], [], [], left)
        for terminal in terminals:
            if terminal.master in ready:
                terminal._read(0)


def run(quick: bool = False) -> dict:
    idle_seconds = 3.0 if quick else 60.0
    with tempfile.TemporaryDirectory() as folder:
        db = make_demo(Path(folder) / "demo.sqlite")
        terminals: dict[str, Terminal] = {}
        try:
            for name in NAMES:
                command, needle = screen_command(name, db)
                terminals[name] = Terminal(command)
                terminals[name].wait_for(needle)
            _drain(list(terminals.values()), SETTLE_SECONDS)
            rss = {name: rss_mb(t.pid) for name, t in terminals.items()}
            before = {name: cpu_seconds(t.pid) for name, t in terminals.items()}
            _drain(list(terminals.values()), idle_seconds)
            cpu = {
                name: (cpu_seconds(t.pid) - before[name]) * 60 / idle_seconds
                for name, t in terminals.items()
            }
        finally:
            for terminal in terminals.values():
                terminal.close()
    return {"idle_seconds": idle_seconds, "rss_mb": rss, "idle_cpu": cpu}


def section(result: dict) -> str:
    rss, cpu = result["rss_mb"], result["idle_cpu"]
    rows = []
    for name in NAMES:
        label = LABELS.get(name, f"`balie {name}`")
        rows.append([
            label, f"{rss[name]:.0f}", ratio(rss[name], rss["minimal"]), f"{cpu[name]:.2f}",
            ratio(cpu[name], cpu["minimal"]),
        ])
    return (
        "## Memory and idle CPU of each screen\n\n"
        "All screens run at once under their own pseudo-terminal on a demo database. "
        f"Resident memory (VmRSS) {SETTLE_SECONDS:.0f} s after each drew its data; then CPU "
        f"seconds per minute over {result['idle_seconds']:.0f} s with no database changes "
        "(the change watcher asleep on inotify, looking every 5 s; the 15 s reload running and, "
        "on this fixed clock (`BALIE_NOW`), finding nothing new to draw; a running clock also "
        "redraws the minute and the waits that grow, see the slow spots below); the board once "
        "more with its watcher polling every 0.1 s, as where inotify is missing.\n\n"
        + table(["screen", "RSS MB", "vs minimal app", "idle CPU s/min", "vs minimal app"], rows)
        + "\n"
    )
