"""At the counter: the visit's subject and the kennisbank's text are shown, and
finishing offers that subject first, so the outcome counts for it."""

from __future__ import annotations

import pytest

from balie.app import BalieApp
from balie.core.knowledge import Subject
from balie.core.visits import Outcome, State
from balie.dialogs.finish import FinishDialog
from balie.widgets.subject_suggestions import SubjectSuggestions
from tests.helpers import settle

SIZE = (80, 24)


def counter_app(store, config, clock):
    return BalieApp(
        store=store, config=config, clock=clock, mode="counter", poll=False,
        counter_name="Balie 1", counter_domains=["burgerzaken"],
    )


async def finish_with(store, config, clock, *keys) -> None:
    """Call the visitor to Balie 1, then finish with these keys."""
    app = counter_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)


@pytest.fixture
def subjects(store, config):
    add = store.knowledge.add
    paspoort = add(Subject("Paspoort aanvragen", ("paspoort",), "burgerzaken", "Pasfoto mee; afspraak nodig."),
                   None, "kim")
    rijbewijs = add(Subject("Rijbewijs verlengen", ("rijbewijs",), "burgerzaken", "Keuring bij 75+."), None, "kim")
    store.desk.register(config.domain("burgerzaken"), question="paspoort verlopen", subject_id=paspoort.id)
    return paspoort, rijbewijs


async def test_subject_and_its_text_shown_and_taken_when_finishing(store, config, clock, subjects):
    paspoort, _ = subjects
    app = counter_app(store, config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        detail = str(app.screen.query_one("#counter-detail").render())
        assert "Onderwerp: Paspoort aanvragen" in detail and "Pasfoto mee" in detail
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FinishDialog)
        assert app.screen.query_one(SubjectSuggestions).taken == paspoort  # offered first
        await pilot.press("1", "enter")
        await settle(pilot)
    visit = store.visits.find_ticket("B001")
    assert (visit.state, visit.outcome, visit.topic) == (State.FINISHED, Outcome.HANDLED, "Paspoort aanvragen")
    assert visit.subject_id == paspoort.id
    today = store.today()
    counts = store.knowledge.counts(today, today)[paspoort.id]
    assert (counts.visits, counts.handled) == (1, 1)


async def test_finishing_with_another_subject_found_by_typing(store, config, clock, subjects):
    _, rijbewijs = subjects
    # Typed words offer subjects but take none; ↓ and a digit take one.
    await finish_with(store, config, clock, "a", "2", *"rijbewys", "down", "1", "enter")
    visit = store.visits.find_ticket("B001")
    assert (visit.outcome, visit.topic, visit.subject_id) == (Outcome.REFERRED, "Rijbewijs verlengen", rijbewijs.id)
    event = store.visits.events(visit.id)[-1]
    assert event["type"] == "finish" and event["data"]["subject_id"] == rijbewijs.id


async def test_own_words_leave_the_subject_as_it_was(store, config, clock, subjects):
    paspoort, _ = subjects
    await finish_with(store, config, clock, "a", "3", *"vraag over de leges", "enter")
    visit = store.visits.find_ticket("B001")
    assert (visit.outcome, visit.topic, visit.subject_id) == (Outcome.CALLBACK, "vraag over de leges", paspoort.id)
