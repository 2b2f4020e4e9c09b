"""One terminal in the stand-up race: opens today's stand-up and ticks every item.

Run as ``python standup_race_worker.py DB NAME GO_FILE``; prints one JSON line
with the day it opened and any error a user would have seen.
"""

from __future__ import annotations

import json
import os
import sys
import time

from balie.clock import FixedClock, parse_local
from balie.errors import BalieError
from balie.store import Store


def main() -> None:
    db, name, go_file = sys.argv[1:4]
    store = Store(db, FixedClock(parse_local("2026-11-20T08:45")))
    store.today()
    while not os.path.exists(go_file):
        time.sleep(0.002)
    errors: list[str] = []
    day = None
    try:
        standup = store.standup.open(actor=name)
        day = standup.day
        for item in standup.items:
            store.standup.tick(item.id, True, name)
    except BalieError as error:
        errors.append(str(error))
    print(json.dumps({"name": name, "day": day, "errors": errors}))


if __name__ == "__main__":
    main()
