"""The ``balie`` command: screens, and scriptable actions for integrations.

One module per group of commands: visits and the counter (``visits.py``), the
report and the export (``reports.py``), keeping the database in order
(``upkeep.py``), the simulated office (``simulation.py``), accounts and serving
(``serve.py``), the screens (``screens.py``); what they share is in
``common.py``. Commands that need no screen never import Textual, so a kiosk
or ticket printer gets its answer fast. Problems are reported in Dutch on
stderr with a non-zero exit; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from balie.cli import knowledge, reports, screens, serve, simulation, upkeep, visits
from balie.cli.common import (
    EXIT_ERROR,
    EXIT_NOTHING,
    EXIT_USAGE,
    NOTICES,
    Parser,
    default_db_path,
    resolve_db,
    shown,
)
from balie.errors import BalieError

__all__ = ["EXIT_ERROR", "EXIT_NOTHING", "EXIT_USAGE", "build_parser", "default_db_path", "main", "resolve_db"]

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "register": visits.cmd_register,
    "demo": simulation.cmd_demo,
    "next": visits.cmd_next,
    "finish": visits.cmd_finish,
    "noshow": visits.cmd_noshow,
    "recall": visits.cmd_recall,
    "transfer": visits.cmd_transfer,
    "export": reports.cmd_export,
    "report": reports.cmd_report,
    "serve": serve.cmd_serve,
    "user": serve.cmd_user,
    "purge": upkeep.cmd_purge,
    "backup": upkeep.cmd_backup,
    "close-day": upkeep.cmd_close_day,
    "clock": upkeep.cmd_clock,
    "simulate": simulation.cmd_simulate,
    "staffing": simulation.cmd_staffing,
    "kennis": knowledge.cmd_kennis,
}


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
    parser = Parser(
        prog="balie",
        description="balie: de frontoffice van het gemeentehuis in de terminal.",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT", parser_class=Parser)
    serve.add_person_option(parser)
    screens.add_screens(commands, common)
    visits.add_register(commands, common)
    simulation.add_demo(commands, common)
    screens.add_screen_options(commands)
    visits.add_counter_commands(commands, common)
    reports.add_export(commands, common)
    reports.add_report_options(commands.choices["report"])
    serve.add_serve_command(commands, common)
    serve.add_user_commands(commands, common)
    upkeep.add_upkeep_commands(commands, common)
    simulation.add_simulation_commands(commands, common)
    knowledge.add_knowledge_commands(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = COMMANDS.get(args.command or "", screens.cmd_screen)
    NOTICES.clear()
    try:
        return handler(args)
    except BalieError as error:
        print(f"balie: {shown(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # last line of defence: never a traceback at a user
        print(f"balie: onverwachte fout ({type(error).__name__}: {shown(str(error))}).", file=sys.stderr)
        return EXIT_ERROR
    finally:
        for notice in NOTICES:
            print(f"balie: {shown(notice)}", file=sys.stderr)
