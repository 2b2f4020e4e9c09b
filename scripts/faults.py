"""Try each fault balie must survive, print what happened, and write docs/reliability.md.

    .venv/bin/python -m scripts.faults [--soak-seconds 120] [--dry-run]

Every fault runs the real ``balie`` command (or a store in a child process)
on a scratch database, checks what the issues ask (clear Dutch message, exit
code, file unchanged, recovery once the cause is gone, nothing lost, nothing
leaked) and prints one verdict per fault. Permission faults run the command as
``nobody`` when started as root, because root may write anywhere. The table
of docs/reliability.md is written from these verdicts (not with --dry-run).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.fault_kit import NOW, ROOT, balie, give_to_nobody, raw_bytes, report, results, sha

PAGE = ROOT / "docs" / "reliability.md"
BEGIN, END = "<!-- faults:begin (written by python -m scripts.faults) -->", "<!-- faults:end -->"


# -- the faults ------------------------------------------------------------------


def sigkill_burst(work: Path) -> None:
    db = work / "kill.sqlite"
    balie("--db", str(db), "register", "--domain", "b")
    script = (
        "import sys\nfrom balie.clock import FixedClock, parse_local\n"
        "from balie.config import default_config\nfrom balie.store import Store\n"
        f"s = Store({str(db)!r}, FixedClock(parse_local({NOW!r})))\n"
        "d = default_config().domains\n"
        "for n in range(10**6):\n    print(s.desk.register(d[n % 3], name='x').ticket, flush=True)\n"
    )
    printed: list[str] = []
    for round_ in range(5):
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
        goal = len(printed) + 300 + 71 * round_
        while len(printed) < goal:
            printed.append(child.stdout.readline().strip())
        child.kill()
        child.wait()
        printed += [line.strip() for line in child.stdout if line.strip()]
    conn = sqlite3.connect(db)
    stored = {row[0] for row in conn.execute("SELECT ticket FROM visits WHERE day = '2026-11-20'")}
    check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    missing = set(printed) - stored
    report(
        "A process registering as fast as it can is killed with SIGKILL, five times",
        not missing and check == "ok",
        f"{len(printed)} tickets printed as done, {len(missing)} of them missing; "
        f"{len(stored)} in the database; integrity_check: {check}",
    )


def lock_held(work: Path) -> None:
    db = work / "lock.sqlite"
    balie("--db", str(db), "register", "--domain", "b")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    before = sha(db)
    started = time.monotonic()
    patient = (
        "import sys; from balie.store import database; database.WRITE_PATIENCE_S = 3; "
        "from balie.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", patient, "--db", str(db), "register", "--domain", "b"],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "BALIE_NOW": NOW},
    )
    waited = time.monotonic() - started
    unchanged = sha(db) == before
    read_code, read_out, _ = balie("--db", str(db), "export")
    holder.execute("ROLLBACK")
    holder.close()
    code, out, _ = balie("--db", str(db), "register", "--domain", "b")
    report(
        "Another program holds the write lock longer than balie's patience (3 s here, 30 s normally)",
        done.returncode == 1 and "bezet" in done.stderr and unchanged and code == 0,
        f"during the lock: exit {done.returncode} after {waited:.1f} s, stderr: {done.stderr.strip()}",
        f"file unchanged: {unchanged}; reading went on: export exit {read_code}",
        f"after the lock: exit {code}, {out}",
    )


def folder_faults(work: Path) -> None:
    blocker = work / "een-bestand"
    blocker.write_text("x")
    code, _, err = balie("--db", str(blocker / "sub" / "balie.sqlite"), "register", "--domain", "b")
    report(
        "--db in a folder that cannot be made (the path runs through a file)",
        code == 1 and "kan niet worden aangemaakt" in err,
        f"exit {code}, stderr: {err}",
    )

    missing = work / "nieuwe-map" / "balie.sqlite"
    code, out, err = balie("--db", str(missing), "register", "--domain", "b")
    mode = oct(missing.stat().st_mode & 0o777) if missing.exists() else "-"
    report(
        "--db in a folder that does not exist yet (first start)",
        code == 0 and mode == "0o600",
        f"exit {code}, {out}; the folder is made, the file is {mode}",
    )

    locked = work / "alleen-lezen-map"
    locked.mkdir()
    give_to_nobody(locked)
    locked.chmod(0o555)
    code, _, err = balie("--db", str(locked / "balie.sqlite"), "register", "--domain", "b", nobody=True)
    created = (locked / "balie.sqlite").exists()
    locked.chmod(0o755)
    code2, out2, _ = balie("--db", str(locked / "balie.sqlite"), "register", "--domain", "b", nobody=True)
    report(
        "A read-only folder, new database",
        code == 1 and "mag balie niet schrijven" in err and not created and code2 == 0,
        f"exit {code}, stderr: {err}; file created: {created}",
        f"folder writable again: exit {code2}, {out2}",
    )

    _unwritable(
        work / "bestaand", lambda db: db.parent.chmod(0o555), lambda db: db.parent.chmod(0o755),
        "A read-only folder with an existing database (its -wal and -shm cannot be made)",
        "mag balie niet schrijven",
    )


def _unwritable(folder: Path, spoil, mend, title: str, expect: str) -> None:
    """A database of nobody's made unwritable, tried, made writable again, tried again."""
    folder.mkdir()
    db = folder / "balie.sqlite"
    give_to_nobody(folder)
    balie("--db", str(db), "register", "--domain", "b", nobody=True)
    spoil(db)
    before = sha(db)
    code, _, err = balie("--db", str(db), "register", "--domain", "b", nobody=True)
    after = sha(db)
    mend(db)
    code2, out2, _ = balie("--db", str(db), "register", "--domain", "b", nobody=True)
    report(
        title,
        code == 1 and expect in err and before == after and code2 == 0,
        f"exit {code}, stderr: {err}; file unchanged: {before == after}",
        f"writable again: exit {code2}, {out2}",
    )


def read_only_file(work: Path) -> None:
    _unwritable(
        work / "ro-bestand", lambda db: db.chmod(0o400), lambda db: db.chmod(0o600),
        "A read-only database file", "alleen-lezen",
    )


def not_balie(work: Path) -> None:
    text = work / "notities.txt"
    text.write_text("boodschappen: melk, brood\n")
    foreign = work / "ander.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE klanten (naam TEXT)")
    conn.commit()
    conn.close()
    damaged = work / "beschadigd.sqlite"
    balie("--db", str(damaged), "register", "--domain", "b")
    raw = bytearray(damaged.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)
    damaged.write_bytes(bytes(raw))
    newer = work / "nieuwer.sqlite"
    balie("--db", str(newer), "register", "--domain", "b")
    conn = sqlite3.connect(newer)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.commit()
    conn.close()
    for title, path, expect in (
        ("A text file as database", text, "geen balie-database"),
        ("Another program's SQLite file", foreign, "geen balie-database"),
        ("A balie database with its first 4 KB overwritten", damaged, "geen (leesbare) balie-database"),
        ("A database from a newer balie", newer, "nieuwere versie"),
    ):
        before = sha(path)
        code, _, err = balie("--db", str(path), "desk")
        after = sha(path)
        report(
            title, code == 1 and expect in err and before == after and "Traceback" not in err,
            f"balie desk: exit {code}, stderr: {err}; file unchanged: {before == after}",
        )


def moved_away(work: Path) -> None:
    from balie.clock import FixedClock, parse_local
    from balie.config import default_config
    from balie.errors import BalieError
    from balie.store import Store

    db = work / "weg.sqlite"
    store = Store(db, FixedClock(parse_local(NOW)))
    store.desk.register(default_config().domain("b"))
    os.rename(db, work / "elders.sqlite")
    messages = []
    for action in (store.data_version, lambda: store.desk.register(default_config().domain("b"))):
        try:
            action()
        except BalieError as error:
            messages.append(str(error))
    os.rename(work / "elders.sqlite", db)
    ticket = store.desk.register(default_config().domain("b")).ticket
    report(
        "The database is moved away while a screen runs",
        len(messages) == 2 and ticket == "B002",
        f"the poll and a registration are refused: {messages[0] if messages else '-'}",
        f"moved back: the screen goes on, next ticket {ticket} (the banner goes; "
        "tests/test_reliability_ui.py)",
    )
    store.close()


def backup_while_writing(work: Path) -> None:
    db = work / "bron.sqlite"
    balie("--db", str(db), "register", "--domain", "b")
    script = (
        "from balie.clock import FixedClock, parse_local\nfrom balie.config import default_config\n"
        f"from balie.store import Store\ns = Store({str(db)!r}, FixedClock(parse_local({NOW!r})))\n"
        "d = default_config().domains\nfor n in range(10**6):\n    s.desk.register(d[n % 3])\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    time.sleep(1.0)
    outcomes = []
    for number in range(3):
        target = work / f"backup{number}.sqlite"
        code, out, err = balie("--db", str(db), "backup", str(target))
        conn = sqlite3.connect(target)
        visits = conn.execute("SELECT count(*) FROM visits").fetchone()[0]
        registered = conn.execute("SELECT count(*) FROM events WHERE type = 'registered'").fetchone()[0]
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
        outcomes.append((code, visits, registered, check))
    writer.kill()
    writer.wait()
    code, _, err = balie("--db", str(db), "backup", str(work / "backup0.sqlite"))
    ok = all(c == 0 and v == r and k == "ok" for c, v, r, k in outcomes) and code == 1
    report(
        "balie backup three times while another process registers without pause", ok,
        *(f"exit {c}: {v} visits, {r} registrations in the log, integrity_check {k}" for c, v, r, k in outcomes),
        f"an existing target without --force: exit {code}, stderr: {err}",
    )


def purge_bytes(work: Path) -> None:
    db = work / "privacy.sqlite"
    name, question = "Hendrika Zwanenburg", "schuldhulp na ontslag"
    balie("--db", str(db), "register", "--domain", "s", "--name", name, "--question", question, now="2026-11-19T10:00")
    balie("--db", str(db), "next", "--counter", "Balie 1", now="2026-11-19T10:05")
    balie("--db", str(db), "transfer", "S1", "--domain", "b", "--note", "Zwanenburg belt terug", now="2026-11-19T10:10")
    balie("--db", str(db), "close-day", now="2026-11-19T17:05")  # only an ended day is purged
    before = name.encode() in raw_bytes(db)
    code, out, _ = balie("--db", str(db), "purge", now="2026-11-20T08:00")
    raw = raw_bytes(db)
    left = [t for t in (name, question, "Zwanenburg") if t.encode() in raw]
    conn = sqlite3.connect(db)
    state = conn.execute("SELECT ticket, domain, state FROM visits").fetchone()
    conn.close()
    report(
        "Retention: a visit with name, question and a transfer note; the day closed; balie purge the next day",
        before and code == 0 and not left,
        f"in the bytes before: {before}; balie purge: {out}",
        f"in the bytes of file, -wal and -shm after: {left or 'nothing'}; the visit stays as a figure: {state}",
    )


def hostile_cli_text(work: Path) -> None:
    db = work / "tekst.sqlite"
    typed = "\x1b[2J\x1b]0;gehackt\x07[bold red]Jan[/] \u202eטקסט 👨\u200d👩\u200d👧\tnaam"
    code, out, err = balie("--db", str(db), "register", "--domain", "b", "--name", typed)
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT name FROM visits").fetchone()[0]
    conn.close()
    report(
        "Hostile text on the command line (escape sequences, markup, bidi override, ZWJ, tab)",
        code == 0 and "\x1b" not in stored and "[bold red]Jan[/]" in stored,
        f"typed: {typed!r}", f"stored: {stored!r}",
    )


def soak(work: Path, seconds: float) -> None:
    from scripts.soak import run

    result = run(work / "soak.sqlite", processes=8, seconds=seconds)
    ok = (not result["worker_failures"] and not result["not_final"] and not result["log_mismatches"]
          and not result["unaccounted"] and not result["times_backwards"] and result["integrity"] == "ok")
    report(
        f"Soak: 8 processes for {seconds:.0f} s, each a desk and a counter doing random actions, then close-day",
        ok,
        f"{result['visits']} visitors, {result['changes']} changes, {result['refused']} refused because "
        "another process was first",
        f"final states: {result['states']}; not final: {len(result['not_final'])}; log differs from "
        f"state: {len(result['log_mismatches'])}; unexplained: {result['unaccounted'] or 'nothing'}; "
        f"event times before the commit before them: {result['times_backwards']}; "
        f"integrity_check {result['integrity']}",
    )


def write_page(soak_seconds: float, work: Path) -> None:
    """Put the verdicts into docs/reliability.md, between its markers."""
    def cell(text: str) -> str:
        return text.replace(str(work), "…").replace("|", "\\|").replace("\n", " ")

    passed = sum(ok for _, ok, _ in results)
    who = "root (the permission faults as `nobody`)" if os.geteuid() == 0 else "an ordinary user"
    rows = [
        f"Run with `python -m scripts.faults --soak-seconds {soak_seconds:.0f}` on {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, as {who}: "
        f"{passed} of {len(results)} faults passed.",
        "",
        "| # | fault | what balie did | verdict |",
        "| --- | --- | --- | --- |",
        *(
            f"| {n} | {cell(title)} | {'<br>'.join(cell(line) for line in lines)} | {'ok' if ok else '**FAILED**'} |"
            for n, (title, ok, lines) in enumerate(results, start=1)
        ),
    ]
    page = PAGE.read_text(encoding="utf-8")
    head, rest = page.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    table = "\n".join(rows)
    PAGE.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", encoding="utf-8")
    print(f"\n{PAGE.relative_to(ROOT)} written.")


def main() -> int:
    from scripts import faults_hostile

    parser = argparse.ArgumentParser(description="Try the faults of docs/reliability.md.")
    parser.add_argument("--soak-seconds", type=float, default=120)
    parser.add_argument("--dry-run", action="store_true", help="print the verdicts only; write no page")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="balie-faults-"))
    os.chmod(work, 0o755)
    try:
        for fault in (sigkill_burst, lock_held, folder_faults, read_only_file, not_balie,
                      moved_away, backup_while_writing, purge_bytes, hostile_cli_text,
                      *faults_hostile.FAULTS):
            fault(work)
        soak(work, args.soak_seconds)
        if not args.dry_run:
            write_page(args.soak_seconds, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failed = [title for title, ok, _ in results if not ok]
    print(f"\n{len(results) - len(failed)} of {len(results)} faults passed.")
    for title in failed:
        print(f"FAILED: {title}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
