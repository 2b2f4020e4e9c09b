"""`balie serve` as an operator starts it: it answers, and bad options get a Dutch message."""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.web_server import PASSWORD, free_port, stop

TIMEOUT = 60  # a Python start on a loaded 2-core machine


def _balie(*args: str) -> list[str]:
    return [sys.executable, "-m", "balie", *args]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, data: bytes | None = None, headers: dict | None = None, context=None):
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


def _serving(db_path, port: int, *args: str, scheme: str = "http", context=None):
    """(server process, the hall page's answer) once it answers."""
    server = subprocess.Popen(
        _balie("--db", str(db_path), "serve", "--port", str(port), *args),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ),
    )
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and server.poll() is None:
        try:
            return server, _get(f"{scheme}://127.0.0.1:{port}/bord", context=context)
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    stop(server)
    raise AssertionError(server.stderr.read().decode())


def test_serve_answers_with_the_sign_in_and_the_hall_page(db_path):
    port = free_port()
    server, hall = _serving(db_path, port)
    try:
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


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_with_a_certificate_balie_speaks_https_and_the_cookie_is_secure(db_path, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=TIMEOUT,
    )
    subprocess.run(
        _balie("--db", str(db_path), "user", "add", "kees", "--role", "host", "--password-stdin"),
        input=PASSWORD + "\n", text=True, check=True, capture_output=True, timeout=TIMEOUT,
    )
    trusted = ssl.create_default_context(cafile=str(cert))
    port = free_port()
    server, hall = _serving(
        db_path, port, "--cert", str(cert), "--key", str(key), scheme="https", context=trusted
    )
    try:
        assert hall[0] == 200
        form = f"naam=kees&wachtwoord={PASSWORD.replace(' ', '+')}".encode()
        plain_origin = {"Origin": f"http://127.0.0.1:{port}"}
        assert _get(f"https://127.0.0.1:{port}/aanmelden", form, plain_origin, trusted)[0] == 403
        status, headers, _ = _get(
            f"https://127.0.0.1:{port}/aanmelden", form, {"Origin": f"https://127.0.0.1:{port}"}, trusted
        )
        assert status == 303
        cookie = headers["Set-Cookie"]
        assert cookie.startswith("__Host-balie_sessie=") and "Secure" in cookie and "HttpOnly" in cookie
    finally:
        stop(server)
