"""Add or edit a subject of the kennisbank: every field on one card, Enter moves on, Ctrl+S saves."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static

from balie.config import Domain
from balie.core.knowledge import MAX_ANSWER, MAX_NAME, Subject, checked, joined_words, split_words
from balie.errors import BalieError
from balie.widgets.footer import BalieFooter
from balie.widgets.ticks import TickBox

DESK_ONLY = ""  # the Select's value for "no domain: the desk answers it"


class SubjectDialog(ModalScreen[Subject | None]):
    """Returns the subject as typed and checked (its id kept), or None when cancelled."""

    CSS_PATH = "subject_edit.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Opslaan", priority=True),
        Binding("escape", "cancel", "Annuleren"),
    ]

    def __init__(self, title: str, domains: Sequence[Domain], subject: Subject | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.domains = domains
        self.subject = subject or Subject(name="")

    def compose(self) -> ComposeResult:
        subject = self.subject
        with Vertical(classes="dialog", id="subject-dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Label("Naam")
            yield Input(subject.name, placeholder="bijv. Paspoort aanvragen", max_length=MAX_NAME, id="name")
            yield Label("Woorden van bezoekers (gescheiden door ;)")
            yield Input(joined_words(subject.words), placeholder="paspoort; reisdocument; ID kwijt", id="words")
            yield Label("Domein")
            yield Select(
                [("Geen: de gastvrouw beantwoordt het", DESK_ONLY)]
                + [(domain.label, domain.key) for domain in self.domains],
                value=subject.domain or DESK_ONLY, allow_blank=False, id="domain",
            )
            yield Label("Antwoord of instructie voor de gastvrouw")
            yield Input(subject.answer, placeholder="neem pasfoto mee; afspraak nodig", max_length=MAX_ANSWER, id="answer")
            yield TickBox("Meestal direct te beantwoorden door de gastvrouw", subject.desk, id="desk")
            yield Label("Behandeltijd (minuten, optioneel)")
            yield Input(
                "" if subject.service_minutes is None else str(subject.service_minutes),
                type="integer", max_length=3, id="minutes",
            )
            yield Static("", id="error", classes="error")
            yield Static("Enter: volgend veld · Ctrl+S: opslaan · Esc: annuleren", classes="hint")
        yield BalieFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "minutes":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        minutes = self.query_one("#minutes", Input).value.strip()
        domain = self.query_one("#domain", Select).value
        typed = Subject(
            id=self.subject.id,
            name=self.query_one("#name", Input).value,
            words=split_words(self.query_one("#words", Input).value),
            domain=domain if isinstance(domain, str) and domain else None,
            answer=self.query_one("#answer", Input).value,
            desk=self.query_one("#desk", Checkbox).value,
            service_minutes=int(minutes) if minutes.isdigit() else None,
            retired=self.subject.retired,
        )
        try:
            if minutes and not minutes.isdigit():
                raise BalieError("De behandeltijd is een aantal minuten.")
            self.dismiss(checked(typed, [d.key for d in self.domains]))
        except BalieError as error:
            self.query_one("#error", Static).update(Text(str(error)))

    def action_cancel(self) -> None:
        self.dismiss(None)
