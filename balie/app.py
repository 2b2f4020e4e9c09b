"""The balie app: one process shows one screen (a mode) on the shared database.

Other processes write to the same SQLite file; one change watcher per process
(``balie.change_watch``, on a thread of its own) notices their commits and the
app tells the active screen to reload. Start-up imports and styles only the
screen asked for; another screen is loaded when a person first switches to it.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from balie.change_watch import ChangeWatch
from balie.clock import CLOCK_TOLERANCE_MS, Clock, WallWatch, clock_behind_line, to_ms
from balie.commands import DutchPalette, ScreensProvider
from balie.config import Config
from balie.core.wording import unclosed_days_line, unclosed_days_names
from balie.errors import BalieError
from balie.messages import DatabaseChanged, DatabaseUnusable, DatabaseUsable, DataChanged
from balie.screens.live import LiveScreen
from balie.store import Store
from balie.widgets.day_status import DayStatusBanner
from balie.widgets.trouble import TroubleBanner

if TYPE_CHECKING:
    from balie.core.periods import Period

UPKEEP_SECONDS = 60  # how often a running screen does its upkeep (a new day, a purge)
# While the database cannot be read, a reload is retried this often.
RETRY_SECONDS = 2.0
KIOSK_BLOCKED = frozenset({"switch_mode", "close_day", "command_palette"})
# What every screen and dialog shares; each screen brings its own stylesheet (CSS_PATH).
SHARED_CSS = Path(__file__).with_name("balie.tcss")


def said(error: Exception) -> str:
    """What a user reads about a failure: our Dutch message, never a traceback."""
    return str(error) if isinstance(error, BalieError) else f"Er ging iets mis: {error}"


class LazyScreen:
    """A mode's screen class, imported when the mode is first shown."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def screen_class(self) -> type[Screen]:
        return getattr(importlib.import_module(self.module), self.name)

    def __call__(self) -> Screen:
        return self.screen_class()()


def stylesheets(screen: type[Screen]) -> list[Path]:
    """A screen's own stylesheets (its CSS_PATH), resolved as Textual does: relative
    to the screen's module, so the app can read them first and Textual then finds
    them read already."""
    paths = screen.CSS_PATH if isinstance(screen.CSS_PATH, list) else [screen.CSS_PATH]
    folder = Path(inspect.getfile(screen)).parent
    return [
        Path(path) if Path(path).is_absolute() else (folder / path).resolve()
        for path in paths
        if path is not None
    ]


class BalieApp(App[int]):
    TITLE = "balie"
    COMMANDS = App.COMMANDS | {ScreensProvider}

    BINDINGS = [
        # Priority: F1 works in dialogs too (they see no other app keys).
        Binding("f1", "help", "Help", key_display="F1", priority=True),
        Binding("ctrl+q", "quit", "Afsluiten", show=False, priority=True),
        Binding("f2", "switch_mode('start')", "Schermen", show=False),
        Binding("ctrl+p", "command_palette", "Opdrachten zoeken", show=False, priority=True),
    ]

    def __init__(
        self,
        store: Store,
        config: Config,
        clock: Clock,
        mode: str = "start",
        poll: bool = True,
        counter_name: str | None = None,
        counter_domains: list[str] | None = None,
        standup_actor: str | None = None,
        report_period: Period | None = None,
        kiosk: bool = False,
    ) -> None:
        # Start in the asked mode itself (Textual's default screen would be built,
        # styled and drawn first), styled by the shared sheet and that screen's own.
        self.DEFAULT_MODE = mode
        first = stylesheets(self.screen_class(mode)) if mode in self.MODES else []
        super().__init__(css_path=[SHARED_CSS, *first])
        # A kiosk shows one screen only: no other screens, no palette, no day end.
        self.kiosk = kiosk
        if kiosk:
            self.ENABLE_COMMAND_PALETTE = False
        self.store = store
        self.config = config
        self.clock = clock
        self.first_mode = mode
        self.poll = poll
        # The counter screen asks for whatever of these is None.
        self.counter_name = counter_name
        self.counter_domains = counter_domains
        # Who ticks and edits at the stand-up; asked once per session when None.
        self.standup_actor = standup_actor
        self.report_period = report_period  # None: the report screen picks its default
        self.export_dir: Path | None = None  # None: the report screen's default folder
        # One per process; it runs (on its own thread) only with ``poll``.
        self.watch = ChangeWatch(
            store,
            changed=lambda: self.post_message(DatabaseChanged()),
            failed=lambda error: self.post_message(DatabaseUnusable(error)),
            recovered=lambda: self.post_message(DatabaseUsable()),
        )
        # What keeps the database from being used (a Dutch message), or None.
        self.trouble: str | None = None
        self._trouble_from_poll = False  # said by the change watcher, not by a failed load
        self._retried_at = 0.0
        self._retry_timer: Timer | None = None
        # Whether this process saw midnight pass on a steady clock (core.dayend).
        self.wall_watch = WallWatch(clock)
        # Earlier days not ended, (day, visitors open), as the last upkeep found them.
        self.unclosed: list[tuple[str, int]] = []
        self._clock_line: str | None = None  # what to say while this clock is behind
        self._starting = True  # until the first frame with data (see on_load, _started)
        self._collecting = True  # whether the garbage collector was on at start-up

    MODES = {
        "start": LazyScreen("balie.screens.start", "StartScreen"),
        "desk": LazyScreen("balie.screens.desk", "DeskScreen"),
        "counter": LazyScreen("balie.screens.counter", "CounterScreen"),
        "board": LazyScreen("balie.screens.board", "BoardScreen"),
        "dagstart": LazyScreen("balie.screens.dagstart", "DagstartScreen"),
        "report": LazyScreen("balie.screens.report", "ReportScreen"),
        "kennis": LazyScreen("balie.screens.kennis", "KennisScreen"),
    }

    def screen_class(self, mode: str) -> type[Screen]:
        entry = self.MODES[mode]
        return entry.screen_class() if isinstance(entry, LazyScreen) else entry  # type: ignore[return-value]

    def on_load(self) -> None:
        # What was imported and built so far lives as long as the process: out of
        # every later collection (once: a second app in one process, as in tests,
        # would freeze the first one's garbage). Until the first frame with data the
        # collector is off: building the screen made it walk all that again (~30 ms).
        if not gc.get_freeze_count():
            gc.freeze()
        self._collecting = gc.isenabled()
        gc.disable()
        if self.poll:
            # Before the first screen loads: a commit that lands in between must
            # still count as a change.
            self.watch.start()

    def on_mount(self) -> None:
        for notice in self.store.notices:  # e.g. a database that was readable by others
            self.notify(notice, title="Let op", severity="warning", timeout=10, markup=False)
        if self.poll:
            self.set_interval(UPKEEP_SECONDS, self.upkeep_tick, name="upkeep")
        if not isinstance(self.screen, LiveScreen):
            self.call_after_refresh(self._started)
        # else: once the screen drew its data (store_loaded)

    def _started(self) -> None:
        """After the first frame with data: what start-up put off, so as not to slow it."""
        if not self._starting:
            return
        self._starting = False
        if self._collecting:
            gc.enable()
        if self.poll:
            self.call_after_refresh(self._upkeep, False)

    def on_unmount(self) -> None:
        self.watch.stop()
        if self._starting and self._collecting:
            gc.enable()

    def switch_mode(self, mode: str):  # type: ignore[override]
        """Another screen: it shows the day status the last upkeep found, at once."""
        mounted = super().switch_mode(mode)
        self.call_after_refresh(lambda: self.show_day_status(self._clock_line, self.unclosed))
        return mounted

    def action_help(self) -> None:
        """F1 everywhere: the keys of what is on screen (a dialog's own, over a screen)."""
        from balie.dialogs.help import HelpDialog

        if not isinstance(self.screen, HelpDialog):
            self.push_screen(HelpDialog(self.screen))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not DutchPalette.is_open(self):
            self.push_screen(DutchPalette())

    def get_system_commands(self, screen: Screen):
        """The palette's own commands, in Dutch; no screenshot (names on disk), no theme."""
        yield SystemCommand("Toetsen", "alle toetsen van dit scherm (F1)", self.action_help)
        yield SystemCommand("Afsluiten", "dit scherm sluiten (Ctrl+Q)", self.action_quit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.kiosk and action in KIOSK_BLOCKED:
            return False
        return super().check_action(action, parameters)

    def upkeep_tick(self) -> None:
        """Every minute: a screen left running overnight ends yesterday once it saw
        midnight pass on a steady clock; expired personal data goes; a purge whose
        log could not be emptied is finished; the day status is said."""
        self._upkeep(self.wall_watch.saw_midnight())

    @work(thread=True, exclusive=True, group="upkeep", exit_on_error=False)
    def _upkeep(self, saw_midnight: bool) -> None:
        try:
            self.store.upkeep.run(self.config, saw_midnight)
            status = self._day_status()
        except Exception as error:
            self.call_from_thread(self.show_error, error)
            return
        self.call_from_thread(self.show_day_status, *status)

    def _day_status(self) -> tuple[str | None, list[tuple[str, int]]]:
        """(what to say about the clock, earlier days not ended); in a worker."""
        newest, now_ms = self.store.newest_known_ms(), to_ms(self.clock.now())
        behind = newest is not None and newest - now_ms > CLOCK_TOLERANCE_MS
        return (clock_behind_line(now_ms, newest) if behind else None), self.store.day_end.unclosed()

    def show_day_status(self, clock_line: str | None, unclosed: list[tuple[str, int]]) -> None:
        """A banner while a person must act; the hall's board never shows it."""
        self._clock_line, self.unclosed = clock_line, unclosed
        if self.screen.is_modal:  # a dialog: the screen below gets it when it is back
            return
        lines = [line for line in (clock_line, unclosed_days_line(unclosed)) if line]
        shown = [] if self.kiosk or self.current_mode == "board" else lines
        banners = self.screen.query(DayStatusBanner)
        if not shown:
            banners.remove()
        elif banners:
            banners.first().show_lines(shown)
        else:
            banner = DayStatusBanner(id="day-status")
            banner.show_lines(shown)
            self.screen.mount(banner)

    def check_for_changes(self) -> None:
        """One look as the change watcher takes them (tests call this directly), and
        a retry of a failed load when one is due."""
        self.watch.check()
        self._retry_load(due_only=True)

    def on_database_changed(self, _: DatabaseChanged) -> None:
        self.screen.post_message(DataChanged())

    def on_database_unusable(self, message: DatabaseUnusable) -> None:
        self.store_failed(message.error, from_poll=True)

    def on_database_usable(self, _: DatabaseUsable) -> None:
        if self.trouble is not None and self._trouble_from_poll:
            self.store_recovered()  # the file is back: reload at once

    def _retry_load(self, due_only: bool = False) -> None:
        """A load failed while the watcher can read the file (e.g. busy): try it again."""
        if self.trouble is None or self._trouble_from_poll:
            return
        if due_only and time.monotonic() - self._retried_at <= RETRY_SECONDS:
            return
        self._retried_at = time.monotonic()
        self.screen.post_message(DataChanged())

    def store_failed(self, error: Exception, from_poll: bool = False) -> None:
        """The database cannot be used now: say why on the screen until it can."""
        message = said(error)
        self._trouble_from_poll = from_poll or self._trouble_from_poll
        if self.trouble is None:
            self._retried_at = time.monotonic()
        self.trouble = message
        banners = self.screen.query(TroubleBanner)
        banner = banners.first() if banners else TroubleBanner(id="trouble")
        banner.show_message(message)
        if not banners:
            self.screen.mount(banner)
        if self.poll and self._retry_timer is None:
            self._retry_timer = self.set_interval(RETRY_SECONDS, self._retry_load, name="retry")

    def store_loaded(self) -> None:
        """A screen loaded fine; that ends trouble the poll did not see."""
        if self._starting:
            self.call_after_refresh(self._started)
        if self.trouble is not None and not self._trouble_from_poll:
            self.store_recovered()

    def store_recovered(self) -> None:
        self.trouble = None
        self._trouble_from_poll = False
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        for screen in self.screen_stack:
            screen.query(TroubleBanner).remove()
        self.notify("De database is weer bereikbaar.", timeout=3)
        self.screen.post_message(DataChanged())

    def action_close_day(self) -> None:
        """Closing time: after a yes, whoever still waits today counts as not served."""

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._close_day()

        from balie.dialogs.confirm import ConfirmDialog

        question = "Wie nu nog wacht of aan een balie staat, telt als niet geholpen. Dag afsluiten?"
        if self.unclosed:  # a person closing today closes those as well
            question += f"\n\nOok nog niet afgesloten: {unclosed_days_names(self.unclosed)}."
        self.push_screen(ConfirmDialog("Dag afsluiten", question), confirmed)

    @work(thread=True, group="write", exit_on_error=False)
    def _close_day(self) -> None:
        try:
            closed = self.store.day_end.close(actor="scherm")
            status = self._day_status()
        except Exception as error:
            self.call_from_thread(self.show_error, error)
            return
        self.call_from_thread(
            self.notify, f"Dag afgesloten: {closed} niet geholpen.", timeout=5, markup=False
        )
        self.call_from_thread(self.show_day_status, *status)
        self.call_from_thread(self.screen.post_message, DataChanged())

    def show_error(self, error: Exception) -> None:
        """A worker's failure, said in Dutch, never as a traceback."""
        message = said(error)
        self.notify(message, title="Niet gelukt", severity="error", timeout=8, markup=False)
