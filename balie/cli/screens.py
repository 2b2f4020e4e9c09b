"""``balie desk``, ``counter``, ``board``, ``dagstart``, ``report`` (and ``balie`` alone):
the screens. Textual is imported only here, and only once a screen starts."""

from __future__ import annotations

import argparse

from balie.cli.common import context, report_period
from balie.cli.serve import add_person_option

SCREENS = {
    "desk": "gastvrouw: bezoekers aanmelden en wegwijzen",
    "counter": "balie: bezoekers oproepen, helpen en afronden",
    "board": "wachtbord voor de hal: oproepen en wachttijden, zonder namen",
    "dagstart": "dagstart: checklist, bezetting en cijfers van de vorige openingsdag",
    "report": "teamleider: wachttijden en servicelevel over een dag, week, maand of periode",
}


def add_screens(commands, common: argparse.ArgumentParser) -> None:
    for name, help_text in SCREENS.items():
        screen = commands.add_parser(name, help=f"scherm {help_text}", parents=[common])
        screen.add_argument(
            "--kiosk", action="store_true",
            help="alleen dit scherm: niet wisselen van scherm, geen opdrachten (tv of browser in de hal)",
        )
        add_person_option(screen)


def add_screen_options(commands) -> None:
    """Who sits at the counter, and who runs the stand-up (else the screen asks)."""
    counter = commands.choices["counter"]
    counter.add_argument("--name", metavar="NAAM", help='naam van de balie, bijvoorbeeld "Balie 3"')
    counter.add_argument(
        "--domains", metavar="DOMEINEN", help="domeinen van deze balie, bijvoorbeeld burgerzaken,sociaal"
    )
    commands.choices["dagstart"].add_argument(
        "--name", metavar="NAAM", help="jouw naam: wie afvinkt en wijzigt (anders vraagt het scherm)"
    )


def _screen_options(args: argparse.Namespace, config, store) -> dict:
    """Checked before Textual starts, so a typo gets a Dutch message, not a screen."""
    if args.command == "dagstart":
        from balie.core.standup import actor_name

        return {"standup_actor": actor_name(args.name) if args.name is not None else None}
    if args.command == "report":
        return {"report_period": report_period(args, store, config)}
    if args.command != "counter":
        return {}
    from balie.core.counters import counter_domains, counter_name

    return {
        "counter_name": counter_name(args.name) if args.name is not None else None,
        "counter_domains": counter_domains(config, args.domains) if args.domains else None,
    }


def cmd_screen(args: argparse.Namespace) -> int:
    config, clock, store = context(args)
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
