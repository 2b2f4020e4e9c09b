"""How well the kennisbank's search finds what visitors mean; writes docs/kennisbank.md's figures.

    .venv/bin/python -m scripts.kennis_quality [--write]

Each phrasing in tests/data/kennis_phrasings.tsv is searched in the demo's
starter set through the store (FTS5 trigram candidates, ranked by
core/knowledge_match.py); the share found first and in the top 3 is printed,
and with --write replaces the block between the markers in docs/kennisbank.md.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHRASINGS = ROOT / "tests" / "data" / "kennis_phrasings.tsv"
DOC = ROOT / "docs" / "kennisbank.md"
BEGIN, END = "<!-- quality:begin -->", "<!-- quality:end -->"


@dataclass
class Quality:
    count: int = 0
    first_hits: int = 0
    top3_hits: int = 0
    missed: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (phrasing, wanted, got)

    @property
    def first(self) -> float:
        return self.first_hits / self.count

    @property
    def top3(self) -> float:
        return self.top3_hits / self.count


def load_phrasings(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            subject, phrasing = line.split("\t")
            rows.append((subject, phrasing))
    return rows


def measure(store, config) -> Quality:
    from balie.clock import parse_local
    from balie.demo import load_starter_set

    load_starter_set(store, config, parse_local("2026-11-02T07:00"))
    known = {subject.name for subject in store.knowledge.all()}
    quality = Quality()
    for wanted, phrasing in load_phrasings(PHRASINGS):
        assert wanted in known, f"{wanted!r} is not in the starter set"
        got = [match.subject.name for match in store.knowledge.search(phrasing, limit=3)]
        quality.count += 1
        quality.first_hits += bool(got) and got[0] == wanted
        quality.top3_hits += wanted in got
        if not got or got[0] != wanted:
            quality.missed.append((phrasing, wanted, got))
    return quality


def report(quality: Quality) -> str:
    lines = [
        f"- phrasings: {quality.count} (`tests/data/kennis_phrasings.tsv`), subjects: the demo's starter set",
        f"- found first: **{quality.first:.1%}** ({quality.first_hits} of {quality.count})",
        f"- found in the top 3: **{quality.top3:.1%}** ({quality.top3_hits} of {quality.count})",
        "",
        "Not first (phrasing → wanted; what came first):",
        "",
    ]
    lines += [
        f"- {'' if wanted in got else '**not in top 3** '}“{phrasing}” → {wanted}; {got[0] if got else 'nothing'}"
        for phrasing, wanted, got in quality.missed
    ]
    return "\n".join(lines)


def main() -> None:
    from balie.clock import FixedClock, parse_local
    from balie.config import default_config
    from balie.store import Store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/kennisbank.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "quality.sqlite", FixedClock(parse_local("2026-11-20T10:00")))
        text = report(measure(store, default_config()))
        store.close()
    print(text)
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        block = f"{BEGIN}\n{text}\n{END}"
        DOC.write_text(re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, doc, flags=re.S), encoding="utf-8")


if __name__ == "__main__":
    main()
