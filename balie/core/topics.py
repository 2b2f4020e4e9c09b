"""Topics of a visit: one spelling per subject, so the report counts them together.

While a topic is typed, the first known topic (most used first) that starts
with what was typed is suggested; what is stored is that suggestion, never the
fragment. A known topic typed in other capitals is stored in its known
spelling. Text that no known topic starts with (a space after a word, say) is
a new topic and is kept as typed.
"""

from __future__ import annotations

from collections.abc import Sequence


def completion(typed: str, known: Sequence[str]) -> str | None:
    """The known topic suggested for ``typed`` (case does not matter), if any."""
    if not typed:
        return None
    wanted = typed.casefold()
    return next((topic for topic in known if topic.casefold().startswith(wanted)), None)


def chosen_topic(typed: str, known: Sequence[str]) -> str | None:
    """What a finished visit stores: the suggestion on screen, else the new topic."""
    text = typed.strip()
    if not text:
        return None
    same = next((topic for topic in known if topic.casefold() == text.casefold()), None)
    return same or completion(typed.lstrip(), known) or text
