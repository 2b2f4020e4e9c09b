"""The ``balie`` command: screens, and scriptable actions for integrations.

Commands that need no screen never import Textual, so a kiosk or ticket
printer gets its answer fast. Problems are reported in Dutch on stderr with a
non-zero exit; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from balie.errors import BalieError

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3  # e.g. nobody waiting

SCREENS = {
    "desk": "gastvrouw: bezoekers aanmelden en wegwijzen",
}

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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"balie: {message}\n")


def _time_of_day(text: str) -> str:
    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", text.strip()):
        raise argparse.ArgumentTypeError(f"{text!r} is geen tijd; gebruik UU:MM, bijvoorbeeld 10:30")
    hours, minutes = text.strip().split(":")
    return f"{int(hours):02d}:{minutes}"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="PAD", default=argparse.SUPPRESS,
        help="databasebestand (standaard: $BALIE_DB of de balie-map van de gebruiker)",
    )
    common.add_argument(
        "--config", metavar="PAD", default=argparse.SUPPRESS,
        help="configuratiebestand (TOML; standaard: $BALIE_CONFIG of balie.toml in de configmap)",
    )
    parser = _Parser(
        prog="balie",
        description="balie: de frontoffice van het gemeentehuis in de terminal.",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT", parser_class=_Parser)

    for name, help_text in SCREENS.items():
        commands.add_parser(name, help=f"scherm {help_text}", parents=[common])

    register = commands.add_parser(
        "register", help="meld een bezoeker aan en toon het ticketnummer", parents=[common]
    )
    register.add_argument("--domain", required=True, help="domein, bijvoorbeeld burgerzaken of B")
    register.add_argument("--name", help="naam of initialen (optioneel)")
    register.add_argument("--question", help="de vraag in de woorden van de bezoeker (optioneel)")
    register.add_argument(
        "--appointment", metavar="UU:MM", type=_time_of_day, help="tijd van de afspraak (vandaag)"
    )
    register.add_argument("--urgent", action="store_true", help="met voorrang (spoed/hulp nodig)")

    demo = commands.add_parser(
        "demo", help="vul de database met een realistische demo-dag", parents=[common]
    )
    demo.add_argument("--days", type=int, default=10, help="aantal eerdere openingsdagen (standaard 10)")
    return parser


def default_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("balie")) / "balie.sqlite"


def resolve_db(args: argparse.Namespace) -> Path:
    value = getattr(args, "db", None) or os.environ.get("BALIE_DB", "").strip()
    return Path(value).expanduser() if value else default_db_path()


def resolve_config_path(args: argparse.Namespace) -> str | None:
    return getattr(args, "config", None) or os.environ.get("BALIE_CONFIG", "").strip() or None


def _context(args: argparse.Namespace):
    """Config, clock and store for a command, in that order (cheapest first)."""
    from balie.clock import clock_from_env
    from balie.config import load_config
    from balie.store import Store

    config = load_config(resolve_config_path(args))
    clock = clock_from_env()
    return config, clock, Store(resolve_db(args), clock)


def cmd_register(args: argparse.Namespace) -> int:
    from balie.clock import local_day, local_time_on, to_ms
    from balie.core.wording import wait_phrase

    config, clock, store = _context(args)
    domain = config.domain(args.domain)
    appointment_ms = None
    if args.appointment:
        appointment_ms = to_ms(local_time_on(local_day(clock.now()), args.appointment))
    visit = store.register(
        domain, name=args.name, question=args.question, urgent=args.urgent,
        appointment_ms=appointment_ms, actor="opdrachtregel",
    )
    ahead, expected = store.outlook(visit, config)
    print(f"{visit.ticket}  {domain.label}  {ahead} voor u  wachttijd: {wait_phrase(expected)}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from balie import demo

    if args.days < 0 or args.days > 400:
        raise BalieError("--days moet tussen 0 en 400 liggen.")
    config, clock, store = _context(args)
    made = demo.fill(store, config, clock.now(), past_days=args.days)
    print(f"Demo klaar: {made} bezoeken in {store.path}", file=sys.stderr)
    return 0


def cmd_screen(args: argparse.Namespace) -> int:
    config, clock, store = _context(args)
    from balie.app import BalieApp  # Textual only for the screens

    app = BalieApp(store=store, config=config, clock=clock, mode=args.command or "start")
    app.run()
    return app.return_code or 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "register": cmd_register,
    "demo": cmd_demo,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = COMMANDS.get(args.command or "", cmd_screen)
    try:
        return handler(args)
    except BalieError as error:
        print(f"balie: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # last line of defence: never a traceback at a user
        print(f"balie: onverwachte fout ({type(error).__name__}: {error}).", file=sys.stderr)
        return EXIT_ERROR
