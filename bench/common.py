"""Helpers every benchmark shares: statistics, the machine, demo data, processes under a terminal.

Each benchmark module has ``run(quick: bool) -> dict`` (raw figures) and
``section(result: dict) -> str`` (its part of docs/benchmarks.md); the runner
in ``bench/__main__.py`` calls them in order.
"""

from __future__ import annotations

import fcntl
import os
import platform
import re
import select
import sqlite3
import statistics
import struct
import subprocess
import sys
import termios
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
NOW = "2026-11-20T11:15"  # a Friday mid-morning: the demo's busy current day
TERMINAL = (110, 32)  # columns, lines of the pseudo-terminal screens run in

# A Textual app that shows one line: the floor of any Textual app on this machine.
MINIMAL_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Static

    class One(App):
        def compose(self):
            yield Static("Wachtrij")

    One().run()
    """
)


# -- statistics ---------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` 0..1) of a non-empty list."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def spread(values: Sequence[float]) -> tuple[float, float]:
    """(low, high): the interquartile range from 8 values on, else min and max."""
    if len(values) >= 8:
        return percentile(values, 0.25), percentile(values, 0.75)
    return min(values), max(values)


def summary(values: Sequence[float], scale: float = 1.0, digits: int = 0) -> str:
    """'median (low–high)' with every value multiplied by ``scale``; one value alone."""
    if len(values) == 1:
        return f"{values[0] * scale:.{digits}f}"
    low, high = spread(values)
    return f"{median(values) * scale:.{digits}f} ({low * scale:.{digits}f}–{high * scale:.{digits}f})"


def ratio(value: float, baseline: float) -> str:
    if baseline <= 0:
        return "–"
    return f"{value / baseline:.1f}x"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# -- the machine ----------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "?"


def machine() -> dict[str, str]:
    from importlib.metadata import version

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 0
    return {
        "CPU": _cpu_model(),
        "cores": str(cores),
        "RAM": _ram_gb(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "Textual": version("textual"),
    }


# -- processes --------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def idle_cpu_per_minute(pid: int, seconds: float) -> float:
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) * 60 / seconds


def balie_command() -> list[str]:
    """The installed ``balie`` command next to this Python, else ``python -m balie``."""
    script = Path(sys.executable).with_name("balie")
    return [str(script)] if script.exists() else [sys.executable, "-m", "balie"]


# balie whose change watcher cannot use inotify (as on macOS): it polls instead.
POLLING_BALIE = textwrap.dedent(
    """
    import sys
    from balie import change_watch
    change_watch.FileEvents.open = classmethod(lambda cls, folder, names: None)
    from balie.cli import main
    raise SystemExit(main(sys.argv[1:]))
    """
)


def polling_balie_command() -> list[str]:
    return [sys.executable, "-c", POLLING_BALIE]


def balie_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "BALIE_NOW": NOW, "TERM": "xterm-256color", **extra}
    env.pop("BALIE_CONFIG", None)
    # As on a user's machine, imports read cached bytecode (see compile_balie).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    """Seconds each of ``repeats`` runs of ``action`` took."""
    times = []
    for _ in range(repeats):
        before = time.perf_counter()
        action()
        times.append(time.perf_counter() - before)
    return times


def compile_balie() -> None:
    """Cache balie's bytecode first: an installed balie starts from it, while a
    checkout run with PYTHONDONTWRITEBYTECODE would compile every module each start."""
    import compileall

    compileall.compile_dir(ROOT / "balie", quiet=1)


def make_demo(path: Path, days: int = 10) -> Path:
    """A demo office on ``path`` (``balie demo`` at NOW): what people see first."""
    subprocess.run(
        [*balie_command(), "--db", str(path), "demo", "--days", str(days)],
        env=balie_env(), check=True, capture_output=True,
    )
    return path


_ESCAPE = re.compile(rb"\x1b(\[[0-9;?<>=!]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][A-Za-z0-9]|[=>78DEHMc])")


class Terminal:
    """A process under a pseudo-terminal of fixed size; we read what it draws."""

    def __init__(self, command: Sequence[str], env: dict[str, str] | None = None) -> None:
        master, slave = os.openpty()
        columns, lines = TERMINAL
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(command), stdin=slave, stdout=slave, stderr=slave, env=env or balie_env(),
            start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def text(self) -> str:
        """What was drawn so far, escape sequences removed."""
        return _ESCAPE.sub(b"", bytes(self.output)).decode("utf-8", "replace")

    def pump(self, seconds: float) -> None:
        """Read (and discard into ``output``) whatever arrives for a while."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            if not self._read(left):
                break

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the process ended
                return False
            if not chunk:
                return False
            self.output += chunk
        return True

    def wait_for(self, needle: str, timeout: float = 30.0) -> float:
        """Seconds from start until ``needle`` shows in the drawn text."""
        deadline = time.perf_counter() + timeout
        scanned = 0
        while True:
            if needle in self.text()[max(0, scanned - len(needle)):]:
                return time.perf_counter() - self.started
            scanned = len(self.text())
            left = deadline - time.perf_counter()
            if left <= 0 or not self._read(min(left, 0.5)) and self.proc.poll() is not None:
                raise RuntimeError(
                    f"{needle!r} not shown within {timeout:.0f} s; last output: {self.text()[-300:]!r}"
                )

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        os.close(self.master)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# The screens a person opens, with text that appears only once data is drawn.
SCREENS = {
    "desk": (["desk"], "wachtend"),
    "counter": (["counter", "--name", "Balie 3", "--domains", "burgerzaken,sociaal"], "opgeroepen"),
    "board": (["board"], "→ Balie"),
    "dagstart": (["dagstart"], "wachten nu"),
    "start": ([], "Gastvrouw"),
}


def screen_command(name: str, db: Path) -> tuple[list[str], str]:
    """(command, text to wait for) of a screen, of the minimal Textual app ("minimal"),
    or of the board with its change watcher polling ("board-polling")."""
    if name == "minimal":
        return [sys.executable, "-c", MINIMAL_APP], "Wachtrij"
    if name == "board-polling":
        args, needle = SCREENS["board"]
        return [*polling_balie_command(), "--db", str(db), *args], needle
    args, needle = SCREENS[name]
    return [*balie_command(), "--db", str(db), *args], needle
