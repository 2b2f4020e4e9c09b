"""A visit, its states, and which state changes are allowed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from balie.errors import BalieError


class Kind(StrEnum):
    WALK_IN = "walk_in"
    APPOINTMENT = "appointment"


class State(StrEnum):
    WAITING = "waiting"  # in the queue
    CALLED = "called"  # called to a counter, being helped there
    FINISHED = "finished"  # helped; outcome says how
    NO_SHOW = "no_show"  # called, did not come
    LEFT = "left"  # left before being called
    UNSERVED = "unserved"  # still waiting (or at a counter) when the day ended


class Outcome(StrEnum):
    HANDLED = "handled"  # answered at the counter
    REFERRED = "referred"  # sent on to the back office (vakafdeling)
    CALLBACK = "callback"  # a call-back is planned


FINAL_STATES = frozenset({State.FINISHED, State.NO_SHOW, State.LEFT, State.UNSERVED})

# action -> the states it may start from, and the state it leads to (None: stays).
TRANSITIONS: dict[str, tuple[frozenset[State], State | None]] = {
    "call": (frozenset({State.WAITING}), State.CALLED),
    "recall": (frozenset({State.CALLED}), None),
    "requeue": (frozenset({State.CALLED}), State.WAITING),
    "no_show": (frozenset({State.CALLED}), State.NO_SHOW),
    "return": (frozenset({State.NO_SHOW}), State.WAITING),
    "finish": (frozenset({State.CALLED}), State.FINISHED),
    "leave": (frozenset({State.WAITING}), State.LEFT),
    "mark_urgent": (frozenset({State.WAITING, State.CALLED}), None),
    "change_domain": (frozenset({State.WAITING}), None),
    "transfer": (frozenset({State.CALLED, State.WAITING}), State.WAITING),
    # The day ended: whoever still waits was not served. Someone still at a
    # counter (the counter forgot to finish) has no known outcome either; their
    # call stays recorded, so their wait still counts.
    "close_day": (frozenset({State.WAITING, State.CALLED}), State.UNSERVED),
}

_STATE_WORDS = {
    State.WAITING: "wacht",
    State.CALLED: "is opgeroepen",
    State.FINISHED: "is al geholpen",
    State.NO_SHOW: "is als niet verschenen gemeld",
    State.LEFT: "is al vertrokken",
    State.UNSERVED: "is niet geholpen (de dag is afgesloten)",
}


@dataclass(frozen=True, slots=True)
class Visit:
    id: int
    day: str
    ticket: str
    domain: str
    kind: Kind
    state: State
    urgent: bool
    arrived_ms: int
    queue_ms: int
    appointment_ms: int | None = None
    called_ms: int | None = None
    finished_ms: int | None = None
    counter: str | None = None
    outcome: Outcome | None = None
    topic: str | None = None
    name: str | None = None
    question: str | None = None
    transferred_from: str | None = None
    requeued_ms: int | None = None
    subject_id: int | None = None  # the kennisbank subject (store/knowledge.py)

    def waited_ms(self, now_ms: int) -> int:
        """How long this visitor waits now, or waited for their first call.

        Back in the queue after a call, their wait counts again from then (a
        frozen first wait would read "0 min" for someone waiting anew); the
        figures keep the wait until the first call (``core.figures``).
        """
        if self.state == State.WAITING and self.requeued_ms is not None:
            return max(0, now_ms - self.requeued_ms)
        end = self.called_ms if self.called_ms is not None else now_ms
        return max(0, end - wait_start_ms(self.kind, self.arrived_ms, self.appointment_ms))


def wait_start_ms(kind: Kind, arrived_ms: int, appointment_ms: int | None) -> int:
    """Waiting starts at arrival, or at the appointment time for someone early."""
    if kind == Kind.APPOINTMENT and appointment_ms is not None:
        return max(arrived_ms, appointment_ms)
    return arrived_ms


def next_state(action: str, ticket: str, state: State) -> State:
    """The state after ``action``, or a Dutch explanation why it cannot happen now."""
    allowed, target = TRANSITIONS[action]
    if state not in allowed:
        raise BalieError(f"{ticket} {_STATE_WORDS[state]}; dat kan nu niet.")
    return target if target is not None else state


# Event types in the log that are not named after their action.
_EVENT_ACTIONS = {"call_out_of_order": "call"}


def replay(event_types: list[str]) -> State:
    """The state a visit's event log leads to, from its registration on.

    Raises ``BalieError`` when the log holds a change that was not allowed:
    the log and the state must always tell the same story.
    """
    if not event_types or event_types[0] != "registered":
        raise BalieError("Het logboek van dit bezoek begint niet met de aanmelding.")
    state = State.WAITING
    for event in event_types[1:]:
        action = _EVENT_ACTIONS.get(event, event)
        if action in TRANSITIONS:
            state = next_state(action, "?", state)
    return state


MAX_NAME = 80
MAX_QUESTION = 500
MAX_TOPIC = 60


def clean_text(value: str | None, limit: int) -> str | None:
    """Keep what the host typed, minus what a terminal must never receive.

    Terminal escape sequences are dropped whole; other control characters,
    tabs and line breaks become a space and whitespace is folded; invisible
    format characters (bidi overrides, zero-width joiners), lone surrogates and
    unassigned code points are dropped. Every printable character (markup
    brackets, emoji, right-to-left letters) is kept as typed, up to ``limit``,
    and shown as text, never markup.
    """
    if value is None:
        return None
    value = _ESCAPE_SEQUENCE.sub("", value)
    kept = "".join(ch if ch.isprintable() else _unprintable(ch) for ch in value)
    folded = " ".join(kept.split())
    return folded[:limit].rstrip() or None


def required_text(text: str | None, limit: int, missing: str) -> str:
    """``clean_text`` for a field that cannot be empty; ``missing`` says what to fill in."""
    cleaned = clean_text(text, limit)
    if not cleaned:
        raise BalieError(missing)
    return cleaned


def _unprintable(ch: str) -> str:
    """A space for what separates words (controls, line breaks), nothing for the rest."""
    return " " if unicodedata.category(ch) in _SEPARATING else ""


_SEPARATING = frozenset({"Cc", "Zs", "Zl", "Zp"})

# Terminal escape sequences as a whole (CSI, OSC, two-byte ESC x, 8-bit CSI):
# dropping only the ESC byte would leave their tail ("[31m") in the text.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
