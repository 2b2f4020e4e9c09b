"""Pick a domain with one key (its prefix letter), or arrows and Enter."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from balie.config import Config


class ChooseDomainDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Annuleren")]

    def __init__(self, config: Config, title: str, exclude: str | None = None) -> None:
        super().__init__()
        self.config = config
        self.title_text = title
        self.choices = [d for d in config.domains if d.key != exclude]
        for domain in self.choices:
            self._bindings.bind(
                domain.prefix.lower(), f"choose('{domain.key}')", domain.label, show=False
            )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(
                *(Option(Text(f"{d.prefix.lower()}  {d.label}"), id=d.key) for d in self.choices),
                id="domains",
            )
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self, key: str) -> None:
        self.dismiss(key)

    def action_cancel(self) -> None:
        self.dismiss(None)
