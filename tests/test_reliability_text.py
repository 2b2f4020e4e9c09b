"""Hostile text, typed by a host or sent by a script: stored as typed, shown as text.

"As typed" (see ``clean_text``): every printable character is kept exactly,
markup brackets, emoji and right-to-left letters included, up to the field's
limit. Terminal escape sequences are dropped whole; other control characters,
tabs and line breaks become one space; invisible format characters (bidi
overrides, zero-width joiners), lone surrogates and unassigned code points
are dropped; surrounding space is trimmed.
"""

from __future__ import annotations

import asyncio
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.widgets import Input, Static

from balie.clock import FixedClock, parse_local
from balie.config import default_config
from balie.core.visits import MAX_NAME, MAX_QUESTION, clean_text
from balie.core.wording import cut
from balie.store import Store
from balie.widgets.visit_table import VisitTable
from tests.helpers import make_app, settle

HOSTILE = [
    "\x1b[31m", "\x1b[2J", "\x1b]0;titel\x07", "\x1b]8;;https://x.example\x1b\\", "\x9b1m", "\x1bc",
    "[bold red]", "[/]", "[@click=app.quit]klik[/]", "[link=https://x]", "\\[", "[", "]",
    "👨‍👩‍👧", "🇳🇱", "🙂", "مرحبا", "שלום", "\u202e", "\u200f", "\u200d",
    "\x00", "\r\n", "\t", "\x7f", "\u2028", "\ud800", "Ω", "e\u0301", "ｗｉｄｅ",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20)), max_size=40
).map("".join) | st.text(min_size=400, max_size=700)

PRINTABLE = st.characters(categories=("L", "M", "N", "P", "S"))


@given(hostile_text, st.sampled_from([MAX_NAME, MAX_QUESTION, 3]))
def test_clean_text_leaves_only_safe_text_within_the_limit(typed, limit):
    cleaned = clean_text(typed, limit)
    if cleaned is None:
        return
    assert 0 < len(cleaned) <= limit
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert all(ch == " " or ch.isprintable() for ch in cleaned)
    assert "\x1b" not in cleaned and "\x9b" not in cleaned
    assert clean_text(cleaned, limit) == cleaned  # cleaning twice changes nothing
    cleaned.encode("utf-8")  # storable: no lone surrogates


@given(st.lists(st.text(PRINTABLE, min_size=1, max_size=12), min_size=1, max_size=60))
def test_printable_text_is_stored_exactly_as_typed_up_to_the_limit(words):
    typed = " ".join(words)
    assert clean_text(typed, MAX_QUESTION) == typed[:MAX_QUESTION].rstrip()


def _store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("text")
    return Store(folder / "balie.sqlite", FixedClock(parse_local("2026-11-20T10:00")))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=hostile_text, question=hostile_text)
def test_registration_stores_what_clean_text_keeps(tmp_path_factory, name, question):
    store = _store(tmp_path_factory)
    visit = store.desk.register(default_config().domain("b"), name=name, question=question)
    again = store.visits.get(visit.id)
    assert again.name == clean_text(name, MAX_NAME)
    assert again.question == clean_text(question, MAX_QUESTION)
    store.close()


def _plain(static: Static) -> str:
    content = static.content
    return content.plain if isinstance(content, Text) else str(content)


async def _render_desk_and_counter(store, name, question):
    config = default_config()
    clock = store.clock
    visit = store.desk.register(config.domain("b"), name=name, question=question)
    desk = make_app(store, config, clock, mode="desk")
    async with desk.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        table = desk.screen.query_one(VisitTable)
        cells = [table.get_cell(str(visit.id), key) for key in ("name", "question")]
        widths = [table.widths[key] for key in ("name", "question")]
        # As text, cut to the column with a mark where it is longer (wording.cut).
        assert [c.plain for c in cells] == [
            cut(visit.name or "", widths[0]), cut(visit.question or "", widths[1])
        ]
        assert all(isinstance(c, Text) and not c.spans for c in cells)
    store.queue.call_visit(visit.id, "Balie 1")
    counter = make_app(store, config, clock, mode="counter")
    counter.counter_name, counter.counter_domains = "Balie 1", ["burgerzaken"]
    async with counter.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        shown = _plain(counter.screen.query_one("#counter-detail", Static))
        for text in (visit.name, visit.question):
            if text:
                assert text in shown


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=hostile_text, question=hostile_text)
def test_hostile_text_is_shown_as_text_on_desk_and_counter(tmp_path_factory, name, question):
    store = _store(tmp_path_factory)
    asyncio.run(_render_desk_and_counter(store, name, question))
    store.close()


async def test_hostile_text_typed_in_the_desk_dialog(store, config, clock):
    typed_question = "[bold]help[/] \x1b[31mrood\x1b[0m שלום 🙂"
    typed_name = "[@click=app.quit]X[/] e\u0301"
    app = make_app(store, config, clock)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        app.screen.query_one("#question", Input).value = typed_question
        app.screen.query_one("#name", Input).value = typed_name
        await pilot.press("enter")
        await settle(pilot)
        [visit] = store.queue.waiting()
        assert visit.question == "[bold]help[/] rood שלום 🙂"
        assert visit.name == unicodedata.normalize("NFC", typed_name) or visit.name == typed_name
        assert app.is_running  # the [@click] was text, not an action
        table = app.screen.query_one(VisitTable)
        for key, text in (("question", visit.question), ("name", visit.name)):
            assert table.get_cell(str(visit.id), key).plain == cut(text, table.widths[key])
