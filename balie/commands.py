"""Command palette (ctrl+p): jump to any screen, close the day, see the keys;
in Dutch, and without Textual's own commands that make no sense here (the
screenshot would write visitors' names to disk)."""

from __future__ import annotations

from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from balie.screens import SCREENS


class ScreensProvider(Provider):
    def _commands(self):
        for mode, label, purpose in SCREENS:
            yield f"Scherm: {label}", partial(self.app.switch_mode, mode), purpose
        yield "Scherm: start (kies een scherm)", partial(self.app.switch_mode, "start"), "alle schermen"
        yield "Dag afsluiten", self.app.action_close_day, "sluitingstijd: wie nog wacht telt als niet geholpen"

    async def discover(self) -> Hits:
        for title, run, help_text in self._commands():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, run, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)


class DutchPalette(CommandPalette):
    """Textual's palette with Dutch words where it speaks itself."""

    def __init__(self) -> None:
        super().__init__(id="--command-palette", placeholder="Zoek een opdracht of scherm…")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()
        if not search_value:
            return super()._start_no_matches_countdown(search_value)

        def none_found() -> None:
            self.query_one(CommandList).add_option(
                Option(Align.center(Text("Niets gevonden", style="not bold")), disabled=True, id=self._NO_MATCHES)
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, none_found)
