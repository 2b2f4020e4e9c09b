"""Write the day's notes (bijzonderheden): several lines, shown to the desk and counters."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from balie.widgets.footer import BalieFooter


class NotesDialog(ModalScreen[str | None]):
    """Returns the text (possibly empty: no notes), or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren"),
        Binding("ctrl+s", "save", "Opslaan"),
    ]

    def __init__(self, notes: str | None) -> None:
        super().__init__()
        self.notes = notes or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="notes-dialog"):
            yield Label("Bijzonderheden van vandaag", classes="dialog-title")
            yield Static("Zichtbaar voor de gastvrouw en de balies, alleen vandaag.")
            yield TextArea(self.notes, id="notes", soft_wrap=True, show_line_numbers=False)
            yield Static("Ctrl+S: opslaan · Esc: annuleren · leeg: geen bijzonderheden", classes="hint")
        yield BalieFooter()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
