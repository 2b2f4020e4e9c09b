"""One counter in the race test: waits for the start signal, then calls and
finishes one visitor after another until nobody waits.

Run as ``python counter_race_worker.py DB COUNTER GO_FILE``; prints one JSON line
with the visit ids it claimed and any error a user would have seen.
"""

from __future__ import annotations

import json
import os
import sys
import time

from balie.clock import FixedClock, parse_local
from balie.core.visits import Outcome
from balie.errors import BalieError
from balie.store import Store


def main() -> None:
    db, counter, go_file = sys.argv[1:4]
    # After the last registration (one a second from 10:00): a clock behind is refused.
    store = Store(db, FixedClock(parse_local("2026-11-20T10:30")))
    store.today()  # connect before the start, so every process starts at once
    while not os.path.exists(go_file):
        time.sleep(0.002)
    claimed: list[int] = []
    errors: list[str] = []
    while True:
        try:
            visit = store.queue.call_next(counter, ["burgerzaken", "sociaal"])
        except BalieError as error:
            errors.append(str(error))
            continue
        if visit is None:
            break
        claimed.append(visit.id)
        store.counter.finish(visit.id, Outcome.HANDLED, counter)
    print(json.dumps({"counter": counter, "claimed": claimed, "errors": errors}))


if __name__ == "__main__":
    main()
