"""What a simulated day looks like: demand, counters and how people behave.

The defaults are a Dutch town hall of some 150 visitors a day (about 55 %
burgerzaken), busiest mid-morning and again in the lunch hour, five counters
of which two serve two domains, each colleague taking a coffee break and a
lunch. The named scenarios are the days the wait estimate is measured on.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from balie.config import Config

# Relative arrival rate per half hour (local time) over an opening day:
# a morning peak, a second one when people come in their lunch break.
SHAPE: tuple[tuple[str, float], ...] = (
    ("09:00", 1.0), ("09:30", 1.3), ("10:00", 1.5), ("10:30", 1.5), ("11:00", 1.3),
    ("11:30", 1.1), ("12:00", 1.3), ("12:30", 1.4), ("13:00", 1.2), ("13:30", 0.9),
    ("14:00", 0.9), ("14:30", 0.9), ("15:00", 0.8), ("15:30", 0.8), ("16:00", 0.7),
    ("16:30", 0.5), ("17:00", 0.5),  # an evening opening stays at this level
)
# Share of the day's visitors per domain, for the default domains.
SHARES = {"burgerzaken": 0.55, "vergunningen": 0.2, "sociaal": 0.25}
# How much service times vary (coefficient of variation of a lognormal):
# most visits are short, a few take very long.
SERVICE_CV = 0.7


@dataclass(frozen=True)
class Demand:
    """Visitors of one domain over a day, and how long a counter spends on one."""

    domain: str
    per_day: float
    service_minutes: float
    service_cv: float = SERVICE_CV


@dataclass(frozen=True)
class Shift:
    """One counter: its domains and when it is away (local "HH:MM" from, to)."""

    counter: str
    domains: tuple[str, ...]
    breaks: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rush:
    """Extra visitors of one domain in a window, e.g. the morning after a mailing."""

    domain: str
    extra: float
    start: str
    end: str


@dataclass(frozen=True)
class Behaviour:
    """Shares and times of what visitors and colleagues do besides the plain visit."""

    appointment: float = 0.15  # registered for an appointment (early or late)
    urgent: float = 0.02
    no_show: float = 0.03  # called, never comes; marked after a recall, minutes later
    returns: float = 0.25  # of the no-shows, turn up after all
    slow: float = 0.12  # called, comes only after a recall
    transfer: float = 0.04  # sent on to another domain at the end of a visit
    requeue: float = 0.01  # sent back into the queue to fetch a document
    impatient: float = 0.3  # may leave before being called ...
    patience_minutes: float = 50  # ... after 15 minutes plus this on average
    quick_answers: float = 20  # questions answered at the desk, per day
    reaction_s: tuple[int, int] = (5, 30)  # a free colleague notices a new visitor
    admin_s: tuple[int, int] = (10, 45)  # between finishing and calling the next


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str  # one line for docs/estimate.md
    demand: tuple[Demand, ...]
    shifts: tuple[Shift, ...]
    opening: tuple[str, str] = ("09:00", "17:00")
    # ``per_day`` is the volume of these hours: a shorter day gets fewer visitors.
    day_hours: tuple[str, str] = ("09:00", "17:00")
    shape: tuple[tuple[str, float], ...] = SHAPE
    rush: Rush | None = None
    behaviour: Behaviour = field(default_factory=Behaviour)
    normal: bool = True  # an ordinary day: the range must hold for 8 in 10 here

    def scaled(self, factor: float) -> Scenario:
        """The same day with ``factor`` times the visitors (the demo's busy today)."""
        return replace(self, demand=tuple(replace(d, per_day=d.per_day * factor) for d in self.demand))

    def with_opening(self, opening: tuple[str, str]) -> Scenario:
        return replace(self, opening=opening)


def _breaks(coffee: str, lunch: str, tea: str | None = None) -> tuple[tuple[str, str], ...]:
    """A 15-minute coffee break, a 30-minute lunch and an optional afternoon tea."""
    found = [(coffee, _plus(coffee, 15)), (lunch, _plus(lunch, 30))]
    if tea:
        found.append((tea, _plus(tea, 15)))
    return tuple(found)


def _plus(hhmm: str, minutes: int) -> str:
    total = int(hhmm[:2]) * 60 + int(hhmm[3:]) + minutes
    return f"{total // 60:02d}:{total % 60:02d}"


NORMAL_SHIFTS = (
    Shift("Balie 1", ("burgerzaken",), _breaks("10:30", "12:00", "15:00")),
    Shift("Balie 2", ("burgerzaken",), _breaks("11:00", "12:30", "15:15")),
    Shift("Balie 3", ("burgerzaken", "sociaal"), _breaks("10:45", "13:00", "15:30")),
    Shift("Balie 4", ("vergunningen",), _breaks("10:15", "12:15")),
    Shift("Balie 5", ("sociaal", "vergunningen"), _breaks("11:15", "13:15")),
)


def _demand(total: float, minutes: dict[str, float] | None = None) -> tuple[Demand, ...]:
    minutes = minutes or {"burgerzaken": 6, "vergunningen": 10, "sociaal": 12}
    return tuple(Demand(key, total * share, minutes[key]) for key, share in SHARES.items())


SCENARIOS: dict[str, Scenario] = {
    scenario.name: scenario
    for scenario in (
        Scenario(
            "normal", "A normal day: 150 visitors, five counters, two of them for two domains",
            _demand(150), NORMAL_SHIFTS,
        ),
        Scenario(
            "calm", "A calm day: 100 visitors, four counters",
            _demand(100),
            (
                Shift("Balie 1", ("burgerzaken",), _breaks("10:30", "12:00", "15:00")),
                Shift("Balie 2", ("burgerzaken", "sociaal"), _breaks("11:00", "12:30")),
                Shift("Balie 4", ("vergunningen",), _breaks("10:15", "12:15")),
                Shift("Balie 5", ("sociaal",), _breaks("11:15", "13:15")),
            ),
        ),
        Scenario(
            "peak", "A peak morning: 190 visitors, most of them before noon",
            _demand(190), NORMAL_SHIFTS,
            shape=tuple(
                (at, weight * (1.7 if "09:30" <= at < "12:00" else 1.0)) for at, weight in SHAPE
            ),
        ),
        Scenario(
            "lunch_close", "A counter closes over lunch: Balie 2 is away 12:00–13:30",
            _demand(150),
            tuple(
                Shift(s.counter, s.domains, (("10:30", "10:45"), ("12:00", "13:30")))
                if s.counter == "Balie 2" else s
                for s in NORMAL_SHIFTS
            ),
            normal=False,
        ),
        Scenario(
            "two_domains", "Sociaal has no counter of its own: Balie 3 serves it beside burgerzaken",
            _demand(150),
            (
                Shift("Balie 1", ("burgerzaken",), _breaks("10:30", "12:00", "15:00")),
                Shift("Balie 2", ("burgerzaken",), _breaks("11:00", "12:30", "15:15")),
                Shift("Balie 3", ("burgerzaken", "sociaal"), _breaks("10:45", "13:00", "15:30")),
                Shift("Balie 4", ("vergunningen", "sociaal"), _breaks("10:15", "12:15")),
            ),
        ),
        Scenario(
            "mailing", "A rush after a mailing: 50 extra for burgerzaken between 10:00 and 11:30",
            _demand(150), NORMAL_SHIFTS,
            rush=Rush("burgerzaken", 50, "10:00", "11:30"),
            normal=False,
        ),
    )
}
# The days docs/estimate.md reports on, in its order.
MEASURED = ("calm", "peak", "lunch_close", "two_domains", "mailing")


def for_config(scenario: Scenario, config: Config) -> Scenario:
    """The scenario for this office's own domains.

    Known domains keep their share of the day; a domain of another office gets
    an equal part of the rest, with its own ``service_minutes``. Counters keep
    the domains that exist; a domain no counter serves gets a counter of its own.
    """
    keys = [d.key for d in config.domains]
    total = sum(d.per_day for d in scenario.demand)
    known = {d.domain: d for d in scenario.demand if d.domain in keys}
    unknown = [key for key in keys if key not in known]
    rest = max(0.0, total - sum(d.per_day for d in known.values()))
    demand = []
    for domain in config.domains:
        if domain.key in known:
            demand.append(replace(known[domain.key], service_minutes=domain.service_minutes))
        else:
            demand.append(Demand(domain.key, rest / len(unknown), domain.service_minutes))
    shifts = []
    for shift in scenario.shifts:
        domains = tuple(d for d in shift.domains if d in keys)
        if domains:
            shifts.append(replace(shift, domains=domains))
    served = {d for shift in shifts for d in shift.domains}
    for key in keys:
        if key not in served:
            names = {shift.counter for shift in shifts}
            name = next(f"Balie {n}" for n in range(1, len(names) + 2) if f"Balie {n}" not in names)
            shifts.append(Shift(name, (key,), _breaks("10:30", "12:30")))
    rush = scenario.rush if scenario.rush and scenario.rush.domain in keys else None
    return replace(scenario, demand=tuple(demand), shifts=tuple(shifts), rush=rush)
