"""Pick one of a short list (an earlier day, a counter); returns the option's id."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from balie.widgets.footer import BalieFooter


class PickDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Annuleren")]

    def __init__(self, title: str, options: list[tuple[str, Text]], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="pick-dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield OptionList(*(Option(label, id=key) for key, label in self.options), id="pick")
            if self.hint:
                yield Static(Text(self.hint), classes="hint")
            yield Static("Enter: kiezen · Esc: annuleren", classes="hint")
        yield BalieFooter()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
