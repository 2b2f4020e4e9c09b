"""What a played (simulated or demo) day keeps in the database besides its visits."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from balie.store.database import Store

CLOCK_KEY = "played_clock"  # meta: the anchor of a day played on this file (balie.sim.clock)


class SimulationStore:
    def played_clock(self: Store) -> str | None:
        """The anchor every screen on this file follows, if a day is being played."""
        return self.get_meta(CLOCK_KEY) or None

    def set_played_clock(self: Store, anchor: str | None) -> None:
        """Write the anchor, or remove it (``None``): screens go back to the real time."""
        if anchor is not None:
            self.set_meta(CLOCK_KEY, anchor)
            return
        with self._write() as (conn, _, _):
            conn.execute("DELETE FROM meta WHERE key = ?", (CLOCK_KEY,))
