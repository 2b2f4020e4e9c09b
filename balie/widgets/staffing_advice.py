"""The staffing advice as a panel: per domain, the counters needed beside those staffed.

The stand-up shows today's advice (from the same weekday in recent weeks), the
report the period's own (from its visitors); both come from ``core/staffing.py``.
A row per domain (and one more where it falls short) keeps it readable in a
narrow column; the hour-by-hour blocks are in ``balie staffing``. A shortage
carries a sign and words, not only a colour.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from balie.config import Config
from balie.core.staffing import WEEKS, Advice, spans_text, summarise
from balie.widgets.standup_panels import day_label


def advice_source(advice: Advice) -> str:
    """Where the figures come from, in the team leader's words."""
    if advice.last_day is not None:
        days = "1 dag" if len(advice.days) == 1 else f"{len(advice.days)} dagen"
        return f"uit de bezoekers van deze periode ({days})"
    weekday = day_label(advice.day).split()[0]
    days = f"1 eerdere {weekday}" if len(advice.days) == 1 else f"{len(advice.days)} eerdere {weekday}en"
    return f"uit {days}"


def advice_panel(config: Config, advice: Advice | None) -> RenderableType:
    """'Sociaal  2–3 nodig, 2 ingedeeld', and below it '▲ te weinig 10–11 uur' when short.

    Narrow enough for the stand-up's side column (36 cells); the text wraps
    rather than being cut."""
    if advice is None or not advice.blocks:
        if advice is not None and advice.last_day is not None:
            return Text("geen bezoekers in deze periode", style="dim")
        weekday = "" if advice is None else f" {day_label(advice.day).split()[0]}"
        return Text(f"nog geen advies: geen eerdere{weekday} met bezoekers in de laatste {WEEKS} weken",
                    style="dim")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for summary in summarise(advice):
        needed = str(summary.most) if summary.fewest == summary.most else f"{summary.fewest}–{summary.most}"
        grid.add_row(Text(config.label(summary.domain)), f"{needed} nodig, {summary.staffed} ingedeeld")
        if summary.short:
            grid.add_row("", Text(f"▲ te weinig {spans_text(summary.short)}", style="bold red"))
    share = f"{config.service_level_share:.0%}"
    footnote = Text(f"{advice_source(advice)}; doel: {share} binnen de norm", style="dim")
    return Group(grid, footnote)
