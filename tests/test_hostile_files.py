"""Files a careless administrator points balie at: nothing lost, nothing leaked (issue 14)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat

import pytest

from balie.cli import main
from balie.clock import FixedClock, parse_local
from balie.errors import BalieError
from balie.store import Store
from scripts.fault_kit import damage_a_visits_page

NOW = "2026-11-20T10:00"


def _sha(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def run(capsys, monkeypatch, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("BALIE_NOW", NOW)
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


# -- backup never over the database's own files --------------------------------------


def _live_store(db_path, clock, config) -> tuple[Store, Store]:
    """A store with committed visits still in its WAL, as while screens run."""
    store = Store(db_path, clock)
    reader = Store(db_path, clock)  # keeps the WAL from being checkpointed away
    reader.queue.waiting()
    for name in ("An", "Bo", "Cas"):
        store.desk.register(config.domain("b"), name=name)
    return store, reader


@pytest.mark.parametrize("target", ["{db}", "{db}-wal", "{db}-shm", "{db}-journal"])
def test_backup_refuses_the_database_s_own_files(db_path, clock, config, target):
    store, reader = _live_store(db_path, clock, config)
    path = target.format(db=db_path)
    with pytest.raises(BalieError, match="eigen bestanden van de database"):
        store.backup.copy_to(path, force=True)
    assert [v.name for v in Store(db_path, clock).queue.waiting()] == ["An", "Bo", "Cas"]
    reader.close()


def test_backup_refuses_the_database_s_files_through_links(db_path, clock, config, tmp_path):
    store, reader = _live_store(db_path, clock, config)
    soft = tmp_path / "zacht.sqlite"
    soft.symlink_to(f"{db_path}-wal")
    hard = tmp_path / "hard.sqlite"
    os.link(f"{db_path}-wal", hard)
    other_dir = tmp_path / "elders"
    other_dir.mkdir()
    dotted = other_dir / ".." / db_path.name
    for path in (soft, hard, dotted):
        with pytest.raises(BalieError, match="eigen bestanden van de database"):
            store.backup.copy_to(path, force=True)
    assert len(Store(db_path, clock).queue.waiting()) == 3
    reader.close()


def test_backup_command_onto_the_wal_loses_nothing(capsys, monkeypatch, db_path, clock, config):
    store, reader = _live_store(db_path, clock, config)
    code, _, err = run(capsys, monkeypatch, "--db", str(db_path), "backup", f"{db_path}-wal", "--force")
    assert code == 1 and "eigen bestanden van de database" in err
    assert len(Store(db_path, clock).queue.waiting()) == 3
    reader.close()


# -- files with personal data are private --------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_a_personal_export_is_readable_by_its_owner_only(capsys, monkeypatch, db_path, tmp_path, umask):
    run(capsys, monkeypatch, "--db", str(db_path), "register", "--domain", "b", "--name", "Jozefien")
    out = tmp_path / "bezoeken.csv"
    old = os.umask(umask)
    try:
        code, _, _ = run(capsys, monkeypatch, "--db", str(db_path), "export", "--personal", "--output", str(out))
    finally:
        os.umask(old)
    assert code == 0 and "Jozefien" in out.read_text(encoding="utf-8-sig")
    assert _mode(out) == 0o600


def test_an_existing_export_file_is_made_private_too(capsys, monkeypatch, db_path, tmp_path):
    run(capsys, monkeypatch, "--db", str(db_path), "register", "--domain", "b", "--name", "Jozefien")
    out = tmp_path / "bezoeken.csv"
    out.write_text("oud")
    out.chmod(0o644)
    run(capsys, monkeypatch, "--db", str(db_path), "export", "--personal", "--output", str(out))
    assert _mode(out) == 0o600 and "oud" not in out.read_text(encoding="utf-8-sig")


def test_a_database_readable_by_others_is_made_private_with_a_message(capsys, monkeypatch, db_path):
    run(capsys, monkeypatch, "--db", str(db_path), "register", "--domain", "b", "--name", "Jozefien")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(f"{db_path}{suffix}"):
            os.chmod(f"{db_path}{suffix}", 0o644)
    code, out, err = run(capsys, monkeypatch, "--db", str(db_path), "export")
    assert code == 0 and "B001" in out
    assert "was leesbaar voor anderen" in err and "alleen de eigenaar" in err
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(f"{db_path}{suffix}"):
            assert _mode(f"{db_path}{suffix}") == 0o600, suffix
    run(capsys, monkeypatch, "--db", str(db_path), "export")
    assert capsys.readouterr().err == ""  # said once, when it was put right


# -- files that are not (or no longer) a working balie database ------------------------


def _empty_foreign(path, application_id: int = 0, user_version: int = 0) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("application_id, user_version", [(0x12345678, 0), (0x12345678, 4), (0, 7)])
def test_an_empty_sqlite_file_of_another_program_is_left_untouched(tmp_path, clock, application_id, user_version):
    path = tmp_path / "ander.sqlite"
    _empty_foreign(path, application_id, user_version)
    before = _sha(path)
    with pytest.raises(BalieError, match="geen balie-database"):
        Store(path, clock)
    assert _sha(path) == before
    assert not os.path.exists(f"{path}-wal")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_an_empty_sqlite_file_without_marks_is_taken_as_new(tmp_path, clock, config):
    path = tmp_path / "leeg.sqlite"
    _empty_foreign(path)
    assert Store(path, clock).desk.register(config.domain("b")).ticket == "B001"


def _damage_a_page(db_path, clock, config) -> None:
    store = Store(db_path, clock)
    for number in range(400):
        store.desk.register(config.domain("b"), name=f"naam {number}", question="vraag " * 40)
    store.checkpoint()
    store.close()
    damage_a_visits_page(db_path)


def test_a_damaged_page_found_during_work_says_damaged_and_points_to_a_backup(db_path, clock, config):
    _damage_a_page(db_path, clock, config)
    store = Store(db_path, clock)
    with pytest.raises(BalieError) as caught:
        store.visits.on(store.today())
    message = str(caught.value)
    assert "beschadigd" in message and "backup" in message
    assert "geen balie-database" not in message


def test_a_damaged_database_command_says_so(capsys, monkeypatch, db_path, clock, config):
    _damage_a_page(db_path, clock, config)
    code, _, err = run(capsys, monkeypatch, "--db", str(db_path), "export")
    assert code == 1 and "beschadigd" in err and "backup" in err
