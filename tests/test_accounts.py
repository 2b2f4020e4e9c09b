"""Accounts: the rules (core), their storage and sessions (store), and ``balie user`` (CLI)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from balie.core.accounts import (
    Role,
    account_name,
    check_password,
    hash_password,
    may_open,
    password_problem,
)
from balie.errors import BalieError

TIMEOUT = 60


@pytest.fixture(autouse=True)
def _quick_hashes(monkeypatch):
    monkeypatch.setattr("balie.core.accounts._SCRYPT_N", 2**10)


# -- the rules -------------------------------------------------------------------


def test_passwords_are_kept_as_a_salted_scrypt_hash():
    stored = hash_password("correct paard batterij")
    assert stored.startswith("scrypt$") and "correct" not in stored
    assert stored != hash_password("correct paard batterij")  # a new salt each time
    assert check_password("correct paard batterij", stored)
    assert not check_password("correct paard batterij ", stored)
    assert not check_password("correct paard batterij", None)  # no account: as slow, never true
    assert not check_password("x", "md5$abc") and not check_password("x", "rommel")
    assert password_problem("kort") and password_problem(" " * 12) and password_problem("x" * 201)
    with pytest.raises(BalieError, match="minstens 10"):
        hash_password("kort")


def test_names_and_roles():
    assert account_name("  Kees   de Vries ") == "Kees de Vries"
    assert account_name("Özlem") == "Özlem" and account_name("j.o'neill") == "j.o'neill"
    for bad in ("", "   ", "<script>", "a" * 41, "-kees", "kees;drop"):
        with pytest.raises(BalieError):
            account_name(bad)
    assert may_open(Role.HOST, "desk") and not may_open(Role.HOST, "counter")
    assert may_open(Role.COUNTER, "counter") and not may_open(Role.COUNTER, "report")
    assert all(may_open(Role.LEAD, s) for s in ("start", "desk", "counter", "dagstart", "report"))
    assert not any(may_open(role, "board") for role in Role)  # the hall has its own page


# -- the store -------------------------------------------------------------------


def test_accounts_and_sessions_in_the_store(store, clock):
    kees = store.accounts.add("Kees", Role.HOST, hash_password("correct paard batterij"), "opdrachtregel")
    with pytest.raises(BalieError, match="al een account"):
        store.accounts.add("KEES", Role.LEAD, hash_password("correct paard batterij"), "opdrachtregel")
    account, stored = store.accounts.for_sign_in("kees")
    assert account == kees and check_password("correct paard batterij", stored)

    session = store.accounts.start_session(kees, "d1", 3_600_000, "127.0.0.1")
    assert store.accounts.session("d1") == session and store.accounts.session("d2") is None
    clock.advance(hours=1)
    assert store.accounts.session("d1") is None  # expired

    store.accounts.start_session(kees, "d3", 3_600_000)
    store.accounts.set_session_counter("d3", "Balie 2")
    assert store.accounts.session("d3").counter == "Balie 2"
    store.accounts.set_disabled("kees", True, "opdrachtregel")
    assert store.accounts.session("d3") is None and store.accounts.for_sign_in("kees") is None
    store.accounts.set_disabled("kees", False, "opdrachtregel")
    assert store.accounts.session("d3") is None  # disabling ended the session for good

    store.accounts.start_session(kees, "d4", 3_600_000)
    store.accounts.set_password("kees", hash_password("nieuw wachtwoord!"), "opdrachtregel")
    assert store.accounts.session("d4") is None
    store.accounts.remove("kees", "opdrachtregel")
    assert store.accounts.all() == []
    with pytest.raises(BalieError, match="geen account"):
        store.accounts.remove("kees", "opdrachtregel")
    logged = [row["type"] for row in store.db.query("SELECT type FROM events ORDER BY id")]
    assert logged == [
        "account_add", "sign_in", "sign_in", "account_disable", "account_enable", "sign_in",
        "account_password", "account_remove",
    ]


def test_a_signed_in_person_is_the_actor_of_every_event(store, config):
    store.person = "kees"
    visit = store.desk.register(config.domain("burgerzaken"))  # the desk's default actor is "gastvrouw"
    store.queue.call_next("Balie 3", ["burgerzaken"])
    store.desk.quick_answer(topic="openingstijden")
    assert {row["actor"] for row in store.db.query("SELECT actor FROM events")} == {"kees"}
    assert store.visits.get(visit.id).counter == "Balie 3"  # the counter stays the counter


def test_what_balie_does_by_itself_is_not_put_on_the_signed_in_person(store, config):
    store.person = "kees"
    store.desk.register(config.domain("burgerzaken"))
    store.day_end.close()  # e.g. the day end a served screen does after midnight
    actors = {row["type"]: row["actor"] for row in store.db.query("SELECT type, actor FROM events")}
    assert actors["registered"] == "kees"
    assert actors["close_day"] == actors["day_end"] == "balie"


# -- balie user --------------------------------------------------------------------


def _user(db_path, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "balie", "--db", str(db_path), "user", *args],
        input=password, capture_output=True, text=True, timeout=TIMEOUT,
    )


def test_balie_user_commands(db_path):
    made = _user(db_path, "add", "Kees", "--role", "host", "--password-stdin", password="correct paard batterij\n")
    assert made.returncode == 0 and "Kees (gastvrouw) gemaakt" in made.stdout
    again = _user(db_path, "add", "kees", "--role", "lead", "--password-stdin", password="correct paard batterij\n")
    assert again.returncode == 1 and "al een account" in again.stderr
    short = _user(db_path, "add", "fatima", "--role", "counter", "--password-stdin", password="kort\n")
    assert short.returncode == 1 and "minstens 10" in short.stderr
    no_terminal = _user(db_path, "add", "fatima", "--role", "counter", password="")
    assert no_terminal.returncode == 1 and "--password-stdin" in no_terminal.stderr
    wrong_role = _user(db_path, "add", "fatima", "--role", "baas")
    assert wrong_role.returncode == 2

    assert _user(db_path, "passwd", "kees", "--password-stdin", password="nog een wachtwoord\n").returncode == 0
    assert "geblokkeerd" in _user(db_path, "disable", "kees").stdout
    listed = _user(db_path, "list").stdout
    assert "Kees" in listed and "gastvrouw" in listed and "geblokkeerd" in listed and "nooit" in listed
    assert "weer actief" in _user(db_path, "enable", "KEES").stdout
    assert "verwijderd" in _user(db_path, "remove", "kees").stdout
    gone = _user(db_path, "remove", "kees")
    assert gone.returncode == 1 and "geen account" in gone.stderr
    for done in (again, short, no_terminal, gone):
        assert "Traceback" not in done.stderr
    help_text = subprocess.run(
        [sys.executable, "-m", "balie", "desk", "--help"], capture_output=True, text=True, timeout=TIMEOUT
    ).stdout
    assert "--person" not in help_text  # passed by balie serve, not typed by people
