"""Headless Chromium driven over the DevTools protocol: read a page's DOM, type, take a picture.

Only for checks that need a real browser (the hall page's script, a served
screen drawn by xterm.js). Machines without ``chromium`` skip those tests.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp

from tests.web_server import stop

BINARY = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-default-apps", "--mute-audio",
    "--autoplay-policy=no-user-gesture-required",  # as a TV's kiosk browser is set up (README)
]


class Chromium:
    """One headless browser with one page."""

    def __init__(self, size: tuple[int, int] = (1600, 900)) -> None:
        assert BINARY, "chromium is not installed"
        self._folder = tempfile.TemporaryDirectory(prefix="balie-chromium-")
        self.process = subprocess.Popen(
            [BINARY, *FLAGS, f"--user-data-dir={self._folder.name}", "--remote-debugging-port=0",
             f"--window-size={size[0]},{size[1]}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self._ids = itertools.count(1)
        self._session: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None

    def _page_socket_url(self, timeout: float = 30) -> str:
        port_file = Path(self._folder.name) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while True:
            try:
                port = int(port_file.read_text().split()[0])
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as answer:
                    pages = [t for t in json.load(answer) if t["type"] == "page"]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            except (OSError, ValueError, IndexError):
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("chromium did not start")
            time.sleep(0.1)

    async def __aenter__(self) -> Chromium:
        url = await asyncio.to_thread(self._page_socket_url)
        self._session = aiohttp.ClientSession()
        self._socket = await self._session.ws_connect(url, max_msg_size=0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._session is not None:
            await self._session.close()
        stop(self.process, timeout=10)
        self._folder.cleanup()

    async def send(self, method: str, **params: Any) -> dict:
        assert self._socket is not None
        number = next(self._ids)
        await self._socket.send_json({"id": number, "method": method, "params": params})
        while True:
            message = json.loads((await self._socket.receive(timeout=30)).data)
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    async def open(self, url: str) -> None:
        await self.send("Page.navigate", url=url)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def wait_for(self, expression: str, timeout: float = 30) -> Any:
        """The value of a JavaScript expression once it is truthy."""
        deadline = time.monotonic() + timeout
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"not true within {timeout:.0f} s: {expression}")
            await asyncio.sleep(0.1)

    async def type(self, text: str) -> None:
        """Keys as a person types them (Enter as "\\r")."""
        for char in text:
            if char == "\r":
                for kind in ("rawKeyDown", "char", "keyUp"):
                    await self.send(
                        "Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                        windowsVirtualKeyCode=13, text="\r" if kind == "char" else "",
                    )
            else:
                await self.send("Input.dispatchKeyEvent", type="char", text=char)
            await asyncio.sleep(0.05)

    async def screenshot(self, path: Path) -> None:
        result = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(result["data"]))
