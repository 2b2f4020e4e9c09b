"""The staffing advice panel the stand-up and the report show."""

from __future__ import annotations

from rich.console import Console

from balie.config import default_config
from balie.core.staffing import Advice, Need, blocks
from balie.widgets.staffing_advice import advice_panel


def rendered(renderable, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def friday_advice(staffed: dict[str, int], last_day: str | None = None) -> Advice:
    needs = [
        Need("burgerzaken", 9, 8, 6, 2), Need("burgerzaken", 10, 25, 6, 3), Need("burgerzaken", 11, 25, 6, 3),
        Need("burgerzaken", 12, 8, 6, 2), Need("sociaal", 10, 2, 12, 1),
    ]
    return Advice("2026-11-20", ("2026-11-06", "2026-11-13"), tuple(needs), tuple(blocks(needs, staffed)), last_day)


def test_a_shortage_shows_a_sign_and_its_hours_within_80_columns():
    text = rendered(advice_panel(default_config(), friday_advice({"burgerzaken": 2, "sociaal": 1})))
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines)
    burgerzaken = next(line for line in lines if line.startswith("Burgerzaken"))
    assert "2–3 balies nodig" in burgerzaken
    assert "2 ingedeeld" in burgerzaken and "▲ te weinig 10–12 uur" in burgerzaken
    sociaal = next(line for line in lines if line.startswith("Sociaal"))
    assert "1 balie nodig" in sociaal and "✓ genoeg" in sociaal
    assert "uit 2 eerdere vrijdagen; doel: 80% binnen de norm" in text


def test_a_period_says_its_figures_come_from_its_own_visitors():
    text = rendered(advice_panel(default_config(), friday_advice({"burgerzaken": 3}, last_day="2026-11-27")))
    assert "uit de bezoekers van deze periode (2 dagen)" in text
    assert "▲ te weinig 10–11 uur" in text  # sociaal had no counter
    assert "▲" not in next(line for line in text.splitlines() if line.startswith("Burgerzaken"))


def test_without_history_it_says_why_there_is_no_advice():
    config = default_config()
    empty_day = Advice("2026-11-20", (), (), ())
    assert "nog geen advies: geen eerdere vrijdag met bezoekers in de laatste 8 weken" in rendered(
        advice_panel(config, empty_day))
    assert "geen bezoekers in deze periode" in rendered(
        advice_panel(config, Advice("2026-11-01", (), (), (), "2026-11-30")))
