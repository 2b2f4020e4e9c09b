"""The kennisbank's rules without a database: Dutch as typed at a desk, the subject's checks, both file formats."""

from __future__ import annotations

import pytest

from balie.core.knowledge import Subject, checked
from balie.core.knowledge_formats import FIELDS, from_csv, from_text, parse, to_csv, to_text
from balie.core.knowledge_match import canonical, edit_distance, fts_query, rank, similarity
from balie.errors import BalieError

PASPOORT = Subject("Paspoort aanvragen", ("paspoort", "reisdocument", "ID kwijt"), "burgerzaken", "Pasfoto mee", id=1)
VERHUIZEN = Subject("Verhuizing doorgeven", ("verhuizen", "nieuw adres"), "burgerzaken", id=2)
WOZ = Subject("Bezwaar WOZ-beschikking", ("WOZ", "WOZ-waarde"), "vergunningen", id=3)
BIJSTAND = Subject("Bijstandsuitkering", ("bijstand", "uitkering"), "sociaal", id=4)
RIJBEWIJS = Subject("Rijbewijs verlengen", ("rijbewijs",), "burgerzaken", id=5)
ALL = [PASPOORT, VERHUIZEN, WOZ, BIJSTAND, RIJBEWIJS]


def names(query: str) -> list[str]:
    return [match.subject.name for match in rank(query, ALL)]


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("PASPOORTEN", "paspoort"),  # case and a plural
        ("één", "een"),  # accents
        ("rybewys", "rijbewijs"),  # y for ij
        ("verhuizing", "verhuizen"),  # word forms meet
        ("rijbewijzen", "rijbewijs"),  # z/s at the end of a stem
        ("auto's", "auto"),  # the apostrophe of a plural
        ("tafels", "tafel"),
    ],
)
def test_spelling_variants_meet(typed, same_as):
    assert canonical(typed, keep_stopwords=True) == canonical(same_as, keep_stopwords=True)


def test_small_words_carry_no_subject():
    assert canonical("ik wil graag mijn paspoort") == canonical("paspoort")
    assert fts_query("ik wil het even") is None
    assert rank("ik wil het even", ALL) == []


def test_typos_words_in_compounds_and_prefixes():
    assert edit_distance("paspoort", "pasoport", 2) == 1  # two letters swapped is one typo
    assert edit_distance("abc", "xyzabc", 2) == 3  # beyond the limit: limit + 1
    assert similarity("verhuis", "verhuisd") > 0.8  # one the start of the other
    assert similarity("beistandsuitker", "beistand") > 0.6  # inside a compound
    assert similarity("kat", "kap") == 0  # short words must be equal


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("mijn paspoort is verlopen", "Paspoort aanvragen"),
        ("ik ben mijn id kwijt", "Paspoort aanvragen"),
        ("pasport", "Paspoort aanvragen"),
        ("we zijn verhuisd", "Verhuizing doorgeven"),
        ("WOZbeschikking klopt niet", "Bezwaar WOZ-beschikking"),
        ("bijstandsuitkering aanvragen", "Bijstandsuitkering"),
        ("nieuw rybewijs", "Rijbewijs verlengen"),
    ],
)
def test_the_right_subject_comes_first(question, subject):
    assert names(question)[0] == subject


def test_nothing_fits_nothing():
    assert names("xyzzy plugh") == []


def test_a_subject_is_checked_and_cleaned():
    subject = checked(Subject("  Paspoort\taanvragen ", ("paspoort", "PASPOORT", " ", "reis\x1b[31mdocument")), ["burgerzaken"])
    assert subject.name == "Paspoort aanvragen"
    assert subject.words == ("paspoort", "reisdocument")  # once each, escape dropped
    with pytest.raises(BalieError, match="naam"):
        checked(Subject("   "))
    with pytest.raises(BalieError, match="Onbekend domein"):
        checked(Subject("x", domain="kapsalon"), ["burgerzaken"])
    with pytest.raises(BalieError, match="behandeltijd"):
        checked(Subject("x", service_minutes=0))


SUBJECTS = [
    Subject("Paspoort aanvragen", ("paspoort", "ID kwijt"), "burgerzaken", "Afspraak nodig; pasfoto mee.", False, 10),
    Subject("=HYPERLINK(\"x\")", ("-min", "@at"), None, "+31 6 bellen", True, None, True),
    Subject("Één, \"twee\"", (), "sociaal", "", False, 240),
]


def test_text_format_round_trips_exactly():
    text = to_text(SUBJECTS)
    assert from_text(text) == SUBJECTS
    assert to_text(from_text(text)) == text
    assert "onderwerp: Paspoort aanvragen\nwoorden: paspoort; ID kwijt\n" in text


def test_csv_is_dutch_excel_and_round_trips():
    text = to_csv(SUBJECTS)
    assert text.splitlines()[0] == ";".join(FIELDS)
    assert "'=HYPERLINK" in text and "'-min; @at" in text and "'+31 6 bellen" in text  # no formula runs
    assert from_csv("\ufeff" + text) == SUBJECTS
    assert parse(text, "kennis.csv") == parse(to_text(SUBJECTS), "kennis.txt") == SUBJECTS
    assert parse(text) == parse(to_text(SUBJECTS)) == SUBJECTS  # by content


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("onderwerp: a\nkleur: rood\n", "regel 2"),
        ("onderwerp: a\nonderwerp: b\n", "twee keer"),
        ("onderwerp: a\n\nonderwerp: A\n", "twee keer"),
        ("onderwerp: a\naan de balie: misschien\n", "'ja' of 'nee'"),
        ("onderwerp: a\nbehandeltijd: tien\n", "minuten"),
        ("woorden: a\n", "zonder naam"),
    ],
)
def test_a_wrong_file_says_where(text, message):
    with pytest.raises(BalieError, match=message):
        from_text(text)
