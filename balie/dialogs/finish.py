"""Finish a visit: the outcome with its key (or arrows and Enter), then its subject,
Enter. Nothing is chosen beforehand: Enter alone, or a typed sentence
(dialogs.typing_guard), never finishes a visit.

The subject comes from the kennisbank so topics stay the same words: the visit's
own subject is offered first, taken as it is; typing searches the kennisbank
(↓ and a digit take another). Without a subject taken, the words typed are
stored as the topic in the colleague's own words, completing like any
completion field (Tab, → or Enter take the suggestion; core.topics).
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

from balie.config import Config
from balie.core.knowledge import Subject
from balie.core.topics import chosen_topic, completion
from balie.core.visits import MAX_TOPIC, Outcome
from balie.dialogs.typing_guard import TypingGuard
from balie.widgets.footer import BalieFooter
from balie.widgets.subject_suggestions import SubjectSuggestions

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
    subject_id: int | None = None  # the kennisbank's subject taken; None: own words


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
        Binding("down", "to_subjects", "Onderwerpen", show=False),
        *(Binding(key, f"choose('{outcome.value}')", label, show=False) for key, outcome, label in CHOICES),
    ]

    def __init__(self, ticket: str, topics: list[str], config: Config, subject: Subject | None = None) -> None:
        super().__init__()
        self.ticket = ticket
        self.topics = topics
        self.config = config
        self.subject = subject  # the visit's own: offered first
        self.outcome: Outcome | None = None

    def compose(self) -> ComposeResult:
        suggester = KnownTopics(self.topics) if self.topics else None
        with Vertical(classes="dialog", id="finish-dialog"):
            yield Label(Text(f"{self.ticket} afronden"), classes="dialog-title")
            yield OptionList(
                *(Option(f"{key}  {label}", id=outcome.value) for key, outcome, label in CHOICES),
                id="outcomes",
            )
            yield Label("Onderwerp (uit de kennisbank, of in eigen woorden; optioneel)")
            yield TopicInput(
                placeholder="zoek, bijv. paspoort, parkeervergunning, WMO",
                max_length=MAX_TOPIC, suggester=suggester, id="topic",
            )
            yield SubjectSuggestions(self.config, "topic", id="subjects")
            yield Static("", id="taken")
            yield Static("", id="typed", classes="error")
            yield Static(
                "1, 2 of 3: uitkomst · dan het onderwerp (↓ en een cijfer kiest uit de kennisbank) · "
                "Enter: afronden",
                classes="hint",
            )
        yield BalieFooter()

    def on_mount(self) -> None:
        self.query_one("#outcomes", OptionList).highlighted = None
        self._offer_own()
        self._show_taken()

    def _offer_own(self) -> None:
        """The visit's own subject, taken unless the colleague chooses otherwise."""
        subjects = self.query_one(SubjectSuggestions)
        subjects.show_subjects([self.subject] if self.subject else [])
        if self.subject:
            subjects.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.query_one(SubjectSuggestions).search(event.value)
        else:
            self._offer_own()
        self._show_taken()

    def on_option_list_option_highlighted(self) -> None:
        self._show_taken()

    def on_subject_suggestions_shown(self) -> None:
        self._show_taken()

    def _show_taken(self) -> None:
        """What Enter stores: the subject marked, or the words typed."""
        subject = self.query_one(SubjectSuggestions).taken
        if subject is not None:
            taken = Text.assemble("Onderwerp: ", (subject.name, "bold"))
        elif self.query_one("#topic", Input).value.strip():
            taken = Text("Eigen woorden (↓ kiest uit de kennisbank)", style="dim")
        else:
            taken = Text("Geen onderwerp", style="dim")
        self.query_one("#taken", Static).update(taken)

    def action_to_subjects(self) -> None:
        self.query_one(SubjectSuggestions).enter()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, SubjectSuggestions):
            self._finish()
        elif event.option.id:
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

    def on_input_submitted(self) -> None:
        self._finish()

    def _finish(self) -> None:
        if self.outcome is None:
            self.query_one("#typed", Static).update("Kies eerst de uitkomst: 1, 2 of 3.")
            self.query_one("#typed", Static).display = True
            self.query_one("#outcomes", OptionList).focus()
            return
        subject = self.query_one(SubjectSuggestions).taken
        if subject is not None:
            self.dismiss(Finish(self.outcome, subject.name, subject.id))
        else:
            self.dismiss(Finish(self.outcome, chosen_topic(self.query_one("#topic", Input).value, self.topics)))

    def action_cancel(self) -> None:
        self.dismiss(None)
