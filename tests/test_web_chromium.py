"""The hall page in a real browser: a call from the command line appears, and a restart heals.

Needs Debian's ``chromium``; skipped where it is not installed (CI machines).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.chromium import BINARY, Chromium
from tests.conftest import FRIDAY
from tests.web_server import free_port, stop

pytestmark = pytest.mark.skipif(BINARY is None, reason="chromium is not installed")
TIMEOUT = 60


def _balie(db_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "balie", "--db", str(db_path), *args],
        capture_output=True, text=True, timeout=TIMEOUT, env={**os.environ, "BALIE_NOW": FRIDAY},
    )


def _serve(db_path, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "balie", "--db", str(db_path), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "BALIE_NOW": FRIDAY},
    )
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bord", timeout=2).close()
            return server
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None and time.monotonic() < deadline, server.stderr.read().decode()
            time.sleep(0.1)


async def test_a_call_from_the_command_line_appears_and_the_page_survives_a_restart(db_path):
    assert _balie(db_path, "register", "--domain", "burgerzaken", "--name", "J. Geheim").returncode == 0
    port = free_port()
    server = _serve(db_path, port)
    try:
        async with Chromium() as browser:
            await browser.open(f"http://127.0.0.1:{port}/bord")
            await browser.wait_for("document.getElementById('nu-tekst').textContent === 'Nog niemand opgeroepen'")
            assert await browser.evaluate("document.getElementById('tijd').textContent") == "10:00"
            waits = await browser.evaluate("document.getElementById('wachten-lijst').innerText")
            assert "Burgerzaken" in waits and "1 wachtend" in waits

            assert _balie(db_path, "next", "--counter", "Balie 3").stdout.strip() == "B001"
            await browser.wait_for("document.getElementById('nu-ticket').textContent === 'B001'")
            assert await browser.evaluate("document.getElementById('nu-balie').textContent") == "Balie 3"
            assert await browser.evaluate("document.getElementById('nu').classList.contains('nieuw')")
            assert "Geheim" not in await browser.evaluate("document.body.innerText")

            stop(server)  # the server goes away: the page says so and keeps trying
            await browser.wait_for("!document.getElementById('verbinding').hidden")
            server = _serve(db_path, port)
            await browser.wait_for("document.getElementById('verbinding').hidden", timeout=TIMEOUT)
            assert await browser.evaluate("document.getElementById('nu-ticket').textContent") == "B001"
    finally:
        stop(server)
