"""What every fault trial shares: running balie as a person would, and the verdicts.

Used by ``scripts/faults.py`` (which runs all of them and writes
docs/reliability.md) and ``scripts/faults_hostile.py``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BALIE = [sys.executable, "-m", "balie"]
NOW = "2026-11-20T10:00"
NOBODY = 65534
# (title, passed, what happened): one per fault, in the order they ran.
results: list[tuple[str, bool, list[str]]] = []

# Runs the balie command with the computer's own clock set to argv[1] (ISO, Amsterdam).
_ON_SYSTEM_CLOCK = (
    "import sys, balie.clock as c\n"
    "at = c.parse_local(sys.argv.pop(1)).in_timezone('UTC')\n"
    "c.SystemClock.now = lambda self: at\n"
    "from balie.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def balie(
    *args: str, now: str | None = NOW, nobody: bool = False, env: dict | None = None,
    system: str | None = None,
):
    """Run ``balie ARGS``: on a fixed clock (``now``), or on the system clock set to ``system``."""
    command = [*BALIE, *args] if system is None else [sys.executable, "-c", _ON_SYSTEM_CLOCK, system, *args]
    if nobody and os.geteuid() == 0:
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
        # nobody may not look into root's folders: its own (empty) config and data.
        env = {"XDG_CONFIG_HOME": "/nonexistent", "XDG_DATA_HOME": "/nonexistent", **(env or {})}
    environ = {k: v for k, v in os.environ.items() if k != "BALIE_NOW"}
    if now is not None and system is None:
        environ["BALIE_NOW"] = now
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, env={**environ, **(env or {})}, timeout=120,
    )
    return done.returncode, done.stdout.strip(), done.stderr.strip()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"


def raw_bytes(db: Path) -> bytes:
    """Every byte kept on disk for a database: the file, its -wal and -shm."""
    return b"".join(p.read_bytes() for p in db.parent.glob(f"{db.name}*") if p.is_file())


def dump(db: Path) -> list[str]:
    """The whole content of a database as SQL: equal dumps, nothing written."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def report(title: str, ok: bool, *lines: str) -> None:
    results.append((title, ok, list(lines)))
    print(f"\n== {title}: {'OK' if ok else 'FAILED'}")
    for line in lines:
        print(f"   {line}")


def give_to_nobody(*paths: Path) -> None:
    if os.geteuid() == 0:
        for path in paths:
            os.chown(path, NOBODY, NOBODY)


def damage_a_visits_page(db: Path) -> None:
    """Overwrite a leaf page of the visits table in the middle of the file, wherever
    the schema put it, as a failing disk would (the database checkpointed and closed)."""
    with sqlite3.connect(db) as conn:
        pages = [row[0] for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'visits' AND pagetype = 'leaf' ORDER BY pageno"
        )]
    conn.close()
    page = pages[len(pages) // 2] - 1  # dbstat counts pages from 1
    raw = bytearray(db.read_bytes())
    raw[page * 4096:(page + 1) * 4096] = b"\x13" * 4096
    db.write_bytes(bytes(raw))
