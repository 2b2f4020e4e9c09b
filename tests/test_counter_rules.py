"""Core rules a counter follows: who is next, counter names and domains, export rows."""

from __future__ import annotations

import pytest

from balie.config import default_config
from balie.core.counters import counter_domains, counter_name, day_summary
from balie.core.queue import APPOINTMENT_GRACE_MS, pick_next, queue_place_ms
from balie.core.visits import Kind, Outcome, State, Visit
from balie.errors import BalieError
from balie.export import COLUMNS, PERSONAL_COLUMNS, rows, visit_row, wait_seconds

MIN = 60_000
T0 = 1_795_000_000_000


def visit(id: int, domain: str = "burgerzaken", arrived: int = 0, **kw) -> Visit:
    kind = Kind.APPOINTMENT if kw.get("appointment_ms") is not None else Kind.WALK_IN
    arrived_ms = T0 + arrived * MIN
    fields = dict(
        id=id, day="2026-11-20", ticket=f"B{id:03d}", domain=domain, kind=kind,
        state=State.WAITING, urgent=False, arrived_ms=arrived_ms,
        queue_ms=queue_place_ms(kind, arrived_ms, kw.get("appointment_ms")),
    )
    fields.update(kw)
    return Visit(**fields)


def test_urgent_goes_first():
    queue = [visit(1, arrived=0), visit(2, arrived=5, urgent=True)]
    assert pick_next(queue, ["burgerzaken"]).id == 2


def test_appointment_takes_place_at_its_time():
    early = visit(1, arrived=0, appointment_ms=T0 + 20 * MIN)  # came 20 minutes early
    walk_in = visit(2, arrived=10)
    assert pick_next([early, walk_in], ["burgerzaken"]).id == 2
    later = visit(3, arrived=25)
    assert pick_next([early, later], ["burgerzaken"]).id == 1


def test_appointment_much_too_late_counts_as_walk_in():
    late = T0 + 30 * MIN
    assert queue_place_ms(Kind.APPOINTMENT, late, T0) == late
    on_time = T0 + APPOINTMENT_GRACE_MS
    assert queue_place_ms(Kind.APPOINTMENT, on_time, T0) == T0


def test_arrival_order_across_two_domains():
    queue = [
        visit(1, "sociaal", arrived=3),
        visit(2, "burgerzaken", arrived=1),
        visit(3, "vergunningen", arrived=0),
    ]
    assert pick_next(queue, ["burgerzaken", "sociaal"]).id == 2
    assert pick_next([v for v in queue if v.id != 2], ["burgerzaken", "sociaal"]).id == 1
    assert pick_next(queue, ["vergunningen"]).id == 3


def test_transferred_and_requeued_keep_their_place():
    # Transferred: domain changes, queue_ms (their place) does not.
    transferred = visit(1, "sociaal", arrived=0, transferred_from="burgerzaken")
    newer = visit(2, "sociaal", arrived=10)
    assert pick_next([newer, transferred], ["sociaal"]).id == 1
    # Requeued after being called: back in 'waiting' with the old place.
    requeued = visit(3, arrived=1, called_ms=T0 + 15 * MIN)
    assert pick_next([newer, requeued], ["burgerzaken", "sociaal"]).id == 3


def test_only_waiting_visitors_are_called():
    assert pick_next([visit(1, state=State.CALLED)], ["burgerzaken"]) is None
    assert pick_next([], ["burgerzaken"]) is None


def test_counter_name_is_cleaned_and_required():
    assert counter_name("  Balie\x1b[31m 3 ") == "Balie 3"  # escape sequences dropped
    with pytest.raises(BalieError, match="naam van de balie"):
        counter_name("   ")


def test_counter_domains_accept_keys_prefixes_and_labels():
    config = default_config()
    assert counter_domains(config, "B, sociaal,Sociaal") == ["burgerzaken", "sociaal"]
    assert counter_domains(config, None) == ["burgerzaken", "vergunningen", "sociaal"]
    with pytest.raises(BalieError, match="Onbekend domein"):
        counter_domains(config, "paspoorten")
    with pytest.raises(BalieError, match="minstens één domein"):
        counter_domains(config, " , ")


def test_day_summary_counts_what_ended_here():
    log = [{"type": t} for t in ("call", "finish", "finish", "no_show", "transfer", "recall")]
    assert day_summary(log) == {"finish": 2, "no_show": 1, "transfer": 1}


def test_export_row_times_and_wait():
    # Appointment at T0+20, arrived early at T0, called at T0+23: waited 3 minutes.
    v = visit(
        7, arrived=0, appointment_ms=T0 + 20 * MIN, called_ms=T0 + 23 * MIN,
        finished_ms=T0 + 30 * MIN, state=State.FINISHED, counter="=Balie 1",
        outcome=Outcome.HANDLED, topic="paspoort", name="J. de Vries", question="vraag",
    )
    assert wait_seconds(v) == 180
    row = dict(zip(COLUMNS, visit_row(v)))
    assert row["kind"] == "appointment"
    assert row["arrived_at"].endswith("+01:00")  # November: CET
    assert row["counter"] == "'=Balie 1"  # never a formula in a spreadsheet
    assert row["wait_seconds"] == "180"
    assert "J. de Vries" not in visit_row(v)
    header, personal = rows([v], personal=True)
    assert header[-2:] == PERSONAL_COLUMNS and personal[-2:] == ["J. de Vries", "vraag"]
    assert wait_seconds(visit(8)) is None
