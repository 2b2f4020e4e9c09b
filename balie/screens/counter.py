"""A counter ("Balie 3"): call the next visitor, help them, finish with an outcome.

Who is "current" lives in the database (state 'called', counter = this name),
so closing and reopening the screen picks up where the counter was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from balie.clock import to_ms
from balie.core.calls import CallTimes
from balie.core.safeguards import CONFIRM_FIRST, too_soon
from balie.core.visits import Visit
from balie.core.wording import OUTCOME_LABELS
from balie.dialogs.choose_domain import ChooseDomainDialog
from balie.dialogs.confirm import SureDialog
from balie.dialogs.counter_setup import CounterSetup, CounterSetupDialog
from balie.dialogs.finish import Finish, FinishDialog
from balie.dialogs.pick_visit import PickVisitDialog
from balie.dialogs.counter_prompts import reason_dialog, transfer_note_dialog
from balie.dialogs.walk_up import WalkUp, WalkUpDialog
from balie.screens.counter_view import CounterView, read_counter, staffed_today
from balie.screens.live import LiveScreen
from balie.widgets.big_text import BigText
from balie.widgets.counter_log import counter_log_text
from balie.widgets.day_notes import DayNotes
from balie.widgets.office_clock import OfficeClock
from balie.widgets.visit_detail import nobody_here, visit_detail
from balie.widgets.visit_table import VisitTable
from balie.widgets.footer import BalieFooter

LOG_LINES = 6
# Actions that need someone at the counter, and those that need the counter free.
WITH_VISITOR = {"finish", "recall", "requeue", "no_show", "transfer"}
WITHOUT_VISITOR = {"next", "call_selected", "walk_up", "returned", "setup"}


class CounterScreen(LiveScreen[CounterView | None]):
    CSS_PATH = "counter.tcss"
    HELP_TITLE = "Balie"
    # Below 100 columns the visitor's panel takes less room, so the queue keeps its names.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("n", "next", "Volgende"),
        Binding("a", "finish", "Afronden"),
        Binding("r", "recall", "Opnieuw oproepen", show=False),  # F1 lists it: the footer has no room
        Binding("t", "requeue", "Terug in de rij"),
        Binding("o", "no_show", "Niet verschenen"),
        Binding("d", "transfer", "Doorsturen"),
        Binding("c", "call_selected", "Buiten de beurt"),
        Binding("z", "walk_up", "Zonder ticket"),
        Binding("l", "returned", "Toch gekomen"),
        Binding("p", "pause", "Pauze"),
        Binding("p", "resume", "Hervat"),
        Binding("i", "setup", "Instellen", show=False),
    ]

    view: CounterView | None = None
    _calling = False  # a call is on its way to the database

    @property
    def counter(self) -> str | None:
        return self.app.counter_name

    @property
    def domains(self) -> list[str] | None:
        return self.app.counter_domains

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Label("Balie", id="role")
            yield Static("", id="summary")
            yield OfficeClock(id="clock")
        yield DayNotes(id="day-notes")
        yield Static("", id="counter-paused")
        with Horizontal(id="counter-main"):
            with Vertical(id="counter-current"):
                yield Label("Aan de balie", classes="panel-title")
                yield BigText("", scale=2, id="counter-ticket")
                yield Static("", id="counter-detail")
            with Vertical(id="counter-side"):
                yield Label("Wachtenden in je domeinen", id="counter-queue-title", classes="panel-title")
                yield VisitTable(self.config, id="counter-queue")
                yield Label("Vandaag aan deze balie", classes="panel-title")
                yield Static("", id="counter-log")
        yield BalieFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(VisitTable).focus()
        counter = self.counter
        if counter and not self.domains:
            # A name but no domains: today's stand-up may say which domains this counter has.
            self.write(lambda: self.store.standup.counter_domains_today(counter), self._standup_domains)
        elif not self.counter or not self.domains:
            self.action_setup()

    def on_resize(self) -> None:
        self.query_one("#counter-ticket", BigText).scale = 1 if self.has_class("-narrow") else 2

    def _standup_domains(self, domains: list[str] | None) -> None:
        known = [key for key in domains or [] if any(d.key == key for d in self.config.domains)]
        if not known:
            self.action_setup()
            return
        self.app.counter_domains = known
        labels = ", ".join(self.config.label(key) for key in known)
        self.notify(f"Domeinen uit de dagstart: {labels} (i: anders instellen)", timeout=4, markup=False)
        self.reload()

    # -- data ----------------------------------------------------------------

    def load(self) -> CounterView | None:
        counter, domains = self.counter, self.domains
        if not counter or not domains:
            return None
        return read_counter(self.store, counter, domains, to_ms(self.app.clock.now()))

    def show(self, view: CounterView | None) -> None:
        if view is None:
            return
        self.view = view
        self.query_one("#role", Label).update(Text(self.counter or "Balie"))
        self.query_one(DayNotes).show_notes(view.notes)
        labels = ", ".join(self.config.label(key) for key in self.domains or [])
        summary = view.summary
        self.query_one("#summary", Static).update(
            Text(
                f"{labels} · vandaag {summary['finish']} geholpen · "
                f"{summary['no_show']} niet verschenen · {summary['transfer']} doorgestuurd"
            )
        )
        paused = self.query_one("#counter-paused", Static)
        paused.update("PAUZE: deze balie roept niemand op. Druk p om te hervatten." if view.paused else "")
        paused.display = view.paused
        self.set_class(view.paused, "paused")
        self._show_current(view)
        self.query_one("#counter-queue-title", Label).update(
            f"Wachtenden in je domeinen ({len(view.waiting)})"
        )
        self.query_one(VisitTable).show_visits(view.waiting, view.now_ms)
        self.query_one("#counter-log", Static).update(counter_log_text(view.log[:LOG_LINES], self.config))
        self.refresh_bindings()

    def _show_current(self, view: CounterView) -> None:
        visit = view.current
        self.query_one("#counter-ticket", BigText).text = visit.ticket if visit else ""
        if visit is None:
            several = len(self.domains or []) > 1
            detail = nobody_here(self.config, view.waiting, view.now_ms, view.paused, several)
        else:
            detail = visit_detail(
                visit, self.config, view.call_times, view.now_ms, view.transfer_note, view.also_called,
                view.subject,
            )
        self.query_one("#counter-detail", Static).update(detail)

    # -- which actions can run now ------------------------------------------

    @property
    def current(self) -> Visit | None:
        return self.view.current if self.view else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only keys that can act now are in the footer, and only they work."""
        if not self.is_mounted or action not in WITH_VISITOR | WITHOUT_VISITOR | {"pause", "resume"}:
            return True
        if action == "setup":
            return self.view is None or self.current is None
        view = self.view
        if view is None:
            return False
        if action in ("pause", "resume"):
            return view.paused == (action == "resume")
        if action in WITH_VISITOR:
            return view.current is not None
        if view.current is not None:
            return False  # finish the visitor at the counter first
        if action == "returned":
            return bool(view.no_shows)
        if view.paused:
            return False  # the banner says how to resume
        if action == "call_selected":
            return self.query_one(VisitTable).selected is not None
        return True

    # -- actions -------------------------------------------------------------

    def action_setup(self) -> None:
        def configured(setup: CounterSetup | None) -> None:
            if setup is None:
                if not self.counter or not self.domains:
                    self.app.switch_mode("start")
                return
            self.app.counter_name = setup.name
            self.app.counter_domains = setup.domains
            self.reload()

        # What today's stand-up gave each counter: typing that name ticks its domains.
        self.write(
            lambda: staffed_today(self.store),
            lambda today: self.app.push_screen(
                CounterSetupDialog(self.config, self.counter, self.domains, staffed=today), configured
            ),
        )

    def _call(self, claim: Callable[[], Visit | None], done: Callable[[Visit | None], None]) -> None:
        """Call one visitor at a time: a key pressed again while a call is on its
        way is absorbed, and the visitor counts as here at once, so the next
        press finds the counter busy (the store refuses a second one anyway)."""
        if self._calling:
            return
        self._calling = True

        def attempt() -> Visit | None:
            try:
                return claim()
            except Exception:
                self.app.call_from_thread(self._called, None)
                raise

        def called(visit: Visit | None) -> None:
            self._called(visit)
            done(visit)

        self.write(attempt, called)

    def _called(self, visit: Visit | None) -> None:
        self._calling = False
        if visit is not None and self.view is not None:
            now_ms = to_ms(self.app.clock.now())
            self.view = replace(self.view, current=visit, call_times=CallTimes(now_ms, now_ms))
            self.refresh_bindings()

    def action_next(self) -> None:
        counter, domains = self.counter, list(self.domains or [])

        def called(visit: Visit | None) -> None:
            if visit is None:
                self.notify("Er wacht niemand in je domeinen.", timeout=3)
            else:
                self.notify(f"{visit.ticket} opgeroepen", timeout=3, markup=False)
            self.reload()

        if counter is not None:
            self._call(lambda: self.store.queue.call_next(counter, domains), called)

    def action_call_selected(self) -> None:
        visit = self.query_one(VisitTable).selected
        counter = self.counter
        if visit is None or counter is None:
            return

        def reason_given(reason: str | None) -> None:
            if reason is None:
                return
            self._call(
                lambda: self.store.queue.call_visit(visit.id, counter, reason=reason),
                self.announce("{ticket} buiten de beurt opgeroepen"),
            )

        self.app.push_screen(reason_dialog(visit.ticket), reason_given)

    def action_walk_up(self) -> None:
        counter = self.counter
        if counter is None:
            return

        def chosen(walk_up: WalkUp | None) -> None:
            if walk_up is None:
                return
            domain = self.config.domain(walk_up.domain)
            self._call(
                lambda: self.store.queue.walk_up(domain, counter, question=walk_up.question),
                self.announce("{ticket} aangemeld en bij deze balie"),
            )

        self.app.push_screen(WalkUpDialog(self.config, list(self.domains or [])), chosen)

    def action_returned(self) -> None:
        if not self.view or not self.view.no_shows or self.counter is None:
            return
        counter = self.counter

        def picked(visit_id: int | None) -> None:
            if visit_id is not None:
                self.write(
                    lambda: self.store.counter.returned(visit_id, counter),
                    self.announce("{ticket} staat weer in de rij (op de oude plek)"),
                )

        self.app.push_screen(
            PickVisitDialog(
                self.config, "Niet verschenen, toch gekomen", self.view.no_shows,
                hint="Komt terug in de rij op de oude plek.",
            ),
            picked,
        )

    def action_resume(self) -> None:
        self.action_pause()

    def action_pause(self) -> None:
        counter = self.counter
        if counter is None or self.view is None:
            return
        pause = not self.view.paused
        self.write(
            lambda: self.store.counter.set_paused(counter, pause),
            lambda _: (
                self.notify("Pauze" if pause else "Hervat", timeout=2),
                self.reload(),
            ),
        )

    def _change_current(self, action: str, change: Callable[[int, str], Visit], message: str) -> None:
        """Apply a store change to the visitor at this counter, in this counter's name.

        Refused with the reason when it comes too soon after the call, and
        some only after a yes (core.safeguards); the store holds to the same times.
        """
        visit, counter, view = self.current, self.counter, self.view
        if visit is None or counter is None or view is None:
            return
        now_ms = to_ms(self.app.clock.now())
        refused = too_soon(action, visit.ticket, view.call_times.last_ms or visit.called_ms, now_ms)
        if refused:
            self.notify(refused, severity="warning", timeout=4, markup=False)
            return

        def go(yes: bool | None = True) -> None:
            if yes:
                self.write(lambda: change(visit.id, counter), self.announce(message))

        ask = CONFIRM_FIRST.get(action)
        if ask is None:
            go()
        else:
            self.app.push_screen(SureDialog(visit.ticket, ask), go)

    def action_recall(self) -> None:
        self._change_current("recall", self.store.counter.recall, "{ticket} opnieuw opgeroepen")

    def action_requeue(self) -> None:
        self._change_current("requeue", self.store.counter.requeue, "{ticket} terug in de rij (op de oude plek)")

    def action_no_show(self) -> None:
        self._change_current("no_show", self.store.counter.no_show, "{ticket} niet verschenen (terughalen met l)")

    def action_transfer(self) -> None:
        visit, counter = self.current, self.counter
        if visit is None or counter is None:
            return

        def noted(domain_key: str, note: str | None) -> None:
            if note is None:
                return
            domain = self.config.domain(domain_key)
            self.write(
                lambda: self.store.counter.transfer(visit.id, domain, counter, note=note or None),
                self.announce(lambda v: f"{v.ticket} doorgestuurd naar {domain.label}"),
            )

        def chosen(domain_key: str | None) -> None:
            if domain_key is None:
                return
            self.app.push_screen(
                transfer_note_dialog(visit.ticket, self.config.label(domain_key)),
                lambda note: noted(domain_key, note),
            )

        self.app.push_screen(
            ChooseDomainDialog(
                self.config, f"{visit.ticket} doorsturen naar", exclude=visit.domain
            ),
            chosen,
        )

    def action_finish(self) -> None:
        visit, counter = self.current, self.counter
        if visit is None or counter is None:
            return
        store = self.store

        def finished(result: Finish | None) -> None:
            if result is None:
                return
            self.write(
                lambda: store.counter.finish(
                    visit.id, result.outcome, counter, topic=result.topic, subject_id=result.subject_id
                ),
                self.announce(f"{{ticket}} afgerond: {OUTCOME_LABELS[result.outcome]}"),
            )

        # Topics are few and cheap to read; reading them here keeps the dialog instant.
        self.write(
            store.visits.topics_used,
            lambda topics: self.app.push_screen(
                FinishDialog(visit.ticket, topics, self.config, self.view.subject if self.view else None), finished
            ),
        )
