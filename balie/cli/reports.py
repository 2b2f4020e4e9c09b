"""``balie export`` and ``balie report``: the visits and the figures, for Excel and scripts."""

from __future__ import annotations

import argparse
import os
import sys

from balie.cli.common import context, day, period_bounds, report_period, shown
from balie.errors import BalieError

REPORT_FORMATS = ("table", "csv", "json", "excel")


def add_export(commands, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export", help="bezoeken als CSV (een regel per bezoek, zonder persoonsgegevens)", parents=[common]
    )
    export.add_argument("--from", dest="first", metavar="DATUM", type=day, help="eerste dag (standaard: --to)")
    export.add_argument("--to", dest="last", metavar="DATUM", type=day, help="laatste dag (standaard: vandaag)")
    export.add_argument("--output", "-o", metavar="BESTAND", help="schrijf naar een bestand (standaard: scherm)")
    export.add_argument("--personal", action="store_true", help="met naam en vraag (persoonsgegevens!)")
    export.add_argument(
        "--sep", choices=(";", ","), default=";", help="scheidingsteken (standaard ; voor Nederlandse Excel)"
    )


def add_report_options(report: argparse.ArgumentParser) -> None:
    report.add_argument(
        "--from", dest="first", metavar="DATUM", type=day,
        help="eerste dag: JJJJ-MM-DD, vandaag, gisteren, deze/vorige week, deze/vorige maand "
        "(standaard: de laatste openingsdag voor vandaag)",
    )
    report.add_argument(
        "--to", dest="last", metavar="DATUM", type=day,
        help="laatste dag (standaard: vandaag als --from gegeven is, anders --from)",
    )
    report.add_argument(
        "--format", choices=REPORT_FORMATS,
        help="table, csv, json of excel (CSV voor Nederlandse Excel); zonder: het scherm",
    )
    report.add_argument(
        "--output", "-o", metavar="BESTAND", help="schrijf naar een bestand (zonder --format: excel)"
    )


def cmd_export(args: argparse.Namespace) -> int:
    from balie.export import open_private, write_csv

    _, _, store = context(args, read_only=True)
    first, last = period_bounds(args.first or args.last, args.last, store.today())
    if first > last:
        raise BalieError(f"--from ({first}) ligt na --to ({last}).")
    visits = store.visits.between(first, last)
    if not args.output:
        try:
            write_csv(visits, sys.stdout, personal=args.personal, delimiter=args.sep)
            sys.stdout.flush()
        except BrokenPipeError:  # e.g. `balie export | head`: the reader has enough
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    try:
        # The BOM tells Excel the file is UTF-8 (ë, é in topics and names).
        with open_private(args.output) as out:
            count = write_csv(visits, out, personal=args.personal, delimiter=args.sep)
    except OSError as error:
        raise BalieError(f"Kan {args.output!r} niet schrijven: {error.strerror or error}.") from error
    print(f"{count} bezoeken ({first} t/m {last}) geschreven naar {shown(args.output)}", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    if args.format is None and not args.output:
        from balie.cli.screens import cmd_screen

        return cmd_screen(args)
    from balie import knowledge_reporting, reporting

    config, _, store = context(args, read_only=True)
    review = reporting.load_review(store, config, report_period(args, store, config))
    knowledge = knowledge_reporting.load_knowledge(store, config, review)
    fmt = args.format or "excel"

    def write(out) -> None:
        if fmt == "table":
            lines = reporting.table_lines(config, review) + knowledge_reporting.table_lines(knowledge)
            out.write("\n".join(lines) + "\n")
        elif fmt == "json":
            reporting.write_json(out, config, review, {"knowledge": knowledge_reporting.knowledge_json(knowledge)})
        else:
            reporting.write_report_csv(out, config, review, excel=fmt == "excel")
            rows = knowledge_reporting.csv_rows(knowledge, "," if fmt == "excel" else ".")
            reporting.write_csv(out, rows, ";" if fmt == "excel" else ",")

    # Excel reads UTF-8 (ë in a topic) only with a BOM; ';' and the decimal comma are Dutch Excel's.
    encoding = "utf-8-sig" if fmt == "excel" else "utf-8"
    if not args.output:
        try:
            if fmt == "excel":
                sys.stdout.write("\ufeff")
            write(sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    try:
        with open(args.output, "w", encoding=encoding, newline="") as out:
            write(out)
    except OSError as error:
        raise BalieError(f"Kan {args.output!r} niet schrijven: {error.strerror or error}.") from error
    print(
        f"Rapport {review.period.label()} geschreven naar {shown(args.output)}", file=sys.stderr
    )
    return 0
