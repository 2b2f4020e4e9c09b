"""Linux inotify on the database's folder, through ctypes: no dependency, no timer.

SQLite writes every commit to the ``-wal`` file (or, without WAL, to the
database itself), so a thread that sleeps until one of those files is written,
created, removed or renamed wakes for exactly the moments something may have
changed. Elsewhere (macOS, Windows) or when the kernel refuses another inotify
instance, ``FileEvents.open`` answers None and the caller polls instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
import sys
from pathlib import Path

IN_MODIFY = 0x002
IN_ATTRIB = 0x004
IN_MOVED_FROM = 0x040
IN_MOVED_TO = 0x080
IN_CREATE = 0x100
IN_DELETE = 0x200
IN_DELETE_SELF = 0x400
IN_MOVE_SELF = 0x800
IN_Q_OVERFLOW = 0x4000
IN_IGNORED = 0x8000
IN_ONLYDIR = 0x01000000
# A file in the folder written, chmod-ed, created, removed or renamed; the folder itself gone.
WATCHED = (
    IN_MODIFY | IN_ATTRIB | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
    | IN_DELETE_SELF | IN_MOVE_SELF
)
# After these the watch is no longer what it was: look at everything.
LOST = IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF
_HEADER = struct.Struct("iIII")  # wd, mask, cookie, length of the name that follows


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.inotify_init1, libc.inotify_add_watch  # noqa: B018  present on this libc?
    except (OSError, AttributeError):
        return None
    return libc


class FileEvents:
    """Changes to some files of one folder, readable from a file descriptor."""

    def __init__(self, fd: int, names: frozenset[str]) -> None:
        self._fd = fd
        self.names = names
        # The folder was removed or renamed, or events were lost: open a new watch.
        self.lost = False

    @classmethod
    def open(cls, folder: Path, names: frozenset[str]) -> FileEvents | None:
        """Watch ``names`` in ``folder``; None where inotify cannot be used."""
        libc = _libc()
        if libc is None:
            return None
        fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:  # e.g. fs.inotify.max_user_instances reached
            return None
        if libc.inotify_add_watch(fd, os.fsencode(folder), WATCHED | IN_ONLYDIR) < 0:
            os.close(fd)
            return None
        return cls(fd, names)

    def fileno(self) -> int:
        return self._fd

    def read(self) -> bool:
        """Take every waiting event; True when one concerns a watched file (or all may)."""
        relevant = False
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                return relevant
            except OSError:
                self.lost = True
                return True
            offset = 0
            while offset + _HEADER.size <= len(data):
                _, mask, _, length = _HEADER.unpack_from(data, offset)
                offset += _HEADER.size
                name = data[offset:offset + length].rstrip(b"\0")
                offset += length
                if mask & LOST:
                    self.lost = relevant = True
                elif os.fsdecode(name) in self.names:
                    relevant = True

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
