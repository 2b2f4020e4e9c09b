"""Signing in and out: a Dutch form, a slow password check, a braked retry."""

from __future__ import annotations

import logging
import math

from aiohttp import web

from balie.core.accounts import MAX_PASSWORD, account_name, check_password
from balie.errors import BalieError
from balie.web.context import served
from balie.web.guard import client
from balie.web.limits import SIGNED_OUT_CLOSE
from balie.web.pages import page
from balie.web.sessions import SESSION_MS, Attempts, clear_cookie, new_token, set_cookie

log = logging.getLogger("balie.web")
MAX_NAME_FIELD = 100


def _see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location, "Cache-Control": "no-store"})


async def _form(request: web.Request, status: int = 200, **context) -> web.Response:
    office = served(request)
    context.setdefault("name", "")
    context.setdefault("error", None)
    no_accounts = not await office.run(office.store.accounts.any)
    return page("signin.html", status=status, no_accounts=no_accounts, **context)


async def sign_in_page(request: web.Request) -> web.StreamResponse:
    if request.query:
        return await _form(request, 400, error="Deze pagina heeft geen instellingen.")
    if await served(request).signed_in(request):
        return _see_other("/")
    return await _form(request)


async def sign_in(request: web.Request) -> web.StreamResponse:
    office = served(request)
    form = await request.post()
    typed = str(form.get("naam", ""))[:MAX_NAME_FIELD]
    password = str(form.get("wachtwoord", ""))[: MAX_PASSWORD + 1]
    keys = Attempts.keys(typed, client(request))
    wait = office.attempts.wait_seconds(keys)
    if wait > 0:
        minutes = max(1, math.ceil(wait / 60))
        log.warning("aanmelden geremd voor %r van %s", typed, client(request))
        return await _form(
            request, 429, name=typed,
            error=f"Te veel mislukte pogingen. Probeer het over {minutes} "
            f"{'minuut' if minutes == 1 else 'minuten'} opnieuw.",
        )
    try:
        name = account_name(typed)
    except BalieError:
        name = None
    found = await office.run(office.store.accounts.for_sign_in, name) if name else None
    async with office.sign_ins:
        right = await office.run(check_password, password, found[1] if found else None)
    if not right or found is None:
        office.attempts.failed(keys)
        log.warning("aanmelden mislukt voor %r van %s", typed, client(request))
        return await _form(request, 403, name=typed, error="Naam of wachtwoord klopt niet.")
    office.attempts.succeeded(keys)
    account = found[0]
    earlier = await office.signed_in(request)
    if earlier is not None:  # a new sign-in replaces the browser's old session
        await office.run(office.store.accounts.end_session, earlier.digest)
    token, digest = new_token()
    await office.run(office.store.accounts.start_session, account, digest, SESSION_MS, client(request))
    log.info("aangemeld: %s van %s", account.name, client(request))
    response = _see_other("/")
    set_cookie(response, token, office.addresses)
    return response


async def sign_out(request: web.Request) -> web.StreamResponse:
    office = served(request)
    session = await office.signed_in(request)
    if session is not None:
        await office.run(office.store.accounts.end_session, session.digest)
        mine = [live for live in office.live if live.digest == session.digest]
        await office.live.close(mine, SIGNED_OUT_CLOSE, "Afgemeld.")
        log.info("afgemeld: %s", session.account.name)
    response = _see_other("/aanmelden")
    clear_cookie(response, office.addresses)
    return response
