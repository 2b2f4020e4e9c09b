"""The team leader's review: waits and service levels over a day, week, month or range.

The figures come from ``store.reports.period`` (defined in ``core.figures``),
beside those of the previous comparable period with the change. Loading runs
in a worker; a year takes a fraction of a second once its days are cached.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static

from balie.core.periods import (
    Period,
    day_period,
    month_period,
    parse_period,
    previous_comparable,
    shift,
    week_period,
    year_period,
)
from balie.dialogs.text_prompt import TextPromptDialog
from balie.errors import BalieError
from balie.reporting import (
    METRICS,
    QUICK_ANSWERS_LABEL,
    Metric,
    Review,
    change,
    columns,
    default_period,
    hour_rows,
    load_review,
    metric_cells,
    number,
    signed,
    write_report_csv,
)
from balie.screens.live import LiveScreen
from balie.widgets.footer import BalieFooter
from balie.widgets.knowledge_panel import KnowledgePanel
from balie.widgets.staffing_advice import advice_panel

ARRIVALS_STYLE = "bold dodger_blue2"
WAIT_STYLE = "bold dark_orange"
CHANGE_WIDTH = 7  # '-15,0!': a worse change carries its mark
VALUE_WIDTH = 6


def export_folder() -> Path:
    """Where the screen writes an export: the Documents folder, else home."""
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def change_text(metric: Metric, delta: float | int | None) -> Text:
    """A change, green when it is better, red and marked '!' when it is worse (not colour alone)."""
    text = signed(delta, metric.unit)
    if not text:
        return Text("·", style="dim")  # nothing to compare with
    if delta is None or metric.better == 0 or text.lstrip("+-").strip("0,") == "":
        return Text(text, style="dim")
    good = (delta > 0) == (metric.better > 0)
    return Text(text, style="green") if good else Text(f"{text}!", style="bold red")


class ReportScreen(LiveScreen[Review]):
    CSS_PATH = "report.tcss"
    HELP_TITLE = "Rapport"
    # Below 100 columns the hours and the topics stand one above the other.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("d", "kind('day')", "Dag"),
        Binding("w", "kind('week')", "Week"),
        Binding("m", "kind('month')", "Maand"),
        Binding("j", "kind('year')", "Jaar", show=False),
        Binding("p", "choose_range", "Periode"),
        Binding("left,v", "step(-1)", "Vorige"),
        Binding("right,n", "step(1)", "Volgende"),
        Binding("t", "today", "Vandaag", show=False),
        Binding("e", "export", "Excel"),
    ]

    period: Period
    review: Review | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Label("Rapport", id="role")
            yield Static("", id="report-period")
        with VerticalScroll(id="report-body"):
            with Vertical(id="report-tables"):
                table: DataTable = DataTable(id="report-table", cursor_type="none", zebra_stripes=True)
                table.can_focus = False
                yield table
            with Horizontal(id="report-bottom"):
                with Vertical(id="report-hours"):
                    yield Label("Per uur: aankomsten en gemiddelde wacht", classes="panel-title")
                    yield Static("", id="hour-chart")
                with Vertical(id="report-topics"):
                    yield Label("Meest gevraagd", classes="panel-title")
                    yield Static("", id="top-topics")
            with Vertical(id="report-staffing"):
                yield Label("Bezetting: balies nodig per domein", classes="panel-title")
                yield Static("", id="report-advice")
            yield KnowledgePanel(id="report-knowledge")
        yield BalieFooter()

    def on_mount(self) -> None:
        app = self.app
        self.period = getattr(app, "report_period", None) or default_period(app.store.today(), app.config)
        self._show_period()
        super().on_mount()

    # -- data ----------------------------------------------------------------

    def reload(self) -> None:
        """Reload on changes only while the period reaches today; a past period is loaded once."""
        review = self.review
        if review is not None and review.period == self.period and self.period.last_day < self.app.store.today():
            return
        super().reload()

    def load(self) -> Review:
        store, config = self.app.store, self.app.config
        review = load_review(store, config, self.period)
        return replace(review, advice=store.staffing.period_advice(config, self.period.first_day, self.period.last_day))

    def show(self, review: Review) -> None:
        if review.period != self.period:
            return  # an older load that finished late
        self.review = review
        self._show_table(review)
        self._show_hours(review)
        self._show_topics(review)
        self.query_one("#report-advice", Static).update(advice_panel(self.app.config, review.advice))
        self.query_one(KnowledgePanel).show_period(review)

    def _show_period(self) -> None:
        compared = previous_comparable(self.period)
        text = Text()
        text.append(self.period.label(), style="bold")
        text.append("  vergeleken met ", style="dim")
        text.append(compared.label())
        if self.period.last_day >= self.app.store.today():
            text.append("  · vandaag telt tot nu", style="dim italic")
        self.query_one("#report-period", Static).update(text)

    def on_resize(self) -> None:
        if self.review is not None:
            self._show_table(self.review)

    def _show_table(self, review: Review) -> None:
        """The total first (with the previous figure and the change), then per domain the
        figure and its change in one cell; domains that do not fit beside it go to a
        table below, never off to the side (80 columns show everything, scrolling down)."""
        all_cols = columns(self.app.config, review.report)
        total = [col for col in all_cols if col[0] == ""]
        label_width = max(len(QUICK_ANSWERS_LABEL), *(len(m.label) for m in METRICS))
        room = self.query_one("#report-body").size.width - 3  # margins and the scrollbar
        groups: list[list[tuple[str, str]]] = [total]
        used = label_width + 2 + 3 * (VALUE_WIDTH + 2)
        for col in (col for col in all_cols if col[0]):
            width = self._domain_width(col[1]) + 2
            if used + width > room and groups[-1]:
                groups.append([])
                used = label_width + 2
            groups[-1].append(col)
            used += width
        tables = list(self.query("#report-tables DataTable").results(DataTable))
        for extra in tables[len(groups):]:
            extra.remove()
        for index, cols in enumerate(groups):
            if index < len(tables):
                table = tables[index]
            else:
                table = DataTable(classes="report-more", cursor_type="none", zebra_stripes=True)
                table.can_focus = False
                self.query_one("#report-tables").mount(table)
            self._fill_table(table, review, cols, label_width)

    @staticmethod
    def _domain_width(label: str) -> int:
        return max(len(f"{label} (±)"), VALUE_WIDTH + 1 + CHANGE_WIDTH)

    def _fill_table(self, table: DataTable, review: Review, cols: list[tuple[str, str]], label_width: int) -> None:
        table.clear(columns=True)
        # Fixed widths: the table is rebuilt on every load and must not jump.
        table.add_column("Cijfer", key="metric", width=label_width)
        for key, label in cols:
            if key == "":
                table.add_column(Text(label, justify="right"), key="total", width=VALUE_WIDTH)
                table.add_column(Text("vorige", justify="right"), key="total-before", width=VALUE_WIDTH)
                table.add_column(Text("±", justify="right"), key="total-change", width=CHANGE_WIDTH)
            else:
                table.add_column(Text(f"{label} (±)", justify="right"), key=key, width=self._domain_width(label))
        for metric in METRICS:
            row: list[Text] = [Text(metric.label)]
            for key, _ in cols:
                now, before = metric_cells(metric, review.report, review.previous, key)
                shown = Text(number(now, metric.unit) or "-", justify="right")
                delta = change_text(metric, change(now, before))
                if key == "":
                    delta.justify = "right"
                    before_text = Text(number(before, metric.unit) or "-", style="dim", justify="right")
                    row += [shown, before_text, delta]
                else:
                    pad = " " * (CHANGE_WIDTH + 1 - len(delta))
                    row.append(Text.assemble(shown, pad, delta, justify="right"))
            table.add_row(*row, key=metric.key)
        if cols[0][0] != "":
            return  # the quick answers are the desk's, not a domain's: in the total's table
        quick, before = review.report.quick_answers, review.previous.quick_answers
        table.add_row(
            Text(QUICK_ANSWERS_LABEL),
            Text(str(quick), justify="right"), Text(str(before), style="dim", justify="right"),
            Text(signed(quick - before, "n"), style="dim", justify="right"),
            *([Text("")] * (len(cols) - 1)),
            key="quick_answers",
        )

    def _show_hours(self, review: Review) -> None:
        chart = Text()
        rows = hour_rows(review.report.hours, 24, 18)
        for row in rows:
            chart.append(f"{row.hour:02d}:00 ")
            chart.append(row.arrivals_bar, style=ARRIVALS_STYLE)
            chart.append(f" {row.arrivals:>5}  ")
            chart.append(row.wait_bar, style=WAIT_STYLE)
            chart.append(f" {row.wait_text}\n")
        if not rows:
            chart.append("Geen bezoekers in deze periode.", style="dim")
        else:
            chart.append("█", style=ARRIVALS_STYLE)
            chart.append(" aankomsten   ", style="dim")
            chart.append("█", style=WAIT_STYLE)
            chart.append(" gemiddelde wacht (min)", style="dim")
        self.query_one("#hour-chart", Static).update(chart)

    def _show_topics(self, review: Review) -> None:
        text = Text()
        for topic, count in review.report.top_topics:
            text.append(f"{count:>6}  ", style="bold")
            text.append(f"{topic}\n")  # typed text: plain, never markup
        if not review.report.top_topics:
            text.append("Geen onderwerpen vastgelegd.", style="dim")
        self.query_one("#top-topics", Static).update(text)

    # -- actions -------------------------------------------------------------

    def choose(self, period: Period) -> None:
        self.period = period
        self._show_period()
        self.reload()

    def action_kind(self, kind: str) -> None:
        """The day, week, month or year that the current period starts in."""
        make = {"day": day_period, "week": week_period, "month": month_period, "year": year_period}[kind]
        self.choose(make(self.period.first))

    def action_step(self, steps: int) -> None:
        self.choose(shift(self.period, steps))

    def action_today(self) -> None:
        self.choose(day_period(datetime.date.fromisoformat(self.app.store.today())))

    def action_choose_range(self) -> None:
        today = datetime.date.fromisoformat(self.app.store.today())

        def wrong(text: str) -> str | None:
            try:
                parse_period(text, today)
            except BalieError as error:
                return str(error)
            return None

        def chosen(text: str | None) -> None:
            if text:
                self.choose(parse_period(text, today))

        self.app.push_screen(
            TextPromptDialog(
                "Periode kiezen", "Periode, of eerste en laatste dag",
                placeholder="bijv. vorige week, of 2026-11-01 t/m 2026-11-19", max_length=40,
                detail="vandaag, gisteren, deze week, vorige week, deze maand, vorige maand;"
                " of één dag, of 1-11-2026 t/m 19-11-2026.",
                check=wrong,
            ),
            chosen,
        )

    def action_export(self) -> None:
        review = self.review
        if review is None or review.period != self.period:
            self.notify("Het rapport wordt nog geladen.", timeout=3)
            return
        config = self.app.config
        folder = getattr(self.app, "export_dir", None) or export_folder()
        path = Path(folder) / f"balie-rapport-{review.period.first_day}-{review.period.last_day}.csv"

        def write() -> Path:
            try:
                with open(path, "w", encoding="utf-8-sig", newline="") as out:
                    write_report_csv(out, config, review, excel=True)
            except OSError as error:
                raise BalieError(f"Kan {str(path)!r} niet schrijven: {error.strerror or error}.") from error
            return path

        self.write(write, lambda done: self.notify(
            f"Opgeslagen voor Excel: {done}", title="Geëxporteerd", timeout=8, markup=False
        ))
