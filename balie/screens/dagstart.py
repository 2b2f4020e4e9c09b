"""The daily stand-up (dagstart): the checklist, who works where, yesterday's
figures, what is known about today, and the day's notes.

Today's stand-up is live: several terminals can tick at once and each sees the
others' ticks. An earlier day opens read-only, as history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from balie.clock import local_day
from balie.core.wording import NO_COLLEAGUE
from balie.core.standup import MAX_ITEM, Assignment, StandupItem, actor_name
from balie.dialogs.confirm import ConfirmDialog
from balie.dialogs.counter_setup import CounterSetup, StaffingDialog
from balie.dialogs.notes import NotesDialog
from balie.dialogs.pick import PickDialog
from balie.dialogs.roles import RolesDialog
from balie.dialogs.text_prompt import TextPromptDialog
from balie.dialogs.who import who_dialog
from balie.screens.dagstart_view import DagstartView, read_dagstart
from balie.screens.live import LiveScreen
from balie.widgets.no_wrap_list import NoWrapOptionList
from balie.widgets.office_clock import OfficeClock
from balie.widgets.staffing_advice import advice_panel
from balie.widgets.standup_panels import (
    day_label, figures_panel, item_line, log_text, so_far_text, staffing_panel, summary_text,
)
from balie.widgets.footer import BalieFooter

NEW_COUNTER = "+"  # the picker's id for "another counter"; counter ids start with "="
# Actions that change today's stand-up (never offered on an earlier day).
CHANGES = {"tick", "edit", "add", "move", "retire", "notes", "roles", "counters", "who"}
ON_ITEM = {"tick", "edit", "move", "retire"}


class DagstartScreen(LiveScreen[DagstartView]):
    CSS_PATH = "dagstart.tcss"
    HELP_TITLE = "Dagstart"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        # What the stand-up does every day is in the footer; changing the list
        # itself (rarer) is in F1 help: the footer fits 80 columns.
        Binding("space", "tick", "Afvinken", key_display="spatie"),
        Binding("e", "edit", "Punt wijzigen", show=False),
        Binding("n", "add", "Nieuw punt", show=False),
        Binding("shift+up", "move(-1)", "Punt omhoog", show=False),
        Binding("shift+down", "move(1)", "Punt omlaag", show=False),
        Binding("x", "retire", "Punt schrappen", show=False),
        Binding("b", "notes", "Bijzonderheden"),
        Binding("p", "roles", "Bezetting"),
        Binding("c", "counters", "Balies"),
        Binding("g", "history", "Eerder"),
        Binding("w", "who", "Wie ben ik", show=False),
        Binding("escape", "back", "Terug"),
    ]

    view: DagstartView | None = None

    def __init__(self, day: str | None = None) -> None:
        super().__init__()
        # None: today's stand-up, live and editable; a date: that day, read-only.
        self.day = day

    @property
    def read_only(self) -> bool:
        return self.day is not None

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Label("Dagstart", id="role")
            yield Static("", id="summary")
            yield OfficeClock(id="clock")
        with Horizontal(id="dagstart-main"):
            with Vertical(id="dagstart-left"):
                yield Label("Checklist", id="checklist-title", classes="panel-title")
                yield NoWrapOptionList(id="checklist")
            # Focusable (Tab), so its panels can be scrolled from the keyboard at 80x24.
            with VerticalScroll(id="dagstart-side"):
                yield Label("Bezetting", classes="panel-title -first")
                yield Static("", id="dagstart-staffing")
                yield Label("Advies bezetting", classes="panel-title")
                yield Static("", id="dagstart-advice")
                yield Label("Vandaag tot nu", id="today-title", classes="panel-title")
                yield Static("", id="dagstart-today")
                yield Label("Bijzonderheden", classes="panel-title")
                yield Static("", id="dagstart-notes")
                yield Label("Logboek", classes="panel-title")
                yield Static("", id="dagstart-log")
        # Full width: the figures of four columns stay readable on 80 columns.
        with Vertical(id="dagstart-bottom"):
            yield Label("Cijfers", id="figures-title", classes="panel-title")
            yield Static("", id="dagstart-figures")
        yield BalieFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#checklist", OptionList).focus()
        for widget in ("#today-title", "#dagstart-today"):
            self.query_one(widget).display = not self.read_only

    # -- data ----------------------------------------------------------------

    def load(self) -> DagstartView:
        return read_dagstart(self.store, self.config, local_day(self.app.clock.now()), self.day)

    def show(self, view: DagstartView) -> None:
        self.view = view
        standup = view.standup
        if standup is None:
            self.query_one("#summary", Static).update(Text("Geen dagstart op deze dag."))
            return
        self.query_one("#summary", Static).update(summary_text(standup, self.read_only, self.actor))
        self._show_items(standup.items)
        self.query_one("#dagstart-staffing", Static).update(staffing_panel(self.config, standup, self.read_only))
        self.query_one("#dagstart-advice", Static).update(advice_panel(self.config, view.advice))
        self.query_one("#figures-title", Label).update(
            f"Cijfers van {day_label(view.previous_day)}" if view.previous_day else "Cijfers"
        )
        self.query_one("#dagstart-figures", Static).update(
            figures_panel(self.config, view.previous_day, view.report)
        )
        if view.so_far is not None:
            self.query_one("#dagstart-today", Static).update(so_far_text(view.so_far))
        notes = Text(standup.notes) if standup.notes else Text(
            "Geen." + ("" if self.read_only else " Druk b om ze te schrijven."), style="dim"
        )
        self.query_one("#dagstart-notes", Static).update(notes)
        self.query_one("#dagstart-log", Static).update(log_text(standup))
        self.refresh_bindings()

    def _show_items(self, items: list[StandupItem]) -> None:
        checklist = self.query_one("#checklist", OptionList)
        keep = self.selected.id if self.selected else None
        checklist.clear_options()
        for item in items:
            checklist.add_option(Option(item_line(item), id=str(item.id)))
        ids = [item.id for item in items]
        if ids:
            checklist.highlighted = ids.index(keep) if keep in ids else (checklist.highlighted or 0)

    # -- who is doing this -------------------------------------------------------

    @property
    def actor(self) -> str | None:
        return self.app.standup_actor

    def _names(self) -> list[str]:
        """Colleagues named in today's stand-up: suggestions when someone types a name."""
        standup = self.view.standup if self.view else None
        if standup is None:
            return []
        names = [standup.host, standup.lead, *(a.person for a in standup.staffing)]
        names += [entry.actor for entry in standup.log if entry.type != "open"]
        return sorted({name for name in names if name})

    def _as_actor(self, then: Callable[[str], None]) -> None:
        """Run a change in the user's name; asked once per session (w changes it)."""
        if self.actor:
            then(self.actor)
            return

        def given(name: str | None) -> None:
            if not name:
                return
            self.app.standup_actor = actor_name(name)
            if self.view is not None:
                self.show(self.view)
            then(self.app.standup_actor)

        self._ask_name(given)

    def _ask_name(self, given: Callable[[str | None], None]) -> None:
        self.app.push_screen(who_dialog(self._names()), given)

    def action_who(self) -> None:
        def given(name: str | None) -> None:
            if name:
                self.app.standup_actor = actor_name(name)
                if self.view is not None:
                    self.show(self.view)

        self._ask_name(given)

    def change(self, action: Callable[[str], Any], message: str | None = None) -> None:
        """A change to today's stand-up in the user's name, then a reload."""

        def done(_: Any) -> None:
            if message:
                self.notify(message, timeout=2, markup=False)
            self.reload()

        self._as_actor(lambda actor: self.write(lambda: action(actor), done))

    # -- which actions can run now ----------------------------------------------

    @property
    def selected(self) -> StandupItem | None:
        if self.view is None or self.view.standup is None:
            return None
        checklist = self.query_one("#checklist", OptionList)
        index = checklist.highlighted
        if index is None or index >= checklist.option_count:
            return None
        wanted = checklist.get_option_at_index(index).id
        return next((i for i in self.view.standup.items if str(i.id) == wanted), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.read_only
        if action in CHANGES and self.read_only:
            return False
        if action in ON_ITEM and self.is_mounted:
            return True if self.selected else None
        return True

    def on_option_list_option_highlighted(self) -> None:
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "checklist" and not self.read_only:
            self.action_tick()

    # -- actions -------------------------------------------------------------------

    def action_tick(self) -> None:
        item = self.selected
        if item is None or self.read_only:
            return
        want = not item.ticked

        def ticked(result: StandupItem) -> None:
            if want and result.ticked_by != self.actor:
                self.notify(f"Was al afgevinkt door {result.ticked_by}", timeout=3, markup=False)
            self.reload()

        self._as_actor(
            lambda actor: self.write(
                lambda: self.store.standup.tick(item.id, want, actor), ticked
            )
        )

    def action_edit(self) -> None:
        item = self.selected
        if item is None:
            return

        def edited(text: str | None) -> None:
            if text:
                self.change(lambda actor: self.store.standup.edit(item.id, text, actor))

        self.app.push_screen(
            TextPromptDialog(
                "Punt bewerken", "Tekst (vanaf vandaag; eerdere dagen houden hun tekst)",
                value=item.text, required=True, max_length=MAX_ITEM,
            ),
            edited,
        )

    def action_add(self) -> None:
        def added(text: str | None) -> None:
            if text:
                self.change(lambda actor: self.store.standup.add(text, actor), "Punt toegevoegd")

        self.app.push_screen(
            TextPromptDialog(
                "Nieuw punt op de checklist", "Tekst", required=True, max_length=MAX_ITEM,
                detail="Komt ook op de dagstart van de volgende dagen. Nieuws van alleen "
                "vandaag hoort bij de bijzonderheden (b).",
            ),
            added,
        )

    def action_move(self, step: int) -> None:
        item = self.selected
        if item is not None:
            self.change(lambda actor: self.store.standup.move(item.id, step, actor))

    def action_retire(self) -> None:
        item = self.selected
        if item is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change(
                    lambda actor: self.store.standup.retire(item.id, actor), "Punt geschrapt"
                )

        self.app.push_screen(
            ConfirmDialog(
                "Punt schrappen",
                f"'{item.text}' van de checklist halen? Eerdere dagstarts houden het.",
            ),
            confirmed,
        )

    def action_notes(self) -> None:
        standup = self.view.standup if self.view else None
        if standup is None:
            return

        def written(notes: str | None) -> None:
            if notes is not None:
                self.change(
                    lambda actor: self.store.standup.set_notes(notes, actor),
                    "Bijzonderheden opgeslagen",
                )

        self.app.push_screen(NotesDialog(standup.notes), written)

    def action_roles(self) -> None:
        standup = self.view.standup if self.view else None
        if standup is None:
            return

        def chosen(roles: tuple[str, str] | None) -> None:
            if roles is not None:
                self.change(lambda actor: self.store.standup.set_roles(*roles, actor))

        self.app.push_screen(RolesDialog(standup.host, standup.lead, self._names()), chosen)

    def action_counters(self) -> None:
        standup = self.view.standup if self.view else None
        if standup is None:
            return
        if not standup.staffing:
            self._assign(None)
            return
        options = [
            (
                "=" + a.counter,
                Text.assemble(
                    (a.counter, "bold"), f"  {a.person or NO_COLLEAGUE}  ",
                    (", ".join(self.config.label(k) for k in a.domains), "dim"),
                ),
            )
            for a in standup.staffing
        ]
        options.append((NEW_COUNTER, Text("Andere balie indelen…", style="italic")))

        def picked(key: str | None) -> None:
            if key is not None:
                self._assign(None if key == NEW_COUNTER else standup.assignment(key[1:]))

        self.app.push_screen(PickDialog("Balies van vandaag", options), picked)

    def _assign(self, assignment: Assignment | None) -> None:
        was = assignment.counter if assignment else None

        def chosen(setup: CounterSetup | None) -> None:
            if setup is not None:
                self.change(
                    lambda actor: self.store.standup.assign_counter(
                        setup.name, setup.person, setup.domains, actor, was=was
                    )
                )

        self.app.push_screen(
            StaffingDialog(
                self.config, was, list(assignment.domains) if assignment else None,
                assignment.person if assignment else None,
            ),
            chosen,
        )

    def action_history(self) -> None:
        today = self.view.today if self.view else None

        def got(days: list[str]) -> None:
            options = [(d, Text(day_label(d, year=True))) for d in days if d != today]
            if not options:
                self.notify("Er zijn nog geen eerdere dagstarts.", timeout=3)
                return
            self.app.push_screen(
                PickDialog("Eerdere dagstarts", options, hint="Alleen bekijken."), self._look_back
            )

        self.write(self.store.standup.days, got)

    def _look_back(self, day: str | None) -> None:
        if day is None:
            return
        if self.read_only:
            self.app.switch_screen(DagstartScreen(day))
        else:
            self.app.push_screen(DagstartScreen(day))

    def action_back(self) -> None:
        if self.read_only:
            self.app.pop_screen()

