"""The database file itself: is it ours, may we write it, is it private, is it still there.

Checked before SQLite touches the file, because SQLite makes its ``-wal`` and
``-shm`` beside it with the file's own permissions and leaves them behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from balie.errors import BalieError

SQLITE_HEADER = b"SQLite format 3\x00"


def own_files(path: Path) -> list[Path]:
    """The database and the side files SQLite keeps beside it."""
    return [path, *(Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal"))]


def is_own_file(path: Path, target: Path) -> bool:
    """Whether ``target`` is the database, its -wal, -shm or journal, by any path or link."""
    real = os.path.realpath(target)
    try:
        info = os.stat(target)
        identity = (info.st_dev, info.st_ino)
    except OSError:
        identity = None
    for own in own_files(path):
        if os.path.realpath(own) == real:
            return True
        try:
            info = os.stat(own)
        except OSError:
            continue
        if identity == (info.st_dev, info.st_ino):
            return True
    return False


def make_private(path: Path) -> list[str]:
    """Files with personal data readable by others are made private, and that is said."""
    notices = []
    for own in own_files(path):
        try:
            info = own.stat()
        except OSError:
            continue
        if not info.st_mode & 0o077:
            continue
        if info.st_uid != os.geteuid():
            notices.append(
                f"{str(own)!r} is leesbaar voor anderen en niet van deze gebruiker; "
                f"maak het privé (chmod 600)."
            )
            continue
        try:
            own.chmod(0o600)
        except OSError:
            continue
        notices.append(
            f"{str(own)!r} was leesbaar voor anderen; nu alleen de eigenaar (het bevat persoonsgegevens)."
        )
    return notices


def check_writable(path: Path) -> None:
    """Refuse a read-only file before SQLite makes its -wal and -shm beside it.

    SQLite gives those the file's own permissions and a read-only
    connection leaves them behind, so the database would stay unusable
    after the file itself is made writable again. Side files left that way
    are repaired once the file is writable.
    """
    if not os.access(path, os.W_OK):
        raise BalieError(f"De database {str(path)!r} is alleen-lezen; wijzigen kan niet.")
    folder = path.parent
    if not Path(f"{path}-wal").exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise BalieError(
            f"In de map {str(folder)!r} mag balie niet schrijven "
            "(nodig voor de -wal en -shm naast de database)."
        )
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        try:
            if side.exists() and not os.access(side, os.W_OK) and side.stat().st_uid == os.geteuid():
                side.chmod(0o600)
        except OSError:
            pass  # SQLite will say what is wrong


def check_header(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BalieError(f"De database {str(path)!r} is niet te lezen.") from error
    if header != SQLITE_HEADER:
        raise BalieError(f"{str(path)!r} is geen balie-database.")


def prepare(path: Path) -> None:
    """Make the folder (private), check an existing file, create a new one private."""
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # personal data: owner only
    except OSError as error:
        raise BalieError(f"De map {str(folder)!r} kan niet worden aangemaakt.") from error
    is_new = not path.exists() or path.stat().st_size == 0
    if not is_new:
        check_header(path)
        check_writable(path)
    elif not os.access(folder, os.W_OK):
        raise BalieError(f"In de map {str(folder)!r} mag balie niet schrijven.")
    if is_new:
        # Personal data lives here: readable by its owner only.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def file_identity(path: Path) -> tuple[int, int]:
    """(device, inode): tells a replaced file (a restored backup) from the one opened."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise BalieError(
            f"De database {str(path)!r} is er niet meer (verplaatst of verwijderd?). "
            "Zet hem terug; balie gaat dan vanzelf verder."
        ) from None
    except OSError as error:
        raise BalieError(
            f"De database {str(path)!r} is niet bereikbaar ({error.strerror or error})."
        ) from error
    return stat.st_dev, stat.st_ino
