"""The stand-up on a real file: made from the template once, changes logged, history kept."""

from __future__ import annotations

import threading

import pytest

from balie.clock import FixedClock
from balie.core.standup import DEFAULT_ITEMS
from balie.errors import BalieError
from balie.store import Store
from balie.store.schema import SCHEMA_VERSION


def texts(standup):
    return [item.text for item in standup.items]


def test_first_open_makes_the_day_from_the_default_template(store):
    standup = store.standup.open()
    assert standup.day == "2026-11-20"
    assert texts(standup) == list(DEFAULT_ITEMS)
    assert standup.done == 0
    assert store.standup.open().items == standup.items  # opened again: the same day
    assert store.standup.days() == ["2026-11-20"]
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_tick_and_untick_record_who_and_when(store, clock):
    item = store.standup.open().items[0]
    clock.advance(minutes=2)
    ticked = store.standup.tick(item.id, True, "Petra")
    assert (ticked.ticked_by, ticked.ticked_ms) == ("Petra", store.standup.open().created_ms + 120_000)
    # A second tick (a stale screen elsewhere) changes nothing and is not logged twice.
    assert store.standup.tick(item.id, True, "Kees").ticked_by == "Petra"
    clock.advance(minutes=1)
    assert not store.standup.tick(item.id, False, "Kees").ticked
    log = [(e.type, e.actor, e.text) for e in store.standup.open().log]
    assert log == [
        ("open", "dagstart", None),
        ("tick", "Petra", item.text),
        ("untick", "Kees", item.text),
    ]


def test_editing_today_changes_the_template_but_not_earlier_days(store, clock):
    first = store.standup.open()
    store.standup.edit(first.items[0].id, "Balies bemensd", "Petra")
    store.standup.tick(first.items[1].id, True, "Petra")
    store.standup.retire(first.items[2].id, "Petra")  # unticked: gone today
    store.standup.retire(first.items[1].id, "Petra")  # ticked: stays today
    store.standup.add("Koffie gezet", "Kees")
    friday = store.standup.of("2026-11-20")
    assert texts(friday)[:2] == ["Balies bemensd", DEFAULT_ITEMS[1]]
    assert DEFAULT_ITEMS[2] not in texts(friday)
    assert texts(friday)[-1] == "Koffie gezet"

    clock.advance(days=3)  # Monday
    monday = store.standup.open()
    assert texts(monday) == ["Balies bemensd", *DEFAULT_ITEMS[3:], "Koffie gezet"]
    store.standup.edit(monday.items[0].id, "Alle balies bemensd", "Anna")
    store.standup.retire(monday.items[-1].id, "Anna")
    # Friday is history: its own texts, its ticks, its log.
    assert store.standup.of("2026-11-20") == friday
    with pytest.raises(BalieError, match="alleen nog te bekijken"):
        store.standup.tick(friday.items[0].id, True, "Anna")
    with pytest.raises(BalieError, match="alleen nog te bekijken"):
        store.standup.edit(friday.items[0].id, "anders", "Anna")
    assert store.standup.days() == ["2026-11-23", "2026-11-20"]


def test_reorder_moves_today_and_the_template(store, clock):
    items = store.standup.open().items
    assert store.standup.move(items[2].id, -1, "Petra")
    assert not store.standup.move(items[0].id, -1, "Petra")  # already first
    expected = [DEFAULT_ITEMS[0], DEFAULT_ITEMS[2], DEFAULT_ITEMS[1], *DEFAULT_ITEMS[3:]]
    assert texts(store.standup.open()) == expected
    assert [t.text for t in store.standup.template()] == expected
    clock.advance(days=1)
    assert texts(store.standup.open()) == expected


def test_retiring_every_item_does_not_bring_the_defaults_back(store, clock):
    for item in store.standup.open().items:
        store.standup.retire(item.id, "Petra")
    clock.advance(days=3)
    assert store.standup.open().items == []


def test_notes_roles_and_counters(store):
    store.standup.open()
    assert store.standup.notes("2026-11-20") is None
    store.standup.set_notes("WOZ-brieven zijn verstuurd\nStoring [b]pinautomaat[/b]", "Petra")
    store.standup.set_roles("Anna", " Piet ", "Petra")
    store.standup.assign_counter("Balie 1", "Kees", ["burgerzaken"], "Petra")
    store.standup.assign_counter("Balie 3", "Fatima", ["burgerzaken", "sociaal"], "Petra")
    store.standup.assign_counter("balie 1", "Kees", ["vergunningen"], "Petra")  # same counter, any case
    standup = store.standup.open()
    assert store.standup.notes("2026-11-20") == "WOZ-brieven zijn verstuurd\nStoring [b]pinautomaat[/b]"
    assert (standup.host, standup.lead) == ("Anna", "Piet")
    assert [(a.counter, a.person, a.domains) for a in standup.staffing] == [
        ("balie 1", "Kees", ("vergunningen",)),
        ("Balie 3", "Fatima", ("burgerzaken", "sociaal")),
    ]
    assert store.standup.counter_domains_today("Balie 3") == ["burgerzaken", "sociaal"]
    assert store.standup.counter_domains_today("BALIE 1") == ["vergunningen"]
    assert store.standup.counter_domains_today("Balie 9") is None
    store.standup.assign_counter("Balie 3", None, [], "Petra")  # no domains: off today's list
    assert store.standup.counter_domains_today("Balie 3") is None
    logged = len(store.standup.open().log)
    store.standup.assign_counter("Balie 9", None, [], "Petra")  # nothing to remove: nothing logged
    assert len(store.standup.open().log) == logged
    store.standup.assign_counter("Balie 2", "Kees", ["sociaal"], "Petra", was="balie 1")  # renamed
    assert [a.counter for a in store.standup.open().staffing] == ["Balie 2"]


def test_changes_need_todays_standup_opened(store):
    with pytest.raises(BalieError, match="nog niet geopend"):
        store.standup.set_notes("x", "Petra")


def test_previous_days_and_today_so_far(store, config, clock):
    store.desk.register(config.domain("burgerzaken"))
    clock.advance(days=3)
    store.desk.register(config.domain("sociaal"), appointment_ms=None)
    store.desk.register(config.domain("burgerzaken"), appointment_ms=1)
    assert store.visits.days_before("2026-11-23") == ["2026-11-20"]
    assert store.standup.day_so_far("2026-11-23") == {"registered": 2, "appointments": 1, "waiting": 2}
    assert store.standup.day_so_far("2026-11-21") == {"registered": 0, "appointments": 0, "waiting": 0}


def test_two_terminals_open_and_tick_at_once(db_path, clock):
    """Two stores on one file: one stand-up made, every tick kept, none lost."""
    first, second = Store(db_path, FixedClock(clock.now())), Store(db_path, FixedClock(clock.now()))
    opened: list = []
    errors: list = []

    def run(store, name, parity):
        try:
            standup = store.standup.open(actor=name)
            opened.append(standup.day)
            for item in standup.items:
                if item.position % 2 == parity:
                    store.standup.tick(item.id, True, name)
            # Both also tick the first item: one tick wins, the other changes nothing.
            store.standup.tick(standup.items[0].id, True, name)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(first, "Petra", 0)),
        threading.Thread(target=run, args=(second, "Kees", 1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    standup = first.standup.of("2026-11-20")
    assert len(standup.items) == len(DEFAULT_ITEMS)  # made once, not twice
    assert all(item.ticked for item in standup.items)
    assert [e.type for e in standup.log].count("open") == 1
    assert [e.type for e in standup.log].count("tick") == len(DEFAULT_ITEMS)
    for item in standup.items[1:]:
        assert item.ticked_by == ("Petra" if item.position % 2 == 0 else "Kees")
    first.close()
    second.close()


def test_demo_leaves_earlier_standups_to_look_back_at(tmp_path, config, clock):
    from balie import demo

    store = Store(tmp_path / "demo.sqlite", clock)
    demo.fill(store, config, clock.now(), past_days=2)
    assert store.standup.days() == ["2026-11-19", "2026-11-18"]  # today's is left to the team
    thursday = store.standup.of("2026-11-19")
    assert thursday.lead and thursday.host and thursday.staffing
    assert 0 < thursday.done <= len(thursday.items)
    demo.fill(store, config, clock.now(), past_days=2)  # filled again: the same, not doubled
    assert store.standup.of("2026-11-19") == thursday
    store.close()


def test_four_processes_open_and_tick_the_same_standup(db_path, clock, tmp_path):
    """Real processes on one file: the stand-up is made once and every item ticked once."""
    import json
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    Store(db_path, clock).close()  # the file exists with its schema
    worker = Path(__file__).with_name("standup_race_worker.py")
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    names = ["Petra", "Kees", "Anna", "Fatima"]
    workers = [
        subprocess.Popen(
            [sys.executable, str(worker), str(db_path), name, str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        for name in names
    ]
    time.sleep(1.5)  # let every process import and connect
    go.touch()
    results = []
    for process in workers:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        results.append(json.loads(out))
    assert [r["errors"] for r in results] == [[]] * len(names)
    assert {r["day"] for r in results} == {"2026-11-20"}
    store = Store(db_path, clock)
    standup = store.standup.of("2026-11-20")
    kinds = [entry.type for entry in standup.log]
    assert len(standup.items) == len(DEFAULT_ITEMS)  # made once
    assert kinds.count("open") == 1
    assert kinds.count("tick") == len(DEFAULT_ITEMS)  # each item ticked once, by someone
    assert all(item.ticked_by in names for item in standup.items)
    store.close()
