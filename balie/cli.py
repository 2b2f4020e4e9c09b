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

from balie.cli_serve import add_person_option, add_serve_command, add_user_commands, cmd_serve, cmd_user
from balie.core.visits import Outcome  # plain Python, cheap: the choices of --outcome
from balie.errors import BalieError

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3  # e.g. nobody waiting
CLI_ACTOR = "opdrachtregel"  # the event log's actor when no counter is known

SCREENS = {
    "desk": "gastvrouw: bezoekers aanmelden en wegwijzen",
    "counter": "balie: bezoekers oproepen, helpen en afronden",
    "board": "wachtbord voor de hal: oproepen en wachttijden, zonder namen",
    "dagstart": "dagstart: checklist, bezetting en cijfers van de vorige openingsdag",
    "report": "teamleider: wachttijden en servicelevel over een dag, week, maand of periode",
}
REPORT_FORMATS = ("table", "csv", "json", "excel")

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


def _day(text: str) -> str:
    import datetime

    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is geen datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2026-11-20"
        ) from None


def _add_counter_commands(commands, common: argparse.ArgumentParser) -> None:
    screen = commands.choices["counter"]
    screen.add_argument("--name", metavar="NAAM", help='naam van de balie, bijvoorbeeld "Balie 3"')
    screen.add_argument(
        "--domains", metavar="DOMEINEN", help="domeinen van deze balie, bijvoorbeeld burgerzaken,sociaal"
    )
    call = commands.add_parser(
        "next", help="roep de volgende bezoeker op en toon het ticket", parents=[common]
    )
    call.add_argument("--counter", required=True, metavar="NAAM", help='bijvoorbeeld "Balie 3"')
    call.add_argument("--domains", metavar="DOMEINEN", help="standaard: alle domeinen")
    finish = commands.add_parser("finish", help="rond een bezoek af", parents=[common])
    finish.add_argument("ticket", metavar="TICKET", help="ticket van vandaag, bijvoorbeeld B007")
    finish.add_argument(
        "--outcome", required=True, choices=[outcome.value for outcome in Outcome],
        help="handled (afgehandeld), referred (doorverwezen), callback (terugbelafspraak)",
    )
    finish.add_argument("--topic", metavar="ONDERWERP", help="bijvoorbeeld paspoort (optioneel)")
    noshow = commands.add_parser("noshow", help="meld een opgeroepen bezoeker als niet verschenen", parents=[common])
    noshow.add_argument("ticket", metavar="TICKET")
    recall = commands.add_parser("recall", help="roep een bezoeker opnieuw op", parents=[common])
    recall.add_argument("ticket", metavar="TICKET")
    transfer = commands.add_parser(
        "transfer", help="stuur een bezoeker door naar een ander domein (houdt zijn plek)", parents=[common]
    )
    transfer.add_argument("ticket", metavar="TICKET")
    transfer.add_argument("--domain", required=True, help="nieuw domein, bijvoorbeeld sociaal of S")
    transfer.add_argument("--note", metavar="NOTITIE", help="notitie voor de collega (optioneel)")
    export = commands.add_parser(
        "export", help="bezoeken als CSV (een regel per bezoek, zonder persoonsgegevens)", parents=[common]
    )
    export.add_argument("--from", dest="first", metavar="DATUM", type=_day, help="eerste dag (standaard: --to)")
    export.add_argument("--to", dest="last", metavar="DATUM", type=_day, help="laatste dag (standaard: vandaag)")
    export.add_argument("--output", "-o", metavar="BESTAND", help="schrijf naar een bestand (standaard: scherm)")
    export.add_argument("--personal", action="store_true", help="met naam en vraag (persoonsgegevens!)")
    export.add_argument(
        "--sep", choices=(";", ","), default=";", help="scheidingsteken (standaard ; voor Nederlandse Excel)"
    )


def _add_dagstart_options(commands) -> None:
    screen = commands.choices["dagstart"]
    screen.add_argument(
        "--name", metavar="NAAM", help="jouw naam: wie afvinkt en wijzigt (anders vraagt het scherm)"
    )


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

    add_person_option(parser)
    for name, help_text in SCREENS.items():
        screen = commands.add_parser(name, help=f"scherm {help_text}", parents=[common])
        screen.add_argument(
            "--kiosk", action="store_true",
            help="alleen dit scherm: niet wisselen van scherm, geen opdrachten (tv of browser in de hal)",
        )
        add_person_option(screen)

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
    _add_counter_commands(commands, common)
    _add_dagstart_options(commands)
    _add_report_options(commands.choices["report"])
    add_serve_command(commands, common)
    add_user_commands(commands, common)
    _add_upkeep_commands(commands, common)
    _add_simulation_commands(commands, common)
    return parser


def _add_report_options(report: argparse.ArgumentParser) -> None:
    report.add_argument(
        "--from", dest="first", metavar="DATUM", type=_day,
        help="eerste dag (standaard: de laatste openingsdag voor vandaag)",
    )
    report.add_argument(
        "--to", dest="last", metavar="DATUM", type=_day,
        help="laatste dag (standaard: vandaag als --from gegeven is, anders --from)",
    )
    report.add_argument(
        "--format", choices=REPORT_FORMATS,
        help="table, csv, json of excel (CSV voor Nederlandse Excel); zonder: het scherm",
    )
    report.add_argument(
        "--output", "-o", metavar="BESTAND", help="schrijf naar een bestand (zonder --format: excel)"
    )


def _add_upkeep_commands(commands, common: argparse.ArgumentParser) -> None:
    commands.add_parser(
        "purge",
        help="verwijder namen, vragen en notities na de bewaartermijn (de cijfers blijven)",
        parents=[common],
    )
    backup = commands.add_parser(
        "backup", help="maak een complete kopie van de database, ook terwijl er gewerkt wordt",
        parents=[common],
    )
    backup.add_argument("target", metavar="PAD", help="bestand voor de kopie")
    backup.add_argument("--force", action="store_true", help="overschrijf een bestaand bestand")
    commands.add_parser(
        "close-day",
        help="sluit de dag af (en eerdere dagen die nog open staan): wie nog wacht telt als niet geholpen",
        parents=[common],
    )
    clock = commands.add_parser(
        "clock", help="vergelijk de klok van deze computer met de database", parents=[common]
    )
    clock.add_argument(
        "--accept", action="store_true",
        help="leg vast dat deze klok klopt, ook al kent de database een latere tijd",
    )


def _add_simulation_commands(commands, common: argparse.ArgumentParser) -> None:
    simulate = commands.add_parser(
        "simulate", help="speel een gesimuleerde dag af in een (lege) database, om de schermen te zien leven",
        parents=[common],
    )
    simulate.add_argument(
        "--scenario", default="normal",
        help="soort dag: normal (standaard), calm, peak, lunch_close, two_domains of mailing",
    )
    simulate.add_argument("--seed", type=int, default=1, help="dezelfde seed geeft dezelfde dag (standaard 1)")
    simulate.add_argument(
        "--speed", type=float, default=60,
        help="kantoorseconden per echte seconde (standaard 60: een uur per minuut); 0: in een keer",
    )
    simulate.add_argument("--from", dest="start", metavar="UU:MM", type=_time_of_day,
                          help="tot hier in een keer, vanaf hier op snelheid (standaard: opening)")
    simulate.add_argument("--until", metavar="UU:MM", type=_time_of_day, help="stop hier (standaard: einde dag)")
    simulate.add_argument("--days", type=int, default=0, help="eerdere openingsdagen erbij (standaard 0)")
    staffing = commands.add_parser(
        "staffing", help="hoeveel balies per domein en uur nodig zijn, naast de indeling van de dagstart",
        parents=[common],
    )
    staffing.add_argument("--day", type=_day, metavar="DATUM", help="de dag (standaard vandaag)")
    staffing.add_argument(
        "--weeks", type=int, default=8, help="zoveel weken terug dezelfde weekdag gebruiken (standaard 8)"
    )


def default_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("balie")) / "balie.sqlite"


def resolve_db(args: argparse.Namespace) -> Path:
    value = getattr(args, "db", None) or os.environ.get("BALIE_DB", "").strip()
    return Path(value).expanduser() if value else default_db_path()


def resolve_config_path(args: argparse.Namespace) -> str | None:
    return getattr(args, "config", None) or os.environ.get("BALIE_CONFIG", "").strip() or None


def _context(args: argparse.Namespace, upkeep: bool = True, read_only: bool = False):
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
    from balie.store import Store

    from balie.sim.clock import follow

    config = load_config(resolve_config_path(args))
    clock = clock_from_env()
    checked_now(clock)
    store = Store(resolve_db(args), clock)
    _NOTICES.extend(store.notices)
    clock = store.clock = follow(clock, store.simulation.clock)  # a day being played on this file
    store.read_only = read_only
    if upkeep and not read_only:
        store.upkeep.run(config)
    if not clock.fixed:
        _note_unclosed(store)
    return config, clock, store


# What a person should hear besides the command's own answer; said after it.
_NOTICES: list[str] = []


def _note_unclosed(store) -> None:
    from balie.core.wording import unclosed_days_line

    line = unclosed_days_line(store.day_end.unclosed())
    if line:
        _NOTICES.append(f"let op: {line}")


def cmd_register(args: argparse.Namespace) -> int:
    from balie.clock import local_day, local_time_on, to_ms
    from balie.core.wording import wait_phrase

    config, clock, store = _context(args)
    domain = config.domain(args.domain)
    appointment_ms = None
    if args.appointment:
        appointment_ms = to_ms(local_time_on(local_day(clock.now()), args.appointment))
    visit, ahead, expected = store.desk.register_with_outlook(
        domain, config, name=args.name, question=args.question, urgent=args.urgent,
        appointment_ms=appointment_ms, actor="opdrachtregel",
    )
    print(f"{visit.ticket}  {domain.label}  {ahead} voor u  wachttijd: {wait_phrase(expected)}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from balie import demo
    from balie.clock import clock_from_env

    if args.days < 0 or args.days > 400:
        raise BalieError("--days moet tussen 0 en 400 liggen.")
    config, _, store = _context(args)
    # The real (or BALIE_NOW) time, not the clock of an earlier demo on this file.
    made = demo.fill(store, config, clock_from_env().now(), past_days=args.days)
    print(f"Demo klaar: {made} bezoeken in {_shown(str(store.path))}", file=sys.stderr)
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    from balie.clock import clock_from_env
    from balie.sim.play import simulate
    from balie.sim.scenario import SCENARIOS

    if args.scenario not in SCENARIOS:
        raise BalieError(f"Onbekend scenario {args.scenario!r}. Kies uit: {', '.join(SCENARIOS)}.")
    if args.days < 0 or args.days > 400:
        raise BalieError("--days moet tussen 0 en 400 liggen.")
    if args.speed < 0 or args.speed > 3600:
        raise BalieError("--speed moet tussen 0 en 3600 liggen.")
    config, _, store = _context(args)
    if args.speed:
        print(f"Simulatie speelt in {store.path} op {args.speed:g}x snelheid; stop met ctrl+c. "
              f"Open de schermen met --db {store.path}.", file=sys.stderr)
    made = simulate(
        store, config, clock_from_env().now(), SCENARIOS[args.scenario], args.seed, days=args.days,
        speed=args.speed, start=args.start, until=args.until, say=sys.stderr,
    )
    print(f"Simulatie klaar: {made} bezoeken in {store.path}", file=sys.stderr)
    return 0


def cmd_staffing(args: argparse.Namespace) -> int:
    from balie.core.staffing import block_line

    if args.weeks < 1 or args.weeks > 52:
        raise BalieError("--weeks moet tussen 1 en 52 liggen.")
    config, _, store = _context(args)
    advice = store.staffing.advice(config, args.day or store.today(), args.weeks)
    if not advice.days:
        print(f"balie: geen eerdere dagen op deze weekdag met bezoekers in de laatste {args.weeks} weken; "
              "nog geen advies.", file=sys.stderr)
        return EXIT_NOTHING
    print(f"Advies voor {advice.day}, uit {len(advice.days)} eerdere dagen ({advice.days[0]} t/m "
          f"{advice.days[-1]}); doel: {config.service_level_share:.0%} binnen de norm van het domein")
    for block in advice.blocks:
        print(block_line(block, config.label(block.domain)))
    return 0


def _ticket(store, text: str):
    """Today's visit for a ticket as people type it (b7, B-007)."""
    from balie.core.tickets import parse_ticket

    return store.visits.find_ticket(parse_ticket(text))


def cmd_next(args: argparse.Namespace) -> int:
    from balie.core.counters import counter_domains, counter_name

    config, _, store = _context(args)
    counter = counter_name(args.counter)
    domains = counter_domains(config, args.domains)
    visit = store.queue.call_next(counter, domains)  # refused while the counter still has a visitor
    if visit is None:
        labels = ", ".join(config.label(key) for key in domains)
        print(f"balie: er wacht niemand voor {labels}.", file=sys.stderr)
        return EXIT_NOTHING
    print(visit.ticket)
    return 0


def cmd_finish(args: argparse.Namespace) -> int:
    from balie.core.wording import OUTCOME_LABELS

    _, _, store = _context(args)
    visit = _ticket(store, args.ticket)
    outcome = Outcome(args.outcome)
    store.counter.finish(visit.id, outcome, visit.counter or CLI_ACTOR, topic=args.topic)
    print(f"{visit.ticket} afgerond: {OUTCOME_LABELS[outcome]}")
    return 0


def cmd_noshow(args: argparse.Namespace) -> int:
    _, _, store = _context(args)
    visit = _ticket(store, args.ticket)
    store.counter.no_show(visit.id, visit.counter or CLI_ACTOR)
    print(f"{visit.ticket} niet verschenen")
    return 0


def cmd_recall(args: argparse.Namespace) -> int:
    _, _, store = _context(args)
    visit = _ticket(store, args.ticket)
    visit = store.counter.recall(visit.id, visit.counter or CLI_ACTOR)
    print(f"{visit.ticket} opnieuw opgeroepen bij {visit.counter}")
    return 0


def cmd_transfer(args: argparse.Namespace) -> int:
    config, _, store = _context(args)
    domain = config.domain(args.domain)
    visit = _ticket(store, args.ticket)
    store.counter.transfer(visit.id, domain, visit.counter or CLI_ACTOR, note=args.note)
    print(f"{visit.ticket} doorgestuurd naar {domain.label}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from balie.export import open_private, write_csv

    _, _, store = _context(args, read_only=True)
    last = args.last or store.today()
    first = args.first or last
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
    print(f"{count} bezoeken ({first} t/m {last}) geschreven naar {_shown(args.output)}", file=sys.stderr)
    return 0


def _report_period(args: argparse.Namespace, store, config):
    """The period asked for; without dates the last opening day before today."""
    import datetime

    from balie.core.periods import range_period
    from balie.reporting import default_period

    today = store.today()
    if args.first is None and args.last is None:
        return default_period(today, config)
    first = args.first or args.last
    last = args.last or today
    if first > last:
        raise BalieError(f"--from ({first}) ligt na --to ({last}).")
    return range_period(datetime.date.fromisoformat(first), datetime.date.fromisoformat(last))


def cmd_report(args: argparse.Namespace) -> int:
    if args.format is None and not args.output:
        return cmd_screen(args)
    from balie import reporting

    config, _, store = _context(args, read_only=True)
    review = reporting.load_review(store, config, _report_period(args, store, config))
    fmt = args.format or "excel"

    def write(out) -> None:
        if fmt == "table":
            out.write("\n".join(reporting.table_lines(config, review)) + "\n")
        elif fmt == "json":
            reporting.write_json(out, config, review)
        else:
            reporting.write_report_csv(out, config, review, excel=fmt == "excel")

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
        f"Rapport {review.period.label()} geschreven naar {_shown(args.output)}", file=sys.stderr
    )
    return 0


def _screen_options(args: argparse.Namespace, config, store) -> dict:
    """Checked before Textual starts, so a typo gets a Dutch message, not a screen."""
    if args.command == "dagstart":
        from balie.core.standup import actor_name

        return {"standup_actor": actor_name(args.name) if args.name is not None else None}
    if args.command == "report":
        return {"report_period": _report_period(args, store, config)}
    if args.command != "counter":
        return {}
    from balie.core.counters import counter_domains, counter_name

    return {
        "counter_name": counter_name(args.name) if args.name is not None else None,
        "counter_domains": counter_domains(config, args.domains) if args.domains else None,
    }


def cmd_screen(args: argparse.Namespace) -> int:
    config, clock, store = _context(args)
    options = _screen_options(args, config, store)
    person = getattr(args, "person", None)
    if person is not None:  # a served screen: the signed-in colleague is the actor
        from balie.core.accounts import account_name

        store.person = account_name(person)
        if args.command == "dagstart" and options["standup_actor"] is None:
            options["standup_actor"] = store.person
    from balie.app import BalieApp  # Textual only for the screens

    app = BalieApp(
        store=store, config=config, clock=clock, mode=args.command or "start",
        kiosk=getattr(args, "kiosk", False), **options,
    )
    app.run()
    return app.return_code or 0


def _shown(text: str) -> str:
    """Text for the terminal as it is, with what a terminal would act on (escape
    sequences, NUL, other control characters) shown escaped instead: ``\\x1b``."""
    return "".join(ch if ch.isprintable() or ch == "\n" else repr(ch)[1:-1] for ch in text)


def _visits(count: int) -> str:
    return f"{count} {'bezoek' if count == 1 else 'bezoeken'}"


def _days(count: int) -> str:
    return f"{count} dag{'en' if count != 1 else ''}"


def cmd_purge(args: argparse.Namespace) -> int:
    """Purge now what has expired; days that have not ended are left (and named)."""
    from balie.store.upkeep import UPKEEP_PATIENCE_S

    config, clock, store = _context(args, upkeep=False)
    cleaned = store.upkeep.run(config)  # on the system clock: a day certainly over ends first
    cleaned += store.upkeep.purge(config.retention_days, config.notes_retention_days)
    emptied = store.upkeep.finish_purge(patience_s=UPKEEP_PATIENCE_S)
    print(
        f"{_visits(cleaned)} ontdaan van naam en vraag "
        f"(bewaartermijn {_days(config.retention_days)}; "
        f"bewaard vanaf {store.upkeep.purge_cutoff(config.retention_days)}; bijzonderheden van de "
        f"dagstart: {_days(config.notes_retention_days)})."
    )
    if not emptied:
        print(
            "balie: een ander programma leest de database nog; het logbestand (-wal) wordt "
            "later geleegd, bij de volgende opdracht of door een open scherm.", file=sys.stderr,
        )
    if clock.fixed:  # on the system clock _context noted it already
        _note_unclosed(store)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    _, _, store = _context(args, read_only=True)
    visits = store.backup.copy_to(args.target, force=args.force)
    print(f"Backup gemaakt: {_shown(args.target)} ({_visits(visits)}, gecontroleerd).")
    return 0


def cmd_close_day(args: argparse.Namespace) -> int:
    """Closing time, said by a person: today and any earlier day still open."""
    from balie.core.wording import day_name

    _, _, store = _context(args, upkeep=False)
    earlier = store.day_end.unclosed()
    closed = store.day_end.close(actor=CLI_ACTOR)
    for day, left in earlier:
        print(f"Eerdere dag {day_name(day)} ({day}) ook afgesloten: {left} niet geholpen.")
    print(f"Dag {store.today()} afgesloten: {closed - sum(n for _, n in earlier)} niet geholpen.")
    return 0


def cmd_clock(args: argparse.Namespace) -> int:
    """This computer's clock against the newest time the database knows."""
    from balie.clock import CLOCK_TOLERANCE_MS, describe, to_ms
    from balie.core.wording import duration_phrase

    _, clock, store = _context(args, upkeep=False, read_only=not args.accept)
    now_ms = to_ms(clock.now())
    newest = store.newest_known_ms()
    print(f"Klok van deze computer:       {describe(now_ms)}")
    print(f"Nieuwste tijd in de database: {describe(newest) if newest is not None else '(nog niets)'}")
    behind = 0 if newest is None else newest - now_ms
    if args.accept:
        if store.accept_clock(CLI_ACTOR):
            print(
                f"Klok geaccepteerd: balie rekent vanaf nu met {describe(now_ms)} "
                "(vastgelegd in het logboek)."
            )
        else:
            print("De klok loopt niet achter op de database; er is niets te accepteren.")
        return 0
    if behind > CLOCK_TOLERANCE_MS:
        print(
            f"De klok loopt {duration_phrase(behind)} achter op de database: balie weigert "
            "wijzigingen. Zet de klok goed; klopt hij toch, zeg dat dan met: balie clock --accept"
        )
        return EXIT_ERROR
    print("De klok loopt niet achter op de database.")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "register": cmd_register,
    "demo": cmd_demo,
    "next": cmd_next,
    "finish": cmd_finish,
    "noshow": cmd_noshow,
    "recall": cmd_recall,
    "transfer": cmd_transfer,
    "export": cmd_export,
    "report": cmd_report,
    "serve": cmd_serve,
    "user": cmd_user,
    "purge": cmd_purge,
    "backup": cmd_backup,
    "close-day": cmd_close_day,
    "clock": cmd_clock,
    "simulate": cmd_simulate,
    "staffing": cmd_staffing,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = COMMANDS.get(args.command or "", cmd_screen)
    _NOTICES.clear()
    try:
        return handler(args)
    except BalieError as error:
        print(f"balie: {_shown(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # last line of defence: never a traceback at a user
        print(f"balie: onverwachte fout ({type(error).__name__}: {_shown(str(error))}).", file=sys.stderr)
        return EXIT_ERROR
    finally:
        for notice in _NOTICES:
            print(f"balie: {_shown(notice)}", file=sys.stderr)
