"""The faults of issue 14: wrong clocks, hostile files and configs, privacy gaps.

Run by ``python -m scripts.faults`` after the older faults; each one is what
an attacker or a careless administrator tried on a fresh install.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

from scripts.fault_kit import ROOT, balie, damage_a_visits_page, dump, query, raw_bytes, report, sha

FRIDAY = "2026-11-20"


def _friday(db: Path) -> None:
    """Friday's office at 16:00: one visitor at a counter, one waiting, both with a name."""
    balie("--db", str(db), "register", "--domain", "b", "--name", "Jozefien", now=f"{FRIDAY}T15:50")
    balie("--db", str(db), "register", "--domain", "b", "--name", "Hendrik", now=f"{FRIDAY}T15:55")
    balie("--db", str(db), "next", "--counter", "Balie 1", now=f"{FRIDAY}T16:00")


def _friday_states(db: Path) -> list[tuple]:
    return query(db, "SELECT ticket, state, name FROM visits WHERE day = ? ORDER BY id", (FRIDAY,))


# -- wrong clocks ------------------------------------------------------------------------


def tomorrow_reads(work: Path) -> None:
    db = work / "morgen.sqlite"
    _friday(db)
    before = dump(db)
    runs = [
        balie("--db", str(db), *command, now="2026-11-21T10:00")[0]
        for command in (("export",), ("report", "--format", "table"), ("backup", str(work / "k.sqlite")))
    ]
    unchanged = dump(db) == before
    code, out, _ = balie("--db", str(db), "register", "--domain", "v", now="2026-11-23T08:30")
    report(
        "A clock a day ahead (BALIE_NOW=tomorrow) runs export, report and backup; then a writing "
        "command on a fixed clock after the weekend",
        runs == [0, 0, 0] and unchanged and _friday_states(db) == [
            ("B001", "called", "Jozefien"), ("B002", "waiting", "Hendrik")],
        f"export, report, backup: exit {runs}; the database unchanged by them: {unchanged}",
        f"register on Monday (fixed clock): {out}; Friday still: {_friday_states(db)} "
        "(nobody made unserved, no name purged)",
    )


def absurd_clocks(work: Path) -> None:
    db = work / "absurd.sqlite"
    lines, ok = [], True
    for value in ("9999-12-31", "0001-01-01"):
        code, _, err = balie("--db", str(db), "export", now=value)
        ok &= code == 1 and "kan niet kloppen" in err and "Overflow" not in err
        lines.append(f"BALIE_NOW={value}: exit {code}, stderr: {err}")
    code, _, err = balie("--db", str(db), "register", "--domain", "b", system="1970-01-01T01:00")
    ok &= code == 1 and "kan niet kloppen" in err and not db.exists()
    lines.append(f"system clock at 1970: exit {code}, stderr: {err}; database created: {db.exists()}")
    report("Absurd clocks: BALIE_NOW 9999-12-31 and 0001-01-01, a system clock in 1970", ok, *lines)


def clock_behind(work: Path) -> None:
    db = work / "achter.sqlite"
    balie("--db", str(db), "register", "--domain", "b", now=f"{FRIDAY}T10:00")
    code, out, err = balie("--db", str(db), "register", "--domain", "b", now="2026-11-19T10:00")
    yesterday_ok = code == 1 and not out and "donderdag 19 november" in err and "vrijdag 20 november" in err
    # A clock a day ahead wrote; the right clock is then behind the database.
    ahead = balie("--db", str(db), "register", "--domain", "s", now="2026-11-21T09:00")[1]
    refused = balie("--db", str(db), "next", "--counter", "Balie 1", now=f"{FRIDAY}T10:05")
    shown = balie("--db", str(db), "clock", now=f"{FRIDAY}T10:05")
    accepted = balie("--db", str(db), "clock", "--accept", now=f"{FRIDAY}T10:05")
    after = balie("--db", str(db), "next", "--counter", "Balie 1", now=f"{FRIDAY}T10:06")
    report(
        "A clock a day behind the database; then a clock a day ahead wrote, and a person accepts the right clock",
        yesterday_ok and refused[0] == 1 and shown[0] == 1 and accepted[0] == 0 and after[1] == "B001",
        f"register at yesterday's date: exit {code}, nothing printed, stderr: {err}",
        f"after a register a day ahead ({ahead}): next at the right time: exit {refused[0]}; "
        f"balie clock: exit {shown[0]}, {shown[1]}",
        f"balie clock --accept: {accepted[1].splitlines()[-1]}; next: exit {after[0]}, {after[1]}",
    )


def clock_back_within_the_day(work: Path) -> None:
    db = work / "terug.sqlite"
    balie("--db", str(db), "register", "--domain", "b", now=f"{FRIDAY}T10:00")
    balie("--db", str(db), "next", "--counter", "Balie 1", now=f"{FRIDAY}T10:05")
    refused = balie("--db", str(db), "finish", "B1", "--outcome", "handled", now=f"{FRIDAY}T09:35")
    # (a recall would be refused here: it counts its 10 s from the call, at the newest known time)
    slightly = balie("--db", str(db), "register", "--domain", "s", now=f"{FRIDAY}T10:03")
    balie("--db", str(db), "clock", "--accept", now=f"{FRIDAY}T09:35")
    balie("--db", str(db), "finish", "B1", "--outcome", "handled", now=f"{FRIDAY}T09:35")
    code, out, _ = balie("--db", str(db), "report", "--format", "json", "--from", FRIDAY, now=f"{FRIDAY}T12:00")
    total = json.loads(out)["period"]["total"]
    times = [row[0] for row in query(db, "SELECT at_ms FROM events ORDER BY id")]
    report(
        "The clock set back within a day: 30 minutes between a call and its finish, 2 minutes for a registration",
        refused[0] == 1 and slightly[0] == 0 and total["mean_service_ms"] is not None
        and total["mean_service_ms"] >= 0 and total["mean_wait_ms"] >= 0,
        f"finish 30 minutes back: exit {refused[0]}, stderr: {refused[2]}",
        f"register 2 minutes back: exit {slightly[0]} (written at the newest known time); event times "
        f"in commit order until the accept: {'rising' if times[:3] == sorted(times[:3]) else 'NOT rising'}",
        f"finished after balie clock --accept: report mean service {total['mean_service_ms'] / 60_000:.1f} min, "
        f"mean wait {total['mean_wait_ms'] / 60_000:.1f} min (never negative)",
    )


def day_end_on_the_system_clock(work: Path) -> None:
    lines, ok = [], True
    for at, expect in (("2026-11-23T10:00", "waiting"), ("2026-11-23T08:45", "unserved")):
        db = work / f"systeem-{at[-5:-3]}.sqlite"
        _friday(db)
        code, out, err = balie("--db", str(db), "register", "--domain", "v", system=at)
        states = _friday_states(db)
        ok &= code == 0 and states[1][1] == expect
        lines.append(f"system clock Monday {at[-5:]}: {out}; Friday now {states}; stderr: {err or '-'}")
    report(
        "An open Friday, the next start on the system clock: in office hours, and before opening after a quiet night",
        ok, *lines,
    )


def purge_with_a_reader(work: Path) -> None:
    db = work / "lezer.sqlite"
    balie("--db", str(db), "register", "--domain", "s", "--name", "Hendrika Zwanenburg", now=f"{FRIDAY}T10:00")
    balie("--db", str(db), "close-day", now=f"{FRIDAY}T17:05")
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM visits").fetchone()
    started = time.monotonic()
    code, out, err = balie("--db", str(db), "purge", now="2026-11-21T09:00")
    took = time.monotonic() - started
    held = b"Zwanenburg" in raw_bytes(db)
    reader.execute("ROLLBACK")
    reader.close()
    balie("--db", str(db), "register", "--domain", "b", now="2026-11-21T09:05")
    gone = b"Zwanenburg" not in raw_bytes(db)
    report(
        "Another program holds a read open during the purge",
        code == 0 and took < 10 and held and gone,
        f"balie purge: exit {code} after {took:.1f} s: {out}; stderr: {err}",
        f"name still in the -wal while the read is held: {held}; after the next command: gone {gone}",
    )


def standup_notes(work: Path) -> None:
    from balie.clock import FixedClock, parse_local
    from balie.store import Store

    db = work / "dagstart.sqlite"
    clock = FixedClock(parse_local(f"{FRIDAY}T08:50"))
    store = Store(db, clock)
    store.standup.open("Petra")
    store.standup.set_notes("mw. Oudekerk komt om 10:00 terug", "Petra")
    store.close()
    balie("--db", str(db), "close-day", now=f"{FRIDAY}T17:05")
    kept = balie("--db", str(db), "purge", now="2026-11-26T09:00")
    kept_bytes = b"Oudekerk" in raw_bytes(db)
    code, out, _ = balie("--db", str(db), "purge", now="2026-11-27T09:00")
    report(
        "The stand-up's notes name a visitor (notes_retention_days 7, the default)",
        kept_bytes and code == 0 and b"Oudekerk" not in raw_bytes(db),
        f"purge after 6 days: {kept[1]}; the notes still there: {kept_bytes}",
        f"purge after 7 days: {out}; notes in file or -wal: {b'Oudekerk' in raw_bytes(db)} "
        "(the checklist and who ticked it stay)",
    )


# -- files ------------------------------------------------------------------------------


def backup_onto_itself(work: Path) -> None:
    db = work / "zelf.sqlite"
    for name in ("An", "Bo", "Cas"):
        balie("--db", str(db), "register", "--domain", "b", "--name", name)
    link = work / "link-naar-wal.sqlite"
    lines, ok = [], True
    holder = sqlite3.connect(db)  # keeps the -wal in place, as a running screen does
    holder.execute("SELECT 1").fetchone()
    link.symlink_to(f"{db}-wal")
    for target in (f"{db}-wal", f"{db}-shm", str(db), str(link)):
        code, _, err = balie("--db", str(db), "backup", target, "--force")
        ok &= code == 1 and "eigen bestanden" in err
        lines.append(f"backup {Path(target).name} --force: exit {code}")
    holder.close()
    visits = query(db, "SELECT count(*) FROM visits")[0][0]
    report(
        "balie backup --force onto the database itself, its -wal, its -shm, a link to the -wal",
        ok and visits == 3, *lines, f"stderr: {err}", f"visits afterwards: {visits} of 3",
    )


def private_files(work: Path) -> None:
    db = work / "prive.sqlite"
    balie("--db", str(db), "register", "--domain", "b", "--name", "Jozefien")
    out = work / "bezoeken.csv"
    code = subprocess.run(
        ["sh", "-c", 'umask 000 && exec "$@"', "sh", sys.executable, "-m", "balie", "--db", str(db),
         "export", "--personal", "--output", str(out)],
        cwd=ROOT, env={**os.environ, "BALIE_NOW": f"{FRIDAY}T10:00"}, capture_output=True,
    ).returncode
    mode = oct(stat.S_IMODE(out.stat().st_mode))
    db.chmod(0o644)
    code2, _, err = balie("--db", str(db), "export")
    db_mode = oct(stat.S_IMODE(db.stat().st_mode))
    report(
        "export --personal --output under umask 000; a database made readable by others",
        code == 0 and mode == "0o600" and code2 == 0 and db_mode == "0o600" and "leesbaar voor anderen" in err,
        f"the export file: {mode}",
        f"database 0644, next command: exit {code2}, now {db_mode}, stderr: {err}",
    )


def empty_foreign_file(work: Path) -> None:
    path = work / "leeg-ander.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 305419896")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    before = sha(path)
    code, _, err = balie("--db", str(path), "desk")
    mode = query(path, "PRAGMA journal_mode")[0][0]
    report(
        "An empty SQLite file of another program (no tables, its own application_id and user_version)",
        code == 1 and "geen balie-database" in err and sha(path) == before and mode == "delete",
        f"balie desk: exit {code}, stderr: {err}; file unchanged: {sha(path) == before}; journal mode {mode}",
    )


def damaged_page(work: Path) -> None:
    from balie.clock import FixedClock, parse_local
    from balie.config import default_config
    from balie.store import Store

    db = work / "pagina.sqlite"
    store = Store(db, FixedClock(parse_local(f"{FRIDAY}T10:00")))
    for number in range(400):
        store.desk.register(default_config().domain("b"), name=f"naam {number}", question="vraag " * 40)
    store.checkpoint()
    store.close()
    damage_a_visits_page(db)
    code, _, err = balie("--db", str(db), "export")
    report(
        "A page of visits damaged in the middle of the file (found while working)",
        code == 1 and "beschadigd" in err and "backup" in err,
        f"balie export: exit {code}, stderr: {err}",
    )


# -- config and text ------------------------------------------------------------------------


def careless_config(work: Path) -> None:
    lines, ok = [], True
    cases = (
        ("retention_day = 3\n", "bedoelt u 'retention_days'"),
        ('[[domain]]\nkey = "a"\nprefix = "A"\n', "bedoelt u 'domains'"),
        ('[[domains]]\nkey = "a"\nprefix = "A"\ntarget_minute = 5\n', "bedoelt u 'target_minutes'"),
        ('[[domains]]\nkey = "v"\nprefix = "A"\n[[domains]]\nkey = "vergunningen"\nprefix = "V"\n',
         "kan twee domeinen betekenen"),
        ("retention_days = 100000000\n", "mag hoogstens 3650"),
        ('[[domains]]\nkey = "a"\nprefix = "A"\nservice_minutes = 1000000000000000000\n', "mag hoogstens 240"),
        ('[[domains]]\nkey = "a"\nprefix = "A"\nlabel = "Zaken\\u001b[2J"\n', "bevat stuurtekens"),
    )
    for number, (text, expect) in enumerate(cases):
        config = work / f"config{number}.toml"
        config.write_text(text, encoding="utf-8")
        code, _, err = balie("--db", str(work / "config.sqlite"), "--config", str(config), "export")
        ok &= code == 1 and expect in err
        lines.append(f"{text.strip().splitlines()[-1]!s}: {err.split(': ', 2)[-1]}")
    report("Misspelt keys, a key equal to another domain's letter, numbers that cannot be meant, control "
           "characters in a label", ok, *lines)


def labels_and_width(work: Path) -> None:
    from rich.cells import cell_len

    db = work / "labels.sqlite"
    config = work / "labels.toml"
    config.write_text(
        '[[domains]]\nkey = "burgerzaken"\nprefix = "B"\nlabel = "Zaken [BRP] [/]"\n'
        '[[domains]]\nkey = "wonen"\nprefix = "W"\nlabel = "住民票 Wonen 🏠"\n', encoding="utf-8",
    )
    args = ("--db", str(db), "--config", str(config))
    balie(*args, "register", "--domain", "w", now="2026-11-19T10:00")
    balie(*args, "next", "--counter", "Balie 1", now="2026-11-19T10:05")
    balie(*args, "finish", "W1", "--outcome", "handled", "--topic", "住民票 🙂", now="2026-11-19T10:10")
    code, out, _ = balie(*args, "report", "--format", "table")
    lines = out.splitlines()
    head, sub = lines[3], lines[4]
    second = [i for i in range(len(sub)) if sub.startswith("verschil", i)][1]  # under the 2nd label
    aligned = cell_len(head[: head.index("🏠") + 1]) == cell_len(sub[: second + len("verschil")])
    report(
        "Domain labels with markup, CJK and emoji in balie report --format table",
        code == 0 and "Zaken [BRP] [/]" in head and aligned,
        f"header: {head.strip()}", f"the label stands above its columns by display width: {aligned}",
        "the screens draw labels as text too (tests/test_hostile_text.py, with Pilot)",
    )


def ticket_ten_thousand(work: Path) -> None:
    db = work / "druk.sqlite"
    balie("--db", str(db), "register", "--domain", "b")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE visits SET seq = 9999, ticket = 'B9999', state = 'finished'")
    conn.commit()
    conn.close()
    registered = balie("--db", str(db), "register", "--domain", "b")[1]
    balie("--db", str(db), "next", "--counter", "Balie 1")
    code, out, err = balie("--db", str(db), "finish", "b10000", "--outcome", "handled")
    report(
        "Ticket numbers of 10000 and more on the command line",
        registered.startswith("B10000") and code == 0, f"register: {registered}",
        f"balie finish b10000: exit {code}, {out or err}",
    )


FAULTS = (
    tomorrow_reads, absurd_clocks, clock_behind, clock_back_within_the_day, day_end_on_the_system_clock,
    purge_with_a_reader, standup_notes, backup_onto_itself, private_files, empty_foreign_file,
    damaged_page, careless_config, labels_and_width, ticket_ten_thousand,
)

if __name__ == "__main__":  # these alone: python -m scripts.faults_hostile
    import tempfile

    from scripts.fault_kit import results

    folder = Path(tempfile.mkdtemp(prefix="balie-faults-"))
    try:
        for fault in FAULTS:
            fault(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if all(ok for _, ok, _ in results) else 1)
