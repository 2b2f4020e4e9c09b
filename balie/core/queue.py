"""Who is next: the one rule every counter, screen and command follows.

1. Urgent visitors (marked by the host) go first.
2. Then everyone by their place in the queue (``queue_ms``):
   - a walk-in's place is the moment they arrived;
   - a visitor with an appointment takes their place at the appointment time,
     so walk-ins who came earlier go first, but nobody who came later;
     someone more than ``APPOINTMENT_GRACE_MS`` late is treated as a walk-in;
   - a transferred visitor keeps the place they had (no new queueing at the back).
3. Ties go to the earlier registration.

Across the domains of one counter this gives one merged queue.
"""

from __future__ import annotations

from collections.abc import Iterable

from balie.core.visits import Kind, State, Visit

APPOINTMENT_GRACE_MS = 10 * 60 * 1000


def queue_place_ms(kind: Kind, arrived_ms: int, appointment_ms: int | None) -> int:
    if kind == Kind.APPOINTMENT and appointment_ms is not None:
        if arrived_ms <= appointment_ms + APPOINTMENT_GRACE_MS:
            return appointment_ms
    return arrived_ms


def late_by_ms(visit: Visit) -> int:
    """How late an appointment arrived beyond the grace, so that it queued as a walk-in (0: not)."""
    if visit.kind != Kind.APPOINTMENT or visit.appointment_ms is None:
        return 0
    late = visit.arrived_ms - visit.appointment_ms
    return late if late > APPOINTMENT_GRACE_MS else 0


def queue_key(visit: Visit) -> tuple[int, int, int]:
    return (0 if visit.urgent else 1, visit.queue_ms, visit.id)


def in_queue_order(visits: Iterable[Visit]) -> list[Visit]:
    return sorted((v for v in visits if v.state == State.WAITING), key=queue_key)


def pick_next(waiting: Iterable[Visit], domains: Iterable[str]) -> Visit | None:
    """The visitor a counter serving ``domains`` should call now, if any."""
    wanted = set(domains)
    ordered = in_queue_order(v for v in waiting if v.domain in wanted)
    return ordered[0] if ordered else None
