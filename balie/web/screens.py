"""A signed-in colleague's screens: the menu, the terminal page and its WebSocket.

Each screen in a browser tab is one ``balie`` process, started only after
the Host, the Origin, the session, the role and the limits were all checked.
The process is told who is signed in (``--person``), so the event log names
the colleague, and runs as a kiosk (one screen, no palette, no day end)
unless a lead opened the start screen.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shlex
import sys
from pathlib import Path

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from balie.core.accounts import ROLE_LABELS, ROLE_SCREENS, WebSession, may_open
from balie.core.counters import counter_name
from balie.errors import BalieError
from balie.web.context import Served, served
from balie.web.guard import client
from balie.web.limits import Live
from balie.web.pages import SCREEN_LABELS, page, refusal

log = logging.getLogger("balie.web")
HEARTBEAT_S = 15  # a browser that vanished without closing is noticed within this
MAX_MESSAGE = 64 * 1024  # keys and resizes are small; anything larger is refused
PAGE_PARAMETERS = frozenset({"fontsize"})
SOCKET_PARAMETERS = frozenset({"width", "height"})
FONT_SIZES = (10, 40)
STOP_SECONDS = 5.0  # a screen told to quit is gone within this, or killed


def app_command(db: Path, config: str | None, screen: str, person: str, counter: str | None = None) -> str:
    """The shell command for one browser tab: this same balie, same files, this colleague.

    ``exec`` lets the shell become balie, so a tab costs one process, not two.
    """
    argv: list[str] = [sys.executable, "-m", "balie", "--db", str(db.expanduser().resolve())]
    if config:
        argv += ["--config", str(Path(config).expanduser().resolve())]
    if screen != "start":
        # Whoever has the browser page stays on this screen: no way to others or to day end.
        argv += [screen, "--kiosk"]
    argv += ["--person", person]
    if screen == "counter" and counter:
        argv += ["--name", counter]
    return "exec " + shlex.join(argv)


def _see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location, "Cache-Control": "no-store"})


async def _menu(request: web.Request, session: WebSession, status: int = 200, error: str | None = None):
    office = served(request)
    role = session.account.role
    staffed = None
    if may_open(role, "counter"):
        staffed = await office.run(office.store.accounts.staffed_counter, session.account.name)
    return page(
        "menu.html", status=status, account=session.account.name, role=ROLE_LABELS[role],
        screens=[(screen, *SCREEN_LABELS[screen]) for screen in ROLE_SCREENS[role]],
        counter=session.counter or (staffed[0] if staffed else ""),
        staffed=staffed[0] if staffed else None, error=error,
    )


async def menu(request: web.Request) -> web.StreamResponse:
    session = await served(request).signed_in(request)
    if session is None:
        return _see_other("/aanmelden")
    if request.query:
        return refusal(400, "Onbekende instelling", "Deze pagina heeft geen instellingen.")
    return await _menu(request, session)


async def choose_counter(request: web.Request) -> web.StreamResponse:
    """The counter this colleague works at, for the counter screens of this session."""
    office = served(request)
    session = await office.signed_in(request)
    if session is None:
        return _see_other("/aanmelden")
    if not may_open(session.account.role, "counter"):
        return refusal(403, "Geen toegang", "Uw account mag geen balie openen.")
    form = await request.post()
    try:
        counter = counter_name(str(form.get("balie", ""))[:200])
    except BalieError as error:
        return await _menu(request, session, 400, str(error))
    await office.run(office.store.accounts.set_session_counter, session.digest, counter)
    return _see_other("/scherm/counter")


async def _allowed(request: web.Request, office: Served, parameters: frozenset[str]):
    """(session, screen) when this request may have the screen; else the refusal to send."""
    screen = request.match_info["screen"]
    if screen not in SCREEN_LABELS:
        raise web.HTTPNotFound()
    unknown = set(request.query) - parameters
    if unknown:
        return refusal(400, "Onbekende instelling", "Dit adres heeft instellingen die balie niet kent.")
    session = await office.signed_in(request)
    if session is None:
        return None
    if not may_open(session.account.role, screen):
        log.warning("geweigerd: %s (%s) mag %s niet openen", session.account.name,
                    session.account.role.value, screen)
        return refusal(
            403, "Geen toegang",
            f"Met een account voor {ROLE_LABELS[session.account.role]} opent u dit scherm niet.",
        )
    reason = office.live.refusal(session.account.name)
    if reason:
        return refusal(503, "Geen plaats vrij", reason, **{"Retry-After": "60"})
    return session, screen


async def screen_page(request: web.Request) -> web.StreamResponse:
    office = served(request)
    allowed = await _allowed(request, office, PAGE_PARAMETERS)
    if allowed is None:
        return _see_other("/aanmelden")
    if isinstance(allowed, web.Response):
        return allowed
    session, screen = allowed
    base = office.addresses.base_url(request.headers["Host"])
    try:
        size = int(request.query.get("fontsize", "16"))
    except ValueError:
        size = 16
    return page(
        "terminal.html", title=SCREEN_LABELS[screen][0], account=session.account.name,
        socket_url=("wss" if base.startswith("https") else "ws") + base[base.index(":"):] + f"/ws/{screen}",
        font_size=min(max(size, FONT_SIZES[0]), FONT_SIZES[1]),
    )


async def screen_socket(request: web.Request) -> web.StreamResponse:
    office = served(request)
    allowed = await _allowed(request, office, SOCKET_PARAMETERS)
    if allowed is None:
        log.warning("geweigerd: WebSocket zonder geldige aanmelding van %s", client(request))
        return refusal(403, "Niet aangemeld", "Meld u eerst aan.")
    if isinstance(allowed, web.Response):
        return allowed
    session, screen = allowed
    width, height = office.limits.clamp(request.query.get("width", 80), request.query.get("height", 24))
    command = app_command(office.db, office.config_path, screen, session.account.name, session.counter)
    websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_S, max_msg_size=MAX_MESSAGE)
    if not websocket.can_prepare(request).ok:
        return refusal(400, "Geen WebSocket", "Dit adres is voor de pagina van een scherm, niet om te openen.")
    live = office.live.add(session.account.name, session.digest, screen, websocket)  # before any await
    service: AppService | None = None
    try:
        await websocket.prepare(request)
        service = AppService(
            command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
            close=websocket.close, download_manager=DownloadManager(),
        )
        log.info("scherm %s geopend door %s (%dx%d)", screen, session.account.name, width, height)
        await service.start(width, height)
        await _pump(websocket, service, office, live)
    except asyncio.CancelledError:
        await websocket.close()
    except Exception:
        log.exception("scherm %s van %s", screen, session.account.name)
    finally:
        office.live.discard(live)
        if service is not None:
            await service.stop()
            await _ended(service)
    return websocket


async def _ended(service: AppService) -> None:
    """Wait for the process to be gone (textual-serve never reaps it), killing it if it hangs."""
    process = service._process
    if process is None:
        return
    try:
        await asyncio.wait_for(process.wait(), STOP_SECONDS)
    except asyncio.TimeoutError:
        process.kill()
        await process.wait()


async def _pump(websocket: web.WebSocketResponse, service: AppService, office: Served, live: Live) -> None:
    """The browser's keys and sizes to the process; anything malformed is ignored."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        except (ValueError, TypeError, IndexError, KeyError):
            continue
        if kind == "stdin" and isinstance(data, str):
            office.live.touched(live)
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            office.live.touched(live)
            await service.set_terminal_size(*office.limits.clamp(data.get("width"), data.get("height")))
        elif kind == "ping" and isinstance(data, str):
            await websocket.send_json(["pong", data[:40]])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            office.live.touched(live)
            await service.focus()
