"""The report's panel "Wat we nog niet zelf beantwoorden": the kennisbank's figures
of the period shown, readable at 80 columns without a sideways scroll."""

from __future__ import annotations

import pytest

from balie.core.knowledge import Subject
from balie.core.visits import Outcome
from balie.widgets.knowledge_panel import KnowledgePanel
from tests.helpers import SIZE_IDS, SIZES, make_app, settle


@pytest.fixture
def asked_today(store, config, clock):
    """Today: a passport question answered at the desk, a tree referred, one own question."""
    add = store.knowledge.add
    paspoort = add(Subject("Paspoort aanvragen", ("paspoort",), "burgerzaken"), None, "kim")
    kap = add(Subject("Kapvergunning met een heel lange naam die niet past", ("boom",), "vergunningen"), None, "kim")
    store.knowledge.quick_answer(paspoort.id, question="pas verlopen")
    store.knowledge.quick_answer(None, question="waar is het [b]toilet[/b]")
    visit = store.desk.register(config.domain("vergunningen"), subject_id=kap.id)
    clock.advance(minutes=5)
    store.queue.call_next("Balie 1", ["vergunningen"])
    clock.advance(minutes=5)
    store.counter.finish(visit.id, Outcome.REFERRED, "Balie 1")
    return paspoort, kap


def panel_lines(app) -> list[str]:
    return str(app.screen.query_one("#knowledge-figures").render()).splitlines()


async def test_panel_shows_the_periods_subjects_share_and_own_words(store, config, clock, asked_today):
    app = make_app(store, config, clock, mode="report")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")  # today
        await settle(pilot)
        panel = app.screen.query_one(KnowledgePanel)
        lines = panel_lines(app)
        text = "\n".join(lines)
        assert "50 % · doel 80 % ⚠ onder het doel" in text  # 1 at the desk, 1 referred
        [pas] = [line for line in lines if line.startswith("Paspoort aanvragen")]
        assert pas.split()[2:] == ["1", "1", "0", "0", "0", "100", "+1"]
        assert any(line.startswith("Kapvergunning met een heel…") for line in lines)  # cut, and says so
        assert "Meest doorverwezen" in text and "waar is het [b]toilet[/b]" in text
        assert "Zonder onderwerp: 1 (vorige periode 0)" in text
        width = panel.query_one("#knowledge-figures").size.width
        assert all(len(line) <= width for line in lines), "a line wider than the panel"
        await pilot.press("v")  # the day before: nothing asked
        await settle(pilot)
        assert "Geen onderwerpen gevraagd in deze periode." in "\n".join(panel_lines(app))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_panel_snapshot(snap_compare, store, config, clock, asked_today, size):
    app = make_app(store, config, clock, mode="report")

    async def to_the_panel(pilot) -> None:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        app.screen.query_one("#report-body").scroll_end(animate=False)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=to_the_panel)
