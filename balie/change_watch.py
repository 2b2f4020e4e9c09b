"""One change watcher per process: notices every commit on the database, from any process.

It runs on a thread of its own, so the UI's event loop keeps no timer for it,
and looks with ``PRAGMA data_version`` on that thread's own connection (the
value is per connection and changes when any other connection commits, this
process's own workers included). Between looks it sleeps until SQLite writes
one of the database's files (inotify, ``file_events``): a commit is seen as it
lands and an idle screen costs nothing. Where inotify cannot be used it looks
every ``POLL_SECONDS``. Either way it also looks every ``QUIET_LOOK_SECONDS``,
which notices a file that vanished or came back even without an event.

Textual-free: it reports through three callables the app turns into messages.
"""

from __future__ import annotations

import os
import select
import threading
import time
from collections.abc import Callable
from pathlib import Path

from balie.file_events import FileEvents
from balie.store import Store

POLL_SECONDS = 0.1  # without inotify: how often to look
QUIET_LOOK_SECONDS = 5.0  # with inotify: a look however quiet the files are
# SQLite writes a commit to the -wal a moment before it publishes it, so a
# look on the write's event may come too early: look once more this much later.
FOLLOW_UP_SECONDS = 0.02
# Two reported changes at least this far apart: a burst of commits (a busy
# office, a simulation played fast) makes a screen reload at most 20 times a second.
MIN_GAP_SECONDS = 0.05
READY_SECONDS = 2.0  # how long start() waits for the first look


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None  # the store says in Dutch what is wrong
    return info.st_dev, info.st_ino


class ChangeWatch:
    """Looks for commits; says ``changed()``, ``failed(error)`` or ``recovered()``."""

    def __init__(
        self,
        store: Store,
        changed: Callable[[], None],
        failed: Callable[[Exception], None],
        recovered: Callable[[], None],
        file_events: bool = True,
    ) -> None:
        self.store = store
        self._changed, self._failed, self._recovered = changed, failed, recovered
        self.file_events = file_events  # False: poll, as where inotify is missing
        self._version: tuple[int, tuple[int, int] | None] | None = None
        self._trouble: str | None = None  # what the last failed look said
        self.looks = 0  # how many looks were taken (they cost microseconds each)
        self.thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._wake_r, self._wake_w = -1, -1
        self.events: FileEvents | None = None  # while running: the inotify watch, if any

    def check(self) -> bool:
        """Look once (on the thread that always looks); True when something was committed."""
        self.looks += 1
        try:
            # A file put in its place (a restored backup) is a change too, whatever
            # the new connection's data_version happens to be.
            identity = _identity(self.store.path)
            version = (self.store.data_version(), identity)  # says why a file cannot be used
        except Exception as error:  # a file gone, replaced by a stranger, unreadable
            self._version = None
            if str(error) != self._trouble:
                self._trouble = str(error)
                self._failed(error)
            return False
        if self._trouble is not None:
            self._trouble = None
            self._recovered()
        changed = self._version is not None and version != self._version
        self._version = version
        if changed:
            self._changed()
        return changed

    # -- the thread ------------------------------------------------------------

    def start(self) -> None:
        """Start looking; returns once the first look set the baseline, so a commit
        after this call is reported even when it lands before the screen's first load."""
        self._wake_r, self._wake_w = os.pipe()
        self.thread = threading.Thread(target=self._run, name="balie-change-watch", daemon=True)
        self.thread.start()
        self._ready.wait(READY_SECONDS)

    def stop(self) -> None:
        """Stop looking and wait for the thread to end (it closes its connection)."""
        if self.thread is None:
            return
        os.write(self._wake_w, b"x")
        self.thread.join(READY_SECONDS)
        if not self.thread.is_alive():
            os.close(self._wake_r)
            os.close(self._wake_w)
        self.thread = None

    def _open_events(self) -> FileEvents | None:
        if not self.file_events:
            return None
        path = self.store.path.resolve()  # SQLite puts the -wal beside the real file
        names = {p.name for p in self.store.own_files()} | {
            f"{path.name}{suffix}" for suffix in ("", "-wal", "-journal")
        }
        return FileEvents.open(path.parent, frozenset(names))

    def _wait(self, timeout: float) -> str:
        """'stop', 'event' (a watched file changed) or 'timeout'."""
        deadline = time.monotonic() + timeout
        while True:
            sources = [self._wake_r] if self.events is None else [self._wake_r, self.events.fileno()]
            ready, _, _ = select.select(sources, [], [], max(0.0, deadline - time.monotonic()))
            if self._wake_r in ready:
                return "stop"
            if not ready:
                return "timeout"
            events = self.events
            assert events is not None  # only its descriptor can be ready besides the pipe
            if events.read():
                if events.lost:
                    events.close()
                    self.events = self._open_events()
                return "event"

    def _run(self) -> None:
        try:
            self.events = self._open_events()
            self._look()
        finally:
            self._ready.set()
        due: float | None = None  # when an event asked for a look
        follow_up = False  # the look due is a second look after an event
        last_change = float("-inf")
        try:
            while True:
                idle = QUIET_LOOK_SECONDS if self.events is not None else POLL_SECONDS
                woke = self._wait(idle if due is None else max(0.0, due - time.monotonic()))
                if woke == "stop":
                    return
                now = time.monotonic()
                if woke == "event" and (due is None or follow_up):
                    due, follow_up = max(now, last_change + MIN_GAP_SECONDS), False
                if due is not None and due > now:
                    continue
                # A look: the quiet one, or the one an event asked for.
                after_event, second = due is not None, follow_up
                due, follow_up = None, False
                if self._look():
                    last_change = time.monotonic()
                elif after_event and not second:
                    due, follow_up = time.monotonic() + FOLLOW_UP_SECONDS, True
        finally:
            if self.events is not None:
                self.events.close()
                self.events = None
            self.store.close()  # this thread's connection

    def _look(self) -> bool:
        try:
            return self.check()
        except Exception:  # a fault in a callback must not end the watching
            return False
