"""Who is host (gastvrouw) and who is floor lead (eerste medewerker) today."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from balie.core.standup import MAX_PERSON
from balie.widgets.footer import BalieFooter


class RolesDialog(ModalScreen[tuple[str, str] | None]):
    """Returns (host, lead) as typed; empty means nobody named yet."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren"),
        Binding("ctrl+s", "save", "Opslaan"),
    ]

    def __init__(self, host: str | None, lead: str | None, names: list[str]) -> None:
        super().__init__()
        self.host = host or ""
        self.lead = lead or ""
        self.names = names

    def compose(self) -> ComposeResult:
        suggester = SuggestFromList(self.names, case_sensitive=False) if self.names else None
        with Vertical(classes="dialog", id="roles-dialog"):
            yield Label("Bezetting van vandaag", classes="dialog-title")
            yield Label("Gastvrouw / gastheer")
            yield Input(self.host, max_length=MAX_PERSON, suggester=suggester, id="host")
            yield Label("Eerste medewerker")
            yield Input(self.lead, max_length=MAX_PERSON, suggester=suggester, id="lead")
            yield Static("Tab: volgende · Enter in het laatste veld of Ctrl+S: opslaan", classes="hint")
        yield BalieFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "host":
            self.query_one("#lead", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        self.dismiss((self.query_one("#host", Input).value, self.query_one("#lead", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
