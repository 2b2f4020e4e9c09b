"""What the host sees, and the start screen, at 80x24 and 120x40: fixed clock and data.

One snapshot per test; each dialog pictured over the screen it opens on.
"""

from __future__ import annotations

import pytest

from balie.demo import load_starter_set
from balie.store import Store
from tests.helpers import SIZE_IDS, SIZES, make_app, office_morning, pressing, settle

sizes = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


@pytest.fixture
def desk_app(store, config, clock):
    office_morning(store, config, clock)
    load_starter_set(store, config, clock.now())
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


# Each dialog of the desk (and F1 help, the palette), by the keys that open it.
DIALOGS = {
    "register": ["s", list("schuldhulp")],
    "appointment_with_a_wrong_time": ["a", [*"25:00", "enter"]],
    "wegwijzer": ["w", list("mijn pasport is verlopen")],
    "wegwijzer_subject_taken": ["w", list("mijn pasport is verlopen"), "down"],
    "wegwijzer_desk_subject": ["w", list("hoe laat zijn jullie open"), "down", "2", "1"],
    "register_with_subject": ["w", list("boom kappen"), "down", "ctrl+t"],
    "choose_domain": ["down", "d", "v"],
    "sure": ["x"],
    "help": ["f1"],
    "command_palette": ["ctrl+p", list("sch")],
}


@sizes
@pytest.mark.parametrize("dialog", DIALOGS)
def test_dialog(snap_compare, desk_app, dialog, size):
    assert snap_compare(desk_app, terminal_size=size, run_before=pressing(*DIALOGS[dialog]))


@sizes
def test_served_desk_help_names_no_key_the_kiosk_refuses(snap_compare, store, config, clock, size):
    """A served screen is a kiosk (issue 13): no palette, no other screens; its F1
    help lists only what works there."""
    from balie.app import BalieApp

    office_morning(store, config, clock)
    app = BalieApp(store=store, config=config, clock=clock, mode="desk", poll=False, kiosk=True)
    assert snap_compare(app, terminal_size=size, run_before=pressing("f1"))

