"""Start-up loads only the screen asked for: its module and its stylesheet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FRIDAY
from tests.helpers import make_app, office_morning, settle

ROOT = Path(__file__).resolve().parent.parent
MODES = ["start", "desk", "counter", "board", "dagstart", "report", "kennis"]

RUN_ONE_SCREEN = """
import asyncio, sys
from balie.app import BalieApp
from balie.clock import clock_from_env
from balie.config import default_config
from balie.store import Store

clock = clock_from_env()
app = BalieApp(
    Store(sys.argv[1], clock), default_config(), clock, mode=sys.argv[2], poll=False,
    counter_name="Balie 1", counter_domains=["burgerzaken"], standup_actor="Petra",
)

async def main():
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        print("SHOWN", type(app.screen).__name__)

asyncio.run(main())
print(" ".join(sorted(m for m in sys.modules if m.startswith("balie.screens."))))
"""


@pytest.mark.parametrize("mode", MODES)
def test_only_the_asked_screen_is_imported(mode, store, config, clock, db_path):
    office_morning(store, config, clock)
    env = {**os.environ, "BALIE_NOW": FRIDAY, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", RUN_ONE_SCREEN, str(db_path), mode],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    shown, modules = result.stdout.strip().splitlines()[-2:]
    assert shown.startswith("SHOWN ") and shown != "SHOWN Screen"  # the screen itself, no default one first
    # The base class of the screens that load data is part of the app; a screen may bring
    # its own parts (counter_view, dagstart_view), never another screen.
    own = {f"balie.screens.{mode}", "balie.screens.live"}
    assert own <= set(modules.split())
    assert {m for m in modules.split() if m not in own} <= {f"balie.screens.{mode}_view"}


async def test_only_the_shown_screens_styles_are_read(store, config, clock):
    office_morning(store, config, clock)
    app = make_app(store, config, clock, mode="board")

    def sheets() -> set[str]:
        return {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}

    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        assert sheets() == {"balie.tcss", "board.tcss"}
        app.switch_mode("desk")  # another screen brings its own when it is first shown
        await settle(pilot)
        assert sheets() == {"balie.tcss", "board.tcss", "desk.tcss"}
        assert app.screen.query_one("#last-ticket").styles.width.value == 34  # desk.tcss applies
