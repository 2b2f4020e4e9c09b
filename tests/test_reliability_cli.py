"""balie purge, backup and close-day; upkeep when any command opens the database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from balie.cli import main
from balie.clock import FixedClock, parse_local
from balie.core.visits import State
from balie.store import Store


def run(capsys, monkeypatch, now: str, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("BALIE_NOW", now)
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_purge_reports_how_many_visits_it_cleaned(capsys, monkeypatch, db_path):
    for name in ("An", "Bo"):
        run(capsys, monkeypatch, "2026-11-19T10:00", "--db", str(db_path), "register", "--domain", "b", "--name", name)
    # Only an ended day is purged (issue 14): closing time on Thursday.
    run(capsys, monkeypatch, "2026-11-19T17:05", "--db", str(db_path), "close-day")
    code, out, _ = run(capsys, monkeypatch, "2026-11-20T09:00", "--db", str(db_path), "purge")
    assert code == 0 and out.startswith("2 bezoeken ontdaan van naam en vraag")
    code, out, _ = run(capsys, monkeypatch, "2026-11-20T09:00", "--db", str(db_path), "purge")
    assert out.startswith("0 bezoeken")


def test_retention_days_come_from_the_config(capsys, monkeypatch, db_path, tmp_path):
    config = tmp_path / "balie.toml"
    config.write_text("retention_days = 3\n")
    run(capsys, monkeypatch, "2026-11-17T10:00", "--db", str(db_path), "register", "--domain", "b", "--name", "An")
    run(capsys, monkeypatch, "2026-11-17T17:05", "--db", str(db_path), "close-day")
    args = ("--db", str(db_path), "--config", str(config), "purge")
    assert run(capsys, monkeypatch, "2026-11-19T10:00", *args)[1].startswith("0 bezoeken")
    assert run(capsys, monkeypatch, "2026-11-20T10:00", *args)[1].startswith("1 bezoek ontdaan")


def test_a_command_on_a_fixed_clock_never_closes_earlier_days_or_purges(capsys, monkeypatch, db_path):
    """Issue 14: only a person, or balie when certainly right (tests/test_day_end_policy.py)."""
    run(capsys, monkeypatch, "2026-11-19T10:00", "--db", str(db_path), "register", "--domain", "b", "--name", "An")
    run(capsys, monkeypatch, "2026-11-20T10:00", "--db", str(db_path), "register", "--domain", "b")
    store = Store(db_path, FixedClock(parse_local("2026-11-20T10:00")))
    [yesterday] = store.visits.on("2026-11-19")
    assert yesterday.state == State.WAITING and yesterday.name == "An"


def test_close_day_command(capsys, monkeypatch, db_path):
    run(capsys, monkeypatch, "2026-11-20T10:00", "--db", str(db_path), "register", "--domain", "b")
    code, out, _ = run(capsys, monkeypatch, "2026-11-20T17:05", "--db", str(db_path), "close-day")
    assert (code, out) == (0, "Dag 2026-11-20 afgesloten: 1 niet geholpen.\n")
    code, _, err = run(capsys, monkeypatch, "2026-11-20T17:06", "--db", str(db_path), "finish", "B1", "--outcome", "handled")
    assert code == 1 and "niet geholpen" in err


def test_backup_command_refuses_overwrite_and_copies(capsys, monkeypatch, db_path, tmp_path):
    run(capsys, monkeypatch, "2026-11-20T10:00", "--db", str(db_path), "register", "--domain", "b")
    target = tmp_path / "kopie.sqlite"
    code, out, _ = run(capsys, monkeypatch, "2026-11-20T10:00", "--db", str(db_path), "backup", str(target))
    assert code == 0 and "(1 bezoek, gecontroleerd)" in out
    code, _, err = run(capsys, monkeypatch, "2026-11-20T10:00", "--db", str(db_path), "backup", str(target))
    assert code == 1 and "--force" in err
    code, _, _ = run(capsys, monkeypatch, "2026-11-20T10:00", "--db", str(db_path), "backup", str(target), "--force")
    assert code == 0
    assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_upkeep_commands_do_not_import_textual(db_path, tmp_path):
    code = (
        "import sys; from balie.cli import main; "
        f"main(['--db', {str(db_path)!r}, 'purge']); "
        f"main(['--db', {str(db_path)!r}, 'backup', {str(tmp_path / 'b.sqlite')!r}]); "
        f"main(['--db', {str(db_path)!r}, 'close-day']); "
        "sys.exit(1 if any(m.startswith('textual') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_database_file_is_a_clear_message(capsys, monkeypatch, db_path):
    run(capsys, monkeypatch, "2026-11-20T10:00", "--db", str(db_path), "register", "--domain", "b")
    os.chmod(db_path, 0o400)
    code, _, err = run(capsys, monkeypatch, "2026-11-20T10:00", "--db", str(db_path), "register", "--domain", "b")
    assert code == 1 and "alleen-lezen" in err
