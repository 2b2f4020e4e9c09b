"""Screens that idle all day redraw only what changed."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def update_if_changed(static: Static, content: str | Text) -> None:
    """Update only a change: every ``Static.update`` re-lays out the whole screen,
    and the screens reload every few seconds, mostly to show the same."""
    if static.content != content:
        static.update(content)
