"""The addresses balie serves on, and the Host and Origin every request must carry.

A page on another site can open a WebSocket to us (browsers apply no CORS to
it and send our cookies along), and a rebound DNS name can point at us. Both
show in the request: a foreign ``Origin``, or a ``Host`` that is not one of
ours. Our own addresses are the machine's IP literals (an attacker's page
never has one of those as its origin), its own names, ``localhost``, the
public URL behind a proxy, and names the operator allows.
"""

from __future__ import annotations

import errno
import functools
import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from balie.errors import BalieError

WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: assume others can reach it


@functools.lru_cache(maxsize=256)
def is_own_ip(text: str) -> bool:
    """Whether an IP literal belongs to this machine: only then can a socket bind to it."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    if address.is_loopback:
        return True
    if address.is_unspecified or address.is_multicast:
        return False
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.bind((str(address), 0))
    except OSError:
        return False
    return True


def outgoing_address() -> str:
    """The address other machines on the LAN most likely reach us on (sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET: connect() on UDP sends no packet
            return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()


def split_host(value: str, scheme: str) -> tuple[str, int] | None:
    """('host', port) of a Host header or an origin's authority; None when malformed."""
    value = value.strip().lower()
    if not value or any(c in value for c in "/?#@ \\"):
        return None
    if value.startswith("["):
        end = value.find("]")
        if end == -1:
            return None
        host, rest = value[1:end], value[end + 1:]
    else:
        host, colon, port = value.partition(":")
        rest = colon + port
    if rest:
        if not rest.startswith(":") or not rest[1:].isdigit() or len(rest) > 6:
            return None
        port_number = int(rest[1:])
    else:
        port_number = DEFAULT_PORTS[scheme]
    host = host.rstrip(".")
    if not host or not 0 < port_number < 65536:
        return None
    return host, port_number


def _url_parts(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of the public URL; a Dutch error when it is not one."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.netloc or parts.path not in ("", "/"):
        raise BalieError(
            f"--public-url {url!r} is geen adres als https://balie.gemeente.nl "
            "(http of https, zonder pad)."
        )
    found = split_host(parts.netloc, parts.scheme)
    if found is None:
        raise BalieError(f"--public-url {url!r} heeft geen geldige host.")
    return parts.scheme, found[0], found[1]


@dataclass(frozen=True)
class Addresses:
    """Where browsers may reach this server, and with which scheme."""

    port: int
    tls: bool = False
    names: frozenset[str] = field(default_factory=frozenset)
    public: tuple[str, str, int] | None = None  # (scheme, host, port) behind a proxy

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def secure(self) -> bool:
        """Whether browsers reach us over https (directly or through the proxy)."""
        return self.tls or (self.public is not None and self.public[0] == "https")

    def _public_match(self, endpoint: tuple[str, int] | None) -> bool:
        return self.public is not None and endpoint == (self.public[1], self.public[2])

    def host_allowed(self, host_header: str) -> bool:
        """Whether a request's Host is one of ours (no DNS rebinding, no foreign name)."""
        if self.public is not None and self._public_match(split_host(host_header, self.public[0])):
            return True
        return self._direct(host_header)

    def _direct(self, host_header: str) -> bool:
        """Whether Host names this machine at the port balie listens on (no proxy between)."""
        endpoint = split_host(host_header, self.scheme)
        if endpoint is None or endpoint[1] != self.port:
            return False
        host = endpoint[0]
        return host in self.names or is_own_ip(host)

    def origin_allowed(self, origin: str, host_header: str) -> bool:
        """Whether an Origin is exactly the page we served at this Host."""
        parts = urlsplit(origin.strip())
        if parts.scheme not in DEFAULT_PORTS or parts.path or parts.query:
            return False
        endpoint = split_host(parts.netloc, parts.scheme)
        if self._public_match(endpoint) and parts.scheme == self.public[0]:  # type: ignore[index]
            return self._public_match(split_host(host_header, self.public[0]))  # type: ignore[index]
        return (
            parts.scheme == self.scheme
            and endpoint is not None
            and endpoint == split_host(host_header, self.scheme)
            and self._direct(host_header)
        )

    def base_url(self, host_header: str) -> str:
        """The page's own origin as browsers see it (Host is checked before this is used)."""
        if self.public is not None and self._public_match(split_host(host_header, self.public[0])):
            scheme = self.public[0]
        else:
            scheme = self.scheme
        return f"{scheme}://{host_header.strip()}"


def addresses_for(
    host: str, port: int, *, tls: bool = False, public_url: str | None = None,
    allow_hosts: tuple[str, ...] = (),
) -> Addresses:
    names = {"localhost"}
    if host not in WILDCARD_HOSTS and not is_loopback(host):
        names.add(host.strip("[]").lower())
    if not is_loopback(host):
        for name in (socket.gethostname(), socket.getfqdn()):
            if name:
                names.add(name.lower().rstrip("."))
    for name in allow_hosts:
        cleaned = name.strip().lower().rstrip(".")
        if not cleaned or split_host(cleaned, "http") is None or ":" in cleaned:
            raise BalieError(f"--allow-host {name!r} is geen hostnaam (zonder poort of pad).")
        names.add(cleaned)
    public = _url_parts(public_url) if public_url else None
    return Addresses(port=port, tls=tls, names=frozenset(names), public=public)


def shown_urls(host: str, port: int, addresses: Addresses) -> list[str]:
    """The addresses to tell the operator, most useful first."""
    if addresses.public is not None:
        scheme, name, public_port = addresses.public
        suffix = "" if DEFAULT_PORTS[scheme] == public_port else f":{public_port}"
        return [f"{scheme}://{name}{suffix}"]
    shown = outgoing_address() if host in WILDCARD_HOSTS else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return [f"{addresses.scheme}://{shown}:{port}"]


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
        try:
            sock.bind((host, port))
        except OSError as error:
            raise bind_error(error, host, port) from error


def bind_error(error: OSError, host: str, port: int) -> BalieError:
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
