"""Serve one balie screen to browsers (a TV in the hall, a desk PC) with textual-serve.

Every browser tab gets its own ``balie`` process on the same database file, so
the served screen refreshes itself exactly like one in a terminal.
textual-serve has no authentication: screens with personal data (desk,
counter, and the start screen that leads to them) stay on loopback unless the
operator explicitly allows otherwise.
"""

from __future__ import annotations

import errno
import ipaddress
import shlex
import socket
import sys
from pathlib import Path

from balie.errors import BalieError

SERVABLE = ("board", "desk", "counter", "start")
PUBLIC_SCREENS = frozenset({"board"})  # shows tickets and counters only, never a name
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: assume others can reach it


def check_exposure(screen: str, host: str, allow_personal: bool) -> str | None:
    """A Dutch warning to print, or a BalieError when personal data would go on the network."""
    if screen in PUBLIC_SCREENS or is_loopback(host):
        return None
    if not allow_personal:
        raise BalieError(
            f"Het scherm '{screen}' toont namen en vragen van bezoekers; het wordt niet op "
            f"{host} aangeboden, alleen op 127.0.0.1. Zet er een proxy met inlog voor en gebruik "
            "--allow-personal als dat echt de bedoeling is."
        )
    return (
        f"balie: LET OP: '{screen}' toont persoonsgegevens en is nu zonder inlog bereikbaar op "
        f"{host}. Iedereen op het netwerk kan meekijken en -typen."
    )


def _outgoing_address() -> str:
    """The address other machines on the LAN most likely reach us on (sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET: connect() on UDP sends no packet
            return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()


def public_url(host: str, port: int) -> str | None:
    """The URL browsers use (the page points its websocket there); None keeps the default."""
    if is_loopback(host):
        return None
    shown = _outgoing_address() if host in WILDCARD_HOSTS else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def app_command(db: Path, config: str | None, screen: str) -> str:
    """The shell command textual-serve starts per browser tab: this same balie, same files."""
    argv: list[str] = [sys.executable, "-m", "balie", "--db", str(db.expanduser().resolve())]
    if config:
        argv += ["--config", str(Path(config).expanduser().resolve())]
    argv.append(screen)
    if screen != "start":
        # Whoever has the browser page must not switch to another screen (a
        # served board would otherwise lead to the desk's names) or close the day.
        argv.append("--kiosk")
    return shlex.join(argv)


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
        try:
            sock.bind((host, port))
        except OSError as error:
            raise _bind_error(error, host, port) from error


def _bind_error(error: OSError, host: str, port: int) -> BalieError:
    if error.errno == errno.EADDRINUSE:
        return BalieError(
            f"Poort {port} op {host} is al in gebruik (draait balie serve al?). "
            "Kies een andere poort met --port."
        )
    if error.errno == errno.EACCES:
        return BalieError(f"Geen toestemming om poort {port} te gebruiken; kies een poort boven 1024.")
    if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
        return BalieError(f"Het adres {host!r} hoort niet bij deze computer; controleer --host.")
    return BalieError(f"Kan niet luisteren op {host}:{port}: {error.strerror or error}.")


def serve(
    *, db: Path, config: str | None, screen: str, host: str, port: int, allow_personal: bool
) -> int:
    if screen not in SERVABLE:
        raise BalieError(f"Onbekend scherm {screen!r}; kies uit {', '.join(SERVABLE)}.")
    if not 0 < port < 65536:
        raise BalieError(f"Poort {port} bestaat niet; kies een getal tussen 1 en 65535.")
    warning = check_exposure(screen, host, allow_personal)
    if warning:
        print(warning, file=sys.stderr)
    _check_port_free(host, port)

    from textual_serve.server import Server

    url = public_url(host, port)
    server = Server(
        app_command(db, config, screen), host=host, port=port, title=f"balie {screen}", public_url=url
    )
    shown = url or f"http://{host}:{port}"
    print(f"balie: scherm '{screen}' op {shown}  (stoppen: Ctrl+C)", file=sys.stderr)
    try:
        server.serve()
    except OSError as error:  # lost a race for the port, or the address vanished
        raise _bind_error(error, host, port) from error
    return 0
