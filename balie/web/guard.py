"""The first thing every request meets: our Host, our Origin, safe headers, Dutch errors.

Runs before any handler, so a foreign page or a rebound name is refused
before a session is looked up or a process started. A WebSocket handshake
and every form post must carry an ``Origin`` (browsers always send one
there); where a GET carries one, it must be ours too.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import hdrs, web

from balie.errors import BalieError
from balie.web.addresses import Addresses
from balie.web.pages import refusal

ADDRESSES = web.AppKey("addresses", Addresses)
log = logging.getLogger("balie.web")

# xterm.js sets inline styles; everything else comes from this server only.
CONTENT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; media-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
SAFE_METHODS = frozenset({"GET", "HEAD"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_websocket(request: web.Request) -> bool:
    return request.headers.get(hdrs.UPGRADE, "").lower() == "websocket"


def client(request: web.Request) -> str:
    return request.remote or "?"


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    addresses = request.app[ADDRESSES]
    host = request.headers.get(hdrs.HOST, "")
    if not addresses.host_allowed(host):
        log.warning("geweigerd: onbekende Host %r van %s", host[:100], client(request))
        return refusal(
            400, "Onbekend adres",
            "Deze server antwoordt alleen op zijn eigen adressen. Gebruik het adres dat de "
            "beheerder heeft gegeven.", back=None,
        )
    origin = request.headers.get(hdrs.ORIGIN)
    if origin is None and (request.method not in SAFE_METHODS or is_websocket(request)):
        log.warning("geweigerd: %s %s zonder Origin van %s", request.method, request.path, client(request))
        return refusal(403, "Geweigerd", "Dit verzoek komt niet van een pagina van balie.")
    if origin is not None and not addresses.origin_allowed(origin, host):
        log.warning("geweigerd: vreemde Origin %r voor %s van %s", origin[:100], request.path, client(request))
        return refusal(
            403, "Geweigerd",
            "Een andere website probeerde balie te gebruiken. Dat mag niet: open balie zelf "
            "via het adres dat de beheerder heeft gegeven.",
        )
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400:
            raise  # a redirect
        return _http_error(error)
    except BalieError as error:  # the database is away for a moment (moved, locked)
        log.error("%s %s: %s", request.method, request.path, error)
        return refusal(
            503, "Database niet bereikbaar",
            "balie kan de database nu niet gebruiken. Probeer het over een minuut opnieuw.",
        )
    except Exception:  # never a traceback at a colleague
        log.exception("fout bij %s %s", request.method, request.path)
        return refusal(500, "Er ging iets mis", "De server kon dit verzoek niet afhandelen. Probeer het opnieuw.")


def _http_error(error: web.HTTPException) -> web.Response:
    if error.status == 404:
        return refusal(404, "Niet gevonden", "Deze pagina bestaat niet in balie.")
    if error.status == 405:
        return refusal(405, "Niet toegestaan", "Deze pagina kan zo niet worden gebruikt.")
    if error.status == 413:
        return refusal(413, "Te groot", "Dit verzoek is groter dan balie aanneemt.")
    return refusal(error.status, "Geweigerd", "Dit verzoek kan balie niet afhandelen.")


async def safe_headers(request: web.Request, response: web.StreamResponse) -> None:
    """On every response, also static files and event streams."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")  # "no-referrer" makes a form post's Origin "null"
    headers.setdefault("Content-Security-Policy", CONTENT_POLICY)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
