"""Who is changing the stand-up: a name, asked once per session, kept with every change."""

from __future__ import annotations

from balie.core.standup import MAX_PERSON
from balie.dialogs.text_prompt import TextPromptDialog


def who_dialog(names: list[str]) -> TextPromptDialog:
    """Asks a name; ``names``: colleagues named today, suggested while typing."""
    return TextPromptDialog(
        "Wie ben je?", "Je naam: die komt bij wat je afvinkt en wijzigt",
        placeholder="bijv. Petra", required=True, max_length=MAX_PERSON,
        suggestions=names,
        detail="Eén keer per sessie; met w wissel je van naam.",
    )
