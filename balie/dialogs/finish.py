"""Finish a visit: the outcome with one key, then an optional topic, Enter."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from balie.core.visits import MAX_TOPIC, Outcome

# key, outcome, what the counter sees
CHOICES = [
    ("1", Outcome.HANDLED, "Afgehandeld aan de balie"),
    ("2", Outcome.REFERRED, "Doorverwezen naar de vakafdeling"),
    ("3", Outcome.CALLBACK, "Terugbelafspraak gemaakt"),
]


@dataclass(frozen=True)
class Finish:
    outcome: Outcome
    topic: str | None


class FinishDialog(ModalScreen[Finish | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Annuleren"),
        *(Binding(key, f"choose('{outcome.value}')", label, show=False) for key, outcome, label in CHOICES),
    ]

    def __init__(self, ticket: str, topics: list[str]) -> None:
        super().__init__()
        self.ticket = ticket
        self.topics = topics
        self.outcome = Outcome.HANDLED

    def compose(self) -> ComposeResult:
        suggester = SuggestFromList(self.topics, case_sensitive=False) if self.topics else None
        with Vertical(classes="dialog", id="finish-dialog"):
            yield Label(Text(f"{self.ticket} afronden"), classes="dialog-title")
            yield OptionList(
                *(Option(f"{key}  {label}", id=outcome.value) for key, outcome, label in CHOICES),
                id="outcomes",
            )
            yield Label("Onderwerp (optioneel)")
            yield Input(
                placeholder="bijv. paspoort, parkeervergunning, WMO",
                max_length=MAX_TOPIC, suggester=suggester, id="topic",
            )
            yield Static(
                "1/2/3 of Enter: uitkomst · dan onderwerp (→ neemt suggestie) · Enter: afronden",
                classes="hint",
            )
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_choose(event.option.id)

    def action_choose(self, outcome: str) -> None:
        """Take the outcome and go on to the topic."""
        self.outcome = Outcome(outcome)
        options = self.query_one("#outcomes", OptionList)
        options.highlighted = [o.value for _, o, _ in CHOICES].index(outcome)
        self.query_one("#topic", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(Finish(self.outcome, event.value.strip() or None))

    def action_cancel(self) -> None:
        self.dismiss(None)
