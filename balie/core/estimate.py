"""Expected wait for someone who joins a domain's queue now.

A first, simple estimate (a validated estimator is future work):

- nobody waiting: no wait;
- once the domain has called at least ``MIN_CALLS`` visitors in the last
  ``WINDOW_MS``, the day's own pace decides: people ahead / calls per minute;
- before that, the configured minutes per visitor times the people ahead,
  shared by the counters that called in this domain in the window (at least one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WINDOW_MS = 60 * 60 * 1000
MIN_CALLS = 3
MIN_SPAN_MS = 15 * 60 * 1000


@dataclass(frozen=True)
class DomainLoad:
    """What the host tells a visitor about one domain right now."""

    domain: str
    waiting: int
    longest_wait_ms: int
    expected_wait_ms: int


def expected_wait_ms(
    waiting: int,
    recent_calls: Sequence[tuple[int, str | None]],
    now_ms: int,
    service_minutes: int,
) -> int:
    """``recent_calls``: (called_ms, counter) of this domain's first calls today."""
    if waiting <= 0:
        return 0
    window = [(at, counter) for at, counter in recent_calls if now_ms - WINDOW_MS <= at <= now_ms]
    if len(window) >= MIN_CALLS:
        span = max(MIN_SPAN_MS, now_ms - min(at for at, _ in window))
        per_ms = len(window) / span
        return int(waiting / per_ms)
    counters = max(1, len({counter for _, counter in window if counter}))
    return int(waiting * service_minutes * 60_000 / counters)
