"""The balie app: one process shows one screen (a mode) on the shared database.

Other processes write to the same SQLite file; a cheap ``PRAGMA data_version``
poll notices their commits and tells the active screen to reload.
"""

from __future__ import annotations

import time
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding

from balie.clock import CLOCK_TOLERANCE_MS, Clock, WallWatch, clock_behind_line, to_ms
from balie.commands import ScreensProvider
from balie.config import Config
from balie.core.periods import Period
from balie.core.wording import unclosed_days_line, unclosed_days_names
from balie.dialogs.confirm import ConfirmDialog
from balie.messages import DataChanged
from balie.errors import BalieError
from balie.screens.board import BoardScreen
from balie.screens.counter import CounterScreen
from balie.screens.dagstart import DagstartScreen
from balie.screens.desk import DeskScreen
from balie.screens.kennis import KennisScreen
from balie.screens.report import ReportScreen
from balie.screens.start import StartScreen
from balie.store import Store
from balie.widgets.day_status import DayStatusBanner
from balie.widgets.trouble import TroubleBanner

POLL_SECONDS = 0.2
UPKEEP_SECONDS = 60  # how often a running screen does its upkeep (a new day, a purge)
# While the database cannot be read, a reload is retried this often.
RETRY_SECONDS = 2.0
KIOSK_BLOCKED = frozenset({"switch_mode", "close_day", "command_palette"})


def said(error: Exception) -> str:
    """What a user reads about a failure: our Dutch message, never a traceback."""
    return str(error) if isinstance(error, BalieError) else f"Er ging iets mis: {error}"


class BalieApp(App[int]):
    CSS_PATH = "balie.tcss"
    TITLE = "balie"
    COMMANDS = App.COMMANDS | {ScreensProvider}

    BINDINGS = [
        Binding("ctrl+q", "quit", "Afsluiten", priority=True),
        Binding("f2", "switch_mode('start')", "Schermen", show=False),
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
        super().__init__()
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
        self._data_version: int | None = None
        # What keeps the database from being used (a Dutch message), or None.
        self.trouble: str | None = None
        self._trouble_from_poll = False
        self._retried_at = 0.0
        # Whether this process saw midnight pass on a steady clock (core.dayend).
        self.wall_watch = WallWatch(clock)
        # Earlier days not ended, (day, visitors open), as the last upkeep found them.
        self.unclosed: list[tuple[str, int]] = []
        self._clock_line: str | None = None  # what to say while this clock is behind

    MODES = {
        "start": StartScreen,
        "desk": DeskScreen,
        "counter": CounterScreen,
        "board": BoardScreen,
        "dagstart": DagstartScreen,
        "report": ReportScreen,
        "kennis": KennisScreen,
    }

    def on_mount(self) -> None:
        if self.poll:
            # The baseline before the first screen loads: a commit that lands in
            # between must still count as a change.
            self.check_for_changes()
        self.switch_mode(self.first_mode)
        for notice in self.store.notices:  # e.g. a database that was readable by others
            self.notify(notice, title="Let op", severity="warning", timeout=10, markup=False)
        if self.poll:
            self.set_interval(POLL_SECONDS, self.check_for_changes, name="data-version")
            self.set_interval(UPKEEP_SECONDS, self.upkeep_tick, name="upkeep")
            self._upkeep(False)

    def switch_mode(self, mode: str):  # type: ignore[override]
        """Another screen: it shows the day status the last upkeep found, at once."""
        mounted = super().switch_mode(mode)
        self.call_after_refresh(lambda: self.show_day_status(self._clock_line, self.unclosed))
        return mounted

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
        """Tell the screen to reload when any connection has committed since last time."""
        try:
            version = self.store.data_version()
        except BalieError as error:
            self.store_failed(error, from_poll=True)
            return
        if self.trouble is not None:
            if self._trouble_from_poll:
                self.store_recovered()  # the file is back: reload at once
            elif time.monotonic() - self._retried_at > RETRY_SECONDS:
                self._retried_at = time.monotonic()
                self.screen.post_message(DataChanged())  # try the load again
        if self._data_version is not None and version != self._data_version:
            self.screen.post_message(DataChanged())
        self._data_version = version

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

    def store_loaded(self) -> None:
        """A screen loaded fine; that ends trouble the poll did not see."""
        if self.trouble is not None and not self._trouble_from_poll:
            self.store_recovered()

    def store_recovered(self) -> None:
        self.trouble = None
        self._trouble_from_poll = False
        for screen in self.screen_stack:
            screen.query(TroubleBanner).remove()
        self.notify("De database is weer bereikbaar.", timeout=3)
        self.screen.post_message(DataChanged())

    def action_close_day(self) -> None:
        """Closing time: after a yes, whoever still waits today counts as not served."""

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._close_day()

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
