"""The wait a visitor hears: an estimate with a range, measured on simulated days.

``python -m bench.estimate`` plays the scenarios of ``balie.sim`` on the real
store, asks every estimator of ``core/estimators.py`` at each walk-in's
registration and compares with the wait that followed (docs/estimate.md).
balie tells ``CHOSEN``; its range is, for each size of estimate, the
narrowest that, as it is said (rounded outward by ``core/wording.py``), held
for 8 in 10 visitors of the ordinary days in separate calibration runs
(``RANGES``, printed by ``python -m bench.estimate --calibrate``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from balie.core.estimators import ESTIMATORS, capacity_per_ms, forward_many
from balie.core.office_now import MIN, OfficeNow

# "Geen wachttijd" holds when the visitor is called within this: a colleague
# has to notice them first. How docs/estimate.md checks that promise.
AT_ONCE_MS = 2 * MIN
CHOSEN = "forward"

# Per estimator and size of its estimate (up to SIZES[i] minutes, the last
# without a limit): (q_low, q_high). The range is point + q × (point + d), d the
# time between two counters coming free for the domain (``departure_ms``).
SIZES = (10, 20, 40)
RANGES: dict[str, tuple[tuple[float, float], ...]] = {
    "pace": ((0.06, 1.27), (-0.21, 0.68), (-0.25, 0.59), (-0.34, 0.27)),
    "per_counter": ((0.24, 1.33), (0.04, 1.23), (0.0, 1.0), (-0.23, 0.55)),
    "recent_waits": ((0.15, 2.17), (-0.35, 1.29), (-0.41, 1.0), (-0.5, 0.55)),
    "erlang_c": ((0.17, 3.71), (-0.29, 1.78), (-0.4, 0.69), (-0.72, 0.28)),
    "capacity": ((-0.09, 0.6), (-0.21, 0.64), (-0.3, 0.51), (-0.49, 0.22)),
    "forward": ((-0.3, 0.17), (-0.25, 0.37), (-0.24, 0.41), (-0.21, 0.21)),
}


@dataclass(frozen=True, slots=True)
class WaitEstimate:
    """What to tell a visitor: a point, a range meant to hold for 8 in 10, or 'at once'."""

    point_ms: int
    low_ms: int
    high_ms: int
    at_once: bool = False  # a counter of the domain is free and nobody is ahead

    @staticmethod
    def none() -> WaitEstimate:
        return WaitEstimate(0, 0, AT_ONCE_MS, at_once=True)


@dataclass(frozen=True)
class DomainLoad:
    """What the host tells a visitor about one domain right now."""

    domain: str
    waiting: int
    longest_wait_ms: int
    wait: WaitEstimate


def at_once(office: OfficeNow, domain: str, ahead: int) -> bool:
    """Will this visitor really be called at once: a free counter and nobody ahead."""
    return ahead <= 0 and office.free(domain) > 0


def departure_ms(office: OfficeNow, domain: str) -> float:
    """The time between two counters coming free for this domain: the range's unit."""
    rate = capacity_per_ms(office, domain)
    return 1 / rate if rate > 0 else office.mean_service_ms(domain)


def with_range(point_ms: int, unit_ms: float, quantiles: tuple[float, float]) -> WaitEstimate:
    low_q, high_q = quantiles
    scale = point_ms + unit_ms
    low = max(0, int(point_ms + low_q * scale))
    return WaitEstimate(point_ms, low, max(low, int(point_ms + high_q * scale)))


def size(point_ms: int) -> int:
    """Which of ``SIZES`` an estimate falls in (its index; ``len(SIZES)`` beyond the last)."""
    return next((i for i, limit in enumerate(SIZES) if point_ms < limit * MIN), len(SIZES))


def estimate(office: OfficeNow, domain: str, ahead: int, method: str = CHOSEN) -> WaitEstimate:
    """The wait of someone with ``ahead`` people before them in ``domain``'s queue."""
    if at_once(office, domain, ahead):
        return WaitEstimate.none()
    return _told(office, domain, ESTIMATORS[method](office, domain, ahead), method)


def estimates(office: OfficeNow, asked: Mapping[str, int]) -> dict[str, WaitEstimate]:
    """``estimate`` (the chosen one) for several (domain, ahead) at once, as the board asks:
    the queues the domains share are played forward once."""
    played = [domain for domain, ahead in asked.items() if not at_once(office, domain, ahead)]
    points = forward_many(office, {domain: asked[domain] for domain in played}) if CHOSEN == "forward" else {
        domain: ESTIMATORS[CHOSEN](office, domain, asked[domain]) for domain in played
    }
    return {
        domain: _told(office, domain, points[domain], CHOSEN) if domain in points else WaitEstimate.none()
        for domain in asked
    }


def _told(office: OfficeNow, domain: str, point: int, method: str) -> WaitEstimate:
    return with_range(point, departure_ms(office, domain), RANGES[method][size(point)])
