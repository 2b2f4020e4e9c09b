"""Soak: several processes at desks and counters at once; nothing is lost or unexplained."""

from __future__ import annotations

import os

from scripts.soak import run


def test_soak_every_visitor_ends_in_one_final_state_and_the_log_explains_it(tmp_path):
    seconds = float(os.environ.get("BALIE_SOAK_SECONDS", "20"))
    report = run(tmp_path / "soak.sqlite", processes=6, seconds=seconds)
    assert report["worker_failures"] == []
    assert report["visits"] > 100 and report["changes"] > 500
    assert report["not_final"] == []
    assert report["log_mismatches"] == []
    assert report["unaccounted"] == {}
    assert report["times_backwards"] == 0  # commit order is time order (issue 14)
    assert report["integrity"] == "ok"
