"""The waiting board at a small terminal and at TV size, fixed clock and data."""

from __future__ import annotations

from tests.helpers import make_app, office_morning


async def _settle(pilot) -> None:
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _board(store, config, clock):
    office_morning(store, config, clock)
    start = clock.now()
    clock.set(start.subtract(minutes=6))
    store.queue.call_next("Balie 2", ["burgerzaken"])
    clock.advance(minutes=2)
    store.queue.call_next("Balie 4", ["vergunningen"])
    clock.advance(minutes=3)
    store.queue.call_next("Balie 1", ["burgerzaken"])
    clock.set(start)
    store.queue.call_next("Balie 3", ["sociaal", "burgerzaken"])
    return make_app(store, config, clock, mode="board")


def test_board_80x24(snap_compare, store, config, clock):
    assert snap_compare(_board(store, config, clock), terminal_size=(80, 24), run_before=_settle)


def test_board_120x40(snap_compare, store, config, clock):
    assert snap_compare(_board(store, config, clock), terminal_size=(120, 40), run_before=_settle)


def test_board_160x45(snap_compare, store, config, clock):
    assert snap_compare(_board(store, config, clock), terminal_size=(160, 45), run_before=_settle)
