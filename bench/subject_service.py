"""Would a subject's typical service time make the expected wait better?

The simulated days (``balie/sim``) draw every service time around its
domain's ``service_minutes``, whatever the subject: there, knowing the
subject cannot help by construction, and ``python -m bench.estimate`` cannot
show a gain. This bench asks the question where it can be answered: in a
world where service times do follow the subjects' typical minutes of the
demo's kennisbank (each subject equally likely within its domain, lognormal
with the simulation's coefficient of variation 0.7 around the subject's
minutes; a subject without minutes at the domain's), a visitor with ``ahead``
people before them waits for ``counters`` counters that are all busy with a
visit just begun. The wait is played first-come-first-served; the estimate
plays the same queue with each visit's expected time: the domain's mean
(what balie's ``forward`` does) or the subject's typical minutes. It is the
most the subject can give: arrivals, pauses, recalls and leavers, which make
most of a real estimate's error, are left out.

    .venv/bin/python -m bench.subject_service
"""

from __future__ import annotations

import heapq
import random
import statistics
from collections.abc import Sequence
from pathlib import Path

from balie.config import default_config
from balie.core.knowledge_formats import from_text
from balie.sim.arrivals import service_ms

STARTER_SET = Path(__file__).resolve().parent.parent / "balie" / "sim" / "kennisbank.txt"
CV = 0.7
TRIALS = 4000
CASES = [(3, 1), (8, 2), (15, 3)]  # (people ahead, counters)


def played(durations: Sequence[float], counters: int, busy: Sequence[float]) -> float:
    """When the visitor after ``durations`` is called: counters free at ``busy``, first come first served."""
    free = list(busy)
    heapq.heapify(free)
    for duration in durations:
        heapq.heappush(free, heapq.heappop(free) + duration)
    return free[0]


def measure(seed: int = 1) -> list[dict]:
    config = default_config()
    subjects = from_text(STARTER_SET.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    rows = []
    for domain in config.domains:
        minutes = [s.service_minutes or domain.service_minutes for s in subjects if s.domain == domain.key]
        if not minutes:
            continue
        domain_mean = statistics.fmean(minutes)  # what the domain's mean service converges to
        for ahead, counters in CASES:
            errors = {"domain": [], "subject": []}
            for _ in range(TRIALS):
                typical = [rng.choice(minutes) for _ in range(ahead)]
                actual = [service_ms(rng, m, CV) / 60_000 for m in typical]
                # Each counter is busy with a visit just begun: its remainder is unknown to both.
                busy_typical = [rng.choice(minutes) for _ in range(counters)]
                busy = [service_ms(rng, m, CV) / 60_000 for m in busy_typical]
                wait = played(actual, counters, busy)
                by_domain = played([domain_mean] * ahead, counters, [domain_mean] * counters)
                by_subject = played(typical, counters, busy_typical)
                errors["domain"].append(abs(by_domain - wait))
                errors["subject"].append(abs(by_subject - wait))
            rows.append({
                "domain": domain.label, "subjects": len(minutes),
                "minutes": f"{min(minutes)}–{max(minutes)}", "spread": statistics.pstdev(minutes) / domain_mean,
                "ahead": ahead, "counters": counters,
                "domain_mae": statistics.fmean(errors["domain"]), "subject_mae": statistics.fmean(errors["subject"]),
            })
    return rows


def main() -> int:
    print("| domain | subjects (minutes) | spread of the subjects' minutes | ahead, counters "
          "| MAE domain mean (min) | MAE subject minutes (min) | better |")
    print("|---|---|---|---|---|---|---|")
    for row in measure():
        gain = 1 - row["subject_mae"] / row["domain_mae"]
        print(f"| {row['domain']} | {row['subjects']} ({row['minutes']}) | {row['spread']:.0%} "
              f"| {row['ahead']}, {row['counters']} | {row['domain_mae']:.1f} | {row['subject_mae']:.1f} | {gain:.0%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
