"""The wegwijzer: the visitor's question in their own words, the kennisbank's
subjects that fit it as the host types, and what to do with it.

↓ goes into the suggestions (a digit takes one at once), the subject's answer
is shown to read out; Ctrl+S counts it as answered at the desk, Ctrl+T gives a
ticket for its domain. Typing only ever types: letters pressed in the list go
back to the question, and Enter neither takes a subject nor acts, so a sentence
typed at the desk cannot count or register anybody.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static

from balie.config import Config
from balie.core.knowledge import Subject
from balie.core.visits import MAX_QUESTION
from balie.widgets.footer import BalieFooter
from balie.widgets.subject_suggestions import SubjectSuggestions, subject_card

NO_SUBJECT = "Geen onderwerp gekozen: de eigen woorden van de bezoeker worden bewaard."


@dataclass(frozen=True)
class Wegwijs:
    """What the host chose: answered at the desk, or a ticket; with the subject or the own words."""

    ticket: bool
    subject: Subject | None
    question: str | None


class WegwijzerDialog(ModalScreen[Wegwijs | None]):
    BINDINGS = [
        Binding("ctrl+s", "submit", "Direct beantwoord"),
        Binding("ctrl+t", "ticket", "Ticket"),
        Binding("down", "to_suggestions", "Onderwerpen", show=False),
        Binding("escape", "cancel", "Annuleren"),
    ]

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.config = config

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="wegwijzer"):
            yield Label("Wegwijzer", classes="dialog-title")
            yield Label("Vraag van de bezoeker (in eigen woorden)")
            yield Input(placeholder="bijv. mijn paspoort is verlopen", id="question", max_length=MAX_QUESTION)
            yield SubjectSuggestions(self.config, "question", id="suggestions")
            yield Static(Text(NO_SUBJECT, style="dim"), id="subject-card")
            yield Static(
                "↓: onderwerpen (cijfer neemt er een) · Ctrl+S: direct beantwoord · "
                "Ctrl+T: ticket · Esc: annuleren",
                classes="hint",
            )
        yield BalieFooter()

    def on_mount(self) -> None:
        self.query_one(SubjectSuggestions).display = False
        self.query_one("#question", Input).focus()

    # -- suggestions as the host types ------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(SubjectSuggestions).search(event.value)

    @property
    def subject(self) -> Subject | None:
        """The subject taken: the one marked in the suggestions."""
        return self.query_one(SubjectSuggestions).taken

    def _show_card(self) -> None:
        subject = self.subject
        card = subject_card(subject, self.config) if subject else Text(NO_SUBJECT, style="dim")
        self.query_one("#subject-card", Static).update(card)

    def on_option_list_option_highlighted(self, _: OptionList.OptionHighlighted) -> None:
        self._show_card()

    def on_subject_suggestions_shown(self, _: SubjectSuggestions.Shown) -> None:
        self._show_card()

    def on_input_submitted(self) -> None:
        """Enter ends a typed line: it takes nothing, it points at the keys that do."""
        if self.query_one(SubjectSuggestions).subjects:
            self.notify("↓ kiest een onderwerp; Ctrl+S of Ctrl+T rondt af.", timeout=3)

    def action_to_suggestions(self) -> None:
        self.query_one(SubjectSuggestions).enter()

    # -- what the host does with it ------------------------------------------------

    def _question(self) -> str | None:
        return self.query_one("#question", Input).value.strip() or None

    def action_submit(self) -> None:
        self.dismiss(Wegwijs(False, self.subject, self._question()))

    def action_ticket(self) -> None:
        self.dismiss(Wegwijs(True, self.subject, self._question()))

    def action_cancel(self) -> None:
        self.dismiss(None)
