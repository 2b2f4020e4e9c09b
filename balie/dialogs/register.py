"""Register a walk-in or check in an appointment: a few keys, then Enter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, Static

from balie.config import Config
from balie.core.knowledge import Subject
from balie.core.visits import MAX_NAME, MAX_QUESTION
from balie.widgets.footer import BalieFooter
from balie.widgets.ticks import TickBox, TickRadio

_HHMM = re.compile(r"^([01]?\d|2[0-3]):?([0-5]\d)$")


@dataclass(frozen=True)
class Registration:
    domain: str
    name: str | None
    question: str | None
    urgent: bool
    appointment: str | None  # "HH:MM" local time today
    subject_id: int | None = None  # the kennisbank's subject the wegwijzer took


def normalise_time(text: str) -> str | None:
    """Accept 10:30, 1030 or 9:05; None when it is no time of day."""
    match = _HHMM.match(text.strip())
    if not match:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


class RegisterDialog(ModalScreen[Registration | None]):
    BINDINGS = [
        Binding("enter,ctrl+s", "submit", "Aanmelden"),
        # Ctrl+S saves in every dialog; urgent has a key of its own ("gaat voor").
        Binding("ctrl+g", "toggle_urgent", "Spoed aan/uit"),
        Binding("escape", "cancel", "Annuleren"),
    ]

    def __init__(
        self, config: Config, domain: str | None, appointment: bool = False,
        question: str | None = None, subject: Subject | None = None,
    ) -> None:
        """``domain`` None: the host chooses it (a subject without a domain)."""
        super().__init__()
        self.config = config
        self.domain = domain
        self.appointment = appointment
        self.question = question
        self.subject = subject

    def compose(self) -> ComposeResult:
        title = "Afspraak inchecken" if self.appointment else "Bezoeker aanmelden"
        with Vertical(id="dialog", classes="dialog"):
            yield Label(title, classes="dialog-title")
            with RadioSet(id="domain"):
                for domain in self.config.domains:
                    yield TickRadio(
                        Text(f"{domain.label} ({domain.prefix})"),
                        value=domain.key == self.domain,
                        name=domain.key,
                    )
            if self.appointment:
                yield Label("Tijd van de afspraak (UU:MM)")
                yield Input(placeholder="bijv. 10:30", id="time", max_length=5)
            if self.subject is not None:
                yield Static(Text.assemble("Onderwerp: ", (self.subject.name, "bold")), id="subject")
            yield Label("Vraag (optioneel, in de woorden van de bezoeker)")
            yield Input(
                self.question or "", placeholder="bijv. paspoort verlengen", id="question", max_length=MAX_QUESTION
            )
            yield Label("Naam of initialen (optioneel)")
            yield Input(placeholder="bijv. J. de Vries", id="name", max_length=MAX_NAME)
            yield TickBox("Spoed / hulp nodig: gaat voor (Ctrl+G)", id="urgent")
            yield Static("", id="error", classes="error")
            yield Static("Enter of Ctrl+S: aanmelden · Tab: volgend veld · Esc: annuleren", classes="hint")
        yield BalieFooter()

    def on_mount(self) -> None:
        if self.domain is None:
            self.query_one("#domain", RadioSet).focus()  # the host chooses the domain first
        else:
            self.query_one("#time" if self.appointment else "#name" if self.subject else "#question", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_submit()

    def action_toggle_urgent(self) -> None:
        self.query_one("#urgent", Checkbox).toggle()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        pressed = self.query_one("#domain", RadioSet).pressed_button
        domain = pressed.name if pressed is not None and pressed.name else self.domain
        if domain is None:
            self.query_one("#error", Static).update("Kies eerst het domein: ← → en spatie.")
            self.query_one("#domain", RadioSet).focus()
            return
        appointment = None
        if self.appointment:
            appointment = normalise_time(self.query_one("#time", Input).value)
            if appointment is None:
                self.query_one("#error", Static).update("Vul de tijd van de afspraak in als UU:MM, bijv. 10:30.")
                self.query_one("#time", Input).focus()
                return
        self.dismiss(
            Registration(
                domain=domain,
                name=self.query_one("#name", Input).value.strip() or None,
                question=self.query_one("#question", Input).value.strip() or None,
                urgent=self.query_one("#urgent", Checkbox).value,
                appointment=appointment,
                subject_id=self.subject.id if self.subject else None,
            )
        )
