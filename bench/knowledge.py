"""The kennisbank's search while a host types, with 2,000 subjects and a year of history.

Fills a temporary database (made by ``Store``: the real schema and indexes)
with the demo's 46 subjects plus generated ones up to 2,000, and a year of
visits (``bench.report_year.generate``) that carry subjects. Then every
phrasing of ``tests/data/kennis_phrasings.tsv`` is searched as it is typed
(each prefix that ends a word, and the whole), three ways:

- **FTS5 + rank** (what balie does, ``store.knowledge.search``): the trigram
  index gives 60 candidates, the core ranks them;
- **LIKE scan** (the baseline): every subject whose name or words contain one
  of the question's canonical words (``LIKE '%word%'``), ranked the same way;
- **full rank**: the core's ranking over all subjects in Python (a fuzzy
  matcher with no index).

It also counts how often each finds the phrasing's subject first / in the top
3 among the 2,000, and times the year's kennisbank figures
(``store.knowledge.counts``). A frame is 1/60 s (16.7 ms).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import median, percentile, ratio, table

FRAME_MS = 1000 / 60
PIECES = (
    "bouw", "water", "school", "sport", "markt", "haven", "fiets", "straat", "kinder", "zorg", "cultuur",
    "wijk", "park", "energie", "monument", "reclame", "vis", "jacht", "dieren", "jongeren", "senioren",
    "muziek", "kunst", "boot", "graf", "kermis", "terras", "woonwagen", "camper", "standplaats",
)
KINDS = (
    "regeling", "subsidie", "melding", "loket", "ontheffing", "toeslag", "heffing", "register",
    "plan", "overleg", "fonds", "keuring", "pas", "vergoeding", "inspectie",
)
ACTIONS = ("aanvragen", "wijzigen", "stopzetten", "verlengen", "bezwaar", "informatie")


def generated_subjects(count: int):
    """``count`` plausible subjects none of the phrasings mean (their words overlap on purpose)."""
    from balie.core.knowledge import Subject

    domains = ("burgerzaken", "vergunningen", "sociaal", None)
    found = []
    for index in range(count):
        piece = PIECES[index % len(PIECES)]
        kind = KINDS[(index // len(PIECES)) % len(KINDS)]
        action = ACTIONS[(index // (len(PIECES) * len(KINDS))) % len(ACTIONS)]
        compound = piece + kind
        found.append(Subject(
            name=f"{compound.capitalize()} {action} {index}",
            words=(compound, f"{piece} {kind}", f"{kind} {action}"),
            domain=domains[index % len(domains)],
            answer="Zie de website.",
        ))
    return found


def typed_prefixes(phrase: str) -> list[str]:
    """What the search sees while a host types ``phrase``: after each word, and the whole."""
    return [phrase[:i] for i, ch in enumerate(phrase) if ch == " "] + [phrase]


def like_search(store, query: str, limit: int = 5):
    from balie.core.knowledge_match import canonical, rank
    from balie.store.knowledge import SUBJECT_COLUMNS, subject_from_row

    words = list(dict.fromkeys(canonical(query)))
    if not words:
        return []
    where = " OR ".join("(lower(name) LIKE ? OR lower(words) LIKE ?)" for _ in words)
    params = [p for word in words for p in (f"%{word}%", f"%{word}%")]
    rows = store.conn.execute(
        f"SELECT {SUBJECT_COLUMNS} FROM subjects WHERE retired_ms IS NULL AND ({where})", params
    ).fetchall()
    return rank(query, (subject_from_row(row) for row in rows), limit)


def run(quick: bool = False) -> dict:
    from balie.clock import FixedClock, parse_local
    from balie.config import default_config
    from balie.core.knowledge_match import rank
    from balie.demo import load_starter_set
    from balie.store import Store
    from bench import report_year
    from scripts.kennis_quality import PHRASINGS, load_phrasings

    subjects_total = 300 if quick else 2000
    visits_total = 20_000 if quick else 250_000
    phrasings = load_phrasings(PHRASINGS)[: 30 if quick else None]
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "kennis.sqlite", FixedClock(parse_local(report_year.NOW)))
        config = default_config()
        load_starter_set(store, config, parse_local("2025-11-01T07:00"))
        store.clock = FixedClock(parse_local("2025-11-02T07:00"))
        store.knowledge.apply_import(generated_subjects(subjects_total - store.knowledge.count()), None, "bench")
        store.clock = FixedClock(parse_local(report_year.NOW))
        report_year.generate(store, visits_total)
        with store.write() as (conn, _, _):  # most visits and quick answers carry a subject
            conn.execute(f"UPDATE visits SET subject_id = 1 + abs(random()) % {subjects_total} WHERE random() % 10 <> 0")
            conn.execute(f"UPDATE quick_answers SET subject_id = 1 + abs(random()) % {subjects_total}")
        everything = store.knowledge.all(retired=False)
        ways = {
            "FTS5 + rank": lambda q: store.knowledge.search(q),
            "LIKE scan": lambda q: like_search(store, q),
            "full rank": lambda q: rank(q, everything),
        }
        queries = [prefix for _, phrase in phrasings for prefix in typed_prefixes(phrase)]
        result: dict = {"subjects": store.knowledge.count(), "queries": len(queries), "phrasings": len(phrasings)}
        for name, search in ways.items():
            search("warm up")
            times = []
            for query in queries:
                began = time.perf_counter()
                search(query)
                times.append((time.perf_counter() - began) * 1000)
            first = top3 = 0
            for wanted, phrase in phrasings:
                got = [match.subject.name for match in search(phrase)[:3]]
                first += bool(got) and got[0] == wanted
                top3 += wanted in got
            result[name] = {"ms": times, "first": first / len(phrasings), "top3": top3 / len(phrasings)}
        year = []
        for _ in range(3):
            began = time.perf_counter()
            store.knowledge.counts("2025-11-20", "2026-11-19")
            year.append((time.perf_counter() - began) * 1000)
        result["year_counts_ms"] = year
        result["visits"] = store.conn.execute("SELECT count(*) FROM visits").fetchone()[0]
        store.close()
    return result


def section(result: dict) -> str:
    rows = []
    baseline = median(result["LIKE scan"]["ms"])
    for name in ("FTS5 + rank", "LIKE scan", "full rank"):
        figures = result[name]
        times = figures["ms"]
        within = sum(t <= FRAME_MS for t in times) / len(times)
        rows.append([
            name, f"{median(times):.2f}", f"{percentile(times, 0.9):.2f}", f"{max(times):.1f}",
            f"{within:.1%}", ratio(median(times), baseline), f"{figures['first']:.0%}", f"{figures['top3']:.0%}",
        ])
    return (
        "## Kennisbank search\n\n"
        f"`bench/knowledge.py`: {result['subjects']:,} subjects, {result['visits']:,} visits of a year; "
        f"{result['queries']} searches as {result['phrasings']} visitor phrasings are typed (after each word). "
        "Milliseconds per search; a frame is 16.7 ms. First / top 3: the phrasing's subject among all "
        "subjects (the generated ones share words with the real ones on purpose).\n\n"
        + table(["search", "median ms", "p90 ms", "max ms", "within a frame", "vs LIKE", "first", "top 3"], rows)
        + f"\n\nThe year's kennisbank figures (`store.knowledge.counts`, SQL aggregates on a covering index, "
        f"no per-day cache): {median(result['year_counts_ms']):.0f} ms.\n"
    )


if __name__ == "__main__":
    print(section(run(quick=False)))
