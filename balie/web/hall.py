"""The hall display as a web page: ``/bord`` and its event stream, for any number of TVs.

One change watcher in the server (``balie/change_watch.py``, as in every
terminal screen: asleep until SQLite writes the database's files, then a look
at ``PRAGMA data_version``) wakes the feed when another process commits; it
rebuilds the board's content with the same store queries and pushes it to
every open page as a server-sent event. A TV costs a socket, not a process. Only whitelisted
fields leave the server: ticket, counter, domain label, waiting counts,
expected waits and the time; never a name or a question.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import web

from balie.change_watch import ChangeWatch
from balie.clock import local
from balie.config import Config
from balie.core.calls import EARLIER_CALLS
from balie.core.spoken import spoken_call
from balie.core.wording import wait_phrase
from balie.errors import BalieError
from balie.store import Store
from balie.web.pages import page, refusal

log = logging.getLogger("balie.web")
TICK_SECONDS = 5.0  # waits grow and the clock moves without any commit
KEEPALIVE_SECONDS = 15.0  # the page counts a silence of 40 s as a lost server
RETRY_MS = 2000  # how soon a page reconnects after losing the stream
MAX_PAGES = 500
# What /bord may be asked: sound and speech on or off, nothing else.
HALL_PARAMETERS = {"geluid": ("aan", "uit"), "spraak": ("aan", "uit")}


def hall_state(store: Store, config: Config) -> dict[str, Any]:
    """The board's content as the page shows it: only whitelisted, non-personal fields."""
    calls = store.board.recent_calls(EARLIER_CALLS + 1)
    loads = store.board.loads(config)
    now = local(store.clock.now())
    return {
        "tijd": now.format("HH:mm"),
        "dag": now.format("dddd D MMMM", locale="nl"),
        "oproepen": [
            {
                "id": call.event_id,
                "ticket": call.ticket,
                "balie": call.counter,
                "domein": config.label(call.domain),
                "zeg": spoken_call(call.ticket, call.counter),
            }
            for call in calls
        ],
        "wachten": [
            {
                "domein": config.label(load.domain),
                "wachtend": load.waiting,
                "wacht": wait_phrase(load.wait),
            }
            for load in loads
        ],
    }


class HallFeed:
    """One change watcher for the whole server; every page waits on it.

    Its database work (building the board) runs on one thread of its own; the
    change watcher, the same one every terminal screen uses, on another.
    """

    def __init__(self, store: Store, config: Config) -> None:
        self.store = store
        self.config = config
        self.current: str | None = None
        self.pages = 0
        self.stopping = False
        # Called on the event loop after another process committed (e.g. an account was disabled).
        self.on_change: list[Callable[[], None]] = []
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="balie-hall")
        self._wake = asyncio.Event()
        self._changed = asyncio.Event()  # set by the change watcher's thread, through the loop
        self._trouble: str | None = None

    def _publish(self, payload: str | None) -> None:
        self.current = payload
        wake, self._wake = self._wake, asyncio.Event()
        wake.set()

    async def changed(self, timeout: float) -> bool:
        """Wait for the next publication; False after ``timeout`` seconds of none."""
        wake = self._wake
        try:
            await asyncio.wait_for(wake.wait(), timeout)
        except asyncio.TimeoutError:
            return False
        return True

    def _build(self) -> str:
        return json.dumps(hall_state(self.store, self.config), ensure_ascii=False, separators=(",", ":"))

    async def run(self) -> None:
        """Rebuild and publish on every commit (the change watcher the terminal screens
        use, on a thread of its own) and every ``TICK_SECONDS`` without one."""
        loop = asyncio.get_running_loop()

        def on_loop(callback: Callable[..., None]) -> Callable[..., None]:
            return lambda *args: loop.call_soon_threadsafe(callback, *args)

        watch = ChangeWatch(
            self.store, changed=on_loop(self._changed.set), failed=on_loop(self._failed),
            recovered=on_loop(self._recovered),
        )
        await loop.run_in_executor(self._thread, watch.start)  # returns after its first look
        self._changed.set()  # the first build, at once
        try:
            while not self.stopping:
                try:
                    await asyncio.wait_for(self._changed.wait(), TICK_SECONDS)
                    changed = True
                except asyncio.TimeoutError:
                    changed = False  # waits grow and the clock moves all the same
                self._changed.clear()
                if self.stopping:
                    break
                try:
                    payload = await loop.run_in_executor(self._thread, self._build)
                except BalieError as error:
                    self._failed(error)
                    continue
                except Exception:  # the feed must outlive any one fault
                    log.exception("wachtbord")
                    continue
                if self._trouble is not None:  # a build failed before; this one did not
                    log.info("de database is weer bereikbaar")
                    self._trouble = None
                if payload != self.current:
                    self._publish(payload)
                if changed:
                    for callback in self.on_change:
                        callback()
        finally:
            watch.stop()  # at shutdown: wakes its thread and waits for it (its connection closed)

    def _failed(self, error: Exception) -> None:
        if str(error) != self._trouble:
            log.error("wachtbord: %s", error)
            self._trouble = str(error)

    def _recovered(self) -> None:
        self._changed.set()  # the build that follows says the database is back

    def stop(self) -> None:
        self.stopping = True
        self._changed.set()  # ends the feed's wait
        self._publish(self.current)  # wakes every page so it can end

    def close(self) -> None:
        """After ``run`` has ended: its thread is no longer needed."""
        self._thread.shutdown(wait=False)


HALL = web.AppKey("hall", HallFeed)


def _bad_parameters(request: web.Request, allowed: dict[str, tuple[str, ...]]) -> bool:
    return any(key not in allowed or value not in allowed[key] for key, value in request.query.items())


async def hall_page(request: web.Request) -> web.StreamResponse:
    """No sign-in: the page holds no data itself, the stream only the board's content."""
    if _bad_parameters(request, HALL_PARAMETERS):
        return refusal(
            400, "Onbekende instelling",
            "Het wachtbord kent alleen ?geluid=aan|uit en ?spraak=aan|uit.", back="/bord",
        )
    return page(
        "hall.html", sound=request.query.get("geluid", "aan"), speech=request.query.get("spraak", "uit")
    )


async def hall_stream(request: web.Request) -> web.StreamResponse:
    feed = request.app[HALL]
    if request.query:
        return refusal(400, "Onbekende instelling", "De stroom van het wachtbord heeft geen instellingen.")
    if feed.pages >= MAX_PAGES:
        return refusal(503, "Te veel wachtborden", "Deze server voedt al het maximale aantal wachtborden.")
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",  # a proxy must pass each event on at once
        }
    )
    feed.pages += 1
    try:
        await response.prepare(request)
        await response.write(f"retry: {RETRY_MS}\n\n".encode())
        sent: str | None = None
        while not feed.stopping:
            if feed.current is not None and feed.current != sent:
                sent = feed.current
                await response.write(f"data: {sent}\n\n".encode())
            elif not await feed.changed(KEEPALIVE_SECONDS):
                await response.write(b"event: tik\ndata: \n\n")
    except ConnectionResetError:
        pass  # the TV went away
    finally:
        feed.pages -= 1
    return response
