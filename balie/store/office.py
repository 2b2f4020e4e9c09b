"""The store as the office: one connection layer, and a part for each part of the office.

``store.desk.register(...)``, ``store.queue.call_next(...)``,
``store.counter.finish(...)``: each part owns its SQL in a file of its own and
shares the connections, transactions and clock guard of ``Database``.
"""

from __future__ import annotations

import os

from balie.clock import Clock
from balie.store.accounts import Accounts
from balie.store.backup import Backup
from balie.store.board import Board
from balie.store.counter import CounterWork
from balie.store.database import Database
from balie.store.dayend import DayEnd
from balie.store.desk import Desk
from balie.store.knowledge import Knowledge
from balie.store.queue import Queue
from balie.store.reports import Reports
from balie.store.simulation import Simulation
from balie.store.staffing import Staffing
from balie.store.standup import Standups
from balie.store.upkeep import Upkeep
from balie.store.visits import Visits
from balie.store.waits import Waits


class Store(Database):
    """The database of one office, by the parts of the office that use it."""

    def __init__(self, path: str | os.PathLike[str], clock: Clock) -> None:
        super().__init__(path, clock)
        self.visits = Visits(self)  # reading visits and their log
        self.queue = Queue(self)  # who waits, who is next, calling them
        self.waits = Waits(self, self.queue)  # what the wait estimate knows, and tells
        self.desk = Desk(self, self.waits)  # the host: registering, correcting, quick answers
        self.counter = CounterWork(self)  # the visitor at a counter, pauses, the counter's log
        self.board = Board(self, self.waits)  # the latest calls, the load per domain
        self.standup = Standups(self)  # the morning stand-up
        self.reports = Reports(self)  # the figures of a period
        self.staffing = Staffing(self)  # the history behind the staffing advice
        self.day_end = DayEnd(self)  # ending days
        self.upkeep = Upkeep(self, self.day_end)  # what every process does by itself; retention
        self.backup = Backup(self)
        self.accounts = Accounts(self)  # colleagues who sign in to served screens
        self.simulation = Simulation(self)  # the office clock of a played day
        self.knowledge = Knowledge(self)  # the kennisbank: subjects, search, their figures
