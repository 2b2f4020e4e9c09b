"""The daily stand-up (dagstart): a checklist from the team's template, who works
where, notes for the day, and which earlier day's figures to look back on.

A day's stand-up keeps its own copy of the item texts: changing or retiring a
template item later never rewrites what a team saw and ticked on an earlier
day. Only today's stand-up can be changed; earlier ones are history.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from balie.core.visits import clean_text, required_text
from balie.errors import BalieError

MAX_ITEM = 120
MAX_PERSON = 40
MAX_NOTES = 2000
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LOOK_BACK_DAYS = 366  # how far back the previous opening day is looked for

# What a Dutch front office goes through before the doors open.
DEFAULT_ITEMS = (
    "Balies bemensd per domein (wie zit waar?)",
    "Gastvrouw en eerste medewerker benoemd",
    "Openingstijden gecontroleerd (website, deur, wachtbord)",
    "Telefonische bereikbaarheid geregeld (KCC, doorschakeling)",
    "Nieuws van de dag: mailings, brieven, storingen",
    "Systemen werken (BRP, zaaksysteem, pinautomaat, printer)",
    "Afspraken van vandaag doorgenomen",
    "Teamwaarde van de dag: we helpen de bezoeker verder, ook als het niet ons domein is",
)

# How the stand-up's log says what someone did.
LOG_WORDS = {
    "open": "dagstart gemaakt uit het sjabloon",
    "tick": "vinkte af",
    "untick": "vinkte weer uit",
    "edit": "wijzigde",
    "add": "voegde toe",
    "move": "verplaatste",
    "retire": "schrapte",
    "notes": "schreef de bijzonderheden",
    "roles": "benoemde",
    "counter": "deelde in",
}


@dataclass(frozen=True)
class TemplateItem:
    id: int
    position: int
    text: str


@dataclass(frozen=True)
class StandupItem:
    id: int
    position: int
    text: str
    template_id: int | None
    ticked_ms: int | None = None
    ticked_by: str | None = None

    @property
    def ticked(self) -> bool:
        return self.ticked_ms is not None


@dataclass(frozen=True)
class Assignment:
    """Who works at which counter today, for which domains."""

    counter: str
    person: str | None
    domains: tuple[str, ...]


@dataclass(frozen=True)
class LogEntry:
    at_ms: int
    actor: str
    type: str
    text: str | None  # the item's text (or the notes) at the time


@dataclass(frozen=True)
class Standup:
    day: str
    created_ms: int
    items: list[StandupItem]
    host: str | None = None
    lead: str | None = None
    notes: str | None = None
    staffing: list[Assignment] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.ticked)

    def assignment(self, counter: str) -> Assignment | None:
        wanted = counter.strip().casefold()
        return next((a for a in self.staffing if a.counter.casefold() == wanted), None)


# -- text the team types ------------------------------------------------------


def item_text(text: str | None) -> str:
    return required_text(text, MAX_ITEM, "Een punt op de checklist heeft tekst nodig.")


def person_name(text: str | None) -> str | None:
    """A colleague's name as the team writes it; empty means nobody (yet)."""
    return clean_text(text, MAX_PERSON)


def actor_name(text: str | None) -> str:
    """Who ticks or edits: every change in the stand-up is recorded in a name."""
    return required_text(text, MAX_PERSON, "Vul je naam in; de dagstart onthoudt wie wat afvinkt.")


def clean_notes(text: str | None) -> str | None:
    """Notes keep their lines (a list of news); control characters go, ends are trimmed."""
    if text is None:
        return None
    lines = [clean_text(line, MAX_NOTES) or "" for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    joined = "\n".join(lines)[:MAX_NOTES].rstrip()
    return joined or None


# -- the rules ----------------------------------------------------------------


def check_editable(day: str, today: str) -> None:
    """Only today's stand-up changes; an earlier one is what happened then."""
    if day != today:
        raise BalieError(f"De dagstart van {day} is alleen nog te bekijken, niet te wijzigen.")


def items_from_template(template: Sequence[TemplateItem]) -> list[tuple[int, str]]:
    """(template id, text) for a new day, in the template's order."""
    return [(item.id, item.text) for item in sorted(template, key=lambda i: (i.position, i.id))]


def tick_change(item: StandupItem, ticked: bool) -> bool:
    """Whether setting the tick changes anything.

    The screen says what the person wants (ticked or not) rather than
    "toggle": a colleague on another terminal may have ticked it a moment
    ago, and a stale toggle would then silently undo their tick.
    """
    return item.ticked != ticked


def moved(ids: Sequence[int], item_id: int, step: int) -> list[int] | None:
    """The order after moving one item ``step`` places; None when it cannot move."""
    if item_id not in ids:
        raise BalieError("Dit punt staat niet (meer) op de dagstart.")
    order = list(ids)
    index = order.index(item_id)
    target = index + step
    if not 0 <= target < len(order):
        return None
    order.insert(target, order.pop(index))
    return order


def template_order(template_ids: Sequence[int], day_order: Sequence[int | None]) -> list[int]:
    """The template's new order after today's items were reordered.

    Items on today's list come in today's order; template items not on
    today's list (added elsewhere) keep their relative place at the end.
    """
    known = set(template_ids)
    first = [tid for tid in day_order if tid is not None and tid in known]
    seen = set(first)
    return first + [tid for tid in template_ids if tid not in seen]


def parse_day(day: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(day)
    except ValueError:
        raise BalieError(f"{day!r} is geen datum; gebruik JJJJ-MM-DD.") from None


def opening_days_before(
    day: str, opening_hours: Mapping[str, object | None]
) -> Iterator[str]:
    """Opening days before ``day``, newest first; a weekday without hours is closed."""
    current = parse_day(day)
    for _ in range(LOOK_BACK_DAYS):
        current -= datetime.timedelta(days=1)
        if opening_hours.get(WEEKDAYS[current.weekday()]):
            yield current.isoformat()


def previous_opening_day(
    day: str,
    opening_hours: Mapping[str, object | None],
    days_with_visits: Collection[str] | None = None,
) -> str | None:
    """The opening day before ``day`` whose figures the stand-up shows.

    Closed weekdays (weekends by default) are skipped. With
    ``days_with_visits``, an opening day without any visit (a public holiday,
    an office closed for training) is skipped too, as long as an earlier
    opening day had visits; otherwise the calendar's previous opening day.
    """
    days = opening_days_before(day, opening_hours)
    first = next(days, None)
    if first is None or not days_with_visits or first in days_with_visits:
        return first
    return next((d for d in days if d in days_with_visits), first)
