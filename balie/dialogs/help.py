"""F1: every key of the screen below, read from its bindings (they cannot go stale).

A key that cannot act right now is listed too, marked as such: a person looking
for it learns it exists and why nothing happens.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from balie.widgets.footer import BalieFooter

# Textual's own keys on every screen: said in Dutch below (MOVING) or not for these users.
TEXTUAL_ACTIONS = {"app.focus_next", "app.focus_previous", "screen.copy_text", "help_quit"}
# Always there, not bound by balie itself: how to move through lists and fields.
MOVING = [
    ("↑ ↓", "door een lijst of tabel"),
    ("Tab", "naar het volgende veld"),
]


KEY_NAMES = {"up": "↑", "down": "↓", "left": "←", "right": "→", "escape": "Esc",
             "enter": "Enter", "space": "spatie", "tab": "Tab", "delete": "Delete"}


def key_name(key: str) -> str:
    """'ctrl+s' -> 'Ctrl+S', 'f1' -> 'F1', 'shift+up' -> 'Shift+↑', 'a' -> 'a'."""
    *modifiers, last = key.split("+")
    named = KEY_NAMES.get(last) or (last.upper() if len(last) > 1 or modifiers else last)
    return "+".join([m.capitalize() for m in modifiers] + [named])


def screen_keys(screen: Screen) -> list[tuple[str, str, bool]]:
    """(keys, what they do, whether they act now) for the screen's and the app's
    own bindings, in their order; one line per action."""
    app = screen.app
    lines: dict[str, tuple[list[str], str, bool]] = {}
    for namespace in (screen, app):
        for key, bindings in namespace._bindings.key_to_bindings.items():
            for binding in bindings:
                if not binding.description or binding.action in TEXTUAL_ACTIONS | {"help"}:
                    continue
                if namespace is app and screen.is_modal and not binding.priority:
                    continue  # a dialog takes no other app key
                state = app._check_action_state(binding.action, namespace)
                if namespace is app and state is False:
                    continue  # not here at all (a served screen's kiosk: no palette, no F2)
                keys = lines[binding.action][0] if binding.action in lines else []
                if key_name(key) not in keys:
                    keys.append(key_name(key))
                # Bound again (a subclass's binding, read later): its words win.
                lines[binding.action] = (keys, binding.description, state is True)
    return [(" / ".join(keys), description, acts) for keys, description, acts in lines.values()]


class HelpDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "close", "Sluiten")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        # A screen names itself for the title (HELP_TITLE); a dialog is "this window".
        self.title_text = "Toetsen: " + getattr(screen, "HELP_TITLE", "dit venster")
        self.keys = screen_keys(screen)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, description, acts in self.keys:
            table.add_row(keys, Text(description) + (Text("  (nu niet)", style="dim") if not acts else ""))
        for keys, description in MOVING:
            table.add_row(Text(keys, style="dim"), Text(description, style="dim"))
        with Vertical(classes="dialog", id="help-dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                yield Static(table)
            shown = self.app.check_action("command_palette", ()) is not False  # not in a kiosk
            palette = " · Ctrl+P: opdrachten zoeken" if shown else ""
            yield Static(f"Esc of F1: sluiten{palette}", classes="hint")
        yield BalieFooter()

    def action_close(self) -> None:
        self.dismiss(None)
