"""The kennisbank on a real SQLite file: identity across rename and retirement, search, import,
figures by hand, the purge of the visitor's own words, several processes editing at once."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest

from balie.clock import FixedClock, parse_local
from balie.core.knowledge import Subject
from balie.core.knowledge_figures import SubjectCounts, knowledge_review
from balie.core.periods import day_period, previous_comparable
from balie.core.visits import Outcome
from balie.errors import BalieError
from balie.store import Store

DOMAINS = ["burgerzaken", "vergunningen", "sociaal"]
PASPOORT = Subject("Paspoort aanvragen", ("paspoort", "ID kwijt"), "burgerzaken", "Pasfoto mee", id=None)
WOZ = Subject("Bezwaar WOZ-beschikking", ("WOZ", "WOZ-waarde"), "vergunningen", "Binnen 6 weken")


def test_a_rename_or_retirement_keeps_history(store, config):
    subject = store.knowledge.add(PASPOORT, DOMAINS, "kim")
    visit = store.desk.register(config.domain("burgerzaken"), subject_id=subject.id)
    renamed = store.knowledge.change(subject.id, Subject("Reisdocument aanvragen", ("paspoort",), "burgerzaken"), DOMAINS, "kim")
    retired = store.knowledge.retire(subject.id, "kim")
    assert renamed.id == retired.id == subject.id and retired.retired
    assert store.visits.get(visit.id).subject_id == subject.id  # the visit points at the same subject
    today = store.today()
    assert store.knowledge.counts(today, today)[subject.id] == SubjectCounts(visits=1)
    assert store.knowledge.search("paspoort") == []  # retired: not offered
    assert [m.subject.id for m in store.knowledge.search("paspoort", retired=True)] == [subject.id]
    types = [e["type"] for e in store.visits.events(visit.id)]
    assert types == ["registered"]
    log = store.conn.execute(
        "SELECT type, actor, data FROM events WHERE type LIKE 'subject%' ORDER BY id"
    ).fetchall()
    assert [(t, a) for t, a, _ in log] == [("subject_added", "kim"), ("subject_changed", "kim"), ("subject_retired", "kim")]
    assert json.loads(log[1][2])["changed"]["name"] == ["Paspoort aanvragen", "Reisdocument aanvragen"]


def test_names_are_unique_and_edits_are_checked(store):
    store.knowledge.add(PASPOORT, DOMAINS, "kim")
    with pytest.raises(BalieError, match="al een onderwerp"):
        store.knowledge.add(Subject("paspoort  AANVRAGEN"), DOMAINS, "kim")
    with pytest.raises(BalieError, match="Onbekend domein"):
        store.knowledge.add(Subject("Hond", domain="dieren"), DOMAINS, "kim")
    assert store.knowledge.count() == 1


def test_search_follows_an_edit(store):
    subject = store.knowledge.add(WOZ, DOMAINS, "kim")
    assert store.knowledge.search("kliko") == []
    store.knowledge.change(subject.id, Subject(WOZ.name, ("kliko",), "vergunningen"), DOMAINS, "kim")
    assert [m.subject.name for m in store.knowledge.search("mijn kliko is kapot")] == [WOZ.name]


def test_import_dry_run_changes_nothing_and_import_never_deletes(store):
    store.knowledge.add(WOZ, DOMAINS, "kim")
    incoming = [PASPOORT, Subject(WOZ.name, WOZ.words, "vergunningen", "Binnen 6 weken na de aanslag")]
    plan = store.knowledge.plan_import(incoming, DOMAINS)
    assert [s.name for s in plan.added] == [PASPOORT.name] and len(plan.changed) == 1
    assert store.knowledge.count() == 1  # a dry run wrote nothing
    store.knowledge.apply_import([PASPOORT], DOMAINS, "kim")
    assert {s.name for s in store.knowledge.all()} == {PASPOORT.name, WOZ.name}  # WOZ not in the file: kept
    again = store.knowledge.plan_import([PASPOORT], DOMAINS)
    assert (again.changes, again.same, again.not_in_file) == (0, 1, 1)


def test_figures_against_hand_computed_counts(store, config, clock):
    """Thursday 19 and 12 November (the comparison day a week earlier)."""
    clock.set(parse_local("2026-11-12T09:00"))
    paspoort = store.knowledge.add(PASPOORT, DOMAINS, "kim")
    woz = store.knowledge.add(WOZ, DOMAINS, "kim")
    b, v = config.domain("burgerzaken"), config.domain("vergunningen")

    def day(at: str, visits: list[tuple], desk: list) -> None:
        clock.set(parse_local(at))
        for domain, subject, outcome in visits:
            visit = store.desk.register(domain, subject_id=subject)
            if outcome:
                store.queue.call_next("Balie 1", [domain.key])
                store.counter.finish(visit.id, outcome, "Balie 1")
        for subject, question in desk:
            store.knowledge.quick_answer(subject, question=question)

    day("2026-11-12T10:00", [(v, woz.id, Outcome.REFERRED)], [])
    day("2026-11-19T10:00", [
        (b, paspoort.id, Outcome.HANDLED), (b, paspoort.id, Outcome.CALLBACK), (b, paspoort.id, None),
        (v, woz.id, Outcome.REFERRED), (v, woz.id, Outcome.REFERRED), (v, None, Outcome.HANDLED),
    ], [(paspoort.id, None), (woz.id, None), (woz.id, None), (None, "kan ik hier pinnen?"), (None, "Kan ik hier pinnen?")])
    now = store.knowledge.counts("2026-11-19", "2026-11-19")
    assert now[paspoort.id] == SubjectCounts(desk=1, visits=3, handled=1, callback=1)
    assert now[woz.id] == SubjectCounts(desk=2, visits=2, referred=2)
    assert now[None] == SubjectCounts(desk=2, visits=1, handled=1)
    period = day_period(datetime.date(2026, 11, 19))
    review = knowledge_review(
        period, previous_comparable(period), 0.8, {s.id: s for s in store.knowledge.all()},
        now, store.knowledge.counts("2026-11-12", "2026-11-12"), store.knowledge.unmatched("2026-11-19", "2026-11-19"),
    )
    by_name = {line.name: line for line in review.lines}
    assert by_name[PASPOORT.name].now.front_share == 2 / 3  # desk 1 + handled 1 of 3 answered
    assert by_name[WOZ.name].now.front_share == 0.5  # desk 2 of 4
    assert by_name[WOZ.name].change == 4 - 1
    assert review.total.front_share == 4 / 7 and review.on_target is False
    assert [line.name for line in review.most_referred] == [WOZ.name]
    assert review.without_subject == 3
    assert review.unmatched == (("kan ik hier pinnen?", 2),)


def test_the_purge_removes_the_visitors_words_and_keeps_the_counts(db_path, config, clock):
    store = Store(db_path, FixedClock(parse_local("2026-11-18T10:00")))
    store.knowledge.quick_answer(None, question="waar kan ik mijn fiets kwijt?")
    store.desk.register(config.domain("burgerzaken"), question="iets met mijn oma")
    assert len(store.knowledge.unmatched("2026-11-18", "2026-11-18")) == 2
    store.clock = FixedClock(parse_local("2026-11-20T10:00"))
    store.day_end.close_earlier()
    store.upkeep.purge(retention_days=1)
    assert store.knowledge.unmatched("2026-11-18", "2026-11-18") == []
    assert store.knowledge.counts("2026-11-18", "2026-11-18")[None] == SubjectCounts(desk=1, visits=1)
    assert store.conn.execute("SELECT count(*) FROM quick_answers WHERE question IS NOT NULL").fetchone()[0] == 0
    store.close()


def test_an_edit_elsewhere_is_seen_by_data_version(db_path, clock):
    watcher, editor = Store(db_path, clock), Store(db_path, clock)
    before = watcher.data_version()
    editor.knowledge.add(PASPOORT, DOMAINS, "kim")
    assert watcher.data_version() != before
    assert [s.name for s in watcher.knowledge.all()] == [PASPOORT.name]
    watcher.close(), editor.close()


WORKER = """
import sys
from balie.clock import FixedClock, parse_local
from balie.core.knowledge import Subject
from balie.store import Store
store = Store(sys.argv[1], FixedClock(parse_local("2026-11-20T10:00")))
me = sys.argv[2]
for n in range(25):
    added = store.knowledge.add(Subject(f"{me} {n}", (f"woord{n}",), "burgerzaken"), None, me)
    store.knowledge.change(added.id, Subject(f"{me} {n} hernoemd", added.words, added.domain), None, me)
    store.knowledge.retire(1, me, retired=n % 2 == 0)
"""


def test_several_processes_edit_at_once(db_path, clock):
    first = Store(db_path, clock)
    first.knowledge.add(PASPOORT, DOMAINS, "kim")  # id 1: all three retire and restore it
    first.close()
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(db_path), name], cwd=Path(__file__).parents[1])
        for name in ("a", "b", "c")
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0]
    store = Store(db_path, clock)
    names = {s.name for s in store.knowledge.all()}
    assert names == {PASPOORT.name} | {f"{me} {n} hernoemd" for me in "abc" for n in range(25)}
    assert store.conn.execute("SELECT count(*) FROM subjects_search").fetchone()[0] == 76  # once each
    assert [m.subject.name for m in store.knowledge.search("c 7 hernoemd", limit=1, retired=True)] == ["c 7 hernoemd"]
    events = dict(store.conn.execute("SELECT type, count(*) FROM events WHERE type LIKE 'subject%' GROUP BY type"))
    assert events["subject_added"] == 76 and events["subject_changed"] == 75
    store.close()


def test_the_counter_sets_a_visits_subject(store, config):
    paspoort = store.knowledge.add(PASPOORT, DOMAINS, "kim")
    visit = store.desk.register(config.domain("burgerzaken"), question="iets met mijn pas")
    today = store.today()
    assert store.knowledge.unmatched(today, today) == [("iets met mijn pas", 1)]
    store.knowledge.set_visit_subject(visit.id, paspoort.id, "Balie 1")
    assert store.visits.get(visit.id).subject_id == paspoort.id
    assert store.visits.events(visit.id)[-1]["data"] == {"subject_id": paspoort.id}
    assert store.knowledge.unmatched(today, today) == []  # it has a subject now
    with pytest.raises(BalieError, match="onderwerp bestaat niet"):
        store.knowledge.set_visit_subject(visit.id, 999, "Balie 1")
    with pytest.raises(BalieError, match="bezoeker bestaat niet"):
        store.knowledge.set_visit_subject(999, paspoort.id, "Balie 1")
    assert store.visits.get(visit.id).subject_id == paspoort.id  # nothing half written
