"""What the host sees, and the start screen, at 80x24 and 120x40: fixed clock and data.

One snapshot per test; each dialog pictured over the screen it opens on.
"""

from __future__ import annotations

import pytest

from balie.store import Store
from tests.helpers import SIZE_IDS, SIZES, make_app, office_morning, pressing, settle

sizes = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


@pytest.fixture
def desk_app(store, config, clock):
    office_morning(store, config, clock)
    return make_app(store, config, clock)


@sizes
def test_start_screen(snap_compare, config, clock, tmp_path, monkeypatch, size):
    monkeypatch.chdir(tmp_path)  # the screen names the database file: keep it fixed
    app = make_app(Store("balie.sqlite", clock), config, clock, mode="start")
    assert snap_compare(app, terminal_size=size, run_before=settle)


@sizes
def test_desk(snap_compare, desk_app, size):
    assert snap_compare(desk_app, terminal_size=size, run_before=settle)


@sizes
def test_desk_after_registration(snap_compare, desk_app, size):
    keys = ["v", *"terras", "tab", *"Wilhelmina van Oldenbarnevelt-Smit", "enter"]
    assert snap_compare(desk_app, terminal_size=size, run_before=pressing(keys))


@sizes
def test_register_dialog(snap_compare, desk_app, size):
    assert snap_compare(desk_app, terminal_size=size, run_before=pressing("s", list("schuldhulp")))


@sizes
def test_appointment_dialog_says_a_wrong_time(snap_compare, desk_app, size):
    keys = ["a", *"25:00", "enter"]
    assert snap_compare(desk_app, terminal_size=size, run_before=pressing(keys))


@sizes
def test_quick_answer_dialog(snap_compare, desk_app, size):
    assert snap_compare(desk_app, terminal_size=size, run_before=pressing("w", list("parkeren")))


@sizes
def test_choose_domain_dialog(snap_compare, desk_app, size):
    assert snap_compare(desk_app, terminal_size=size, run_before=pressing("down", "d", "v"))


@sizes
def test_sure_dialog(snap_compare, desk_app, size):
    assert snap_compare(desk_app, terminal_size=size, run_before=pressing("x"))


@sizes
def test_help_dialog(snap_compare, desk_app, size):
    assert snap_compare(desk_app, terminal_size=size, run_before=pressing("f1"))


@sizes
def test_command_palette(snap_compare, desk_app, size):
    assert snap_compare(desk_app, terminal_size=size, run_before=pressing("ctrl+p", list("sch")))
