"""One error type whose message is fit to show a user (in Dutch)."""


class BalieError(Exception):
    """A problem the user can understand and act on; ``str(err)`` is Dutch text."""
