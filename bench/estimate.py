"""How good is the wait balie tells a visitor? ``python -m bench.estimate`` writes docs/estimate.md.

Every scenario of ``balie.sim`` is played on the real store for many seeds.
At each registration of a walk-in (not urgent), every estimator of
``balie.core.estimate`` is asked what it would tell this visitor, from what
the store shows at that moment (``store.waits.office_now``, as the desk does); when
the day is over, the visitor's real wait until their first call is known.

``--calibrate`` prints the ranges (``RANGES`` in core/estimate.py) learned on
separate seeds of the ordinary days; ``--quick`` is a smoke run that writes
nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import math
import pstats
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

from bench.common import ROOT, machine, table

DOC = ROOT / "docs" / "estimate.md"
COMMAND = "python -m bench.estimate"
DAY = "2026-11-18"  # a Wednesday: open 09:00-17:00
SEEDS = range(1, 41)  # the measured runs
CALIBRATION_SEEDS = range(1001, 1031)  # the runs the ranges are learned on: never measured
SCENARIO_ORDER = ("normal", "calm", "peak", "two_domains", "lunch_close", "mailing")
LABELS = {
    "pace": "pace (the first estimate)",
    "per_counter": "ahead × service ÷ counters",
    "recent_waits": "recent waits",
    "erlang_c": "Erlang C (steady state)",
    "capacity": "capacity (shared counters)",
    "forward": "played forward",
}


@dataclass(frozen=True)
class Seen:
    """One walk-in: what each estimator would have said, and what happened."""

    scenario: str
    seed: int
    domain: str
    ahead: int
    at_once: bool
    points: dict[str, int]
    unit: float  # the range's unit (core.estimate.departure_ms)
    actual_ms: int | None  # None: left or not helped before the call


def _folder() -> str | None:
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() else None


def observe(job: tuple[str, int]) -> list[Seen]:
    """Play one day of a scenario and note every estimate at every walk-in's registration."""
    from balie.clock import parse_local
    from balie.config import default_config
    from balie.core.estimate import at_once, departure_ms
    from balie.core.estimators import ESTIMATORS
    from balie.core.visits import Kind
    from balie.sim.clock import SimClock
    from balie.sim.office import play_day
    from balie.sim.scenario import SCENARIOS, for_config
    from balie.store import Store

    name, seed = job
    config = default_config()
    notes: list[tuple[int, str, int, bool, dict[str, int], float]] = []
    with tempfile.TemporaryDirectory(dir=_folder()) as folder:
        store = Store(Path(folder) / "sim.sqlite", SimClock(int(parse_local(f"{DAY}T08:00").timestamp() * 1000)))

        def registered(visit) -> None:
            if visit.kind != Kind.WALK_IN or visit.urgent:
                return
            waiting = store.queue.waiting()
            office = store.waits.office_now(config, waiting)
            queue = [v.id for v in waiting if v.domain == visit.domain]
            ahead = queue.index(visit.id)
            points = {key: estimator(office, visit.domain, ahead) for key, estimator in ESTIMATORS.items()}
            notes.append((visit.id, visit.domain, ahead, at_once(office, visit.domain, ahead), points,
                          departure_ms(office, visit.domain)))

        play_day(store, config, for_config(SCENARIOS[name], config), DAY, seed, on_register=registered)
        visits = {v.id: v for v in store.visits.on(DAY)}
        store.close()
    return [
        Seen(name, seed, domain, ahead, now, points, unit,
             visits[vid].called_ms - visits[vid].arrived_ms if visits[vid].called_ms is not None else None)
        for vid, domain, ahead, now, points, unit in notes
    ]


def observe_all(scenarios: tuple[str, ...], seeds: range, workers: int = 2) -> list[Seen]:
    jobs = [(name, seed) for name in scenarios for seed in seeds]
    with Pool(workers) as pool:
        return [seen for found in pool.map(observe, jobs, chunksize=1) for seen in found]


# -- scoring -------------------------------------------------------------------


def shown(seen: Seen, method: str, ranges: dict[str, tuple[float, float]]):
    """The WaitEstimate this method gives (as ``core.estimate.estimate``, from the noted parts)."""
    from balie.core.estimate import WaitEstimate, size, with_range

    if seen.at_once:
        return WaitEstimate.none()
    point = seen.points[method]
    return with_range(point, seen.unit, ranges[method][size(point)])


def inside(seen: Seen, wait) -> bool:
    """Did the wait fall inside the range as the visitor heard it (rounded)?"""
    from balie.core.office_now import MIN
    from balie.core.wording import shown_minutes

    said = shown_minutes(wait)
    low, high = (0, wait.high_ms / MIN) if said is None else said
    return low <= seen.actual_ms / MIN <= high


def score(seens: list[Seen], method: str, ranges) -> dict:
    helped = [s for s in seens if s.actual_ms is not None]
    waits = [(s, shown(s, method, ranges)) for s in helped]
    errors = [abs(w.point_ms - s.actual_ms) / 60_000 for s, w in waits]
    per_seed: dict[int, list[float]] = defaultdict(list)
    for (s, _), error in zip(waits, errors):
        per_seed[s.seed].append(error)
    seed_means = [statistics.mean(v) for v in per_seed.values()]
    spread = 2 * statistics.stdev(seed_means) / math.sqrt(len(seed_means)) if len(seed_means) > 1 else 0
    ranged = [(s, w) for s, w in waits if not w.at_once]
    return {
        "n": len(helped),
        "left": len(seens) - len(helped),
        "mae": statistics.mean(errors),
        "mae_2se": spread,
        "bias": statistics.mean((w.point_ms - s.actual_ms) / 60_000 for s, w in waits),
        "inside": statistics.mean(inside(s, w) for s, w in waits),
        "inside_ranged": statistics.mean(inside(s, w) for s, w in ranged) if ranged else 1.0,
        "width": statistics.mean(_width(w) for _, w in ranged) if ranged else 0.0,
        "at_once": sum(1 for s in helped if s.at_once),
        "at_once_true": sum(1 for s in helped if s.at_once and s.actual_ms <= _at_once_ms()),
        "mean_wait": statistics.mean(s.actual_ms for s in helped) / 60_000,
    }


def _width(wait) -> float:
    from balie.core.wording import shown_minutes

    low, high = shown_minutes(wait)
    return high - low


def by_size(seens: list[Seen], method: str, ranges) -> list[tuple[str, int, float]]:
    """(size of the estimate, visitors, share inside its range) for one method."""
    from balie.core.estimate import size

    groups: dict[str, list[bool]] = defaultdict(list)
    for seen in seens:
        if seen.actual_ms is None:
            continue
        wait = shown(seen, method, ranges)
        label = "geen wachttijd" if wait.at_once else _size_labels()[size(wait.point_ms)]
        groups[label].append(inside(seen, wait))
    order = ("geen wachttijd", *_size_labels())
    return [(label, len(groups[label]), statistics.mean(groups[label])) for label in order if groups[label]]


def _at_once_ms() -> int:
    from balie.core.estimate import AT_ONCE_MS

    return AT_ONCE_MS


def calibrate(seens: list[Seen], share: float = 0.8) -> dict[str, tuple[tuple[float, float], ...]]:
    """Per method and size of estimate, the narrowest central range of
    (actual - point) / (point + unit) that, rounded as it is said, holds for
    ``share`` of the visitors given a range."""
    from balie.core.estimate import SIZES, size
    from balie.core.estimators import ESTIMATORS

    ranged = [s for s in seens if s.actual_ms is not None and not s.at_once]
    found = {}
    for method in ESTIMATORS:
        per_size = []
        for which in range(len(SIZES) + 1):
            mine = [s for s in ranged if size(s.points[method]) == which]
            per_size.append(_narrowest(mine, method, share) if mine else (0.0, 0.0))
        found[method] = tuple(per_size)
    return found


def _narrowest(seens: list[Seen], method: str, share: float) -> tuple[float, float]:
    from balie.core.estimate import with_range

    errors = sorted((s.actual_ms - s.points[method]) / (s.points[method] + s.unit) for s in seens)
    for central in range(50, 100):
        tail = (1 - central / 100) / 2
        quantiles = (round(errors[int(tail * len(errors))], 2) + 0.0,
                     round(errors[min(len(errors) - 1, int((1 - tail) * len(errors)))], 2) + 0.0)
        held = sum(inside(s, with_range(s.points[method], s.unit, quantiles)) for s in seens)
        if held >= share * len(seens):
            break
    return quantiles


# -- what a day costs ------------------------------------------------------------


def day_cost(days: int = 10) -> dict:
    """CPU seconds per simulated normal day, and where they go (one profiled day)."""
    from balie.clock import parse_local
    from balie.config import default_config
    from balie.sim.clock import SimClock
    from balie.sim.office import play_day
    from balie.sim.scenario import SCENARIOS, for_config
    from balie.store import Store

    config = default_config()
    scenario = for_config(SCENARIOS["normal"], config)
    start = SimClock(int(parse_local(f"{DAY}T08:00").timestamp() * 1000))
    cpu, wall, visits = [], [], []
    with tempfile.TemporaryDirectory(dir=_folder()) as folder:
        for seed in range(days):
            store = Store(Path(folder) / f"day{seed}.sqlite", start)
            began, began_cpu = time.perf_counter(), time.process_time()
            result = play_day(store, config, scenario, DAY, seed)
            cpu.append(time.process_time() - began_cpu)
            wall.append(time.perf_counter() - began)
            visits.append(len(result.registered))
            store.close()
        store = Store(Path(folder) / "profiled.sqlite", start)
        profile = cProfile.Profile()
        profile.enable()
        play_day(store, config, scenario, DAY, 0)
        profile.disable()
        store.close()
    stats = pstats.Stats(profile)
    parts = dict.fromkeys(COST_PARTS, 0.0)
    for key, (_, _, own, _, _) in stats.stats.items():
        parts[_part(_owner(stats.stats, key))] += own
    return {
        "cpu": cpu,
        "wall": wall,
        "visits": visits,
        "parts": {k: v / stats.total_tt for k, v in parts.items()},
        "where": "a file in /dev/shm (memory)" if _folder() else "a temporary file",
    }


COST_PARTS = (
    "SQLite (statements, commits)",
    "time zones (pendulum, zoneinfo: each write's local day)",
    "balie's store and rules (Python)",
    "the office model (balie/sim)",
    "the rest (random draws, json of the event log, file checks)",
)


def _owner(table: dict, key: tuple, depth: int = 4) -> tuple:
    """A built-in or standard-library function counts for the code that called it most."""
    filename, _, function = key
    if "sqlite3" in function or "/balie/" in filename or "pendulum" in filename or "zoneinfo" in filename:
        return key
    callers = table[key][4]
    if not callers or depth == 0:
        return key
    caller = max(callers, key=lambda c: callers[c][2] if isinstance(callers[c], tuple) else 0)
    return _owner(table, caller, depth - 1)


def _part(key: tuple) -> str:
    filename, _, function = key
    if "sqlite3" in function:
        return COST_PARTS[0]
    if "pendulum" in filename or "zoneinfo" in filename:
        return COST_PARTS[1]
    if "/balie/sim/" in filename:
        return COST_PARTS[3]
    if "/balie/" in filename:
        return COST_PARTS[2]
    return COST_PARTS[4]


# -- the page ------------------------------------------------------------------


def page(results: dict, sizes: list, cost: dict, ranges: dict, learned: dict, seconds: float) -> str:
    from balie.core.estimate import AT_ONCE_MS, CHOSEN
    from balie.core.estimators import ESTIMATORS, RESIDUAL
    from balie.sim.scenario import SCENARIOS

    facts = machine()
    at_once_min = AT_ONCE_MS // 60_000
    lines = [
        "# How good is the wait balie tells a visitor?",
        "",
        "The desk, the board and `balie register` tell a visitor how long they will "
        "probably wait, as a range (\"ongeveer 15–25 minuten\"). This page measures how "
        "often that is true, for every estimate considered, on simulated days played on "
        "the real store and queue rule (`balie/sim/`). Regenerate it with one command "
        f"(about {math.ceil(seconds / 60)} minute{'' if math.ceil(seconds / 60) == 1 else 's'} "
        f"on {facts['cores']} cores):",
        "",
        f"```sh\n.venv/bin/{COMMAND}\n```",
        "",
        f"Last run: {datetime.date.today().isoformat()}, {seconds / 60:.1f} minutes on "
        f"{facts['CPU']} ({facts['cores']} cores), Python {facts['Python']}, SQLite {facts['SQLite']}.",
        "",
        "## How it is measured",
        "",
        f"- Each scenario is played for {len(SEEDS)} seeds (1–{SEEDS[-1]}) on an opening day "
        f"({DAY}, 09:00–17:00). At the registration of every walk-in who is not urgent, "
        "each estimator says what it would tell this visitor, from what the store shows "
        "at that moment (`store.waits.office_now`, the read behind the desk and the board). "
        "After the day, the visitor's real wait until their first call is known.",
        "- Visitors who left before being called (or were not helped by closing time) "
        "have no known wait and are left out (column *left out*).",
        "- *MAE*: mean absolute error of the estimate, in minutes, with ± two standard "
        "errors over the seeds. *Bias*: the mean of estimate minus actual (negative: "
        "too optimistic). *Inside*: the share of visitors whose wait fell inside what "
        "they were told, the range as it is said (rounded outward by `core/wording.py`); "
        f"\"geen wachttijd\" counts as inside when the call came within {at_once_min} minutes. "
        "*Inside, given a range*: the same for the visitors who heard a range. *Width*: "
        "how wide that range was, on average, as said.",
        "- Every estimator gets its own range: point + q × (point + d), with d the time "
        "between two counters coming free for the domain; for each size of estimate, "
        "(q_low, q_high) is the narrowest central range of (actual − point) / (point + d) "
        "that, rounded as it is said, held "
        f"for 8 in 10 visitors given a range on {len(CALIBRATION_SEEDS)} other seeds "
        f"({CALIBRATION_SEEDS[0]}–{CALIBRATION_SEEDS[-1]}) of the ordinary days. So the ranges "
        "are meant to hold for 8 in 10 on ordinary days; the disturbed days show how they "
        "fare when the day goes otherwise.",
        "- Every estimator says \"geen wachttijd\" only when a counter of the domain is free "
        "and nobody is ahead.",
        "",
        "## The scenarios",
        "",
        table(
            ["scenario", "what happens", "walk-ins measured a day", "their mean wait (min)", "ordinary day"],
            [
                [f"`{name}`", SCENARIOS[name].title, f"{results[name]['visitors']:.0f}",
                 f"{results[name]['scores'][CHOSEN]['mean_wait']:.1f}",
                 "yes" if SCENARIOS[name].normal else "no"]
                for name in results
            ],
        ),
        "",
        "Every day: arrivals as a Poisson process whose rate follows a morning and a lunch "
        "peak (about 55 % burgerzaken, 20 % vergunningen, 25 % sociaal); 15 % with an "
        "appointment (mostly a little early, some late), 2 % urgent, 3 % no-show (recalled, "
        "then marked minutes later; a quarter turn up after all), 12 % who come only after "
        "a recall, 4 % transferred, 1 % sent back to fetch a document, 30 % who may leave "
        "after a while; service times lognormal (coefficient of variation 0.7) around the "
        "domain's `service_minutes` (6, 10, 12); colleagues notice a new visitor within "
        "5–30 s, take a coffee break and a lunch (paused, after helping the visitor at "
        "their counter), and help whoever is inside at closing time. The scenarios are in "
        "`balie/sim/scenario.py`.",
        "",
        "## The estimators",
        "",
        table(
            ["name", "what it says"],
            [
                ["`pace`", "the first estimate: people ahead ÷ calls per minute of the last hour "
                           "(3 calls at least), else configured minutes × ahead ÷ counters seen calling"],
                ["`per_counter`", "people ahead × mean service time ÷ counters serving the domain"],
                ["`recent_waits`", "the median wait of the domain's last 5 called visitors"],
                ["`erlang_c`", "Erlang C's mean wait for the last hour's arrivals at the counters there now"],
                ["`capacity`", f"(ahead + {RESIDUAL} − free counters) ÷ the domain's capacity: "
                               "how many of the domain the counters call per minute, a counter "
                               "serving several domains counted by its share of the last hour's calls"],
                ["`forward`", "the queue played forward by the real queue rule: each counter of the "
                              "domain (and of the domains it shares) comes free in turn, a busy one "
                              "after what is probably left of its visit, a paused one after a usual "
                              "pause, and calls the first of its merged queue; each visit takes the "
                              "mean service plus the usual moment between two visitors"],
            ],
        ),
        "",
        "The mean service time of a domain starts at the configured `service_minutes` "
        "(weighing as 5 visits) and follows the day's last 20 services; the moment between "
        "finishing one visitor and calling the next who was waiting starts at 30 s (weighing "
        "as 5) and follows the last hour's; a pause starts at 20 minutes (weighing as 1) and "
        "follows today's finished pauses. A counter counts when it is in the stand-up's "
        "staffing or called or finished someone in the last hour; only `forward` expects a "
        "paused counter back.",
        "",
        "## Results",
        "",
    ]
    for name, found in results.items():
        lines += [
            f"### `{name}`: {SCENARIOS[name].title}",
            "",
            table(
                ["estimator", "MAE (min)", "bias (min)", "inside", "inside, given a range",
                 "width (min)", "visitors", "left out"],
                [
                    [("**" + LABELS[m] + "**") if m == CHOSEN else LABELS[m],
                     f"{s['mae']:.1f} ± {s['mae_2se']:.1f}", f"{s['bias']:+.1f}",
                     f"{100 * s['inside']:.0f} %", f"{100 * s['inside_ranged']:.0f} %",
                     f"{s['width']:.0f}", s["n"], s["left"]]
                    for m in ESTIMATORS for s in [found["scores"][m]]
                ],
            ),
            "",
        ]
    chosen = {name: found["scores"][CHOSEN] for name, found in results.items()}
    told = sum(s["at_once"] for s in chosen.values())
    true = sum(s["at_once_true"] for s in chosen.values())
    lines += [
        "## The choice",
        "",
        f"balie tells `{CHOSEN}` ({LABELS[CHOSEN]}). " + _verdict(results, CHOSEN),
        "",
        f"\"Geen wachttijd\" was said to {told} of the measured visitors over all scenarios; "
        f"{true} of them ({100 * true / told if told else 0:.0f} %) were called within "
        f"{at_once_min} minutes.",
        "",
        f"How often `{CHOSEN}`'s range held, by the size of the estimate (all scenarios):",
        "",
        table(["estimate", "visitors", "inside"],
              [[label, n, f"{100 * share:.0f} %"] for label, n, share in sizes]),
        "",
        "The ranges in `core/estimate.py` (`RANGES`) and what the calibration seeds give now "
        f"(`{COMMAND} --calibrate`; they should agree, else copy the learned ones and "
        "regenerate this page):",
        "",
        table(
            ["estimator", *(f"estimate {label}" for label in _size_labels())],
            [[LABELS[m], *(_pair(used, new) for used, new in zip(ranges[m], learned[m]))] for m in ESTIMATORS],
        ),
        "",
        "Each cell: (q_low, q_high) in use, and after the arrow what the calibration seeds give "
        "now where that differs.",
        "",
        "## What a simulated day costs",
        "",
        f"A normal day ({statistics.mean(cost['visits']):.0f} visitors on average, every action a "
        f"real store transaction on {cost['where']}) takes {statistics.median(cost['cpu']):.2f} "
        f"CPU seconds (median of {len(cost['cpu'])}, {min(cost['cpu']):.2f}–{max(cost['cpu']):.2f}; "
        f"wall clock {statistics.median(cost['wall']):.2f} s in this run) without a screen. "
        "Where the time goes (one day under cProfile, its own share of each function): "
        + "; ".join(f"{label} {100 * share:.0f} %" for label, share in cost["parts"].items() if share >= 0.005)
        + ". Asking every estimator at every registration, as this page does, adds one "
        "`store.waits.office_now` read per walk-in.",
        "",
        "## Staffing advice",
        "",
        "`balie staffing` and the stand-up's *Advies bezetting* (`store.staffing.advice`) take "
        "the arrivals of the same weekday in the last 8 weeks, per domain and "
        "per hour, averaged over the days that had visitors, and the domain's mean time at the "
        "counter on those days. Erlang C gives the share of visitors called within the "
        "domain's `target_minutes` for c counters; the advice is the smallest c that reaches "
        "`service_level_share` (80 %). Erlang C assumes visitors come at random at that "
        "hour's rate and that a counter serves only this domain: a counter for two domains "
        "counts in the staffing (*ingedeeld*) of both, and breaks are not in it, so plan "
        "them outside the busiest hours or count on one counter more. The report's *Bezetting* "
        "(`store.staffing.period_advice`) applies the same rule to a period looked back on: its "
        "own arrivals per hour averaged over its days with visitors, its own service times, "
        "beside the counters its stand-ups usually assigned (the lower median over its days, "
        "a day without a counter for the domain counting as none).",
        "",
        "## Limits",
        "",
        "- These are simulated days: the figures say how the estimators behave on the "
        "office this model describes, not yet on a real one. The same measurement can be "
        "run on a real database's history once it has some (every registration and call "
        "is in the event log).",
        "- Visitors who leave are not measured: their wait would have been longer than "
        "they stayed, so the ranges may be slightly optimistic on days when many leave.",
        "- Nobody can know a break that has not started or a visitor who will be urgent: "
        "the ranges are wider for that, and on the disturbed days they hold less often.",
        "",
    ]
    return "\n".join(lines)


def _size_labels() -> list[str]:
    from balie.core.estimate import SIZES

    bounds = [0, *SIZES]
    return [f"{low}–{high} min" for low, high in zip(bounds, SIZES)] + [f"{SIZES[-1]} min or more"]


def _pair(used: tuple[float, float], learned: tuple[float, float]) -> str:
    text = f"{used[0]:+.2f}, {used[1]:+.2f}"
    return text if tuple(used) == tuple(learned) else f"{text} → {learned[0]:+.2f}, {learned[1]:+.2f}"


def _verdict(results: dict, chosen: str) -> str:
    from balie.sim.scenario import SCENARIOS

    better = all(f["scores"][chosen]["mae"] < f["scores"]["pace"]["mae"] for f in results.values())
    ordinary = [f["scores"][chosen] for n, f in results.items() if SCENARIOS[n].normal]
    low = min(s["inside"] for s in ordinary)
    high = max(s["inside"] for s in ordinary)
    ranged = min(s["inside_ranged"] for s in ordinary)
    return (
        ("It has a lower mean absolute error than the first estimate on every scenario"
         if better else "It does NOT beat the first estimate on every scenario")
        + f". On the ordinary days the wait fell inside what the visitor was told for "
        f"{100 * low:.0f}–{100 * high:.0f} % of the visitors, and inside the range for at least "
        f"{100 * ranged:.0f} % of those who heard one."
    )


def measure(scenarios: tuple[str, ...], seeds: range, ranges) -> tuple[dict, list[Seen]]:
    """Per scenario the scores of every estimator, and everything seen."""
    from balie.core.estimators import ESTIMATORS

    seens = observe_all(scenarios, seeds)
    results = {}
    for name in scenarios:
        mine = [s for s in seens if s.scenario == name]
        results[name] = {
            "visitors": len(mine) / len(seeds),
            "scores": {m: score(mine, m, ranges) for m in ESTIMATORS},
        }
    return results, seens


def main(argv: list[str] | None = None) -> int:
    from balie.core.estimate import CHOSEN, RANGES
    from balie.sim.scenario import SCENARIOS

    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few seeds; print, write nothing")
    parser.add_argument("--calibrate", action="store_true", help="print the ranges learned, write nothing")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    ordinary = tuple(n for n in SCENARIO_ORDER if SCENARIOS[n].normal)
    calibration_seeds = CALIBRATION_SEEDS[:4] if args.quick else CALIBRATION_SEEDS
    learned = calibrate(observe_all(ordinary, calibration_seeds))
    if args.calibrate:
        print("RANGES: dict[str, tuple[tuple[float, float], ...]] = {")
        for method, per_size in learned.items():
            print(f'    "{method}": {per_size},')
        print("}")
        return 0
    seeds = SEEDS[:4] if args.quick else SEEDS
    results, seens = measure(SCENARIO_ORDER, seeds, RANGES)
    sizes = by_size(seens, CHOSEN, RANGES)
    cost = day_cost(3 if args.quick else 10)
    text = page(results, sizes, cost, RANGES, learned, time.perf_counter() - began)
    if args.quick:
        print(text)
        return 0
    DOC.write_text(text)
    print(f"{DOC} written ({(time.perf_counter() - began) / 60:.1f} minutes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
