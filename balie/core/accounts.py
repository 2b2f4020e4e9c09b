"""Colleagues who sign in to served screens: names, roles and passwords.

Passwords are kept only as a slow, salted scrypt hash (the standard
library's), so a copied database does not give them away cheaply. Which
screens a role may open lives here too: the rule, not the web server, decides.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import Enum

from balie.errors import BalieError

MIN_PASSWORD = 10
MAX_PASSWORD = 200  # scrypt reads all of it: a bound keeps a sign-in cheap
MAX_ACCOUNT_NAME = 40
_NAME = re.compile(r"^[^\W_][\w .'-]*$")

# scrypt with n=2**15, r=8 takes 32 MiB and tens of milliseconds per try.
_SCRYPT_N = 2**15
_SCRYPT_R = 8
_SCRYPT_P = 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024
_HASH_BYTES = 32


class Role(str, Enum):
    HOST = "host"
    COUNTER = "counter"
    LEAD = "lead"


ROLE_LABELS = {Role.HOST: "gastvrouw", Role.COUNTER: "balie", Role.LEAD: "teamleider"}

# The screens a role may open in the browser, in the order a menu offers them.
# The stand-up is the whole team's; only a lead gets the report and the start
# screen (which leads to every other screen).
ROLE_SCREENS: dict[Role, tuple[str, ...]] = {
    Role.HOST: ("desk", "dagstart"),
    Role.COUNTER: ("counter", "dagstart"),
    Role.LEAD: ("start", "desk", "counter", "dagstart", "report"),
}


def may_open(role: Role, screen: str) -> bool:
    return screen in ROLE_SCREENS[role]


def account_name(text: str | None) -> str:
    """A colleague's name as they type it to sign in; also the actor in the event log."""
    name = " ".join((text or "").split())
    if not name:
        raise BalieError("Geef een naam op, bijvoorbeeld kees of \"Kees de Vries\".")
    if len(name) > MAX_ACCOUNT_NAME:
        raise BalieError(f"Een naam is hoogstens {MAX_ACCOUNT_NAME} tekens.")
    if not _NAME.match(name):
        raise BalieError(
            f"{name!r} kan geen naam zijn: gebruik letters, cijfers, spaties, punt, apostrof of streepje."
        )
    return name


def name_key(name: str) -> str:
    """How names are compared: Kees, kees and KEES are one colleague."""
    return " ".join(name.split()).casefold()


def password_problem(password: str) -> str | None:
    """Why a new password is refused (Dutch), or None when it will do."""
    if len(password) < MIN_PASSWORD:
        return f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens."
    if len(password) > MAX_PASSWORD:
        return f"Een wachtwoord heeft hoogstens {MAX_PASSWORD} tekens."
    if not password.strip():
        return "Een wachtwoord van alleen spaties kan niet."
    return None


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=_HASH_BYTES
    )


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64); the parameters travel with the hash."""
    problem = password_problem(password)
    if problem:
        raise BalieError(problem)
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    encode = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


# Checked against when no account has the name, so a wrong name takes as long as a wrong password.
_NOBODY = (
    f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}$"
    f"{base64.b64encode(bytes(16)).decode()}${base64.b64encode(bytes(_HASH_BYTES)).decode()}"
)


def check_password(password: str, stored: str | None) -> bool:
    """Whether a password matches a stored hash; always as slow as a real check."""
    if len(password) > MAX_PASSWORD:
        return False
    try:
        scheme, n, r, p, salt, digest = (stored or _NOBODY).split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected) and stored is not None


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    name: str
    role: Role
    disabled: bool
    created_ms: int
    signed_in_ms: int | None = None


@dataclass(frozen=True, slots=True)
class WebSession:
    """A signed-in browser: who, until when, and the counter they work at (if chosen)."""

    digest: str
    account: Account
    expires_ms: int
    counter: str | None = None
