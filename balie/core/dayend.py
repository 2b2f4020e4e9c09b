"""When balie may end a day by itself: only when that is certainly right.

Ending a day makes whoever still waits 'unserved', and an ended day's names
and questions are purged after the retention period: both cannot be undone.
A clock decides what 'a day before today' is, and a clock can be wrong, so a
process ends earlier days by itself only when more than its own clock says so:

- never on a clock a person set (``BALIE_NOW``, tests, demos);
- a running process that saw local midnight pass while wall time moved as
  ``time.monotonic()`` did (no jump), once the office has been quiet for an
  hour (a clock wrong by hours since the start would put 'midnight' in office
  hours, when the office is not quiet);
- a starting process before today's opening time, when the database has been
  quiet for the night (nothing written for 8 hours): a clock with a wrong date
  but the right time lands in office hours and does not qualify, and a small
  jump over midnight does not make a night of quiet.

Otherwise the day stays open (screens show today only anyway) and a person is
told which day is not closed and how to close it.
"""

from __future__ import annotations

QUIET_AFTER_MIDNIGHT_MS = 60 * 60_000
QUIET_BEFORE_OPENING_MS = 8 * 60 * 60_000


def before_opening(hours_today: tuple[str, str] | None, hhmm: str) -> bool:
    """Whether local time ``hhmm`` is before today's opening (False on a closed day)."""
    return hours_today is not None and hhmm < hours_today[0]


def certain_day_end(
    *,
    fixed_clock: bool,
    saw_midnight: bool,
    is_before_opening: bool,
    now_ms: int,
    newest_ms: int | None,
) -> bool:
    """Whether a process may end the days before its today without asking anyone."""
    if fixed_clock:
        return False
    quiet_ms = None if newest_ms is None else now_ms - newest_ms
    if saw_midnight and (quiet_ms is None or quiet_ms >= QUIET_AFTER_MIDNIGHT_MS):
        return True
    return is_before_opening and (quiet_ms is None or quiet_ms >= QUIET_BEFORE_OPENING_MS)
