"""What every command shares: exit codes, Dutch argparse, the database and configuration
a command works on, and the notices said after its answer.

Problems are reported in Dutch on stderr with a non-zero exit; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from balie.errors import BalieError

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3  # e.g. nobody waiting
CLI_ACTOR = "opdrachtregel"  # the event log's actor when no counter is known

_ARGPARSE_DUTCH = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "deze opties zijn verplicht: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "expected one argument": "verwacht een waarde",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze %(value)r (kies uit %(choices)s)",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: %(message)s\n",
    "invalid %(type)s value: %(value)r": "ongeldige waarde %(value)r",
    "not allowed with argument %s": "gaat niet samen met %s",
}


def _dutch_gettext(message: str) -> str:
    return _ARGPARSE_DUTCH.get(message, message)


argparse._ = _dutch_gettext  # type: ignore[attr-defined]  # argparse looks its words up here


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"balie: {message}\n")


def time_of_day(text: str) -> str:
    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", text.strip()):
        raise argparse.ArgumentTypeError(f"{text!r} is geen tijd; gebruik UU:MM, bijvoorbeeld 10:30")
    hours, minutes = text.strip().split(":")
    return f"{int(hours):02d}:{minutes}"


def day(text: str) -> str:
    """A date (JJJJ-MM-DD), or a period word (core.periods) resolved once today is known."""
    import datetime

    from balie.core.periods import is_period_word

    if is_period_word(text):
        return " ".join(text.lower().split())
    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is geen datum; gebruik JJJJ-MM-DD (bijvoorbeeld 2026-11-20), "
            "vandaag, gisteren, deze week, vorige week, deze maand of vorige maand"
        ) from None


def period_bounds(first: str | None, last: str | None, today: str) -> tuple[str, str]:
    """--from and --to as days: a word stands for its period's first day in --from
    and its last in --to; --from 'vorige week' alone is that whole week."""
    import datetime

    from balie.core.periods import named_period, period_bound

    now = datetime.date.fromisoformat(today)
    if last is None and first is not None and (named := named_period(first, now)) is not None:
        last = named.last.isoformat()
    first_day = period_bound(first, now, end=False).isoformat() if first else None
    last_day = period_bound(last, now, end=True).isoformat() if last else None
    return first_day or last_day or today, last_day or today


def default_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("balie")) / "balie.sqlite"


def resolve_db(args: argparse.Namespace) -> Path:
    value = getattr(args, "db", None) or os.environ.get("BALIE_DB", "").strip()
    return Path(value).expanduser() if value else default_db_path()


def resolve_config_path(args: argparse.Namespace) -> str | None:
    return getattr(args, "config", None) or os.environ.get("BALIE_CONFIG", "").strip() or None


def context(args: argparse.Namespace, upkeep: bool = True, read_only: bool = False):
    """Config, clock and store for a command, in that order (cheapest first).

    A clock that cannot be right is refused before the database is opened.
    ``upkeep``: what a screen or a writing command does by itself (ending
    earlier days when that is certainly right, removing expired personal
    data; ``store.upkeep.run``). ``read_only``: a command that only reads writes
    nothing at all (no upkeep, no report cache). On the system clock, a day
    left open is said on stderr.
    """
    from balie.clock import checked_now, clock_from_env
    from balie.config import load_config
    from balie.sim.clock import follow
    from balie.store import Store

    config = load_config(resolve_config_path(args))
    clock = clock_from_env()
    checked_now(clock)
    store = Store(resolve_db(args), clock)
    NOTICES.extend(store.notices)
    clock = store.clock = follow(clock, store.simulation.clock)  # a day being played on this file
    store.read_only = read_only
    if upkeep and not read_only:
        store.upkeep.run(config)
    if not clock.fixed:
        note_unclosed(store)
    return config, clock, store


def report_period(args: argparse.Namespace, store, config):
    """The period asked for; without dates the last opening day before today."""
    import datetime

    from balie.core.periods import range_period
    from balie.reporting import default_period

    today = store.today()
    if args.first is None and args.last is None:
        return default_period(today, config)
    first, last = period_bounds(args.first or args.last, args.last, today)  # --to alone: that day
    if first > last:
        raise BalieError(f"--from ({first}) ligt na --to ({last}).")
    return range_period(datetime.date.fromisoformat(first), datetime.date.fromisoformat(last))


# What a person should hear besides the command's own answer; said after it.
NOTICES: list[str] = []


def note_unclosed(store) -> None:
    from balie.core.wording import unclosed_days_line

    line = unclosed_days_line(store.day_end.unclosed())
    if line:
        NOTICES.append(f"let op: {line}")


def shown(text: str) -> str:
    """Text for the terminal as it is, with what a terminal would act on (escape
    sequences, NUL, other control characters) shown escaped instead: ``\\x1b``."""
    return "".join(ch if ch.isprintable() or ch == "\n" else repr(ch)[1:-1] for ch in text)


def visits_word(count: int) -> str:
    return f"{count} {'bezoek' if count == 1 else 'bezoeken'}"


def days_word(count: int) -> str:
    return f"{count} dag{'en' if count != 1 else ''}"
