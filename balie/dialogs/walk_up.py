"""A visitor walks straight up to the counter: which domain, and their question.

Ctrl+S helps them, not Enter: the dialog opens on a letter (z), and a sentence
typed by mistake ends in Enter; it must not put a made-up visitor at the counter.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioSet, Static

from balie.config import Config
from balie.core.visits import MAX_QUESTION
from balie.widgets.footer import BalieFooter
from balie.widgets.ticks import TickRadio


@dataclass(frozen=True)
class WalkUp:
    domain: str
    question: str | None


class WalkUpDialog(ModalScreen[WalkUp | None]):
    BINDINGS = [Binding("escape", "cancel", "Annuleren"), Binding("ctrl+s", "submit", "Helpen")]

    def __init__(self, config: Config, domains: list[str]) -> None:
        super().__init__()
        self.config = config
        self.domains = domains

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Bezoeker zonder ticket helpen", classes="dialog-title")
            if len(self.domains) > 1:
                with RadioSet(id="domain"):
                    for index, key in enumerate(self.domains):
                        yield TickRadio(Text(self.config.label(key)), value=index == 0, name=key)
            yield Label("Vraag (optioneel)")
            yield Input(placeholder="bijv. uittreksel BRP", max_length=MAX_QUESTION, id="question")
            yield Static("", id="error", classes="error")
            yield Static("Krijgt een ticket en staat meteen bij deze balie.", classes="hint")
            yield Static("Ctrl+S: helpen · Esc: annuleren", classes="hint")
        yield BalieFooter()

    def on_mount(self) -> None:
        self.query_one("#question", Input).focus()

    def on_input_submitted(self) -> None:
        self.query_one("#error", Static).update("Druk Ctrl+S om deze bezoeker te helpen (Esc: annuleren).")

    def action_submit(self) -> None:
        domain = self.domains[0]
        if len(self.domains) > 1:
            pressed = self.query_one("#domain", RadioSet).pressed_button
            if pressed is not None and pressed.name:
                domain = pressed.name
        question = self.query_one("#question", Input).value.strip() or None
        self.dismiss(WalkUp(domain, question))

    def action_cancel(self) -> None:
        self.dismiss(None)
