"""The daily stand-up (dagstart): the checklist, who works where, yesterday's
figures, what is known about today, and the day's notes.

Today's stand-up is live: several terminals can tick at once and each sees the
others' ticks. An earlier day opens read-only, as history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pendulum
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from balie.clock import from_ms, local, local_day
from balie.core.figures import Figures, PeriodReport
from balie.core.standup import (
    LOG_WORDS,
    Assignment,
    MAX_ITEM,
    MAX_PERSON,
    Standup,
    StandupItem,
    actor_name,
    previous_opening_day,
)
from balie.dialogs.confirm import ConfirmDialog
from balie.dialogs.counter_setup import CounterSetup, StaffingDialog
from balie.dialogs.notes import NotesDialog
from balie.dialogs.pick import PickDialog
from balie.dialogs.roles import RolesDialog
from balie.dialogs.text_prompt import TextPromptDialog
from balie.reporting import MINUTE_MS, columns, figures_of, number
from balie.screens.live import LiveScreen
from balie.widgets.office_clock import OfficeClock

LOG_LINES = 5
NEW_COUNTER = "+"  # the picker's id for "another counter"; counter ids start with "="
# Actions that change today's stand-up (never offered on an earlier day).
CHANGES = {"tick", "edit", "add", "move", "retire", "notes", "roles", "counters", "who"}
ON_ITEM = {"tick", "edit", "move", "retire"}


@dataclass(frozen=True)
class DagstartView:
    standup: Standup | None
    today: str
    previous_day: str | None
    report: PeriodReport | None  # the previous opening day's figures
    so_far: dict[str, int] | None  # today only


def day_label(day: str, year: bool = False) -> str:
    """'donderdag 19 november' (with the year for looking back further)."""
    return pendulum.parse(day).format("dddd D MMMM" + (" YYYY" if year else ""), locale="nl")


def minutes(ms: float | None) -> str:
    return "" if ms is None else number(ms / MINUTE_MS, "min")


def percent(share: float | None) -> str:
    return "" if share is None else f"{number(share * 100, '%', digits=0)}%"


def clock_time(ms: int) -> str:
    return local(from_ms(ms)).format("HH:mm")


class DagstartScreen(LiveScreen[DagstartView]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("space", "tick", "Afvinken"),
        Binding("e", "edit", "Wijzig"),
        Binding("n", "add", "Nieuw"),
        Binding("shift+up", "move(-1)", "Verplaats", key_display="⇧↑↓"),
        Binding("shift+down", "move(1)", "Omlaag", show=False),
        Binding("x", "retire", "Schrap"),
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
                yield OptionList(id="checklist")
            with Vertical(id="dagstart-side"):
                yield Label("Bezetting", classes="panel-title -first")
                yield Static("", id="dagstart-staffing")
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
        yield Footer(show_command_palette=False)  # ctrl+p still works; the keys need the room

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#checklist", OptionList).focus()
        for widget in ("#today-title", "#dagstart-today"):
            self.query_one(widget).display = not self.read_only

    # -- data ----------------------------------------------------------------

    def load(self) -> DagstartView:
        store, config = self.store, self.config
        today = local_day(self.app.clock.now())
        day = self.day or today
        standup = store.standup.of(day) if self.read_only else store.standup.open()
        previous = previous_opening_day(day, config.opening_hours, set(store.visits.days_before(day)))
        return DagstartView(
            standup=standup,
            today=today,
            previous_day=previous,
            report=self._report(previous),
            so_far=None if self.read_only else store.standup.day_so_far(day),
        )

    def _report(self, day: str | None) -> PeriodReport | None:
        """The previous opening day's figures, from the shared figures core."""
        return None if day is None else self.store.reports.period(day, day, self.config)

    def show(self, view: DagstartView) -> None:
        self.view = view
        standup = view.standup
        if standup is None:
            self.query_one("#summary", Static).update(Text("Geen dagstart op deze dag."))
            return
        summary = Text(day_label(standup.day, year=self.read_only))
        summary.append(f" · {standup.done} van {len(standup.items)} afgevinkt")
        if self.read_only:
            summary.append(" · alleen bekijken", style="italic")
        elif self.actor:
            summary.append(" · jij: ")
            summary.append(self.actor, style="bold")
        self.query_one("#summary", Static).update(summary)
        self._show_items(standup.items)
        self.query_one("#dagstart-staffing", Static).update(self._staffing(standup))
        self.query_one("#figures-title", Label).update(
            f"Cijfers van {day_label(view.previous_day)}" if view.previous_day else "Cijfers"
        )
        self.query_one("#dagstart-figures", Static).update(self._figures(view))
        if view.so_far is not None:
            self.query_one("#dagstart-today", Static).update(self._so_far(view.so_far))
        notes = Text(standup.notes) if standup.notes else Text(
            "Geen." + ("" if self.read_only else " Druk b om ze te schrijven."), style="dim"
        )
        self.query_one("#dagstart-notes", Static).update(notes)
        self.query_one("#dagstart-log", Static).update(self._log(standup))
        self.refresh_bindings()

    def _show_items(self, items: list[StandupItem]) -> None:
        checklist = self.query_one("#checklist", OptionList)
        keep = self.selected.id if self.selected else None
        checklist.clear_options()
        for item in items:
            line = Text()
            if item.ticked:
                line.append("[x] ", style="bold green")
            else:
                line.append("[ ] ")
            line.append(item.text)
            if item.ticked and item.ticked_ms is not None:
                line.append(f"  {item.ticked_by} {clock_time(item.ticked_ms)}", style="dim")
            checklist.add_option(Option(line, id=str(item.id)))
        ids = [item.id for item in items]
        if ids:
            checklist.highlighted = ids.index(keep) if keep in ids else (checklist.highlighted or 0)

    def _staffing(self, standup: Standup) -> RenderableType:
        nobody = Text("nog niet ingevuld", style="dim")
        roles = Table.grid(padding=(0, 1))
        roles.add_column(style="bold", no_wrap=True)
        roles.add_column()
        roles.add_row("Gastvrouw", Text(standup.host) if standup.host else nobody)
        roles.add_row("Eerste medewerker", Text(standup.lead) if standup.lead else nobody)
        if not standup.staffing:
            hint = "" if self.read_only else " (c)"
            roles.add_row("Balies", Text(f"nog niet ingedeeld{hint}", style="dim"))
            return roles
        counters = Table.grid(padding=(0, 1))
        counters.add_column(style="bold", no_wrap=True)
        counters.add_column(no_wrap=True)
        counters.add_column(style="dim")
        for assignment in standup.staffing:
            labels = ", ".join(self.config.label(key) for key in assignment.domains)
            counters.add_row(Text(assignment.counter), Text(assignment.person or "?"), Text(labels))
        return Group(roles, counters)

    def _figures(self, view: DagstartView) -> RenderableType:
        report: PeriodReport | None = view.report
        if view.previous_day is None or report is None:
            return Text("Geen eerdere openingsdag.", style="dim")
        if not report.total.visitors:
            return Text("Geen bezoekers geregistreerd op die dag.", style="dim")
        goal = self.config.service_level_share
        shown = [(key, label, figures_of(report, key)) for key, label in columns(self.config, report)]
        table = Table(box=None, padding=(0, 0, 0, 1), pad_edge=False, header_style="bold")
        table.add_column("", no_wrap=True)
        for key, label, _ in shown:
            table.add_column(Text(label), justify="right", no_wrap=True, style="" if key else "bold")
        rows: list[tuple[str, Callable[[str, Figures], Text]]] = [
            ("Bezoekers", lambda _, f: Text(str(f.visitors))),
            ("Wacht gem. (min)", lambda _, f: Text(minutes(f.mean_wait_ms))),
            ("Wacht 90% (min)", lambda _, f: Text(minutes(f.p90_wait_ms))),
            ("Norm (min)", lambda k, _: Text(str(self._target(k)) if k else "")),
            (f"Servicelevel (doel {percent(goal)})", lambda _, f: self._level(f, goal)),
            ("Niet verschenen", lambda _, f: Text(str(f.no_shows))),
            ("Aan de balie afgehandeld", lambda _, f: Text(percent(f.front_share))),
        ]
        for title, cell in rows:
            table.add_row(title, *(cell(key, f) if f else "" for key, _, f in shown))
        return table

    @staticmethod
    def _level(figures: Figures, goal: float) -> Text:
        level = Text(percent(figures.service_level))
        if figures.service_level is not None:
            level.stylize("green" if figures.service_level >= goal else "bold red")
        return level

    def _target(self, key: str) -> int:
        return next((d.target_minutes for d in self.config.domains if d.key == key), 10)

    @staticmethod
    def _so_far(so_far: dict[str, int]) -> Text:
        if not so_far["registered"]:
            return Text("Nog niemand aangemeld.", style="dim")
        return Text(
            f"{so_far['registered']} aangemeld, waarvan {so_far['appointments']} met afspraak"
            f" · {so_far['waiting']} wachten nu"
        )

    @staticmethod
    def _log(standup: Standup) -> Text:
        text = Text()
        for entry in reversed(standup.log[-LOG_LINES:]):
            if text:
                text.append("\n")
            text.append(f"{clock_time(entry.at_ms)} ")
            if entry.type != "open":  # made by whoever opened first: no one in particular
                text.append(entry.actor, style="bold")
                text.append(" ")
            text.append(LOG_WORDS.get(entry.type, entry.type))
            if entry.text and entry.type not in ("notes",):
                text.append(f": {entry.text}", style="dim")
        return text

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
        self.app.push_screen(
            TextPromptDialog(
                "Wie ben je?", "Je naam: die komt bij wat je afvinkt en wijzigt",
                placeholder="bijv. Petra", required=True, max_length=MAX_PERSON,
                suggestions=self._names(),
                detail="Eén keer per sessie; met w wissel je van naam.",
            ),
            given,
        )

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
                    (a.counter, "bold"), f"  {a.person or '?'}  ",
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

