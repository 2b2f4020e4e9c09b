"""What happened at a counter today, newest first, in a line per event (plain text)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from balie.clock import from_ms, local
from balie.config import Config
from balie.core.counters import DONE_EVENTS
from balie.core.wording import OUTCOME_LABELS

_WORDS = {
    "call": "opgeroepen",
    "call_out_of_order": "buiten de beurt opgeroepen",
    "recall": "opnieuw opgeroepen",
    "requeue": "terug in de rij",
    "no_show": "niet verschenen",
    "return": "toch gekomen, terug in de rij",
    "registered": "zonder ticket aangemeld",
    "close_day": "niet geholpen (dag afgesloten)",
}


def counter_log_text(log: Sequence[dict[str, Any]], config: Config) -> Text:
    text = Text()
    for entry in log:
        if text:
            text.append("\n")
        at = local(from_ms(entry["at_ms"])).format("HH:mm")
        text.append(f"{at}  ")
        text.append(entry["ticket"], style="bold")
        text.append(f"  {_words(entry, config)}")
    return text or Text("Nog niets gedaan vandaag.", style="dim")


def _words(entry: dict[str, Any], config: Config) -> str:
    data, kind = entry["data"], entry["type"]
    if kind == "finish":
        words = f"{DONE_EVENTS['finish']}: {OUTCOME_LABELS.get(data.get('outcome'), '')}"
        return words + (f" · {data['topic']}" if data.get("topic") else "")
    if kind == "transfer":
        return f"doorgestuurd naar {config.label(data.get('to', ''))}"
    return _WORDS.get(kind, kind)
