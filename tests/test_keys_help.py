"""Every key discoverable at 80x24: footers never cut, F1 everywhere, a Dutch palette."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from balie.app import BalieApp
from balie.dialogs.help import TEXTUAL_ACTIONS, HelpDialog, key_name
from balie.widgets.footer import BalieFooter
from tests.helpers import office_morning, settle

SMALL = (80, 24)


def app_for(store, config, clock, mode: str) -> BalieApp:
    return BalieApp(
        store=store, config=config, clock=clock, mode=mode, poll=False,
        counter_name="Balie 1", counter_domains=["burgerzaken", "sociaal"], standup_actor="Kees",
    )


def footer_fits(screen) -> list[str]:
    """The footer's keys, asserting none is cut off at the right."""
    footer = screen.query_one(Footer)
    keys = list(footer.query("FooterKey"))
    assert keys, "a footer without keys"
    assert max(key.region.right for key in keys) <= footer.region.right
    assert footer.virtual_size.width <= footer.size.width, "footer cut off"
    return [key.key for key in keys]


@pytest.mark.parametrize("mode", ["start", "desk", "counter", "dagstart", "report"])
async def test_footer_fits_80_columns_and_starts_with_f1(store, config, clock, mode):
    office_morning(store, config, clock)
    app = app_for(store, config, clock, mode)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert footer_fits(app.screen)[0] == "f1"
        if mode == "counter":  # with a visitor at the counter: the most keys
            await pilot.press("n")
            await settle(pilot)
            assert "a" in footer_fits(app.screen)


async def test_f1_lists_every_key_of_the_screen_also_those_not_in_the_footer(store, config, clock):
    office_morning(store, config, clock)
    app = app_for(store, config, clock, "counter")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        bindings = [
            b for node in (app.screen, app) for bs in node._bindings.key_to_bindings.values()
            for b in bs if b.action not in TEXTUAL_ACTIONS | {"help"} and b.description != "Quit"
        ]
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpDialog)
        listed = {description for _, description, _ in app.screen.keys}
        assert {b.description for b in bindings} <= listed
        lines = {description: (keys, acts) for keys, description, acts in app.screen.keys}
        assert lines["Opnieuw oproepen"] == ("r", False)  # nobody at the counter: said, not hidden
        assert lines["Volgende"] == ("n", True)
        assert lines["Pauze"] == ("p", True) and lines["Hervat"] == ("p", False)
        assert lines["Afsluiten"][0] == "Ctrl+Q"
        footer_fits(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpDialog)


async def test_f1_in_a_dialog_lists_the_dialogs_keys(store, config, clock):
    app = app_for(store, config, clock, "desk")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen.query_one(BalieFooter), BalieFooter)
        assert footer_fits(app.screen)[0] == "f1"
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpDialog)
        described = {description: keys for keys, description, _ in app.screen.keys}
        assert described["Aanmelden"] == "Enter / Ctrl+S"
        assert described["Spoed aan/uit"] == "Ctrl+G"
        assert "Schermen" not in described  # F2 does not act over a dialog


def test_key_names_are_spelled_as_on_the_keyboard():
    assert [key_name(k) for k in ("ctrl+s", "f1", "a", "shift+up", "escape")] == [
        "Ctrl+S", "F1", "a", "Shift+↑", "Esc",
    ]


async def test_palette_is_dutch_and_writes_no_screenshot(store, config, clock):
    app = app_for(store, config, clock, "desk")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert commands == ["Toetsen", "Afsluiten"]
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert palette.query_one("CommandInput").placeholder == "Zoek een opdracht of scherm…"
        await pilot.press(*"screenshot")
        await pilot.pause(0.8)
        shown = [str(option.prompt) for option in palette.query_one("CommandList")._options]
        assert shown and all("Screenshot" not in text for text in shown)


def test_ctrl_s_saves_in_every_dialog_that_takes_text():
    from balie.dialogs.counter_setup import CounterSetupDialog, StaffingDialog
    from balie.dialogs.notes import NotesDialog
    from balie.dialogs.register import RegisterDialog
    from balie.dialogs.roles import RolesDialog
    from balie.dialogs.text_prompt import TextPromptDialog
    from balie.dialogs.walk_up import WalkUpDialog
    from balie.dialogs.wegwijzer import WegwijzerDialog

    for dialog in (CounterSetupDialog, StaffingDialog, NotesDialog, RegisterDialog,
                   RolesDialog, TextPromptDialog, WalkUpDialog, WegwijzerDialog):
        actions = {
            binding.action for binding in dialog._merge_bindings().key_to_bindings["ctrl+s"]
        }
        assert actions <= {"submit", "save"} and actions, dialog.__name__


def test_queue_columns_only_grow_with_the_width():
    """Wider shows more, never less; the flag column and the wait are always there."""
    from balie.widgets.visit_table import column_widths

    shown = [column_widths(room) for room in range(30, 200)]
    for narrower, wider in zip(shown, shown[1:]):
        assert set(narrower) <= set(wider)
        assert all(wider[key] >= width for key, width in narrower.items())
    assert {"pos", "ticket", "flag", "wait"} <= set(shown[0])
    assert "name" in column_widths(41) and "question" in column_widths(72)


async def test_kiosk_help_lists_no_refused_key(store, config, clock):
    app = BalieApp(store=store, config=config, clock=clock, mode="desk", poll=False, kiosk=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        described = {description for _, description, _ in app.screen.keys}
    assert "Opdrachten zoeken" not in described and "Schermen" not in described
    assert "Afspraak" in described and "Afsluiten" in described
