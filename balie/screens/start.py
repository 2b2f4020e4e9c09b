"""The start screen: which role does this terminal play today?"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from balie.screens import SCREENS
from balie.widgets.footer import BalieFooter


class StartScreen(Screen):
    CSS_PATH = "start.tcss"
    HELP_TITLE = "Start"
    BINDINGS = [Binding("escape", "app.quit", "Afsluiten", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical(id="start"):
            yield Label("balie", id="start-title")
            yield Static("Kies het scherm voor deze terminal:", classes="hint")
            yield OptionList(
                *(
                    Option(Text.assemble((label, "bold"), f"  {purpose}"), id=mode)
                    for mode, label, purpose in SCREENS
                ),
                id="screens",
            )
            yield Static(Text(f"Database: {self.app.store.path}"), id="start-db", classes="hint")
        yield BalieFooter()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.switch_mode(event.option.id)
