"""Finish a visit: the outcome with its key (or arrows and Enter), then an optional
topic, Enter. Nothing is chosen beforehand: Enter alone, or a typed sentence
(dialogs.typing_guard), never finishes a visit.

The topic field completes like any completion field: the suggestion on screen
is taken with Tab, → or Enter, and that is what is stored (core.topics).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from balie.core.topics import chosen_topic, completion
from balie.core.visits import MAX_TOPIC, Outcome
from balie.dialogs.typing_guard import TypingGuard
from balie.widgets.footer import BalieFooter

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


class KnownTopics(Suggester):
    """Suggests by the same rule that decides what is stored."""

    def __init__(self, topics: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.topics = topics

    async def get_suggestion(self, value: str) -> str | None:
        return completion(value, self.topics)


class TopicInput(Input):
    """Tab takes the suggestion, as → does; without one it moves on."""

    BINDINGS = [Binding("tab", "take_suggestion", "Suggestie", show=False)]

    def action_take_suggestion(self) -> None:
        if self.cursor_at_end and self._suggestion:
            self.action_cursor_right()
        else:
            self.screen.focus_next()


class FinishDialog(TypingGuard):
    BINDINGS = [
        Binding("escape", "cancel", "Annuleren"),
        *(Binding(key, f"choose('{outcome.value}')", label, show=False) for key, outcome, label in CHOICES),
    ]

    def __init__(self, ticket: str, topics: list[str]) -> None:
        super().__init__()
        self.ticket = ticket
        self.topics = topics
        self.outcome: Outcome | None = None

    def compose(self) -> ComposeResult:
        suggester = KnownTopics(self.topics) if self.topics else None
        with Vertical(classes="dialog", id="finish-dialog"):
            yield Label(Text(f"{self.ticket} afronden"), classes="dialog-title")
            yield OptionList(
                *(Option(f"{key}  {label}", id=outcome.value) for key, outcome, label in CHOICES),
                id="outcomes",
            )
            yield Label("Onderwerp (optioneel)")
            yield TopicInput(
                placeholder="bijv. paspoort, parkeervergunning, WMO",
                max_length=MAX_TOPIC, suggester=suggester, id="topic",
            )
            yield Static("", id="typed", classes="error")
            yield Static(
                "1, 2 of 3: uitkomst · dan het onderwerp (Tab of → neemt de suggestie) · "
                "Enter: afronden",
                classes="hint",
            )
        yield BalieFooter()

    def on_mount(self) -> None:
        self.query_one("#outcomes", OptionList).highlighted = None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._take(event.option.id)

    def action_choose(self, outcome: str) -> None:
        """Take the outcome and go on to the topic (by its key: not after stray typing)."""
        if self.typed:
            return
        self._take(outcome)

    def _take(self, outcome: str) -> None:
        self.outcome = Outcome(outcome)
        options = self.query_one("#outcomes", OptionList)
        options.highlighted = [o.value for _, o, _ in CHOICES].index(outcome)
        self.query_one("#topic", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.outcome is None:
            self.query_one("#typed", Static).update("Kies eerst de uitkomst: 1, 2 of 3.")
            self.query_one("#typed", Static).display = True
            self.query_one("#outcomes", OptionList).focus()
            return
        self.dismiss(Finish(self.outcome, chosen_topic(event.value, self.topics)))

    def action_cancel(self) -> None:
        self.dismiss(None)
