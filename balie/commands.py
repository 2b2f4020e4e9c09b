"""Command palette: jump to any screen by typing part of its name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

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
