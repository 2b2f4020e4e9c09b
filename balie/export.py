"""Visits as CSV rows for a spreadsheet: one row per visit, no Textual, no SQL.

Times are ISO 8601 in Europe/Amsterdam with their offset, so a row reads the
same as the clock on the wall and still sorts and converts unambiguously.
Names and questions are personal data: only with ``personal=True``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from typing import TextIO

from balie.clock import from_ms, local
from balie.core.figures import counted_wait_ms
from balie.core.visits import Visit

COLUMNS = [
    "date", "ticket", "domain", "kind", "urgent", "state", "arrived_at", "called_at",
    "finished_at", "counter", "outcome", "topic", "transferred_from", "wait_seconds",
]
PERSONAL_COLUMNS = ["name", "question"]


def iso_local(ms: int | None) -> str:
    if ms is None:
        return ""
    return local(from_ms(ms)).isoformat(timespec="seconds")


def _cell(text: str | None) -> str:
    """Typed text as data: a leading = + - @ would make a spreadsheet run a formula."""
    if not text:
        return ""
    return "'" + text if text[0] in "=+-@" else text


def wait_seconds(visit: Visit) -> int | None:
    """Arrival (or the appointment time for someone early) to first call; None if never called."""
    wait = counted_wait_ms(visit)
    return None if wait is None else round(wait / 1000)


def visit_row(visit: Visit, personal: bool = False) -> list[str]:
    wait = wait_seconds(visit)
    row = [
        visit.day,
        visit.ticket,
        visit.domain,
        visit.kind.value,
        "1" if visit.urgent else "0",
        visit.state.value,
        iso_local(visit.arrived_ms),
        iso_local(visit.called_ms),
        iso_local(visit.finished_ms),
        _cell(visit.counter),
        visit.outcome.value if visit.outcome else "",
        _cell(visit.topic),
        visit.transferred_from or "",
        "" if wait is None else str(wait),
    ]
    if personal:
        row += [_cell(visit.name), _cell(visit.question)]
    return row


def rows(visits: Iterable[Visit], personal: bool = False) -> Iterator[list[str]]:
    yield COLUMNS + (PERSONAL_COLUMNS if personal else [])
    for visit in visits:
        yield visit_row(visit, personal)


def write_csv(
    visits: Iterable[Visit], out: TextIO, personal: bool = False, delimiter: str = ";"
) -> int:
    """Write the header and one row per visit; returns the number of visits.

    The default ``;`` is what Dutch Excel expects when opening a .csv directly.
    """
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    count = -1
    for count, row in enumerate(rows(visits, personal)):
        writer.writerow(row)
    return max(count, 0)


def open_private(path: str | os.PathLike[str]) -> TextIO:
    """A CSV file for Excel (UTF-8 with BOM) that only its owner may read.

    An export may hold names and questions, so it is as private as the
    database, whatever the umask; an existing file is made private before it
    is emptied.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.ftruncate(fd, 0)
    except OSError:
        os.close(fd)
        raise
    return open(fd, "w", encoding="utf-8-sig", newline="")
