"""Which subjects a visitor's question is about: Dutch as people type it at a desk.

Text is first reduced to a canonical form that both sides share, so spelling
variants meet: case and accents go ("één" is "een"), "y" and "ij" and "ei"
are one sound, doubled letters are single ("paspoort" ~ "pasport"), common
endings go ("paspoorten", "verhuizing", "rijbewijzen" end like "paspoort",
"verhuis", "rijbewijs"), and small words that say nothing ("ik", "mijn", "wil")
are left out. What remains is compared word by word: equal, one the start of
the other ("verhuis" ~ "verhuisd"), one inside a compound
("bijstandsuitkering" holds "bijstand"), or one or two typos apart.

The store narrows 2,000 subjects to a few dozen candidates with SQLite FTS5
(``fts_query`` on the ``search_text`` of each subject); ``rank`` orders those
by the rules here. Both sides use the same ``canonical`` form.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from balie.core.knowledge import Subject

# Words that carry no subject; compared before the endings are cut.
STOPWORDS = frozenset(
    """
    aan af al alle alleen als alstublieft aub ben bent ben bij binnen daar dag dan dat de deze die dit doe
    doen dus een eens eigenlijk en er even gaan gaat geen gewoon goedemiddag goedemorgen graag
    hallo hé hee heb hebben heeft hem hen het hier hij hoe hoi hoor ik in is ja je jij jou jullie
    kan komen kom kunnen kun kunt laten maar me meer met mevrouw meneer mij mijn moet moeten mag
    na naar nee niet nodig nog nou nu of om ons onze ook op over per s sorry te toch tot u uw
    van veel voor vraag vraagje vragen waar wanneer want waarom was wat we weer weet welke werd
    wie wij wil wilde willen word wordt worden zal ze zeg zich zij zijn zit zitten zo zou zouden
    """.split()
)
# Endings cut from a canonical word (after doubled letters are single), longest first.
_ENDINGS = ("ingen", "heden", "tjes", "ing", "jes", "tje", "en", "je", "e")
_MIN_STEM = 3
_DOUBLE = re.compile(r"([a-z])\1+")
_PLURAL_S = re.compile(r"..e[lrn]s$")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_LETTERS = re.compile(r"\b[a-z](?: [a-z]\b)+")

# How much one word matching another counts.
EQUAL, PREFIX, INSIDE, ONE_TYPO, TWO_TYPOS = 1.0, 0.9, 0.75, 0.8, 0.6
MATCHED = 0.6  # a word counts as found at or above this
MIN_SCORE = 0.4  # below this a subject is not shown at all
CANDIDATES = 60  # how many FTS5 candidates ``rank`` looks at


@dataclass(frozen=True)
class Match:
    subject: Subject
    score: float  # 0..1, higher is better


def folded(text: str) -> str:
    """Lower case, without accents; anything not a letter or digit is a space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"['’]s\b", "", plain).replace("'", "").replace("’", "")  # "auto's" is "auto"
    return _NOT_WORD.sub(" ", plain).strip()


@lru_cache(maxsize=20_000)
def canonical_word(word: str) -> str:
    """One folded word in the form both sides share (see the module docstring)."""
    word = word.replace("ij", "ei").replace("y", "ei").replace("au", "ou").replace("ph", "f")
    word = _DOUBLE.sub(r"\1", word)
    if _PLURAL_S.search(word):  # "tafels", "bakkers"; not "rijbewijs", "stempas"
        word = word[:-1]
    if not word.isdigit():
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
                word = word[: -len(ending)]
                break
    if len(word) > _MIN_STEM and word[-1] in "zv":  # "verhuizen" -> "verhuis", "brieven" -> "brief"
        word = word[:-1] + ("s" if word[-1] == "z" else "f")
    return word


def canonical(text: str, keep_stopwords: bool = False) -> list[str]:
    """The canonical words of a text, in order (small words dropped unless kept).

    Single letters in a row are one word: "v.o.g." is "vog".
    """
    words = _LETTERS.sub(lambda m: m.group(0).replace(" ", ""), folded(text)).split()
    return [canonical_word(word) for word in words if keep_stopwords or word not in STOPWORDS]


def subject_terms(subject: Subject) -> list[list[str]]:
    """The name and each of the words, as canonical words (small words kept: "ID kwijt")."""
    terms = [canonical(subject.name)] + [canonical(word, keep_stopwords=True) for word in subject.words]
    return [term for term in terms if term]


def search_text(subject: Subject) -> str:
    """What the store indexes for a subject: every term's canonical words, space-padded."""
    return " " + " | ".join(" ".join(term) for term in subject_terms(subject)) + " "


def fts_query(query: str) -> str | None:
    """An FTS5 (trigram) query for candidates: any three letters of any query word.

    A typo spoils at most three trigrams of a word, so the right subject still
    shares most of them; short words ("id", "wmo") are padded with spaces so
    they match as whole words. None when the question holds no word to look for.
    """
    grams: list[str] = []
    for word in dict.fromkeys(canonical(query)):
        padded = f" {word} " if len(word) < 4 else word
        grams += [padded[i : i + 3] for i in range(len(padded) - 2)]
    unique = list(dict.fromkeys(grams))
    if not unique:
        return None
    return " OR ".join(f'"{gram}"' for gram in unique)


def rank(query: str, subjects: Iterable[Subject], limit: int = 5) -> list[Match]:
    """The subjects that fit the question, best first (ties: by name).

    A word of the question found in many of the subjects looked at ("melden",
    "aanvragen") counts for less than one found in a few ("kliko").
    """
    words = list(dict.fromkeys(canonical(query)))
    if not words:
        return []
    prepared = [(subject, subject_terms(subject)) for subject in subjects]
    found_in = dict.fromkeys(words, 0)
    bests = []
    for _, terms in prepared:
        best = best_per_word(words, terms)
        bests.append(best)
        for word, value in best.items():
            found_in[word] += value >= MATCHED
    weights = {
        word: max(1.0, math.log(1 + len(prepared) / (1 + count))) if count else 1.0
        for word, count in found_in.items()
    }
    found = []
    for (subject, terms), best in zip(prepared, bests):
        score = subject_score(words, terms, best, weights)
        if score >= MIN_SCORE:
            found.append(Match(subject, round(score, 4)))
    found.sort(key=lambda m: (-m.score, m.subject.name.casefold()))
    return found[:limit]


def vocabulary(terms: Sequence[Sequence[str]]) -> set[str]:
    """A subject's words, and each term of several words also written as one ("WOZbeschikking")."""
    tokens = {token for term in terms for token in term}
    tokens.update("".join(term) for term in terms if len(term) > 1)
    return tokens


def best_per_word(words: Sequence[str], terms: Sequence[Sequence[str]]) -> dict[str, float]:
    """For each word of the question, how well the subject's best word matches it."""
    tokens = vocabulary(terms)
    return {word: max((similarity(word, token) for token in tokens), default=0.0) for word in words}


def subject_score(
    words: Sequence[str],
    terms: Sequence[Sequence[str]],
    best: dict[str, float] | None = None,
    weights: dict[str, float] | None = None,
) -> float:
    """How well a subject's terms cover the question, and the question covers one of its terms.

    Mostly: the (weighted) share of the question's words found (a question
    about two things fits a subject about both best). Then: the best share of
    one term found (the visitor said "ID kwijt", not just "kwijt"), and a
    little for the subject's name being among what fits.
    """
    if not terms:
        return 0.0
    best = best if best is not None else best_per_word(words, terms)
    weights = weights or {}
    total = sum(weights.get(word, 1.0) for word in words)
    covered = sum(value * weights.get(word, 1.0) for word, value in best.items()) / total
    if covered == 0:
        return 0.0
    term_cover = 0.0
    for index, term in enumerate(terms):
        joined = "".join(term)
        if len(term) > 1 and any(similarity(word, joined) >= MATCHED for word in words):
            share = max(similarity(word, joined) for word in words)
        else:
            hits = [max(similarity(word, token) for word in words) for token in term]
            share = sum(hit for hit in hits if hit >= MATCHED) / len(term)
        if index == 0:
            share *= 1.05  # the name itself
        term_cover = max(term_cover, share)
    return min(1.0, 0.65 * covered + 0.35 * min(term_cover, 1.0))


@lru_cache(maxsize=50_000)
def similarity(word: str, token: str) -> float:
    """How much a question's word matches a subject's word (0..1)."""
    if word == token:
        return EQUAL
    short, long = (word, token) if len(word) <= len(token) else (token, word)
    if len(short) >= 4 and long.startswith(short):
        return PREFIX
    if len(short) >= 4 and short in long:
        return INSIDE
    if len(short) < 4 or len(long) - len(short) > 2:
        return 0.0
    distance = edit_distance(word, token, 2)
    if distance == 1:
        return ONE_TYPO
    if distance == 2 and len(short) >= 7:
        return TWO_TYPOS
    return 0.0


def edit_distance(a: str, b: str, most: int) -> int:
    """Optimal string alignment distance (a swap of two letters is one typo), up to ``most + 1``."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if min(current) > most:
            return most + 1
        before, previous = previous, current
    return previous[-1]
