"""The store on a real SQLite file: numbering, transactions, events, bad files, many processes."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
import sys

import pendulum
import pytest

from balie.clock import FixedClock, local_time_on, parse_local, to_ms
from balie.config import default_config
from balie.core.estimate import WaitEstimate
from balie.core.visits import Kind, Outcome, State
from balie.errors import BalieError
from balie.store import Store
from balie.store.schema import APPLICATION_ID, SCHEMA_VERSION

MIN = 60_000


@pytest.fixture
def domains(config):
    return {d.key: d for d in config.domains}


def utc(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz="UTC")


def event_types(store: Store, visit_id: int) -> list[str]:
    return [event["type"] for event in store.visits.events(visit_id)]


def row_count(path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# -- ticket numbers ------------------------------------------------------------


def test_ticket_numbers_per_domain(store, domains):
    tickets = [
        store.desk.register(domains["burgerzaken"]).ticket,
        store.desk.register(domains["burgerzaken"]).ticket,
        store.desk.register(domains["vergunningen"]).ticket,
        store.desk.register(domains["burgerzaken"]).ticket,
        store.desk.register(domains["sociaal"]).ticket,
        store.desk.register(domains["vergunningen"]).ticket,
    ]
    assert tickets == ["B001", "B002", "V001", "B003", "S001", "V002"]


def test_ticket_numbers_restart_after_local_midnight_not_utc_midnight(store, clock, domains):
    b = domains["burgerzaken"]
    assert store.desk.register(b).ticket == "B001"
    clock.set(utc(2026, 11, 20, 22, 59))  # 23:59 in Amsterdam: still Friday
    late = store.desk.register(b)
    assert (late.ticket, late.day) == ("B002", "2026-11-20")
    clock.set(utc(2026, 11, 20, 23, 30))  # UTC still says the 20th; Amsterdam says Saturday 00:30
    saturday = store.desk.register(b)
    assert (saturday.ticket, saturday.day) == ("B001", "2026-11-21")
    assert store.desk.register(domains["vergunningen"]).ticket == "V001"
    assert store.desk.register(b).ticket == "B002"
    clock.set(parse_local("2026-11-22T09:00"))
    assert store.desk.register(b).ticket == "B001"


def test_find_ticket_is_per_day(store, clock, domains):
    b = domains["burgerzaken"]
    friday = store.desk.register(b, name="vrijdag")
    clock.set(parse_local("2026-11-21T09:00"))
    saturday = store.desk.register(b, name="zaterdag")
    assert friday.ticket == saturday.ticket == "B001"
    assert store.visits.find_ticket("B001").id == saturday.id
    assert store.visits.find_ticket("B001", "2026-11-20").id == friday.id
    with pytest.raises(BalieError, match="B002 bestaat vandaag niet"):
        store.visits.find_ticket("B002")


@pytest.mark.parametrize(
    "before, after, day_before, day_after",
    [
        # spring forward: Saturday 23:59 CET -> Sunday 00:00 CET
        (utc(2026, 3, 28, 22, 59), utc(2026, 3, 28, 23, 0), "2026-03-28", "2026-03-29"),
        # the end of the short Sunday: 23:59 CEST -> Monday 00:00 CEST
        (utc(2026, 3, 29, 21, 59), utc(2026, 3, 29, 22, 0), "2026-03-29", "2026-03-30"),
        # fall back: Saturday 23:59 CEST -> Sunday 00:00 CEST
        (utc(2026, 10, 24, 21, 59), utc(2026, 10, 24, 22, 0), "2026-10-24", "2026-10-25"),
        # the end of the long Sunday: 23:59 CET -> Monday 00:00 CET
        (utc(2026, 10, 25, 22, 59), utc(2026, 10, 25, 23, 0), "2026-10-25", "2026-10-26"),
    ],
)
def test_ticket_numbers_restart_on_dst_days(db_path, config, before, after, day_before, day_after):
    clock = FixedClock(before)
    store = Store(db_path, clock)
    b = config.domain("burgerzaken")
    first, second = store.desk.register(b), store.desk.register(b)
    assert (first.day, first.ticket, second.ticket) == (day_before, "B001", "B002")
    clock.set(after)
    third = store.desk.register(b)
    assert (third.day, third.ticket) == (day_after, "B001")
    store.close()


def test_through_the_long_dst_night_numbers_go_on(db_path, config):
    # 02:30 happens twice on 2026-10-25; it is still one day with one numbering
    clock = FixedClock(utc(2026, 10, 25, 0, 30))  # 02:30 CEST
    store = Store(db_path, clock)
    b = config.domain("burgerzaken")
    assert store.desk.register(b).ticket == "B001"
    clock.set(utc(2026, 10, 25, 1, 30))  # 02:30 CET
    again = store.desk.register(b)
    assert (again.day, again.ticket) == ("2026-10-25", "B002")
    store.close()


def test_ticket_numbers_are_unique_per_day_and_domain(store, db_path, domains):
    for _ in range(30):
        for domain in domains.values():
            store.desk.register(domain)
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("SELECT day, ticket FROM visits").fetchall()
        assert len(rows) == 90 == len(set(rows))
        # the database itself refuses a second B001 on the same day
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO visits (day, prefix, seq, ticket, domain, kind, state, arrived_ms, queue_ms) "
                "VALUES ('2026-11-20', 'B', 1, 'B001', 'burgerzaken', 'walk_in', 'waiting', 0, 0)"
            )
    finally:
        conn.close()


# -- registering -----------------------------------------------------------------


def test_register_stores_what_the_host_typed(store, clock, domains):
    visit = store.desk.register(
        domains["sociaal"], name="  mw. \x1b[31mJansen\x1b[0m ", question="hulp\tbij\nhuishouden", urgent=True
    )
    assert visit.ticket == "S001"
    assert visit.domain == "sociaal"
    assert visit.day == "2026-11-20"
    assert visit.kind == Kind.WALK_IN
    assert visit.state == State.WAITING
    assert visit.urgent is True
    assert visit.arrived_ms == visit.queue_ms == to_ms(clock.now())
    assert visit.name == "mw. Jansen"
    assert visit.question == "hulp bij huishouden"
    assert store.visits.get(visit.id) == visit


def test_register_keeps_markup_as_text_and_limits_length(store, domains):
    visit = store.desk.register(domains["burgerzaken"], name="[b]Kees[/b]", question="x" * 2000)
    assert visit.name == "[b]Kees[/b]"
    assert len(visit.question) == 500
    empty = store.desk.register(domains["burgerzaken"], name="   ", question="")
    assert empty.name is None and empty.question is None


def test_register_appointment_takes_its_place_at_the_appointment_time(store, clock, domains):
    b = domains["burgerzaken"]
    at_1030 = to_ms(local_time_on("2026-11-20", "10:30"))
    appointment = store.desk.register(b, appointment_ms=at_1030)
    assert appointment.kind == Kind.APPOINTMENT
    assert appointment.appointment_ms == appointment.queue_ms == at_1030
    clock.advance(minutes=10)
    earlier_walk_in = store.desk.register(b)
    clock.advance(minutes=25)  # 10:35
    later_walk_in = store.desk.register(b)
    assert [v.id for v in store.queue.waiting()] == [earlier_walk_in.id, appointment.id, later_walk_in.id]


def test_register_commits_before_returning(store, db_path, clock, domains):
    visit = store.desk.register(domains["burgerzaken"], name="J. de Vries")
    other = Store(db_path, clock)  # another terminal on the same file
    try:
        seen = other.visits.find_ticket(visit.ticket)
        assert seen == visit
    finally:
        other.close()
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT ticket, name FROM visits").fetchall() == [("B001", "J. de Vries")]
    finally:
        conn.close()


def test_a_failed_registration_leaves_nothing_behind(store, db_path, domains, monkeypatch):
    def broken_event(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "event", staticmethod(broken_event))
    with pytest.raises(BalieError):
        store.desk.register(domains["burgerzaken"])
    monkeypatch.undo()
    assert row_count(db_path, "visits") == 0
    assert row_count(db_path, "events") == 0
    assert store.desk.register(domains["burgerzaken"]).ticket == "B001"  # the store still works


# -- the event log -------------------------------------------------------------


def test_every_change_writes_an_event(store, clock, domains):
    b, v = domains["burgerzaken"], domains["vergunningen"]
    visit = store.desk.register(b, actor="gastvrouw")
    [registered] = store.visits.events(visit.id)
    assert registered["type"] == "registered"
    assert registered["actor"] == "gastvrouw"
    assert registered["at_ms"] == to_ms(clock.now())
    assert registered["data"] == {"domain": "burgerzaken", "kind": "walk_in", "urgent": False, "ticket": "B001"}

    clock.advance(minutes=1)
    store.desk.set_urgent(visit.id, True, actor="Anna")
    clock.advance(minutes=1)
    store.desk.correct_domain(visit.id, v, actor="Anna")
    clock.advance(minutes=1)
    store.desk.mark_left(visit.id)

    events = store.visits.events(visit.id)
    assert [e["type"] for e in events] == ["registered", "mark_urgent", "change_domain", "leave"]
    assert events[1]["data"] == {"urgent": True}
    assert events[1]["actor"] == "Anna"
    assert events[2]["data"] == {"from": "burgerzaken", "to": "vergunningen"}
    assert events[3]["actor"] == "gastvrouw"
    assert [e["at_ms"] for e in events] == sorted(e["at_ms"] for e in events)
    assert events[3]["at_ms"] - events[0]["at_ms"] == 3 * MIN


def test_counter_actions_write_events(store, clock, domains):
    visit = store.desk.register(domains["burgerzaken"])
    called = store.queue.call_next("Balie 1", ["burgerzaken"])
    assert called.id == visit.id and called.state == State.CALLED and called.counter == "Balie 1"
    clock.advance(seconds=10)
    store.counter.recall(visit.id, "Balie 1")
    done = store.counter.finish(visit.id, Outcome.REFERRED, "Balie 1", topic="paspoort")
    assert done.state == State.FINISHED and done.outcome == Outcome.REFERRED and done.topic == "paspoort"
    assert event_types(store, visit.id) == ["registered", "call", "recall", "finish"]
    assert store.visits.events(visit.id)[1]["data"] == {"counter": "Balie 1"}


def test_quick_answer_is_counted_and_logged(store, db_path):
    store.desk.quick_answer(topic="openingstijden \x1b[2J", domain="burgerzaken")
    store.desk.quick_answer()
    assert store.desk.quick_answers_on("2026-11-20") == 2
    assert store.desk.quick_answers_on("2026-11-21") == 0
    conn = sqlite3.connect(db_path)
    try:
        topics = conn.execute("SELECT topic, domain, actor FROM quick_answers ORDER BY id").fetchall()
        events = conn.execute("SELECT visit_id, type FROM events").fetchall()
    finally:
        conn.close()
    assert topics == [("openingstijden", "burgerzaken", "gastvrouw"), (None, None, "gastvrouw")]
    assert events == [(None, "quick_answer"), (None, "quick_answer")]
    assert not store.visits.any()


# -- host desk actions -----------------------------------------------------------


def test_set_urgent_moves_to_the_front_and_back(store, clock, domains):
    b = domains["burgerzaken"]
    first = store.desk.register(b)
    clock.advance(minutes=5)
    second = store.desk.register(b)
    assert store.desk.set_urgent(second.id, True).urgent is True
    assert [v.id for v in store.queue.waiting()] == [second.id, first.id]
    assert store.desk.set_urgent(second.id, False).urgent is False
    assert [v.id for v in store.queue.waiting()] == [first.id, second.id]


def test_correct_domain_keeps_ticket_and_place(store, clock, domains):
    b, v = domains["burgerzaken"], domains["vergunningen"]
    wrong = store.desk.register(b)  # 10:00, should have been vergunningen
    clock.advance(minutes=5)
    v_visit = store.desk.register(v)  # 10:05
    corrected = store.desk.correct_domain(wrong.id, v)
    assert corrected.domain == "vergunningen"
    assert corrected.ticket == "B001"
    assert corrected.queue_ms == wrong.queue_ms
    assert corrected.state == State.WAITING
    assert [x.id for x in store.queue.waiting(["vergunningen"])] == [wrong.id, v_visit.id]
    assert store.queue.waiting(["burgerzaken"]) == []
    # the number B001 is not given out again today
    assert store.desk.register(b).ticket == "B002"
    # correcting to the same domain changes nothing and logs nothing
    assert store.desk.correct_domain(wrong.id, v) == corrected
    assert event_types(store, wrong.id) == ["registered", "change_domain"]


def test_mark_left(store, clock, domains):
    visit = store.desk.register(domains["burgerzaken"])
    clock.advance(minutes=12)
    left = store.desk.mark_left(visit.id)
    assert left.state == State.LEFT
    assert left.finished_ms == to_ms(clock.now())
    assert store.queue.waiting() == []
    assert store.queue.call_next("Balie 1", ["burgerzaken"]) is None


def _snapshot(path) -> tuple[list, list]:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT * FROM visits ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM events ORDER BY id").fetchall(),
        )
    finally:
        conn.close()


def test_illegal_transitions_raise_and_change_nothing(store, db_path, domains):
    b, v = domains["burgerzaken"], domains["vergunningen"]
    left = store.desk.register(b)
    store.desk.mark_left(left.id)
    called = store.desk.register(b)
    assert store.queue.call_next("Balie 1", ["burgerzaken"]).id == called.id
    finished = store.desk.register(b)
    store.queue.call_next("Balie 2", ["burgerzaken"])
    store.counter.finish(finished.id, Outcome.HANDLED, "Balie 2")
    before = _snapshot(db_path)

    attempts = [
        (lambda: store.desk.mark_left(left.id), "B001 is al vertrokken"),
        (lambda: store.desk.set_urgent(left.id, True), "B001 is al vertrokken"),
        (lambda: store.desk.correct_domain(left.id, v), "B001 is al vertrokken"),
        (lambda: store.desk.mark_left(called.id), "B002 is opgeroepen"),
        (lambda: store.desk.correct_domain(called.id, v), "B002 is opgeroepen"),
        (lambda: store.desk.mark_left(finished.id), "B003 is al geholpen"),
        (lambda: store.desk.set_urgent(finished.id, True), "B003 is al geholpen"),
        (lambda: store.counter.finish(finished.id, Outcome.HANDLED, "Balie 2"), "B003 is al geholpen"),
        (lambda: store.counter.recall(left.id, "Balie 1"), "B001 is al vertrokken"),
    ]
    for attempt, message in attempts:
        with pytest.raises(BalieError, match=message):
            attempt()
    assert _snapshot(db_path) == before
    with pytest.raises(BalieError, match="bestaat niet"):
        store.desk.mark_left(9999)
    assert _snapshot(db_path) == before


def test_waiting_is_todays_queue_in_order(store, clock, domains):
    b, s = domains["burgerzaken"], domains["sociaal"]
    clock.set(parse_local("2026-11-19T16:00"))
    store.desk.register(b)  # yesterday: never in today's queue
    clock.set(parse_local("2026-11-20T09:00"))
    one = store.desk.register(b)
    clock.advance(minutes=1)
    two = store.desk.register(s)
    clock.advance(minutes=1)
    three = store.desk.register(b, urgent=True)
    assert [v.id for v in store.queue.waiting()] == [three.id, one.id, two.id]
    assert [v.id for v in store.queue.waiting(["sociaal"])] == [two.id]
    assert store.queue.waiting([]) == []
    assert store.queue.call_next("Balie 3", ["burgerzaken", "sociaal"]).id == three.id
    assert store.queue.call_next("Balie 4", ["sociaal", "burgerzaken"]).id == one.id


# -- domain loads --------------------------------------------------------------


def _loads(store, config):
    return {load.domain: load for load in store.board.loads(config)}


def test_domain_loads_before_any_counter_is_known(store, clock, config, domains):
    store.desk.register(domains["burgerzaken"])
    store.desk.register(domains["burgerzaken"])
    clock.advance(minutes=5)
    store.desk.register(domains["sociaal"])
    clock.advance(minutes=5)
    loads = _loads(store, config)
    assert [load.domain for load in store.board.loads(config)] == ["burgerzaken", "vergunningen", "sociaal"]
    assert (loads["burgerzaken"].waiting, loads["burgerzaken"].longest_wait_ms) == (2, 10 * MIN)
    assert (loads["sociaal"].waiting, loads["sociaal"].longest_wait_ms) == (1, 5 * MIN)
    assert (loads["vergunningen"].waiting, loads["vergunningen"].longest_wait_ms) == (0, 0)
    # no counter seen yet: one counter assumed, at the configured minutes, and no promise
    # of "no wait" to someone joining now (ahead + 1 visits)
    assert loads["burgerzaken"].wait.point_ms == 3 * 6 * MIN
    assert loads["sociaal"].wait.point_ms == 2 * 12 * MIN
    assert loads["vergunningen"].wait.point_ms == 10 * MIN
    assert not any(load.wait.at_once for load in loads.values())


def test_domain_loads_follow_the_counters_at_work(store, clock, config, domains):
    from balie.core.estimate import estimate

    b = domains["burgerzaken"]
    for _ in range(6):
        store.desk.register(b)  # all at 10:00
    store.queue.call_next("Balie 1", ["burgerzaken"])  # 10:00
    clock.advance(minutes=10)
    store.queue.call_next("Balie 2", ["burgerzaken"])  # 10:10
    office = store.waits.office_now(config)
    assert [(c.name, c.serving) for c in office.counters] == [
        ("Balie 1", "burgerzaken"), ("Balie 2", "burgerzaken"),
    ]
    load = _loads(store, config)["burgerzaken"]
    assert (load.waiting, load.longest_wait_ms) == (4, 10 * MIN)
    assert load.wait == estimate(office, "burgerzaken", 4)
    # both counters busy: even the first in line waits, for the first counter to come free
    first, *_, last = store.queue.waiting()
    ahead, wait = store.waits.outlook(first, config)
    assert ahead == 0 and not wait.at_once and wait.point_ms > 0
    assert store.waits.outlook(last, config) == (3, estimate(office, "burgerzaken", 3))
    # everyone helped and a counter free: the next visitor will really be called at once
    for visit in store.queue.waiting():
        store.queue.call_visit(visit.id, "Balie 3")
        store.counter.finish(visit.id, Outcome.HANDLED, "Balie 3")
    newcomer = store.desk.register(b)
    assert store.waits.outlook(newcomer, config) == (0, WaitEstimate.none())
    assert _loads(store, config)["burgerzaken"].wait.at_once is False  # one waits now: the newcomer


def test_domain_loads_longest_wait_of_an_early_appointment(store, clock, config, domains):
    at_1030 = to_ms(local_time_on("2026-11-20", "10:30"))
    store.desk.register(domains["vergunningen"], appointment_ms=at_1030)
    clock.advance(minutes=20)  # 10:20: early for the appointment, not waiting yet
    assert _loads(store, config)["vergunningen"].longest_wait_ms == 0
    clock.advance(minutes=15)  # 10:35
    assert _loads(store, config)["vergunningen"].longest_wait_ms == 5 * MIN


# -- the file itself -------------------------------------------------------------


def test_new_file_is_private_and_a_balie_database(store, db_path):
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_creates_missing_folders(tmp_path, clock):
    path = tmp_path / "nieuw" / "dieper" / "balie.sqlite"
    store = Store(path, clock)
    store.close()
    assert path.exists()


def test_reopening_keeps_the_data(db_path, clock, config):
    first = Store(db_path, clock)
    first.desk.register(config.domain("burgerzaken"))
    first.close()
    second = Store(db_path, clock)
    assert second.visits.any()
    assert second.desk.register(config.domain("burgerzaken")).ticket == "B002"
    second.close()


def test_an_empty_existing_file_becomes_a_database(db_path, clock):
    db_path.write_bytes(b"")
    store = Store(db_path, clock)
    assert not store.visits.any()
    store.close()


def _refused(path, clock, match: str) -> None:
    before = path.read_bytes()
    with pytest.raises(BalieError, match=match):
        Store(path, clock)
    assert path.read_bytes() == before


def test_a_text_file_is_refused_untouched(tmp_path, clock):
    path = tmp_path / "notities.txt"
    path.write_text("boodschappen: melk, brood\n" * 50, encoding="utf-8")
    _refused(path, clock, "is geen balie-database")
    tiny = tmp_path / "klein.txt"
    tiny.write_text("x", encoding="utf-8")
    _refused(tiny, clock, "is geen balie-database")


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path, clock):
    path = tmp_path / "ander.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE klanten (id INTEGER PRIMARY KEY, naam TEXT)")
    conn.execute("INSERT INTO klanten (naam) VALUES ('Jansen')")
    conn.commit()
    conn.close()
    _refused(path, clock, "is geen balie-database")
    assert not (tmp_path / "ander.sqlite-wal").exists()


def test_a_damaged_sqlite_file_is_a_dutch_error(tmp_path, clock):
    path = tmp_path / "kapot.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    _refused(path, clock, "balie-database|kan niet worden geopend")


def test_a_newer_schema_is_refused_untouched(db_path, clock, config):
    store = Store(db_path, clock)
    store.desk.register(config.domain("burgerzaken"))
    store.close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    _refused(db_path, clock, "nieuwere versie van balie")


def test_a_folder_as_database_path_is_a_dutch_error(tmp_path, clock):
    with pytest.raises(BalieError):
        Store(tmp_path, clock)


def test_a_folder_that_cannot_be_made_is_a_dutch_error(tmp_path, clock):
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map", encoding="utf-8")
    with pytest.raises(BalieError, match="kan niet worden aangemaakt"):
        Store(blocker / "balie.sqlite", clock)


def test_a_read_only_folder_is_a_dutch_error(tmp_path, clock):
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who may write anywhere (root)")
        with pytest.raises(BalieError, match="mag balie niet schrijven"):
            Store(folder / "balie.sqlite", clock)
        assert not (folder / "balie.sqlite").exists()
    finally:
        folder.chmod(0o700)


def test_an_unwritable_folder_message_even_as_root(tmp_path, clock, monkeypatch):
    # The same check as above, for runs as root (where chmod does not stop writing).
    folder = tmp_path / "dicht"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode, **kw: False if mode == os.W_OK else real_access(path, mode, **kw)
    )
    with pytest.raises(BalieError, match="mag balie niet schrijven"):
        Store(folder / "balie.sqlite", clock)
    assert not (folder / "balie.sqlite").exists()


# -- many processes at once ------------------------------------------------------

_CONTEXT = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _open_worker(path: str, barrier, results) -> None:
    clock = FixedClock(parse_local("2026-11-20T10:00"))
    try:
        barrier.wait(timeout=30)
        store = Store(path, clock)
        store.close()
        results.put("ok")
    except BaseException as error:  # report anything, never hang the test
        results.put(f"{type(error).__name__}: {error}")


def _register_worker(path: str, count: int, barrier, results) -> None:
    clock = FixedClock(parse_local("2026-11-20T10:00"))
    try:
        store = Store(path, clock)
        domain = default_config().domain("burgerzaken")
        barrier.wait(timeout=30)
        tickets = [store.desk.register(domain, actor=f"kiosk {os.getpid()}").ticket for _ in range(count)]
        store.close()
        results.put(tickets)
    except BaseException as error:
        results.put(f"{type(error).__name__}: {error}")


def _run(target, args_for, processes: int) -> list:
    barrier = _CONTEXT.Barrier(processes)
    results = _CONTEXT.Queue()
    workers = [_CONTEXT.Process(target=target, args=(*args_for(i), barrier, results)) for i in range(processes)]
    for worker in workers:
        worker.start()
    collected = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    return collected


def test_several_processes_creating_the_same_new_file_all_succeed(tmp_path, clock):
    for round_ in range(10):
        path = tmp_path / f"ronde{round_}" / "balie.sqlite"
        outcomes = _run(_open_worker, lambda i: (str(path),), processes=8)
        assert outcomes == ["ok"] * 8
        store = Store(path, clock)
        assert not store.visits.any()
        store.close()
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'visits'").fetchone()[0] == 1
        finally:
            conn.close()


def test_registering_from_many_processes_gives_unique_consecutive_tickets(db_path, clock):
    Store(db_path, clock).close()
    per_process, processes = 25, 5
    outcomes = _run(_register_worker, lambda i: (str(db_path), per_process), processes=processes)
    errors = [o for o in outcomes if isinstance(o, str)]
    assert errors == []
    tickets = [ticket for batch in outcomes for ticket in batch]
    total = per_process * processes
    assert sorted(tickets) == [f"B{n:03d}" for n in range(1, total + 1)]
    for batch in outcomes:  # each kiosk saw its own numbers go up
        assert batch == sorted(batch)
    assert row_count(db_path, "visits") == total
    assert row_count(db_path, "events") == total


@pytest.mark.parametrize(
    "day, midnight_utc",
    [("2026-03-29", "2026-03-28T23:00:00"), ("2026-03-30", "2026-03-29T22:00:00"),
     ("2026-10-25", "2026-10-24T22:00:00"), ("2026-10-26", "2026-10-25T23:00:00")],
)
def test_the_day_of_a_write_turns_at_local_midnight_on_dst_days_too(tmp_path, config, day, midnight_utc):
    """The store keeps the span of the current day (issue 18); a ticket still restarts at midnight."""
    midnight = pendulum.parse(midnight_utc, tz="UTC")
    clock = FixedClock(midnight.subtract(microseconds=1000))
    store = Store(tmp_path / "balie.sqlite", clock)
    before = store.desk.register(config.domain("b"))
    clock.set(midnight)
    after = store.desk.register(config.domain("b"))
    assert (before.ticket, after.ticket) == ("B001", "B001")
    assert after.day == day == store.today() and before.day < day
