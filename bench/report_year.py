"""The team leader's report over a year of a large municipality.

Run: ``.venv/bin/python -m bench.report_year`` (well under a minute). Fills a
temporary balie database (made by ``Store``, so schema and indexes are the
real ones) with a year of opening days, ``total_visits`` visits in all, by
direct bulk inserts: three domains, an hourly arrival shape, waits that grow
with the crowd, appointments, outcomes, topics, no-shows, visitors who left,
transfers and quick answers. Then times ``store.reports.period`` for one day
and for the whole year, against a plain SQL aggregate over the same rows
(count and mean wait per domain, ``GROUP BY domain``) as the baseline.

``measure()`` returns the raw timings so a runner can call it; ``__main__``
prints medians and ratios.
"""

from __future__ import annotations

import datetime
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from balie.clock import FixedClock, parse_local
from balie.config import WEEKDAYS, default_config
from balie.store import Store
from balie.store.reports import WAIT_SQL
from bench.common import timed

YEAR_FIRST = datetime.date(2025, 11, 20)
YEAR_LAST = datetime.date(2026, 11, 19)
DAY = datetime.date(2026, 6, 17)  # a Wednesday in the middle of the year
NOW = "2026-11-20T10:00"
ZONE = ZoneInfo("Europe/Amsterdam")
MIN = 60_000

SHARE = {"burgerzaken": 0.55, "vergunningen": 0.2, "sociaal": 0.25}
PREFIX = {"burgerzaken": "B", "vergunningen": "V", "sociaal": "S"}
HOUR_SHAPE = {9: 0.9, 10: 1.4, 11: 1.3, 12: 0.8, 13: 0.9, 14: 1.2, 15: 1.0, 16: 0.7, 17: 0.6, 18: 0.5, 19: 0.4}
TOPICS = {
    "burgerzaken": ["paspoort", "ID-kaart", "rijbewijs", "verhuizing", "uittreksel", "VOG"],
    "vergunningen": ["omgevingsvergunning", "parkeervergunning", "evenement", "kapvergunning"],
    "sociaal": ["WMO", "schuldhulp", "bijstand", "jeugdhulp"],
}

BASELINE_SQL = (
    f"SELECT domain, count(*), avg(CASE WHEN called_ms IS NOT NULL THEN {WAIT_SQL} END) "
    "FROM visits WHERE day BETWEEN ? AND ? GROUP BY domain"
)


def opening_days(config) -> list[tuple[datetime.date, int, int]]:
    """(day, opening ms, closing ms) of every opening day of the year."""
    days = []
    day = YEAR_FIRST
    while day <= YEAR_LAST:
        hours = config.opening_hours.get(WEEKDAYS[day.weekday()])
        if hours:
            def at(hhmm: str) -> int:
                h, m = map(int, hhmm.split(":"))
                moment = datetime.datetime(day.year, day.month, day.day, h, m, tzinfo=ZONE)
                return int(moment.timestamp() * 1000)

            days.append((day, at(hours[0]), at(hours[1])))
        day += datetime.timedelta(days=1)
    return days


def generate(store: Store, total_visits: int, seed: int = 2026) -> int:
    """Bulk-insert a year of visits; returns how many rows were written."""
    config = default_config()
    rng = random.Random(seed)
    days = opening_days(config)
    weights = [(close - open_) for _, open_, close in days]
    per_ms = total_visits / sum(weights)
    domains = list(SHARE)
    shares = [SHARE[d] for d in domains]
    rows: list[tuple] = []
    quick: list[tuple] = []
    for day, open_ms, close_ms in days:
        iso = day.isoformat()
        count = round((close_ms - open_ms) * per_ms)
        seqs = dict.fromkeys(domains, 0)
        hours = list(range(9, 9 + (close_ms - open_ms) // (60 * MIN)))
        hour_weights = [HOUR_SHAPE.get(h, 0.5) for h in hours]
        arrivals = sorted(
            open_ms + (hour - 9) * 60 * MIN + rng.randrange(60 * MIN)
            for hour in rng.choices(hours, hour_weights, k=count)
        )
        for arrived, domain in zip(arrivals, rng.choices(domains, shares, k=count)):
            seqs[domain] += 1
            seq = seqs[domain]
            kind, appointment, queue = "walk_in", None, arrived
            if rng.random() < 0.2:
                kind = "appointment"
                appointment = arrived + rng.randint(-3, 12) * MIN
                queue = appointment if arrived <= appointment + 10 * MIN else arrived
            start = max(arrived, queue)
            wait = int(rng.expovariate(1 / (6 * MIN)) * (1.5 if domain == "vergunningen" else 1))
            roll = rng.random()
            called = finished = outcome = topic = counter = transferred = None
            domain_now = domain
            if roll < 0.03:
                state, finished = "left", start + wait // 2
            elif arrived > close_ms - 15 * MIN and roll < 0.05:
                state = "waiting"  # still waiting at closing: unserved
            else:
                called = start + wait
                counter = f"Balie {rng.randint(1, 12)}"
                if roll < 0.07:
                    state, finished = "no_show", called + 2 * MIN
                else:
                    state = "finished"
                    finished = called + int(max(1.0, rng.gauss(8, 3)) * MIN)
                    if rng.random() < 0.04:
                        transferred = domain
                        domain_now = rng.choice([d for d in domains if d != domain])
                        finished += 10 * MIN
                    r = rng.random()
                    outcome = "handled" if r < 0.75 else "referred" if r < 0.92 else "callback"
                    if rng.random() < 0.8:
                        topic = rng.choice(TOPICS[domain_now])
            rows.append((
                iso, PREFIX[domain], seq, f"{PREFIX[domain]}{seq:03d}", domain_now, kind, state,
                int(rng.random() < 0.03), arrived, queue, appointment, called, finished, counter,
                outcome, topic, transferred,
            ))
        for _ in range(count // 8):
            at = open_ms + rng.randrange(close_ms - open_ms)
            d = rng.choice(domains)
            quick.append((iso, at, d, rng.choice(TOPICS[d])))
    with store.write() as (conn, _, _):
        conn.executemany(
            "INSERT INTO visits (day, prefix, seq, ticket, domain, kind, state, urgent, arrived_ms, "
            "queue_ms, appointment_ms, called_ms, finished_ms, counter, outcome, topic, transferred_from) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO quick_answers (day, at_ms, domain, topic, actor) VALUES (?, ?, ?, ?, 'bench')",
            quick,
        )
    store.conn.execute("ANALYZE")
    return len(rows)


def measure(total_visits: int = 500_000, repeats: int = 5) -> dict:
    """Raw timings in seconds (lists), plus the sizes they were measured on."""
    config = default_config()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "year.sqlite", FixedClock(parse_local(NOW)))
        try:
            start = time.perf_counter()
            visits = generate(store, total_visits)
            generation = time.perf_counter() - start
            day, first, last = DAY.isoformat(), YEAR_FIRST.isoformat(), YEAR_LAST.isoformat()
            conn = store.conn

            def baseline(a: str, b: str) -> None:
                conn.execute(BASELINE_SQL, (a, b)).fetchall()

            # The first report of a past day computes it from the visits and
            # caches it; later ones read the cache (until a visit of it changes).
            day_first = timed(lambda: store.reports.period(day, day, config), 1)
            year_first = timed(lambda: store.reports.period(first, last, config), 1)
            result = {
                "visits": visits,
                "day_visits": store.reports.period(day, day, config).total.visitors,
                "year_visits": store.reports.period(first, last, config).total.visitors,
                "generation_s": [generation],
                "day_report_first_s": day_first,
                "year_report_first_s": year_first,
                "day_report_s": timed(lambda: store.reports.period(day, day, config), repeats),
                "day_baseline_s": timed(lambda: baseline(day, day), repeats),
                "year_report_s": timed(lambda: store.reports.period(first, last, config), repeats),
                "year_baseline_s": timed(lambda: baseline(first, last), repeats),
            }
        finally:
            store.close()
    return result


def main() -> int:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    result = measure(total)
    med = {key: statistics.median(value) for key, value in result.items() if key.endswith("_s")}
    print(f"visits: {result['visits']:,} ({result['year_visits']:,} in the year report, "
          f"{result['day_visits']:,} on {DAY})")
    print(f"generation: {med['generation_s']:.1f} s")
    for scope in ("day", "year"):
        report, base = med[f"{scope}_report_s"], med[f"{scope}_baseline_s"]
        cold = med[f"{scope}_report_first_s"]
        print(f"{scope} report: {report * 1000:.1f} ms median (first, uncached: {cold * 1000:.0f} ms); "
              f"plain SQL aggregate {base * 1000:.1f} ms; ratio {report / base:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
