"""The waiting board: the newest call large, earlier calls, waits; never a name."""

from __future__ import annotations

from balie.messages import DataChanged
from balie.store import Store
from balie.widgets.big_text import BigText
from tests.helpers import make_app, office_morning

SIZE = (100, 30)


async def _settle(pilot) -> None:
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _screen_text(app) -> str:
    """Everything on screen, as a person would read it (SVG text, spaces normalised)."""
    import html
    import re

    svg = app.export_screenshot()
    text = " ".join(html.unescape(part) for part in re.findall(r">([^<>]*)</text>", svg))
    return text.replace("\xa0", " ")


async def test_board_shows_newest_call_previous_calls_and_waits(store, config, clock):
    office_morning(store, config, clock)
    first = store.queue.call_next("Balie 2", ["burgerzaken"])
    clock.advance(minutes=1)
    store.queue.call_next("Balie 5", ["sociaal"])
    app = make_app(store, config, clock, mode="board")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        screen = app.screen
        big = screen.query_one("#now-call", BigText)
        assert big.text == "S001\nBalie 5"
        assert "S001 → Balie 5" in str(screen.query_one("#now-caption").render())
        previous = str(screen.query_one("#previous-calls").render())
        assert first.ticket in previous and "Balie 2" in previous
        assert "S001" not in previous
        waits = str(screen.query_one("#domain-waits").render())
        assert "Burgerzaken" in waits and "Sociaal" in waits and "Vergunningen" in waits
        for load in store.board.loads(config):
            assert f"{config.label(load.domain):<14}{load.waiting:>3} wachtend" in waits  # as waiting_count
        # Drawn large: the big glyphs are on screen, not just the caption.
        assert "█" in _screen_text(app)


async def test_call_from_another_store_updates_board_and_flashes(store, config, clock, db_path):
    office_morning(store, config, clock)
    first = store.queue.call_next("Balie 1", ["burgerzaken"])
    app = make_app(store, config, clock, mode="board")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        now = app.screen.query_one("#board-now")
        assert not now.has_class("-new")  # what was there at start is not news
        other = Store(db_path, clock)  # another connection, as another process would have
        try:
            called = other.queue.call_next("Balie 7", ["vergunningen"])
        finally:
            other.close()
        app.screen.post_message(DataChanged())
        await _settle(pilot)
        assert app.screen.query_one("#now-call", BigText).text == f"{called.ticket}\nBalie 7"
        assert now.has_class("-new")
        assert first.ticket in str(app.screen.query_one("#previous-calls").render())


async def test_board_never_shows_names_or_questions(store, config, clock):
    secrets = {
        "Zwaantje Quackenbosch": "bijstand aanvragen wegens schulden",
        "Hieronymus Pfefferkorn": "melding huiselijk geweld",
        "Ximena Oldenbarnevelt": "paspoort kwijt in Zweden",
    }
    for (name, question), domain in zip(secrets.items(), ("sociaal", "sociaal", "burgerzaken")):
        store.desk.register(config.domain(domain), name=name, question=question)
    store.queue.call_next("Balie 3", ["sociaal"])
    store.queue.call_next("Balie 4", ["burgerzaken"])
    store.queue.call_next("Balie 5", ["sociaal"])
    app = make_app(store, config, clock, mode="board")
    for size in ((80, 24), (160, 45)):
        async with app.run_test(size=size) as pilot:
            await _settle(pilot)
            shown = _screen_text(app)
            assert "Balie 5" in shown  # the screen text was read at all
            widget_text = " ".join(
                str(getattr(widget, "renderable", "") or widget.render()) for widget in app.screen.walk_children()
            )
            for name, question in secrets.items():
                for secret in (name, question, *name.split(), *question.split()[:1]):
                    assert secret not in shown
                    assert secret not in widget_text
        app = make_app(store, config, clock, mode="board")


async def test_kiosk_board_stays_the_board(store, config, clock):
    """A served board is in the hall: no way from it to the desk's names or to day end."""
    from balie.app import BalieApp
    from balie.screens.board import BoardScreen

    office_morning(store, config, clock)
    app = BalieApp(store=store, config=config, clock=clock, mode="board", poll=False, kiosk=True)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("f2")
        await pilot.press("ctrl+p")
        await _settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert app.current_mode == "board"
        assert "Dag afsluiten" not in _screen_text(app)
