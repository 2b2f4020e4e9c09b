"""``balie purge``, ``backup``, ``close-day``, ``clock``: keeping the database in order."""

from __future__ import annotations

import argparse
import sys

from balie.cli.common import CLI_ACTOR, EXIT_ERROR, context, days_word, note_unclosed, shown, visits_word


def add_upkeep_commands(commands, common: argparse.ArgumentParser) -> None:
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


def cmd_purge(args: argparse.Namespace) -> int:
    """Purge now what has expired; days that have not ended are left (and named)."""
    from balie.store.upkeep import UPKEEP_PATIENCE_S

    config, clock, store = context(args, upkeep=False)
    cleaned = store.upkeep.run(config)  # on the system clock: a day certainly over ends first
    cleaned += store.upkeep.purge(config.retention_days, config.notes_retention_days)
    emptied = store.upkeep.finish_purge(patience_s=UPKEEP_PATIENCE_S)
    print(
        f"{visits_word(cleaned)} ontdaan van naam en vraag "
        f"(bewaartermijn {days_word(config.retention_days)}; "
        f"bewaard vanaf {store.upkeep.purge_cutoff(config.retention_days)}; bijzonderheden van de "
        f"dagstart: {days_word(config.notes_retention_days)})."
    )
    if not emptied:
        print(
            "balie: een ander programma leest de database nog; het logbestand (-wal) wordt "
            "later geleegd, bij de volgende opdracht of door een open scherm.", file=sys.stderr,
        )
    if clock.fixed:  # on the system clock context() noted it already
        note_unclosed(store)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    _, _, store = context(args, read_only=True)
    visits = store.backup.copy_to(args.target, force=args.force)
    print(f"Backup gemaakt: {shown(args.target)} ({visits_word(visits)}, gecontroleerd).")
    return 0


def cmd_close_day(args: argparse.Namespace) -> int:
    """Closing time, said by a person: today and any earlier day still open."""
    from balie.core.wording import day_name

    _, _, store = context(args, upkeep=False)
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

    _, clock, store = context(args, upkeep=False, read_only=not args.accept)
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
