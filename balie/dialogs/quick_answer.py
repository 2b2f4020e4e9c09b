"""Count a question answered at the desk (wegwijzen), with an optional topic."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from balie.core.visits import MAX_TOPIC
from balie.widgets.footer import BalieFooter


class QuickAnswerDialog(ModalScreen[str | None]):
    """Returns the topic ("" for none), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren"), Binding("ctrl+s", "submit", "Tellen")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Direct beantwoord (wegwijzen)", classes="dialog-title")
            yield Label("Onderwerp (optioneel)")
            yield Input(placeholder="bijv. openingstijden, parkeren", id="topic", max_length=MAX_TOPIC)
            yield Static("Enter of Ctrl+S: tellen · Esc: annuleren", classes="hint")
        yield BalieFooter()

    def on_input_submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        self.dismiss(self.query_one("#topic", Input).value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
