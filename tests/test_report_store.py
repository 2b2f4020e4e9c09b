"""store.reports.period on a real file: SQL aggregates give the reference's figures."""

from __future__ import annotations

from balie import demo
from balie.core.figures import report_from_visits
from balie.store.reports import local_hour
from tests.figures_data import DAY, HAND_VISITS, MIN, QUICK_TOPICS, insert_visits


def _reference(store, config, first, last, visits=None, quick_topics=None):
    if quick_topics is None:
        quick_topics = [
            row[0] for row in store.conn.execute(
                "SELECT topic FROM quick_answers WHERE day BETWEEN ? AND ?", (first, last)
            )
        ]
    return report_from_visits(
        visits if visits is not None else store.visits.between(first, last),
        first, last, store.today(),
        {d.key: d.target_minutes * MIN for d in config.domains},
        local_hour, [d.key for d in config.domains], quick_topics,
    )


def test_hand_day_from_sql_equals_the_reference(store, config):
    insert_visits(store)
    report = store.reports.period(DAY, DAY, config)
    assert report == _reference(store, config, DAY, DAY, HAND_VISITS, QUICK_TOPICS)
    assert report.total.visitors == 8 and report.total.within_target == 4
    assert report.by_domain["burgerzaken"].unserved == 1


def test_period_bounds_are_inclusive_and_other_days_stay_out(store, config):
    insert_visits(store)
    assert store.reports.period("2026-11-01", DAY, config).total.visitors == 8
    assert store.reports.period("2026-11-20", "2026-11-30", config).total.visitors == 0
    empty = store.reports.period("2026-11-20", "2026-11-20", config)
    assert empty.total.mean_wait_ms is None and empty.hours == () and empty.quick_answers == 0
    assert list(empty.by_domain) == [d.key for d in config.domains]


def test_demo_office_from_sql_equals_the_reference(store, clock, config):
    demo.fill(store, config, clock.now(), past_days=3)
    first, today = "2026-11-17", store.today()
    report = store.reports.period(first, today, config)
    assert report.total.visitors > 100
    assert report == _reference(store, config, first, today)
    assert store.reports.period(first, today, config) == report  # past days now from the cache
    # Today's waiting visitors are not unserved yet; earlier days' are.
    day = store.reports.period(today, today, config)
    assert day.total.unserved == 0
    assert day == _reference(store, config, today, today)


def test_past_days_are_cached_and_a_change_to_a_visit_is_seen(store, config):
    insert_visits(store)
    first = store.reports.period(DAY, DAY, config)
    assert store.conn.execute("SELECT day FROM report_days").fetchall() == [(DAY,)]
    assert store.reports.period(DAY, DAY, config) == first  # from the cache
    # A late correction of a past day (e.g. the day-end job) is never hidden by the cache.
    with store.write() as (conn, _, _):
        conn.execute("UPDATE visits SET outcome = 'handled' WHERE ticket = 'B002'")
    again = store.reports.period(DAY, DAY, config)
    assert again.by_domain["burgerzaken"].handled == 2
    assert again == _reference(store, config, DAY, DAY)


def test_today_is_never_cached(store, config):
    store.desk.register(config.domain("burgerzaken"))
    today = store.today()
    assert store.reports.period(today, today, config).total.visitors == 1
    store.desk.register(config.domain("burgerzaken"))
    assert store.reports.period(today, today, config).total.visitors == 2
    assert store.conn.execute("SELECT count(*) FROM report_days").fetchone()[0] == 0


def test_without_its_triggers_the_cache_is_not_trusted(store, config):
    insert_visits(store)
    store.reports.period(DAY, DAY, config)  # cached now
    with store.write() as (conn, _, _):
        conn.execute("DROP TRIGGER visits_day_updated")
        conn.execute("UPDATE visits SET outcome = 'handled' WHERE ticket = 'B002'")
    assert store.reports.period(DAY, DAY, config).by_domain["burgerzaken"].handled == 2
