"""The time of day from the app's clock (fixed in tests and training)."""

from __future__ import annotations

import pendulum
from textual.widgets import Static

from balie.clock import clock_pace, local

# A clock of unknown pace (a played day) is looked at this often.
LOOK_SECONDS = 1.0


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

    def tick(self) -> None:
        """Redraw only when the text changes (an update re-lays out the whole screen),
        and wake only when it can: it shows minutes, on a screen that idles all day."""
        clock = self.app.clock  # type: ignore[attr-defined]
        now = local(clock.now())
        text = now.format(self.fmt, locale="nl")
        if text != self._shown:
            self._shown = text
            self.update(text)
        wait = next_look(now, clock_pace(clock))
        if wait is not None:
            self.set_timer(wait, self.tick, name="clock")


def next_look(now: pendulum.DateTime, pace: float | None) -> float | None:
    """Real seconds until a clock of this pace shows another minute (just past it);
    None for a clock that stands still, every second when its pace is not known."""
    if pace is None:
        return LOOK_SECONDS
    if pace <= 0:
        return None
    return (60 - now.second - now.microsecond / 1e6) / pace + 0.05
