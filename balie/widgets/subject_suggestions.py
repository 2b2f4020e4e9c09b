"""The kennisbank's subjects that fit a visitor's question, best first, and what
the host reads out for the one taken. Names and answers are the curator's text:
shown as text, never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
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
    """The subjects for the question typed above it: a digit or Enter takes one."""

    DEFAULT_CSS = """
    SubjectSuggestions { height: auto; max-height: 7; border: none; padding: 0; }
    """

    def __init__(self, config: Config, **kwargs) -> None:
        super().__init__(**kwargs)
        self.config = config
        self.subjects: list[Subject] = []

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

    def subject_at(self, index: int | None) -> Subject | None:
        if index is None or not 0 <= index < len(self.subjects):
            return None
        return self.subjects[index]
