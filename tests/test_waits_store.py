"""What the store reads for the wait estimate and the staffing advice, on a real file."""

from __future__ import annotations

from balie.clock import local_time_on, parse_local, to_ms
from balie.core.visits import Outcome

MIN = 60_000


def test_office_now_knows_the_counters(store, clock, config):
    b, s = config.domain("burgerzaken"), config.domain("sociaal")
    store.standup.open("Petra")
    store.standup.assign_counter("Balie 3", "Kees", ["burgerzaken", "sociaal"], "Petra")
    store.standup.assign_counter("Balie 4", "Anna", ["vergunningen"], "Petra")
    first = store.desk.register(b)
    store.desk.register(s)
    store.queue.call_next("Balie 1", ["burgerzaken"])  # not in the stand-up, but at work
    clock.advance(minutes=3)
    store.counter.recall(first.id, "Balie 1")  # a recall does not restart the visit
    store.counter.set_paused("Balie 4", True)
    clock.advance(minutes=2)
    office = store.waits.office_now(config)
    counters = {c.name: c for c in office.counters}
    assert set(counters) == {"Balie 1", "Balie 3", "Balie 4"}
    one, three, four = counters["Balie 1"], counters["Balie 3"], counters["Balie 4"]
    assert (one.domains, one.serving, one.since_ms, one.present) == (
        frozenset({"burgerzaken"}), "burgerzaken", first.arrived_ms, True,
    )
    assert three.domains == frozenset({"burgerzaken", "sociaal"}) and not three.busy
    assert four.paused and four.paused_ms == first.arrived_ms + 3 * MIN
    assert office.free("sociaal") == 1 and office.free("vergunningen") == 0
    assert office.waiting == {"sociaal": 1}
    assert [q.domain for q in office.queue] == ["sociaal"]


def test_office_now_reads_the_last_hour(store, clock, config):
    b = config.domain("burgerzaken")
    start = clock.now()
    a = store.desk.register(b)  # 10:00
    early = store.desk.register(b, appointment_ms=to_ms(start.add(minutes=4)))
    moved = store.desk.register(b)
    clock.advance(minutes=2)
    store.queue.call_next("Balie 1", ["burgerzaken"])  # 10:02: a, after 2 minutes
    store.queue.call_next("Balie 2", ["burgerzaken"])  # 10:02: moved, after 2 minutes
    clock.advance(minutes=3)
    store.counter.transfer(moved.id, config.domain("sociaal"), "Balie 2")  # sent on: no service time
    clock.advance(minutes=3)
    store.counter.finish(a.id, Outcome.HANDLED, "Balie 1")  # 10:08: a 6-minute visit
    clock.advance(seconds=40)
    store.queue.call_next("Balie 1", ["burgerzaken"])  # 10:08:40: early; 40 s between two visitors
    clock.advance(minutes=4)
    store.counter.finish(early.id, Outcome.HANDLED, "Balie 1")  # a 4-minute visit
    store.counter.set_paused("Balie 1", True)  # 10:12:40 - 10:22:40: a 10-minute pause
    clock.advance(minutes=10)
    store.counter.set_paused("Balie 1", False)
    later = store.desk.register(b, appointment_ms=to_ms(start.add(minutes=60)))  # not ahead of a walk-in
    office = store.waits.office_now(config)
    b_hour = office.last_hour("burgerzaken")
    # moved was first called for burgerzaken (it waits for sociaal now, at no counter)
    assert (b_hour.calls, b_hour.first_call_ms, b_hour.callers) == (3, a.arrived_ms + 2 * MIN, {"Balie 1"})
    assert office.calls_by == {("Balie 1", "burgerzaken"): 2}
    # waits, oldest first: early's from its appointment time (early is no wait)
    assert b_hour.waits == (2 * MIN, 2 * MIN, 4 * MIN + 40_000)
    assert b_hour.services == (6 * MIN, 4 * MIN)  # moved was sent on: no time of its own
    assert office.gaps == (40_000,)
    assert office.pauses == (10 * MIN,)
    assert (b_hour.arrivals, office.last_hour("sociaal").arrivals) == (3, 1)
    assert office.waiting == {"sociaal": 1}  # the later appointment is not ahead of anyone yet
    assert [q.id for q in office.queue] == [moved.id, later.id]


def test_a_pause_between_two_visitors_is_no_moment_between_them(store, clock, config):
    b = config.domain("burgerzaken")
    one, _ = store.desk.register(b), store.desk.register(b)
    store.queue.call_next("Balie 1", ["burgerzaken"])
    clock.advance(minutes=5)
    store.counter.finish(one.id, Outcome.HANDLED, "Balie 1")
    store.counter.set_paused("Balie 1", True)
    clock.advance(minutes=15)
    store.counter.set_paused("Balie 1", False)
    store.queue.call_next("Balie 1", ["burgerzaken"])
    assert store.waits.office_now(config).gaps == ()


def test_staffing_reads_the_same_weekday(tmp_path, config):
    from balie.clock import FixedClock
    from balie.store import Store

    clock = FixedClock(parse_local("2026-11-06T09:20"))  # a Friday
    store = Store(tmp_path / "history.sqlite", clock)
    b, s = config.domain("burgerzaken"), config.domain("sociaal")
    for day in ("2026-11-06", "2026-11-12", "2026-11-13"):  # two Fridays and a Thursday
        if day == "2026-11-12":  # not the same weekday
            clock.set(local_time_on(day, "10:00"))
            store.desk.register(b)
            continue
        clock.set(local_time_on(day, "09:20"))
        store.desk.register(b)
        visit = store.desk.register(b)
        clock.set(local_time_on(day, "10:05"))
        store.desk.register(s)
        store.queue.call_visit(visit.id, "Balie 1")
        clock.advance(minutes=8)
        store.counter.finish(visit.id, Outcome.HANDLED, "Balie 1")
    clock.set(local_time_on("2026-11-20", "08:45"))
    store.standup.open("Petra")
    store.standup.assign_counter("Balie 1", "Kees", ["burgerzaken"], "Petra")
    store.standup.assign_counter("Balie 3", "Anna", ["burgerzaken", "sociaal"], "Petra")

    assert store.staffing.days_like("2026-11-20", 8) == ["2026-11-06", "2026-11-13"]
    assert store.staffing.days_like("2026-11-20", 1) == ["2026-11-13"]
    assert store.staffing.arrivals_by_hour(["2026-11-13"]) == {"2026-11-13": {"burgerzaken": {9: 2}, "sociaal": {10: 1}}}
    assert store.staffing.mean_service_minutes(["2026-11-06", "2026-11-13"]) == {"burgerzaken": 8.0}
    assert store.staffing.staffed_on("2026-11-20") == {"Balie 1": ["burgerzaken"], "Balie 3": ["burgerzaken", "sociaal"]}
    advice = store.staffing.advice(config, "2026-11-20")
    assert advice.days == ("2026-11-06", "2026-11-13")
    assert [(n.domain, n.hour, n.per_hour, n.service_minutes) for n in advice.needs] == [
        ("burgerzaken", 9, 2.0, 8.0),
        ("sociaal", 10, 1.0, 12),  # no service of its own seen yet: the configured minutes
    ]
    assert [(b.domain, b.start, b.end, b.counters, b.staffed) for b in advice.blocks] == [
        ("burgerzaken", 9, 10, 1, 2), ("sociaal", 10, 11, 1, 1),
    ]
    store.close()


def test_period_advice_sets_a_periods_own_needs_beside_its_usual_staffing(tmp_path, config):
    from balie.clock import FixedClock
    from balie.store import Store

    clock = FixedClock(parse_local("2026-11-16T08:45"))
    store = Store(tmp_path / "period.sqlite", clock)
    b = config.domain("burgerzaken")
    # Monday to Wednesday: 30 burgerzaken visitors arrive between 10 and 11, each served in 6 minutes;
    # the stand-up staffed 1, 2 and 1 counters for burgerzaken. Thursday has visitors, no stand-up.
    for day, counters in (("2026-11-16", 1), ("2026-11-17", 2), ("2026-11-18", 1), ("2026-11-19", 0)):
        clock.set(local_time_on(day, "08:45"))
        if counters:
            store.standup.open("Petra")
            for n in range(counters):
                store.standup.assign_counter(f"Balie {n + 1}", "Kees", ["burgerzaken"], "Petra")
        visits = []
        for minute in range(0, 60, 2):
            clock.set(local_time_on(day, f"10:{minute:02d}"))
            visits.append(store.desk.register(b))
        for visit in visits:  # served one after another after the hour: 6 minutes each
            store.queue.call_visit(visit.id, "Balie 1")
            clock.advance(minutes=6)
            store.counter.finish(visit.id, Outcome.HANDLED, "Balie 1")

    advice = store.staffing.period_advice(config, "2026-11-16", "2026-11-20")
    assert advice.days == ("2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19")
    assert (advice.day, advice.last_day) == ("2026-11-16", "2026-11-20")
    assert [(n.domain, n.hour, n.per_hour, n.service_minutes) for n in advice.needs] == [
        ("burgerzaken", 10, 30.0, 6.0),
    ]
    # 3 erlangs need 4 counters for 80 % within 10 minutes (see test_staffing); usually 1 was staffed
    assert [(x.start, x.end, x.counters, x.staffed) for x in advice.short] == [(10, 11, 4, 1)]
    # a period without visitors advises nothing
    assert store.staffing.period_advice(config, "2026-12-01", "2026-12-31").blocks == ()
    store.close()
