"""The curator's screen (kennisbank): the subjects, searched as the desk would, added, edited, retired.

A search here runs the desk's own search (``store.knowledge.search``), so the
curator sees what a host would be offered for a visitor's words. Every edit
is one write; the other screens see it at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Label, Static

from balie.core.knowledge import Subject, joined_words
from balie.core.wording import cut
from balie.dialogs.subject_edit import SubjectDialog
from balie.screens.live import LiveScreen
from balie.widgets.footer import BalieFooter
from balie.widgets.subject_suggestions import subject_place

SEARCH_LIMIT = 20
ACTOR = "kennisbank"

# key, header; the words take the room the others leave (issue 15: never a sideways scroll).
COLUMNS = [("name", "Onderwerp"), ("domain", "Domein"), ("direct", "Direct"), ("minutes", "Min."), ("words", "Woorden van bezoekers")]
NAME_WIDTHS = (18, 30)  # narrowest, widest
FIXED = {"domain": 12, "direct": 6, "minutes": 4}
WORDS_NARROWEST = 10
WORDS_FIRST = 20  # the words get this much before the name grows
PADDING = 2  # a DataTable cell's padding, one each side


def column_widths(room: int) -> dict[str, int]:
    """In steps, each from what the steps before left: the name (18), domain,
    'direct' and minutes; the words (to 20); the name (to 30); the words in the
    rest. A wider table shows more, never less."""
    widths = {"name": NAME_WIDTHS[0], **FIXED}
    left = room - sum(width + PADDING for width in widths.values())
    if left < WORDS_NARROWEST + PADDING:
        return widths
    widths["words"] = min(left - PADDING, WORDS_FIRST)
    left -= widths["words"] + PADDING
    grow = min(NAME_WIDTHS[1] - NAME_WIDTHS[0], left)
    widths["name"] += grow
    widths["words"] += left - grow
    return widths


class SubjectTable(DataTable):
    def on_resize(self, event: events.Resize) -> None:
        self.screen.fit_columns(event.size.width)


@dataclass(frozen=True)
class Shelf:
    """What the screen shows: the subjects listed, for which search (\"\": all)."""

    query: str
    subjects: list[Subject]
    total: int
    retired: int


class KennisScreen(LiveScreen[Shelf]):
    CSS_PATH = "kennis.tcss"
    HELP_TITLE = "Kennisbank"
    BINDINGS = [
        Binding("slash", "search", "Zoeken"),
        Binding("n", "add", "Nieuw"),
        Binding("e,enter", "edit", "Bewerken"),
        Binding("x", "retire", "Vervallen/terug"),
        Binding("v", "show_retired", "Vervallen tonen"),
        Binding("escape", "clear", "Alles", show=False),
    ]

    show_retired = False
    query_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="kennis"):
            yield Label("Kennisbank", id="kennis-title")
            yield Input(placeholder="Zoek een onderwerp of typ een vraag zoals een bezoeker die stelt", id="kennis-search")
            yield SubjectTable(id="kennis-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="kennis-detail")
            yield Static("", id="kennis-count", classes="hint")
        yield BalieFooter()

    widths: dict[str, int] = {}

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        super().on_mount()

    def fit_columns(self, width: int) -> None:
        table = self.query_one(DataTable)
        # One cell for the vertical scrollbar, there or not: the columns never jump.
        widths = column_widths(width - 1)
        if widths == self.widths:
            return
        self.widths = widths
        table.clear(columns=True)
        for key, header in COLUMNS:
            if key in widths:
                table.add_column(cut(header, widths[key]), key=key, width=widths[key])
        if self._shown:
            self.show(self._shown[0])

    # -- loading ---------------------------------------------------------------

    def load(self) -> Shelf:
        knowledge = self.store.knowledge
        everything = knowledge.all()
        query = self.query_text
        if query:
            subjects = [m.subject for m in knowledge.search(query, SEARCH_LIMIT, retired=self.show_retired)]
        else:
            subjects = [s for s in everything if self.show_retired or not s.retired]
        return Shelf(query, subjects, len(everything), sum(s.retired for s in everything))

    def show(self, shelf: Shelf) -> None:
        table = self.query_one(DataTable)
        chosen = self._wanted_id or (None if self._to_top else self._chosen_id())
        self._wanted_id, self._to_top = None, False
        table.clear()
        widths = self.widths
        for subject in shelf.subjects:
            style = "dim" if subject.retired else ""
            cells = {
                "name": subject.name + (" (vervallen)" if subject.retired else ""),
                "domain": subject_place(subject, self.config),
                "direct": "ja" if subject.desk else "",
                "minutes": "" if subject.service_minutes is None else str(subject.service_minutes),
                "words": joined_words(subject.words),
            }
            if widths:  # drawn once the table knows its width
                row = [Text(cut(cells[key], widths[key]), style=style) for key, _ in COLUMNS if key in widths]
                table.add_row(*row, key=str(subject.id))
        ids = [s.id for s in shelf.subjects]
        if chosen in ids:
            table.move_cursor(row=ids.index(chosen))
        self.subjects = {s.id: s for s in shelf.subjects}
        self._show_detail()
        shown = len(shelf.subjects)
        if shelf.query:
            count = f"{shown} passend bij de zoekvraag" if shown else "Geen onderwerp past bij deze zoekvraag."
        else:
            count = f"{shelf.total - shelf.retired} onderwerpen" + (
                f", {shelf.retired} vervallen" + ("" if self.show_retired else " (v: tonen)") if shelf.retired else ""
            )
        self.query_one("#kennis-count", Static).update(Text(count))
        self.refresh_bindings()  # Bewerken and Vervallen need a chosen subject

    subjects: dict[int | None, Subject] = {}
    _wanted_id: int | None = None  # the subject just added or edited: the cursor goes there
    _to_top = False  # a new search: the cursor goes to the best match

    def _chosen_id(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key else None

    def _chosen(self) -> Subject | None:
        return self.subjects.get(self._chosen_id())

    def _show_detail(self) -> None:
        subject = self._chosen()
        detail = self.query_one("#kennis-detail", Static)
        if subject is None:
            detail.update("")
            return
        detail.update(Text.assemble((subject.name, "bold"), "\n", subject.answer or Text("(geen antwoord)", style="dim")))

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._show_detail()
        self.refresh_bindings()

    # -- searching ---------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self._to_top = True
        self.reload()

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#kennis-search", Input).focus()

    def action_clear(self) -> None:
        search = self.query_one("#kennis-search", Input)
        if search.value:
            search.value = ""
        self.query_one(DataTable).focus()

    def action_show_retired(self) -> None:
        self.show_retired = not self.show_retired
        self.reload()

    # -- editing -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "retire") and self.is_mounted and self._chosen() is None:
            return None  # shown dimmed: nothing chosen
        return True

    def action_add(self) -> None:
        def save(subject: Subject | None) -> None:
            if subject is not None:
                self.write(
                    lambda: self.store.knowledge.add(subject, self._domain_keys(), ACTOR),
                    self._said("Toegevoegd: {name}"),
                )

        self.app.push_screen(SubjectDialog("Nieuw onderwerp", self.config.domains), save)

    def action_edit(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return

        def save(subject: Subject | None) -> None:
            if subject is not None:
                self.write(
                    lambda: self.store.knowledge.change(chosen.id, subject, self._domain_keys(), ACTOR),
                    self._said("Opgeslagen: {name}"),
                )

        self.app.push_screen(SubjectDialog("Onderwerp bewerken", self.config.domains, chosen), save)

    def action_retire(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        message = "Terug in de kennisbank: {name}" if chosen.retired else "Vervallen: {name} (de cijfers blijven)"
        self.write(lambda: self.store.knowledge.retire(chosen.id, ACTOR, not chosen.retired), self._said(message))

    def _domain_keys(self) -> list[str]:
        return [domain.key for domain in self.config.domains]

    def _said(self, template: str):
        def done(subject: Subject) -> None:
            self.notify(template.format(name=subject.name), timeout=3, markup=False)
            self._wanted_id = subject.id
            self.reload()

        return done
