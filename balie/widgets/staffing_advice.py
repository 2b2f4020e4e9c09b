"""The staffing advice as a panel: per domain, the counters needed beside those staffed.

The stand-up shows today's advice (from the same weekday in recent weeks), the
report the period's own (from its visitors); both come from ``core/staffing.py``.
One line per domain keeps it readable at 80 columns; the hour-by-hour blocks are
in ``balie staffing``. A shortage carries a sign and words, not only a colour.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from balie.config import Config
from balie.core.staffing import WEEKS, Advice, balies, spans_text, summarise
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
    """'Burgerzaken  2–3 balies nodig  2 ingedeeld  ▲ te weinig 10–12 uur'."""
    if advice is None or not advice.blocks:
        if advice is not None and advice.last_day is not None:
            return Text("geen bezoekers in deze periode", style="dim")
        weekday = "" if advice is None else f" {day_label(advice.day).split()[0]}"
        return Text(f"nog geen advies: geen eerdere{weekday} met bezoekers in de laatste {WEEKS} weken",
                    style="dim")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column()
    for summary in summarise(advice):
        needed = (balies(summary.most) if summary.fewest == summary.most
                  else f"{summary.fewest}–{balies(summary.most)}")
        if summary.short:
            verdict = Text(f"▲ te weinig {spans_text(summary.short)}", style="bold red")
        else:
            verdict = Text("✓ genoeg", style="green")
        grid.add_row(
            Text(config.label(summary.domain)), f"{needed} nodig", f"{summary.staffed} ingedeeld", verdict,
        )
    share = f"{config.service_level_share:.0%}".replace(".", ",")
    footnote = Text(f"{advice_source(advice)}; doel: {share} binnen de norm", style="dim")
    return Group(grid, footnote)
