"""`balie serve`: answers HTTP on loopback with the app page; refuses personal data on the LAN."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

TIMEOUT = 20


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _balie(*args: str) -> list[str]:
    return [sys.executable, "-m", "balie", *args]


def test_serve_answers_with_the_app_page(db_path):
    port = _free_port()
    server = subprocess.Popen(
        _balie("--db", str(db_path), "serve", "--port", str(port)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ),
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        page = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    page = response.read().decode("utf-8")
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        assert page is not None, server.stderr.read1().decode() if server.poll() is not None else "no answer"
        assert "textual" in page.lower()
        assert "balie board" in page  # the title
        assert f"ws://127.0.0.1:{port}/ws" in page
    finally:
        server.terminate()
        try:
            server.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_personal_screen_on_network_address_is_refused(db_path):
    done = subprocess.run(
        _balie("--db", str(db_path), "serve", "desk", "--host", "0.0.0.0", "--port", "1"),
        capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert done.returncode == 1
    assert "persoonsgegevens" in done.stderr or "namen en vragen" in done.stderr
    assert "--allow-personal" in done.stderr
    assert "Traceback" not in done.stderr
    assert not db_path.exists()  # refused before touching anything


def test_port_in_use_is_a_dutch_message(db_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            _balie("--db", str(db_path), "serve", "--port", str(port)),
            capture_output=True, text=True, timeout=TIMEOUT,
        )
    assert done.returncode == 1
    assert "al in gebruik" in done.stderr
    assert "Traceback" not in done.stderr


def test_exposure_rules():
    from balie.serve import app_command, check_exposure, is_loopback, public_url
    from pathlib import Path

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    assert check_exposure("board", "0.0.0.0", False) is None
    assert check_exposure("desk", "127.0.0.1", False) is None
    assert "LET OP" in check_exposure("counter", "192.168.1.20", True)
    assert public_url("127.0.0.1", 8000) is None
    assert public_url("192.168.1.20", 8000) == "http://192.168.1.20:8000"
    command = app_command(Path("rel.sqlite"), None, "board")
    assert str(Path("rel.sqlite").resolve()) in command and command.endswith(" board --kiosk")
    assert app_command(Path("rel.sqlite"), None, "start").endswith(" start")
