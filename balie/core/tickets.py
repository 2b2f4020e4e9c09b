"""Ticket numbers: a domain prefix and a number per domain per local day (B007)."""

from __future__ import annotations

import re

from balie.errors import BalieError

# Numbers grow past 999 on a busy day (B1000, B10000); nine digits is past any day.
_TICKET = re.compile(r"^\s*([A-Za-z])\s*-?\s*0*(\d{1,9})\s*$")


def format_ticket(prefix: str, seq: int) -> str:
    return f"{prefix}{seq:03d}"


def next_seq(highest_today: int | None) -> int:
    """Numbers restart at 1 every local day; ``highest_today`` is None on a new day."""
    return (highest_today or 0) + 1


def parse_ticket(text: str) -> str:
    """Accept what people type (b7, B-007, B007) and return the canonical ticket."""
    match = _TICKET.match(text or "")
    if not match or int(match.group(2)) == 0:
        raise BalieError(f"{text!r} is geen ticketnummer; verwacht bijvoorbeeld B007.")
    return format_ticket(match.group(1).upper(), int(match.group(2)))
