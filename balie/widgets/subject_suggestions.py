"""The kennisbank's subjects that fit a visitor's question, best first, and what
the host reads out for the one taken. Names and answers are the curator's text:
shown as text, never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from balie.config import Config
from balie.core.knowledge import Subject
from balie.core.wording import DESK_DOMAIN

SHOWN = 5  # suggestions offered, each with its digit


def subject_place(subject: Subject, config: Config) -> str:
    """Where a subject is handled: its domain, or the host for one without."""
    return config.label(subject.domain) if subject.domain else DESK_DOMAIN


def subject_card(subject: Subject, config: Config) -> Text:
    """The subject taken: its name and place, the answer to read out, and
    for a subject the host usually answers, the invitation to do so."""
    card = Text()
    card.append(subject.name, style="bold")
    card.append(f" · {subject_place(subject, config)}")
    if subject.answer:
        card.append("\n")
        card.append(subject.answer)
    if subject.desk or not subject.domain:
        card.append("\nMeestal direct te beantwoorden: lees voor en tel met Ctrl+S.", style="bold")
    return card


class SubjectSuggestions(OptionList):
    """The subjects for the words typed in the field above it (``field``, an Input's
    id): ↑ ↓ or a digit takes one; letters typed here go back to that field, so
    typing only ever types. Searched in a worker: typing never waits for the database."""

    DEFAULT_CSS = """
    SubjectSuggestions, SubjectSuggestions:focus { height: auto; max-height: 5; border: none; padding: 0; }
    """
    BINDINGS = [
        Binding(str(n), f"take({n - 1})", f"Onderwerp {n} nemen", show=False) for n in range(1, SHOWN + 1)
    ]

    def __init__(self, config: Config, field: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.config = config
        self.field = field
        self.subjects: list[Subject] = []
        self._searched = 0  # which search is the latest: an older answer is dropped

    def search(self, words: str) -> None:
        self._searched += 1
        self._search(words, self._searched)

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def _search(self, words: str, searched: int) -> None:
        try:
            found = [match.subject for match in self.app.store.knowledge.search(words, SHOWN)]
        except Exception as error:
            self.app.call_from_thread(self.app.show_error, error)
            return
        self.app.call_from_thread(self._found, found, searched)

    def _found(self, subjects: list[Subject], searched: int) -> None:
        if searched == self._searched:
            self.show_subjects(subjects)

    def enter(self) -> None:
        """Into the list from the field (↓): the best one marked."""
        if self.subjects:
            self.focus()
            if self.highlighted is None:
                self.highlighted = 0

    def action_take(self, index: int) -> None:
        if self.subject_at(index) is not None:
            self.highlighted = index

    def on_key(self, event: events.Key) -> None:
        if not event.is_printable or not event.character or event.key in self._bindings.key_to_bindings:
            return
        event.stop()
        field = self.screen.query_one(f"#{self.field}", Input)
        field.focus()
        field.insert_text_at_cursor(event.character)

    @property
    def taken(self) -> Subject | None:
        return self.subject_at(self.highlighted)

    def show_subjects(self, subjects: list[Subject]) -> None:
        if [s.id for s in subjects] == [s.id for s in self.subjects]:
            return
        self.subjects = subjects[:SHOWN]
        self.clear_options()
        self.add_options(
            Option(Text.assemble(f"{number}  ", (s.name, "bold"), f" · {subject_place(s, self.config)}"), id=str(s.id))
            for number, s in enumerate(self.subjects, 1)
        )
        self.highlighted = None  # nothing taken by an Enter that ends a typed line
        self.display = bool(self.subjects)
        self.post_message(self.Shown())

    class Shown(Message):
        """Other subjects are offered (none taken)."""

    def subject_at(self, index: int | None) -> Subject | None:
        if index is None or not 0 <= index < len(self.subjects):
            return None
        return self.subjects[index]
