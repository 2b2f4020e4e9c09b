"""The wait estimates compared in docs/estimate.md, each a pure function.

``estimator(office, domain, ahead) -> ms``: how long until a visitor with
``ahead`` people before them in ``domain``'s queue is called.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping, Sequence
from statistics import median

from balie.core import erlang
from balie.core.office_now import CALLS_PLAYED, MIN, WINDOW_MS, CounterNow, OfficeNow, Queued

MIN_CALLS = 3
MIN_SPAN_MS = 15 * MIN
SERVICE_CV = 0.7  # how much one visit's time varies (coefficient of variation)
RESIDUAL = 0.5  # "capacity": the first counter comes free half a departure from now
PAUSE_OVERDUE_MS = 5 * MIN  # a pause longer than usual: back in a while yet


def expected_wait_ms(
    waiting: int,
    recent_calls: Sequence[tuple[int, str | None]],
    now_ms: int,
    service_minutes: float,
) -> int:
    """The first estimate balie had ("pace"), from (called_ms, counter) of first calls."""
    window = [(at, counter) for at, counter in recent_calls if now_ms - WINDOW_MS <= at <= now_ms]
    first = min((at for at, _ in window), default=None)
    counters = len({counter for _, counter in window if counter})
    return pace_ms(waiting, len(window), first, counters, now_ms, service_minutes)


def pace_ms(waiting: int, calls: int, first_ms: int | None, counters: int, now_ms: int, minutes: float) -> int:
    """Nobody ahead: no wait. Once the domain made ``MIN_CALLS`` first calls in the
    last hour, people ahead / calls per minute; before that the configured
    minutes per visitor, shared by the counters seen calling in the window."""
    if waiting <= 0:
        return 0
    if calls >= MIN_CALLS and first_ms is not None:
        span = max(MIN_SPAN_MS, now_ms - first_ms)
        return int(waiting * span / calls)
    return int(waiting * minutes * 60_000 / max(1, counters))


def pace(office: OfficeNow, domain: str, ahead: int) -> int:
    hour = office.last_hour(domain)
    minutes = office.service_minutes.get(domain, 6)
    return pace_ms(ahead, hour.calls, hour.first_call_ms, len(hour.callers), office.now_ms, minutes)


def per_counter(office: OfficeNow, domain: str, ahead: int) -> int:
    """People ahead × mean service time ÷ counters serving the domain."""
    counters = max(1, len(office.serving(domain)))
    return int(max(0, ahead) * office.mean_service_ms(domain) / counters)


def recent_waits(office: OfficeNow, domain: str, ahead: int) -> int:
    """What the domain's last few called visitors waited; per counter before any call."""
    waits = office.last_hour(domain).waits
    if not waits:
        return per_counter(office, domain, ahead)
    return int(median(waits))


def erlang_c(office: OfficeNow, domain: str, ahead: int) -> int:
    """Erlang C's mean wait for the last hour's arrivals at the counters there now."""
    counters = max(1, len(office.serving(domain)))
    service = office.mean_service_ms(domain)
    load = office.last_hour(domain).arrivals / WINDOW_MS * service
    wait = erlang.mean_wait(counters, load, service)
    if math.isinf(wait):  # more come than the counters can help: the queue decides
        return int((max(0, ahead) + 1) * service / counters)
    return int(wait)


def capacity_per_ms(office: OfficeNow, domain: str) -> float:
    """How many of this domain the counters call per ms, shared counters in part.

    A counter for several domains gives each its share of the counter's
    calls in the last hour (one call per domain assumed on top, so a fresh
    counter splits evenly); its calls take the mean service of that mix.
    """
    total = 0.0
    for counter in office.serving(domain):
        calls = {d: 1 + office.calls_by.get((counter.name, d), 0) for d in counter.domains}
        count = sum(calls.values())
        mixed = sum(n / count * office.mean_service_ms(d) for d, n in calls.items())
        total += calls[domain] / count / mixed
    return total


def capacity(office: OfficeNow, domain: str, ahead: int) -> int:
    """Called after (ahead + ½ − free counters) departures at the domain's capacity."""
    free = office.free(domain)
    ahead = max(0, ahead)
    if ahead < free:
        return 0
    rate = capacity_per_ms(office, domain)
    if rate <= 0:  # nobody serves the domain now: the configured minutes, one counter
        return int((ahead + 1) * office.mean_service_ms(domain))
    return int((ahead + RESIDUAL - free) / rate)


def residual_ms(mean: float, elapsed: float, cv: float = SERVICE_CV) -> float:
    """Expected time left of a lognormal service of this mean that has run ``elapsed``:
    a visit that has taken long is likely a long one."""
    if elapsed <= 0:
        return mean
    sigma = math.sqrt(math.log(1 + cv * cv))
    z = (math.log(elapsed) - math.log(mean) + sigma * sigma / 2) / sigma
    beyond = 0.5 * math.erfc(z / math.sqrt(2))  # P(service > elapsed)
    if beyond < 1e-6:
        return mean
    return mean * 0.5 * math.erfc((z - sigma) / math.sqrt(2)) / beyond - elapsed


def forward(office: OfficeNow, domain: str, ahead: int) -> int:
    """The queue played forward on paper, by the real queue rule.

    Each counter of the domain (and of the domains it shares) comes free in
    turn: a busy one after what is probably left of its visit, a paused one
    after a usual pause; it calls the first of its merged queue, and that
    visit takes the domain's mean service plus the usual moment between two
    visitors. The visitor is called when a counter of their domain finds
    nobody before them. After ``CALLS_PLAYED`` calls the rest of the queue
    goes at the pace those calls set (``_beyond``).
    """
    return forward_many(office, {domain: ahead})[domain]


def forward_many(office: OfficeNow, asked: Mapping[str, int]) -> dict[str, int]:
    """``forward`` for several (domain, ahead) at once: domains whose visitors stand at
    the same place in the same shared queues (someone joining now, in domains that
    share counters) are played forward together, once."""
    present = [c for c in office.counters if c.present]
    read: dict[str, list[Queued]] = {}  # each domain's queue as read, in queue order
    for q in office.queue:
        read.setdefault(q.domain, []).append(q)
    plays: dict[tuple, dict[str, int]] = {}
    found = {}
    for domain, ahead in asked.items():
        ahead = max(0, ahead)
        shared = frozenset(d for c in present if domain in c.domains for d in c.domains)
        if not shared:  # nobody serves the domain: the configured minutes, one counter
            found[domain] = int((ahead + 1) * office.mean_service_ms(domain))
            continue
        mine = read.get(domain, ())
        place = (*mine[ahead].key, -1) if ahead < len(mine) else (1, office.now_ms, 1 << 62, 0)
        plays.setdefault((place, shared), {})[domain] = ahead
    for (place, shared), group in plays.items():
        found.update(_play(office, read, place, shared, [c for c in present if c.domains & shared], group))
    return found


def _play(
    office: OfficeNow,
    read: dict[str, list[Queued]],
    place: tuple,
    shared: frozenset[str],
    counters: list[CounterNow],
    asked: dict[str, int],
) -> dict[str, int]:
    """Play the shared queues forward up to ``place``: for each asked domain, when a
    counter of it first finds nobody before the place."""
    queues = {d: [key for q in read.get(d, ()) if (key := (*q.key, 0)) < place] for d in shared}
    heads = dict.fromkeys(queues, 0)
    means = {d: office.mean_service_ms(d) for d in queues}
    gap = office.gap_ms()
    ready = []
    for number, c in enumerate(counters):
        at = float(office.now_ms)
        if c.paused:
            began = c.paused_ms if c.paused_ms is not None else office.now_ms
            at = max(began + office.pause_ms(), office.now_ms + PAUSE_OVERDUE_MS)
        elif c.serving is not None and c.since_ms is not None:
            at += residual_ms(office.mean_service_ms(c.serving), office.now_ms - c.since_ms) + gap
        ready.append((at, number))
    heapq.heapify(ready)
    serves = [[(d, queues[d]) for d in c.domains if d in queues] for c in counters]
    found: dict[str, int] = {}
    calls = 0
    while ready and len(found) < len(asked):
        at, number = heapq.heappop(ready)
        if calls == CALLS_PLAYED:  # the rest at the pace of these calls, where more come first
            for domain, ahead in asked.items():
                before = _before(office, read, domain, ahead, queues)
                if domain not in found and before > calls:
                    found[domain] = _beyond(office, at, calls, before - calls)
        first, chosen = None, None
        for d, queue in serves[number]:  # the first of the counter's merged queue
            head = heads[d]
            if head < len(queue) and (first is None or queue[head] < first):
                first, chosen = queue[head], d
        if chosen is None:  # nobody before the place for this counter: it no longer matters
            for domain in counters[number].domains:
                if domain in asked and domain not in found:
                    found[domain] = int(at - office.now_ms)
            continue
        heads[chosen] += 1
        calls += 1
        heapq.heappush(ready, (at + means[chosen] + gap, number))
    for domain, ahead in asked.items():  # not reached: a counter serves each domain
        found.setdefault(domain, int((ahead + 1) * office.mean_service_ms(domain)))
    return found


def _before(office: OfficeNow, read: dict[str, list[Queued]], domain: str, ahead: int, queues: dict[str, list]) -> int:
    """How many of the shared queues stand before the visitor: those read, or where a
    domain's queue was read only in part, its count (``OfficeNow.queued``)."""
    before = 0
    for d, known in queues.items():
        if len(known) < CALLS_PLAYED or office.queued.get(d, 0) <= len(read.get(d, ())):
            before += len(known)  # the visitor's place lies within what was read, or all was read
        else:
            before += ahead if d == domain else max(len(known), office.waiting.get(d, 0))
    return before


def _beyond(office: OfficeNow, at: float, calls: int, remaining: int) -> int:
    """The wait when ``remaining`` more calls come before the visitor's, at the pace of the
    ``calls`` played up to ``at``: a long queue's calls come at a steady pace."""
    each = (at - office.now_ms) / calls
    return int(at - office.now_ms + remaining * each)


Estimator = Callable[[OfficeNow, str, int], int]
ESTIMATORS: dict[str, Estimator] = {
    "pace": pace,
    "per_counter": per_counter,
    "recent_waits": recent_waits,
    "erlang_c": erlang_c,
    "capacity": capacity,
    "forward": forward,
}
