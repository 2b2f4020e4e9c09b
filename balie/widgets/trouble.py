"""A banner on top of the screen while the database cannot be used.

It stays until the cause is gone (the app keeps retrying), so nobody works on
believing a screen that has silently stopped updating.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TroubleBanner(Static):
    def show_message(self, message: str) -> None:
        self.update(Text(f"{message}\nDit scherm probeert het steeds opnieuw."))
