"""The change watcher: one thread per process that notices every commit on the database.

Commits come from real other processes; nothing is asserted about speed (the
waits below only bound a hang).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from balie import change_watch
from balie.change_watch import ChangeWatch
from balie.file_events import FileEvents
from balie.widgets.trouble import TroubleBanner
from balie.widgets.visit_table import VisitTable
from tests.conftest import FRIDAY
from tests.helpers import office_morning, settle

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 20.0  # generous: only bounds a hang
SIZE = (110, 32)
INOTIFY = FileEvents.open(ROOT, frozenset()) is not None


def other_process(db_path: Path, code: str) -> None:
    """Run ``code`` with ``store`` and ``config`` at hand, in a process of its own."""
    script = (
        "from balie.clock import clock_from_env\n"
        "from balie.config import default_config\n"
        "from balie.store import Store\n"
        f"store = Store({str(db_path)!r}, clock_from_env())\n"
        "config = default_config()\n"
        f"{code}\n"
        "store.close()\n"
    )
    env = {**os.environ, "BALIE_NOW": FRIDAY, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.005)


async def wait_in_app(pilot, condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()


class Reports:
    """What a watch said, counted (it says it on its own thread)."""

    def __init__(self) -> None:
        self.changes = 0
        self.failures: list[str] = []
        self.recoveries = 0
        self.lock = threading.Lock()

    def changed(self) -> None:
        with self.lock:
            self.changes += 1

    def failed(self, error: Exception) -> None:
        with self.lock:
            self.failures.append(str(error))

    def recovered(self) -> None:
        with self.lock:
            self.recoveries += 1

    def watch(self, store, file_events: bool = True) -> ChangeWatch:
        return ChangeWatch(store, self.changed, self.failed, self.recovered, file_events=file_events)


@pytest.fixture
def running(store):
    """Start watches on ``store``; each is stopped after the test."""
    started: list[ChangeWatch] = []

    def start(watch: ChangeWatch) -> ChangeWatch:
        watch.start()
        started.append(watch)
        return watch

    yield start
    for watch in started:
        watch.stop()


def test_a_look_reports_only_what_another_connection_committed(store, config, db_path):
    store.today()
    reports = Reports()
    watch = reports.watch(store)
    watch.check()  # the baseline
    watch.check()
    assert reports.changes == 0
    other_process(db_path, "store.queue.waiting()")  # reading changes nothing
    watch.check()
    assert reports.changes == 0
    other_process(db_path, "store.desk.register(config.domain('sociaal'))")
    watch.check()
    watch.check()
    assert reports.changes == 1


@pytest.mark.parametrize("inotify", [True, False], ids=["inotify", "polling"])
def test_a_commit_in_another_process_is_reported(store, db_path, running, monkeypatch, inotify):
    if inotify and not INOTIFY:
        pytest.skip("no inotify here")
    if not inotify:  # as on macOS, or when the kernel refuses another inotify instance
        monkeypatch.setattr(change_watch.FileEvents, "open", classmethod(lambda cls, folder, names: None))
    store.today()
    reports = Reports()
    watch = running(reports.watch(store))
    assert (watch.events is not None) == inotify
    other_process(db_path, "store.desk.register(config.domain('sociaal'))")
    wait_until(lambda: reports.changes == 1, "the commit reported")
    other_process(db_path, "store.desk.register(config.domain('burgerzaken'))")
    wait_until(lambda: reports.changes == 2, "the second commit reported")
    assert reports.failures == []


@pytest.mark.skipif(not INOTIFY, reason="no inotify here")
def test_no_report_when_nothing_was_committed(store, db_path, tmp_path, running):
    """Events that wake the watcher without a commit (a reader, a chmod, another
    file in the folder) lead to looks, never to a report."""
    store.today()
    reports = Reports()
    watch = running(reports.watch(store))
    looks = watch.looks
    other_process(db_path, "store.queue.waiting(); store.board.recent_calls(5)")
    os.chmod(db_path, 0o600)  # an event on the database itself: the watcher looks
    (tmp_path / "notes.txt").write_text("not the database")
    wait_until(lambda: watch.looks >= looks + 2, "a look and its follow-up after the chmod")
    assert reports.changes == 0
    other_process(db_path, "store.desk.register(config.domain('sociaal'))")
    wait_until(lambda: reports.changes == 1, "the commit reported")
    looks = watch.looks
    os.chmod(db_path, 0o600)
    wait_until(lambda: watch.looks >= looks + 2, "looks after another chmod")
    assert reports.changes == 1


def test_the_thread_ends_when_stopped(store):
    reports = Reports()
    watch = reports.watch(store)
    watch.start()
    thread = watch.thread
    assert thread is not None and thread.is_alive()
    watch.stop()
    assert not thread.is_alive()
    assert watch.thread is None and watch.events is None


def test_a_vanished_file_is_reported_and_its_return_too(store, db_path, tmp_path, running, monkeypatch):
    store.today()
    reports = Reports()
    running(reports.watch(store))
    away = tmp_path / "weg.sqlite"
    os.rename(db_path, away)
    wait_until(lambda: reports.failures, "the missing file reported")
    assert "er niet meer" in reports.failures[0]
    os.rename(away, db_path)
    wait_until(lambda: reports.recoveries == 1, "the file reported back")
    assert len(reports.failures) == 1  # said once, not on every look


async def test_the_app_watches_on_a_thread_that_ends_with_it(store, config, clock):
    from balie.app import BalieApp

    office_morning(store, config, clock)
    app = BalieApp(store=store, config=config, clock=clock, mode="board", poll=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread = app.watch.thread
        assert thread is not None and thread.is_alive()
    assert app.watch.thread is None
    assert not thread.is_alive()


async def test_a_commit_in_another_process_reaches_the_desk(store, config, clock, db_path):
    from balie.app import BalieApp

    office_morning(store, config, clock)
    app = BalieApp(store=store, config=config, clock=clock, mode="desk", poll=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(VisitTable)
        assert table.row_count == 5
        other_process(db_path, "store.desk.register(config.domain('sociaal'))")
        await wait_in_app(pilot, lambda: table.row_count == 6, "the new visitor on the desk")


async def test_the_watcher_shows_a_vanished_file_and_recovers(store, config, clock, db_path, tmp_path):
    from balie.app import BalieApp

    office_morning(store, config, clock)
    app = BalieApp(store=store, config=config, clock=clock, mode="desk", poll=True)

    def banner() -> str | None:
        banners = app.screen.query(TroubleBanner)
        return str(banners.first().content) if banners else None

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        away = tmp_path / "weg.sqlite"
        os.rename(db_path, away)
        await wait_in_app(pilot, lambda: banner() is not None, "the banner")
        assert "er niet meer" in banner()
        os.rename(away, db_path)
        await wait_in_app(pilot, lambda: banner() is None, "the banner gone")
        other_process(db_path, "store.desk.register(config.domain('sociaal'))")
        table = app.screen.query_one(VisitTable)
        await wait_in_app(pilot, lambda: table.row_count == 6, "a commit after the return")


async def test_a_file_replaced_by_a_backup_is_followed(store, config, clock, db_path, tmp_path):
    from balie.app import BalieApp

    office_morning(store, config, clock)
    backup = tmp_path / "backup.sqlite"
    store.backup.copy_to(backup)
    store.desk.register(config.domain("sociaal"))  # after the backup: gone once it is restored
    app = BalieApp(store=store, config=config, clock=clock, mode="desk", poll=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(VisitTable)
        assert table.row_count == 6
        for side in ("-wal", "-shm"):  # restored as balie's own test of it does
            Path(f"{db_path}{side}").unlink(missing_ok=True)
        os.replace(backup, db_path)
        await wait_in_app(pilot, lambda: table.row_count == 5, "the restored backup shown")
        assert not app.screen.query(TroubleBanner)
