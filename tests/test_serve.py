"""`balie serve` as an operator starts it: it answers, and bad options get a Dutch message."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.web_server import free_port, stop

TIMEOUT = 20


def _balie(*args: str) -> list[str]:
    return [sys.executable, "-m", "balie", *args]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str):
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=2) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


def test_serve_answers_with_the_sign_in_and_the_hall_page(db_path):
    port = free_port()
    server = subprocess.Popen(
        _balie("--db", str(db_path), "serve", "--port", str(port)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ),
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        hall = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                hall = _get(f"http://127.0.0.1:{port}/bord")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        assert hall is not None, server.stderr.read1().decode() if server.poll() is not None else "no answer"
        status, headers, text = hall
        assert status == 200 and "Wachtrij" in text and 'lang="nl"' in text
        assert headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        status, headers, _ = _get(f"http://127.0.0.1:{port}/")
        assert status == 303 and headers["Location"] == "/aanmelden"
        status, _, text = _get(f"http://127.0.0.1:{port}/aanmelden")
        assert status == 200 and "Wachtwoord" in text and "nog geen accounts" in text
        assert "http://" not in text.replace("http://127.0.0.1", "") and "googleapis" not in text
    finally:
        stop(server)
    err = server.stderr.read().decode()
    assert f"http://127.0.0.1:{port}/bord" in err and "balie user add" in err
    assert "Traceback" not in err


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


def test_wrong_tls_and_proxy_options_are_dutch_messages(db_path, tmp_path):
    cert = tmp_path / "cert.pem"
    cert.write_text("geen certificaat")
    for args, said in [
        (["--cert", str(cert)], "--cert en --key samen"),
        (["--cert", str(cert), "--key", str(tmp_path / "weg.pem")], "bestaat niet"),
        (["--cert", str(cert), "--key", str(cert)], "passen niet of zijn onleesbaar"),
        (["--public-url", "balie.gemeente.nl/pad"], "--public-url"),
        (["--allow-host", "evil.example/x"], "--allow-host"),
        (["--max-sessions", "0"], "--max-sessions"),
    ]:
        done = subprocess.run(
            _balie("--db", str(db_path), "serve", "--port", str(free_port()), *args),
            capture_output=True, text=True, timeout=TIMEOUT,
        )
        assert done.returncode == 1, args
        assert said in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
