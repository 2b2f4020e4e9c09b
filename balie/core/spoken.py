"""A call as the hall display speaks it: "B zeven, balie drie".

Visitors who cannot read the screen hear their ticket; the browser's own
Dutch speech synthesis reads these words, so they must read as a person says
them (no leading zeros, numbers as words).
"""

from __future__ import annotations

import re

_UNITS = (
    "nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen",
    "tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien",
    "achttien", "negentien",
)
_TENS = ("", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig")
_NUMBER = re.compile(r"\d+")


def number_words(number: int) -> str:
    """Dutch words for 0..9999 (as digits beyond that): 21 eenentwintig, 107 honderdzeven.

    One alone is "één", so a voice says the number, not the article "een".
    """
    if number == 1:
        return "één"
    return _words(number)


def _words(number: int) -> str:
    if number < 0 or number > 9999:
        return str(number)
    if number < 20:
        return _UNITS[number]
    if number < 100:
        tens, unit = divmod(number, 10)
        if not unit:
            return _TENS[tens]
        # "twee-en-twintig" is written tweeëntwintig: the diaeresis after an e
        joiner = "ën" if _UNITS[unit].endswith("e") else "en"
        return f"{_UNITS[unit]}{joiner}{_TENS[tens]}"
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = "honderd" if hundreds == 1 else f"{_UNITS[hundreds]}honderd"
        return head + (_words(rest) if rest else "")
    thousands, rest = divmod(number, 1000)
    head = "duizend" if thousands == 1 else f"{_words(thousands)}duizend"
    return head + (f" {_words(rest)}" if rest else "")


def _say_numbers(text: str) -> str:
    return _NUMBER.sub(lambda match: number_words(int(match.group())), text)


def spoken_ticket(ticket: str) -> str:
    """B007 -> "B zeven" (the letter, then the number as a word)."""
    match = re.fullmatch(r"([A-Za-z]+)-?0*(\d+)", ticket.strip())
    if not match:
        return _say_numbers(ticket)
    return f"{match.group(1).upper()} {number_words(int(match.group(2)))}"


def spoken_call(ticket: str, counter: str) -> str:
    """ "B zeven, balie drie": what the hall hears for a call."""
    return f"{spoken_ticket(ticket)}, {_say_numbers(counter).lower()}"
