"""Start-up: from starting a screen to the first frame that shows its data.

Each screen runs as the real ``balie`` command under a pseudo-terminal
(110x32, ``BALIE_NOW`` fixed, a demo database); the clock stops when text that
only appears once data is drawn shows in what the process wrote. The baseline
is a minimal Textual app showing one line, timed the same way. Runs alternate
between the screens so background load hits them alike.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import SCREENS, Terminal, make_demo, median, ratio, screen_command, summary, table

NAMES = ["minimal", "desk", "counter", "board", "dagstart", "start"]


def run(quick: bool = False) -> dict:
    repeats = 2 if quick else 5
    times: dict[str, list[float]] = {name: [] for name in NAMES}
    with tempfile.TemporaryDirectory() as folder:
        db = make_demo(Path(folder) / "demo.sqlite")
        for _ in range(repeats):
            for name in NAMES:
                command, needle = screen_command(name, db)
                with Terminal(command) as terminal:
                    times[name].append(terminal.wait_for(needle))
    return {"repeats": repeats, "times": times}


def section(result: dict) -> str:
    times = result["times"]
    floor = median(times["minimal"])
    rows = [["minimal Textual app (one line)", "Wachtrij", summary(times["minimal"], 1000), "1.0x"]]
    for name in NAMES[1:]:
        needle = SCREENS[name][1]
        label = f"`balie {name}`" if name != "start" else "`balie` (start screen)"
        rows.append([label, needle, summary(times[name], 1000), ratio(median(times[name]), floor)])
    return (
        "## Start-up to the first frame with data\n\n"
        "The real `balie` command under a pseudo-terminal (110x32, `BALIE_NOW` fixed, a demo "
        "database); timed from starting the process until text that only appears once the "
        "screen's data is drawn shows in its output. Baseline: a minimal Textual app showing "
        f"one line, timed the same way. {result['repeats']} runs each, alternating.\n\n"
        + table(["screen", "waits for", "ms, median (min–max)", "vs minimal app"], rows)
        + "\n"
    )
