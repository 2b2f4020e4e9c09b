"""The hall display's stream: the board's content only, pushed to every page by one watcher."""

from __future__ import annotations

import asyncio
import json

import aiohttp

from balie.core.wording import wait_phrase
from balie.web.hall import hall_state
from tests.web_server import running

TIMEOUT = 20


async def _next_event(response: aiohttp.ClientResponse) -> dict:
    """The next `data:` event of a server-sent event stream."""
    while True:
        line = await asyncio.wait_for(response.content.readline(), TIMEOUT)
        assert line, "the stream ended"
        if line.startswith(b"data: ") and len(line) > 8:
            return json.loads(line[6:])


def test_only_whitelisted_non_personal_fields_leave_the_server(store, config):
    store.desk.register(config.domain("burgerzaken"), name="Jansen-Geheim", question="schuldhulp Zwijgzaam")
    store.desk.register(config.domain("sociaal"), name="Pietersen", question="WMO Vertrouwelijk")
    store.queue.call_next("Balie 3", ["burgerzaken"])
    state = hall_state(store, config)
    assert set(state) == {"tijd", "dag", "oproepen", "wachten"}
    assert [set(call) for call in state["oproepen"]] == [{"id", "ticket", "balie", "domein", "zeg"}]
    assert [set(load) for load in state["wachten"]] == [{"domein", "wachtend", "wacht"}] * 3
    text = json.dumps(state, ensure_ascii=False)
    for secret in ("Jansen", "Zwijgzaam", "Pietersen", "Vertrouwelijk", "schuldhulp", "WMO"):
        assert secret not in text
    assert state["oproepen"][0] | {"id": 0} == {
        "id": 0, "ticket": "B001", "balie": "Balie 3", "domein": "Burgerzaken", "zeg": "B één, balie drie",
    }
    told = wait_phrase(store.board.loads(config)[2].wait)  # as the terminal board says it
    assert told.startswith("ongeveer ")
    assert state["wachten"][2] == {"domein": "Sociaal", "wachtend": 1, "wacht": told}
    assert state["tijd"] == "10:00" and state["dag"] == "vrijdag 20 november"


async def test_a_call_reaches_every_open_page(store, config, monkeypatch):
    store.desk.register(config.domain("vergunningen"))
    async with running(store, config, monkeypatch) as web:
        async with aiohttp.ClientSession() as tv_one, aiohttp.ClientSession() as tv_two:
            streams = [await tv.get(web.url("/bord/stroom")) for tv in (tv_one, tv_two)]
            for stream in streams:
                assert stream.headers["Content-Type"].startswith("text/event-stream")
                assert (await _next_event(stream))["oproepen"] == []
            await asyncio.to_thread(store.queue.call_next, "Balie 2", ["vergunningen"])  # another connection
            for stream in streams:
                newest = (await _next_event(stream))["oproepen"][0]
                assert (newest["ticket"], newest["balie"]) == ("V001", "Balie 2")
            assert web.server.feed.pages == 2
            page = await (await tv_one.get(web.url("/bord?geluid=uit&spraak=aan"))).text()
            assert 'data-geluid="uit"' in page and 'data-spraak="aan"' in page
            assert "/assets/hall.js" in page and "googleapis" not in page
    assert web.started == []  # any number of TVs, not one process


def test_calls_are_spoken_as_people_say_them():
    from balie.core.spoken import number_words, spoken_call, spoken_ticket

    assert spoken_call("B007", "Balie 3") == "B zeven, balie drie"
    assert spoken_call("V-122", "Balie 12") == "V honderdtweeëntwintig, balie twaalf"
    assert spoken_ticket("S001") == "S één"
    assert [number_words(n) for n in (0, 1, 14, 20, 21, 38, 100, 101, 999)] == [
        "nul", "één", "veertien", "twintig", "eenentwintig", "achtendertig", "honderd",
        "honderdeen", "negenhonderdnegenennegentig",
    ]
    assert spoken_call("B010", "Spreekkamer") == "B tien, spreekkamer"


async def test_a_restored_backup_reaches_the_pages_and_the_watcher_ends_with_the_server(
    store, config, monkeypatch, db_path, tmp_path,
):
    import os
    import threading

    store.desk.register(config.domain("vergunningen"))
    backup = tmp_path / "backup.sqlite"
    store.backup.copy_to(backup)
    async with running(store, config, monkeypatch) as web:
        async with aiohttp.ClientSession() as tv:
            stream = await tv.get(web.url("/bord/stroom"))
            assert (await _next_event(stream))["oproepen"] == []
            await asyncio.to_thread(store.queue.call_next, "Balie 2", ["vergunningen"])
            assert (await _next_event(stream))["oproepen"][0]["ticket"] == "V001"
            # The backup from before the call is put in the database's place, as a restore does.
            for side in ("-wal", "-shm"):
                (db_path.parent / f"{db_path.name}{side}").unlink(missing_ok=True)
            os.replace(backup, db_path)
            assert (await _next_event(stream))["oproepen"] == []  # the restored file, without the call
        assert any(t.name == "balie-change-watch" for t in threading.enumerate())
    assert not any(t.name == "balie-change-watch" for t in threading.enumerate())
