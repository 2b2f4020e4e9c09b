"""Erlang C: a queue served by ``c`` equal counters, Poisson arrivals, exponential service.

``load`` is the offered load in erlangs: arrivals per minute times minutes per
visitor. Used by the staffing advice and by one of the wait estimates compared
in docs/estimate.md.
"""

from __future__ import annotations

import math


def erlang_b(counters: int, load: float) -> float:
    """Blocking probability, by the stable recursion B(k) = a·B(k-1) / (k + a·B(k-1))."""
    blocked = 1.0
    for k in range(1, counters + 1):
        blocked = load * blocked / (k + load * blocked)
    return blocked


def erlang_c(counters: int, load: float) -> float:
    """Probability that an arriving visitor has to wait (1 when the counters cannot keep up)."""
    if load <= 0:
        return 0.0
    if counters <= load:
        return 1.0
    blocked = erlang_b(counters, load)
    return counters * blocked / (counters - load * (1 - blocked))


def mean_wait(counters: int, load: float, service: float) -> float:
    """Mean wait in the unit of ``service`` (infinite when the counters cannot keep up)."""
    if load <= 0:
        return 0.0
    if counters <= load:
        return math.inf
    return erlang_c(counters, load) * service / (counters - load)


def within(counters: int, load: float, service: float, target: float) -> float:
    """Share of visitors called within ``target`` (same unit as ``service``)."""
    if load <= 0:
        return 1.0
    if counters <= load:
        return 0.0
    return 1 - erlang_c(counters, load) * math.exp(-(counters - load) * target / service)
