"""A screen that keeps itself current with the shared database.

Loading runs in a thread worker (SQLite blocks); the screen reloads when the
app reports a change and, for waits that grow by themselves, every few seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual import work
from textual.screen import Screen

from balie.config import Config
from balie.messages import DataChanged
from balie.store import Store

T = TypeVar("T")
TICK_SECONDS = 15


class LiveScreen(Screen, Generic[T]):
    @property
    def store(self) -> Store:
        return self.app.store

    @property
    def config(self) -> Config:
        return self.app.config

    _binding_state: list[tuple] | None = None  # what the footer was last told
    _bindings_pending = False
    # Which reload is the latest: a slower, older load must not draw over a newer one.
    _generation = 0
    _mounted_once = False  # loading, and the tick running
    _resumed = False  # the screen was shown once (its mount loaded it then)
    _shown: tuple[Any, ...] = ()  # (what show() last put on the screen,)

    def on_mount(self) -> None:
        # Textual calls the on_mount of every class in the MRO, and the screens
        # call this one too: without the guard every screen loaded twice at start
        # and kept two ticks.
        if self._mounted_once:
            return
        self._mounted_once = True
        self.reload()
        self.set_interval(TICK_SECONDS, self.reload, name="tick")

    def on_data_changed(self, _: DataChanged) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        """Back from a dialog or another screen: what changed meanwhile. Not on the
        first showing, which follows the mount's own load: one read at start."""
        if self._resumed:
            self.reload()
        self._resumed = True

    def load(self) -> T:
        """Read what the screen shows; runs in a worker thread."""
        raise NotImplementedError

    def show(self, data: T) -> None:
        """Put loaded data on the screen; runs on the event loop."""
        raise NotImplementedError

    def reload(self) -> None:
        self._generation += 1
        self._load_worker(self._generation)

    def refresh_bindings(self) -> None:
        """Tell the footer once a frame, and only when what it shows changed.

        Textual asks for this on every focus change and cursor move, and the
        screens after every reload; each time the footer rebuilt all its keys
        (four times before a screen's first frame with data)."""
        if not self._bindings_pending:
            self._bindings_pending = True
            self.call_after_refresh(self._bindings_refreshed)

    def _bindings_refreshed(self) -> None:
        self._bindings_pending = False
        state = [
            (key, active.binding.action, active.binding.description, active.binding.show,
             active.enabled, active.tooltip)
            for key, active in self.active_bindings.items()
        ]
        if state != self._binding_state:
            self._binding_state = state
            super().refresh_bindings()


    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_worker(self, generation: int) -> None:
        try:
            # A file that is gone is said as such; a new connection would create an empty one.
            self.store.check_file()
            data = self.load()
        except Exception as error:  # shown until it works again, never raised at the user
            self.app.call_from_thread(self.app.store_failed, error)
            return
        self.app.call_from_thread(self._show_loaded, data, generation)

    def _show_loaded(self, data: T, generation: int) -> None:
        # A cancelled thread worker still runs to its end: a load that started
        # before the user's own change may finish after the load that follows it.
        if generation != self._generation:
            return
        try:
            # The same as on the screen (a tick on a quiet day): leave it be, an
            # idle screen redraws nothing.
            if not self._shown or data != self._shown[0]:
                self.show(data)
                self._shown = (data,)
        except Exception as error:  # a fault in drawing is said, not lost in the worker
            self.log.error("show failed", error)
            self.app.show_error(error)
            return
        self.app.store_loaded()

    @work(thread=True, group="write", exit_on_error=False)
    def write(self, action: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        """Run a database change off the event loop; report failure in Dutch."""
        try:
            result = action()
        except Exception as error:
            self.app.call_from_thread(self.app.show_error, error)
            return
        if done is not None:
            self.app.call_from_thread(done, result)

    def announce(self, message: str | Callable[[Any], str]) -> Callable[[Any], None]:
        """After a change: say what happened (as text, never markup) and reload.

        ``message`` is a template with ``{ticket}`` or a function of the visit.
        """

        def done(visit: Any) -> None:
            if visit is not None:
                text = message(visit) if callable(message) else message.format(ticket=visit.ticket)
                self.notify(text, timeout=3, markup=False)
            self.reload()

        return done
