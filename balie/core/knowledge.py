"""A subject (onderwerp) of the kennisbank: what visitors ask about, and how the front handles it.

A subject is known by its id, never by its name: visits and quick answers
point at the id, so renaming or retiring a subject leaves history as it was.
Two subjects never share a name (compared as ``name_key``), which is also how
an imported file finds the subject it changes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from balie.core.visits import MAX_TOPIC, clean_text
from balie.errors import BalieError

MAX_NAME = MAX_TOPIC  # a quick answer's topic is the subject's name
MAX_WORD = 40
MAX_WORDS = 30
MAX_ANSWER = 300
MAX_SERVICE_MINUTES = 240
WORD_SEPARATOR = ";"  # between a subject's words, in both file formats


@dataclass(frozen=True)
class Subject:
    """One subject; ``id`` is None until the store has it."""

    name: str
    words: tuple[str, ...] = ()
    domain: str | None = None  # the domain that handles it; None: the desk only
    answer: str = ""  # what the host tells or does ("neem pasfoto mee; afspraak nodig")
    desk: bool = False  # the host can usually answer it at the desk
    service_minutes: int | None = None  # typical time at a counter
    retired: bool = False
    id: int | None = None

    @property
    def key(self) -> str:
        return name_key(self.name)

    def same_content(self, other: Subject) -> bool:
        """Equal in everything a person edits (not the id)."""
        return replace(self, id=None) == replace(other, id=None)


def name_key(name: str) -> str:
    """What makes two names the same subject: case and spacing do not count."""
    return " ".join(name.casefold().split())


def checked(subject: Subject, domains: Collection[str] | None = None) -> Subject:
    """The subject cleaned as it will be stored, or a Dutch error saying what is wrong.

    ``domains``: the configured domain keys (None: not checked, e.g. a file
    read before the configuration is known).
    """
    name = clean_text(subject.name, 10 * MAX_NAME)
    if not name:
        raise BalieError("Een onderwerp heeft een naam.")
    if len(name) > MAX_NAME:
        raise BalieError(f"De naam {name[:30]!r}… is te lang (hoogstens {MAX_NAME} tekens).")
    words = clean_words(subject.words, name)
    answer = clean_text(subject.answer, 10 * MAX_ANSWER) or ""
    if len(answer) > MAX_ANSWER:
        raise BalieError(f"Het antwoord bij {name!r} is te lang (hoogstens {MAX_ANSWER} tekens).")
    domain = (subject.domain or "").strip().lower() or None
    if domain is not None and domains is not None and domain not in domains:
        raise BalieError(f"Onbekend domein {domain!r} bij {name!r}. Kies uit: {', '.join(domains)}.")
    minutes = subject.service_minutes
    if minutes is not None and (isinstance(minutes, bool) or not 1 <= minutes <= MAX_SERVICE_MINUTES):
        raise BalieError(f"De behandeltijd bij {name!r} moet 1 tot {MAX_SERVICE_MINUTES} minuten zijn.")
    return replace(subject, name=name, words=words, domain=domain, answer=answer)


def clean_words(words: Iterable[str], name: str = "") -> tuple[str, ...]:
    """The words visitors use, each once (case does not count), in the order given."""
    kept: list[str] = []
    seen: set[str] = set()
    for word in words:
        text = clean_text(word, 10 * MAX_WORD)
        if not text:
            continue
        if WORD_SEPARATOR in text:
            raise BalieError(f"Een zoekwoord bij {name!r} mag geen {WORD_SEPARATOR!r} bevatten: {text!r}.")
        if len(text) > MAX_WORD:
            raise BalieError(f"Het zoekwoord {text[:30]!r} bij {name!r} is te lang (hoogstens {MAX_WORD} tekens).")
        if name_key(text) not in seen:
            seen.add(name_key(text))
            kept.append(text)
    if len(kept) > MAX_WORDS:
        raise BalieError(f"{name!r} heeft te veel zoekwoorden (hoogstens {MAX_WORDS}).")
    return tuple(kept)


def split_words(text: str) -> tuple[str, ...]:
    """Words as typed in one field: separated by ';'."""
    return tuple(part.strip() for part in text.split(WORD_SEPARATOR) if part.strip())


def joined_words(words: Iterable[str]) -> str:
    return f"{WORD_SEPARATOR} ".join(words)


def check_unique(subjects: Iterable[Subject]) -> None:
    """Two subjects never share a name."""
    seen: set[str] = set()
    for subject in subjects:
        if subject.key in seen:
            raise BalieError(f"Het onderwerp {subject.name!r} staat er twee keer in.")
        seen.add(subject.key)
