"""No path from an unauthenticated or foreign request to a screen: tried with a real client.

Each refused handshake is also checked to have started no process (the
server records every ``AppService.start``).
"""

from __future__ import annotations

import aiohttp
import pytest

from balie.web.sessions import COOKIE, digest_of
from tests.web_server import PASSWORD, add_account, running


@pytest.fixture(autouse=True)
def _quick_hashes(monkeypatch):
    """Tests make accounts often: a cheaper scrypt (the stored hash says which it used)."""
    monkeypatch.setattr("balie.core.accounts._SCRYPT_N", 2**10)


@pytest.fixture
def accounts(store):
    add_account(store, "kees", "host")
    add_account(store, "fatima", "counter")
    add_account(store, "petra", "lead")


async def _handshake_status(web, session, path, headers=None) -> int:
    try:
        socket = await session.ws_connect(web.ws_url(path), headers={"Origin": web.origin} if headers is None else headers)
    except aiohttp.WSServerHandshakeError as error:
        return error.status
    await socket.close()
    return 101


async def test_a_foreign_origin_is_refused_even_with_a_valid_cookie(store, config, monkeypatch, accounts):
    async with running(store, config, monkeypatch) as web:
        async with await web.signed_in("kees") as browser:
            for origin in ("http://evil.example", "http://127.0.0.1:1", "null", "https://127.0.0.1:%d" % web.port):
                assert await _handshake_status(web, browser, "/ws/desk", {"Origin": origin}) == 403
            # A form from another site cannot sign anyone out (or in) either.
            response = await browser.post(
                web.url("/afmelden"), headers={"Origin": "http://evil.example"}, allow_redirects=False
            )
            assert response.status == 403
        assert web.started == []


async def test_a_handshake_without_origin_is_refused(store, config, monkeypatch, accounts):
    async with running(store, config, monkeypatch) as web:
        async with await web.signed_in("kees") as browser:
            assert await _handshake_status(web, browser, "/ws/desk", headers={}) == 403
        assert web.started == []


async def test_no_cookie_a_forged_cookie_and_an_expired_cookie_are_refused(
    store, config, clock, monkeypatch, accounts
):
    async with running(store, config, monkeypatch) as web:
        async with aiohttp.ClientSession() as stranger:
            assert await _handshake_status(web, stranger, "/ws/desk") == 403
            page = await stranger.get(web.url("/scherm/desk"), allow_redirects=False)
            assert page.status == 303 and page.headers["Location"] == "/aanmelden"
        jar = aiohttp.CookieJar(unsafe=True)
        jar.update_cookies({COOKIE: "vervalst-" + "x" * 40})
        async with aiohttp.ClientSession(cookie_jar=jar) as forger:
            assert await _handshake_status(web, forger, "/ws/desk") == 403
        async with await web.signed_in("kees") as browser:
            clock.advance(hours=10, seconds=1)  # the working day's session is over
            assert await _handshake_status(web, browser, "/ws/desk") == 403
            page = await browser.get(web.url("/"), allow_redirects=False)
            assert page.headers["Location"] == "/aanmelden"
        assert web.started == []


async def test_a_foreign_host_is_refused_dns_rebinding(store, config, monkeypatch, accounts):
    async with running(store, config, monkeypatch) as web:
        async with await web.signed_in("kees") as browser:
            rebound = f"rebind.example:{web.port}"
            headers = {"Host": rebound, "Origin": f"http://{rebound}"}
            assert await _handshake_status(web, browser, "/ws/desk", headers) == 400
            page = await browser.get(web.url("/bord"), headers={"Host": rebound})
            assert page.status == 400 and "Onbekend adres" in await page.text()
        assert web.started == []


async def test_board_urls_with_other_screens_or_parameters_are_refused(store, config, monkeypatch, accounts):
    async with running(store, config, monkeypatch) as web:
        async with aiohttp.ClientSession() as stranger:
            for path, status in [
                ("/bord?scherm=desk", 400), ("/bord?geluid=aan&x=1", 400), ("/bord?spraak=misschien", 400),
                ("/bord/desk", 404), ("/bord/stroom?scherm=desk", 400), ("/scherm/board", 404),
                ("/scherm/desk", 303), ("/static/", 403), ("/download/x", 404),
            ]:
                response = await stranger.get(web.url(path), allow_redirects=False)
                assert response.status == status, path
            for path in ("/ws/board", "/ws/bord", "/ws/../ws/desk", "/ws", "/ws/desk?scherm=start"):
                assert await _handshake_status(web, stranger, path) in (400, 403, 404), path
        async with await web.signed_in("kees") as browser:
            assert await _handshake_status(web, browser, "/ws/desk?width=80&scherm=start") == 400
            plain = await browser.get(web.url("/ws/desk"))  # no WebSocket upgrade
            assert plain.status == 400 and "Geen WebSocket" in await plain.text()
            assert await _handshake_status(web, browser, "/ws/board") == 404
        assert web.started == []


async def test_a_role_opens_only_its_own_screens(store, config, monkeypatch, accounts):
    async with running(store, config, monkeypatch) as web:
        async with await web.signed_in("fatima") as counter:
            assert await _handshake_status(web, counter, "/ws/desk") == 403
            assert await _handshake_status(web, counter, "/ws/start") == 403
            page = await counter.get(web.url("/scherm/report"))
            assert page.status == 403 and "Geen toegang" in await page.text()
        async with await web.signed_in("kees") as host:
            assert await _handshake_status(web, host, "/ws/counter") == 403
            menu = await (await host.get(web.url("/"))).text()
            assert "/scherm/desk" in menu and "/scherm/counter" not in menu and "/scherm/report" not in menu
        assert web.started == []


async def test_sign_in_cookie_wrong_password_and_sign_out(store, config, monkeypatch, accounts):
    async with running(store, config, monkeypatch) as web:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
            form = await (await browser.get(web.url("/aanmelden"))).text()
            assert "Aanmelden" in form and 'lang="nl"' in form and "googleapis" not in form
            wrong = await web.sign_in(browser, "kees", "niet het wachtwoord")
            assert wrong.status == 403 and "klopt niet" in await wrong.text()
            assert COOKIE not in wrong.cookies
            unknown = await web.sign_in(browser, "niemand")
            assert unknown.status == 403 and "klopt niet" in await unknown.text()
            no_origin = await browser.post(
                web.url("/aanmelden"), data={"naam": "kees", "wachtwoord": PASSWORD}, allow_redirects=False
            )
            assert no_origin.status == 403

            right = await web.sign_in(browser, "KEES")  # names are not case sensitive
            assert right.status == 303 and right.headers["Location"] == "/"
            cookie = right.headers["Set-Cookie"]
            assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
            assert "Max-Age=36000" in cookie and "Path=/" in cookie and "Secure" not in cookie
            token = right.cookies[COOKIE].value
            stored = [row["digest"] for row in store.db.query("SELECT digest FROM web_sessions")]
            assert stored == [digest_of(token)]  # only its digest is kept
            menu = await (await browser.get(web.url("/"))).text()
            assert "kees" in menu and "Afmelden" in menu

            out = await browser.post(web.url("/afmelden"), headers={"Origin": web.origin}, allow_redirects=False)
            assert out.status == 303 and out.headers["Location"] == "/aanmelden"
        # The old cookie is worth nothing after signing out.
        jar = aiohttp.CookieJar(unsafe=True)
        jar.update_cookies({COOKIE: token})
        async with aiohttp.ClientSession(cookie_jar=jar) as replay:
            assert await _handshake_status(web, replay, "/ws/desk") == 403
        types = [row["type"] for row in store.db.query("SELECT type FROM events WHERE visit_id IS NULL")]
        assert types.count("sign_in") == 1 and types.count("sign_out") == 1


async def test_guessing_passwords_is_braked(store, config, monkeypatch, accounts):
    async with running(store, config, monkeypatch) as web:
        async with aiohttp.ClientSession() as guesser:
            for attempt in range(5):
                assert (await web.sign_in(guesser, "kees", f"gok nummer {attempt}")).status == 403
            braked = await web.sign_in(guesser, "kees")  # even the right password waits now
            assert braked.status == 429 and "Te veel mislukte pogingen" in await braked.text()
        async with await web.signed_in("petra"):  # another colleague is not locked out
            pass


async def test_page_limits_are_a_clear_dutch_page(store, config, monkeypatch, accounts):
    async with running(store, config, monkeypatch, max_sessions=1) as web:
        async with await web.signed_in("kees") as browser:
            web.office.live.add("iemand", "digest", "desk", websocket=_Socket())  # the one place is taken
            full = await browser.get(web.url("/scherm/desk"))
            text = await full.text()
            assert full.status == 503 and "plaatsen" in text and "--max-sessions" in text
            assert await _handshake_status(web, browser, "/ws/desk") == 503
        assert web.started == []


class _Socket:
    async def close(self, **_: object) -> bool:
        return True


async def test_a_database_that_is_away_is_a_dutch_page(store, config, monkeypatch, accounts):
    from balie.errors import BalieError

    async with running(store, config, monkeypatch) as web:
        def away(*args):
            raise BalieError("De database is er niet meer.")

        monkeypatch.setattr(type(store.accounts), "any", away)
        async with aiohttp.ClientSession() as stranger:
            page = await stranger.get(web.url("/aanmelden"))
            assert page.status == 503 and "Database niet bereikbaar" in await page.text()


def test_terminal_sizes_are_clamped():
    from balie.web.limits import Limits

    limits = Limits()
    assert limits.clamp("10000", "3000") == (320, 120)
    assert limits.clamp(-5, "zes") == (20, 24)
    assert limits.clamp(None, None) == (80, 24)
    assert limits.clamp("100", "30") == (100, 30)


def test_host_and_origin_rules():
    from balie.web.addresses import addresses_for, split_host

    local = addresses_for("127.0.0.1", 8000)
    assert local.host_allowed("127.0.0.1:8000") and local.host_allowed("localhost:8000")
    assert local.host_allowed("[::1]:8000")
    assert not local.host_allowed("127.0.0.1:8001") and not local.host_allowed("evil.example:8000")
    assert not local.host_allowed("203.0.113.9:8000")  # not an address of this machine
    assert not local.host_allowed("") and not local.host_allowed("a@127.0.0.1:8000")
    assert local.origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert not local.origin_allowed("http://localhost:8000", "127.0.0.1:8000")  # another origin
    assert not local.origin_allowed("https://127.0.0.1:8000", "127.0.0.1:8000")
    assert not local.origin_allowed("null", "127.0.0.1:8000")
    assert split_host("[::1]", "https") == ("::1", 443)

    proxied = addresses_for("127.0.0.1", 8000, public_url="https://balie.gemeente.nl")
    assert proxied.secure and proxied.host_allowed("balie.gemeente.nl")
    assert proxied.origin_allowed("https://balie.gemeente.nl", "balie.gemeente.nl")
    assert not proxied.origin_allowed("http://balie.gemeente.nl", "balie.gemeente.nl")
    assert not proxied.host_allowed("balie.gemeente.nl.evil.example")
    assert proxied.base_url("balie.gemeente.nl") == "https://balie.gemeente.nl"
    extra = addresses_for("0.0.0.0", 8000, allow_hosts=("balie-pc",))
    assert extra.host_allowed("balie-pc:8000") and not extra.host_allowed("balie-pc:9000")
