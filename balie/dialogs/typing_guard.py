"""Stray typing must not act through a dialog.

A colleague who greets a visitor while the counter screen has the keyboard
types a sentence: its letters open dialogs, and the dialog's own keys and the
final Enter would act on the visitor. A dialog with this guard notices a key it
does not know (someone is typing, not choosing): from then on its one-key
choices are off and only arrows and Enter, or Esc, answer it.
"""

from __future__ import annotations

from textual import events
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

TYPED = "Er werd getypt. Kies met ↑ ↓ en Enter, of Esc om te annuleren."


class TypingGuard(ModalScreen):
    typed = False  # a key this dialog does not know was pressed

    def on_key(self, event: events.Key) -> None:
        if self.typed or not event.is_printable or isinstance(self.focused, (Input, TextArea)):
            return
        if event.key in self._bindings.key_to_bindings:
            return
        self.typed = True
        event.stop()
        self.stray_typing()

    def stray_typing(self) -> None:
        """What the dialog undoes and says once someone was found typing."""
        for line in self.query("#typed").results(Static):
            line.update(TYPED)
            line.display = True
