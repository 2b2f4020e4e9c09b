"""Waiting visitors in queue order; what people typed is shown as plain text.

The columns fit the table's width: the order, the ticket, the flag (spoed,
doorgestuurd, laat) and the wait always; the name, appointment time, domain and
question as room allows, a cut text ending in '…'. Never a sideways scroll.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from balie.clock import from_ms, local
from balie.config import Config
from balie.core.queue import late_by_ms
from balie.core.visits import Kind, Visit
from balie.core.wording import FLAG_LATE, FLAG_TRANSFERRED, FLAG_URGENT, cut, short_minutes

# key, header, (narrowest, widest); None: as wide as the room left (the question).
ESSENTIAL = [("pos", "#", 2), ("ticket", "Ticket", 6), ("flag", "Let op", 6), ("wait", "Wacht", 6)]
OPTIONAL = {"appointment": ("Afspr.", 6), "domain": ("Domein", 6), "name": ("Naam", 8), "question": ("Vraag", 10)}
ORDER = ["pos", "ticket", "flag", "wait", "appointment", "name", "domain", "question"]
WIDEST = {"name": 20, "domain": 12}
PADDING = 2  # a DataTable cell's padding, one each side


def column_widths(room: int, personal: bool = True) -> dict[str, int]:
    """How wide each shown column is in ``room`` cells. Room is handed out in steps,
    what matters most first: the essentials; the name (to 14); the appointment time
    (a late one is flagged anyway); the name to 20; the question (to 20); the domain
    (its letter is in the ticket already); the question in the rest. Each step only
    takes what the steps before it left, so a wider table shows more, never less."""
    widths = {key: width for key, _, width in ESSENTIAL}
    left = room - sum(width + PADDING for width in widths.values())

    def give(key: str, upto: int | None = None) -> bool:
        nonlocal left
        if key not in widths:
            narrowest = OPTIONAL[key][1]
            if left < narrowest + PADDING:
                return False
            widths[key] = narrowest
            left -= narrowest + PADDING
        more = max(0, left if upto is None else min(upto - widths[key], left))
        widths[key] += more
        left -= more
        return upto is None or widths[key] == upto  # done: the next step may have the rest

    if personal:
        steps = [("name", 14), ("appointment", 6), ("name", WIDEST["name"]), ("question", 20),
                 ("domain", WIDEST["domain"]), ("question", None)]
    else:
        steps = [("appointment", 6), ("domain", WIDEST["domain"])]
    for key, upto in steps:
        if not give(key, upto):
            break  # a few cells may stay blank until the next step fits
    return widths


class VisitTable(DataTable):
    DEFAULT_CSS = """
    VisitTable { height: 1fr; overflow-x: hidden; scrollbar-size-vertical: 1; }
    """
    HEADERS = {key: header for key, header, _ in ESSENTIAL} | {k: v[0] for k, v in OPTIONAL.items()}

    def __init__(self, config: Config, show_personal: bool = True, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.config = config
        self.show_personal = show_personal
        self.visits: dict[int, Visit] = {}
        self.widths: dict[str, int] = {}
        self._shown_rows: list[tuple[str, list]] | None = None
        self._last: tuple[list[Visit], int] = ([], 0)

    def on_resize(self, event: events.Resize) -> None:
        # One cell for the vertical scrollbar, there or not: the columns never jump.
        widths = column_widths(event.size.width - 1, self.show_personal)
        if widths == self.widths:
            return
        self.widths = widths
        self.clear(columns=True)
        self._shown_rows = None
        for key in ORDER:
            if key in widths:
                self.add_column(self.HEADERS[key], key=key, width=widths[key])
        self.show_visits(*self._last)

    @property
    def selected(self) -> Visit | None:
        if not self.visits or self.cursor_row < 0 or self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key((self.cursor_row, 0)).row_key.value
        return self.visits.get(int(key)) if key is not None else None

    def show_visits(self, visits: list[Visit], now_ms: int) -> None:
        """Replace the rows, keeping the cursor on the same visitor where possible.

        Rows that look the same as the ones shown are left alone: the screens
        reload every few seconds, mostly without any visible change.
        """
        self._last = (visits, now_ms)
        if not self.widths:
            return  # drawn once the table knows its width
        keep = self.selected.id if self.selected else None
        self.visits = {v.id: v for v in visits}
        rows = [(str(visit.id), self._row(position, visit, now_ms)) for position, visit in enumerate(visits, 1)]
        if rows == self._shown_rows:
            return
        self._shown_rows = rows
        self.clear()
        for key, row in rows:
            self.add_row(*row, key=key)
        if keep in self.visits:
            self.move_cursor(row=self.get_row_index(str(keep)))

    def _row(self, position: int, visit: Visit, now_ms: int) -> list:
        appointment = (
            local(from_ms(visit.appointment_ms)).format("HH:mm")
            if visit.kind == Kind.APPOINTMENT and visit.appointment_ms
            else ""
        )
        flag = Text()
        if visit.urgent:
            flag.append(FLAG_URGENT, style="bold red")
        elif visit.transferred_from:
            flag.append(FLAG_TRANSFERRED, style="italic")
        elif late_by_ms(visit):  # queued as a walk-in: its time is not its place
            flag.append(FLAG_LATE, style="bold")
        widths = self.widths
        cells = {
            "pos": str(position),
            "ticket": Text(cut(visit.ticket, widths["ticket"]), style="bold"),
            "flag": flag,
            "wait": short_minutes(visit.waited_ms(now_ms)),
            "appointment": appointment,
            "domain": Text(cut(self.config.label(visit.domain), widths.get("domain", 0))),
            "name": Text(cut(visit.name or "", widths.get("name", 0))),
            "question": Text(cut(visit.question or "", widths.get("question", 0))),
        }
        return [cells[key] for key in ORDER if key in widths]
