"""A signed-in colleague's screen in the browser: a real process, driven over a real WebSocket."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest

from tests.conftest import FRIDAY
from tests.web_server import add_account, running

START_TIMEOUT = 60  # a balie process starting on a loaded 2-core machine


@pytest.fixture(autouse=True)
def _quick_hashes(monkeypatch):
    monkeypatch.setattr("balie.core.accounts._SCRYPT_N", 2**10)


@pytest.fixture(autouse=True)
def _same_day(monkeypatch):
    """The served processes read BALIE_NOW: the same Friday as the test's store."""
    monkeypatch.setenv("BALIE_NOW", FRIDAY)


async def _read_until(socket, needle: bytes, timeout: float = START_TIMEOUT) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        message = await socket.receive(timeout=max(0.1, deadline - time.monotonic()))
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += message.data
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            raise AssertionError(f"closed before {needle!r}: {socket.close_code} {seen[-300:]!r}")
    return seen


async def _closing(socket) -> aiohttp.WSMessage:
    """The close message, after whatever the screen still drew."""
    message = await socket.receive(timeout=START_TIMEOUT)
    while message.type == aiohttp.WSMsgType.BINARY:
        message = await socket.receive(timeout=START_TIMEOUT)
    assert message.type == aiohttp.WSMsgType.CLOSE, message
    return message


async def _until(condition, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        await asyncio.sleep(0.1)


async def test_a_signed_in_desk_works_and_logs_the_person(store, config, monkeypatch):
    add_account(store, "kees", "host")
    async with running(store, config, monkeypatch) as web:
        async with await web.signed_in("kees") as browser:
            page = await (await browser.get(web.url("/scherm/desk"))).text()
            assert f'data-session-websocket-url="ws://127.0.0.1:{web.port}/ws/desk"' in page
            assert "googleapis" not in page and "Afmelden" in page
            socket = await browser.ws_connect(
                web.ws_url("/ws/desk?width=10000&height=3000"), headers={"Origin": web.origin}
            )
            await _read_until(socket, b"Gastvrouw")
            [command] = web.started
            assert command.startswith("exec ") and " desk --kiosk --person kees" in command
            await socket.send_str(json.dumps(["stdin", "b"]))
            await _read_until(socket, b"Bezoeker aanmelden")  # the registration dialog is open
            await socket.send_str(json.dumps(["stdin", "\r"]))
            await _until(lambda: store.visits.count_on(store.today()) == 1)
            await socket.close()
    [visit] = store.visits.on(store.today())
    assert visit.ticket == "B001"
    assert [event["actor"] for event in store.visits.events(visit.id)] == ["kees"]


async def test_a_disabled_account_loses_its_open_screen(store, config, monkeypatch):
    add_account(store, "kees", "host")
    async with running(store, config, monkeypatch) as web:
        async with await web.signed_in("kees") as browser:
            socket = await browser.ws_connect(web.ws_url("/ws/desk"), headers={"Origin": web.origin})
            await _read_until(socket, b"Gastvrouw")
            store.accounts.set_disabled("kees", True, "test")  # balie user disable kees, in another process
            await _closing(socket)
            assert socket.close_code == 4001
            await _until(lambda: len(web.office.live) == 0)


async def test_an_idle_screen_is_closed_with_a_reason(store, config, monkeypatch):
    add_account(store, "fatima", "counter")
    async with running(store, config, monkeypatch, idle_seconds=1.0) as web:
        async with await web.signed_in("fatima") as browser:
            form = await browser.post(
                web.url("/balie"), data={"balie": "Balie 3"}, headers={"Origin": web.origin},
                allow_redirects=False,
            )
            assert form.status == 303 and form.headers["Location"] == "/scherm/counter"
            socket = await browser.ws_connect(web.ws_url("/ws/counter"), headers={"Origin": web.origin})
            message = await _closing(socket)
            assert socket.close_code == 4000
            assert "niet gebruikt" in message.extra
            [command] = web.started
            assert " counter --kiosk --person fatima --name 'Balie 3'" in command


async def test_the_menu_offers_the_counter_from_todays_stand_up(store, config, monkeypatch):
    add_account(store, "fatima", "counter")
    store.standup.open("test")
    store.standup.assign_counter("Balie 5", "Fatima", ["sociaal"], "test")
    async with running(store, config, monkeypatch) as web:
        async with await web.signed_in("fatima") as browser:
            menu = await (await browser.get(web.url("/"))).text()
            assert 'value="Balie 5"' in menu and "Volgens de dagstart zit u vandaag aan Balie 5" in menu
            wrong = await browser.post(web.url("/balie"), data={"balie": "  "}, headers={"Origin": web.origin})
            assert wrong.status == 400 and "naam van de balie" in await wrong.text()
    assert web.started == []
