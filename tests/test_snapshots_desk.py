"""What the host sees, with a fixed clock and fixed data."""

from __future__ import annotations

import pytest

from tests.helpers import make_app, office_morning, settle

SIZE = (110, 32)




@pytest.fixture
def desk_app(store, config, clock):
    office_morning(store, config, clock)
    return make_app(store, config, clock)


def test_desk(snap_compare, desk_app):
    assert snap_compare(desk_app, terminal_size=SIZE, run_before=settle)


def test_desk_after_registration(snap_compare, desk_app):
    async def register(pilot) -> None:
        await settle(pilot)
        await pilot.press("v", *"terras", "tab", *"Kees", "enter")
        await settle(pilot)

    assert snap_compare(desk_app, terminal_size=SIZE, run_before=register)


def test_register_dialog(snap_compare, desk_app):
    async def open_dialog(pilot) -> None:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(desk_app, terminal_size=SIZE, run_before=open_dialog)


def test_start_screen(snap_compare, config, clock, tmp_path, monkeypatch):
    from balie.store import Store

    monkeypatch.chdir(tmp_path)  # the screen names the database file: keep it fixed
    app = make_app(Store("balie.sqlite", clock), config, clock, mode="start")
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
