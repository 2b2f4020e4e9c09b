"""The kennisbank in the database: subjects, their search index, edits in the event log, figures.

A subject keeps its id for ever: visits and quick answers point at it, so a
rename or retirement changes no history, and the figures group by the id.
Each edit is one write with its event, so every screen sees it at once (a
commit bumps ``data_version``). Search asks the FTS5 trigram index for the
candidates that share letters with the question and lets ``core.knowledge_match``
order them (bench/knowledge.py measures it against a plain LIKE scan).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace

from balie.core.knowledge import Subject, check_unique, checked
from balie.core.knowledge_figures import SubjectCounts
from balie.core.knowledge_match import CANDIDATES, Match, fts_query, rank, search_text
from balie.core.visits import MAX_QUESTION, clean_text
from balie.errors import BalieError
from balie.store.database import Database, Write

SUBJECT_COLUMNS = "id, name, words, domain, answer, desk, service_minutes, retired_ms"


def subject_from_row(row: Sequence) -> Subject:
    return Subject(
        id=row[0], name=row[1], words=tuple(json.loads(row[2])), domain=row[3], answer=row[4],
        desk=bool(row[5]), service_minutes=row[6], retired=row[7] is not None,
    )


@dataclass(frozen=True)
class ImportPlan:
    """What an import changes: by name, nothing is ever deleted."""

    added: list[Subject] = field(default_factory=list)
    changed: list[tuple[Subject, Subject]] = field(default_factory=list)  # (as stored, as in the file)
    same: int = 0
    not_in_file: int = 0  # stored subjects the file does not name: left as they are

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.changed)


def plan_import(stored: Iterable[Subject], incoming: Iterable[Subject]) -> ImportPlan:
    by_key = {subject.key: subject for subject in stored}
    added, changed, same, named = [], [], 0, set()
    for subject in incoming:
        named.add(subject.key)
        old = by_key.get(subject.key)
        if old is None:
            added.append(subject)
        elif old.same_content(replace(subject, id=old.id)):
            same += 1
        else:
            changed.append((old, subject))
    return ImportPlan(added, changed, same, len(set(by_key) - named))


class Knowledge:
    """Subjects: read, search, add, change, retire, import; counts for the figures."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # -- reading -----------------------------------------------------------------

    def all(self, retired: bool = True) -> list[Subject]:
        """Every subject by name (retired ones too, unless ``retired`` is off)."""
        where = "" if retired else "WHERE retired_ms IS NULL"
        with self.database.errors():
            rows = self.database.conn.execute(
                f"SELECT {SUBJECT_COLUMNS} FROM subjects {where} ORDER BY key"
            ).fetchall()
        return [subject_from_row(row) for row in rows]

    def get(self, subject_id: int) -> Subject:
        with self.database.errors():
            return _load(self.database.conn, subject_id)

    def count(self) -> int:
        with self.database.errors():
            return self.database.conn.execute("SELECT count(*) FROM subjects").fetchone()[0]

    def search(self, query: str, limit: int = 5, retired: bool = False) -> list[Match]:
        """The subjects that fit a visitor's question, best first."""
        match = fts_query(query)
        if match is None:
            return []
        hidden = "" if retired else "AND s.retired_ms IS NULL"
        with self.database.errors():
            rows = self.database.conn.execute(
                f"SELECT {', '.join('s.' + c.strip() for c in SUBJECT_COLUMNS.split(','))} "
                "FROM (SELECT rowid, rank FROM subjects_search WHERE subjects_search MATCH ? "
                "ORDER BY rank LIMIT ?) AS hit JOIN subjects AS s ON s.id = hit.rowid "
                f"WHERE 1 {hidden}",
                (match, CANDIDATES),
            ).fetchall()
        return rank(query, (subject_from_row(row) for row in rows), limit)

    # -- editing -----------------------------------------------------------------

    def add(self, subject: Subject, domains: Collection[str] | None, actor: str) -> Subject:
        subject = checked(subject, domains)
        with self.database.write() as tx:
            return self._insert(tx, subject, actor)

    def change(self, subject_id: int, subject: Subject, domains: Collection[str] | None, actor: str) -> Subject:
        """Edit a subject in place: its id, and so its history, stays."""
        subject = checked(subject, domains)
        with self.database.write() as tx:
            return self._update(tx, _load(tx.conn, subject_id), subject, actor)

    def retire(self, subject_id: int, actor: str, retired: bool = True) -> Subject:
        """Retire (or bring back) a subject: search no longer offers it; history keeps it."""
        with self.database.write() as (conn, now_ms, _):
            before = _load(conn, subject_id)
            if before.retired == retired:
                return before
            conn.execute(
                "UPDATE subjects SET retired_ms = ?, changed_ms = ? WHERE id = ?",
                (now_ms if retired else None, now_ms, subject_id),
            )
            self.database.event(
                conn, None, now_ms, "subject_retired" if retired else "subject_restored", actor,
                subject_id=subject_id, name=before.name,
            )
            return _load(conn, subject_id)

    def plan_import(self, subjects: Sequence[Subject], domains: Collection[str] | None) -> ImportPlan:
        """What importing these subjects would change (a dry run writes nothing)."""
        cleaned = [checked(subject, domains) for subject in subjects]
        check_unique(cleaned)
        return plan_import(self.all(), cleaned)

    def apply_import(self, subjects: Sequence[Subject], domains: Collection[str] | None, actor: str) -> ImportPlan:
        """Add the new subjects and change the named ones, in one write; nothing is deleted."""
        cleaned = [checked(subject, domains) for subject in subjects]
        check_unique(cleaned)
        with self.database.write() as tx:
            stored = [subject_from_row(row) for row in tx.conn.execute(f"SELECT {SUBJECT_COLUMNS} FROM subjects")]
            plan = plan_import(stored, cleaned)
            for subject in plan.added:
                self._insert(tx, subject, actor)
            for old, new in plan.changed:
                self._update(tx, old, new, actor)
            return plan

    def _insert(self, tx: Write, subject: Subject, actor: str) -> Subject:
        conn, now_ms, _ = tx
        try:
            subject_id = conn.execute(
                "INSERT INTO subjects (name, key, words, domain, answer, desk, service_minutes, "
                "retired_ms, created_ms, changed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*_values(subject), now_ms if subject.retired else None, now_ms, now_ms),
            ).lastrowid
        except sqlite3.IntegrityError:
            raise BalieError(f"Er is al een onderwerp {subject.name!r}.") from None
        conn.execute("INSERT INTO subjects_search (rowid, terms) VALUES (?, ?)", (subject_id, search_text(subject)))
        self.database.event(conn, None, now_ms, "subject_added", actor, subject_id=subject_id, name=subject.name)
        return _load(conn, subject_id)

    def _update(self, tx: Write, before: Subject, subject: Subject, actor: str) -> Subject:
        conn, now_ms, _ = tx
        assert before.id is not None
        if before.same_content(subject):
            return before
        try:
            conn.execute(
                "UPDATE subjects SET name = ?, key = ?, words = ?, domain = ?, answer = ?, desk = ?, "
                "service_minutes = ?, retired_ms = CASE WHEN ? THEN coalesce(retired_ms, ?) END, "
                "changed_ms = ? WHERE id = ?",
                (*_values(subject), subject.retired, now_ms, now_ms, before.id),
            )
        except sqlite3.IntegrityError:
            raise BalieError(f"Er is al een onderwerp {subject.name!r}.") from None
        conn.execute("UPDATE subjects_search SET terms = ? WHERE rowid = ?", (search_text(subject), before.id))
        changed = {
            name: [old, new] for name, old, new in (
                ("name", before.name, subject.name), ("words", list(before.words), list(subject.words)),
                ("domain", before.domain, subject.domain), ("answer", before.answer, subject.answer),
                ("desk", before.desk, subject.desk), ("service_minutes", before.service_minutes, subject.service_minutes),
                ("retired", before.retired, subject.retired),
            ) if old != new
        }
        self.database.event(conn, None, now_ms, "subject_changed", actor, subject_id=before.id, changed=changed)
        return _load(conn, before.id)

    # -- what the desk and the counter record (part 2 calls these) ---------------------

    def quick_answer(
        self, subject_id: int | None, actor: str = "gastvrouw", question: str | None = None,
        domain: str | None = None,
    ) -> None:
        """A question answered at the desk: with its subject, or with the visitor's own words.

        The topic is the subject's name at that moment (what the report's top
        topics show); the figures group by the subject's id.
        """
        question = clean_text(question, MAX_QUESTION)
        with self.database.write() as (conn, now_ms, day):
            topic = None
            if subject_id is not None:
                subject = _load(conn, subject_id)
                topic, domain = subject.name, domain or subject.domain
            conn.execute(
                "INSERT INTO quick_answers (day, at_ms, domain, topic, actor, subject_id, question) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (day, now_ms, domain, topic, actor, subject_id, question),
            )
            self.database.event(
                conn, None, now_ms, "quick_answer", actor, domain=domain, topic=topic, subject_id=subject_id,
            )

    def set_visit_subject(self, visit_id: int, subject_id: int | None, actor: str) -> None:
        """The subject of a visit (at registration or at the counter); logged with the visit."""
        with self.database.write() as (conn, now_ms, _):
            if subject_id is not None:
                _load(conn, subject_id)
            if conn.execute("UPDATE visits SET subject_id = ? WHERE id = ?", (subject_id, visit_id)).rowcount != 1:
                raise BalieError("Deze bezoeker bestaat niet (meer).")
            self.database.event(conn, visit_id, now_ms, "subject", actor, subject_id=subject_id)

    # -- figures ---------------------------------------------------------------------

    def counts(self, first_day: str, last_day: str) -> dict[int | None, SubjectCounts]:
        """Per subject id (None: without a subject) the counts of the local days given.

        Straight SQL aggregates on covering indexes rather than the report's
        per-day cache: bench/knowledge.py measures a year of visits.
        """
        bounds = {"first": first_day, "last": last_day}
        found: dict[int | None, SubjectCounts] = {}
        with self.database.errors():
            conn = self.database.conn
            conn.execute("BEGIN")  # both counts from one moment
            try:
                visits = conn.execute(
                    "SELECT subject_id, count(*), total(state = 'finished' AND outcome = 'handled'), "
                    "total(state = 'finished' AND outcome = 'referred'), "
                    "total(state = 'finished' AND outcome = 'callback') "
                    "FROM visits WHERE day BETWEEN :first AND :last GROUP BY subject_id", bounds,
                ).fetchall()
                desk = conn.execute(
                    "SELECT subject_id, count(*) FROM quick_answers WHERE day BETWEEN :first AND :last "
                    "GROUP BY subject_id", bounds,
                ).fetchall()
            finally:
                conn.execute("ROLLBACK")
        for subject_id, count, handled, referred, callback in visits:
            found[subject_id] = SubjectCounts(0, count, int(handled), int(referred), int(callback))
        for subject_id, count in desk:
            found[subject_id] = found.get(subject_id, SubjectCounts()) + SubjectCounts(desk=count)
        return found

    def unmatched(self, first_day: str, last_day: str, limit: int = 50) -> list[tuple[str, int]]:
        """The visitor's own words that matched no subject, most often first, while kept.

        Questions of visits and quick answers without a subject; the purge
        removes the text after the retention period, and then they are gone
        from here while the counts stay.
        """
        with self.database.errors():
            rows = self.database.conn.execute(
                "SELECT question, count(*) FROM ("
                "SELECT question FROM visits WHERE day BETWEEN :first AND :last "
                "AND subject_id IS NULL AND question IS NOT NULL "
                "UNION ALL SELECT question FROM quick_answers WHERE day BETWEEN :first AND :last "
                "AND subject_id IS NULL AND question IS NOT NULL) "
                "GROUP BY lower(question) ORDER BY count(*) DESC, lower(question) LIMIT :limit",
                {"first": first_day, "last": last_day, "limit": limit},
            ).fetchall()
        return [(text, count) for text, count in rows]


def _values(subject: Subject) -> tuple:
    return (
        subject.name, subject.key, json.dumps(list(subject.words), ensure_ascii=False), subject.domain,
        subject.answer, int(subject.desk), subject.service_minutes,
    )


def _load(conn: sqlite3.Connection, subject_id: int) -> Subject:
    row = conn.execute(f"SELECT {SUBJECT_COLUMNS} FROM subjects WHERE id = ?", (subject_id,)).fetchone()
    if row is None:
        raise BalieError("Dit onderwerp bestaat niet (meer).")
    return subject_from_row(row)
