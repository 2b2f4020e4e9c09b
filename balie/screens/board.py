"""The waiting board in the hall: readable from across the room, never a name.

The newest call stands out, as large as the screen allows, with a short flash
and a bell; earlier calls below it; per domain how many wait and how long.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from balie.core.calls import EARLIER_CALLS, Call
from balie.core.estimate import DomainLoad
from balie.core.wording import call_line, wait_phrase, waiting_count
from balie.screens.live import LiveScreen
from balie.widgets.big_text import BigText
from balie.widgets.office_clock import OfficeClock
from balie.widgets.redraw import update_if_changed

PREVIOUS = EARLIER_CALLS
FLASH_SECONDS = 4.0


@dataclass(frozen=True)
class BoardView:
    calls: list[Call]
    loads: list[DomainLoad]


class BoardScreen(LiveScreen[BoardView]):
    CSS_PATH = "board.tcss"
    HELP_TITLE = "Wachtbord"
    BINDINGS = [Binding("m", "toggle_sound", "Geluid aan/uit")]

    def __init__(self) -> None:
        super().__init__()
        self.newest_event: int | None = None
        self.sound = True

    def compose(self) -> ComposeResult:
        with Horizontal(id="board-top"):
            yield Label("Wachtrij", id="board-title")
            yield OfficeClock(fmt="HH:mm", id="board-clock")
        with Horizontal(id="board-now"):
            yield BigText("", auto_scale=True, id="now-call")
        yield Static("", id="now-caption")
        with Horizontal(id="board-bottom"):
            with Vertical(id="board-previous"):
                yield Label("Eerder opgeroepen", classes="panel-title")
                yield Static("", id="previous-calls")
            with Vertical(id="board-domains"):
                yield Label("Wachttijd", classes="panel-title")
                yield Static("", id="domain-waits")

    def load(self) -> BoardView:
        store = self.app.store
        return BoardView(
            calls=store.board.recent_calls(PREVIOUS + 1), loads=store.board.loads(self.app.config)
        )

    def show(self, view: BoardView) -> None:
        config = self.app.config
        newest = view.calls[0] if view.calls else None
        big = self.query_one("#now-call", BigText)
        caption = self.query_one("#now-caption", Static)
        if newest is None:
            big.text = ""
            update_if_changed(caption, "Nog niemand opgeroepen")
        else:
            # Ticket above counter, both as large as fits; one line on a wide, low screen.
            alternatives = (f"{newest.ticket}  {newest.counter}",)
            text = f"{newest.ticket}\n{newest.counter}"
            if (big.text, big.alternatives) != (text, alternatives):
                big.alternatives = alternatives
                big.text = text
                big.refresh(layout=True)
            update_if_changed(caption, Text(call_line(newest.ticket, newest.counter), style="bold"))
            if self.newest_event is not None and newest.event_id != self.newest_event:
                self.signal()
            self.newest_event = newest.event_id

        previous = Text()
        for call in view.calls[1:]:
            ticket, arrow = call_line(call.ticket, call.counter).split(" ", 1)
            previous.append(f"{ticket:<6}", style="bold")
            previous.append(f" {arrow}\n")
        update_if_changed(self.query_one("#previous-calls", Static), previous)

        waits = Text()
        for load in view.loads:
            waits.append(f"{config.label(load.domain):<14}", style="bold")
            waits.append(f"{waiting_count(load.waiting):>12}  ")
            waits.append(f"{wait_phrase(load.wait)}\n")
        update_if_changed(self.query_one("#domain-waits", Static), waits)

    def signal(self) -> None:
        """Draw the eye (and ear) to a new call for a few seconds."""
        now = self.query_one("#board-now")
        now.add_class("-new")
        self.set_timer(FLASH_SECONDS, lambda: now.remove_class("-new"))
        if self.sound:
            self.app.bell()

    def action_toggle_sound(self) -> None:
        self.sound = not self.sound
        self.notify("Geluid aan" if self.sound else "Geluid uit", timeout=2)
