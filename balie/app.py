"""The balie app: one process shows one screen (a mode) on the shared database.

Other processes write to the same SQLite file; a cheap ``PRAGMA data_version``
poll notices their commits and tells the active screen to reload.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from balie.clock import Clock
from balie.commands import ScreensProvider
from balie.config import Config
from balie.core.periods import Period
from balie.messages import DataChanged
from balie.errors import BalieError
from balie.screens.board import BoardScreen
from balie.screens.counter import CounterScreen
from balie.screens.dagstart import DagstartScreen
from balie.screens.desk import DeskScreen
from balie.screens.report import ReportScreen
from balie.screens.start import StartScreen
from balie.store import Store

POLL_SECONDS = 0.2


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
    ) -> None:
        super().__init__()
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

    MODES = {
        "start": StartScreen,
        "desk": DeskScreen,
        "counter": CounterScreen,
        "board": BoardScreen,
        "dagstart": DagstartScreen,
        "report": ReportScreen,
    }

    def on_mount(self) -> None:
        if self.poll:
            # The baseline before the first screen loads: a commit that lands in
            # between must still count as a change.
            self.check_for_changes()
        self.switch_mode(self.first_mode)
        if self.poll:
            self.set_interval(POLL_SECONDS, self.check_for_changes, name="data-version")

    def check_for_changes(self) -> None:
        """Tell the screen to reload when any connection has committed since last time."""
        try:
            version = self.store.data_version()
        except BalieError as error:
            self.notify(str(error), severity="error", timeout=5, markup=False)
            return
        if self._data_version is not None and version != self._data_version:
            self.screen.post_message(DataChanged())
        self._data_version = version

    def show_error(self, error: Exception) -> None:
        """A worker's failure, said in Dutch, never as a traceback."""
        message = str(error) if isinstance(error, BalieError) else f"Er ging iets mis: {error}"
        self.notify(message, title="Niet gelukt", severity="error", timeout=8, markup=False)
