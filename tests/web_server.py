"""A real balie web server in the test's event loop, and a browser-like client for it."""

from __future__ import annotations

import socket
import subprocess
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from balie.core.accounts import Role, hash_password
from balie.store import Store
from balie.web.addresses import addresses_for
from balie.web.context import Served
from balie.web.limits import Limits
from balie.web.server import BalieServer

PASSWORD = "correct paard batterij"


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """Ask a process to end; kill it if it will not."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def add_account(store: Store, name: str, role: str) -> None:
    store.accounts.add(name, Role(role), hash_password(PASSWORD), "test")


class Web:
    """The server's address, its state, and the processes it started."""

    def __init__(self, server: BalieServer, port: int) -> None:
        self.server = server
        self.office = server.office
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.origin = self.base
        self.started: list[str] = []  # the command of every process started

    def url(self, path: str) -> str:
        return self.base + path

    def ws_url(self, path: str) -> str:
        return "ws://127.0.0.1:%d%s" % (self.port, path)

    async def sign_in(self, session: aiohttp.ClientSession, name: str, password: str = PASSWORD):
        return await session.post(
            self.url("/aanmelden"), data={"naam": name, "wachtwoord": password},
            headers={"Origin": self.origin}, allow_redirects=False,
        )

    async def signed_in(self, name: str) -> aiohttp.ClientSession:
        """A browser session with this colleague signed in."""
        session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        response = await self.sign_in(session, name)
        assert response.status == 303, await response.text()
        return session


@asynccontextmanager
async def running(store: Store, config, monkeypatch, **limits: Any):
    """Serve ``store`` on a free loopback port; record instead of hide every process start."""
    from textual_serve.app_service import AppService

    port = free_port()
    office = Served(
        store=store, config=config, db=store.path, config_path=None,
        addresses=addresses_for("127.0.0.1", port), limits=Limits(**limits),
    )
    server = BalieServer(office, "127.0.0.1", port)
    web = Web(server, port)
    original = AppService.start

    async def recorded(self, width: int, height: int) -> None:
        web.started.append(self.command)
        await original(self, width, height)

    monkeypatch.setattr(AppService, "start", recorded)
    test_server = TestServer(await server._make_app(), host="127.0.0.1", port=port)
    await test_server.start_server()
    try:
        yield web
    finally:
        await test_server.close()
