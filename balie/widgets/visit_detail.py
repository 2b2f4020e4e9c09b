"""What the counter reads about the visitor in front of them, or about the
queue when nobody is there, as plain text (never markup).

Their domain, question and name; an appointment as an appointment (and a late
one saying so, since it queued as a walk-in); the wait that counts now and the
latest call, so a visitor called again does not show their first call.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from balie.clock import from_ms, local
from balie.config import Config
from balie.core.calls import CallTimes, wait_now_ms
from balie.core.knowledge import Subject
from balie.core.queue import late_by_ms
from balie.core.visits import Kind, Visit
from balie.core.wording import short_minutes


def _hhmm(ms: int | None) -> str:
    return local(from_ms(ms)).format("HH:mm") if ms is not None else "?"


def visit_detail(
    visit: Visit,
    config: Config,
    times: CallTimes,
    now_ms: int,
    transfer_note: str | None = None,
    also_called: Sequence[Visit] = (),
    subject: Subject | None = None,
) -> Text:
    detail = Text()
    detail.append(config.label(visit.domain), style="bold")
    if visit.urgent:
        detail.append("  spoed / hulp nodig", style="bold red")
    if visit.question:
        detail.append("\n")
        detail.append(visit.question)
    if visit.name:
        detail.append("\n")
        detail.append(visit.name, style="dim")
    if subject is not None:
        detail.append("\nOnderwerp: ", style="bold")
        detail.append(subject.name, style="bold")
        if subject.answer:
            detail.append("\n")
            detail.append(subject.answer, style="italic")
    if visit.kind == Kind.APPOINTMENT and visit.appointment_ms is not None:
        detail.append(f"\nAfspraak {_hhmm(visit.appointment_ms)}", style="bold")
        late = late_by_ms(visit)
        if late:
            detail.append(
                f" · {short_minutes(late)} te laat, in de rij als zonder afspraak", style="yellow"
            )
    called = times.called_ms if times.called_ms is not None else visit.called_ms
    waited = short_minutes(wait_now_ms(visit, times, now_ms))
    detail.append(f"\nWachtte {waited} · opgeroepen {_hhmm(called)}")
    if times.recalled:
        detail.append(f" · opnieuw opgeroepen {_hhmm(times.last_ms)}")
    if visit.transferred_from:
        detail.append(f"\nDoorgestuurd van {config.label(visit.transferred_from)}", style="italic")
        if transfer_note:
            detail.append("\nNotitie: ", style="italic")
            detail.append(transfer_note)
    if also_called:
        tickets = ", ".join(v.ticket for v in also_called)
        detail.append(f"\nOok nog opgeroepen hier: {tickets}", style="yellow")
    return detail


def nobody_here(
    config: Config, waiting: Sequence[Visit], now_ms: int, paused: bool, several_domains: bool
) -> Text:
    detail = Text()
    if paused:
        detail.append("Pauze.", style="bold")
        return detail
    detail.append("Niemand aan de balie.\n", style="bold")
    if not waiting:
        detail.append("Er wacht niemand in je domeinen.")
        return detail
    first = waiting[0]
    detail.append(f"Druk n voor de volgende ({len(waiting)} wachtend).\n\n")
    detail.append("Volgende: ")
    detail.append(first.ticket, style="bold")
    if several_domains:
        detail.append(f" · {config.label(first.domain)}")
    detail.append(f" · wacht {short_minutes(first.waited_ms(now_ms))}")
    return detail
