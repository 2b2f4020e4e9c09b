"""Periods: stepping, the comparison period, labels, typed ranges, the default day."""

from __future__ import annotations

import datetime

import pytest

from balie.core.periods import (
    DAY, MONTH, RANGE, WEEK, YEAR, Period, day_period, last_opening_day, month_period,
    is_period_word, parse_period, parse_range, period_bound, previous_comparable, range_period, shift, week_period, year_period,
)
from balie.errors import BalieError
from balie.reporting import default_period

D = datetime.date


def test_week_month_and_year_contain_the_day():
    assert week_period(D(2026, 11, 19)) == Period(D(2026, 11, 16), D(2026, 11, 22), WEEK)
    assert month_period(D(2026, 2, 10)) == Period(D(2026, 2, 1), D(2026, 2, 28), MONTH)
    assert month_period(D(2026, 12, 31)).last == D(2026, 12, 31)
    assert year_period(D(2026, 6, 1)) == Period(D(2026, 1, 1), D(2026, 12, 31), YEAR)


def test_stepping_keeps_the_kind():
    assert shift(day_period(D(2026, 11, 19)), 1) == day_period(D(2026, 11, 20))
    assert shift(week_period(D(2026, 11, 19)), -1).first == D(2026, 11, 9)
    assert shift(month_period(D(2026, 1, 15)), -1) == month_period(D(2025, 12, 1))
    assert shift(month_period(D(2026, 12, 1)), 1) == month_period(D(2027, 1, 1))
    assert shift(Period(D(2026, 11, 1), D(2026, 11, 10)), 1) == Period(D(2026, 11, 11), D(2026, 11, 20))


def test_comparison_periods():
    # A day against the same weekday a week earlier; others against the one before.
    assert previous_comparable(day_period(D(2026, 11, 20))) == day_period(D(2026, 11, 13))
    assert previous_comparable(month_period(D(2026, 3, 5))) == month_period(D(2026, 2, 1))
    assert previous_comparable(year_period(D(2026, 1, 1))) == year_period(D(2025, 1, 1))
    assert previous_comparable(Period(D(2026, 11, 18), D(2026, 11, 19))) == Period(
        D(2026, 11, 16), D(2026, 11, 17)
    )


def test_dutch_labels():
    assert day_period(D(2026, 11, 19)).label() == "donderdag 19 november 2026"
    assert week_period(D(2026, 11, 19)).label() == "week 47 2026 (16 t/m 22 november 2026)"
    assert month_period(D(2026, 3, 1)).label() == "maart 2026"
    assert year_period(D(2026, 3, 1)).label() == "jaar 2026"
    assert Period(D(2026, 10, 30), D(2026, 11, 2)).label() == "30 oktober t/m 2 november 2026"


@pytest.mark.parametrize(
    ("typed", "first", "last", "kind"),
    [
        ("2026-11-01 t/m 2026-11-19", D(2026, 11, 1), D(2026, 11, 19), RANGE),
        ("1-11-2026 tot 30-11-2026", D(2026, 11, 1), D(2026, 11, 30), MONTH),
        ("2026-11-16..2026-11-22", D(2026, 11, 16), D(2026, 11, 22), WEEK),
        (" 19/11/2026 ", D(2026, 11, 19), D(2026, 11, 19), DAY),
    ],
)
def test_parse_range(typed, first, last, kind):
    assert parse_range(typed) == Period(first, last, kind)
    assert range_period(first, last).kind == kind


@pytest.mark.parametrize("typed", ["", "gisteren", "2026-02-30", "2026-11-19 t/m 2026-11-01", "1 2 3"])
def test_parse_range_refuses_in_dutch(typed):
    with pytest.raises(BalieError):
        parse_range(typed)


def test_default_is_the_last_opening_day(config):
    assert last_opening_day(D(2026, 11, 23), {0, 1, 2, 3, 4}) == D(2026, 11, 20)  # Monday -> Friday
    assert last_opening_day(D(2026, 11, 23), set()) == D(2026, 11, 22)
    assert default_period("2026-11-23", config) == day_period(D(2026, 11, 20))


FRIDAY = D(2026, 11, 20)


@pytest.mark.parametrize(
    ("typed", "period"),
    [
        ("vandaag", day_period(FRIDAY)),
        ("Gisteren", day_period(D(2026, 11, 19))),
        ("deze week", week_period(FRIDAY)),
        ("vorige  week", Period(D(2026, 11, 9), D(2026, 11, 15), WEEK)),
        ("deze maand", month_period(FRIDAY)),
        ("vorige maand", Period(D(2026, 10, 1), D(2026, 10, 31), MONTH)),
        ("2026-11-01 t/m gisteren", range_period(D(2026, 11, 1), D(2026, 11, 19))),
        ("vorige week t/m vandaag", range_period(D(2026, 11, 9), FRIDAY)),
        ("1-11-2026 19-11-2026", range_period(D(2026, 11, 1), D(2026, 11, 19))),
        ("2026-11-19", range_period(D(2026, 11, 19), D(2026, 11, 19))),
    ],
)
def test_periods_in_words_and_dates(typed, period):
    assert parse_period(typed, FRIDAY) == period


@pytest.mark.parametrize("typed", ["vorig jaar", "2026-13-01", "gisteren t/m 2026-11-01", "a b c"])
def test_what_is_no_period_is_said_in_dutch(typed):
    with pytest.raises(BalieError) as raised:
        parse_period(typed, FRIDAY)
    assert any(words in str(raised.value) for words in ("geen datum", "ligt na", "geen periode"))


def test_a_mistyped_period_is_named_whole():
    with pytest.raises(BalieError, match="'vorige wek' is geen periode"):
        parse_period("vorige wek", FRIDAY)


def test_a_word_as_one_end_of_a_period():
    assert period_bound("vorige maand", FRIDAY, end=False) == D(2026, 10, 1)
    assert period_bound("vorige maand", FRIDAY, end=True) == D(2026, 10, 31)
    assert is_period_word("Deze  Week") and not is_period_word("week")
