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
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static

from balie.config import Config
from balie.core.knowledge import Subject
from balie.core.visits import MAX_QUESTION
from balie.widgets.footer import BalieFooter
from balie.widgets.subject_suggestions import SHOWN, SubjectSuggestions, subject_card

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
        *(Binding(str(n), f"take({n - 1})", f"Onderwerp {n} nemen", show=False) for n in range(1, SHOWN + 1)),
    ]

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.config = config
        self._searched = 0  # which search is the latest: an older answer is dropped

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="wegwijzer"):
            yield Label("Wegwijzer", classes="dialog-title")
            yield Label("Vraag van de bezoeker (in eigen woorden)")
            yield Input(placeholder="bijv. mijn paspoort is verlopen", id="question", max_length=MAX_QUESTION)
            yield SubjectSuggestions(self.config, id="suggestions")
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
        self._searched += 1
        self._search(event.value, self._searched)

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def _search(self, question: str, searched: int) -> None:
        # Off the event loop: typing never waits for the database.
        try:
            found = [match.subject for match in self.app.store.knowledge.search(question, SHOWN)]
        except Exception as error:
            self.app.call_from_thread(self.app.show_error, error)
            return
        self.app.call_from_thread(self._found, found, searched)

    def _found(self, subjects: list[Subject], searched: int) -> None:
        if searched == self._searched:
            self.query_one(SubjectSuggestions).show_subjects(subjects)
            self._show_card()

    @property
    def subject(self) -> Subject | None:
        """The subject taken: the one marked in the suggestions."""
        suggestions = self.query_one(SubjectSuggestions)
        return suggestions.subject_at(suggestions.highlighted)

    def _show_card(self) -> None:
        subject = self.subject
        card = subject_card(subject, self.config) if subject else Text(NO_SUBJECT, style="dim")
        self.query_one("#subject-card", Static).update(card)

    def on_option_list_option_highlighted(self, _: OptionList.OptionHighlighted) -> None:
        self._show_card()

    def on_input_submitted(self) -> None:
        """Enter ends a typed line: it takes nothing, it points at the keys that do."""
        if self.query_one(SubjectSuggestions).subjects:
            self.notify("↓ kiest een onderwerp; Ctrl+S of Ctrl+T rondt af.", timeout=3)

    def action_to_suggestions(self) -> None:
        suggestions = self.query_one(SubjectSuggestions)
        if suggestions.subjects:
            suggestions.focus()
            if suggestions.highlighted is None:
                suggestions.highlighted = 0

    def action_take(self, index: int) -> None:
        """A digit in the suggestions takes that subject (in the question it is typed)."""
        suggestions = self.query_one(SubjectSuggestions)
        if suggestions.subject_at(index) is not None:
            suggestions.highlighted = index

    def on_key(self, event: events.Key) -> None:
        """Letters typed in the suggestions belong to the question: back they go."""
        if not (self.focused is self.query_one(SubjectSuggestions) and event.is_printable and event.character):
            return
        if event.key in self._bindings.key_to_bindings:
            return
        event.stop()
        question = self.query_one("#question", Input)
        question.focus()
        question.insert_text_at_cursor(event.character)

    # -- what the host does with it ------------------------------------------------

    def _question(self) -> str | None:
        return self.query_one("#question", Input).value.strip() or None

    def action_submit(self) -> None:
        self.dismiss(Wegwijs(False, self.subject, self._question()))

    def action_ticket(self) -> None:
        self.dismiss(Wegwijs(True, self.subject, self._question()))

    def action_cancel(self) -> None:
        self.dismiss(None)
