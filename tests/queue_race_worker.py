"""One ``balie`` command line in a race, run the way the ``balie`` script runs it.

``python queue_race_worker.py GO TIMES ARG...`` waits until the file GO exists,
then runs ``balie ARG...`` TIMES times (a desk registering one visitor after
another) and exits with the last exit code. What the command imports is
imported before the start, so every process starts at the same moment.

``python queue_race_worker.py GO counter STOP DB COUNTER`` is a colleague who
calls and finishes visitors through the command line until STOP exists.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
import time

import balie.clock  # noqa: F401  what the commands import, before the start
import balie.config  # noqa: F401
import balie.store  # noqa: F401
from balie.cli import EXIT_NOTHING, main


def wait_for(path: str) -> None:
    while not os.path.exists(path):
        time.sleep(0.001)


def balie(args: list[str]) -> int:
    """One command, as if it were its own process.

    A finished command's store lingers in a reference cycle until collected;
    opening the file again beside it would make POSIX drop SQLite's locks of
    this process (sqlite.org/howtocorrupt.html, 2.2). A real ``balie`` exits.
    """
    code = main(args)
    sys.stdout.flush()
    gc.collect()
    return code


def counter(stop: str, db: str, name: str) -> int:
    while True:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = balie(["--db", db, "next", "--counter", name, "--domains", "burgerzaken"])
        if code == 0:
            ticket = out.getvalue().strip()
            with contextlib.redirect_stdout(io.StringIO()):
                balie(["--db", db, "finish", ticket, "--outcome", "handled"])
        elif code == EXIT_NOTHING and os.path.exists(stop):
            return 0
        elif code != EXIT_NOTHING:
            return code


def run() -> int:
    go, times, *args = sys.argv[1:]
    wait_for(go)
    if times == "counter":
        return counter(*args)
    code = 0
    for _ in range(int(times)):
        code = balie(args)
    return code


if __name__ == "__main__":
    sys.exit(run())
