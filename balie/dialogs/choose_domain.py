"""Pick a domain: its letter (or the arrows) and then Enter, never a letter alone.

Opened on a visitor (a transfer, a correction), so a typed sentence must not
complete it: its letters may land on a domain, but only Enter confirms, and a
letter that is no domain turns the letters off (dialogs.typing_guard).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from balie.config import Config
from balie.dialogs.typing_guard import TypingGuard
from balie.widgets.footer import BalieFooter


class ChooseDomainDialog(TypingGuard):
    BINDINGS = [Binding("escape", "cancel", "Annuleren")]

    def __init__(self, config: Config, title: str, exclude: str | None = None) -> None:
        super().__init__()
        self.config = config
        self.title_text = title
        self.choices = [d for d in config.domains if d.key != exclude]
        for domain in self.choices:
            self._bindings.bind(
                domain.prefix.lower(), f"point('{domain.key}')", f"{domain.label} (dan Enter)", show=False
            )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(
                *(Option(Text(f"{d.prefix.lower()}  {d.label}"), id=d.key) for d in self.choices),
                id="domains",
            )
            yield Static("", id="typed", classes="error")
            yield Static("Letter of ↑ ↓, dan Enter: kiezen · Esc: annuleren", classes="hint")
        yield BalieFooter()

    def on_mount(self) -> None:
        # Nothing chosen yet: an Enter that ends a typed line finds nothing to confirm.
        self.query_one(OptionList).highlighted = None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_point(self, key: str) -> None:
        """A domain's letter: that domain is marked; Enter confirms it."""
        if not self.typed:
            self.query_one(OptionList).highlighted = [d.key for d in self.choices].index(key)

    def stray_typing(self) -> None:
        self.query_one(OptionList).highlighted = None
        super().stray_typing()

    def action_cancel(self) -> None:
        self.dismiss(None)
