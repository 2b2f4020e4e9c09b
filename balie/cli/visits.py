"""``balie register``, ``next``, ``finish``, ``noshow``, ``recall``, ``transfer``: a visit
from the command line, for a kiosk, a ticket printer or a script."""

from __future__ import annotations

import argparse
import sys

from balie.cli.common import CLI_ACTOR, EXIT_NOTHING, context, time_of_day
from balie.core.visits import Outcome  # plain Python, cheap: the choices of --outcome


def add_register(commands, common: argparse.ArgumentParser) -> None:
    register = commands.add_parser(
        "register", help="meld een bezoeker aan en toon het ticketnummer", parents=[common]
    )
    register.add_argument("--domain", required=True, help="domein, bijvoorbeeld burgerzaken of B")
    register.add_argument("--name", help="naam of initialen (optioneel)")
    register.add_argument("--question", help="de vraag in de woorden van de bezoeker (optioneel)")
    register.add_argument(
        "--appointment", metavar="UU:MM", type=time_of_day, help="tijd van de afspraak (vandaag)"
    )
    register.add_argument("--urgent", action="store_true", help="met voorrang (spoed/hulp nodig)")


def add_counter_commands(commands, common: argparse.ArgumentParser) -> None:
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


def cmd_register(args: argparse.Namespace) -> int:
    from balie.clock import local_day, local_time_on, to_ms
    from balie.core.wording import wait_phrase

    config, clock, store = context(args)
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


def _ticket(store, text: str):
    """Today's visit for a ticket as people type it (b7, B-007)."""
    from balie.core.tickets import parse_ticket

    return store.visits.find_ticket(parse_ticket(text))


def cmd_next(args: argparse.Namespace) -> int:
    from balie.core.counters import counter_domains, counter_name

    config, _, store = context(args)
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

    _, _, store = context(args)
    visit = _ticket(store, args.ticket)
    outcome = Outcome(args.outcome)
    store.counter.finish(visit.id, outcome, visit.counter or CLI_ACTOR, topic=args.topic)
    print(f"{visit.ticket} afgerond: {OUTCOME_LABELS[outcome]}")
    return 0


def cmd_noshow(args: argparse.Namespace) -> int:
    _, _, store = context(args)
    visit = _ticket(store, args.ticket)
    store.counter.no_show(visit.id, visit.counter or CLI_ACTOR)
    print(f"{visit.ticket} niet verschenen")
    return 0


def cmd_recall(args: argparse.Namespace) -> int:
    _, _, store = context(args)
    visit = _ticket(store, args.ticket)
    visit = store.counter.recall(visit.id, visit.counter or CLI_ACTOR)
    print(f"{visit.ticket} opnieuw opgeroepen bij {visit.counter}")
    return 0


def cmd_transfer(args: argparse.Namespace) -> int:
    config, _, store = context(args)
    domain = config.domain(args.domain)
    visit = _ticket(store, args.ticket)
    store.counter.transfer(visit.id, domain, visit.counter or CLI_ACTOR, note=args.note)
    print(f"{visit.ticket} doorgestuurd naar {domain.label}")
    return 0
