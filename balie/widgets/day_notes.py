"""Today's notes from the stand-up (bijzonderheden), on the desk and counter screens.

Hidden while there are none, so a day without notes looks exactly as before.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from balie.widgets.redraw import update_if_changed


class DayNotes(Static):
    def show_notes(self, notes: str | None) -> None:
        self.display = bool(notes)
        if notes:
            text = Text.assemble(("Bijzonderheden: ", "bold"))
            text.append(" · ".join(line for line in notes.splitlines() if line.strip()))
            update_if_changed(self, text)
