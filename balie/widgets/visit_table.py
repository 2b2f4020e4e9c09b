"""Waiting visitors in queue order; what people typed is shown as plain text."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from balie.clock import from_ms, local
from balie.config import Config
from balie.core.queue import late_by_ms
from balie.core.visits import Kind, Visit
from balie.core.wording import short_minutes


class VisitTable(DataTable):
    DEFAULT_CSS = """
    VisitTable { height: 1fr; }
    """

    def __init__(self, config: Config, show_personal: bool = True, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.config = config
        self.show_personal = show_personal
        self.visits: dict[int, Visit] = {}
        self._shown_rows: list[tuple[str, list]] | None = None

    def on_mount(self) -> None:
        self.add_column("#", key="pos", width=2)
        self.add_column("Ticket", key="ticket", width=6)
        self.add_column("Domein", key="domain", width=12)
        self.add_column("Wacht", key="wait", width=6)
        self.add_column("Afspr.", key="appointment", width=6)
        self.add_column("", key="flag", width=5)
        if self.show_personal:
            self.add_column("Naam", key="name", width=14)
            self.add_column("Vraag", key="question", width=30)

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
        flags = Text()
        if visit.urgent:
            flags.append("spoed", style="bold red")
        elif visit.transferred_from:
            flags.append("overg", style="italic")
        elif late_by_ms(visit):  # queued as a walk-in: its time is not its place
            flags.append("laat", style="yellow")
        row = [
            str(position),
            Text(visit.ticket, style="bold"),
            Text(self.config.label(visit.domain)),
            short_minutes(visit.waited_ms(now_ms)),
            appointment,
            flags,
        ]
        if self.show_personal:
            row += [Text(visit.name or ""), Text(visit.question or "")]
        return row
