"""Random draws of a simulated day that need no store: arrivals and service times.

Arrivals are a non-homogeneous Poisson process: the rate is constant within
each half hour of the scenario's shape (so exponential gaps, started afresh at
every boundary, are exact), scaled so a domain expects ``per_day`` visitors
over a standard day (``Scenario.day_hours``: shorter opening hours get fewer); a rush adds a constant rate in its own window.
"""

from __future__ import annotations

import math
import random

from balie.clock import local_time_on, to_ms
from balie.sim.scenario import Scenario


def local_ms(day: str, hhmm: str) -> int:
    return to_ms(local_time_on(day, hhmm))


def segments(scenario: Scenario, day: str, hours: tuple[str, str] | None = None) -> list[tuple[int, int, float]]:
    """(start, end, weight) pieces of constant rate covering the opening hours (or ``hours``)."""
    open_ms, close_ms = (local_ms(day, at) for at in hours or scenario.opening)
    marks = [(local_ms(day, at), weight) for at, weight in scenario.shape]
    pieces = []
    for index, (start, weight) in enumerate(marks):
        end = marks[index + 1][0] if index + 1 < len(marks) else close_ms
        if index == 0:
            start = min(start, open_ms)  # an earlier opening gets the first weight
        start, end = max(start, open_ms), min(end, close_ms)
        if end > start:
            pieces.append((start, end, weight))
    return pieces


def arrivals(scenario: Scenario, day: str, rng: random.Random) -> list[tuple[int, str]]:
    """(time in UTC ms, domain) of every walk-in or appointment arrival, in time order."""
    pieces = segments(scenario, day)
    volume = sum((end - start) * weight for start, end, weight in segments(scenario, day, scenario.day_hours))
    found: list[tuple[int, str]] = []
    for demand in scenario.demand:
        for start, end, weight in pieces:
            found += _poisson(rng, demand.per_day * weight / volume, start, end, demand.domain)
    rush = scenario.rush
    if rush is not None:
        start, end = local_ms(day, rush.start), local_ms(day, rush.end)
        found += _poisson(rng, rush.extra / (end - start), start, end, rush.domain)
    return sorted(found)


def _poisson(rng: random.Random, per_ms: float, start: int, end: int, domain: str) -> list[tuple[int, str]]:
    found = []
    if per_ms <= 0:
        return found
    at = start + rng.expovariate(per_ms)
    while at < end:
        found.append((int(at), domain))
        at += rng.expovariate(per_ms)
    return found


def service_ms(rng: random.Random, mean_minutes: float, cv: float) -> int:
    """A lognormal service time: mostly short, now and then very long."""
    sigma = math.sqrt(math.log(1 + cv * cv))
    mu = math.log(mean_minutes) - sigma * sigma / 2
    return int(rng.lognormvariate(mu, sigma) * 60_000)
