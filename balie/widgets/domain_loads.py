"""Per domain: how many wait, the longest wait so far, and what to tell a visitor."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from balie.config import Domain
from balie.core.estimate import DomainLoad
from balie.core.wording import WARNING_SIGN, longest_wait_line, wait_phrase, waiting_count
from balie.widgets.redraw import update_if_changed


class DomainCard(Static):
    """One domain's load; the key to register for it is shown in the corner."""

    DEFAULT_CSS = """
    DomainCard {
        width: 1fr;
        height: auto;
        min-height: 5;
        border: round $primary;
        border-title-color: $text;
        border-title-style: bold;
        padding: 0 1;
        margin: 0 1 0 0;
    }
    DomainCard.-busy { border: round $warning; }
    """

    def __init__(self, domain: Domain, key_hint: str | None = None) -> None:
        super().__init__(id=f"load-{domain.key}")
        self.domain = domain
        self.border_title = Text(domain.label)  # a label is text, never markup
        if key_hint:
            self.border_subtitle = f"toets {key_hint}"

    def show_load(self, load: DomainLoad) -> None:
        text = Text()
        count, rest = waiting_count(load.waiting).split(" ", 1)
        text.append(count, style="bold")
        text.append(f" {rest}\n")
        busy = load.longest_wait_ms > self.domain.target_minutes * 60_000
        # Over the norm: a sign in the title and a bold line, not only the border's colour.
        self.border_title = Text(f"{WARNING_SIGN} {self.domain.label}" if busy else self.domain.label)
        text.append(f"{longest_wait_line(load.waiting, load.longest_wait_ms)}\n", style="bold" if busy else "dim")
        phrase = wait_phrase(load.wait)
        if len(phrase) >= self.content_size.width > 0:  # a full line wraps: the range says "about" already
            phrase = wait_phrase(load.wait, about=False)
        text.append(phrase, style="bold")
        update_if_changed(self, text)
        self.set_class(busy, "-busy")


class DomainLoads(Horizontal):
    DEFAULT_CSS = """
    DomainLoads { height: auto; }
    """

    def __init__(
        self, domains: tuple[Domain, ...], key_hints: dict[str, str] | None = None, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.domains = domains
        self.key_hints = key_hints or {}

    def compose(self) -> ComposeResult:
        for domain in self.domains:
            yield DomainCard(domain, self.key_hints.get(domain.key))

    def show_loads(self, loads: list[DomainLoad]) -> None:
        for load in loads:
            for card in self.query(DomainCard):
                if card.domain.key == load.domain:
                    card.show_load(load)
