"""The host desk (gastvrouw): register, check in, route and keep an eye on the queue."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from balie.clock import local_day, local_time_on, to_ms
from balie.core.estimate import DomainLoad, WaitEstimate
from balie.core.visits import Visit
from balie.core.wording import wait_phrase
from balie.dialogs.choose_domain import ChooseDomainDialog
from balie.dialogs.confirm import SureDialog
from balie.dialogs.register import Registration, RegisterDialog
from balie.dialogs.wegwijzer import Wegwijs, WegwijzerDialog
from balie.screens.live import LiveScreen
from balie.widgets.big_text import BigText
from balie.widgets.day_notes import DayNotes
from balie.widgets.domain_loads import DomainLoads
from balie.widgets.office_clock import OfficeClock
from balie.widgets.redraw import update_if_changed
from balie.widgets.visit_table import VisitTable
from balie.widgets.footer import BalieFooter

ACTOR = "gastvrouw"
ACTION_KEYS = {"a", "w", "u", "d", "x", "q"}


@dataclass(frozen=True)
class DeskView:
    loads: list[DomainLoad]
    waiting: list[Visit]
    now_ms: int
    answered_today: int
    visits_today: int
    notes: str | None = None  # the stand-up's bijzonderheden for today


@dataclass(frozen=True)
class Issued:
    """A ticket just handed out, with what to tell the visitor."""

    visit: Visit
    ahead: int
    wait: WaitEstimate


class DeskScreen(LiveScreen[DeskView]):
    CSS_PATH = "desk.tcss"
    HELP_TITLE = "Gastvrouw"
    # Below 100 columns the last ticket takes less room, so the queue keeps its names.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("a", "appointment", "Afspraak"),
        Binding("w", "wegwijzer", "Wegwijzen"),
        Binding("u", "urgent", "Spoed"),
        Binding("d", "correct_domain", "Domein"),
        Binding("x", "left", "Vertrokken"),
    ]

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(VisitTable).focus()

    def on_resize(self) -> None:
        self.query_one("#ticket-big", BigText).scale = 1 if self.has_class("-narrow") else 2

    def _bind_domain_keys(self) -> dict[str, str]:
        """One key per domain: its prefix letter when free, and always its digit."""
        shown: dict[str, str] = {}
        bindings: list[Binding] = []
        for number, domain in enumerate(self.config.domains, 1):
            keys = [str(number)] if number < 10 else []
            letter = domain.prefix.lower()
            if letter not in ACTION_KEYS:
                keys.insert(0, letter)
            # Not in the footer: each domain card says its keys ("toets b of 1"),
            # which leaves the footer room for the other keys on an 80-column terminal.
            bindings += [
                Binding(key, f"register('{domain.key}')", domain.label, show=False) for key in keys
            ]
            shown[domain.key] = " of ".join(keys)
        # Domain keys first: registering is what the desk does most.
        existing = [b for group in self._bindings.key_to_bindings.values() for b in group]
        self._bindings = BindingsMap([*bindings, *existing])
        return shown

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Label("Gastvrouw", id="role")
            yield Static("", id="summary")
            yield OfficeClock(id="clock")
        yield DayNotes(id="day-notes")
        yield DomainLoads(self.config.domains, key_hints=self._bind_domain_keys(), id="loads")
        with Horizontal(id="desk-main"):
            with Vertical(id="last-ticket"):
                yield Label("Laatste ticket", classes="panel-title")
                yield BigText("", scale=2, id="ticket-big")
                yield Static(Text("Kies een domein met zijn toets om een bezoeker aan te melden."), id="ticket-detail")
            with Vertical(id="queue-panel"):
                yield Label("Wachtenden (volgorde van oproepen)", classes="panel-title")
                yield VisitTable(self.config, id="queue")
        yield BalieFooter()

    # -- data ----------------------------------------------------------------

    def load(self) -> DeskView:
        store = self.store
        now = self.app.clock.now()
        day = local_day(now)
        waiting = store.queue.waiting()
        return DeskView(
            loads=store.board.loads(self.config, waiting),
            waiting=waiting,
            now_ms=to_ms(now),
            answered_today=store.desk.quick_answers_on(day),
            visits_today=store.visits.count_on(day),
            notes=store.standup.notes(day),
        )

    def show(self, view: DeskView) -> None:
        self.query_one(DomainLoads).show_loads(view.loads)
        self.query_one(VisitTable).show_visits(view.waiting, view.now_ms)
        self.query_one(DayNotes).show_notes(view.notes)
        update_if_changed(
            self.query_one("#summary", Static),
            f"vandaag {view.visits_today} aangemeld · {view.answered_today} direct beantwoord",
        )
        self.refresh_bindings()

    def show_issued(self, issued: Issued) -> None:
        visit = issued.visit
        self.query_one("#ticket-big", BigText).text = visit.ticket
        detail = Text()
        detail.append(self.config.label(visit.domain), style="bold")
        if visit.urgent:
            detail.append(" · spoed", style="bold red")
        detail.append(f"\n{issued.ahead} voor u\n{wait_phrase(issued.wait)}")
        if visit.name:
            detail.append(f"\n{visit.name}", style="dim")
        self.query_one("#ticket-detail", Static).update(detail)
        self.notify(f"{visit.ticket} aangemeld", timeout=3, markup=False)
        self.reload()

    # -- actions -------------------------------------------------------------

    @property
    def selected(self) -> Visit | None:
        return self.query_one(VisitTable).selected

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("urgent", "correct_domain", "left"):
            return True if self.is_mounted and self.selected else None
        return True

    def action_register(self, domain: str) -> None:
        self.app.push_screen(RegisterDialog(self.config, domain), self._registered)

    def action_appointment(self) -> None:
        self.app.push_screen(
            RegisterDialog(self.config, self.config.domains[0].key, appointment=True),
            self._registered,
        )

    def _registered(self, registration: Registration | None) -> None:
        if registration is None:
            return
        store, config, clock = self.store, self.config, self.app.clock

        def register() -> Issued:
            appointment_ms = None
            if registration.appointment:
                appointment_ms = to_ms(
                    local_time_on(local_day(clock.now()), registration.appointment)
                )
            # One transaction: the number told agrees with the ticket, whatever other desks do.
            return Issued(*store.desk.register_with_outlook(
                config.domain(registration.domain),
                config,
                name=registration.name,
                question=registration.question,
                urgent=registration.urgent,
                appointment_ms=appointment_ms,
                subject_id=registration.subject_id,
                actor=ACTOR,
            ))

        self.write(register, self.show_issued)

    def action_wegwijzer(self) -> None:
        def chosen(choice: Wegwijs | None) -> None:
            if choice is None:
                return
            subject = choice.subject
            if choice.ticket:
                domain = subject.domain if subject else None
                dialog = RegisterDialog(self.config, domain, question=choice.question, subject=subject)
                self.app.push_screen(dialog, self._registered)
                return
            said = f"Direct beantwoord: {subject.name}" if subject else "Geteld als direct beantwoord"
            self.write(
                lambda: self.store.knowledge.quick_answer(
                    subject.id if subject else None, ACTOR, question=choice.question
                ),
                lambda _: (self.notify(said, timeout=2, markup=False), self.reload()),
            )

        self.app.push_screen(WegwijzerDialog(self.config), chosen)

    def action_urgent(self) -> None:
        visit = self.selected
        if visit is None:
            return
        self.write(
            lambda: self.store.desk.set_urgent(visit.id, not visit.urgent, ACTOR),
            self.announce(lambda v: f"{v.ticket} {'met spoed' if v.urgent else 'zonder spoed'}"),
        )

    def action_correct_domain(self) -> None:
        visit = self.selected
        if visit is None:
            return

        def chosen(key: str | None) -> None:
            if key is None:
                return
            self.write(
                lambda: self.store.desk.correct_domain(visit.id, self.config.domain(key), ACTOR),
                self.announce(lambda v: f"{v.ticket} staat nu bij {self.config.label(v.domain)}"),
            )

        self.app.push_screen(
            ChooseDomainDialog(self.config, f"Ander domein voor {visit.ticket}", exclude=visit.domain),
            chosen,
        )

    def action_left(self) -> None:
        visit = self.selected
        if visit is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write(
                    lambda: self.store.desk.mark_left(visit.id, ACTOR),
                    self.announce("{ticket} vertrokken"),
                )

        self.app.push_screen(
            SureDialog(visit.ticket, f"Is {visit.ticket} vertrokken zonder geholpen te zijn?"),
            confirmed,
        )
