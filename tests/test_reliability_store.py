"""Day end, retention, backup and the faults a store must survive (issue 7)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time

import pytest

from balie.clock import FixedClock, parse_local, to_ms
from balie.core.visits import Outcome, State
from balie.errors import BalieError
from balie.store import Store
from balie.store import database
from balie.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

NAME = "Jozefien Oudekerk-Zwanenburg"
QUESTION = "bijstand aanvragen wegens schulden"
NOTE = "weet nog niets van de aanvraag"


def _raw(db_path) -> bytes:
    """Every byte balie keeps on disk for this database: the file, its WAL and SHM."""
    data = b""
    for suffix in ("", "-wal", "-shm"):
        path = f"{db_path}{suffix}"
        if os.path.exists(path):
            with open(path, "rb") as handle:
                data += handle.read()
    return data


def _sha(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


# -- day end ---------------------------------------------------------------------


def test_close_day_makes_waiting_and_called_unserved_and_records_the_end(store, clock, config):
    waiting = store.desk.register(config.domain("b"))
    called = store.desk.register(config.domain("v"))
    done = store.desk.register(config.domain("s"))
    store.queue.call_visit(called.id, "Balie 2")
    store.queue.call_visit(done.id, "Balie 3")
    store.counter.finish(done.id, Outcome.HANDLED, "Balie 3")
    clock.advance(hours=7)

    assert store.day_end.close() == 2

    assert store.visits.get(waiting.id).state == State.UNSERVED
    after = store.visits.get(called.id)
    assert after.state == State.UNSERVED
    assert after.called_ms is not None and after.counter == "Balie 2"  # the call still counts
    assert after.finished_ms == to_ms(clock.now())
    assert store.visits.get(done.id).state == State.FINISHED
    assert [e["type"] for e in store.visits.events(called.id)][-1] == "close_day"
    assert store.visits.events(called.id)[-1]["data"] == {"was": "called", "counter": "Balie 2"}
    assert store.day_end.closed_ms(store.today()) == to_ms(clock.now())
    assert store.queue.waiting() == [] and store.counter.current("Balie 2") == []
    with pytest.raises(BalieError, match="niet geholpen"):
        store.counter.finish(called.id, Outcome.HANDLED, "Balie 2")


def test_close_day_with_nobody_left_still_records_the_end(store):
    assert store.day_end.close() == 0
    assert store.day_end.closed_ms(store.today()) is not None


class WallClock(FixedClock):
    """Moved by the test, taken by balie for the computer's own clock (not BALIE_NOW)."""

    fixed = False


def test_earlier_days_are_closed_at_start_up_at_their_midnight(config, db_path):
    # Issue 14: by itself only on the system clock, and before opening after a quiet night.
    clock = WallClock(parse_local("2026-11-20T10:00"))
    store = Store(db_path, clock)
    store.desk.register(config.domain("b"))
    other = store.desk.register(config.domain("v"))
    store.queue.call_visit(other.id, "Balie 1")
    clock.set(parse_local("2026-11-23T08:30"))  # Monday, before opening
    store.upkeep.run(config)
    store.desk.register(config.domain("b"))  # today's visitor is left alone
    store.upkeep.run(config)

    friday = store.visits.on("2026-11-20")
    assert {v.state for v in friday} == {State.UNSERVED}
    assert {v.finished_ms for v in friday} == {to_ms(parse_local("2026-11-21T00:00"))}
    assert [v.ticket for v in store.queue.waiting()] == ["B001"]
    assert store.day_end.closed_ms("2026-11-20") == to_ms(clock.now())
    # Done once: a second start writes nothing.
    version = store.conn.execute("PRAGMA data_version").fetchone()[0]
    other_store = Store(db_path, clock)
    other_store.upkeep.run(config)
    assert store.conn.execute("PRAGMA data_version").fetchone()[0] == version


def test_screens_ignore_earlier_days_even_before_they_are_closed(store, clock, config):
    store.desk.register(config.domain("b"))
    clock.set(parse_local("2026-11-21T09:00"))
    assert store.queue.waiting() == []
    assert store.queue.call_next("Balie 1", ["burgerzaken"]) is None
    assert store.counter.current("Balie 1") == []


# -- retention ---------------------------------------------------------------------


def _visit_with_everything_personal(store, config):
    visit = store.desk.register(config.domain("b"), name=NAME, question=QUESTION)
    store.queue.call_visit(visit.id, "Balie 1", reason="mevrouw Oudekerk kan niet lang staan")
    store.counter.transfer(visit.id, config.domain("s"), "Balie 1", note=NOTE)
    store.queue.call_visit(visit.id, "Balie 4")
    store.counter.finish(visit.id, Outcome.REFERRED, "Balie 4", topic="bijstand")
    return visit


def test_purge_keeps_personal_data_for_the_retention_period(store, clock, config):
    visit = _visit_with_everything_personal(store, config)
    clock.set(parse_local("2026-11-20T17:05"))
    store.day_end.close()  # only an ended day is purged (issue 14)
    clock.set(parse_local("2026-11-20T23:59"))
    assert store.upkeep.purge(retention_days=1) == 0
    clock.set(parse_local("2026-11-21T00:01"))
    assert store.upkeep.purge(retention_days=2) == 0
    assert store.visits.get(visit.id).name == NAME

    assert store.upkeep.purge(retention_days=1) == 1
    after = store.visits.get(visit.id)
    assert after.name is None and after.question is None
    # The anonymous figures stay.
    assert (after.ticket, after.domain, after.state, after.outcome, after.topic) == (
        "B001", "sociaal", State.FINISHED, Outcome.REFERRED, "bijstand",
    )
    assert after.arrived_ms and after.called_ms and after.finished_ms
    assert after.transferred_from == "burgerzaken"
    events = store.visits.events(visit.id)
    assert [e["type"] for e in events] == [
        "registered", "call_out_of_order", "transfer", "call_out_of_order", "finish",
    ]
    assert events[2]["data"] == {"counter": "Balie 1", "from": "burgerzaken", "to": "sociaal"}
    assert "reason" not in events[1]["data"]
    assert store.upkeep.purge(retention_days=1) == 0  # nothing left to do


def test_after_purge_the_text_is_not_in_the_file_or_its_wal(store, clock, config, db_path):
    _visit_with_everything_personal(store, config)
    # A second process keeps the WAL alive, as a running screen would.
    reader = Store(db_path, clock)
    assert reader.queue.waiting() == []
    for text in (NAME, QUESTION, NOTE, "kan niet lang staan"):
        assert text.encode() in _raw(db_path)
    store.day_end.close()
    clock.set(parse_local("2026-11-21T09:00"))

    assert store.upkeep.purge(retention_days=1) == 1

    raw = _raw(db_path)
    for text in (NAME, QUESTION, NOTE, "kan niet lang staan", "Oudekerk"):
        assert text.encode() not in raw, text
    assert b"bijstand" in raw  # the topic is a figure, not personal data
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reader.close()


def test_purge_is_cheap_when_there_is_nothing_to_do(db_path, config):
    clock = WallClock(parse_local("2026-11-20T10:00"))
    store = Store(db_path, clock)
    for _ in range(300):
        store.desk.register(config.domain("b"), name="x")
    clock.set(parse_local("2026-11-23T08:30"))
    store.upkeep.run(config)
    started = time.perf_counter()
    for _ in range(20):
        store.upkeep.run(config)
    assert (time.perf_counter() - started) / 20 < 0.01


# -- the migration -----------------------------------------------------------------


def test_migration_from_the_first_schema_keeps_ids_data_indexes_and_links(db_path, clock, config):
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(
        "INSERT INTO visits (id, day, prefix, seq, ticket, domain, kind, state, arrived_ms, "
        "queue_ms, name, question) VALUES (7, '2026-11-20', 'B', 1, 'B001', 'burgerzaken', "
        "'walk_in', 'waiting', 1, 1, 'An', 'vraag')"
    )
    conn.execute(
        "INSERT INTO events (visit_id, at_ms, type, actor, data) VALUES "
        "(7, 1, 'transfer', 'Balie 1', '{\"note\": \"geheim\"}')"
    )
    conn.close()

    store = Store(db_path, clock)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    visit = store.visits.get(7)
    assert (visit.ticket, visit.name, visit.question, visit.state) == ("B001", "An", "vraag", State.WAITING)
    indexes = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"visits_by_day", "visits_waiting", "visits_by_ticket", "visits_open", "visits_personal"} <= indexes
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO events (visit_id, at_ms, type, actor) VALUES (999, 1, 'x', 'y')")
    store.day_end.close()
    assert store.visits.get(7).state == State.UNSERVED
    assert store.conn.execute("SELECT personal FROM events WHERE visit_id = 7 AND type = 'transfer'").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- backup ------------------------------------------------------------------------


def test_backup_is_a_complete_private_checked_copy(store, config, tmp_path, clock):
    store.desk.register(config.domain("b"), name=NAME)
    target = tmp_path / "kopie.sqlite"
    assert store.backup.copy_to(target) == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    copy = Store(target, clock)
    assert [v.name for v in copy.visits.on(store.today())] == [NAME]
    assert not list(tmp_path.glob(".*deel"))


def test_backup_refuses_to_overwrite_unless_forced(store, config, tmp_path):
    target = tmp_path / "kopie.sqlite"
    target.write_text("belangrijk")
    with pytest.raises(BalieError, match="bestaat al.*--force"):
        store.backup.copy_to(target)
    assert target.read_text() == "belangrijk"
    store.backup.copy_to(target, force=True)
    assert target.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(BalieError, match="over de database zelf"):
        store.backup.copy_to(store.path, force=True)
    with pytest.raises(BalieError, match="bestaat niet"):
        store.backup.copy_to(tmp_path / "nergens" / "kopie.sqlite")


def test_backup_while_another_process_writes_is_consistent(db_path, clock, tmp_path):
    Store(db_path, clock).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", _BURST, str(db_path), "100000"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        for _ in range(50):
            writer.stdout.readline()
        store = Store(db_path, clock)
        for number in range(3):
            target = tmp_path / f"kopie{number}.sqlite"
            count = store.backup.copy_to(target)
            copy = sqlite3.connect(target)
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            # Consistent: every visit in the copy has its registration event, and no more.
            assert copy.execute("SELECT count(*) FROM visits").fetchone()[0] == count
            assert copy.execute("SELECT count(*) FROM events WHERE type = 'registered'").fetchone()[0] == count
            copy.close()
    finally:
        writer.kill()
        writer.wait()
    assert count > 50


# -- a process killed in the middle of writing --------------------------------------

# Registers visitors one by one and prints each ticket once it is committed.
_BURST = """
import sys
from balie.clock import FixedClock, parse_local
from balie.config import default_config
from balie.store import Store
store = Store(sys.argv[1], FixedClock(parse_local("2026-11-20T10:00")))
domains = default_config().domains
for number in range(int(sys.argv[2])):
    visit = store.desk.register(domains[number % 3], name=f"bezoeker {number}")
    print(visit.ticket, flush=True)
"""


def test_sigkill_during_a_burst_loses_nothing_reported_done(db_path, clock):
    Store(db_path, clock).close()
    printed: list[str] = []
    for _ in range(3):  # killed three times, at different moments
        writer = subprocess.Popen(
            [sys.executable, "-c", _BURST, str(db_path), "100000"],
            stdout=subprocess.PIPE, text=True,
        )
        wanted = len(printed) + 200 + 37 * _
        while len(printed) < wanted:
            printed.append(writer.stdout.readline().strip())
        writer.kill()  # SIGKILL: no clean-up of any kind
        writer.wait()
        printed += [line.strip() for line in writer.stdout if line.strip()]
    store = Store(db_path, clock)
    stored = {v.ticket for v in store.visits.on("2026-11-20")}
    assert set(printed) <= stored
    assert len(printed) == len(set(printed))
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Ticket numbers went on without a gap or a duplicate after each kill.
    for prefix in "BVS":
        seqs = sorted(int(t[1:]) for t in stored if t[0] == prefix)
        assert seqs == list(range(1, len(seqs) + 1))


# -- faults while running -----------------------------------------------------------


def test_a_lock_held_longer_than_our_patience_is_a_clear_message_and_changes_nothing(
    store, config, db_path, monkeypatch
):
    store.desk.register(config.domain("b"))
    monkeypatch.setattr(database, "WRITE_PATIENCE_S", 0.3)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    before = _sha(db_path)
    with pytest.raises(BalieError, match="bezet door een ander programma"):
        store.desk.register(config.domain("b"))
    assert _sha(db_path) == before
    assert len(store.queue.waiting()) == 1  # reading goes on meanwhile
    holder.execute("ROLLBACK")
    holder.close()
    assert store.desk.register(config.domain("b")).ticket == "B002"


def test_a_database_moved_away_is_reported_and_picked_up_again(store, config, db_path, tmp_path):
    store.desk.register(config.domain("b"))
    away = tmp_path / "weg.sqlite"
    os.rename(db_path, away)
    with pytest.raises(BalieError, match="er niet meer"):
        store.data_version()
    with pytest.raises(BalieError, match="er niet meer"):
        store.desk.register(config.domain("b"))  # never into a file nobody else sees
    os.rename(away, db_path)
    store.data_version()
    assert store.desk.register(config.domain("b")).ticket == "B002"


def test_a_database_replaced_by_a_backup_is_reopened(store, config, db_path, tmp_path, clock):
    store.desk.register(config.domain("b"))
    store.backup.copy_to(tmp_path / "kopie.sqlite")
    store.desk.register(config.domain("b"))
    os.replace(tmp_path / "kopie.sqlite", db_path)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{db_path}{suffix}"):
            os.remove(f"{db_path}{suffix}")
    store.data_version()
    assert [v.ticket for v in store.queue.waiting()] == ["B001"]


def test_wal_and_shm_are_private_too(store, config, db_path):
    store.desk.register(config.domain("b"))
    for suffix in ("", "-wal", "-shm"):
        assert stat.S_IMODE(os.stat(f"{db_path}{suffix}").st_mode) == 0o600, suffix


def test_refused_files_are_left_byte_for_byte_unchanged(tmp_path, clock, db_path):
    foreign = tmp_path / "ander.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    newer = db_path
    Store(newer, clock).close()
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    text = tmp_path / "notities.txt"
    text.write_text("geen database")
    for path, message in ((foreign, "geen balie-database"), (newer, "nieuwere versie"), (text, "geen balie-database")):
        before = _sha(path)
        with pytest.raises(BalieError, match=message):
            Store(path, clock)
        assert _sha(path) == before
        assert not os.path.exists(f"{path}-wal")


# -- midnight and DST ---------------------------------------------------------------


def test_a_wait_across_the_autumn_dst_change_is_real_elapsed_time(db_path, config):
    clock = FixedClock(parse_local("2026-10-25T01:50"))  # CEST, before the clocks go back
    store = Store(db_path, clock)
    visit = store.desk.register(config.domain("b"))
    clock.set(parse_local("2026-10-25T02:10"))  # fold: the second 02:10, CET
    called = store.queue.call_next("Balie 1", ["burgerzaken"])
    assert called.id == visit.id
    assert called.waited_ms(0) == 80 * 60_000  # 01:50 CEST to 02:10 CET: 1 h 20 min


def test_a_wait_across_the_spring_dst_change_is_real_elapsed_time(db_path, config):
    clock = FixedClock(parse_local("2026-03-29T01:50"))  # CET
    store = Store(db_path, clock)
    store.desk.register(config.domain("b"))
    clock.set(parse_local("2026-03-29T03:10"))  # CEST: the hour 02:00-03:00 does not exist
    called = store.queue.call_next("Balie 1", ["burgerzaken"])
    assert called.waited_ms(0) == 20 * 60_000


def test_a_visitor_waiting_at_midnight_is_not_called_on_the_new_day(db_path, config):
    clock = FixedClock(parse_local("2026-11-20T23:55"))
    store = Store(db_path, clock)
    store.desk.register(config.domain("b"))
    clock.set(parse_local("2026-11-21T00:05"))
    assert store.queue.call_next("Balie 1", ["burgerzaken"]) is None
    assert store.desk.register(config.domain("b")).ticket == "B001"
    store.day_end.close()  # a person closes; the earlier day is closed with it (issue 14)
    assert [v.state for v in store.visits.on("2026-11-20")] == [State.UNSERVED]


def test_concurrent_close_and_register_never_loses_a_visitor(db_path, clock, config):
    """Closing the day while the desk registers: every visitor ends waiting or unserved."""
    store = Store(db_path, clock)
    stop = threading.Event()
    errors: list[Exception] = []

    def desk() -> None:
        own = Store(db_path, clock)
        try:
            while not stop.is_set():
                own.desk.register(config.domain("b"))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=desk)
    thread.start()
    for _ in range(5):
        store.day_end.close()
    stop.set()
    thread.join()
    assert not errors
    states = {v.state for v in store.visits.on(store.today())}
    assert states <= {State.WAITING, State.UNSERVED}


def test_a_read_only_file_is_refused_before_sqlite_makes_side_files(store, config, db_path, clock, monkeypatch):
    store.desk.register(config.domain("b"))
    store.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{db_path}{suffix}"):
            os.remove(f"{db_path}{suffix}")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if str(path) == str(db_path) else real_access(path, mode))
    with pytest.raises(BalieError, match="alleen-lezen"):
        Store(db_path, clock)
    assert not os.path.exists(f"{db_path}-wal") and not os.path.exists(f"{db_path}-shm")


def test_a_new_data_folder_is_private(tmp_path, clock):
    path = tmp_path / "data" / "balie" / "balie.sqlite"
    Store(path, clock).close()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
