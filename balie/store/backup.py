"""A consistent copy of the database, made while every screen keeps working."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from balie.errors import BalieError
from balie.store.files import is_own_file
from balie.store.database import Database


class Backup:
    """``balie backup``: SQLite's backup API, checked before the copy gets its name."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def copy_to(self, target: str | os.PathLike[str], force: bool = False) -> int:
        """A consistent copy of the whole database, made while screens keep working.

        SQLite's backup API copies every page within one read transaction, so
        writers go on and the copy is one moment of the database. It is written
        next to the target and renamed into place only after an integrity
        check, so a failed backup never leaves a half file. Returns the number
        of visits in the copy.
        """
        target = Path(target).expanduser()
        if is_own_file(self.database.path, target):
            raise BalieError(
                f"{str(target)!r} is een van de eigen bestanden van de database; een backup kan "
                "niet over de database zelf heen. Kies een ander pad."
            )
        if target.is_dir():
            raise BalieError(f"{str(target)!r} is een map; geef een bestandsnaam op.")
        if target.exists() and not force:
            raise BalieError(f"{str(target)!r} bestaat al; kies een andere naam of gebruik --force.")
        if not target.parent.is_dir():
            raise BalieError(f"De map {str(target.parent)!r} bestaat niet.")
        partial = target.with_name(f".{target.name}.{os.getpid()}.deel")
        try:
            fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except OSError as error:
            raise BalieError(
                f"Kan in {str(target.parent)!r} niet schrijven: {error.strerror or error}."
            ) from error
        try:
            copy = sqlite3.connect(partial, isolation_level=None)
            try:
                with self.database.errors():
                    self.database.conn.backup(copy)
                    # One self-contained file, no -wal beside it.
                    copy.execute("PRAGMA journal_mode = DELETE")
                    check = copy.execute("PRAGMA integrity_check").fetchone()[0]
                    visits = copy.execute("SELECT count(*) FROM visits").fetchone()[0]
                if check != "ok":
                    raise BalieError(f"De backup is niet in orde ({check}); niets bewaard.")
            finally:
                copy.close()
            with open(partial, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return visits
