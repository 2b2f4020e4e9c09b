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

NAMES = ["minimal", "desk", "counter", "board", "start"]
SETTLE_SECONDS = 2.0


def _drain(terminals: list[Terminal], seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while (left := deadline - time.perf_counter()) > 0:
        ready, _, _ = select.select([t.master for t in terminals], [], [], left)
        for terminal in terminals:
            if terminal.master in ready:
                terminal._read(0)


def run(quick: bool = False) -> dict:
    idle_seconds = 3.0 if quick else 20.0
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
        label = "minimal Textual app (one line)" if name == "minimal" else (
            "`balie` (start screen)" if name == "start" else f"`balie {name}`"
        )
        rows.append([label, f"{rss[name]:.0f}", ratio(rss[name], rss["minimal"]), f"{cpu[name]:.2f}"])
    return (
        "## Memory and idle CPU of each screen\n\n"
        "All screens run at once under their own pseudo-terminal on a demo database. "
        f"Resident memory (VmRSS) {SETTLE_SECONDS:.0f} s after each drew its data; then CPU "
        f"seconds per minute over {result['idle_seconds']:.0f} s with no database changes "
        "(the clock ticking, the 0.2 s change poll and the 15 s reload running).\n\n"
        + table(["screen", "RSS MB", "vs minimal app", "idle CPU s/min"], rows)
        + "\n"
    )
