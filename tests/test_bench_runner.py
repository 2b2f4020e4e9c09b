"""The benchmark runner keeps working (it is not a test of speed: no timings asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.__main__ import BENCHMARKS, page
from bench.common import machine, median, percentile, spread, summary, table

ROOT = Path(__file__).resolve().parent.parent


def test_statistics_helpers() -> None:
    values = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert median(values) == 3.0
    assert spread(values) == (1.0, 5.0)  # few values: min and max
    assert spread(list(range(1, 10))) == (3, 7)  # from 8 values on: the interquartile range
    assert percentile(list(range(101)), 0.99) == 99
    assert summary([0.001, 0.002, 0.003], scale=1000) == "2 (1–3)"


def test_page_has_machine_sections_and_command() -> None:
    text = page({"growth": "## How the costs grow\n\nfigures\n"}, 61.0, "python -m bench --only growth")
    assert "python -m bench" in text and "## How the costs grow" in text
    for key in ("CPU", "cores", "RAM", "OS", "Python", "SQLite", "Textual"):
        assert key in machine()
    assert table(["a", "b"], [[1, 2]]) == "| a | b |\n|---|---|\n| 1 | 2 |"
    assert set(BENCHMARKS) == {
        "startup", "propagation", "contention", "report", "memory", "growth", "hall", "knowledge",
    }


def test_quick_run_of_a_cheap_benchmark(tmp_path: Path) -> None:
    output = tmp_path / "benchmarks.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "growth", "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    text = output.read_text()
    assert "## How the costs grow" in text and "python -m bench" in text
