"""``balie serve``: the whole office in a browser, on textual-serve's machinery.

textual-serve (pinned exactly) builds a bare aiohttp application that anyone
may use. ``BalieServer`` replaces that application (``Server._make_app``, the
seam; tests/test_web_seams.py fails loudly if it moves) with one that guards
every request, signs colleagues in, starts a process per screen only for
them, and serves the hall display without any process at all.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import sys
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

from balie.errors import BalieError
from balie.web import hall, screens, signin
from balie.web.addresses import bind_error, check_port_free
from balie.web.context import SERVED, Served
from balie.web.guard import ADDRESSES, guard, safe_headers
from balie.web.hall import HALL, HallFeed
from balie.web.limits import IDLE_CLOSE, SIGNED_OUT_CLOSE, STOPPING_CLOSE
from balie.web.pages import ASSETS

log = logging.getLogger("balie.web")
MAX_REQUEST = 64 * 1024  # a sign-in form is tiny
SWEEP_SECONDS = 30.0
SHUTDOWN_SECONDS = 3.0


class BalieServer(Server):
    def __init__(self, office: Served, host: str, port: int, ssl_context: ssl.SSLContext | None = None):
        super().__init__("balie", host=host, port=port, title="balie")
        self.office = office
        self.ssl_context = ssl_context
        self.feed = HallFeed(office.store, office.config)
        self._tasks: list[asyncio.Task] = []

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[guard], client_max_size=MAX_REQUEST)
        app[ADDRESSES] = self.office.addresses
        app[SERVED] = self.office
        app[HALL] = self.feed
        app.on_response_prepare.append(safe_headers)
        app.add_routes([
            web.get("/", screens.menu),
            web.get("/aanmelden", signin.sign_in_page),
            web.post("/aanmelden", signin.sign_in),
            web.post("/afmelden", signin.sign_out),
            web.post("/balie", screens.choose_counter),
            web.get("/scherm/{screen}", screens.screen_page),
            web.get("/ws/{screen}", screens.screen_socket),
            web.get("/bord", hall.hall_page),
            web.get("/bord/stroom", hall.hall_stream),
            # textual-serve's own files (xterm.js, its font) and balie's; no folder listings.
            web.static("/static", self.statics_path, show_index=False),
            web.static("/assets", ASSETS, show_index=False),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        self.feed.on_change.append(self._check_sessions_soon)
        self._tasks = [
            asyncio.create_task(self.feed.run(), name="balie-hall"),
            asyncio.create_task(self._sweep(), name="balie-sweep"),
        ]

    async def on_shutdown(self, app: web.Application) -> None:
        self.feed.stop()
        await self.office.live.close(list(self.office.live), STOPPING_CLOSE, "De server is gestopt.")
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self.feed.close()

    def _check_sessions_soon(self) -> None:
        if self.office.live.digests():
            self._tasks.append(asyncio.create_task(self.check_sessions()))
            self._tasks = [task for task in self._tasks if not task.done()]

    async def check_sessions(self) -> None:
        """Close the screens of a session that ended: signed out, expired, account disabled."""
        office = self.office
        for digest in office.live.digests():
            try:
                session = await office.run(office.store.accounts.session, digest)
            except BalieError:
                continue  # the database is away for a moment; the next check decides
            if session is None:
                ended = [live for live in office.live if live.digest == digest]
                log.info("sessie beëindigd: %d scherm(en) gesloten", len(ended))
                await office.live.close(ended, SIGNED_OUT_CLOSE, "Uw aanmelding is verlopen of beëindigd.")

    async def _sweep(self) -> None:
        limits = self.office.limits
        interval = SWEEP_SECONDS if not limits.idle_seconds else min(SWEEP_SECONDS, max(0.2, limits.idle_seconds / 4))
        while True:
            await asyncio.sleep(interval)
            idle = self.office.live.idle()
            if idle:
                minutes = round(limits.idle_seconds / 60)
                await self.office.live.close(
                    idle, IDLE_CLOSE, f"Gesloten: {minutes} minuten niet gebruikt." if minutes else
                    "Gesloten: niet gebruikt.",
                )
            await self.check_sessions()

    def run(self) -> None:
        web.run_app(
            self._make_app(), host=self.host, port=self.port, ssl_context=self.ssl_context,
            access_log=None, print=None, shutdown_timeout=SHUTDOWN_SECONDS,
        )


def tls_context(cert: str | None, key: str | None) -> ssl.SSLContext | None:
    if not cert and not key:
        return None
    if not cert or not key:
        raise BalieError("Geef --cert en --key samen op (certificaat en sleutel).")
    for label, path in (("certificaat", cert), ("sleutel", key)):
        if not Path(path).is_file():
            raise BalieError(f"Het {label} {path!r} bestaat niet.")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(cert, key)
    except (ssl.SSLError, OSError) as error:
        raise BalieError(
            f"Certificaat {cert!r} en sleutel {key!r} passen niet of zijn onleesbaar "
            f"({getattr(error, 'reason', None) or error})."
        ) from error
    return context


def start_logging() -> None:
    """What the operator sees: Dutch lines, one per sign-in, refusal or closed screen."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("balie serve %(asctime)s  %(message)s", "%H:%M:%S"))
    for name in ("balie.web", "textual-serve"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def serve(office: Served, host: str, port: int, ssl_context: ssl.SSLContext | None) -> int:
    check_port_free(host, port)
    start_logging()
    server = BalieServer(office, host, port, ssl_context)
    try:
        server.run()
    except OSError as error:  # lost a race for the port, or the address vanished
        raise bind_error(error, host, port) from error
    return 0
