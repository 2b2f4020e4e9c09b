"""The simulated office: visitors and colleagues acting on the real store.

Every action goes through ``Store`` (register, call_next, recall, no_show,
returned, transfer, requeue, finish, set_counter_paused, the stand-up), so the
queue rule, the ticket numbers and the event log are the real ones; the model
only decides who does what when. Colleagues behave as in a real office: a free
colleague notices a new visitor within seconds, calls out a recall before
marking a no-show minutes later, finishes the visitor before a break, pauses
the counter while away, and keeps serving whoever is inside at closing time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from balie.config import Config
from balie.core.visits import Outcome, State, Visit
from balie.errors import BalieError
from balie.sim import texts
from balie.sim.arrivals import arrivals, local_ms, service_ms
from balie.sim.clock import SimClock
from balie.sim.engine import Engine
from balie.sim.scenario import Scenario, Shift
from balie.store import Store

MIN = 60_000
STANDUP_BEFORE_MS = 12 * MIN  # the stand-up starts a little before opening
SERVE_AFTER_CLOSE_MS = 90 * MIN  # whoever is inside at closing time is still helped


@dataclass
class _Counter:
    shift: Shift
    state: str = "away"  # away (not started, on a break, gone home) | free | busy
    visit_id: int | None = None
    woken: bool = False  # a call is already on its way
    break_until: int | None = None  # a break to take once the visitor is helped


@dataclass
class DayResult:
    """What was played: the visits registered, and actions the store refused."""

    day: str
    registered: list[int] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    played_to_ms: int = 0  # the office time the play reached


class Office:
    """One opening day of a scenario, played on ``store`` by an event engine."""

    def __init__(
        self,
        store: Store,
        config: Config,
        scenario: Scenario,
        day: str,
        seed: int | str,
        on_register: Callable[[Visit], None] | None = None,
        standup: bool = True,
    ) -> None:
        self.store, self.config, self.scenario, self.day = store, config, scenario, day
        self.rng = random.Random(f"{seed}:{day}:people")
        self.arrivals = arrivals(scenario, day, random.Random(f"{seed}:{day}:arrivals"))
        self.open_ms, self.close_ms = (local_ms(day, at) for at in scenario.opening)
        self.end_ms = self.close_ms + SERVE_AFTER_CLOSE_MS
        self.engine = Engine(self.open_ms - STANDUP_BEFORE_MS)
        self.clock = SimClock(self.engine.now_ms)
        self.counters = [_Counter(shift) for shift in scenario.shifts]
        self.on_register = on_register
        self.result = DayResult(day)
        self._demand = {d.domain: d for d in scenario.demand}
        self._served = [d.key for d in config.domains if any(d.key in c.shift.domains for c in self.counters)]
        # The kennisbank's subjects (none: the day plays as it did before it existed).
        # A random stream of its own, so the rest of the day is the same either way.
        self.subjects = SubjectPicker(store.knowledge.all(retired=False), random.Random(f"{seed}:{day}:subjects"))
        self._schedule(standup)

    # -- playing ---------------------------------------------------------------

    def play(self, until_ms: int | None = None, pace: Callable[[int], None] | None = None) -> DayResult:
        """Play up to ``until_ms`` (default: the whole day, closed at the end).

        ``pace(at_ms)`` runs before each event (a live player waits for the
        real time there). The store's clock is the simulation's meanwhile.
        """
        until = self.end_ms if until_ms is None else min(until_ms, self.end_ms)

        def before(at_ms: int) -> None:
            if pace is not None:
                pace(at_ms)
            self.clock.set_ms(at_ms)

        own_clock = self.store.clock
        self.store.clock = self.clock
        try:
            self.engine.run(until, before)
            self.result.played_to_ms = until
            if until == self.end_ms:
                before(self.end_ms)
                self.store.day_end.close(self.day)  # closing time: whoever still waits was not helped
        finally:
            self.store.clock = own_clock
        return self.result

    def _schedule(self, standup: bool) -> None:
        at = self.engine.at
        if standup:
            at(self.engine.now_ms, self._standup)
        for arrival_ms, domain in self.arrivals:
            at(arrival_ms, lambda d=domain: self._arrive(d))
        for counter in self.counters:
            at(self.open_ms + self.rng.randint(0, 3 * MIN), lambda c=counter: self._start(c))
            for start, end in counter.shift.breaks:
                at(local_ms(self.day, start), lambda c=counter, e=local_ms(self.day, end): self._break(c, e))
        answers = self.scenario.behaviour.quick_answers
        for _ in range(int(answers)):
            at(self.rng.randint(self.open_ms, self.close_ms), self._quick_answer)

    def _try(self, action: Callable[[], Visit | None], what: str) -> Visit | None:
        """A store action; a refusal (someone else acted first, live) is noted, not fatal."""
        try:
            return action()
        except BalieError as error:
            self.result.refused.append(f"{what}: {error}")
            return None

    # -- the day's frame -------------------------------------------------------

    def _standup(self) -> None:
        """The stand-up: who is host and floor lead, who sits where, the news, the ticks."""
        rng, store = self.rng, self.store
        people = rng.sample(texts.COLLEAGUES, len(texts.COLLEAGUES))
        lead = people[0]
        standup = store.standup.open(actor=lead)
        store.standup.set_roles(people[1], lead, lead)
        staff = people[2:]
        for number, counter in enumerate(self.counters):
            person = staff[number] if number < len(staff) else None
            store.standup.assign_counter(counter.shift.counter, person, list(counter.shift.domains), lead)
        news = rng.choice(texts.NEWS)
        if news:
            store.standup.set_notes(news, lead)
        for item in standup.items:
            self.clock.set_ms(self.clock.at_ms + rng.randint(20, 70) * 1000)
            if rng.random() < 0.9:
                store.standup.tick(item.id, True, rng.choice(people[:3]))

    def _quick_answer(self) -> None:
        domain = self.rng.choice(self.config.domains).key
        topic = self.rng.choice(texts.TOPICS.get(domain, [None]))
        if self.subjects:
            subject_id, words = self.subjects.at_desk()
            self.store.knowledge.quick_answer(subject_id, question=words)
            return
        self.store.desk.quick_answer(topic=topic, domain=domain)

    # -- visitors --------------------------------------------------------------

    def _arrive(self, domain_key: str) -> None:
        rng, how = self.rng, self.scenario.behaviour
        domain = self.config.domain(domain_key)
        now = self.engine.now_ms
        appointment = None
        if rng.random() < how.appointment:
            # Booked on a quarter hour; most come a little early, some late.
            slot = now + int(rng.triangular(-12, 15, 5) * MIN)
            appointment = max(self.open_ms, slot - slot % (15 * MIN))
        urgent = rng.random() < how.urgent
        name = rng.choice(texts.NAMES) or None
        question = rng.choice(texts.QUESTIONS.get(domain.key, ["vraag"])) if rng.random() < 0.7 else None
        subject_id = None
        if self.subjects:
            subject_id, question = self.subjects.for_visit(domain.key, question)
        visit = self.store.desk.register(
            domain, name=name, question=question, urgent=urgent, appointment_ms=appointment, subject_id=subject_id,
        )
        self.result.registered.append(visit.id)
        if self.on_register is not None:
            self.on_register(visit)
        if appointment is None and not urgent and rng.random() < how.impatient:
            patience = 15 * MIN + rng.expovariate(1 / (how.patience_minutes * MIN))
            self.engine.after(patience, lambda: self._leave(visit.id))
        self._wake(domain.key)

    def _leave(self, visit_id: int) -> None:
        if self.store.visits.get(visit_id).state == State.WAITING:
            self._try(lambda: self.store.desk.mark_left(visit_id), "vertrokken")

    def _wake(self, domain: str) -> None:
        """Free colleagues of this domain see someone new in their queue."""
        low, high = self.scenario.behaviour.reaction_s
        for counter in self.counters:
            if counter.state == "free" and not counter.woken and domain in counter.shift.domains:
                counter.woken = True
                self.engine.after(self.rng.randint(low, high) * 1000, lambda c=counter: self._call(c))

    # -- colleagues ------------------------------------------------------------

    def _start(self, counter: _Counter) -> None:
        if counter.state == "away":
            counter.state = "free"
            self._call(counter)

    def _call(self, counter: _Counter) -> None:
        counter.woken = False
        if counter.state != "free":
            return
        name = counter.shift.counter
        visit = self._try(lambda: self.store.queue.call_next(name, counter.shift.domains), "oproepen")
        if visit is None:
            if self.engine.now_ms >= self.close_ms:
                counter.state = "away"  # nobody left inside: home time
            return
        counter.state, counter.visit_id = "busy", visit.id
        rng, how = self.rng, self.scenario.behaviour
        roll = rng.random()
        if roll < how.no_show:
            self.engine.after(rng.randint(60, 90) * 1000, lambda: self._recall(counter, visit.id))
            self.engine.after(rng.randint(180, 240) * 1000, lambda: self._no_show(counter, visit.id))
            return
        walk_s = rng.randint(20, 60)
        if roll < how.no_show + how.slow:
            self.engine.after(rng.randint(50, 80) * 1000, lambda: self._recall(counter, visit.id))
            walk_s += rng.randint(80, 120)
        demand = self._demand.get(visit.domain)
        mean = demand.service_minutes if demand else self.config.domain(visit.domain).service_minutes
        cv = demand.service_cv if demand else 0.7
        self.engine.after(walk_s * 1000 + service_ms(rng, mean, cv), lambda: self._done(counter, visit.id))

    def _recall(self, counter: _Counter, visit_id: int) -> None:
        self._try(lambda: self.store.counter.recall(visit_id, counter.shift.counter), "opnieuw oproepen")

    def _no_show(self, counter: _Counter, visit_id: int) -> None:
        self._try(lambda: self.store.counter.no_show(visit_id, counter.shift.counter), "niet verschenen")
        how = self.scenario.behaviour
        if self.rng.random() < how.returns:  # turns up after all, a while later
            self.engine.after(self.rng.randint(5, 20) * MIN, lambda: self._return(visit_id))
        self._free(counter)

    def _return(self, visit_id: int) -> None:
        visit = self._try(lambda: self.store.counter.returned(visit_id, "gastvrouw"), "toch gekomen")
        if visit is not None:
            self._wake(visit.domain)

    def _done(self, counter: _Counter, visit_id: int) -> None:
        rng, how, store = self.rng, self.scenario.behaviour, self.store
        name = counter.shift.counter
        visit = store.visits.get(visit_id)
        others = [key for key in self._served if key != visit.domain]
        roll = rng.random()
        if roll < how.transfer and others and not visit.transferred_from:
            moved = self._try(
                lambda: store.counter.transfer(visit_id, self.config.domain(rng.choice(others)), name,
                                       note="graag verder helpen"),
                "doorsturen",
            )
            if moved is not None:
                self._wake(moved.domain)
        elif roll < how.transfer + how.requeue:
            back = self._try(lambda: store.counter.requeue(visit_id, name), "terug in de rij")
            if back is not None:
                self._wake(back.domain)
        else:
            outcome = rng.choices(list(Outcome), weights=(0.75, 0.17, 0.08))[0]
            topic = rng.choice(texts.TOPICS.get(visit.domain, [None])) if rng.random() < 0.8 else None
            if visit.subject_id is not None:  # the counter confirms the desk's subject
                topic = self.subjects.name(visit.subject_id)
            self._try(lambda: store.counter.finish(visit_id, outcome, name, topic=topic), "afronden")
        self._free(counter)

    def _free(self, counter: _Counter) -> None:
        """The visitor is gone: a break if one is due, else the next visitor after a moment."""
        counter.state, counter.visit_id = "free", None
        if counter.break_until is not None:
            until, counter.break_until = counter.break_until, None
            if until - self.engine.now_ms > 5 * MIN:
                self._away(counter, until)
                return
        low, high = self.scenario.behaviour.admin_s
        counter.woken = True
        self.engine.after(self.rng.randint(low, high) * 1000, lambda: self._call(counter))

    def _break(self, counter: _Counter, until: int) -> None:
        if counter.state == "busy":
            counter.break_until = until  # first help the visitor at the counter
        elif counter.state == "free":
            self._away(counter, until)

    def _away(self, counter: _Counter, until: int) -> None:
        counter.state = "away"
        self.store.counter.set_paused(counter.shift.counter, True)
        self.engine.at(until, lambda: self._back(counter))

    def _back(self, counter: _Counter) -> None:
        self.store.counter.set_paused(counter.shift.counter, False)
        counter.state = "free"
        self._call(counter)


def play_day(
    store: Store,
    config: Config,
    scenario: Scenario,
    day: str,
    seed: int | str,
    until_ms: int | None = None,
    on_register: Callable[[Visit], None] | None = None,
    pace: Callable[[int], None] | None = None,
) -> DayResult:
    """Play one day of ``scenario`` on ``store``; the whole day unless ``until_ms``."""
    return Office(store, config, scenario, day, seed, on_register).play(until_ms, pace)


class SubjectPicker:
    """What visitors of a simulated day ask about: subjects of the kennisbank, in their own words.

    Most visitors ask about a subject of the domain they queue for; some ask
    in words that match no subject (kept as their question, for the curator).
    """

    UNMATCHED = 0.1

    def __init__(self, subjects: list, rng: random.Random) -> None:
        self.rng = rng
        self.names = {s.id: s.name for s in subjects}
        self.by_domain: dict[str | None, list] = {}
        for subject in subjects:
            self.by_domain.setdefault(subject.domain, []).append(subject)
        self.desk = [s for s in subjects if s.desk] or subjects

    def __bool__(self) -> bool:
        return bool(self.names)

    def name(self, subject_id: int) -> str | None:
        return self.names.get(subject_id)

    def for_visit(self, domain: str, question: str | None) -> tuple[int | None, str | None]:
        """(subject id, the visitor's words) for a visitor of ``domain``."""
        choices = self.by_domain.get(domain)
        if not choices or self.rng.random() < self.UNMATCHED:
            return None, self.rng.choice(texts.UNMATCHED) if question else None
        subject = self.rng.choice(choices)
        return subject.id, self.rng.choice(subject.words or (subject.name,))

    def at_desk(self) -> tuple[int | None, str | None]:
        """A question the host answers at the desk: mostly a subject the desk can answer."""
        if self.rng.random() < self.UNMATCHED:
            return None, self.rng.choice(texts.UNMATCHED)
        return self.rng.choice(self.desk).id, None
