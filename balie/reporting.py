"""A period's figures as a table, CSV, Dutch-Excel CSV or JSON; and the hour chart.

No Textual and no SQL: ``balie report --format ...`` and the report screen
both use these, so the screen, the command line and the export say the same.
Waits and service times are shown in minutes, shares in percent.
"""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TextIO

from balie.config import WEEKDAYS, Config
from balie.core.figures import Figures, HourFigures, PeriodReport
from balie.core.periods import Period, day_period, last_opening_day, previous_comparable
from balie.core.staffing import Advice
from balie.export import _cell as safe_text  # the formula guard for typed text

MINUTE_MS = 60_000
CELL_WIDTH = 9  # a figure or a change in the text table


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # "n" a count, "min" minutes, "%" percent
    get: Callable[[Figures], float | int | None]
    better: int = 0  # +1: higher is better, -1: lower is better, 0: neither

    def value(self, figures: Figures) -> float | int | None:
        raw = self.get(figures)
        if raw is None or self.unit == "n":
            return raw
        return raw / MINUTE_MS if self.unit == "min" else raw * 100


METRICS: tuple[Metric, ...] = (
    Metric("visitors", "Bezoekers", "n", lambda f: f.visitors),
    Metric("mean_wait", "Wacht gemiddeld (min)", "min", lambda f: f.mean_wait_ms, -1),
    Metric("median_wait", "Wacht mediaan (min)", "min", lambda f: f.median_wait_ms, -1),
    Metric("p90_wait", "Wacht 90e percentiel (min)", "min", lambda f: f.p90_wait_ms, -1),
    Metric("max_wait", "Wacht langste (min)", "min", lambda f: f.max_wait_ms, -1),
    Metric("service_level", "Servicelevel (%)", "%", lambda f: f.service_level, +1),
    Metric("no_shows", "Niet verschenen", "n", lambda f: f.no_shows, -1),
    Metric("left", "Vertrokken voor oproep", "n", lambda f: f.left, -1),
    Metric("unserved", "Niet geholpen", "n", lambda f: f.unserved, -1),
    Metric("transfers", "Doorgestuurd", "n", lambda f: f.transfers),
    Metric("front_share", "Afgehandeld balie (%)", "%", lambda f: f.front_share, +1),
    Metric("referred_share", "Doorverwezen (%)", "%", lambda f: f.referred_share),
    Metric("callback_share", "Terugbelafspraak (%)", "%", lambda f: f.callback_share),
    Metric("mean_service", "Behandeltijd gem. (min)", "min", lambda f: f.mean_service_ms),
)
QUICK_ANSWERS_LABEL = "Direct beantwoord (gastvrouw)"


@dataclass(frozen=True)
class Review:
    """A period's report beside its comparison period's: what every view shows."""

    period: Period
    report: PeriodReport
    compared: Period
    previous: PeriodReport
    advice: Advice | None = None  # the report screen's staffing panel (store.staffing.period_advice)


def load_review(store: Any, config: Config, period: Period) -> Review:
    """Both reports from the store (``store.reports.period``), for the period and its comparison."""
    compared = previous_comparable(period)
    return Review(
        period=period,
        report=store.reports.period(period.first_day, period.last_day, config),
        compared=compared,
        previous=store.reports.period(compared.first_day, compared.last_day, config),
    )


def default_period(today: str, config: Config) -> Period:
    """The last opening day before today: the last whole day there is to review."""
    open_days = {i for i, name in enumerate(WEEKDAYS) if config.opening_hours.get(name)}
    return day_period(last_opening_day(datetime.date.fromisoformat(today), open_days))


def number(value: float | int | None, unit: str, decimal: str = ",", digits: int = 1) -> str:
    """A figure as text: counts whole, minutes and percents with ``digits`` decimals."""
    if value is None:
        return ""
    if unit == "n":
        return str(int(value))
    return f"{value:.{digits}f}".replace(".", decimal)


def change(current: float | int | None, previous: float | int | None) -> float | int | None:
    if current is None or previous is None:
        return None
    return current - previous


def signed(value: float | int | None, unit: str, decimal: str = ",", digits: int = 1) -> str:
    """A change with its sign: '+1,5', '-2', '0'."""
    if value is None:
        return ""
    text = number(abs(value), unit, decimal, digits)
    if text.strip("0,.") == "":
        return text
    return ("+" if value > 0 else "-") + text


def columns(config: Config, report: PeriodReport) -> list[tuple[str, str]]:
    """(key, label) of the figure columns: each domain in the report, then the total."""
    return [(key, config.label(key)) for key in report.by_domain] + [("", "Totaal")]


def figures_of(report: PeriodReport, key: str) -> Figures | None:
    return report.total if key == "" else report.by_domain.get(key)


def metric_cells(
    metric: Metric, report: PeriodReport, previous: PeriodReport, key: str
) -> tuple[float | int | None, float | int | None]:
    """(current, previous) value of one metric for a domain key ('' is the total)."""
    now, before = figures_of(report, key), figures_of(previous, key)
    return (
        metric.value(now) if now else None,
        metric.value(before) if before else None,
    )


# -- the plain-text table (balie report --format table) ---------------------


def table_lines(config: Config, review: Review, width: int = 40) -> list[str]:
    from rich.cells import cell_len  # here: only the text table needs it (emoji, CJK are 2 cells)

    def fit(text: str, cells: int, right: bool = False, cut: bool = True) -> str:
        """``text`` padded (and cut, unless ``cut`` is off) to ``cells`` terminal cells."""
        while cut and cell_len(text) > cells:
            text = text[:-1]
        padding = " " * max(0, cells - cell_len(text))
        return padding + text if right else text + padding

    period, report, compared, previous = review.period, review.report, review.compared, review.previous
    cols = columns(config, report)
    label_width = max(cell_len(m.label) for m in METRICS) + 1
    w = CELL_WIDTH
    head = " " * label_width
    sub = " " * label_width
    for key, label in cols:
        span = 3 * w if key == "" else 2 * w
        head += " " + fit(label, span - 1, right=True)
        sub += f"{'nu':>{w}}" + (f"{'vorige':>{w}}" if key == "" else "") + f"{'verschil':>{w}}"
    lines = [
        f"Rapport {period.label()} ({period.first_day} t/m {period.last_day})",
        f"Vergeleken met {compared.label()} ({compared.first_day} t/m {compared.last_day})",
        "",
        head.rstrip(),
        sub.rstrip(),
    ]
    for metric in METRICS:
        line = fit(metric.label, label_width)
        for key, _ in cols:
            now, before = metric_cells(metric, report, previous, key)
            line += f"{number(now, metric.unit):>{w}}"
            if key == "":
                line += f"{number(before, metric.unit):>{w}}"
            line += f"{signed(change(now, before), metric.unit):>{w}}"
        lines.append(line.rstrip())
    lines.append(
        f"{fit(QUICK_ANSWERS_LABEL, label_width)}{report.quick_answers:>{2 * w * (len(cols) - 1) + w}}"
        f"{previous.quick_answers:>{w}}{signed(report.quick_answers - previous.quick_answers, 'n'):>{w}}"
    )
    lines += ["", "Per uur: aankomsten en gemiddelde wacht"]
    lines += [
        f"{row.hour:02d}:00  {row.arrivals_bar}  {row.arrivals:>6}   {row.wait_bar}  {row.wait_text}"
        for row in hour_rows(report.hours, width // 2, width // 2)
    ]
    if not report.hours:
        lines.append("  (geen bezoekers)")
    lines += ["", "Meest gevraagde onderwerpen"]
    lines += [f"  {fit(topic, 30, cut=False)} {count:>6}" for topic, count in report.top_topics]
    if not report.top_topics:
        lines.append("  (geen onderwerpen)")
    return lines


# -- the hour chart, shared by the table and the screen -----------------------

_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, top: float, width: int) -> str:
    """A horizontal bar of ``width`` cells, in eighths of a cell, padded with spaces."""
    if top <= 0 or value <= 0:
        return " " * width
    eighths = max(1, round(value / top * width * 8))
    full, rest = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[rest] if rest else "")
    return text.ljust(width)


@dataclass(frozen=True)
class HourRow:
    hour: int
    arrivals: int
    mean_wait_ms: float | None
    arrivals_bar: str
    wait_bar: str

    @property
    def wait_text(self) -> str:
        if self.mean_wait_ms is None:
            return "-"
        return f"{number(self.mean_wait_ms / MINUTE_MS, 'min')} min"


def hour_rows(hours: Sequence[HourFigures], arrivals_width: int, wait_width: int) -> list[HourRow]:
    """Per hour the two bars, each scaled to the busiest hour of the period."""
    top_arrivals = max((h.arrivals for h in hours), default=0)
    top_wait = max((h.mean_wait_ms or 0 for h in hours), default=0)
    return [
        HourRow(
            hour=h.hour,
            arrivals=h.arrivals,
            mean_wait_ms=h.mean_wait_ms,
            arrivals_bar=bar(h.arrivals, top_arrivals, arrivals_width),
            wait_bar=bar(h.mean_wait_ms or 0, top_wait, wait_width),
        )
        for h in hours
    ]


# -- CSV: plain (comma, decimal point) or Dutch Excel (semicolon, decimal comma) --


def csv_rows(config: Config, review: Review, decimal: str) -> Iterator[list[str]]:
    """The figures as spreadsheet rows: period, figures, hours, topics (blank rows between)."""
    period, report, compared, previous = review.period, review.report, review.compared, review.previous
    yield ["periode", period.first_day, period.last_day, period.label()]
    yield ["vergeleken met", compared.first_day, compared.last_day, compared.label()]
    yield []
    cols = columns(config, report)
    header = ["cijfer"]
    for _, label in cols:
        header += [safe_text(label), safe_text(f"{label} vorige"), safe_text(f"{label} verschil")]
    yield header
    for metric in METRICS:
        row = [metric.label]
        for key, _ in cols:
            now, before = metric_cells(metric, report, previous, key)
            row += [
                number(now, metric.unit, decimal),
                number(before, metric.unit, decimal),
                number(change(now, before), metric.unit, decimal),
            ]
        yield row
    yield [QUICK_ANSWERS_LABEL] + [""] * (3 * (len(cols) - 1)) + [
        str(report.quick_answers), str(previous.quick_answers),
        str(report.quick_answers - previous.quick_answers),
    ]
    yield []
    yield ["uur", "aankomsten", "wachttijd gemiddeld (min)"]
    for hour in report.hours:
        wait = None if hour.mean_wait_ms is None else hour.mean_wait_ms / MINUTE_MS
        yield [f"{hour.hour:02d}:00", str(hour.arrivals), number(wait, "min", decimal)]
    yield []
    yield ["onderwerp", "aantal"]
    for topic, count in report.top_topics:
        yield [safe_text(topic), str(count)]


def write_csv(out: TextIO, rows: Iterator[list[str]], delimiter: str) -> None:
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)


def write_report_csv(out: TextIO, config: Config, review: Review, excel: bool) -> None:
    """Plain CSV (``,`` and a decimal point) or Dutch Excel (``;`` and a decimal comma).

    The BOM for Excel belongs to the file: open it with ``encoding='utf-8-sig'``.
    """
    rows = csv_rows(config, review, "," if excel else ".")
    write_csv(out, rows, ";" if excel else ",")


# -- JSON ------------------------------------------------------------------------


def _figures_json(figures: Figures) -> dict[str, Any]:
    data = asdict(figures)
    data.update(
        front_share=figures.front_share,
        referred_share=figures.referred_share,
        callback_share=figures.callback_share,
    )
    return data


def report_json(config: Config, report: PeriodReport) -> dict[str, Any]:
    return {
        "first_day": report.first_day,
        "last_day": report.last_day,
        "domains": {
            key: {"label": config.label(key), **_figures_json(figures)}
            for key, figures in report.by_domain.items()
        },
        "total": _figures_json(report.total),
        "hours": [
            {"hour": h.hour, "arrivals": h.arrivals, "waits_counted": h.waits_counted,
             "mean_wait_ms": h.mean_wait_ms}
            for h in report.hours
        ],
        "top_topics": [{"topic": topic, "count": count} for topic, count in report.top_topics],
        "quick_answers": report.quick_answers,
    }


def write_json(out: TextIO, config: Config, review: Review, extra: dict[str, Any] | None = None) -> None:
    data = {
        "period": {"label": review.period.label(), **report_json(config, review.report)},
        "comparison": {"label": review.compared.label(), **report_json(config, review.previous)},
        "units": "waits and service times in milliseconds, shares 0..1",
        **(extra or {}),
    }
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")

