"""Ask yes or no before something that cannot be undone from this screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from balie.dialogs.typing_guard import TypingGuard
from balie.widgets.footer import BalieFooter


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
            yield Static("", id="typed", classes="error")
            yield Static(self.HINT, classes="hint")
        yield BalieFooter()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class SureDialog(TypingGuard, ConfirmDialog, inherit_bindings=False):
    """A yes only ``j`` gives: a line typed by mistake ends in Enter, not in j;
    and after a key the dialog does not know, not even ``j`` (someone is typing)."""

    BINDINGS = [
        Binding("j", "answer(True)", "Ja"),
        Binding("n,escape", "answer(False)", "Nee"),
    ]
    HINT = "j: ja · n / Esc: nee"

    def action_answer(self, yes: bool) -> None:
        if yes and self.typed:
            return
        self.dismiss(yes)

    def stray_typing(self) -> None:
        super().stray_typing()
        self.query_one("#typed", Static).update("Er werd getypt. Esc of n: nee; opnieuw vragen kan daarna.")
