"""Ask yes or no before something that cannot be undone from this screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("j,enter", "answer(True)", "Ja"),
        Binding("n,escape", "answer(False)", "Nee"),
    ]
    HINT = "j / Enter: ja · n / Esc: nee"

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(Text(self.question))
            yield Static(self.HINT, classes="hint")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class SureDialog(ConfirmDialog, inherit_bindings=False):
    """A yes only ``j`` gives: a line typed by mistake ends in Enter, not in j."""

    BINDINGS = [
        Binding("j", "answer(True)", "Ja"),
        Binding("n,escape", "answer(False)", "Nee"),
    ]
    HINT = "j: ja · n / Esc: nee"
