"""Messages shared across screens."""

from textual.message import Message


class DataChanged(Message):
    """Something in the database changed (here or in another process)."""
