"""The stand-up's rules: template to day, ticking, ordering, the previous opening day."""

from __future__ import annotations

import pytest

from balie.config import DEFAULT_HOURS
from balie.core.standup import (
    DEFAULT_ITEMS,
    StandupItem,
    TemplateItem,
    actor_name,
    check_editable,
    clean_notes,
    item_text,
    items_from_template,
    moved,
    previous_opening_day,
    template_order,
    tick_change,
)
from balie.errors import BalieError


def test_defaults_are_dutch_and_cover_the_issue():
    text = " ".join(DEFAULT_ITEMS).lower()
    for words in ("balies bemensd", "eerste medewerker", "gastvrouw", "openingstijden",
                  "telefonische bereikbaarheid", "storingen", "teamwaarde"):
        assert words in text


def test_day_items_follow_template_order_not_insertion_order():
    template = [TemplateItem(1, 2, "c"), TemplateItem(2, 0, "a"), TemplateItem(3, 1, "b")]
    assert items_from_template(template) == [(2, "a"), (3, "b"), (1, "c")]


def test_tick_change_is_about_what_the_person_wants_not_a_toggle():
    open_item = StandupItem(1, 0, "x", 1)
    ticked = StandupItem(1, 0, "x", 1, ticked_ms=5, ticked_by="Petra")
    assert tick_change(open_item, True) and not tick_change(open_item, False)
    assert tick_change(ticked, False) and not tick_change(ticked, True)
    assert ticked.ticked and not open_item.ticked


def test_moved_within_bounds():
    assert moved([1, 2, 3], 3, -1) == [1, 3, 2]
    assert moved([1, 2, 3], 1, +1) == [2, 1, 3]
    assert moved([1, 2, 3], 1, -1) is None
    assert moved([1, 2, 3], 3, +1) is None
    with pytest.raises(BalieError):
        moved([1, 2], 9, 1)


def test_template_order_follows_today_and_keeps_the_rest():
    # Template 10, 11, 12, 13; today has 12, 10 (and a day-only item None); 11, 13 not today.
    assert template_order([10, 11, 12, 13], [12, None, 10]) == [12, 10, 11, 13]


def test_only_today_is_editable():
    check_editable("2026-11-20", "2026-11-20")
    with pytest.raises(BalieError, match="alleen nog te bekijken"):
        check_editable("2026-11-19", "2026-11-20")


def test_texts_are_cleaned_and_required():
    assert item_text("  Koffie\x1b[31m   klaar ") == "Koffie klaar"
    with pytest.raises(BalieError):
        item_text("   ")
    with pytest.raises(BalieError, match="naam"):
        actor_name("")
    assert actor_name(" Petra ") == "Petra"
    assert clean_notes("\n WOZ-brieven verstuurd \n\nStoring  pinautomaat\n\n") == (
        "WOZ-brieven verstuurd\n\nStoring pinautomaat"
    )
    assert clean_notes("  \n ") is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-11-20", "2026-11-19"),  # Friday -> Thursday
        ("2026-11-23", "2026-11-20"),  # Monday -> Friday, weekend skipped
        ("2026-11-22", "2026-11-20"),  # Sunday -> Friday
        ("2026-11-24", "2026-11-23"),  # Tuesday -> Monday
    ],
)
def test_previous_opening_day_skips_weekends(day, expected):
    assert previous_opening_day(day, DEFAULT_HOURS) == expected


def test_previous_opening_day_skips_configured_closed_days():
    hours = {**DEFAULT_HOURS, "mon": None}
    assert previous_opening_day("2026-11-24", hours) == "2026-11-20"  # Tuesday -> Friday


def test_previous_opening_day_skips_an_opening_day_without_visits():
    # Monday was a holiday (no visits): Tuesday looks back at Friday.
    seen = {"2026-11-20", "2026-11-19"}
    assert previous_opening_day("2026-11-24", DEFAULT_HOURS, seen) == "2026-11-20"
    # Nothing ever: the calendar's previous opening day (shown as "no visitors").
    assert previous_opening_day("2026-11-24", DEFAULT_HOURS, set()) == "2026-11-23"
    assert previous_opening_day("2026-11-24", DEFAULT_HOURS, {"2020-01-01"}) == "2026-11-23"


def test_previous_opening_day_when_never_open():
    assert previous_opening_day("2026-11-24", dict.fromkeys(DEFAULT_HOURS)) is None
