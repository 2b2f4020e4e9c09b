"""The bench behind docs/kennisbank.md's "A subject's service time": its queue is played right."""

from __future__ import annotations

from bench import subject_service


def test_played_first_come_first_served():
    # Two counters free at 0 and 2: visits of 5, 5, 5 start at 0, 2, 5; the next is called at 7.
    assert subject_service.played([5, 5, 5], 2, [0, 2]) == 7
    assert subject_service.played([], 1, [3]) == 3


def test_measure_runs_every_domain_and_case(monkeypatch):
    monkeypatch.setattr(subject_service, "TRIALS", 50)
    rows = subject_service.measure()
    assert {row["domain"] for row in rows} == {"Burgerzaken", "Vergunningen", "Sociaal"}
    assert len(rows) == 3 * len(subject_service.CASES)
    assert all(row["domain_mae"] > 0 and row["subject_mae"] > 0 for row in rows)
