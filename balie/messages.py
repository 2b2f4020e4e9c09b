"""Messages shared across screens, and those the change watcher sends the app."""

from textual.message import Message


class DataChanged(Message):
    """Something in the database changed (here or in another process): reload."""


class DatabaseChanged(Message):
    """The change watcher saw a commit; the app tells the active screen."""


class DatabaseUnusable(Message):
    """The change watcher cannot read the database (gone, replaced by a stranger, broken)."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class DatabaseUsable(Message):
    """The change watcher can read the database again."""
