"""Schema versions and forward migrations.

The file is marked with SQLite's ``application_id`` so balie can tell its own
databases from any other SQLite file; ``user_version`` is the schema version.
Times are UTC epoch milliseconds (``*_ms``); ``day`` is the Amsterdam local day.
"""

from __future__ import annotations

APPLICATION_ID = 0x62616C69  # "bali"

MIGRATIONS: list[list[str]] = [
    # 1: visits, their event log and questions answered at the desk
    [
        """CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE visits (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            prefix TEXT NOT NULL,
            seq INTEGER NOT NULL,
            ticket TEXT NOT NULL,
            domain TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('walk_in', 'appointment')),
            state TEXT NOT NULL
                CHECK (state IN ('waiting', 'called', 'finished', 'no_show', 'left')),
            urgent INTEGER NOT NULL DEFAULT 0,
            arrived_ms INTEGER NOT NULL,
            queue_ms INTEGER NOT NULL,
            appointment_ms INTEGER,
            called_ms INTEGER,
            finished_ms INTEGER,
            counter TEXT,
            outcome TEXT CHECK (outcome IN ('handled', 'referred', 'callback')),
            topic TEXT,
            name TEXT,
            question TEXT,
            transferred_from TEXT,
            UNIQUE (day, prefix, seq)
        )""",
        "CREATE INDEX visits_by_day ON visits (day, domain)",
        "CREATE INDEX visits_waiting ON visits (state, domain) WHERE state = 'waiting'",
        "CREATE INDEX visits_by_ticket ON visits (ticket, day)",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER REFERENCES visits (id),
            at_ms INTEGER NOT NULL,
            type TEXT NOT NULL,
            actor TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX events_by_visit ON events (visit_id)",
        """CREATE TABLE quick_answers (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            at_ms INTEGER NOT NULL,
            domain TEXT,
            topic TEXT,
            actor TEXT NOT NULL
        )""",
        "CREATE INDEX quick_answers_by_day ON quick_answers (day)",
    ],
    # 2 (reliability): the final state 'unserved' for whoever still waits when
    # the day ends, and indexes that keep the start-up upkeep (closing earlier
    # days, removing expired personal data) cheap. SQLite cannot change a CHECK
    # constraint, so visits is rebuilt with the same ids and data (foreign keys
    # are off during migrations and checked before the commit).
    [
        """CREATE TABLE visits_rebuilt (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            prefix TEXT NOT NULL,
            seq INTEGER NOT NULL,
            ticket TEXT NOT NULL,
            domain TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('walk_in', 'appointment')),
            state TEXT NOT NULL
                CHECK (state IN ('waiting', 'called', 'finished', 'no_show', 'left', 'unserved')),
            urgent INTEGER NOT NULL DEFAULT 0,
            arrived_ms INTEGER NOT NULL,
            queue_ms INTEGER NOT NULL,
            appointment_ms INTEGER,
            called_ms INTEGER,
            finished_ms INTEGER,
            counter TEXT,
            outcome TEXT CHECK (outcome IN ('handled', 'referred', 'callback')),
            topic TEXT,
            name TEXT,
            question TEXT,
            transferred_from TEXT,
            UNIQUE (day, prefix, seq)
        )""",
        """INSERT INTO visits_rebuilt (id, day, prefix, seq, ticket, domain, kind, state,
            urgent, arrived_ms, queue_ms, appointment_ms, called_ms, finished_ms, counter,
            outcome, topic, name, question, transferred_from)
        SELECT id, day, prefix, seq, ticket, domain, kind, state, urgent, arrived_ms,
            queue_ms, appointment_ms, called_ms, finished_ms, counter, outcome, topic, name,
            question, transferred_from FROM visits""",
        "DROP TABLE visits",
        "ALTER TABLE visits_rebuilt RENAME TO visits",
        "CREATE INDEX visits_by_day ON visits (day, domain)",
        "CREATE INDEX visits_waiting ON visits (state, domain) WHERE state = 'waiting'",
        "CREATE INDEX visits_by_ticket ON visits (ticket, day)",
        "CREATE INDEX visits_open ON visits (day) WHERE state IN ('waiting', 'called')",
        "CREATE INDEX visits_personal ON visits (day) WHERE name IS NOT NULL OR question IS NOT NULL",
        # 1 when an event's data holds text typed about a person (a transfer note).
        "ALTER TABLE events ADD COLUMN personal INTEGER NOT NULL DEFAULT 0",
        "UPDATE events SET personal = 1 WHERE json_type(data, '$.note') IS NOT NULL "
        "OR json_type(data, '$.reason') IS NOT NULL",
        "CREATE INDEX events_personal ON events (visit_id) WHERE personal = 1",
    ],
    # 3: the daily stand-up (dagstart): the team's template, each day's own copy of
    # the items, who works where, notes, and a log of every change
    [
        """CREATE TABLE standup_template (
            id INTEGER PRIMARY KEY,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            retired_ms INTEGER
        )""",
        """CREATE TABLE standups (
            day TEXT PRIMARY KEY,
            created_ms INTEGER NOT NULL,
            host TEXT,
            lead TEXT,
            notes TEXT
        )""",
        """CREATE TABLE standup_items (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL REFERENCES standups (day),
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            template_id INTEGER REFERENCES standup_template (id),
            ticked_ms INTEGER,
            ticked_by TEXT
        )""",
        "CREATE INDEX standup_items_by_day ON standup_items (day, position)",
        """CREATE TABLE standup_staffing (
            day TEXT NOT NULL REFERENCES standups (day),
            counter TEXT NOT NULL COLLATE NOCASE,
            person TEXT,
            domains TEXT NOT NULL,
            PRIMARY KEY (day, counter)
        )""",
        """CREATE TABLE standup_log (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            at_ms INTEGER NOT NULL,
            actor TEXT NOT NULL,
            type TEXT NOT NULL,
            item_id INTEGER,
            data TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX standup_log_by_day ON standup_log (day)",
    ],
    # 4: the report's per-day cache (store/reports.py). Every change to a visit
    # bumps its day's change count; a cached day is used only while its count
    # is the one it was computed at, so no change can leave a stale figure.
    [
        "CREATE TABLE day_changes (day TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
        "INSERT INTO day_changes (day, n) SELECT day, 1 FROM visits GROUP BY day",
        """CREATE TRIGGER visits_day_inserted AFTER INSERT ON visits BEGIN
            INSERT OR IGNORE INTO day_changes (day, n) VALUES (NEW.day, 0);
            UPDATE day_changes SET n = n + 1 WHERE day = NEW.day;
        END""",
        """CREATE TRIGGER visits_day_updated AFTER UPDATE OF
            day, domain, kind, state, arrived_ms, queue_ms, appointment_ms, called_ms,
            finished_ms, outcome, topic, transferred_from ON visits BEGIN
            INSERT OR IGNORE INTO day_changes (day, n) VALUES (NEW.day, 0);
            UPDATE day_changes SET n = n + 1 WHERE day IN (OLD.day, NEW.day);
        END""",
        """CREATE TRIGGER visits_day_deleted AFTER DELETE ON visits BEGIN
            UPDATE day_changes SET n = n + 1 WHERE day = OLD.day;
        END""",
        """CREATE TABLE report_days (
            day TEXT PRIMARY KEY,
            n INTEGER NOT NULL,
            data TEXT NOT NULL,
            waits BLOB NOT NULL
        )""",
    ],
    # 5: when a visitor went back into the queue after a call (transferred, sent
    # back, turned up after a no-show): the wait the screens show starts again
    # there, while the figures keep the wait until the first call.
    ["ALTER TABLE visits ADD COLUMN requeued_ms INTEGER"],
    # 6 (serve): colleagues who sign in to served screens, and their browser
    # sessions. Only a scrypt hash of a password and a SHA-256 digest of a
    # session token are kept; ``key`` is the case-folded name.
    [
        """CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('host', 'counter', 'lead')),
            password TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_ms INTEGER NOT NULL,
            changed_ms INTEGER NOT NULL,
            signed_in_ms INTEGER
        )""",
        """CREATE TABLE web_sessions (
            digest TEXT PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            created_ms INTEGER NOT NULL,
            expires_ms INTEGER NOT NULL,
            counter TEXT
        )""",
        "CREATE INDEX web_sessions_by_account ON web_sessions (account_id)",
    ],
    # 7: the stand-up's notes may name visitors and are purged after their own
    # retention: these indexes hold only what is still to be purged. Days end
    # only when certainly right from now on (meta 'ended_through', upkeep.py);
    # an earlier balie ended every day before today at each start, so every day
    # before the last one with visitors has ended already.
    [
        "CREATE INDEX standups_with_notes ON standups (day) WHERE notes IS NOT NULL",
        "CREATE INDEX standup_log_notes ON standup_log (day) WHERE type = 'notes' AND data <> '{}'",
        "INSERT OR IGNORE INTO meta (key, value) "
        "SELECT 'ended_through', date(max(day), '-1 day') FROM visits HAVING max(day) IS NOT NULL",
    ],
    # 8: the wait estimate reads the last hour's calls and finishes newest first
    # (store/waits.py); without these it read all of today's visits on every reload.
    [
        "CREATE INDEX visits_called ON visits (day, called_ms)",
        "CREATE INDEX visits_finished ON visits (day, finished_ms)",
    ],
    # 9: who is next, by an index: each domain's queue in the order of the queue
    # rule (core/queue.py), so calling the next visitor is one seek per domain of
    # the counter (store/queue.py); and who is at a counter, without reading the
    # day's finished visits.
    [
        "CREATE INDEX visits_queue ON visits (day, domain, urgent DESC, queue_ms, id) WHERE state = 'waiting'",
        "CREATE INDEX visits_at_counter ON visits (counter, day) WHERE state = 'called'",
    ],
    # 10: the board's reload without reading the day (store/board.py, store/waits.py):
    # the newest calls from the end of the log; per domain who has waited longest
    # (a wait starts at arrival, an early appointment's time, or going back into
    # the queue: core/visits.py); the last hour's calls from the index alone.
    [
        "CREATE INDEX events_calls ON events (id) WHERE type IN ('call', 'call_out_of_order', 'recall')",
        "CREATE INDEX visits_waiting_since ON visits "
        "(day, domain, coalesce(requeued_ms, max(arrived_ms, queue_ms))) WHERE state = 'waiting'",
        "DROP INDEX visits_called",
        "CREATE INDEX visits_called ON visits (day, called_ms, counter, domain, transferred_from, requeued_ms)",
    ],
    # 11 (kennisbank): subjects with a stable id (visits and quick answers point at
    # it, so renaming or retiring one never rewrites history); their search text in
    # an FTS5 trigram index (rowid = subject id; store/knowledge.py); per subject
    # figures from a covering index; a quick answer may keep the visitor's own
    # words (personal: purged like a visit's question).
    [
        """CREATE TABLE subjects (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE,
            words TEXT NOT NULL DEFAULT '[]',
            domain TEXT,
            answer TEXT NOT NULL DEFAULT '',
            desk INTEGER NOT NULL DEFAULT 0,
            service_minutes INTEGER,
            retired_ms INTEGER,
            created_ms INTEGER NOT NULL,
            changed_ms INTEGER NOT NULL
        )""",
        "CREATE VIRTUAL TABLE subjects_search USING fts5(terms, tokenize = 'trigram')",
        "ALTER TABLE visits ADD COLUMN subject_id INTEGER REFERENCES subjects (id)",
        "ALTER TABLE quick_answers ADD COLUMN subject_id INTEGER REFERENCES subjects (id)",
        "ALTER TABLE quick_answers ADD COLUMN question TEXT",
        "CREATE INDEX visits_by_subject ON visits (day, subject_id, state, outcome)",
        "CREATE INDEX quick_answers_by_subject ON quick_answers (day, subject_id)",
        "CREATE INDEX quick_answers_personal ON quick_answers (day) WHERE question IS NOT NULL",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
