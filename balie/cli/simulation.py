"""``balie demo``, ``simulate``, ``staffing``: a simulated office, and what its history advises."""

from __future__ import annotations

import argparse
import sys

from balie.cli.common import EXIT_NOTHING, context, day, shown, time_of_day
from balie.errors import BalieError


def add_demo(commands, common: argparse.ArgumentParser) -> None:
    demo = commands.add_parser(
        "demo", help="vul de database met een realistische demo-dag", parents=[common]
    )
    demo.add_argument("--days", type=int, default=10, help="aantal eerdere openingsdagen (standaard 10)")


def add_simulation_commands(commands, common: argparse.ArgumentParser) -> None:
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
    simulate.add_argument("--from", dest="start", metavar="UU:MM", type=time_of_day,
                          help="tot hier in een keer, vanaf hier op snelheid (standaard: opening)")
    simulate.add_argument("--until", metavar="UU:MM", type=time_of_day, help="stop hier (standaard: einde dag)")
    simulate.add_argument("--days", type=int, default=0, help="eerdere openingsdagen erbij (standaard 0)")
    staffing = commands.add_parser(
        "staffing", help="hoeveel balies per domein en uur nodig zijn, naast de indeling van de dagstart",
        parents=[common],
    )
    staffing.add_argument("--day", type=day, metavar="DATUM", help="de dag (standaard vandaag)")
    staffing.add_argument(
        "--weeks", type=int, default=8, help="zoveel weken terug dezelfde weekdag gebruiken (standaard 8)"
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from balie import demo
    from balie.clock import clock_from_env

    if args.days < 0 or args.days > 400:
        raise BalieError("--days moet tussen 0 en 400 liggen.")
    config, _, store = context(args)
    # The real (or BALIE_NOW) time, not the clock of an earlier demo on this file.
    made = demo.fill(store, config, clock_from_env().now(), past_days=args.days)
    print(f"Demo klaar: {made} bezoeken in {shown(str(store.path))}", file=sys.stderr)
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
    config, _, store = context(args)
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
    config, _, store = context(args)
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
