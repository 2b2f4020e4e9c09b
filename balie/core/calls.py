"""Calls: what the waiting board shows (a ticket and a counter, never a person),
and when a visitor at a counter was called, from their event log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from balie.core.visits import State, Visit

# Event types that put a ticket on the board (a recall shows it again as newest).
CALL_EVENTS = ("call", "call_out_of_order", "recall")
# How many earlier calls a board shows under the newest one (terminal and web alike).
EARLIER_CALLS = 6
# Of those, the ones that bring a visitor to a counter (a recall does not: they are there).
CLAIM_EVENTS = ("call", "call_out_of_order")


@dataclass(frozen=True, slots=True)
class Call:
    event_id: int
    ticket: str
    counter: str
    at_ms: int
    domain: str


@dataclass(frozen=True, slots=True)
class CallTimes:
    """When the visitor was called to the counter they are at now, and called last."""

    called_ms: int | None = None  # the call that brought them to this counter
    last_ms: int | None = None  # that call or a later recall
    recalled: bool = False  # the last call was a recall


def call_times(events: Iterable[tuple[str, int]]) -> CallTimes:
    """From a visit's (event type, at_ms) pairs, oldest first."""
    times = CallTimes()
    for kind, at_ms in events:
        if kind in CLAIM_EVENTS:
            times = CallTimes(at_ms, at_ms, False)
        elif kind == "recall":
            times = CallTimes(times.called_ms, at_ms, True)
    return times


def wait_now_ms(visit: Visit, times: CallTimes, now_ms: int) -> int:
    """The wait that counts for the visitor at the counter now.

    Called again after going back into a queue (transferred, put back, a
    no-show who turned up), they waited from then until this call; the figures
    keep the wait until the first call (``core.figures``).
    """
    again = visit.requeued_ms
    if visit.state == State.CALLED and again is not None and times.called_ms is not None:
        if times.called_ms >= again:
            return times.called_ms - again
    return visit.waited_ms(now_ms)
