"""Calls as the waiting board shows them: only a ticket and a counter, never a person."""

from __future__ import annotations

from dataclasses import dataclass

# Event types that put a ticket on the board (a recall shows it again as newest).
CALL_EVENTS = ("call", "call_out_of_order", "recall")
# How many earlier calls a board shows under the newest one (terminal and web alike).
EARLIER_CALLS = 6


@dataclass(frozen=True, slots=True)
class Call:
    event_id: int
    ticket: str
    counter: str
    at_ms: int
    domain: str
