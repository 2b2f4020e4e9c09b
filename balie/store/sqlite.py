"""SQLite as a front-office user hears it: errors in Dutch, and waiting fairly for the lock."""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

from balie.errors import BalieError


def dutch(error: sqlite3.Error, path: Path, opened: bool = False) -> BalieError:
    """Turn an SQLite error into a message a front-office user can act on.

    ``opened``: the file was already known as a balie database, so a page that
    cannot be read means damage, not a foreign file.
    """
    text = str(error).lower()
    if opened and ("not a database" in text or "malformed" in text):
        return BalieError(
            f"De database {str(path)!r} is beschadigd: een deel van het bestand is onleesbaar. "
            "Sluit alle schermen en zet de laatste backup terug (gemaakt met balie backup; "
            "hoe dat gaat staat in de README onder 'Backup and restore')."
        )
    if "locked" in text or "busy" in text:
        return BalieError(
            "De database is bezet door een ander programma. Probeer het zo opnieuw."
        )
    if "readonly" in text or "read-only" in text:
        return BalieError(f"De database {str(path)!r} is alleen-lezen; wijzigen kan niet.")
    if "not a database" in text or "malformed" in text:
        return BalieError(f"{str(path)!r} is geen (leesbare) balie-database.")
    if "unable to open" in text or "disk i/o" in text:
        return BalieError(f"De database {str(path)!r} kan niet worden geopend of beschreven.")
    if "disk is full" in text or "full" in text:
        return BalieError("De schijf is vol; de wijziging is niet opgeslagen.")
    return BalieError(f"Databasefout: {error}")


def until_unlocked(conn: sqlite3.Connection, statement: str, patience_s: float, busy_timeout_ms: int) -> None:
    """Run a statement that needs a lock, waiting our turn fairly.

    SQLite's own busy handler backs off up to 100 ms a try, so under load a
    waiting process can lose to busier ones for longer than any timeout
    (measured: 8 processes calling at once on 2 loaded cores). Short, jittered
    waits here keep every process in the race. Some statements (switching to
    WAL) never call the busy handler at all. ``busy_timeout_ms``: the
    connection's usual busy timeout, back in force afterwards.
    """
    deadline = time.monotonic() + patience_s
    conn.execute("PRAGMA busy_timeout = 5")
    try:
        while True:
            try:
                conn.execute(statement)
                return
            except sqlite3.OperationalError as error:
                text = str(error).lower()
                if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.0005, 0.003))
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
