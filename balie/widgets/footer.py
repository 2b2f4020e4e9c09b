"""The footer every screen and dialog shows: F1 Help first, so it is never the
key cut off on a narrow terminal; the other keys after it, compact."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_KEY = "f1"


class BalieFooter(Footer):
    def __init__(self, **kwargs) -> None:
        # The palette's key is listed in F1 help; the footer keeps its room for the screen's keys.
        kwargs.setdefault("show_command_palette", False)
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        # The app's own binding: a dialog's active bindings leave the app's out.
        for binding in self.app._bindings.key_to_bindings.get(HELP_KEY, []):
            yield FooterKey(
                binding.key, self.app.get_key_display(binding), binding.description, binding.action,
            ).data_bind(compact=Footer.compact)
        for widget in super().compose():
            if not (isinstance(widget, FooterKey) and widget.key == HELP_KEY):
                yield widget
