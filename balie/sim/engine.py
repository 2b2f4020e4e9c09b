"""The event heap of a simulation: what happens next, in time order.

Ties keep the order in which they were scheduled, so a run depends only on its
seed, never on how Python compares two callbacks.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from itertools import count


class Engine:
    """Runs callbacks at simulated times (UTC epoch milliseconds)."""

    def __init__(self, start_ms: int) -> None:
        self.now_ms = start_ms
        self._heap: list[tuple[int, int, Callable[[], None]]] = []
        self._order = count()

    def at(self, at_ms: int, action: Callable[[], None]) -> None:
        """Schedule ``action`` at ``at_ms`` (never in the past: then it runs now)."""
        heapq.heappush(self._heap, (max(int(at_ms), self.now_ms), next(self._order), action))

    def after(self, delay_ms: float, action: Callable[[], None]) -> None:
        self.at(self.now_ms + int(delay_ms), action)

    def next_ms(self) -> int | None:
        return self._heap[0][0] if self._heap else None

    def run(self, until_ms: int, before: Callable[[int], None] | None = None) -> None:
        """Run every event up to and including ``until_ms``.

        ``before(at_ms)`` runs ahead of each event once the time is known: the
        driver sets the store's clock there, or waits for the real time.
        """
        while self._heap and self._heap[0][0] <= until_ms:
            at_ms, _, action = heapq.heappop(self._heap)
            self.now_ms = at_ms
            if before is not None:
                before(at_ms)
            action()
        self.now_ms = max(self.now_ms, until_ms)
