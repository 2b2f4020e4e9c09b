"""Run every benchmark and write docs/benchmarks.md: ``python -m bench``.

``--quick`` runs a small version of each (a smoke run; the figures mean
little), ``--only NAME`` runs some of them and keeps the other sections of
the page as they were. A quick run writes the page only with ``--output``.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import sys
import time
from pathlib import Path

from bench.common import DOC, compile_balie, machine, table

# In page order: module name, the heading its section starts with.
BENCHMARKS = {
    "startup": "## Start-up",
    "propagation": "## Propagation",
    "contention": "## Call-next",
    "report": "## Reports",
    "memory": "## Memory",
    "growth": "## How the costs grow",
    "hall": "## Hall pages",
    "knowledge": "## Kennisbank search",
}
SLOW_SPOTS = Path(__file__).with_name("slow_spots.md")
COMMAND = "python -m bench"


def _old_sections(path: Path) -> dict[str, str]:
    """The sections of an earlier page, by benchmark name."""
    if not path.exists():
        return {}
    text = path.read_text()
    found = {}
    for name, heading in BENCHMARKS.items():
        start = text.find("\n" + heading)
        if start == -1:
            continue
        end = text.find("\n## ", start + 1)
        found[name] = text[start + 1:end + 1 if end != -1 else len(text)].rstrip() + "\n"
    return found


def page(sections: dict[str, str], seconds: float, command: str) -> str:
    facts = machine()
    head = (
        "# Benchmarks\n\n"
        "How fast balie is and how its cost grows, each figure against a baseline measured in "
        "the same run. Regenerate this page with one command (under 10 minutes on 2 cores):\n\n"
        f"```sh\n.venv/bin/{COMMAND}\n```\n\n"
        f"`--quick` for a smoke run, `--only {','.join(BENCHMARKS)}` for some of them "
        "(the other sections stay as they were).\n\n"
        f"Last run: `{command}` on {datetime.date.today().isoformat()}, "
        f"{seconds / 60:.1f} minutes.\n\n"
        + table(["machine", ""], list(facts.items()))
        + "\n\nFigures are medians with their spread in brackets (interquartile range from 8 "
        "values on, else min–max). Other work on the machine during a run shows in the spread; "
        "the ratios to the baselines are the point.\n"
    )
    body = [sections[name] for name in BENCHMARKS if name in sections]
    tail = SLOW_SPOTS.read_text() if SLOW_SPOTS.exists() else ""
    return "\n".join([head, *body, tail]).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small, fast smoke run")
    parser.add_argument("--only", metavar="NAME[,NAME]", help=f"some of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--output", type=Path, help=f"the page to write (default {DOC.relative_to(DOC.parents[1])})")
    args = parser.parse_args(argv)
    names = list(BENCHMARKS)
    if args.only:
        names = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in names if name not in BENCHMARKS]
        if unknown:
            parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    output = args.output or (None if args.quick else DOC)

    started = time.perf_counter()
    compile_balie()
    sections = _old_sections(output) if output and args.only else {}
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name} ...", file=sys.stderr, flush=True)
        began = time.perf_counter()
        result = module.run(quick=args.quick)
        sections[name] = module.section(result)
        print(sections[name], flush=True)
        print(f"   ({time.perf_counter() - began:.0f} s)", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    if output:
        command = " ".join([COMMAND, *(argv if argv is not None else sys.argv[1:])])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(page(sections, seconds, command))
        print(f"written: {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
