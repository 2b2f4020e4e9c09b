"""``balie user ...`` and ``balie serve``: accounts on the command line, the office in a browser.

Nothing here imports the web server until ``balie serve`` runs.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from balie.cli.common import CLI_ACTOR, context, resolve_config_path
from balie.core.accounts import MIN_PASSWORD, ROLE_LABELS, Role
from balie.errors import BalieError

ROLE_HELP = "host (gastvrouw: de balie bij de ingang), counter (balie), lead (teamleider: alles)"


def add_user_commands(commands, common: argparse.ArgumentParser) -> None:
    user = commands.add_parser(
        "user", help="accounts voor wie zich in de browser aanmeldt (balie serve)", parents=[common]
    )
    actions = user.add_subparsers(dest="user_command", metavar="ACTIE", required=True)
    add = actions.add_parser("add", help="nieuw account (vraagt het wachtwoord)", parents=[common])
    add.add_argument("name", metavar="NAAM")
    add.add_argument("--role", required=True, choices=[role.value for role in Role], help=ROLE_HELP)
    _password_option(add)
    actions.add_parser("list", help="alle accounts", parents=[common])
    passwd = actions.add_parser(
        "passwd", help="nieuw wachtwoord (wie aangemeld is, moet opnieuw aanmelden)", parents=[common]
    )
    passwd.add_argument("name", metavar="NAAM")
    _password_option(passwd)
    for action, text in (
        ("disable", "blokkeer een account (lopende schermen sluiten)"),
        ("enable", "deblokkeer een account"),
        ("remove", "verwijder een account (het logboek houdt de naam)"),
    ):
        actions.add_parser(action, help=text, parents=[common]).add_argument("name", metavar="NAAM")


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true",
        help="lees het wachtwoord van de standaardinvoer (voor scripts) in plaats van het te vragen",
    )


def _read_password(args: argparse.Namespace, name: str) -> str:
    from balie.core.accounts import password_problem

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise BalieError("Geen terminal om het wachtwoord te vragen; gebruik --password-stdin.")
        password = getpass.getpass(f"Wachtwoord voor {name} (minstens {MIN_PASSWORD} tekens): ")
        problem = password_problem(password)
        if problem:
            raise BalieError(problem)
        if getpass.getpass("Nog een keer: ") != password:
            raise BalieError("De wachtwoorden zijn niet gelijk; er is niets veranderd.")
    problem = password_problem(password)
    if problem:
        raise BalieError(problem)
    return password


def _when(ms: int | None) -> str:
    if ms is None:
        return "nooit"
    from balie.clock import from_ms, local

    return local(from_ms(ms)).format("YYYY-MM-DD HH:mm")


def _exists(store, name: str) -> bool:
    """Asked before a password is typed, so nobody types one for nothing."""
    from balie.core.accounts import name_key

    return any(name_key(account.name) == name_key(name) for account in store.accounts.all())


def cmd_user(args: argparse.Namespace) -> int:
    from balie.core.accounts import account_name, hash_password

    _, _, store = context(args, upkeep=False)
    action = args.user_command
    if action == "list":
        accounts = store.accounts.all()
        if not accounts:
            print("Nog geen accounts. Maak er een met: balie user add NAAM --role lead", file=sys.stderr)
            return 0
        print(f"{'naam':<24} {'rol':<12} {'status':<11} laatst aangemeld")
        for account in accounts:
            status = "geblokkeerd" if account.disabled else "actief"
            print(
                f"{account.name:<24} {ROLE_LABELS[account.role]:<12} {status:<11} "
                f"{_when(account.signed_in_ms)}"
            )
        return 0
    name = account_name(args.name)
    if action == "add":
        role = Role(args.role)
        if _exists(store, name):
            raise BalieError(f"Er is al een account {name!r}.")
        account = store.accounts.add(name, role, hash_password(_read_password(args, name)), CLI_ACTOR)
        print(f"Account {account.name} ({ROLE_LABELS[account.role]}) gemaakt.")
    elif action == "passwd":
        if not _exists(store, name):
            raise BalieError(f"Er is geen account {name!r}; zie balie user list.")
        account = store.accounts.set_password(name, hash_password(_read_password(args, name)), CLI_ACTOR)
        print(f"Nieuw wachtwoord voor {account.name}; aangemelde browsers moeten opnieuw aanmelden.")
    elif action in ("disable", "enable"):
        account = store.accounts.set_disabled(name, action == "disable", CLI_ACTOR)
        print(f"{account.name} is {'geblokkeerd' if account.disabled else 'weer actief'}.")
    elif action == "remove":
        account = store.accounts.remove(name, CLI_ACTOR)
        print(f"Account {account.name} verwijderd.")
    return 0


def add_serve_command(commands, common: argparse.ArgumentParser) -> None:
    from balie.web.limits import DEFAULT_IDLE_MINUTES, DEFAULT_MAX_SESSIONS

    serve = commands.add_parser(
        "serve", parents=[common],
        help="de frontoffice in de browser: aanmelden, schermen, en het wachtbord op /bord",
    )
    serve.add_argument("--host", default="127.0.0.1", help="adres om op te luisteren (standaard 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="poort (standaard 8000)")
    serve.add_argument("--cert", metavar="BESTAND", help="TLS-certificaat (PEM): https in plaats van http")
    serve.add_argument("--key", metavar="BESTAND", help="de sleutel bij --cert (PEM)")
    serve.add_argument(
        "--public-url", metavar="URL",
        help="het adres dat browsers gebruiken als er een proxy voor staat, bv. https://balie.gemeente.nl",
    )
    serve.add_argument(
        "--allow-host", action="append", default=[], metavar="NAAM",
        help="nog een hostnaam waarop browsers deze server bereiken (mag vaker)",
    )
    serve.add_argument(
        "--max-sessions", type=int, default=DEFAULT_MAX_SESSIONS, metavar="AANTAL",
        help=f"hoeveel schermen tegelijk open mogen zijn (standaard {DEFAULT_MAX_SESSIONS}; het wachtbord telt niet)",
    )
    serve.add_argument(
        "--idle-minutes", type=int, default=DEFAULT_IDLE_MINUTES, metavar="MINUTEN",
        help=f"sluit een scherm na zoveel minuten zonder toets (standaard {DEFAULT_IDLE_MINUTES}; 0: nooit)",
    )


def cmd_serve(args: argparse.Namespace) -> int:
    from balie.web.addresses import addresses_for, is_loopback, shown_urls
    from balie.web.server import tls_context

    if not 0 < args.port < 65536:
        raise BalieError(f"Poort {args.port} bestaat niet; kies een getal tussen 1 en 65535.")
    if not 1 <= args.max_sessions <= 500:
        raise BalieError("--max-sessions moet tussen 1 en 500 liggen.")
    if not 0 <= args.idle_minutes <= 24 * 60:
        raise BalieError("--idle-minutes moet tussen 0 en 1440 liggen.")
    ssl_context = tls_context(args.cert, args.key)
    addresses = addresses_for(
        args.host, args.port, tls=ssl_context is not None, public_url=args.public_url,
        allow_hosts=tuple(args.allow_host),
    )
    config, _, store = context(args)  # a wrong config or database: say so now, not per browser tab

    from balie.web.context import Served
    from balie.web.limits import Limits
    from balie.web.server import serve

    office = Served(
        store=store, config=config, db=store.path, config_path=resolve_config_path(args),
        addresses=addresses,
        limits=Limits(max_sessions=args.max_sessions, idle_seconds=args.idle_minutes * 60),
    )
    for url in shown_urls(args.host, args.port, addresses):
        print(f"balie: aanmelden op {url}/  ·  wachtbord op {url}/bord  (stoppen: Ctrl+C)", file=sys.stderr)
    if not is_loopback(args.host) and not addresses.secure:
        print(
            "balie: LET OP: zonder https gaan wachtwoorden onversleuteld over het netwerk. "
            "Gebruik --cert en --key, of een proxy met https en --public-url.", file=sys.stderr,
        )
    if not store.accounts.any():
        print(
            "balie: er zijn nog geen accounts; alleen het wachtbord werkt. "
            "Maak er een met: balie user add NAAM --role lead", file=sys.stderr,
        )
    return serve(office, args.host, args.port, ssl_context)


def add_person_option(parser: argparse.ArgumentParser) -> None:
    """Who is signed in to a served screen; balie serve passes it, people never type it."""
    parser.add_argument("--person", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
