"""The kennisbank as files: a plain-text format for version control, and CSV for Dutch Excel.

The text format is one block per subject, blocks separated by a blank line,
one ``key: value`` line per field, always all fields in the same order, so a
change to one subject is a change to one line in a diff, and writing what was
read gives the same text back. Lines starting with ``#`` are comments::

    onderwerp: Paspoort aanvragen
    woorden: paspoort; reisdocument; ID kwijt
    domein: burgerzaken
    antwoord: Afspraak nodig; neem een pasfoto mee.
    aan de balie: nee
    behandeltijd: 10
    vervallen: nee

The CSV has the same fields as columns (``;``, UTF-8 with a BOM, so Dutch
Excel opens it as is); typed text that a spreadsheet would run as a formula
gets a leading ``'``, which reading takes off again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from balie.core.knowledge import Subject, check_unique, joined_words, split_words
from balie.errors import BalieError

NAME, WORDS, DOMAIN, ANSWER, DESK, MINUTES, RETIRED = (
    "onderwerp", "woorden", "domein", "antwoord", "aan de balie", "behandeltijd", "vervallen",
)
FIELDS = (NAME, WORDS, DOMAIN, ANSWER, DESK, MINUTES, RETIRED)
TEXT_HEADER = (
    "# Kennisbank van balie: een blok per onderwerp, blokken gescheiden door een lege regel.\n"
    "# 'aan de balie: ja' als de gastvrouw het meestal zelf beantwoordt; behandeltijd in minuten.\n"
)
_YES, _NO = "ja", "nee"
_FORMULA = "=+-@"


def _yes_no(value: str, field: str, where: str) -> bool:
    text = value.strip().casefold()
    if text in ("ja", "j", "yes", "1", "waar"):
        return True
    if text in ("nee", "n", "no", "0", "onwaar", ""):
        return False
    raise BalieError(f"{where}: {field!r} moet 'ja' of 'nee' zijn, niet {value.strip()!r}.")


def _minutes(value: str, where: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isdigit():
        raise BalieError(f"{where}: behandeltijd {text!r} is geen aantal minuten.")
    return int(text)


def _subject(values: dict[str, str], where: str) -> Subject:
    if not values.get(NAME, "").strip():
        raise BalieError(f"{where}: een onderwerp zonder naam ('{NAME}: ...').")
    return Subject(
        name=values[NAME].strip(),
        words=split_words(values.get(WORDS, "")),
        domain=values.get(DOMAIN, "").strip().lower() or None,
        answer=values.get(ANSWER, "").strip(),
        desk=_yes_no(values.get(DESK, ""), DESK, where),
        service_minutes=_minutes(values.get(MINUTES, ""), where),
        retired=_yes_no(values.get(RETIRED, ""), RETIRED, where),
    )


def _fields(subject: Subject) -> list[str]:
    return [
        subject.name,
        joined_words(subject.words),
        subject.domain or "",
        subject.answer,
        _YES if subject.desk else _NO,
        "" if subject.service_minutes is None else str(subject.service_minutes),
        _YES if subject.retired else _NO,
    ]


# -- the text format ---------------------------------------------------------------


def to_text(subjects: Iterable[Subject]) -> str:
    blocks = [
        "\n".join(f"{field}: {value}".rstrip() for field, value in zip(FIELDS, _fields(subject)))
        for subject in subjects
    ]
    return TEXT_HEADER + "".join(f"\n{block}\n" for block in blocks)


def from_text(text: str) -> list[Subject]:
    """Subjects from the text format; a Dutch error names the line that is wrong."""
    subjects: list[Subject] = []
    values: dict[str, str] = {}
    start = 0

    def close() -> None:
        if values:
            subjects.append(_subject(values, f"regel {start}"))
            values.clear()

    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        if not stripped:
            close()
            continue
        field, colon, value = line.partition(":")
        field = " ".join(field.split()).casefold()
        if not colon or field not in FIELDS:
            raise BalieError(
                f"regel {number}: {stripped[:40]!r} is geen veld; bekend zijn: {', '.join(FIELDS)}."
            )
        if field in values:
            raise BalieError(f"regel {number}: '{field}' staat twee keer in hetzelfde blok (lege regel vergeten?).")
        if not values:
            start = number
        values[field] = value.strip()
    close()
    check_unique(subjects)
    return subjects


# -- CSV for Dutch Excel --------------------------------------------------------------


def _guarded(text: str) -> str:
    return "'" + text if text and text[0] in _FORMULA else text


def _unguarded(text: str) -> str:
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA else text


def to_csv(subjects: Iterable[Subject]) -> str:
    """The CSV text (without the BOM: that belongs to the file, ``encoding='utf-8-sig'``)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(FIELDS)
    writer.writerows([_guarded(value) for value in _fields(subject)] for subject in subjects)
    return out.getvalue()


def from_csv(text: str) -> list[Subject]:
    text = text.lstrip("\ufeff")
    delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return []
    header = [" ".join(cell.split()).casefold() for cell in rows[0]]
    if NAME not in header:
        raise BalieError(f"De eerste regel van de CSV noemt de kolommen; '{NAME}' ontbreekt.")
    unknown = [cell for cell in header if cell and cell not in FIELDS]
    if unknown:
        raise BalieError(f"Onbekende kolom {unknown[0]!r}; bekend zijn: {', '.join(FIELDS)}.")
    subjects = []
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        values = {field: _unguarded(cell) for field, cell in zip(header, row) if field}
        subjects.append(_subject(values, f"regel {number}"))
    check_unique(subjects)
    return subjects


def parse(text: str, filename: str = "") -> list[Subject]:
    """Either format: by the file's extension, else by what the text looks like."""
    lower = filename.lower()
    if lower.endswith(".csv"):
        return from_csv(text)
    if lower.endswith((".txt", ".kennis")):
        return from_text(text)
    for line in text.lstrip("\ufeff").splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return from_csv(text) if stripped.casefold().startswith(NAME) and ":" not in stripped else from_text(text)
    return []
