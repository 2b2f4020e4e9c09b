"""The figures of a period, against a day worked out by hand (tests/figures_data.py)."""

from __future__ import annotations

import pytest

from balie.core.figures import (
    Counts,
    counted_wait_ms,
    hour_figures,
    is_unserved,
    period_figures,
    report_from_visits,
    top_topics,
)
from balie.core.stats import count_within_sorted, median_sorted, percentile_sorted
from balie.store.reports import local_hour
from tests.figures_data import DAY, HAND_VISITS, MIN, QUICK_TOPICS

TARGETS = {"burgerzaken": 10 * MIN, "vergunningen": 15 * MIN, "sociaal": 15 * MIN}
ORDER = ["burgerzaken", "vergunningen", "sociaal"]


@pytest.fixture
def report():
    return report_from_visits(
        HAND_VISITS, DAY, DAY, "2026-11-20", TARGETS, local_hour, ORDER, QUICK_TOPICS
    )


def test_waits_run_from_arrival_or_early_appointment_to_first_call():
    waits = {v.ticket: counted_wait_ms(v) for v in HAND_VISITS}
    assert waits == {
        "B001": 4 * MIN, "B002": 12 * MIN,
        "B003": 2 * MIN,  # early for a 10:10 appointment: waits from 10:10, no-show still counts
        "B004": None, "B005": None,  # never called
        "B006": 22 * MIN, "V001": 14 * MIN,
        "V002": 5 * MIN,  # late (within grace) for 10:00: waits from arrival at 10:03
    }


def test_wait_start_equals_max_of_arrival_and_queue_place():
    for v in HAND_VISITS:
        if v.called_ms is not None:
            assert counted_wait_ms(v) == max(0, v.called_ms - max(v.arrived_ms, v.queue_ms))


def test_burgerzaken_by_hand(report):
    b = report.by_domain["burgerzaken"]
    assert b.visitors == 5  # B006 ended at vergunningen
    assert b.waits_counted == 3  # waits 2, 4, 12
    assert b.mean_wait_ms == 6 * MIN
    assert b.median_wait_ms == 4 * MIN
    assert b.p90_wait_ms == 12 * MIN  # nearest rank: ceil(0.9 * 3) = 3rd
    assert b.max_wait_ms == 12 * MIN
    assert b.within_target == 2 and b.service_level == pytest.approx(2 / 3)
    assert (b.no_shows, b.left, b.unserved, b.transfers) == (1, 1, 1, 0)
    assert (b.handled, b.referred, b.callback) == (1, 1, 0)
    assert b.front_share == 0.5 and b.referred_share == 0.5 and b.callback_share == 0
    assert b.mean_service_ms == 4 * MIN  # (6 + 2) / 2


def test_vergunningen_by_hand_counts_the_transferred_visitor_where_it_ended(report):
    v = report.by_domain["vergunningen"]
    assert v.visitors == 3 and v.transfers == 1
    assert v.waits_counted == 3  # 5, 14, 22
    assert v.mean_wait_ms == pytest.approx(41 / 3 * MIN)
    assert v.median_wait_ms == 14 * MIN
    assert v.p90_wait_ms == 22 * MIN and v.max_wait_ms == 22 * MIN
    assert v.within_target == 2  # 5 and 14 are within 15 minutes
    assert (v.handled, v.referred, v.callback) == (2, 0, 1)
    assert v.front_share == pytest.approx(2 / 3)
    assert v.mean_service_ms == 10 * MIN  # the transferred B006 is not timed


def test_a_quiet_domain_shows_zeros_and_no_averages(report):
    s = report.by_domain["sociaal"]
    assert s.visitors == 0 and s.waits_counted == 0
    assert s.mean_wait_ms is None and s.median_wait_ms is None and s.p90_wait_ms is None
    assert s.service_level is None and s.front_share is None and s.mean_service_ms is None
    assert list(report.by_domain) == ORDER


def test_total_holds_each_wait_against_its_own_domains_target(report):
    t = report.total
    assert t.visitors == 8 and t.waits_counted == 6  # 2, 4, 5, 12, 14, 22
    assert t.mean_wait_ms == pytest.approx(59 / 6 * MIN)
    assert t.median_wait_ms == 8.5 * MIN  # (5 + 12) / 2
    assert t.p90_wait_ms == 22 * MIN and t.max_wait_ms == 22 * MIN
    # 10 min for everyone would give 3/6, 15 min for everyone 5/6.
    assert t.within_target == 4 and t.service_level == pytest.approx(4 / 6)
    assert (t.no_shows, t.left, t.unserved, t.transfers) == (1, 1, 1, 1)
    assert (t.handled, t.referred, t.callback) == (3, 1, 1)
    assert t.front_share == pytest.approx(3 / 5)
    assert t.mean_service_ms == pytest.approx(28 / 4 * MIN)  # 6, 2, 10, 10


def test_hours_by_local_arrival_hour_with_gaps_filled(report):
    hours = [(h.hour, h.arrivals, h.waits_counted, h.mean_wait_ms) for h in report.hours]
    assert hours == [
        (10, 6, 6, 59 / 6 * MIN),
        (11, 1, 0, None),  # B004 left
        (12, 0, 0, None),
        (13, 1, 0, None),  # B005 still waiting at closing
    ]


def test_topics_and_quick_answers(report):
    assert report.top_topics == [("paspoort", 3), ("dakkapel", 1), ("openingstijden", 1)]
    assert report.quick_answers == 3


def test_a_visitor_still_waiting_today_is_not_unserved_yet():
    assert not is_unserved("waiting", "2026-11-20", "2026-11-20")
    assert is_unserved("waiting", "2026-11-19", "2026-11-20")
    assert is_unserved("called", "2026-11-19", "2026-11-20")
    assert is_unserved("unserved", "2026-11-20", "2026-11-20")
    assert not is_unserved("finished", "2026-11-19", "2026-11-20")


def test_visits_outside_the_period_do_not_count():
    report = report_from_visits(
        HAND_VISITS, "2026-11-20", "2026-11-20", "2026-11-20", TARGETS, local_hour, ORDER
    )
    assert report.total.visitors == 0 and report.hours == () and report.top_topics == []


def test_sorted_helpers_match_the_plain_ones():
    values = [7, 1, 3, 3, 9, 4]
    ordered = sorted(values)
    assert median_sorted(ordered) == 3.5
    assert percentile_sorted(ordered, 90) == 9
    assert percentile_sorted(ordered, 50) == 3
    assert count_within_sorted(ordered, 3) == 3
    assert count_within_sorted(ordered, 0) == 0
    assert median_sorted([]) is None and percentile_sorted([], 90) is None


def test_period_figures_lists_unconfigured_domains_after_the_configured_ones():
    parts = {"oud": (Counts(visitors=1), [MIN]), "burgerzaken": (Counts(visitors=2), [0, 20 * MIN])}
    by_domain, total = period_figures(parts, {"burgerzaken": 10 * MIN}, ["burgerzaken", "sociaal"])
    assert list(by_domain) == ["burgerzaken", "sociaal", "oud"]
    assert by_domain["oud"].service_level == 1.0  # the default 10 minutes
    assert total.visitors == 3 and total.within_target == 2 and total.median_wait_ms == MIN


def test_hour_figures_sums_the_same_hour_and_top_topics_breaks_ties_alphabetically():
    assert [h.arrivals for h in hour_figures([(9, 2, 1, 5), (9, 1, 1, 7), (11, 1, 0, 0)])] == [3, 0, 1]
    assert top_topics([("b", 1), ("a", 1), ("b", 1)], limit=1) == [("b", 2)]
