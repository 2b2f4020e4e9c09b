"""Office configuration from one optional TOML file.

Example ``balie.toml``::

    retention_days = 1
    notes_retention_days = 7

    [[domains]]
    key = "burgerzaken"
    prefix = "B"
    label = "Burgerzaken"
    target_minutes = 10

    [opening_hours]
    mon = "09:00-17:00"
    sat = ""          # closed
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from balie.errors import BalieError

APP_NAME = "balie"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_PREFIX = re.compile(r"^[A-Z]$")
MAX_LABEL = 40
# What a key may hold at most: larger numbers cannot be meant (and overflow dates).
MAX_RETENTION_DAYS = 3650
MAX_TARGET_MINUTES = 480  # a working day
MAX_SERVICE_MINUTES = 240
TOP_KEYS = (
    "retention_days", "notes_retention_days", "service_level_share", "domains", "opening_hours",
    "front_share_target",
)
DOMAIN_KEYS = ("key", "prefix", "label", "target_minutes", "service_minutes")


@dataclass(frozen=True)
class Domain:
    key: str
    prefix: str
    label: str
    target_minutes: int = 10
    # What a counter typically spends on one visitor; seeds the wait estimate
    # before the day has shown its own pace.
    service_minutes: int = 6


@dataclass(frozen=True)
class Config:
    domains: tuple[Domain, ...]
    opening_hours: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    retention_days: int = 1
    service_level_share: float = 0.8
    # The stand-up's notes (bijzonderheden) and their log entries; they may name visitors.
    notes_retention_days: int = 7
    # The share of answered questions the front answers itself (kennisbank figures).
    front_share_target: float = 0.8

    def domain(self, key: str) -> Domain:
        wanted = key.strip().lower()
        for domain in self.domains:
            if wanted in (domain.key, domain.prefix.lower(), domain.label.lower()):
                return domain
        known = ", ".join(d.key for d in self.domains)
        raise BalieError(f"Onbekend domein {key!r}. Kies uit: {known}.")

    def by_prefix(self, prefix: str) -> Domain | None:
        return next((d for d in self.domains if d.prefix == prefix), None)

    def label(self, key: str) -> str:
        """The label of a domain key, also for a key no longer configured."""
        return next((d.label for d in self.domains if d.key == key), key)


DEFAULT_DOMAINS = (
    Domain("burgerzaken", "B", "Burgerzaken", target_minutes=10, service_minutes=6),
    Domain("vergunningen", "V", "Vergunningen", target_minutes=15, service_minutes=10),
    Domain("sociaal", "S", "Sociaal", target_minutes=15, service_minutes=12),
)
DEFAULT_HOURS: dict[str, tuple[str, str] | None] = {
    "mon": ("09:00", "17:00"),
    "tue": ("09:00", "17:00"),
    "wed": ("09:00", "17:00"),
    "thu": ("09:00", "20:00"),
    "fri": ("09:00", "13:00"),
    "sat": None,
    "sun": None,
}


def default_config() -> Config:
    return Config(domains=DEFAULT_DOMAINS, opening_hours=dict(DEFAULT_HOURS))


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "balie.toml"


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read the config; without a path, the user's config file if it exists."""
    explicit = path is not None
    target = Path(path) if explicit else default_config_path()
    try:
        exists = target.exists()
    except OSError as error:  # e.g. a config folder this user may not look into
        raise BalieError(f"Configuratiebestand {str(target)!r} is niet te lezen.") from error
    if not exists:
        if explicit:
            raise BalieError(f"Configuratiebestand {str(target)!r} bestaat niet.")
        return default_config()
    try:
        data = tomllib.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise BalieError(f"Configuratiebestand {str(target)!r} is niet te lezen.") from error
    except tomllib.TOMLDecodeError as error:
        raise BalieError(f"Configuratiebestand {str(target)!r} is geen geldige TOML: {error}.") from error
    shown = str(target)
    return config_from_dict(data, source=shown if shown.isprintable() else repr(shown))


def config_from_dict(data: dict, source: str = "configuratie") -> Config:
    def fail(message: str) -> BalieError:
        return BalieError(f"{source}: {message}")

    _check_keys(data, TOP_KEYS, "sleutel", "", fail)
    domains = DEFAULT_DOMAINS
    if "domains" in data:
        raw = data["domains"]
        if not isinstance(raw, list) or not raw:
            raise fail("'domains' moet een lijst van [[domains]] zijn.")
        parsed = []
        for entry in raw:
            if not isinstance(entry, dict):
                raise fail("elk [[domains]]-blok heeft key, prefix en label.")
            key = str(entry.get("key", "")).strip().lower()
            _check_keys(entry, DOMAIN_KEYS, "sleutel", f" in [[domains]] ({key or '?'})", fail)
            prefix = str(entry.get("prefix", "")).strip().upper()
            if not _KEY.match(key):
                raise fail(f"domeinnaam {key!r} is ongeldig (kleine letters, zonder spaties).")
            if not _PREFIX.match(prefix):
                raise fail(f"prefix {prefix!r} van {key} moet één letter zijn.")
            label = _label(entry.get("label", key.capitalize()), key, fail)
            target = _positive_int(
                entry.get("target_minutes", 10), f"target_minutes van {key}", fail, MAX_TARGET_MINUTES, "minuten"
            )
            service = _positive_int(
                entry.get("service_minutes", 6), f"service_minutes van {key}", fail, MAX_SERVICE_MINUTES, "minuten"
            )
            parsed.append(Domain(key, prefix, label or key, target, service))
        if len({d.key for d in parsed}) != len(parsed):
            raise fail("twee domeinen hebben dezelfde naam.")
        if len({d.prefix for d in parsed}) != len(parsed):
            raise fail("twee domeinen hebben dezelfde prefix.")
        _check_unambiguous(parsed, fail)
        domains = tuple(parsed)

    hours = dict(DEFAULT_HOURS)
    raw_hours = data.get("opening_hours", {})
    if not isinstance(raw_hours, dict):
        raise fail("[opening_hours] moet een tabel zijn.")
    for day, value in raw_hours.items():
        if day not in WEEKDAYS:
            raise fail(_unknown(day, WEEKDAYS, "dag", " in [opening_hours]"))
        text = str(value).strip()
        if not text:
            hours[day] = None
            continue
        match = _HOURS.match(text)
        if not match or text[:5] >= text[6:]:
            raise fail(f"openingstijd {text!r} voor {day} moet lijken op 09:00-17:00.")
        hours[day] = (text[:5], text[6:])

    retention = _positive_int(data.get("retention_days", 1), "retention_days", fail, MAX_RETENTION_DAYS, "dagen")
    notes = _positive_int(
        data.get("notes_retention_days", 7), "notes_retention_days", fail, MAX_RETENTION_DAYS, "dagen"
    )
    share = _share(data.get("service_level_share", 0.8), "service_level_share", fail)
    front = _share(data.get("front_share_target", 0.8), "front_share_target", fail)
    return Config(
        domains=domains, opening_hours=hours, retention_days=retention,
        service_level_share=float(share), notes_retention_days=notes, front_share_target=front,
    )


def _share(value: object, name: str, fail) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise fail(f"{name} moet tussen 0 en 1 liggen.")
    return float(value)


def _positive_int(value: object, name: str, fail, most: int, unit: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise fail(f"{name} moet een positief geheel getal zijn.")
    if value > most:
        raise fail(f"{name} mag hoogstens {most} zijn ({unit}).")
    return value


def _unknown(name: object, known: tuple[str, ...], kind: str, where: str) -> str:
    """A misspelt name, with the nearest valid one (or all of them)."""
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
    hint = f"bedoelt u {close[0]!r}?" if close else f"bekend zijn: {', '.join(known)}."
    return f"onbekende {kind} {str(name)!r}{where}; {hint}"


def _check_keys(table: dict, known: tuple[str, ...], kind: str, where: str, fail) -> None:
    """A key balie does not know is a typo, never silently ignored."""
    for name in table:
        if name not in known:
            raise fail(_unknown(name, known, kind, where))


def _label(value: object, key: str, fail) -> str:
    """A label as it will be shown: printable text, short enough for a card."""
    if not isinstance(value, str):
        raise fail(f"label van {key} moet tekst zijn.")
    if not all(ch.isprintable() or ch == " " for ch in value):
        raise fail(f"label van {key} bevat stuurtekens (bijvoorbeeld een escape of tab); haal ze weg.")
    label = " ".join(value.split())
    if len(label) > MAX_LABEL:
        raise fail(f"label van {key} is te lang (hoogstens {MAX_LABEL} tekens).")
    return label


def _check_unambiguous(domains: list[Domain], fail) -> None:
    """Every name a domain can be called by (key, letter, label) means one domain only."""
    owner: dict[str, str] = {}
    for domain in domains:
        for name in {domain.key, domain.prefix.lower(), domain.label.lower()}:
            other = owner.setdefault(name, domain.key)
            if other != domain.key:
                raise fail(
                    f"{name!r} kan twee domeinen betekenen ({other} en {domain.key}); "
                    "kies een andere naam, prefix of label."
                )
