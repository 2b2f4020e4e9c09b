"""What protects the queue from fast fingers and stray typing at a counter.

A counter screen has no text field, so a colleague who types "dag mevrouw"
into it presses keys, and one who presses a key twice presses it twice. The
rules, so that no key can act on a visitor by accident:

- A counter helps one visitor at a time: calling (``n``, ``c``, ``z``) is
  refused while someone is at the counter, inside the transaction that would
  claim the next one (``check_counter_free``).
- Space calls nobody; only ``n`` does.
- A visitor needs time to walk to the counter: calling them again is refused
  for ``RECALL_AFTER_MS`` after the latest call, and a no-show for
  ``NO_SHOW_AFTER_MS`` (``too_soon``). The store holds to this too, so the
  command line cannot either.
- What sends a visitor away from the counter without helping them asks a yes
  first (``CONFIRM_FIRST``): a no-show, and back into the queue.
- Every other key that acts on a visitor opens a dialog (finish, transfer,
  call out of turn, walk-up, turned up after all): nothing happens until its
  choice and Enter.
"""

from __future__ import annotations

import math

from balie.errors import BalieError

RECALL_AFTER_MS = 10_000
NO_SHOW_AFTER_MS = 30_000

# action -> how long after the latest call (or recall) it can happen.
WAIT_AFTER_CALL_MS = {"recall": RECALL_AFTER_MS, "no_show": NO_SHOW_AFTER_MS}
_WHAT = {"recall": "opnieuw oproepen", "no_show": "niet verschenen melden"}

# Actions that ask "are you sure?" on the counter screen, with the question.
CONFIRM_FIRST = {
    "no_show": "Niet verschenen melden? De bezoeker gaat uit de rij (terughalen met l).",
    "requeue": "Terug in de rij, op de oude plek? De bezoeker wordt later opnieuw opgeroepen.",
}


def check_counter_free(counter: str, busy_ticket: str | None) -> None:
    """Refuse a call while ``busy_ticket`` is still at ``counter``."""
    if busy_ticket is not None:
        raise BalieError(
            f"{counter} helpt nog {busy_ticket}; rond dat eerst af of meld niet verschenen."
        )


def too_soon(action: str, ticket: str, last_call_ms: int | None, now_ms: int) -> str | None:
    """Why ``action`` cannot happen yet this soon after the latest call, or None."""
    wait_ms = WAIT_AFTER_CALL_MS.get(action)
    if wait_ms is None or last_call_ms is None:
        return None
    elapsed_ms = max(0, now_ms - last_call_ms)
    if elapsed_ms >= wait_ms:
        return None
    ago = f"pas {_seconds(elapsed_ms // 1000)} geleden" if elapsed_ms >= 1000 else "net"
    remaining = _seconds(math.ceil((wait_ms - elapsed_ms) / 1000))
    return f"{ticket} is {ago} opgeroepen; {_WHAT[action]} kan over {remaining}."


def check_not_too_soon(action: str, ticket: str, last_call_ms: int | None, now_ms: int) -> None:
    message = too_soon(action, ticket, last_call_ms, now_ms)
    if message is not None:
        raise BalieError(message)


def _seconds(count: int) -> str:
    return f"{count} seconde" if count == 1 else f"{count} seconden"
