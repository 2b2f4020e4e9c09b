"""The curator's screen, driven by keys: search as the desk would, add, edit, retire; snapshots."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from balie.clock import parse_local
from balie.core.knowledge import Subject
from balie.demo import load_starter_set
from balie.dialogs.subject_edit import SubjectDialog
from tests.helpers import SIZE_IDS, SIZES, make_app, pressing, settle


def names(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


async def test_search_add_edit_and_retire_by_keys(store, config, clock):
    store.knowledge.add(Subject("Paspoort aanvragen", ("paspoort",), "burgerzaken", "Pasfoto mee"), None, "kim")
    store.knowledge.add(Subject("Kapvergunning", ("boom kappen",), "vergunningen"), None, "kim")
    app = make_app(store, config, clock, mode="kennis")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert names(app) == ["Kapvergunning", "Paspoort aanvragen"]
        await pilot.press("slash", *"mijn pasport is verloopen")
        await settle(pilot)
        assert names(app) == ["Paspoort aanvragen"]
        await pilot.press("enter", "e")  # to the list, then edit the subject found
        await settle(pilot)
        assert isinstance(app.screen, SubjectDialog)
        name = app.screen.query_one("#name", Input)
        name.value = ""
        await pilot.press(*"Reisdocument aanvragen", "ctrl+s")
        await settle(pilot)
        assert [s.name for s in store.knowledge.all()] == ["Kapvergunning", "Reisdocument aanvragen"]
        await pilot.press("escape")  # the whole list again
        await settle(pilot)
        await pilot.press("n", *"Afvalpas", "enter", *"kliko; grofvuil", "enter", "tab", *"Afvalpas bij de balie")
        await pilot.press("ctrl+s")
        await settle(pilot)
        added = [s for s in store.knowledge.all() if s.name == "Afvalpas"][0]
        assert added.words == ("kliko", "grofvuil") and added.answer == "Afvalpas bij de balie"
        assert names(app)[0] == "Afvalpas"
        await pilot.press("x")  # retire the chosen one: gone from the list, kept in the store
        await settle(pilot)
        assert store.knowledge.get(added.id).retired and "Afvalpas" not in names(app)
        await pilot.press("v")
        await settle(pilot)
        assert "Afvalpas (vervallen)" in names(app)


async def test_a_wrong_card_says_why_and_saves_nothing(store, config, clock):
    app = make_app(store, config, clock, mode="kennis")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", "ctrl+s")  # no name
        await settle(pilot)
        assert isinstance(app.screen, SubjectDialog)
        assert "naam" in str(app.screen.query_one("#error").render())
        await pilot.press("escape")
        await settle(pilot)
        assert store.knowledge.count() == 0


def _starter(store, config):
    load_starter_set(store, config, parse_local("2026-11-20T07:00"))


# The list, a search and the subject's card, at 80x24 and 120x40 (issue 15).
SNAPSHOT_KEYS = {"list": [], "search": ["slash", list("ik ben mijn id kwijt")], "subject_card": ["e"]}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("shown", SNAPSHOT_KEYS)
def test_kennis_snapshot(snap_compare, store, config, clock, shown, size):
    _starter(store, config)
    app = make_app(store, config, clock, mode="kennis")
    assert snap_compare(app, terminal_size=size, run_before=pressing(*SNAPSHOT_KEYS[shown]))


def test_columns_fit_the_width_and_only_grow():
    """No sideways scroll: the columns fit the room, and a wider table shows more, never less."""
    from balie.screens.kennis import PADDING, column_widths

    shown = [column_widths(room) for room in range(48, 200)]
    for room, widths in zip(range(48, 200), shown):
        assert sum(width + PADDING for width in widths.values()) <= room
    for narrower, wider in zip(shown, shown[1:]):
        assert set(narrower) <= set(wider)
        assert all(wider[key] >= width for key, width in narrower.items())
    assert "words" in column_widths(78) and "words" not in column_widths(55)


async def test_typed_text_is_shown_as_text_never_markup(store, config, clock):
    store.knowledge.add(Subject("[red]Rood[/red] onderwerp", ("[b]vet[/b]",), None, "[link=x]klik[/link]"), None, "kim")
    app = make_app(store, config, clock, mode="kennis")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert names(app) == ["[red]Rood[/red] onderwerp"]
        assert "[link=x]klik[/link]" in str(app.screen.query_one("#kennis-detail").render())
