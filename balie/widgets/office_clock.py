"""The time of day from the app's clock (fixed in tests and training)."""

from __future__ import annotations

from textual.widgets import Static

from balie.clock import local


class OfficeClock(Static):
    DEFAULT_CSS = """
    OfficeClock { width: auto; }
    """

    def __init__(self, fmt: str = "dddd D MMMM HH:mm", **kwargs) -> None:
        super().__init__(**kwargs)
        self.fmt = fmt
        self._shown: str | None = None

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1, self.tick, name="clock")

    def tick(self) -> None:
        """Redraw only when the text changes: an update re-lays out the whole screen."""
        now = local(self.app.clock.now())  # type: ignore[attr-defined]
        text = now.format(self.fmt, locale="nl")
        if text != self._shown:
            self._shown = text
            self.update(text)
