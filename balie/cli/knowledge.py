"""``balie kennis``: search, list, import and export the kennisbank from the command line.

``zoek`` answers what the desk's wegwijzer would offer, for integrations and
for checking the search; ``import`` reads CSV or the text format (by the
file's extension, else by its content), says what it would change with
``--proef`` and never deletes a subject; ``export`` writes the text format
(or CSV for a ``.csv`` file) that ``import`` reads back unchanged.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from balie.cli.common import CLI_ACTOR, EXIT_NOTHING, context, shown
from balie.errors import BalieError

MAX_FILE_BYTES = 5_000_000  # a kennisbank of 2,000 subjects is a few hundred kB


def add_knowledge_commands(commands, common: argparse.ArgumentParser) -> None:
    kennis = commands.add_parser(
        "kennis", help="de kennisbank: zonder actie het scherm; zoeken, opsommen, importeren, exporteren",
        parents=[common],
    )
    actions = kennis.add_subparsers(dest="kennis", metavar="ACTIE", parser_class=type(kennis))
    zoek = actions.add_parser("zoek", help="welke onderwerpen passen bij een vraag (beste eerst)", parents=[common])
    zoek.add_argument("vraag", metavar="VRAAG", help='de vraag in de woorden van de bezoeker, bijv. "paspoort verlopen"')
    zoek.add_argument("--aantal", "-n", type=int, default=5, metavar="N", help="hoogstens zoveel (standaard 5)")
    zoek.add_argument("--json", action="store_true", help="als JSON (voor koppelingen)")
    lijst = actions.add_parser("lijst", help="alle onderwerpen met hun domein", parents=[common])
    lijst.add_argument("--alles", action="store_true", help="ook vervallen onderwerpen")
    export = actions.add_parser(
        "export", help="schrijf de kennisbank als tekst (of CSV voor een .csv-bestand)", parents=[common]
    )
    export.add_argument("bestand", nargs="?", metavar="BESTAND", help="standaard: het scherm (tekstformaat)")
    export.add_argument("--csv", action="store_true", help="CSV voor Excel, ook naar het scherm")
    imp = actions.add_parser(
        "import", help="lees onderwerpen uit CSV of het tekstformaat; verwijdert nooit iets", parents=[common]
    )
    imp.add_argument("bestand", metavar="BESTAND")
    imp.add_argument("--proef", "--dry-run", dest="proef", action="store_true", help="zeg alleen wat er zou veranderen")


def cmd_kennis(args: argparse.Namespace) -> int:
    action = getattr(args, "kennis", None)
    if action is None:  # the curator's screen
        from balie.cli.screens import cmd_screen

        return cmd_screen(args)
    return {"zoek": _search, "lijst": _list, "export": _export, "import": _import}[action](args)


def _search(args: argparse.Namespace) -> int:
    config, _, store = context(args, read_only=True)
    if args.aantal < 1:
        raise BalieError("--aantal moet minstens 1 zijn.")
    matches = store.knowledge.search(args.vraag, limit=args.aantal)
    if args.json:
        json.dump(
            [
                {"id": m.subject.id, "name": m.subject.name, "domain": m.subject.domain,
                 "desk": m.subject.desk, "answer": m.subject.answer, "score": m.score}
                for m in matches
            ],
            sys.stdout, ensure_ascii=False, indent=2,
        )
        print()
    else:
        for number, match in enumerate(matches, 1):
            subject = match.subject
            where = config.label(subject.domain) if subject.domain else "aan de desk"
            print(shown(f"{number}. {subject.name} ({where})"))
            if subject.answer:
                print(shown(f"   {subject.answer}"))
    if not matches:
        print("Geen onderwerp gevonden.", file=sys.stderr)
        return EXIT_NOTHING
    return 0


def _list(args: argparse.Namespace) -> int:
    config, _, store = context(args, read_only=True)
    subjects = store.knowledge.all(retired=args.alles)
    lines = []
    for subject in subjects:
        where = config.label(subject.domain) if subject.domain else "desk"
        marks = ("  [vervallen]" if subject.retired else "") + ("  [aan de balie]" if subject.desk else "")
        lines.append(shown(f"{subject.name:<40} {where:<14}{marks}".rstrip()) + "\n")
    _write_stdout("".join(lines))
    print(f"{len(subjects)} onderwerpen", file=sys.stderr)
    return 0


def _write_stdout(text: str) -> None:
    """To the terminal or a pipe; a reader that has enough (``| head``) is no error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _export(args: argparse.Namespace) -> int:
    from balie.core.knowledge_formats import to_csv, to_text
    from balie.export import open_private

    _, _, store = context(args, read_only=True)
    subjects = store.knowledge.all()
    as_csv = args.csv or (args.bestand or "").lower().endswith(".csv")
    text = to_csv(subjects) if as_csv else to_text(subjects)
    if not args.bestand:
        _write_stdout(("\ufeff" if as_csv else "") + text)
        return 0
    try:
        if as_csv:
            with open_private(args.bestand) as out:  # the BOM tells Excel it is UTF-8
                out.write(text)
        else:
            Path(args.bestand).write_text(text, encoding="utf-8")
    except OSError as error:
        raise BalieError(f"Kan {args.bestand!r} niet schrijven: {error.strerror or error}.") from error
    print(f"{len(subjects)} onderwerpen geschreven naar {shown(args.bestand)}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from balie.core.knowledge_formats import parse

    config, _, store = context(args, upkeep=False)
    subjects = [_with_domain_key(subject, config) for subject in parse(_read(args.bestand), args.bestand)]
    domains = [domain.key for domain in config.domains]
    if args.proef:
        plan = store.knowledge.plan_import(subjects, domains)
    else:
        plan = store.knowledge.apply_import(subjects, domains, _actor(store))
    for subject in plan.added:
        print(shown(f"+ {subject.name}"))
    for old, new in plan.changed:
        print(shown(f"~ {new.name}" + (f" (was {old.name})" if old.name != new.name else "")))
    summary = (
        f"{len(plan.added)} nieuw, {len(plan.changed)} gewijzigd, {plan.same} ongewijzigd; "
        f"{plan.not_in_file} niet in het bestand (blijven staan)"
    )
    if args.proef:
        print(f"Proef: {summary}. Er is niets veranderd.", file=sys.stderr)
    else:
        print(f"Geïmporteerd: {summary}.", file=sys.stderr)
    return 0


def _read(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise BalieError(f"Kan {path!r} niet lezen: {error.strerror or error}.") from error
    if len(data) > MAX_FILE_BYTES:
        raise BalieError(f"{path!r} is te groot voor een kennisbank (hoogstens 5 MB).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")  # an older Excel's "CSV (gescheiden door lijstscheidingsteken)"
        except UnicodeDecodeError:
            raise BalieError(f"{path!r} is geen tekstbestand (UTF-8).") from None


def _with_domain_key(subject, config):
    """A domain named by key, letter or label, as its key (a file may say 'Burgerzaken')."""
    if not subject.domain:
        return subject
    return replace(subject, domain=config.domain(subject.domain).key)


def _actor(store) -> str:
    return store.person or CLI_ACTOR
