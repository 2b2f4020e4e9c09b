"""The start screen: which role does this terminal play today?"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

SCREENS = [
    ("desk", "Gastvrouw", "bezoekers aanmelden, afspraken inchecken, wegwijzen"),
    ("counter", "Balie", "bezoekers oproepen, helpen, doorsturen en afronden"),
    ("board", "Wachtbord", "het scherm in de hal: oproepen en wachttijden, zonder namen"),
    ("dagstart", "Dagstart", "de stand-up: checklist, bezetting, cijfers van gisteren"),
    ("report", "Rapport", "teamleider: wachttijden en servicelevel per periode"),
    ("kennis", "Kennisbank", "onderwerpen en antwoorden voor het wegwijzen"),
]


class StartScreen(Screen):
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
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.switch_mode(event.option.id)
