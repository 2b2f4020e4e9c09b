"""The search against how visitors really say it: at least 100 phrasings, >= 90 % in the top 3.

The phrasings (tests/data/kennis_phrasings.tsv) go through the store's own
search (FTS5 candidates, then the core's ranking) on the demo's starter set;
scripts/kennis_quality.py writes the same figures into docs/kennisbank.md.
"""

from __future__ import annotations

from scripts.kennis_quality import PHRASINGS, load_phrasings, measure


def test_the_phrasing_set_is_large_and_names_real_subjects(store):
    rows = load_phrasings(PHRASINGS)
    assert len(rows) >= 100
    assert len({subject for subject, _ in rows}) >= 40


def test_search_finds_the_right_subject(store, config):
    result = measure(store, config)
    assert result.top3 >= 0.90, result.missed
    assert result.first >= 0.80, result.missed
