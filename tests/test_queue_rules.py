"""The rules that keep the queue honest, as plain Python (issue 12)."""

from __future__ import annotations

import pytest

from balie.core.calls import call_times, wait_now_ms
from balie.core.queue import APPOINTMENT_GRACE_MS, late_by_ms
from balie.core.safeguards import (
    CONFIRM_FIRST,
    NO_SHOW_AFTER_MS,
    RECALL_AFTER_MS,
    check_counter_free,
    check_not_too_soon,
    too_soon,
)
from balie.core.topics import chosen_topic, completion
from balie.core.visits import Kind, State, Visit
from balie.errors import BalieError

SECOND = 1000
MIN = 60 * SECOND
T0 = 1_795_165_200_000  # 2026-11-20 10:00 Amsterdam


def visit(**kw) -> Visit:
    fields = dict(
        id=1, day="2026-11-20", ticket="B001", domain="burgerzaken", kind=Kind.WALK_IN,
        state=State.CALLED, urgent=False, arrived_ms=T0, queue_ms=T0, called_ms=T0 + 5 * MIN,
        counter="Balie 3",
    )
    fields.update(kw)
    return Visit(**fields)


def test_a_counter_with_a_visitor_calls_nobody_else():
    check_counter_free("Balie 3", None)
    with pytest.raises(BalieError, match="Balie 3 helpt nog B007; rond dat eerst af"):
        check_counter_free("Balie 3", "B007")


@pytest.mark.parametrize(
    ("action", "wait_ms", "words"),
    [
        ("recall", RECALL_AFTER_MS, "opnieuw oproepen kan over"),
        ("no_show", NO_SHOW_AFTER_MS, "niet verschenen melden kan over"),
    ],
)
def test_recall_and_no_show_are_refused_right_after_a_call(action, wait_ms, words):
    called = T0
    message = too_soon(action, "B007", called, called + SECOND)
    assert message is not None and "B007" in message and words in message
    assert f"{(wait_ms - SECOND) // SECOND} seconden" in message  # says how long still
    assert too_soon(action, "B007", called, called + wait_ms - 1) is not None
    assert too_soon(action, "B007", called, called + wait_ms) is None
    with pytest.raises(BalieError, match="B007"):
        check_not_too_soon(action, "B007", called, called)
    check_not_too_soon(action, "B007", called, called + wait_ms)


def test_other_actions_have_no_waiting_time():
    for action in ("finish", "transfer", "requeue", "call"):
        assert too_soon(action, "B007", T0, T0) is None
    assert too_soon("no_show", "B007", None, T0) is None  # never called: the state rule refuses
    assert NO_SHOW_AFTER_MS >= RECALL_AFTER_MS > 0
    assert set(CONFIRM_FIRST) == {"no_show", "requeue"}


def test_topic_completion_is_the_suggestion_on_screen():
    known = ["bijstand", "paspoort", "bijzondere bijstand", "Parkeervergunning"]
    assert completion("bij", known) == "bijstand"  # most used first
    assert completion("PARK", known) == "Parkeervergunning"
    assert completion("bij ", known) is None  # nothing starts so: a new topic
    assert completion("", known) is None
    assert chosen_topic("bij", known) == "bijstand"  # never the fragment
    assert chosen_topic("  Paspoort ", known) == "paspoort"  # the known spelling
    assert chosen_topic("parkeren", known) == "parkeren"  # clearly new: kept as typed
    assert chosen_topic("bij ", known) == "bij"  # a space after the word: this, not a suggestion
    assert chosen_topic("   ", known) is None
    assert chosen_topic("wmo", []) == "wmo"


def test_call_times_from_the_event_log():
    events = [
        ("registered", T0), ("call", T0 + MIN), ("requeue", T0 + 2 * MIN),
        ("call_out_of_order", T0 + 10 * MIN), ("recall", T0 + 12 * MIN), ("mark_urgent", T0 + 13 * MIN),
    ]
    times = call_times(events)
    assert (times.called_ms, times.last_ms, times.recalled) == (T0 + 10 * MIN, T0 + 12 * MIN, True)
    assert call_times([("registered", T0)]) == call_times([])
    assert call_times([("call", T0)]).recalled is False


def test_a_visitor_called_again_shows_the_wait_that_counts_now():
    first = visit(called_ms=T0 + 5 * MIN)
    # Never back in the queue: the wait until the first call.
    assert wait_now_ms(first, call_times([("call", T0 + 5 * MIN)]), T0 + 20 * MIN) == 5 * MIN
    # Called at 5, back in the queue at 7, called again at 15: 8 minutes count now.
    again = visit(called_ms=T0 + 5 * MIN, requeued_ms=T0 + 7 * MIN)
    times = call_times([("call", T0 + 5 * MIN), ("requeue", T0 + 7 * MIN), ("call", T0 + 15 * MIN)])
    assert wait_now_ms(again, times, T0 + 20 * MIN) == 8 * MIN
    # A recall does not restart the wait.
    recalled = call_times([
        ("call", T0 + 5 * MIN), ("requeue", T0 + 7 * MIN), ("call", T0 + 15 * MIN), ("recall", T0 + 16 * MIN),
    ])
    assert wait_now_ms(again, recalled, T0 + 20 * MIN) == 8 * MIN


def test_a_late_appointment_says_how_late():
    appointment = T0
    on_time = visit(
        kind=Kind.APPOINTMENT, appointment_ms=appointment, arrived_ms=appointment + APPOINTMENT_GRACE_MS
    )
    assert late_by_ms(on_time) == 0
    late = visit(kind=Kind.APPOINTMENT, appointment_ms=appointment, arrived_ms=appointment + 15 * MIN)
    assert late_by_ms(late) == 15 * MIN
    assert late_by_ms(visit()) == 0  # a walk-in is never late
