"""A banner for what a person must do about the days and the clock.

An earlier day balie did not end by itself (that was not certainly right), or
a clock behind the database: said until it is put right, never guessed away.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class DayStatusBanner(Static):
    def show_lines(self, lines: list[str]) -> None:
        self.update(Text("\n".join(lines)))
