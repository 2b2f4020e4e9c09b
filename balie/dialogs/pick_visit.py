"""Pick one visitor from a short list (e.g. today's no-shows who turned up after all)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from balie.clock import from_ms, local
from balie.config import Config
from balie.core.visits import Visit
from balie.widgets.footer import BalieFooter


class PickVisitDialog(ModalScreen[int | None]):
    """Returns the chosen visit's id, or None."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren")]

    def __init__(self, config: Config, title: str, visits: list[Visit], hint: str = "") -> None:
        super().__init__()
        self.config = config
        self.title_text = title
        self.visits = visits
        self.hint = hint

    def _label(self, visit: Visit) -> Text:
        label = Text.assemble((visit.ticket, "bold"), f"  {self.config.label(visit.domain)}")
        if visit.finished_ms:
            label.append(f"  niet verschenen om {local(from_ms(visit.finished_ms)).format('HH:mm')}")
        if visit.question:
            label.append(f"  {visit.question}", style="dim")
        return label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield OptionList(*(Option(self._label(v), id=str(v.id)) for v in self.visits), id="visits")
            if self.hint:
                yield Static(Text(self.hint), classes="hint")
            yield Static("Enter: kiezen · Esc: annuleren", classes="hint")
        yield BalieFooter()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id) if event.option.id else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
