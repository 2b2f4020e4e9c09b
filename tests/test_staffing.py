"""Staffing advice: counters needed per domain and hour, from Erlang C."""

from __future__ import annotations

import math

from balie.config import default_config
from balie.core import erlang
from balie.core.staffing import (
    Block, Need, advise, block_line, blocks, counters_needed, counters_per_domain, typical_counters,
)


def test_counters_needed_on_known_erlang_c_values():
    # 10 an hour at 6 minutes: 1 erlang. One counter cannot keep up; two call
    # 1 - 1/3 e^(-10/6) = 93.7 % within 10 minutes
    assert counters_needed(10, 6, 10, 0.8) == 2
    # 30 an hour at 6 minutes: 3 erlangs. Four counters: 1 - C(4,3) e^(-10/6) = 90 % within 10 minutes
    assert erlang.within(4, 3.0, 6, 10) > 0.8
    assert counters_needed(30, 6, 10, 0.8) == 4
    # within 2 minutes: four counters call only 63.5 %, five 87.9 %
    assert erlang.within(4, 3.0, 6, 2) < 0.8 < erlang.within(5, 3.0, 6, 2)
    assert counters_needed(30, 6, 2, 0.8) == 5
    # a stricter share needs more
    assert counters_needed(30, 6, 10, 0.99) > counters_needed(30, 6, 10, 0.8)
    assert counters_needed(0, 6, 10, 0.8) == 0


def test_counters_needed_is_the_fewest_that_reach_the_share():
    for per_hour in (3, 8, 14, 25, 40, 90):
        for minutes in (4, 6, 12):
            needed = counters_needed(per_hour, minutes, 10, 0.8)
            load = per_hour / 60 * minutes
            assert needed > load
            assert erlang.within(needed, load, minutes, 10) >= 0.8
            assert needed == math.floor(load) + 1 or erlang.within(needed - 1, load, minutes, 10) < 0.8


def test_blocks_join_hours_with_the_same_need():
    needs = [
        Need("burgerzaken", 9, 8, 6, 2), Need("burgerzaken", 10, 14, 6, 3), Need("burgerzaken", 11, 13, 6, 3),
        Need("burgerzaken", 13, 12, 6, 3),  # no visitors at 12: a new block
        Need("sociaal", 10, 3, 12, 2),
    ]
    assert blocks(needs, {"burgerzaken": 2}) == [
        Block("burgerzaken", 9, 10, 2, 2), Block("burgerzaken", 10, 12, 3, 2),
        Block("burgerzaken", 13, 14, 3, 2), Block("sociaal", 10, 11, 2, 0),
    ]


def test_block_line_says_it_the_team_leaders_way():
    assert block_line(Block("burgerzaken", 10, 12, 3, 3), "Burgerzaken") == (
        "10–12 uur: 3 balies nodig voor Burgerzaken, 3 ingedeeld"
    )
    # a shortage is said in words, not only in a colour
    assert block_line(Block("burgerzaken", 10, 12, 3, 2), "Burgerzaken") == (
        "10–12 uur: 3 balies nodig voor Burgerzaken, 2 ingedeeld: 1 te weinig"
    )
    assert block_line(Block("sociaal", 9, 10, 1, 0), "Sociaal") == (
        "09–10 uur: 1 balie nodig voor Sociaal, 0 ingedeeld: 1 te weinig"
    )


def test_advise_averages_the_same_weekday_over_the_days_with_visitors():
    config = default_config()
    arrivals = {
        "2026-11-06": {"burgerzaken": {10: 10, 11: 4}},
        "2026-11-13": {"burgerzaken": {10: 20}, "sociaal": {14: 2}},
    }
    staffed = {"Balie 1": ["burgerzaken"], "Balie 3": ["burgerzaken", "sociaal"]}
    advice = advise("2026-11-20", config.domains, 0.8, ["2026-11-06", "2026-11-13"], arrivals,
                    {"burgerzaken": 6.0}, counters_per_domain(staffed))
    assert [(n.domain, n.hour, n.per_hour, n.service_minutes, n.counters) for n in advice.needs] == [
        ("burgerzaken", 10, 15.0, 6.0, counters_needed(15, 6, 10, 0.8)),
        ("burgerzaken", 11, 2.0, 6.0, 1),
        ("sociaal", 14, 1.0, 12, 1),  # no service seen: the configured minutes
    ]
    assert [b.staffed for b in advice.blocks] == [2, 2, 1]  # a counter for two domains counts in both
    # 15 an hour at 6 minutes needs 3 counters; 2 were staffed at 10 o'clock
    assert [(b.domain, b.start, b.counters, b.staffed) for b in advice.short] == [("burgerzaken", 10, 3, 2)]


def test_counters_per_domain_counts_a_counter_for_two_domains_in_both():
    assert counters_per_domain({"Balie 1": ["burgerzaken"], "Balie 3": ["burgerzaken", "sociaal"]}) == {
        "burgerzaken": 2, "sociaal": 1,
    }
    assert counters_per_domain({}) == {}


def test_typical_counters_is_a_number_that_was_really_staffed():
    days = [
        {"Balie 1": ["burgerzaken"], "Balie 2": ["burgerzaken"], "Balie 3": ["sociaal"]},
        {"Balie 1": ["burgerzaken"], "Balie 2": ["burgerzaken"], "Balie 3": ["burgerzaken"]},
        {"Balie 1": ["burgerzaken"]},  # sociaal had no counter that day: it counts as 0
        {"Balie 1": ["burgerzaken"], "Balie 3": ["sociaal"]},
    ]
    # burgerzaken 2, 3, 1, 1 -> lower median 1; sociaal 1, 0, 0, 1 -> 0
    assert typical_counters(days) == {"burgerzaken": 1, "sociaal": 0}
    assert typical_counters(days[:3]) == {"burgerzaken": 2, "sociaal": 0}
    assert typical_counters([]) == {}


def test_summarise_puts_a_domain_on_one_line():
    from balie.core.staffing import Advice, spans_text, summarise

    found = blocks([
        Need("burgerzaken", 9, 8, 6, 2), Need("burgerzaken", 10, 25, 6, 3), Need("burgerzaken", 11, 25, 6, 3),
        Need("burgerzaken", 12, 8, 6, 2), Need("burgerzaken", 14, 25, 6, 3),
        Need("sociaal", 10, 2, 12, 1),
    ], {"burgerzaken": 2, "sociaal": 1})
    summaries = summarise(Advice("2026-11-20", ("2026-11-13",), (), tuple(found)))
    assert [(s.domain, s.fewest, s.most, s.staffed, s.short) for s in summaries] == [
        ("burgerzaken", 2, 3, 2, ((10, 12), (14, 15))),
        ("sociaal", 1, 1, 1, ()),
    ]
    assert spans_text(summaries[0].short) == "10–12, 14–15 uur"
    assert summarise(Advice("2026-11-20", (), (), ())) == []
