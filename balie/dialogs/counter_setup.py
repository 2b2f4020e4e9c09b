"""Which counter is this terminal, and which domains does it serve today?

The stand-up uses the same dialog to say which colleague sits where today.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, SelectionList, Static

from balie.config import Config
from balie.core.counters import MAX_COUNTER_NAME, counter_name
from balie.core.standup import MAX_PERSON, person_name
from balie.errors import BalieError
from balie.widgets.footer import BalieFooter
from balie.widgets.ticks import TickList


@dataclass(frozen=True)
class CounterSetup:
    name: str
    domains: list[str]
    person: str | None = None  # only asked at the stand-up


class CounterSetupDialog(ModalScreen[CounterSetup | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Annuleren"),
        Binding("ctrl+s", "submit", "Beginnen"),
    ]

    def __init__(
        self,
        config: Config,
        name: str | None,
        domains: list[str] | None,
        *,
        staffing: bool = False,
        person: str | None = None,
        staffed: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.name_value = name or ""
        self.domains = domains or []
        # At the stand-up: also the colleague, and no domains takes the counter off today's list.
        self.staffing = staffing
        self.person = person or ""
        # Today's stand-up: counter name -> its domains, filled in when that name is typed.
        self.staffed = {name.casefold(): domains for name, domains in (staffed or {}).items()}
        self.staffed_names = sorted(staffed or {})
        self._filled: list[str] | None = None  # the domains put there from the stand-up

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="counter-setup"):
            yield Label("Balie indelen" if self.staffing else "Balie instellen", classes="dialog-title")
            yield Label("Naam van deze balie (zoals op het scherm in de hal)")
            # Not selected on focus: Tab back to the name must not make the next key wipe it.
            yield Input(
                value=self.name_value, placeholder="bijv. Balie 3", select_on_focus=False,
                max_length=MAX_COUNTER_NAME, id="counter-name",
                suggester=SuggestFromList(self.staffed_names, case_sensitive=False) if self.staffed else None,
            )
            if self.staffing:
                yield Label("Collega aan deze balie")
                yield Input(
                    value=self.person, placeholder="bijv. Kees",
                    max_length=MAX_PERSON, id="counter-person",
                )
            yield Label("Domeinen (spatie: aan/uit)")
            yield TickList[str](
                *((Text(d.label), d.key, d.key in self.domains) for d in self.config.domains),
                id="counter-domains",
            )
            yield Static("", id="from-standup", classes="hint")
            yield Static("", id="error", classes="error")
            if self.staffing:
                hint = "Tab: volgend veld · Ctrl+S: opslaan · zonder domeinen: van de lijst van vandaag"
            else:
                hint = "Tab: volgend veld (de naam blijft staan) · Ctrl+S: beginnen"
            yield Static(hint, classes="hint")
        yield BalieFooter()

    def on_input_changed(self, event: Input.Changed) -> None:
        """A counter today's stand-up staffed: its domains, unless someone ticked others."""
        if event.input.id != "counter-name" or self.staffing:
            return
        domains = self.staffed.get(event.value.strip().casefold())
        chooser = self.query_one(SelectionList)
        if chooser.selected and list(chooser.selected) != self._filled:
            return  # ticked by hand: leave them
        chooser.deselect_all()
        for key in domains or []:
            chooser.select(key)
        self._filled = list(chooser.selected) if domains else None
        note = self.query_one("#from-standup", Static)
        note.update("Domeinen uit de dagstart van vandaag.")
        note.display = bool(domains)

    def on_input_submitted(self) -> None:
        if not self.query_one(SelectionList).selected:
            self.query_one(SelectionList).focus()
            self.query_one("#error", Static).update("Kies met spatie de domeinen van deze balie.")
            return
        self.action_submit()

    def action_submit(self) -> None:
        error = self.query_one("#error", Static)
        try:
            name = counter_name(self.query_one("#counter-name", Input).value)
        except BalieError as problem:
            error.update(str(problem))
            self.query_one("#counter-name", Input).focus()
            return
        selected = list(self.query_one(SelectionList).selected)
        if not selected and not self.staffing:
            error.update("Kies minstens één domein (spatie zet een domein aan).")
            self.query_one(SelectionList).focus()
            return
        # Keep the configured order, whatever order they were ticked in.
        ordered = [d.key for d in self.config.domains if d.key in selected]
        person = self.query_one("#counter-person", Input).value if self.staffing else None
        self.dismiss(CounterSetup(name, ordered, person_name(person)))

    def action_cancel(self) -> None:
        self.dismiss(None)


class StaffingDialog(CounterSetupDialog):
    """At the stand-up: which colleague sits at a counter today, for which domains."""

    BINDINGS = [Binding("ctrl+s", "submit", "Opslaan")]

    def __init__(
        self, config: Config, name: str | None, domains: list[str] | None, person: str | None
    ) -> None:
        super().__init__(config, name, domains, staffing=True, person=person)
