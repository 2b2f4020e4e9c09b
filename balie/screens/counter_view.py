"""What a counter screen shows, read in one go (in a worker): the visitor at the
counter with when they were called, who waits in its domains, and its day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from balie.core.calls import CallTimes, call_times
from balie.core.counters import day_summary
from balie.core.knowledge import Subject
from balie.core.visits import Visit
from balie.errors import BalieError


@dataclass(frozen=True)
class CounterView:
    current: Visit | None
    also_called: list[Visit]  # more than one called here: shown, not lost
    transfer_note: str | None
    waiting: list[Visit]
    no_shows: list[Visit]
    log: list[dict[str, Any]]
    summary: dict[str, int]
    paused: bool
    now_ms: int
    topics: list[str] = field(default_factory=list)
    notes: str | None = None  # the stand-up's bijzonderheden for today
    call_times: CallTimes = CallTimes()  # of the visitor at the counter
    subject: Subject | None = None  # the kennisbank's subject of the visitor at the counter


def staffed_today(store) -> dict[str, list[str]]:
    """Counter name -> the domains today's stand-up gave it."""
    standup = store.standup.of(store.today())
    return {a.counter: list(a.domains) for a in standup.staffing} if standup else {}


def read_counter(store, counter: str, domains: Sequence[str], now_ms: int) -> CounterView:
    """The counter's view; who is at the counter lives in the database (it survives restarts)."""
    called = store.counter.current(counter)
    current = called[0] if called else None
    note, times, subject = None, CallTimes(), None
    if current is not None:
        events = store.visits.events(current.id)
        times = call_times((e["type"], e["at_ms"]) for e in events)
        transfers = [e for e in events if e["type"] == "transfer"]
        note = transfers[-1]["data"].get("note") if transfers else None
        subject = visit_subject(store, current)
    log = store.counter.log(counter)
    return CounterView(
        current=current,
        also_called=called[1:],
        transfer_note=note,
        waiting=store.queue.waiting(domains),
        no_shows=store.counter.no_shows(domains),
        log=log,
        summary=day_summary(log),
        paused=store.counter.paused(counter),
        now_ms=now_ms,
        notes=store.standup.notes(store.today()),
        call_times=times,
        subject=subject,
    )


def visit_subject(store, visit: Visit) -> Subject | None:
    """The visit's subject as the kennisbank has it now (renamed or retired: still its own)."""
    if visit.subject_id is None:
        return None
    try:
        return store.knowledge.get(visit.subject_id)
    except BalieError:
        return None
