"""The pure rules of the front office: tickets, queue, transitions, text, estimates, stats."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balie.core.estimators import MIN_CALLS, MIN_SPAN_MS, WINDOW_MS, expected_wait_ms
from balie.core.queue import APPOINTMENT_GRACE_MS, in_queue_order, pick_next, queue_place_ms
from balie.core.stats import mean, median, percentile, service_level
from balie.core.tickets import format_ticket, next_seq, parse_ticket
from balie.core.visits import (
    FINAL_STATES,
    TRANSITIONS,
    Kind,
    State,
    Visit,
    clean_text,
    next_state,
    wait_start_ms,
)
from balie.core.estimate import WaitEstimate
from balie.core.wording import short_minutes, shown_minutes, wait_phrase
from balie.errors import BalieError

MIN = 60_000
T0 = 1_795_165_200_000  # 2026-11-20 10:00 Amsterdam, in UTC ms


def visit(
    id: int,
    *,
    domain: str = "burgerzaken",
    state: State = State.WAITING,
    urgent: bool = False,
    arrived: int = 0,
    kind: Kind = Kind.WALK_IN,
    appointment: int | None = None,
    called: int | None = None,
) -> Visit:
    arrived_ms = T0 + arrived * MIN
    appointment_ms = None if appointment is None else T0 + appointment * MIN
    return Visit(
        id=id,
        day="2026-11-20",
        ticket=format_ticket(domain[0].upper(), id),
        domain=domain,
        kind=kind,
        state=state,
        urgent=urgent,
        arrived_ms=arrived_ms,
        queue_ms=queue_place_ms(kind, arrived_ms, appointment_ms),
        appointment_ms=appointment_ms,
        called_ms=None if called is None else T0 + called * MIN,
    )


def ids(visits) -> list[int]:
    return [v.id for v in visits]


# -- tickets ---------------------------------------------------------------


def test_format_ticket_pads_to_three_digits():
    assert format_ticket("B", 7) == "B007"
    assert format_ticket("V", 42) == "V042"
    assert format_ticket("S", 999) == "S999"
    assert format_ticket("B", 1000) == "B1000"


@pytest.mark.parametrize(
    "typed, ticket",
    [
        ("b7", "B007"),
        ("B7", "B007"),
        ("B-007", "B007"),
        ("B007", "B007"),
        ("b-7", "B007"),
        ("  v 12 ", "V012"),
        ("S0042", "S042"),
        ("B1000", "B1000"),
        ("B10000", "B10000"),
        ("s-123456", "S123456"),
    ],
)
def test_parse_ticket_accepts_what_people_type(typed, ticket):
    assert parse_ticket(typed) == ticket


@pytest.mark.parametrize("typed", ["", "   ", "B", "7", "007", "BB7", "B0", "B000", "B-", "B1234567890", "B7x", "7B", "ß7"])
def test_parse_ticket_refuses_bad_input_in_dutch(typed):
    with pytest.raises(BalieError, match="geen ticketnummer"):
        parse_ticket(typed)


def test_parse_ticket_refuses_none():
    with pytest.raises(BalieError):
        parse_ticket(None)  # type: ignore[arg-type]


@given(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), st.integers(min_value=1, max_value=999_999_999))
def test_parse_ticket_round_trips_format_ticket(prefix, seq):
    ticket = format_ticket(prefix, seq)
    assert parse_ticket(ticket) == ticket
    assert parse_ticket(ticket.lower()) == ticket
    assert parse_ticket(f"{prefix}-{seq}") == ticket


def test_next_seq_restarts_on_a_new_day():
    assert next_seq(None) == 1  # nothing yet today
    assert next_seq(0) == 1
    assert next_seq(1) == 2
    assert next_seq(41) == 42


# -- the queue rule ------------------------------------------------------


def test_queue_place_walk_in_is_arrival():
    assert queue_place_ms(Kind.WALK_IN, T0, None) == T0
    # an appointment time on a walk-in is ignored
    assert queue_place_ms(Kind.WALK_IN, T0, T0 + 30 * MIN) == T0


def test_queue_place_appointment_takes_its_place_at_the_appointment_time():
    early = T0 - 20 * MIN
    assert queue_place_ms(Kind.APPOINTMENT, early, T0) == T0
    # a little late, within the grace: still the appointment time
    assert queue_place_ms(Kind.APPOINTMENT, T0 + 5 * MIN, T0) == T0
    assert queue_place_ms(Kind.APPOINTMENT, T0 + APPOINTMENT_GRACE_MS, T0) == T0


def test_queue_place_too_late_becomes_a_walk_in():
    late = T0 + APPOINTMENT_GRACE_MS + 1
    assert queue_place_ms(Kind.APPOINTMENT, late, T0) == late
    # an appointment without a time is a walk-in
    assert queue_place_ms(Kind.APPOINTMENT, T0, None) == T0


def test_urgent_goes_first():
    queue = [visit(1, arrived=0), visit(2, arrived=5), visit(3, arrived=10, urgent=True)]
    assert ids(in_queue_order(queue)) == [3, 1, 2]


def test_urgent_visitors_among_themselves_by_place():
    queue = [visit(1, arrived=3, urgent=True), visit(2, arrived=1, urgent=True), visit(3, arrived=0)]
    assert ids(in_queue_order(queue)) == [2, 1, 3]


def test_appointment_goes_after_earlier_walk_ins_but_before_later_ones():
    walk_in_before = visit(1, arrived=-10)  # 09:50
    appointment = visit(2, arrived=-30, kind=Kind.APPOINTMENT, appointment=0)  # came 09:30 for 10:00
    walk_in_after = visit(3, arrived=1)  # 10:01
    walk_in_early = visit(4, arrived=-40)  # 09:20
    order = in_queue_order([walk_in_after, appointment, walk_in_before, walk_in_early])
    assert ids(order) == [4, 1, 2, 3]


def test_late_appointment_beyond_grace_queues_as_walk_in():
    walk_in = visit(1, arrived=12)
    late = visit(2, kind=Kind.APPOINTMENT, appointment=0, arrived=15)  # 15 min late
    walk_in_later = visit(3, arrived=16)
    assert late.queue_ms == late.arrived_ms
    assert ids(in_queue_order([late, walk_in_later, walk_in])) == [1, 2, 3]


def test_ties_go_to_the_earlier_registration():
    queue = [visit(9, arrived=0), visit(3, arrived=0), visit(5, arrived=0)]
    assert ids(in_queue_order(queue)) == [3, 5, 9]
    urgent = [visit(9, arrived=0, urgent=True), visit(3, arrived=0, urgent=True)]
    assert ids(in_queue_order(urgent)) == [3, 9]


def test_queue_order_leaves_out_who_is_not_waiting():
    queue = [
        visit(1, state=State.CALLED),
        visit(2, state=State.FINISHED),
        visit(3, state=State.NO_SHOW),
        visit(4, state=State.LEFT),
        visit(5),
    ]
    assert ids(in_queue_order(queue)) == [5]


def test_pick_next_merges_two_domains():
    queue = [
        visit(1, domain="burgerzaken", arrived=5),
        visit(2, domain="sociaal", arrived=2),
        visit(3, domain="vergunningen", arrived=0),  # not this counter's domain
        visit(4, domain="burgerzaken", arrived=1, state=State.CALLED),  # already called
    ]
    chosen = pick_next(queue, ["burgerzaken", "sociaal"])
    assert chosen is not None and chosen.id == 2
    only_b = pick_next(queue, ["burgerzaken"])
    assert only_b is not None and only_b.id == 1


def test_pick_next_urgent_in_another_of_my_domains_wins():
    queue = [visit(1, domain="burgerzaken", arrived=0), visit(2, domain="sociaal", arrived=9, urgent=True)]
    assert pick_next(queue, ("burgerzaken", "sociaal")).id == 2
    assert pick_next(queue, ("burgerzaken",)).id == 1


def test_pick_next_ignores_urgent_in_other_domains():
    queue = [visit(1, domain="vergunningen", urgent=True), visit(2, domain="burgerzaken", arrived=3)]
    assert pick_next(queue, ["burgerzaken"]).id == 2


def test_pick_next_none_when_nobody_waits_for_me():
    assert pick_next([], ["burgerzaken"]) is None
    assert pick_next([visit(1, domain="sociaal")], ["burgerzaken"]) is None
    assert pick_next([visit(1, state=State.CALLED)], ["burgerzaken"]) is None
    assert pick_next([visit(1)], []) is None


def test_pick_next_accepts_a_generator():
    assert pick_next((v for v in [visit(2), visit(1)]), iter(["burgerzaken"])).id == 1


# -- transitions -------------------------------------------------------------

ALLOWED = [
    ("call", State.WAITING, State.CALLED),
    ("recall", State.CALLED, State.CALLED),
    ("requeue", State.CALLED, State.WAITING),
    ("no_show", State.CALLED, State.NO_SHOW),
    ("return", State.NO_SHOW, State.WAITING),
    ("finish", State.CALLED, State.FINISHED),
    ("leave", State.WAITING, State.LEFT),
    ("mark_urgent", State.WAITING, State.WAITING),
    ("mark_urgent", State.CALLED, State.CALLED),
    ("change_domain", State.WAITING, State.WAITING),
    ("transfer", State.CALLED, State.WAITING),
    ("transfer", State.WAITING, State.WAITING),
    ("close_day", State.WAITING, State.UNSERVED),
    ("close_day", State.CALLED, State.UNSERVED),
]


@pytest.mark.parametrize("action, start, end", ALLOWED)
def test_allowed_transitions(action, start, end):
    assert next_state(action, "B007", start) == end


@pytest.mark.parametrize(
    "action, start",
    [
        (action, state)
        for action in TRANSITIONS
        for state in State
        if (action, state) not in {(a, s) for a, s, _ in ALLOWED}
    ],
)
def test_refused_transitions_explain_in_dutch(action, start):
    with pytest.raises(BalieError) as caught:
        next_state(action, "B007", start)
    message = str(caught.value)
    assert message.startswith("B007 ")
    assert message.endswith("dat kan nu niet.")


def test_refused_transition_messages():
    with pytest.raises(BalieError, match=r"^B007 is al geholpen; dat kan nu niet\.$"):
        next_state("call", "B007", State.FINISHED)
    with pytest.raises(BalieError, match=r"^V003 wacht; dat kan nu niet\.$"):
        next_state("finish", "V003", State.WAITING)
    with pytest.raises(BalieError, match="is al vertrokken"):
        next_state("leave", "S001", State.LEFT)
    with pytest.raises(BalieError, match="is opgeroepen"):
        next_state("leave", "S001", State.CALLED)


def test_finished_and_left_are_final():
    for action, (starts, _) in TRANSITIONS.items():
        assert State.FINISHED not in starts, action
        assert State.LEFT not in starts, action
    assert FINAL_STATES == {State.FINISHED, State.NO_SHOW, State.LEFT, State.UNSERVED}


# -- text typed by users -------------------------------------------------------


def test_clean_text_keeps_ordinary_text():
    assert clean_text("paspoort verlengen", 500) == "paspoort verlengen"
    assert clean_text("Ünïcödé — 'quotes' & <b>", 500) == "Ünïcödé — 'quotes' & <b>"


def test_clean_text_none_and_empty():
    assert clean_text(None, 10) is None
    assert clean_text("", 10) is None
    assert clean_text("   \t\n ", 10) is None


def test_clean_text_drops_control_characters_and_folds_whitespace():
    assert clean_text("  a\tb\nc\r\nd\x00e\x07f\x7f g  ", 100) == "a b c d e f g"


@pytest.mark.parametrize(
    "typed",
    [
        "\x1b[31mrood\x1b[0m",
        "\x1b[1;31mrood\x1b[m",
        "\x1b]0;titel\x07rood",
        "\x1b]8;;http://x\x1b\\rood\x1b]8;;\x1b\\",
        "\x1bcrood",
        "\x9b31mrood",
        "\x1b[?1049hrood",
    ],
)
def test_clean_text_removes_escape_sequences_entirely(typed):
    cleaned = clean_text(typed, 100)
    assert cleaned == "rood"
    assert "\x1b" not in cleaned and "[" not in cleaned


def test_clean_text_keeps_markup_as_literal_text():
    # Rich/Textual markup is the user's text, never interpreted: kept verbatim.
    assert clean_text("[bold red]help[/] [link=x]y[/link]", 100) == "[bold red]help[/] [link=x]y[/link]"
    assert clean_text("[@click=app.quit]klik[/]", 100) == "[@click=app.quit]klik[/]"


def test_clean_text_length_limit():
    assert clean_text("x" * 600, 500) == "x" * 500
    assert clean_text("abc", 3) == "abc"
    assert clean_text("  abcdef", 3) == "abc"


@given(st.text(), st.integers(min_value=1, max_value=50))
def test_clean_text_never_returns_what_a_terminal_must_not_receive(text, limit):
    cleaned = clean_text(text, limit)
    if cleaned is not None:
        assert 0 < len(cleaned) <= limit
        assert cleaned == cleaned.strip()
        assert all(ch.isprintable() for ch in cleaned)


# -- waiting time ------------------------------------------------------------


def test_wait_start_walk_in_is_arrival():
    assert wait_start_ms(Kind.WALK_IN, T0, None) == T0
    assert wait_start_ms(Kind.WALK_IN, T0, T0 + 10 * MIN) == T0


def test_wait_start_appointment_early_starts_at_appointment():
    assert wait_start_ms(Kind.APPOINTMENT, T0 - 15 * MIN, T0) == T0
    assert wait_start_ms(Kind.APPOINTMENT, T0 + 5 * MIN, T0) == T0 + 5 * MIN
    assert wait_start_ms(Kind.APPOINTMENT, T0, None) == T0


def test_waited_ms():
    walk_in = visit(1, arrived=0)
    assert walk_in.waited_ms(T0 + 7 * MIN) == 7 * MIN
    called = visit(2, arrived=0, called=4, state=State.CALLED)
    assert called.waited_ms(T0 + 60 * MIN) == 4 * MIN
    early = visit(3, kind=Kind.APPOINTMENT, appointment=0, arrived=-20)
    assert early.waited_ms(T0 - 5 * MIN) == 0  # before the appointment: no wait yet
    assert early.waited_ms(T0 + 3 * MIN) == 3 * MIN


# -- the expected wait ---------------------------------------------------------


def test_expected_wait_nobody_waiting_is_zero():
    assert expected_wait_ms(0, [], T0, 6) == 0
    assert expected_wait_ms(0, [(T0 - MIN, "Balie 1")] * 5, T0, 6) == 0
    assert expected_wait_ms(-1, [], T0, 6) == 0


def test_expected_wait_fallback_uses_service_minutes():
    assert expected_wait_ms(4, [], T0, 6) == 4 * 6 * MIN
    assert expected_wait_ms(1, [], T0, 12) == 12 * MIN


def test_expected_wait_fallback_shares_over_counters_seen_in_window():
    calls = [(T0 - 10 * MIN, "Balie 1"), (T0 - 5 * MIN, "Balie 2")]
    assert len(calls) < MIN_CALLS
    assert expected_wait_ms(4, calls, T0, 6) == 4 * 6 * MIN // 2
    # a call without a counter does not count as a counter
    assert expected_wait_ms(4, [(T0 - MIN, None)], T0, 6) == 4 * 6 * MIN


def test_expected_wait_ignores_calls_outside_the_window():
    old = [(T0 - WINDOW_MS - 1, f"Balie {i}") for i in range(5)]
    assert expected_wait_ms(2, old, T0, 6) == 2 * 6 * MIN
    future = [(T0 + MIN, f"Balie {i}") for i in range(5)]
    assert expected_wait_ms(2, future, T0, 6) == 2 * 6 * MIN


def test_expected_wait_follows_the_days_pace():
    # 3 calls in the last 30 minutes: one per 10 minutes; 2 ahead -> 20 minutes
    calls = [(T0 - 30 * MIN, "Balie 1"), (T0 - 20 * MIN, "Balie 1"), (T0 - 10 * MIN, "Balie 1")]
    assert len(calls) >= MIN_CALLS
    assert expected_wait_ms(2, calls, T0, 6) == 20 * MIN
    # 6 calls in the last hour: one per 10 minutes, whatever the service minutes say
    hour = [(T0 - WINDOW_MS + i * 10 * MIN, "Balie 2") for i in range(6)]
    assert expected_wait_ms(3, hour, T0, 60) == 30 * MIN


def test_expected_wait_pace_span_is_at_least_min_span():
    # 3 calls in the last 2 minutes: the span counts as 15 minutes (3 per 15 min)
    calls = [(T0 - 2 * MIN, "Balie 1"), (T0 - MIN, "Balie 2"), (T0, "Balie 3")]
    assert expected_wait_ms(3, calls, T0, 6) == 3 * MIN_SPAN_MS // 3


# -- statistics ----------------------------------------------------------------


def test_mean():
    assert mean([]) is None
    assert mean([4]) == 4
    assert mean([1, 2, 3, 4]) == 2.5


def test_median_odd_and_even():
    assert median([]) is None
    assert median([7]) == 7
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5
    assert median([10, 20]) == 15


def test_percentile_nearest_rank():
    values = list(range(1, 11))
    assert percentile(values, 90) == 9
    assert percentile(values, 50) == 5
    assert percentile(values, 91) == 10
    assert percentile(values, 100) == 10
    assert percentile(values, 10) == 1
    assert percentile(values, 1) == 1
    assert percentile(list(reversed(values)), 90) == 9
    assert percentile([15, 20, 35, 40, 50], 30) == 20  # textbook example: rank ceil(1.5) = 2
    assert percentile([15, 20, 35, 40, 50], 40) == 20
    assert percentile([15, 20, 35, 40, 50], 50) == 35
    assert percentile([], 90) is None


@pytest.mark.parametrize("p, n", [(7, 100), (14, 50), (28, 25), (57, 100), (90, 10)])
def test_percentile_exact_ranks_are_not_bumped_by_float_error(p, n):
    # p % of n is a whole number here: the rank is exactly that, not one more
    values = list(range(1, n + 1))
    assert percentile(values, p) == p * n // 100


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=60), st.integers(1, 100))
def test_percentile_is_the_smallest_value_covering_p_percent(values, p):
    result = percentile(values, p)
    assert result in values
    at_or_below = sum(1 for v in values if v <= result)
    assert at_or_below * 100 >= p * len(values)
    below = sum(1 for v in values if v < result)
    assert below * 100 < p * len(values)


@pytest.mark.parametrize("p", [0, -5, 100.5])
def test_percentile_refuses_out_of_range_p(p):
    with pytest.raises(ValueError):
        percentile([1, 2, 3], p)


def test_service_level():
    assert service_level([], 10) is None
    assert service_level([5, 10, 15, 20], 10) == 0.5  # exactly on target counts as within
    assert service_level([1, 2, 3], 10) == 1.0
    assert service_level([11, 12], 10) == 0.0
    assert service_level([0, 10 * MIN, 10 * MIN + 1], 10 * MIN) == pytest.approx(2 / 3)


# -- wording -------------------------------------------------------------------


@pytest.mark.parametrize(
    "low, high, phrase",
    [
        (0, 4, "binnen 5 minuten"),
        (0, 5, "binnen 5 minuten"),
        (0, 13, "binnen 15 minuten"),
        (3, 4, "binnen 5 minuten"),  # a range within the first step: "within"
        (12, 22, "ongeveer 10–25 minuten"),  # widened to round numbers, never narrowed
        (15, 25, "ongeveer 15–25 minuten"),
        (20, 20, "ongeveer 15–20 minuten"),  # a range, however sure the estimate looks
        (30, 61, "ongeveer 30–75 minuten"),  # past an hour: steps of 15
        (50, 70, "ongeveer 45–75 minuten"),
        (100, 130, "ongeveer 1½–2½ uur"),  # past two hours: half hours
        (0, 150, "binnen 2½ uur"),
        (125, 180, "ongeveer 2–3 uur"),
    ],
)
def test_wait_phrase_says_a_range_rounded_outward(low, high, phrase):
    wait = WaitEstimate((low + high) * MIN // 2, low * MIN, high * MIN)
    assert wait_phrase(wait) == phrase
    bottom, top = shown_minutes(wait)
    assert bottom * MIN <= wait.low_ms and wait.high_ms <= top * MIN


def test_wait_phrase_without_about_where_room_is_short():
    assert wait_phrase(WaitEstimate(20 * MIN, 12 * MIN, 22 * MIN), about=False) == "10–25 minuten"
    assert wait_phrase(WaitEstimate(0, 0, 8 * MIN), about=False) == "binnen 10 minuten"
    assert wait_phrase(WaitEstimate.none(), about=False) == "geen wachttijd"


def test_wait_phrase_no_wait_only_when_called_at_once():
    assert wait_phrase(WaitEstimate.none()) == "geen wachttijd"
    assert shown_minutes(WaitEstimate.none()) is None
    # an estimate of zero that is not "at once" (all counters busy) still gets a range
    assert wait_phrase(WaitEstimate(0, 0, 0)) == "binnen 5 minuten"


def test_short_minutes():
    assert short_minutes(0) == "0 min"
    assert short_minutes(12 * MIN + 59_000) == "12 min"
    assert short_minutes(65 * MIN) == "1 u 05"
