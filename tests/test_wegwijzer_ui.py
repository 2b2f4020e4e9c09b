"""The wegwijzer at the desk, driven with the keys a host presses: the question in
the visitor's words, the subjects that fit it, answered at the desk or a ticket."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from balie.core.knowledge import Subject
from balie.dialogs.register import RegisterDialog
from balie.dialogs.wegwijzer import WegwijzerDialog
from balie.widgets.subject_suggestions import SubjectSuggestions
from tests.helpers import make_app, settle

SIZE = (80, 24)


@pytest.fixture
def subjects(store):
    add = store.knowledge.add
    return {
        "paspoort": add(Subject("Paspoort aanvragen", ("paspoort", "reisdocument"), "burgerzaken",
                                "Pasfoto mee; afspraak nodig."), None, "kim"),
        "kap": add(Subject("Kapvergunning", ("boom kappen",), "vergunningen", "Online aanvragen."), None, "kim"),
        "open": add(Subject("Openingstijden", ("open", "dicht", "hoe laat"), None,
                            "Ma-vr 9-17 uur, do tot 20 uur.", desk=True), None, "kim"),
    }


def quick_answers(store) -> list[tuple]:
    return store.conn.execute(
        "SELECT subject_id, topic, question FROM quick_answers ORDER BY id"
    ).fetchall()


def suggested(app) -> list[str]:
    return [s.name for s in app.screen.query_one(SubjectSuggestions).subjects]


def card(app) -> str:
    return str(app.screen.query_one("#subject-card", Static).render())


async def test_typing_shows_subjects_and_a_digit_takes_one_answered_at_the_desk(store, config, clock, subjects):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w", *"mijn pasport is verloopen")
        await settle(pilot)
        assert isinstance(app.screen, WegwijzerDialog)
        assert suggested(app)[0] == "Paspoort aanvragen"
        assert "Pasfoto" not in card(app)  # shown, not taken
        await pilot.press("down", "1")
        await settle(pilot)
        assert "Pasfoto mee; afspraak nodig." in card(app) and "Burgerzaken" in card(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert quick_answers(store) == [(subjects["paspoort"].id, "Paspoort aanvragen", "mijn pasport is verloopen")]
        assert store.queue.waiting() == []


async def test_a_subject_taken_gives_a_ticket_that_carries_it(store, config, clock, subjects):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w", *"boom in de tuin kappen")
        await settle(pilot)
        await pilot.press("down", "ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, RegisterDialog)  # the name and spoed may follow
        await pilot.press(*"K. Bos", "enter")
        await settle(pilot)
        [visit] = store.queue.waiting()
        assert visit.domain == "vergunningen" and visit.ticket == "V001"
        assert visit.subject_id == subjects["kap"].id
        assert visit.question == "boom in de tuin kappen" and visit.name == "K. Bos"
        assert quick_answers(store) == []


async def test_a_subject_without_domain_invites_the_answer_and_a_ticket_asks_the_domain(
    store, config, clock, subjects
):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w", *"hoe laat zijn jullie open", "down")
        await settle(pilot)
        assert "gastvrouw" in card(app) and "Meestal direct te beantwoorden" in card(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("ctrl+s")  # no domain chosen yet: refused, said
        await settle(pilot)
        assert store.queue.waiting() == []
        assert "Kies eerst het domein" in str(app.screen.query_one("#error", Static).render())
        await pilot.press("right", "space", "ctrl+s")  # the second domain
        await settle(pilot)
        [visit] = store.queue.waiting()
        assert visit.domain == "vergunningen" and visit.subject_id == subjects["open"].id


async def test_own_words_without_a_subject_are_kept_as_such(store, config, clock, subjects):
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w", *"waar is de wc", "ctrl+s")
        await settle(pilot)
        assert quick_answers(store) == [(None, None, "waar is de wc")]
        assert store.knowledge.unmatched(store.today(), store.today()) == [("waar is de wc", 1)]


async def test_a_typed_sentence_takes_no_subject_and_registers_nobody(store, config, clock, subjects):
    """Stray typing: 'w' opens the wegwijzer, the rest (digits, Enter too) is only typed."""
    app = make_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"wat kost een paspoort 1 2", "enter", *"ok 1", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WegwijzerDialog)
        assert suggested(app)[0] == "Paspoort aanvragen"
        assert app.screen.subject is None
        assert store.queue.waiting() == [] and quick_answers(store) == []
        # Letters pressed in the suggestions go back to the question.
        await pilot.press("down", *"x")
        await settle(pilot)
        assert app.screen.query_one("#question").value.endswith("ok 1x")
        assert store.queue.waiting() == [] and quick_answers(store) == []

