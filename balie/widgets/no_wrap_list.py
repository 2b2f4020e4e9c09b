"""A list that stops at its ends: where a wrong row means a wrong action (the
stand-up's checklist), one Up too many must stay on the first row, not jump to
the last (it did, and the last item was ticked in real use)."""

from __future__ import annotations

from textual._widget_navigation import find_next_enabled_no_wrap
from textual.widgets import OptionList


class NoWrapOptionList(OptionList):
    def _step(self, direction: int) -> None:
        found = find_next_enabled_no_wrap(self.options, self.highlighted, direction)  # type: ignore[arg-type]
        if found is not None:
            self.highlighted = found

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)
