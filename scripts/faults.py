"""Try each fault balie must survive and print what happened.

    .venv/bin/python -m scripts.faults [--soak-seconds 120]

Every fault runs the real ``balie`` command (or a store in a child process)
on a scratch database, checks what the issue asks (clear Dutch message, exit
code, file unchanged, recovery once the cause is gone) and prints one verdict
per fault. Permission faults run the command as ``nobody`` when started as
root, because root may write anywhere. docs/reliability.md is written from
this output.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BALIE = [sys.executable, "-m", "balie"]
NOW = "2026-11-20T10:00"
NOBODY = 65534
results: list[tuple[str, bool]] = []


def balie(*args: str, now: str = NOW, nobody: bool = False, env: dict | None = None):
    command = [*BALIE, *args]
    if nobody and os.geteuid() == 0:
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
        # nobody may not look into root's folders: its own (empty) config and data.
        env = {"XDG_CONFIG_HOME": "/nonexistent", "XDG_DATA_HOME": "/nonexistent", **(env or {})}
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "BALIE_NOW": now, **(env or {})}, timeout=120,
    )
    return done.returncode, done.stdout.strip(), done.stderr.strip()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"


def report(title: str, ok: bool, *lines: str) -> None:
    results.append((title, ok))
    print(f"\n== {title}: {'OK' if ok else 'FOUT'}")
    for line in lines:
        print(f"   {line}")


def give_to_nobody(*paths: Path) -> None:
    if os.geteuid() == 0:
        for path in paths:
            os.chown(path, NOBODY, NOBODY)


# -- the faults ------------------------------------------------------------------


def sigkill_burst(work: Path) -> None:
    db = work / "kill.sqlite"
    balie("--db", str(db), "register", "--domain", "b")
    script = (
        "import sys\nfrom balie.clock import FixedClock, parse_local\n"
        "from balie.config import default_config\nfrom balie.store import Store\n"
        f"s = Store({str(db)!r}, FixedClock(parse_local({NOW!r})))\n"
        "d = default_config().domains\n"
        "for n in range(10**6):\n    print(s.register(d[n % 3], name='x').ticket, flush=True)\n"
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
        "SIGKILL midden in een reeks aanmeldingen (5x)", not missing and check == "ok",
        f"{len(printed)} tickets gemeld als klaar, {len(missing)} ontbreken; "
        f"{len(stored)} in de database; integrity_check: {check}",
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
        "Database langer op slot dan het geduld (3 s in deze proef, normaal 30 s)",
        done.returncode == 1 and "bezet" in done.stderr and unchanged and code == 0,
        f"tijdens het slot: exit {done.returncode} na {waited:.1f} s, stderr: {done.stderr.strip()}",
        f"bestand ongewijzigd: {unchanged}; lezen ging door: export exit {read_code}",
        f"na het slot: exit {code}, {out}",
    )


def folder_faults(work: Path) -> None:
    blocker = work / "een-bestand"
    blocker.write_text("x")
    code, _, err = balie("--db", str(blocker / "sub" / "balie.sqlite"), "register", "--domain", "b")
    report(
        "Map die niet gemaakt kan worden (pad loopt door een bestand)",
        code == 1 and "kan niet worden aangemaakt" in err,
        f"exit {code}, stderr: {err}",
    )

    missing = work / "nieuwe-map" / "balie.sqlite"
    code, out, err = balie("--db", str(missing), "register", "--domain", "b")
    mode = oct(missing.stat().st_mode & 0o777) if missing.exists() else "-"
    report(
        "Ontbrekende map (eerste start): wordt aangemaakt",
        code == 0 and mode == "0o600",
        f"exit {code}, {out}; bestand {mode}",
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
        "Alleen-lezen map, nieuwe database",
        code == 1 and "mag balie niet schrijven" in err and not created and code2 == 0,
        f"exit {code}, stderr: {err}; bestand aangemaakt: {created}",
        f"map weer schrijfbaar: exit {code2}, {out2}",
    )

    _unwritable(
        work / "bestaand", lambda db: db.parent.chmod(0o555), lambda db: db.parent.chmod(0o755),
        "Alleen-lezen map met een bestaande database (-wal en -shm kunnen er niet bij)",
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
        f"exit {code}, stderr: {err}; bestand ongewijzigd: {before == after}",
        f"weer schrijfbaar: exit {code2}, {out2}",
    )


def read_only_file(work: Path) -> None:
    _unwritable(
        work / "ro-bestand", lambda db: db.chmod(0o400), lambda db: db.chmod(0o600),
        "Alleen-lezen databasebestand", "alleen-lezen",
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
        ("Tekstbestand als database", text, "geen balie-database"),
        ("SQLite-bestand van een ander programma", foreign, "geen balie-database"),
        ("Beschadigde balie-database", damaged, "geen (leesbare) balie-database"),
        ("Database van een nieuwere balie", newer, "nieuwere versie"),
    ):
        before = sha(path)
        code, _, err = balie("--db", str(path), "desk")
        after = sha(path)
        report(
            title, code == 1 and expect in err and before == after and "Traceback" not in err,
            f"balie desk: exit {code}, stderr: {err}; bestand ongewijzigd: {before == after}",
        )


def moved_away(work: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from balie.clock import FixedClock, parse_local
    from balie.config import default_config
    from balie.errors import BalieError
    from balie.store import Store

    db = work / "weg.sqlite"
    store = Store(db, FixedClock(parse_local(NOW)))
    store.register(default_config().domain("b"))
    os.rename(db, work / "elders.sqlite")
    messages = []
    for action in (store.data_version, lambda: store.register(default_config().domain("b"))):
        try:
            action()
        except BalieError as error:
            messages.append(str(error))
    os.rename(work / "elders.sqlite", db)
    ticket = store.register(default_config().domain("b")).ticket
    report(
        "Database verplaatst terwijl een scherm draait",
        len(messages) == 2 and ticket == "B002",
        f"poll en aanmelding geweigerd: {messages[0] if messages else '-'}",
        f"teruggezet: het scherm gaat verder, volgende ticket {ticket} (banner verdwijnt; "
        "tests/test_reliability_ui.py)",
    )
    store.close()


def backup_while_writing(work: Path) -> None:
    db = work / "bron.sqlite"
    balie("--db", str(db), "register", "--domain", "b")
    script = (
        "from balie.clock import FixedClock, parse_local\nfrom balie.config import default_config\n"
        f"from balie.store import Store\ns = Store({str(db)!r}, FixedClock(parse_local({NOW!r})))\n"
        "d = default_config().domains\nfor n in range(10**6):\n    s.register(d[n % 3])\n"
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
        "balie backup terwijl een ander proces schrijft (3x)", ok,
        *(f"exit {c}: {v} bezoeken, {r} aanmeldingen in het logboek, integrity_check {k}" for c, v, r, k in outcomes),
        f"bestaand doel zonder --force: exit {code}, stderr: {err}",
    )


def purge_bytes(work: Path) -> None:
    db = work / "privacy.sqlite"
    name, question = "Hendrika Zwanenburg", "schuldhulp na ontslag"
    balie("--db", str(db), "register", "--domain", "s", "--name", name, "--question", question, now="2026-11-19T10:00")
    balie("--db", str(db), "next", "--counter", "Balie 1", now="2026-11-19T10:05")
    balie("--db", str(db), "transfer", "S1", "--domain", "b", "--note", "Zwanenburg belt terug", now="2026-11-19T10:10")
    raw = b"".join(p.read_bytes() for p in work.glob("privacy.sqlite*"))
    before = name.encode() in raw
    code, out, _ = balie("--db", str(db), "purge", now="2026-11-20T08:00")
    raw = b"".join(p.read_bytes() for p in work.glob("privacy.sqlite*"))
    left = [t for t in (name, question, "Zwanenburg") if t.encode() in raw]
    conn = sqlite3.connect(db)
    state = conn.execute("SELECT ticket, domain, state FROM visits").fetchone()
    conn.close()
    report(
        "Bewaartermijn: naam, vraag en notitie weg uit bestand en WAL",
        before and code == 0 and not left,
        f"voor purge in de bytes: {before}; balie purge: {out}",
        f"daarna nog in de bytes: {left or 'niets'}; het bezoek blijft als cijfer: {state}",
    )


def hostile_cli_text(work: Path) -> None:
    db = work / "tekst.sqlite"
    typed = "\x1b[2J\x1b]0;gehackt\x07[bold red]Jan[/] \u202eטקסט 👨\u200d👩\u200d👧\tnaam"
    code, out, err = balie("--db", str(db), "register", "--domain", "b", "--name", typed)
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT name FROM visits").fetchone()[0]
    conn.close()
    report(
        "Vijandige tekst via de opdrachtregel",
        code == 0 and "\x1b" not in stored and "[bold red]Jan[/]" in stored,
        f"getypt: {typed!r}", f"bewaard: {stored!r}",
    )


def soak(work: Path, seconds: float) -> None:
    sys.path.insert(0, str(ROOT))
    from scripts.soak import run

    result = run(work / "soak.sqlite", processes=8, seconds=seconds)
    ok = (not result["worker_failures"] and not result["not_final"] and not result["log_mismatches"]
          and not result["unaccounted"] and result["integrity"] == "ok")
    report(
        f"Soak: 8 processen, {seconds:.0f} s balie- en gastvrouwwerk", ok,
        f"{result['visits']} bezoekers, {result['changes']} wijzigingen, {result['refused']} terecht geweigerd "
        "(een ander was eerder)",
        f"eindtoestanden: {result['states']}; niet-eind: {len(result['not_final'])}; "
        f"logboek wijkt af: {len(result['log_mismatches'])}; onverklaard: {result['unaccounted'] or 'niets'}; "
        f"integrity_check {result['integrity']}",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Probeer de storingen uit docs/reliability.md.")
    parser.add_argument("--soak-seconds", type=float, default=120)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="balie-faults-"))
    os.chmod(work, 0o755)
    try:
        for fault in (sigkill_burst, lock_held, folder_faults, read_only_file, not_balie,
                      moved_away, backup_while_writing, purge_bytes, hostile_cli_text):
            fault(work)
        soak(work, args.soak_seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failed = [title for title, ok in results if not ok]
    print(f"\n{len(results) - len(failed)} van {len(results)} storingen goed doorstaan.")
    for title in failed:
        print(f"FOUT: {title}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
