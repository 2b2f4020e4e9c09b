"""Reports on a year of history, against a plain SQL aggregate.

The generation and timing live in ``bench/report_year.py`` (built with the
report screen); this module runs it when it exists and writes its section.
"""

from __future__ import annotations

import importlib.util

from bench.common import median, ratio, summary, table

YEAR_VISITS = 500_000
LABELS = {  # the names bench/report_year.py gives its lists; others are shown as they are
    "generation_s": "generating the year (once)",
    "day_report_first_s": "day report, first (computed)",
    "day_report_s": "day report (`store.reports.period`)",
    "day_baseline_s": "day: plain SQL aggregate",
    "year_report_first_s": "year report, first (computed)",
    "year_report_s": "year report (`store.reports.period`)",
    "year_baseline_s": "year: plain SQL aggregate",
}


def available() -> bool:
    return importlib.util.find_spec("bench.report_year") is not None


def run(quick: bool = False) -> dict:
    if not available():
        return {"built": False}
    from bench import report_year

    total = 20_000 if quick else YEAR_VISITS
    timings = report_year.measure(total_visits=total, repeats=2 if quick else 5)
    return {"built": True, "total_visits": total, "timings": timings}


def _baseline_for(name: str, timings: dict) -> str | None:
    """The plain-SQL list that belongs to a report's list, by name (e.g. year / year_sql)."""
    if any(word in name for word in ("sql", "baseline", "generat")):
        return None
    part = name.split("_")[0]
    for other in timings:
        if other != name and part in other and any(w in other for w in ("sql", "baseline")):
            return other
    return None


def section(result: dict) -> str:
    heading = "## Reports on a year of history\n\n"
    if not result["built"]:
        return heading + "not measured: report not built (`bench/report_year.py` is missing).\n"
    timings = result["timings"]
    rows = []
    for name, values in timings.items():
        if not isinstance(values, list) or not values or not all(isinstance(v, (int, float)) for v in values):
            continue
        baseline = _baseline_for(name, timings)
        rows.append([
            LABELS.get(name, f"`{name}`"),
            summary(values, 1000, 1),
            ratio(median(values), median(timings[baseline])) if baseline else "–",
        ])
    extra = [f"{key}: {value}" for key, value in timings.items() if not isinstance(value, list)]
    return (
        heading
        + f"`bench.report_year.measure(total_visits={result['total_visits']:_})`: a year of "
        "history generated into one file, then the day and the year report "
        "(`store.reports.period`) against plain SQL aggregates over the same rows. Times in ms, "
        "median (spread).\n\n"
        + table(["measurement", "ms", "vs plain SQL"], rows)
        + ("\n\n" + "; ".join(extra) if extra else "")
        + "\n"
    )
