"""SQL for colleagues' accounts and their browser sessions.

Accounts are managed on the command line (``balie user ...``) and read by
``balie serve``. A session is known only by the SHA-256 digest of its token,
so the database never holds what a browser could sign in with. Every change
to an account, and every sign-in and sign-out, is in the event log.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from balie.core.accounts import Account, Role, WebSession, name_key
from balie.errors import BalieError
from balie.store.database import Database
from balie.store.standup import stored_domains

_ACCOUNT_COLUMNS = "id, name, role, disabled, created_ms, signed_in_ms"


def _account(row: Sequence[Any]) -> Account:
    return Account(
        id=row[0], name=row[1], role=Role(row[2]), disabled=bool(row[3]),
        created_ms=row[4], signed_in_ms=row[5],
    )


def _unknown(name: str) -> BalieError:
    return BalieError(f"Er is geen account {name!r}; zie balie user list.")


class Accounts:
    """Who may sign in to a served screen, and the browsers signed in."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # -- reading -------------------------------------------------------------

    def all(self) -> list[Account]:
        with self.database.errors():
            rows = self.database.conn.execute(
                f"SELECT {_ACCOUNT_COLUMNS} FROM accounts ORDER BY key"
            ).fetchall()
        return [_account(row) for row in rows]

    def any(self) -> bool:
        with self.database.errors():
            return self.database.conn.execute("SELECT EXISTS (SELECT 1 FROM accounts)").fetchone()[0] == 1

    def for_sign_in(self, name: str) -> tuple[Account, str] | None:
        """(account, password hash) of an enabled account with this name, else None."""
        with self.database.errors():
            row = self.database.conn.execute(
                f"SELECT {_ACCOUNT_COLUMNS}, password FROM accounts WHERE key = ? AND NOT disabled",
                (name_key(name),),
            ).fetchone()
        return (_account(row[:6]), row[6]) if row else None

    def session(self, digest: str) -> WebSession | None:
        """The session with this token digest while it lasts and its account is enabled."""
        now_ms, _ = self.database.now()
        with self.database.errors():
            row = self.database.conn.execute(
                f"SELECT s.digest, s.expires_ms, s.counter, "
                f"{', '.join('a.' + c.strip() for c in _ACCOUNT_COLUMNS.split(','))} "
                "FROM web_sessions s JOIN accounts a ON a.id = s.account_id "
                "WHERE s.digest = ? AND s.expires_ms > ? AND NOT a.disabled",
                (digest, now_ms),
            ).fetchone()
        if row is None:
            return None
        return WebSession(digest=row[0], expires_ms=row[1], counter=row[2], account=_account(row[3:]))

    def staffed_counter(self, person: str) -> tuple[str, list[str]] | None:
        """(counter, domains) today's stand-up gave this colleague, if any."""
        _, day = self.database.now()
        with self.database.errors():
            rows = self.database.conn.execute(
                "SELECT counter, person, domains FROM standup_staffing WHERE day = ? ORDER BY counter",
                (day,),
            ).fetchall()
        wanted = name_key(person)
        for counter, staffed, domains in rows:
            if staffed and name_key(staffed) == wanted:
                return counter, stored_domains(domains)
        return None

    # -- accounts ------------------------------------------------------------

    def add(self, name: str, role: Role, password_hash: str, actor: str) -> Account:
        with self.database.write() as (conn, now_ms, _):
            try:
                cursor = conn.execute(
                    "INSERT INTO accounts (name, key, role, password, created_ms, changed_ms) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (name, name_key(name), role.value, password_hash, now_ms, now_ms),
                )
            except sqlite3.IntegrityError:
                raise BalieError(f"Er is al een account {name!r}.") from None
            self.database.event(conn, None, now_ms, "account_add", actor, account=name, role=role.value)
            return _account(
                conn.execute(f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE id = ?", (cursor.lastrowid,)).fetchone()
            )

    def _change(
        self, name: str, actor: str, event: str, assignments: str, params: Sequence[Any],
        end_sessions: bool,
    ) -> Account:
        """One change to an account, logged; ending its sessions when it must sign in again."""
        with self.database.write() as (conn, now_ms, _):
            row = conn.execute(
                f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE key = ?", (name_key(name),)
            ).fetchone()
            if row is None:
                raise _unknown(name)
            account = _account(row)
            conn.execute(
                f"UPDATE accounts SET {assignments}, changed_ms = ? WHERE id = ?",
                (*params, now_ms, account.id),
            )
            if end_sessions:
                conn.execute("DELETE FROM web_sessions WHERE account_id = ?", (account.id,))
            self.database.event(conn, None, now_ms, event, actor, account=account.name)
            return _account(
                conn.execute(f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE id = ?", (account.id,)).fetchone()
            )

    def set_password(self, name: str, password_hash: str, actor: str) -> Account:
        """A new password; every browser signed in with the old one must sign in again."""
        return self._change(name, actor, "account_password", "password = ?", (password_hash,), True)

    def set_disabled(self, name: str, disabled: bool, actor: str) -> Account:
        return self._change(
            name, actor, "account_disable" if disabled else "account_enable",
            "disabled = ?", (int(disabled),), disabled,
        )

    def remove(self, name: str, actor: str) -> Account:
        account = self._change(name, actor, "account_remove", "disabled = 1", (), True)
        with self.database.write() as (conn, _, _):
            conn.execute("DELETE FROM accounts WHERE id = ?", (account.id,))
        return account

    # -- sessions -------------------------------------------------------------

    def start_session(
        self, account: Account, digest: str, lifetime_ms: int, address: str | None = None
    ) -> WebSession:
        """A signed-in browser; expired sessions of anyone are cleared on the way."""
        with self.database.write() as (conn, now_ms, _):
            conn.execute("DELETE FROM web_sessions WHERE expires_ms <= ?", (now_ms,))
            expires_ms = now_ms + lifetime_ms
            conn.execute(
                "INSERT INTO web_sessions (digest, account_id, created_ms, expires_ms) VALUES (?, ?, ?, ?)",
                (digest, account.id, now_ms, expires_ms),
            )
            conn.execute("UPDATE accounts SET signed_in_ms = ? WHERE id = ?", (now_ms, account.id))
            self.database.event(conn, None, now_ms, "sign_in", account.name, address=address)
        return WebSession(digest=digest, account=replace(account, signed_in_ms=now_ms), expires_ms=expires_ms)

    def set_session_counter(self, digest: str, counter: str | None) -> None:
        with self.database.write() as (conn, _, _):
            conn.execute("UPDATE web_sessions SET counter = ? WHERE digest = ?", (counter, digest))

    def end_session(self, digest: str) -> None:
        with self.database.write() as (conn, now_ms, _):
            row = conn.execute(
                "SELECT a.name FROM web_sessions s JOIN accounts a ON a.id = s.account_id "
                "WHERE s.digest = ?",
                (digest,),
            ).fetchone()
            if row is None:
                return
            conn.execute("DELETE FROM web_sessions WHERE digest = ?", (digest,))
            self.database.event(conn, None, now_ms, "sign_out", row[0])
