"""SQL for the daily stand-up (dagstart): its checklist, staffing, notes and log.

Every change is one ``BEGIN IMMEDIATE`` transaction together with a row in
``standup_log`` (who, when, what), so several terminals can run the same
stand-up at once and the history says who ticked what.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from balie.core.wording import NO_COLLEAGUE, NOBODY_YET
from balie.core.standup import (
    DEFAULT_ITEMS,
    Assignment,
    LogEntry,
    Standup,
    StandupItem,
    TemplateItem,
    check_editable,
    clean_notes,
    item_text,
    items_from_template,
    moved,
    person_name,
    template_order,
    tick_change,
)
from balie.errors import BalieError
from balie.store.database import Database
from balie.store.newest import record_time

_ITEM_COLUMNS = "id, position, text, template_id, ticked_ms, ticked_by"
# In an order that deletes cleanly (items and staffing before their stand-up).
STANDUP_TABLES = ("standup_log", "standup_items", "standup_staffing", "standups", "standup_template")


def stored_domains(text: str) -> list[str]:
    """A staffing row's domains, as ``assign_counter`` stores them: keys joined by commas."""
    return [key for key in text.split(",") if key]


def _item(row: Sequence[Any]) -> StandupItem:
    return StandupItem(*row)


class Standups:
    """The stand-up's reads and writes."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # -- reading -------------------------------------------------------------

    def of(self, day: str) -> Standup | None:
        """A day's stand-up as it was kept, or None when that day had none."""
        with self.database.errors():
            conn = self.database.conn
            conn.execute("BEGIN")  # one consistent picture, even while others write
            try:
                return self._read_standup(conn, day)
            finally:
                conn.execute("ROLLBACK")

    def _read_standup(self, conn: sqlite3.Connection, day: str) -> Standup | None:
        row = conn.execute(
            "SELECT created_ms, host, lead, notes FROM standups WHERE day = ?", (day,)
        ).fetchone()
        if row is None:
            return None
        items = [
            _item(r)
            for r in conn.execute(
                f"SELECT {_ITEM_COLUMNS} FROM standup_items WHERE day = ? ORDER BY position, id",
                (day,),
            )
        ]
        staffing = [
            Assignment(counter, person, tuple(stored_domains(domains)))
            for counter, person, domains in conn.execute(
                "SELECT counter, person, domains FROM standup_staffing WHERE day = ? "
                "ORDER BY counter",
                (day,),
            )
        ]
        log = [
            LogEntry(at_ms, actor, kind, json.loads(data).get("text"))
            for at_ms, actor, kind, data in conn.execute(
                "SELECT at_ms, actor, type, data FROM standup_log WHERE day = ? ORDER BY id",
                (day,),
            )
        ]
        created_ms, host, lead, notes = row
        return Standup(day, created_ms, items, host, lead, notes, staffing, log)

    def days(self) -> list[str]:
        """Days that have a stand-up, newest first: what can be looked back at."""
        with self.database.errors():
            rows = self.database.conn.execute("SELECT day FROM standups ORDER BY day DESC").fetchall()
        return [row[0] for row in rows]

    def notes(self, day: str) -> str | None:
        """The day's notes (bijzonderheden) for the desk and the counters."""
        with self.database.errors():
            row = self.database.conn.execute("SELECT notes FROM standups WHERE day = ?", (day,)).fetchone()
        return row[0] if row else None

    def template(self) -> list[TemplateItem]:
        """The team's current checklist (retired items left out)."""
        with self.database.errors():
            return self._template_in(self.database.conn)

    @staticmethod
    def _template_in(conn: sqlite3.Connection) -> list[TemplateItem]:
        rows = conn.execute(
            "SELECT id, position, text FROM standup_template WHERE retired_ms IS NULL "
            "ORDER BY position, id"
        ).fetchall()
        return [TemplateItem(*row) for row in rows]

    def counter_domains_today(self, counter: str) -> list[str] | None:
        """The domains today's stand-up gave this counter; None when it gave none."""
        _, day = self.database.now()
        with self.database.errors():
            row = self.database.conn.execute(
                "SELECT domains FROM standup_staffing WHERE day = ? AND counter = ?",
                (day, counter.strip()),
            ).fetchone()
        domains = stored_domains(row[0]) if row else []
        return domains or None

    def day_so_far(self, day: str) -> dict[str, int]:
        """What is known about a day already: counts, not statistics."""
        with self.database.errors():
            row = self.database.conn.execute(
                "SELECT count(*), "
                "coalesce(sum(kind = 'appointment'), 0), "
                "coalesce(sum(state = 'waiting'), 0) "
                "FROM visits WHERE day = ?",
                (day,),
            ).fetchone()
        registered, appointments, waiting = row
        return {"registered": registered, "appointments": appointments, "waiting": waiting}

    # -- opening today's stand-up --------------------------------------------

    def open(self, actor: str = "dagstart") -> Standup:
        """Today's stand-up, made from the template the first time anyone opens it."""
        found = self.of(self.database.today())
        if found is not None:
            return found
        with self.database.write() as (conn, now_ms, day):
            # Checked again inside the lock: another terminal may just have made it.
            if conn.execute("SELECT 1 FROM standups WHERE day = ?", (day,)).fetchone() is None:
                self._seed_template(conn, now_ms)
                conn.execute("INSERT INTO standups (day, created_ms) VALUES (?, ?)", (day, now_ms))
                for position, (template_id, text) in enumerate(
                    items_from_template(self._template_in(conn))
                ):
                    conn.execute(
                        "INSERT INTO standup_items (day, position, text, template_id) "
                        "VALUES (?, ?, ?, ?)",
                        (day, position, text, template_id),
                    )
                self._standup_log(conn, day, now_ms, actor, "open")
            standup = self._read_standup(conn, day)
        assert standup is not None
        return standup

    @staticmethod
    def _seed_template(conn: sqlite3.Connection, now_ms: int) -> None:
        """The Dutch defaults, once: a team that retired every item keeps it that way."""
        if conn.execute("SELECT EXISTS (SELECT 1 FROM standup_template)").fetchone()[0]:
            return
        conn.executemany(
            "INSERT INTO standup_template (position, text, created_ms) VALUES (?, ?, ?)",
            [(position, text, now_ms) for position, text in enumerate(DEFAULT_ITEMS)],
        )

    # -- changing today's stand-up ---------------------------------------------

    @staticmethod
    def _standup_log(
        conn: sqlite3.Connection,
        day: str,
        at_ms: int,
        actor: str,
        kind: str,
        item_id: int | None = None,
        **data: Any,
    ) -> None:
        conn.execute(
            "INSERT INTO standup_log (day, at_ms, actor, type, item_id, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (day, at_ms, actor, kind, item_id,
             json.dumps(data, ensure_ascii=False, sort_keys=True)),
        )
        record_time(conn, at_ms)

    def _today_item(self, conn: sqlite3.Connection, item_id: int) -> tuple[str, StandupItem]:
        """Today's item, inside a write; an earlier day's is refused."""
        row = conn.execute(
            f"SELECT day, {_ITEM_COLUMNS} FROM standup_items WHERE id = ?", (item_id,)
        ).fetchone()
        if row is None:
            raise BalieError("Dit punt staat niet (meer) op de dagstart.")
        check_editable(row[0], self.database.now()[1])
        return row[0], _item(row[1:])

    def _today(self, conn: sqlite3.Connection) -> tuple[int, str]:
        """(now, today) inside a write, once today's stand-up exists."""
        now_ms, day = self.database.now()
        if conn.execute("SELECT 1 FROM standups WHERE day = ?", (day,)).fetchone() is None:
            raise BalieError("De dagstart van vandaag is nog niet geopend.")
        return now_ms, day

    def tick(self, item_id: int, ticked: bool, actor: str) -> StandupItem:
        """Tick or untick an item, in someone's name; setting what is already so changes nothing."""
        with self.database.write() as (conn, now_ms, _):
            day, item = self._today_item(conn, item_id)
            if not tick_change(item, ticked):
                return item
            conn.execute(
                "UPDATE standup_items SET ticked_ms = ?, ticked_by = ? WHERE id = ?",
                (now_ms if ticked else None, actor if ticked else None, item_id),
            )
            self._standup_log(
                conn, day, now_ms, actor, "tick" if ticked else "untick", item_id, text=item.text
            )
            return _item(
                conn.execute(
                    f"SELECT {_ITEM_COLUMNS} FROM standup_items WHERE id = ?", (item_id,)
                ).fetchone()
            )

    def edit(self, item_id: int, text: str, actor: str) -> None:
        """New wording for today and for the days to come; earlier days keep theirs."""
        text = item_text(text)
        with self.database.write() as (conn, now_ms, _):
            day, item = self._today_item(conn, item_id)
            if item.text == text:
                return
            conn.execute("UPDATE standup_items SET text = ? WHERE id = ?", (text, item_id))
            if item.template_id is not None:
                conn.execute(
                    "UPDATE standup_template SET text = ? WHERE id = ? AND retired_ms IS NULL",
                    (text, item.template_id),
                )
            self._standup_log(conn, day, now_ms, actor, "edit", item_id, text=text, was=item.text)

    def add(self, text: str, actor: str) -> None:
        """A new item at the end of the template and of today's checklist."""
        text = item_text(text)
        with self.database.write() as (conn, _, _):
            now_ms, day = self._today(conn)
            template_id = conn.execute(
                "INSERT INTO standup_template (position, text, created_ms) VALUES "
                "((SELECT coalesce(max(position), -1) + 1 FROM standup_template), ?, ?)",
                (text, now_ms),
            ).lastrowid
            item_id = conn.execute(
                "INSERT INTO standup_items (day, position, text, template_id) VALUES "
                "(?, (SELECT coalesce(max(position), -1) + 1 FROM standup_items WHERE day = ?), ?, ?)",
                (day, day, text, template_id),
            ).lastrowid
            self._standup_log(conn, day, now_ms, actor, "add", item_id, text=text)

    def move(self, item_id: int, step: int, actor: str) -> bool:
        """Move an item up (-1) or down (+1), today and in the template; False at an end."""
        with self.database.write() as (conn, now_ms, _):
            day, item = self._today_item(conn, item_id)
            rows = conn.execute(
                "SELECT id, template_id FROM standup_items WHERE day = ? ORDER BY position, id",
                (day,),
            ).fetchall()
            order = moved([r[0] for r in rows], item_id, step)
            if order is None:
                return False
            conn.executemany(
                "UPDATE standup_items SET position = ? WHERE id = ?",
                [(position, i) for position, i in enumerate(order)],
            )
            template_of = dict(rows)
            template = [t.id for t in self._template_in(conn)]
            conn.executemany(
                "UPDATE standup_template SET position = ? WHERE id = ?",
                [
                    (position, t)
                    for position, t in enumerate(
                        template_order(template, [template_of[i] for i in order])
                    )
                ],
            )
            self._standup_log(
                conn, day, now_ms, actor, "move", item_id, text=item.text, step=step
            )
            return True

    def retire(self, item_id: int, actor: str) -> None:
        """Off the template; off today's list too unless someone already ticked it."""
        with self.database.write() as (conn, now_ms, _):
            day, item = self._today_item(conn, item_id)
            if item.template_id is not None:
                conn.execute(
                    "UPDATE standup_template SET retired_ms = ? WHERE id = ? AND retired_ms IS NULL",
                    (now_ms, item.template_id),
                )
            if not item.ticked:
                conn.execute("DELETE FROM standup_items WHERE id = ?", (item_id,))
            self._standup_log(conn, day, now_ms, actor, "retire", item_id, text=item.text)

    def set_notes(self, notes: str | None, actor: str) -> None:
        notes = clean_notes(notes)
        with self.database.write() as (conn, _, _):
            now_ms, day = self._today(conn)
            conn.execute("UPDATE standups SET notes = ? WHERE day = ?", (notes, day))
            self._standup_log(conn, day, now_ms, actor, "notes", text=notes)

    def set_roles(self, host: str | None, lead: str | None, actor: str) -> None:
        """Who is host (gastvrouw) and floor lead (eerste medewerker) today."""
        host, lead = person_name(host), person_name(lead)
        with self.database.write() as (conn, _, _):
            now_ms, day = self._today(conn)
            conn.execute(
                "UPDATE standups SET host = ?, lead = ? WHERE day = ?", (host, lead, day)
            )
            self._standup_log(
                conn, day, now_ms, actor, "roles", host=host, lead=lead,
                text=f"gastvrouw {host or NOBODY_YET}, eerste medewerker {lead or NOBODY_YET}",
            )

    def assign_counter(
        self,
        counter: str,
        person: str | None,
        domains: Sequence[str],
        actor: str,
        was: str | None = None,
    ) -> None:
        """Who sits at a counter today, for which domains; no domains removes the counter.

        ``was``: the counter's name before this change, when it was renamed.
        """
        person = person_name(person)
        with self.database.write() as (conn, _, _):
            now_ms, day = self._today(conn)
            if was is not None and was.casefold() != counter.casefold():
                conn.execute(
                    "DELETE FROM standup_staffing WHERE day = ? AND counter = ?", (day, was)
                )
            if domains:
                conn.execute(
                    "INSERT INTO standup_staffing (day, counter, person, domains) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (day, counter) DO UPDATE SET counter = excluded.counter, "
                    "person = excluded.person, domains = excluded.domains",
                    (day, counter, person, ",".join(domains)),
                )
            else:
                gone = conn.execute(
                    "DELETE FROM standup_staffing WHERE day = ? AND counter = ?", (day, counter)
                ).rowcount
                if not gone and was is None:
                    return  # nothing was there: nothing to log
            self._standup_log(
                conn, day, now_ms, actor, "counter", counter=counter, person=person,
                domains=list(domains), text=f"{counter}: {person or NO_COLLEAGUE}" if domains else counter,
            )
