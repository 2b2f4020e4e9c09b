"""Periods a team leader reviews: a day, a week, a month, a year or any range.

Stepping moves a whole period (the next week is Monday to Sunday again). The
comparison period is the previous comparable one: for a day the same weekday
a week earlier (a Friday is a short day, a Monday a busy one), for a week
the week before, for a month the month before, for a year the year before, for any other range the same
number of days just before it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection
from dataclasses import dataclass

from balie.errors import BalieError

DAY, WEEK, MONTH, YEAR, RANGE = "day", "week", "month", "year", "range"

WEEKDAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date
    kind: str = RANGE

    @property
    def first_day(self) -> str:
        return self.first.isoformat()

    @property
    def last_day(self) -> str:
        return self.last.isoformat()

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def label(self) -> str:
        """Dutch, e.g. 'donderdag 19 november 2026', 'week 47 2026', 'november 2026', 'jaar 2026'."""
        if self.kind == DAY:
            return f"{WEEKDAY_NAMES[self.first.weekday()]} {_date(self.first)}"
        if self.kind == WEEK:
            year, week, _ = self.first.isocalendar()
            return f"week {week} {year} ({_short(self.first, self.last)})"
        if self.kind == MONTH:
            return f"{MONTH_NAMES[self.first.month - 1]} {self.first.year}"
        if self.kind == YEAR:
            return f"jaar {self.first.year}"
        if self.first == self.last:
            return _date(self.first)
        return _short(self.first, self.last)


def _date(day: datetime.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _short(first: datetime.date, last: datetime.date) -> str:
    if first.year != last.year:
        return f"{_date(first)} t/m {_date(last)}"
    if first.month != last.month:
        return f"{first.day} {MONTH_NAMES[first.month - 1]} t/m {_date(last)}"
    return f"{first.day} t/m {_date(last)}"


def day_period(day: datetime.date) -> Period:
    return Period(day, day, DAY)


def week_period(day: datetime.date) -> Period:
    """The Monday-to-Sunday week of ``day``."""
    monday = day - datetime.timedelta(days=day.weekday())
    return Period(monday, monday + datetime.timedelta(days=6), WEEK)


def month_period(day: datetime.date) -> Period:
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return Period(first, following - datetime.timedelta(days=1), MONTH)


def year_period(day: datetime.date) -> Period:
    return Period(datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31), YEAR)


def range_period(first: datetime.date, last: datetime.date) -> Period:
    """Any range; a single day is a day, a whole calendar week, month or year is one."""
    if first > last:
        first, last = last, first
    for candidate in (day_period(first), week_period(first), month_period(first), year_period(first)):
        if candidate.first == first and candidate.last == last:
            return candidate
    return Period(first, last, RANGE)


def shift(period: Period, steps: int) -> Period:
    """The period ``steps`` periods later (negative: earlier), of the same kind."""
    if period.kind == YEAR:
        return year_period(datetime.date(period.first.year + steps, 1, 1))
    if period.kind == MONTH:
        month = period.first.year * 12 + period.first.month - 1 + steps
        return month_period(datetime.date(month // 12, month % 12 + 1, 1))
    length = 7 if period.kind == WEEK else period.days
    delta = datetime.timedelta(days=length * steps)
    return Period(period.first + delta, period.last + delta, period.kind)


def previous_comparable(period: Period) -> Period:
    """What a period is compared with (see the module docstring)."""
    if period.kind == DAY:
        week_earlier = period.first - datetime.timedelta(days=7)
        return day_period(week_earlier)
    return shift(period, -1)


def last_opening_day(today: datetime.date, open_weekdays: Collection[int]) -> datetime.date:
    """The last opening day before today (Monday 0 .. Sunday 6); yesterday if none is set."""
    day = today - datetime.timedelta(days=1)
    for _ in range(7):
        if day.weekday() in open_weekdays:
            return day
        day -= datetime.timedelta(days=1)
    return today - datetime.timedelta(days=1)


_RANGE_SPLIT = re.compile(r"\s*(?:t/m|tot en met|tot|\.\.|\s)\s*")


def parse_day(text: str) -> datetime.date:
    """A date as people type it: 2026-11-19 or 19-11-2026 (also with / or .)."""
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value):
            year, month, day = map(int, value.split("-"))
        elif re.fullmatch(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}", value):
            day, month, year = map(int, re.split(r"[-/.]", value))
        else:
            raise ValueError(value)
        return datetime.date(year, month, day)
    except ValueError:
        raise BalieError(
            f"{value!r} is geen datum; gebruik bijvoorbeeld 2026-11-19 of 19-11-2026."
        ) from None


def parse_range(text: str) -> Period:
    """'2026-11-01 t/m 2026-11-19' (or one date for a single day) as a period."""
    parts = [part for part in _RANGE_SPLIT.split(text.strip()) if part]
    if not 1 <= len(parts) <= 2:
        raise BalieError("Typ een eerste en een laatste dag, bijvoorbeeld 2026-11-01 t/m 2026-11-19.")
    first, last = parse_day(parts[0]), parse_day(parts[-1])
    if first > last:
        raise BalieError(f"De eerste dag ({first.isoformat()}) ligt na de laatste ({last.isoformat()}).")
    return range_period(first, last)


# Periods said in words, as a team leader types them (here and on the command line).
PERIOD_WORDS = ("vandaag", "gisteren", "deze week", "vorige week", "deze maand", "vorige maand")


# Between the ends of a period typed in words: 'vorige week t/m vandaag'.
_ENDS_SPLIT = re.compile(r"\s*(?:t/m|tot en met|\.\.)\s*|\s+tot\s+")


def named_period(text: str, today: datetime.date) -> Period | None:
    """'vorige week' and the like as the period it names; None for anything else."""
    words = " ".join(text.lower().split())
    one_day = datetime.timedelta(days=1)
    made = {
        "vandaag": lambda: day_period(today),
        "gisteren": lambda: day_period(today - one_day),
        "deze week": lambda: week_period(today),
        "vorige week": lambda: shift(week_period(today), -1),
        "deze maand": lambda: month_period(today),
        "vorige maand": lambda: shift(month_period(today), -1),
    }.get(words)
    return made() if made else None


def parse_period(text: str, today: datetime.date) -> Period:
    """What a person types for a period: a word (``PERIOD_WORDS``), one date, or
    'eerste t/m laatste' where each end may be a date, 'vandaag' or 'gisteren'."""
    named = named_period(text, today)
    if named is not None:
        return named
    parts = [part for part in _ENDS_SPLIT.split(text.strip()) if part]
    if len(parts) == 1:  # 'eerste laatste', without t/m
        parts = text.split()
    wrong = BalieError(
        f"{text.strip()!r} is geen periode; typ bijvoorbeeld vorige week, gisteren, "
        "of 2026-11-01 t/m 2026-11-19."
    )
    if not 1 <= len(parts) <= 2:
        raise wrong
    try:
        first, last = (period_bound(p, today, end) for p, end in ((parts[0], False), (parts[-1], True)))
    except BalieError:
        if len(parts) == 2 and not _ENDS_SPLIT.search(text):
            raise wrong from None  # 'vorige wek': not two dates, one mistyped period
        raise
    if first > last:
        raise BalieError(f"De eerste dag ({first.isoformat()}) ligt na de laatste ({last.isoformat()}).")
    return range_period(first, last)


def period_bound(text: str, today: datetime.date, end: bool) -> datetime.date:
    """One end of a period: a date, or a word whose period starts (or ``end``s) there."""
    named = named_period(text, today)
    if named is not None:
        return named.last if end else named.first
    try:
        return parse_day(text)
    except BalieError:
        raise BalieError(
            f"{text.strip()!r} is geen datum; typ bijvoorbeeld vorige week, gisteren, "
            "2026-11-19 of 19-11-2026."
        ) from None


def is_period_word(text: str) -> bool:
    return " ".join(text.lower().split()) in PERIOD_WORDS

