"""The wait estimators, the range and Erlang C on cases worked out by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balie.core import erlang
from balie.core.estimate import (
    AT_ONCE_MS,
    CHOSEN,
    RANGES,
    WaitEstimate,
    at_once,
    departure_ms,
    estimate,
    size,
    with_range,
)
from balie.core import estimators
from balie.core.estimators import (
    ESTIMATORS,
    capacity,
    capacity_per_ms,
    erlang_c,
    forward,
    forward_many,
    pace,
    per_counter,
    recent_waits,
    residual_ms,
)
from balie.core.office_now import CALLS_PLAYED, MIN, CounterNow, LastHour, OfficeNow, Queued

NOW = 1_800_000_000_000
SERVICE = {"burgerzaken": 6, "sociaal": 12, "vergunningen": 10}
GAP = 30_000  # the usual moment between two visitors while the day shows none


def office(**facts) -> OfficeNow:
    return OfficeNow(now_ms=NOW, service_minutes=SERVICE, **facts)


def counter(name: str, *domains: str, serving: str | None = None, since: int | None = None, **rest) -> CounterNow:
    return CounterNow(name, frozenset(domains), serving=serving, since_ms=since, **rest)


def queued(domain: str, minutes_ago: float, id_: int, urgent: bool = False) -> Queued:
    return Queued(domain, urgent, NOW - int(minutes_ago * MIN), id_)


# -- what the office knows -------------------------------------------------------


def test_mean_service_starts_at_the_configured_minutes_and_follows_the_day():
    assert office().mean_service_ms("burgerzaken") == 6 * MIN
    # five configured visits of 6 minutes and five real ones of 12: 9 minutes
    twelve = LastHour(services=(12 * MIN,) * 5)
    assert office(hour={"burgerzaken": twelve}).mean_service_ms("burgerzaken") == 9 * MIN
    # only the last 20 services count
    many = LastHour(services=(60 * MIN,) * 10 + (6 * MIN,) * 20)
    assert office(hour={"burgerzaken": many}).mean_service_ms("burgerzaken") == 6 * MIN


def test_gap_and_pause_start_usual_and_follow_the_day():
    assert office().gap_ms() == GAP
    assert office(gaps=[80_000] * 5).gap_ms() == 55_000
    assert office().pause_ms() == 20 * MIN
    assert office(pauses=[10 * MIN]).pause_ms() == 15 * MIN


def test_serving_and_free_leave_out_paused_and_absent_counters():
    now = office(counters=(
        counter("Balie 1", "burgerzaken"),
        counter("Balie 2", "burgerzaken", serving="burgerzaken", since=NOW),
        counter("Balie 3", "burgerzaken", paused=True),
        counter("Balie 4", "burgerzaken", present=False),
        counter("Balie 5", "sociaal"),
    ))
    assert [c.name for c in now.serving("burgerzaken")] == ["Balie 1", "Balie 2"]
    assert now.free("burgerzaken") == 1


# -- the simple estimators ---------------------------------------------------------


def test_per_counter_is_ahead_times_service_over_counters():
    two = (counter("Balie 1", "burgerzaken"), counter("Balie 2", "burgerzaken", serving="burgerzaken"))
    assert per_counter(office(counters=two), "burgerzaken", 4) == 4 * 6 * MIN // 2
    assert per_counter(office(), "sociaal", 2) == 2 * 12 * MIN  # nobody known: one counter
    assert per_counter(office(counters=two), "burgerzaken", 0) == 0


def test_recent_waits_is_the_median_of_the_last_few():
    waits = LastHour(calls=6, waits=tuple(m * MIN for m in (1, 2, 30, 4, 5)))
    assert recent_waits(office(hour={"burgerzaken": waits}), "burgerzaken", 3) == 4 * MIN
    # no calls yet: ahead x service / counters
    assert recent_waits(office(), "burgerzaken", 3) == 3 * 6 * MIN


def test_pace_reads_the_calls_of_the_domain():
    hour = {
        "burgerzaken": LastHour(calls=3, first_call_ms=NOW - 30 * MIN, callers=frozenset({"Balie 1"})),
        "sociaal": LastHour(calls=1, first_call_ms=NOW - MIN, callers=frozenset({"Balie 5"})),
    }
    # 3 calls in 30 minutes: one per 10 minutes; 2 ahead -> 20 minutes
    assert pace(office(hour=hour), "burgerzaken", 2) == 20 * MIN
    # 1 call: too few for a pace; the configured 12 minutes at the one counter seen
    assert pace(office(hour=hour), "sociaal", 2) == 24 * MIN


def test_erlang_c_estimate_uses_the_last_hours_arrivals():
    two = (counter("Balie 1", "burgerzaken"), counter("Balie 2", "burgerzaken"))
    # 10 an hour at 6 minutes: 1 erlang on 2 counters; C = 1/3, wait = C x 6 / (2 - 1) = 2 minutes
    now = office(counters=two, hour={"burgerzaken": LastHour(arrivals=10)})
    assert erlang_c(now, "burgerzaken", 5) == pytest.approx(2 * MIN, abs=1)
    # 30 an hour on 2 counters cannot be kept up: the queue decides, (ahead + 1) x 6 / 2
    busy = office(counters=two, hour={"burgerzaken": LastHour(arrivals=30)})
    assert erlang_c(busy, "burgerzaken", 3) == 12 * MIN


def test_capacity_counts_a_shared_counter_by_its_share_of_calls():
    counters = (
        counter("Balie 1", "burgerzaken", serving="burgerzaken"),
        counter("Balie 2", "burgerzaken", "sociaal", serving="sociaal"),
    )
    now = office(counters=counters, calls_by={("Balie 2", "sociaal"): 2})
    # Balie 2: burgerzaken 0+1 calls, sociaal 2+1: a quarter of its calls is burgerzaken;
    # a call there takes 1/4 x 6 + 3/4 x 12 = 10.5 minutes on average
    assert capacity_per_ms(now, "burgerzaken") == pytest.approx(1 / (6 * MIN) + (1 / 4) / (10.5 * MIN))
    assert capacity_per_ms(now, "sociaal") == pytest.approx((3 / 4) / (10.5 * MIN))
    # sociaal: a departure every 14 minutes; 2 ahead, nobody free: (2 + 1/2) departures
    assert departure_ms(now, "sociaal") == pytest.approx(14 * MIN)
    assert capacity(now, "sociaal", 2) == pytest.approx(35 * MIN, abs=1)


# -- played forward -----------------------------------------------------------------


def test_residual_of_a_service_that_just_started_is_the_mean():
    assert residual_ms(6 * MIN, 0) == 6 * MIN


def test_residual_matches_the_lognormal_by_numbers():
    """E[S - e | S > e] by plain numerical integration of the lognormal density."""
    mean, cv, elapsed = 6.0, 0.7, 4.0
    sigma = math.sqrt(math.log(1 + cv * cv))
    mu = math.log(mean) - sigma * sigma / 2
    step, above, mass = 0.001, 0.0, 0.0
    x = elapsed + step / 2
    while x < 200:
        density = math.exp(-((math.log(x) - mu) ** 2) / (2 * sigma * sigma)) / (x * sigma * math.sqrt(2 * math.pi))
        above += (x - elapsed) * density * step
        mass += density * step
        x += step
    assert residual_ms(mean, elapsed, cv) == pytest.approx(above / mass, rel=1e-3)
    # a visit that has run long is likely a long one: more than the mean minus what it took
    assert residual_ms(mean, 10.0, cv) > mean - 10.0


def test_forward_one_counter_works_through_the_queue():
    busy = counter("Balie 1", "burgerzaken", serving="burgerzaken", since=NOW)
    queue = (queued("burgerzaken", 5, 1), queued("burgerzaken", 3, 2))
    now = office(counters=(busy,), queue=queue)
    # free after 6 min + the gap; then two visits of 6 min + gap each
    assert forward(now, "burgerzaken", 2) == 6 * MIN + GAP + 2 * (6 * MIN + GAP)
    # the first in the queue is called when the counter comes free
    assert forward(now, "burgerzaken", 0) == 6 * MIN + GAP


def test_forward_shared_counter_serves_the_merged_queue_in_order():
    counters = (
        counter("Balie 1", "burgerzaken", serving="burgerzaken", since=NOW),
        counter("Balie 2", "burgerzaken", "sociaal", serving="sociaal", since=NOW),
    )
    queue = (queued("burgerzaken", 10, 1), queued("sociaal", 8, 2), queued("burgerzaken", 5, 3))
    now = office(counters=counters, queue=queue)
    # Balie 1 free at 6.5: takes B1, free at 13, takes the last B, free at 19.5 (then nothing
    # before the visitor for it). Balie 2 free at 12.5: the oldest of its two domains is S2
    # (waiting longer than the last B), a sociaal visit of 12 + 0.5: free at 25, then the
    # new sociaal visitor's turn.
    assert forward(now, "sociaal", 1) == 25 * MIN
    # A new burgerzaken visitor: Balie 1 at 6.5 (B1), Balie 2 at 12.5 (S2), Balie 1 at 13
    # (the last B), Balie 1 again at 19.5 finds nobody before them.
    assert forward(now, "burgerzaken", 2) == int(19.5 * MIN)


def test_forward_expects_a_paused_counter_back_after_a_usual_pause():
    paused = counter("Balie 1", "vergunningen", paused=True, paused_ms=NOW - 5 * MIN)
    assert forward(office(counters=(paused,)), "vergunningen", 0) == 15 * MIN
    # today's pauses took 10 minutes: (20 + 10) / 2 = 15 from the start of the pause
    assert forward(office(counters=(paused,), pauses=[10 * MIN]), "vergunningen", 0) == 10 * MIN
    # longer away than usual: back in a while yet (5 minutes)
    long_gone = counter("Balie 1", "vergunningen", paused=True, paused_ms=NOW - 60 * MIN)
    assert forward(office(counters=(long_gone,)), "vergunningen", 0) == 5 * MIN


def test_forward_without_anyone_serving_the_domain():
    assert forward(office(), "sociaal", 1) == 2 * 12 * MIN


def test_forward_urgent_visitors_go_first():
    busy = counter("Balie 1", "burgerzaken", serving="burgerzaken", since=NOW)
    queue = (queued("burgerzaken", 0, 9, urgent=True), queued("burgerzaken", 10, 1))
    now = office(counters=(busy,), queue=queue)
    # the queue rule puts the urgent visitor first: the one waiting 10 minutes is second
    assert forward(now, "burgerzaken", 1) == 2 * (6 * MIN + GAP)


def _long_queue(waiting: int, read: int | None = None) -> OfficeNow:
    """One busy counter and ``waiting`` walk-ins a minute apart, of which the store read ``read``."""
    busy = counter("Balie 1", "burgerzaken", serving="burgerzaken", since=NOW)
    queue = tuple(queued("burgerzaken", waiting - n, n + 1) for n in range(waiting))
    if read is None:
        return office(counters=(busy,), queue=queue)
    return office(counters=(busy,), queue=queue[:read], queued={"burgerzaken": waiting}, waiting={"burgerzaken": waiting})


def test_forward_plays_a_long_queue_only_as_far_as_calls_played(monkeypatch):
    """Issue 18: the board's reload played every waiting visitor (a thousand at 100x)."""
    pops = [0]
    real_pop = estimators.heapq.heappop

    def counted(heap):
        pops[0] += 1
        return real_pop(heap)

    monkeypatch.setattr(estimators.heapq, "heappop", counted)
    one_visit = 6 * MIN + GAP
    played = forward(_long_queue(CALLS_PLAYED - 1), "burgerzaken", CALLS_PLAYED - 1)
    assert played == CALLS_PLAYED * one_visit  # played in full: exact
    pops[0] = 0
    long = forward(_long_queue(1000, read=CALLS_PLAYED), "burgerzaken", 1000)
    assert pops[0] <= CALLS_PLAYED + 1
    # the rest at the pace of the calls played: within a percent or two of playing them all
    assert long == pytest.approx(1001 * one_visit, rel=0.02)
    assert long == forward(_long_queue(1000), "burgerzaken", 1000)  # read in full or in part: the same


@st.composite
def _offices(draw):
    domains = ("burgerzaken", "sociaal", "vergunningen")
    counters = tuple(
        counter(
            f"Balie {n}", *draw(st.sets(st.sampled_from(domains), min_size=1)),
            serving=draw(st.sampled_from((None, *domains))), since=NOW - draw(st.integers(0, 20)) * MIN,
            paused=draw(st.booleans()) and draw(st.booleans()), paused_ms=NOW - 5 * MIN,
        )
        for n in range(draw(st.integers(0, 5)))
    )
    rows = draw(st.lists(st.tuples(st.sampled_from(domains), st.integers(0, 40), st.booleans()), max_size=60))
    queue = tuple(sorted(
        (queued(d, minutes, n + 1, urgent=urgent and minutes % 7 == 0) for n, (d, minutes, urgent) in enumerate(rows)),
        key=lambda q: q.key,
    ))
    return office(counters=counters, queue=queue)


@settings(max_examples=200, deadline=None)
@given(now=_offices(), asked=st.dictionaries(st.sampled_from(("burgerzaken", "sociaal", "vergunningen")), st.integers(0, 70)))
def test_domains_played_together_hear_what_each_would_alone(now, asked):
    together = forward_many(now, asked)
    assert together == {domain: forward(now, domain, ahead) for domain, ahead in asked.items()}
    # and, up to CALLS_PLAYED calls, what playing without any bound says
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(estimators, "CALLS_PLAYED", 10**9)
        assert together == {domain: forward(now, domain, ahead) for domain, ahead in asked.items()}


# -- what the visitor hears ------------------------------------------------------------


def test_at_once_only_with_a_free_counter_and_nobody_ahead():
    free = office(counters=(counter("Balie 1", "burgerzaken"),))
    busy = office(counters=(counter("Balie 1", "burgerzaken", serving="burgerzaken", since=NOW),))
    paused = office(counters=(counter("Balie 1", "burgerzaken", paused=True),))
    assert at_once(free, "burgerzaken", 0)
    assert not at_once(free, "burgerzaken", 1)
    assert not at_once(busy, "burgerzaken", 0)
    assert not at_once(paused, "burgerzaken", 0)
    assert not at_once(office(), "burgerzaken", 0)  # nobody known to be there
    assert estimate(free, "burgerzaken", 0) == WaitEstimate(0, 0, AT_ONCE_MS, at_once=True)


def test_the_range_is_point_plus_quantiles_of_point_plus_departure():
    assert with_range(10 * MIN, 5 * MIN, (-0.2, 0.4)) == WaitEstimate(10 * MIN, 7 * MIN, 16 * MIN)
    # never below zero
    assert with_range(MIN, 5 * MIN, (-0.5, 0.5)) == WaitEstimate(MIN, 0, 4 * MIN)


def test_size_picks_the_range_for_the_estimate():
    assert [size(m * MIN) for m in (0, 9, 10, 19, 20, 39, 40, 300)] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert all(len(per_size) == 4 for per_size in RANGES.values())


def test_estimate_uses_the_chosen_estimator_with_its_range():
    busy = counter("Balie 1", "burgerzaken", serving="burgerzaken", since=NOW)
    now = office(counters=(busy,), queue=(queued("burgerzaken", 5, 1),))
    for method in ("per_counter", CHOSEN):
        wait = estimate(now, "burgerzaken", 1, method=method)
        point = ESTIMATORS[method](now, "burgerzaken", 1)
        quantiles = RANGES[method][size(point)]
        assert wait == with_range(point, departure_ms(now, "burgerzaken"), quantiles)
    assert estimate(now, "burgerzaken", 1) == estimate(now, "burgerzaken", 1, method=CHOSEN)


# -- Erlang C --------------------------------------------------------------------------


def _erlang_c_textbook(c: int, a: float) -> float:
    """The sum formula, to check the recursion against."""
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


def test_erlang_b_and_c_known_values():
    assert erlang.erlang_b(1, 1.0) == pytest.approx(0.5)
    assert erlang.erlang_b(2, 1.0) == pytest.approx(0.2)
    assert erlang.erlang_c(1, 0.5) == pytest.approx(0.5)  # M/M/1: the load itself
    assert erlang.erlang_c(2, 1.0) == pytest.approx(1 / 3)
    for c, a in ((4, 3.0), (5, 3.0), (10, 7.5), (3, 0.4)):
        assert erlang.erlang_c(c, a) == pytest.approx(_erlang_c_textbook(c, a))
    assert erlang.erlang_c(3, 3.0) == 1.0 and erlang.erlang_c(2, 0) == 0.0


def test_erlang_mean_wait_and_service_level():
    assert erlang.mean_wait(1, 0.5, 6.0) == pytest.approx(6.0)  # rho / (1 - rho) x S
    assert erlang.mean_wait(2, 1.0, 6.0) == pytest.approx(2.0)
    assert math.isinf(erlang.mean_wait(2, 2.5, 6.0))
    assert erlang.within(1, 0.5, 6.0, 0) == pytest.approx(0.5)
    assert erlang.within(2, 1.0, 6.0, 10) == pytest.approx(1 - math.exp(-10 / 6) / 3)
    assert erlang.within(2, 3.0, 6.0, 10) == 0.0
