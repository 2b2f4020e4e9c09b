"""A realistic, deterministic demo office: past days and a busy current day.

The demo drives the real store through a simulated day (arrivals, counters
calling, finishing, the odd no-show, transfer or visitor who leaves), so what a
newcomer sees is exactly what real use produces. The same clock gives the
same data.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field

import pendulum

from balie.clock import FixedClock, LOCAL_TZ, local, to_ms
from balie.config import WEEKDAYS, Config
from balie.core.visits import Outcome, State
from balie.errors import BalieError
from balie.store import Store

DEMO_MARK = "demo"
SEED = 20261120

QUESTIONS = {
    "burgerzaken": [
        "paspoort verlengen", "ID-kaart ophalen", "rijbewijs aanvragen", "verhuizing doorgeven",
        "uittreksel BRP", "geboorteaangifte", "VOG aanvragen", "naamgebruik wijzigen",
    ],
    "vergunningen": [
        "dakkapel plaatsen", "parkeervergunning bewoner", "evenement in de straat",
        "kapvergunning boom", "uitrit aanleggen", "terras uitbreiden",
    ],
    "sociaal": [
        "hulp bij huishouden (WMO)", "schuldhulp", "bijstand aanvragen", "vervoer naar dagbesteding",
        "mantelzorg ondersteuning", "jeugdhulp",
    ],
}
TOPICS = {
    "burgerzaken": ["paspoort", "ID-kaart", "rijbewijs", "verhuizing", "uittreksel", "VOG"],
    "vergunningen": ["omgevingsvergunning", "parkeervergunning", "evenement", "kapvergunning"],
    "sociaal": ["WMO", "schuldhulp", "bijstand", "jeugdhulp"],
}
NAMES = [
    "J. de Vries", "mevr. Jansen", "A.B.", "Mohammed", "fam. Bakker", "dhr. Visser", "S.", "Fatima",
    "mw. Smit", "P. Mulder", "Kees", "E. de Boer", "", "", "", "",
]
# Arrivals per hour by domain, shaped over the day (peaks mid-morning and after lunch).
HOURLY_RATE = {"burgerzaken": 9.0, "vergunningen": 3.0, "sociaal": 4.0}
HOUR_SHAPE = {9: 0.9, 10: 1.4, 11: 1.3, 12: 0.8, 13: 0.9, 14: 1.2, 15: 1.0, 16: 0.7, 17: 0.6, 18: 0.5, 19: 0.4}
TODAY_BUSIER = 1.6  # today is a busy day: a queue to look at
COUNTERS = [
    ("Balie 1", ("burgerzaken",)),
    ("Balie 2", ("burgerzaken",)),
    ("Balie 3", ("burgerzaken", "sociaal")),
    ("Balie 4", ("vergunningen",)),
    ("Balie 5", ("sociaal",)),
]


# Who does the stand-up, and the news a morning may bring (None: a quiet day).
COLLEAGUES = ["Anna", "Petra", "Kees", "Fatima", "Joost", "Sanne", "Mehmet", "Ilse"]
NEWS = [
    "WOZ-brieven zijn verstuurd: vragen over de WOZ-waarde naar de vakafdeling",
    "Storing pinautomaat balie 2: alleen contant of factuur",
    "Stempassen voor de verkiezingen komen deze week binnen",
    "Sanne loopt vandaag mee aan balie 3",
    "Telefonie: doorschakeling KCC werkt weer",
    None, None, None,
]


@dataclass(order=True)
class _Event:
    at_ms: int
    order: int
    kind: str = field(compare=False)
    payload: dict = field(compare=False, default_factory=dict)


def opening_days(config: Config, before: pendulum.DateTime, count: int) -> list[pendulum.Date]:
    """The ``count`` most recent opening days strictly before ``before``'s local day."""
    days: list[pendulum.Date] = []
    day = local(before).date()
    for _ in range(count * 7 + 7):
        if len(days) >= count:  # checked first: count 0 means no past days at all
            break
        day = day.subtract(days=1)
        if config.opening_hours.get(WEEKDAYS[day.weekday()]):
            days.append(day)
    return list(reversed(days))


def fill(store: Store, config: Config, now: pendulum.DateTime, past_days: int = 10) -> int:
    """Fill an empty (or earlier demo) database; returns the number of visits made."""
    if store.has_visits() and store.get_meta(DEMO_MARK) != "1":
        raise BalieError(
            "Deze database bevat al echte bezoeken; de demo vult alleen een lege database. "
            "Kies een ander bestand met --db."
        )
    store.clear_demo()
    real_clock = store.clock
    sim = FixedClock(now)
    store.clock = sim
    total = 0
    try:
        for day in opening_days(config, now, past_days):
            open_at, close_at = _hours(config, day)
            _standup(store, config, sim, day, open_at)
            total += _simulate(store, config, sim, _day_rng(day), open_at, close_at, close_at, 1.0)
            # Closing time, as a colleague ends the day: the day has ended.
            sim.set(close_at.add(minutes=15))
            store.close_day(actor="scherm")
        open_at, close_at = _today_window(config, now)
        today = _day_rng(local(now).date())
        total += _simulate(store, config, sim, today, open_at, close_at, now, TODAY_BUSIER)
    finally:
        store.clock = real_clock
    store.set_meta(DEMO_MARK, "1")
    return total


def _standup(
    store: Store, config: Config, sim: FixedClock, day: pendulum.Date, open_at: pendulum.DateTime
) -> None:
    """An earlier day's stand-up, ten minutes before opening: something to look back at."""
    rng = random.Random(f"{SEED}:dagstart:{day.isoformat()}")
    people = rng.sample(COLLEAGUES, len(COLLEAGUES))
    lead = people[0]
    sim.set(open_at.subtract(minutes=12))
    standup = store.open_standup(actor=lead)
    store.set_standup_roles(people[1], lead, lead)
    known = {d.key for d in config.domains}
    for (counter, domains), person in zip(COUNTERS, people[2:]):
        if any(d in known for d in domains):
            store.assign_counter(counter, person, [d for d in domains if d in known], lead)
    news = rng.choice(NEWS)
    if news:
        store.set_standup_notes(news, lead)
    for item in standup.items:
        sim.advance(seconds=rng.randint(20, 70))
        if rng.random() < 0.9:
            store.set_standup_tick(item.id, True, rng.choice(people[:3]))


def _day_rng(day: pendulum.Date) -> random.Random:
    """Each day its own seed: a day looks the same however many days are asked for."""
    return random.Random(f"{SEED}:{day.isoformat()}")


def _hours(config: Config, day: pendulum.Date) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    hours = config.opening_hours.get(WEEKDAYS[day.weekday()]) or ("09:00", "17:00")
    start = pendulum.parse(f"{day.isoformat()}T{hours[0]}", tz=LOCAL_TZ)
    end = pendulum.parse(f"{day.isoformat()}T{hours[1]}", tz=LOCAL_TZ)
    return start, end  # type: ignore[return-value]


def _today_window(config: Config, now: pendulum.DateTime) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    """Today runs from opening to now; early or on a closed day, the last 90 minutes."""
    start, end = _hours(config, local(now).date())
    if now < start.add(minutes=30) or now > end:
        start = now.subtract(minutes=90)
        end = now
    return start, end


def _simulate(
    store: Store,
    config: Config,
    sim: FixedClock,
    rng: random.Random,
    open_at: pendulum.DateTime,
    close_at: pendulum.DateTime,
    stop_at: pendulum.DateTime,
    busier: float,
) -> int:
    """Run one day of the office until ``stop_at``; what is unfinished then stays so."""
    known = {d.key for d in config.domains}
    counters = [(name, tuple(d for d in domains if d in known)) for name, domains in COUNTERS]
    counters = [(name, domains) for name, domains in counters if domains] or [
        (f"Balie {i + 1}", (d.key,)) for i, d in enumerate(config.domains)
    ]
    events: list[_Event] = []
    order = 0

    def push(at: pendulum.DateTime, kind: str, **payload) -> None:
        nonlocal order
        order += 1
        heapq.heappush(events, _Event(to_ms(at), order, kind, payload))

    for domain in config.domains:
        rate = HOURLY_RATE.get(domain.key, 3.0) * busier
        at = open_at
        while True:
            hour_rate = rate * HOUR_SHAPE.get(local(at).hour, 0.7)
            at = at.add(seconds=int(rng.expovariate(hour_rate / 3600)))
            if at >= close_at.subtract(minutes=10):
                break
            push(at, "arrive", domain=domain.key)
    for name, domains in counters:
        push(open_at.add(minutes=rng.randint(0, 4)), "free", counter=name, domains=domains)
    for _ in range(rng.randint(15, 30)):
        push(open_at.add(seconds=rng.randint(0, int((close_at - open_at).total_seconds()))), "answer")

    stop_ms = to_ms(stop_at)
    registered = 0  # arrivals after ``stop_at`` (later today) are never registered
    while events and events[0].at_ms <= stop_ms:
        event = heapq.heappop(events)
        sim.set(pendulum.from_timestamp(event.at_ms / 1000, tz="UTC"))
        _handle(store, config, rng, event, push, sim.now(), close_at)
        registered += event.kind == "arrive"
    return registered


def _handle(store, config, rng, event, push, now, close_at) -> None:
    payload = event.payload
    if event.kind == "arrive":
        domain = config.domain(payload["domain"])
        appointment = None
        if rng.random() < 0.2:
            slot = now.add(minutes=rng.randint(-3, 12))
            appointment = to_ms(slot.replace(minute=slot.minute - slot.minute % 5, second=0))
        visit = store.register(
            domain,
            name=rng.choice(NAMES) or None,
            question=rng.choice(QUESTIONS.get(domain.key, ["vraag"])) if rng.random() < 0.7 else None,
            urgent=rng.random() < 0.03,
            appointment_ms=appointment,
        )
        if rng.random() < 0.04:
            push(now.add(minutes=rng.randint(8, 30)), "leave", visit_id=visit.id)
    elif event.kind == "leave":
        if store.visit(payload["visit_id"]).state == State.WAITING:
            store.mark_left(payload["visit_id"])
    elif event.kind == "answer":
        domain = rng.choice(config.domains)
        store.quick_answer(topic=rng.choice(TOPICS.get(domain.key, [None])), domain=domain.key)
    elif event.kind == "free":
        if now >= close_at:
            return
        visit = store.call_next(payload["counter"], payload["domains"])
        if visit is None:
            push(now.add(seconds=rng.randint(30, 90)), "free", **payload)
            return
        if rng.random() < 0.04:
            push(now.add(minutes=2), "no_show", visit_id=visit.id, **payload)
            return
        service = config.domain(visit.domain).service_minutes
        minutes = max(1.0, rng.gauss(service, service / 3))
        push(now.add(seconds=int(minutes * 60)), "done", visit_id=visit.id, **payload)
    elif event.kind == "no_show":
        store.no_show(payload["visit_id"], payload["counter"])
        push(now.add(seconds=20), "free", counter=payload["counter"], domains=payload["domains"])
    elif event.kind == "done":
        visit = store.visit(payload["visit_id"])
        others = [d for d in config.domains if d.key != visit.domain]
        if others and rng.random() < 0.05 and not visit.transferred_from:
            store.transfer(visit.id, rng.choice(others), payload["counter"], note="graag verder helpen")
        else:
            roll = rng.random()
            outcome = Outcome.HANDLED if roll < 0.75 else Outcome.REFERRED if roll < 0.92 else Outcome.CALLBACK
            topic = rng.choice(TOPICS.get(visit.domain, [None])) if rng.random() < 0.8 else None
            store.finish(visit.id, outcome, payload["counter"], topic=topic)
        push(now.add(seconds=rng.randint(10, 60)), "free", counter=payload["counter"], domains=payload["domains"])
