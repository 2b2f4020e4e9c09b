"""Shared fixtures: a fixed clock, the default config and a store on a real file."""

from __future__ import annotations

import pytest

from balie.clock import FixedClock, parse_local
from balie.config import default_config
from balie.store import Store

# A Friday morning in November; every test and snapshot starts here.
FRIDAY = "2026-11-20T10:00"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(parse_local(FRIDAY))


@pytest.fixture
def config():
    return default_config()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "balie.sqlite"


@pytest.fixture
def store(db_path, clock):
    store = Store(db_path, clock)
    yield store
    store.close()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reads the developer's config, data folder or clock."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("BALIE_DB", raising=False)
    monkeypatch.delenv("BALIE_CONFIG", raising=False)
    monkeypatch.delenv("BALIE_NOW", raising=False)


@pytest.fixture(autouse=True)
def _steady_cursors(monkeypatch):
    """A blinking cursor makes a snapshot depend on how long the test took."""
    from textual.widgets import Input, TextArea

    def keep_visible(self) -> None:
        self._cursor_visible = True

    monkeypatch.setattr(Input, "_toggle_cursor", keep_visible)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
