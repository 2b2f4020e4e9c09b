"""The stand-up's panels as text: checklist lines, who works where, the previous
opening day's figures, today so far, and the latest of the log."""

from __future__ import annotations

from collections.abc import Callable

import pendulum
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from balie.clock import from_ms, local
from balie.config import Config
from balie.core.figures import Figures, PeriodReport
from balie.core.standup import LOG_WORDS, Standup, StandupItem
from balie.core.wording import NO_COLLEAGUE, NOBODY_YET, WARNING_SIGN
from balie.reporting import MINUTE_MS, columns, figures_of, number

LOG_LINES = 5


def day_label(day: str, year: bool = False) -> str:
    """'donderdag 19 november' (with the year for looking back further)."""
    return pendulum.parse(day).format("dddd D MMMM" + (" YYYY" if year else ""), locale="nl")


def minutes(ms: float | None) -> str:
    return "" if ms is None else number(ms / MINUTE_MS, "min")


def percent(share: float | None) -> str:
    return "" if share is None else f"{number(share * 100, '%', digits=0)}%"


def clock_time(ms: int) -> str:
    return local(from_ms(ms)).format("HH:mm")


def summary_text(standup: Standup, read_only: bool, actor: str | None) -> Text:
    """The top bar: today's date is in the clock beside it, so who you are goes first, never cut."""
    summary = Text()
    if read_only:
        summary.append(day_label(standup.day, year=True) + " · ")
        summary.append("alleen bekijken", style="italic")
        summary.append(" · ")
    elif actor:
        summary.append("jij: ")
        summary.append(actor, style="bold")
        summary.append(" · ")
    summary.append(f"{standup.done} van {len(standup.items)} afgevinkt")
    return summary


def item_line(item: StandupItem) -> Text:
    """A checklist line: ticked or not, the text, and who ticked it when."""
    line = Text()
    if item.ticked:
        line.append("[x] ", style="bold green")
    else:
        line.append("[ ] ")
    line.append(item.text)
    if item.ticked and item.ticked_ms is not None:
        line.append(f"  {item.ticked_by} {clock_time(item.ticked_ms)}", style="dim")
    return line


def staffing_panel(config: Config, standup: Standup, read_only: bool) -> RenderableType:
    """Host, floor lead, and which colleague sits at which counter for which domains."""
    nobody = Text(NOBODY_YET, style="dim")
    roles = Table.grid(padding=(0, 1))
    roles.add_column(style="bold", no_wrap=True)
    roles.add_column()
    roles.add_row("Gastvrouw", Text(standup.host) if standup.host else nobody)
    roles.add_row("Eerste medewerker", Text(standup.lead) if standup.lead else nobody)
    if not standup.staffing:
        hint = "" if read_only else " (c)"
        roles.add_row("Balies", Text(f"nog niet ingedeeld{hint}", style="dim"))
        return roles
    # One counter a line, its domains below it: never glued together, however narrow.
    counters = Text()
    for assignment in standup.staffing:
        if counters:
            counters.append("\n")
        counters.append(assignment.counter, style="bold")
        counters.append(" · ")
        counters.append(assignment.person or NO_COLLEAGUE, style="" if assignment.person else "dim italic")
        labels = ", ".join(config.label(key) for key in assignment.domains)
        counters.append(f"\n  {labels}", style="dim")
    return Group(roles, counters)


def figures_panel(config: Config, previous_day: str | None, report: PeriodReport | None) -> RenderableType:
    """The previous opening day per domain, with the definitions of the report."""
    if previous_day is None or report is None:
        return Text("Geen eerdere openingsdag.", style="dim")
    if not report.total.visitors:
        return Text("Geen bezoekers geregistreerd op die dag.", style="dim")
    goal = config.service_level_share
    shown = [(key, label, figures_of(report, key)) for key, label in columns(config, report)]
    table = Table(box=None, padding=(0, 0, 0, 1), pad_edge=False, header_style="bold")
    table.add_column("", no_wrap=True)
    for key, label, _ in shown:
        table.add_column(Text(label), justify="right", no_wrap=True, style="" if key else "bold")
    rows: list[tuple[str, Callable[[str, Figures], Text]]] = [
        ("Bezoekers", lambda _, f: Text(str(f.visitors))),
        ("Wacht gem. (min)", lambda _, f: Text(minutes(f.mean_wait_ms))),
        ("Wacht 90% (min)", lambda _, f: Text(minutes(f.p90_wait_ms))),
        ("Norm (min)", lambda k, _: Text(str(_target(config, k)) if k else "")),
        (f"Servicelevel (doel {percent(goal)})", lambda _, f: _level(f, goal)),
        ("Niet verschenen", lambda _, f: Text(str(f.no_shows))),
        ("Aan de balie afgehandeld", lambda _, f: Text(percent(f.front_share))),
    ]
    for title, cell in rows:
        table.add_row(title, *(cell(key, f) if f else "" for key, _, f in shown))
    return table


def _level(figures: Figures, goal: float) -> Text:
    level = Text(percent(figures.service_level))
    if figures.service_level is not None and figures.service_level < goal:
        level = Text(f"{WARNING_SIGN} ") + level  # under the goal: a sign, not only red
        level.stylize("bold red")
    elif figures.service_level is not None:
        level.stylize("green")
    return level


def _target(config: Config, key: str) -> int:
    return next((d.target_minutes for d in config.domains if d.key == key), 10)


def so_far_text(so_far: dict[str, int]) -> Text:
    """What is known about today already: counts, not statistics."""
    if not so_far["registered"]:
        return Text("Nog niemand aangemeld.", style="dim")
    return Text(
        f"{so_far['registered']} aangemeld, waarvan {so_far['appointments']} met afspraak"
        f" · {so_far['waiting']} wachten nu"
    )


def log_text(standup: Standup) -> Text:
    """The latest changes, newest first: who did what, when."""
    text = Text()
    for entry in reversed(standup.log[-LOG_LINES:]):
        if text:
            text.append("\n")
        text.append(f"{clock_time(entry.at_ms)} ")
        if entry.type != "open":  # made by whoever opened first: no one in particular
            text.append(entry.actor, style="bold")
            text.append(" ")
        text.append(LOG_WORDS.get(entry.type, entry.type))
        if entry.text and entry.type not in ("notes",):
            text.append(f": {entry.text}", style="dim")
    return text
