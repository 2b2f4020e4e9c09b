"""Checkboxes, radio buttons and selection lists whose ticked and unticked states
differ in shape, not only in colour: Textual draws the same 'X' (or '●') for both,
and in 256 colours the two look alike."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import SelectionType

OFF = " "


class TickBox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "X" if self.value else OFF


class TickRadio(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "●" if self.value else OFF


class TickList(SelectionList[SelectionType]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) > 1 and segments[1].text == ToggleButton.BUTTON_INNER:
            ticked = option.value in self._selected
            segments[1] = Segment(ToggleButton.BUTTON_INNER if ticked else OFF, segments[1].style)
            return Strip(segments, strip.cell_length)
        return strip
