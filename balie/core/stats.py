"""Statistics helpers shared by the desk, the dagstart and the review.

Percentiles use the nearest-rank method: the p-th percentile is the smallest
value with at least p % of the values at or below it. It is always a wait that
really happened, which is what a team leader can explain.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import fields
from typing import Self


class Additive:
    """A dataclass of counts that adds field by field: days into a period, domains into a total."""

    def __add__(self, other: Self) -> Self:
        return type(self)(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def percentile(values: Sequence[float], p: float) -> float | None:
    return percentile_sorted(sorted(values), p)


def percentile_sorted(ordered: Sequence[float], p: float) -> float | None:
    """``percentile`` of values already in ascending order (no copy, no sort)."""
    if not ordered:
        return None
    if not 0 < p <= 100:
        raise ValueError("p must be in (0, 100]")
    # p * n first: p / 100 * n picks up float error (7 / 100 * 100 > 7).
    rank = math.ceil(p * len(ordered) / 100)
    return ordered[max(rank, 1) - 1]


def median(values: Sequence[float]) -> float | None:
    """The middle value; the mean of the two middle values for an even count."""
    return median_sorted(sorted(values))


def median_sorted(ordered: Sequence[float]) -> float | None:
    """``median`` of values already in ascending order."""
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def service_level(waits: Sequence[float], target: float) -> float | None:
    """Share of waits at or within the target (0..1)."""
    if not waits:
        return None
    return sum(1 for w in waits if w <= target) / len(waits)


def count_within_sorted(ordered: Sequence[float], target: float) -> int:
    """How many of the ascending ``ordered`` values are at or within ``target``."""
    return bisect_right(ordered, target)
