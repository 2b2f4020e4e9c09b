"""Ask for one line of text: a reason, a note, a question (optionally required)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from balie.widgets.footer import BalieFooter


class TextPromptDialog(ModalScreen[str | None]):
    """Returns the stripped text ("" when left empty and allowed), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren"), Binding("ctrl+s", "submit", "Bevestigen")]

    def __init__(
        self,
        title: str,
        label: str,
        *,
        placeholder: str = "",
        required: bool = False,
        max_length: int = 200,
        suggestions: list[str] | None = None,
        detail: str | None = None,
        value: str = "",
        check: Callable[[str], str | None] | None = None,
        enter_confirms: bool = True,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.placeholder = placeholder
        self.required = required
        self.max_length = max_length
        self.suggestions = suggestions
        self.detail = detail
        self.value = value
        # What is wrong with the text (a Dutch line, shown in the dialog), or None.
        self.check = check
        # False: only Ctrl+S confirms (the line may have been typed by mistake, and
        # confirming acts on a visitor).
        self.enter_confirms = enter_confirms

    def compose(self) -> ComposeResult:
        suggester = (
            SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions else None
        )
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            if self.detail:
                yield Static(Text(self.detail))
            yield Label(Text(self.label))
            yield Input(
                value=self.value, placeholder=self.placeholder, max_length=self.max_length,
                suggester=suggester, id="text",
            )
            yield Static("", id="error", classes="error")
            confirm = "Enter of Ctrl+S" if self.enter_confirms else "Ctrl+S"
            yield Static(f"{confirm}: bevestigen · Esc: annuleren", classes="hint")
        yield BalieFooter()

    def on_input_submitted(self) -> None:
        if self.enter_confirms:
            self.action_submit()
        else:
            self.query_one("#error", Static).update("Druk Ctrl+S om te bevestigen (Esc: annuleren).")

    def action_submit(self) -> None:
        value = self.query_one("#text", Input).value.strip()
        if self.required and not value:
            self.query_one("#error", Static).update("Vul dit in; het hoort in het logboek.")
            return
        wrong = self.check(value) if self.check and value else None
        if wrong:
            self.query_one("#error", Static).update(Text(wrong))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
