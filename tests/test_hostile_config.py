"""A careless or hostile configuration is refused with a message that helps fix it (issue 14)."""

from __future__ import annotations

import pytest

from balie.config import config_from_dict, load_config
from balie.errors import BalieError


def refused(data: dict) -> str:
    with pytest.raises(BalieError) as caught:
        config_from_dict(data, source="balie.toml")
    return str(caught.value)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"retention_day": 3}, "onbekende sleutel 'retention_day'; bedoelt u 'retention_days'?"),
        ({"domain": [{"key": "a", "prefix": "A"}]}, "onbekende sleutel 'domain'; bedoelt u 'domains'?"),
        ({"opening_hour": {"mon": ""}}, "bedoelt u 'opening_hours'?"),
        (
            {"domains": [{"key": "a", "prefix": "A", "target_minute": 5}]},
            "onbekende sleutel 'target_minute' in [[domains]] (a); bedoelt u 'target_minutes'?",
        ),
        ({"domains": [{"key": "a", "prefx": "A"}]}, "bedoelt u 'prefix'?"),
        ({"opening_hours": {"mo": "09:00-17:00"}}, "onbekende dag 'mo' in [opening_hours]; bedoelt u 'mon'?"),
        ({"kleur": "blauw"}, "onbekende sleutel 'kleur'; bekend zijn: "),
    ],
)
def test_misspelt_keys_are_refused_with_the_nearest_valid_name(data, message):
    text = refused(data)
    assert text.startswith("balie.toml: ")
    assert message in text


def test_the_whole_file_is_checked_not_only_known_keys(tmp_path):
    path = tmp_path / "balie.toml"
    path.write_text('retention_days = 2\n\n[[domain]]\nkey = "algemeen"\nprefix = "A"\n', encoding="utf-8")
    with pytest.raises(BalieError, match="bedoelt u 'domains'"):
        load_config(path)


@pytest.mark.parametrize(
    "domains",
    [
        # --domain V must not be able to mean two domains.
        [{"key": "v", "prefix": "A"}, {"key": "vergunningen", "prefix": "V"}],
        [{"key": "algemeen", "prefix": "A", "label": "B"}, {"key": "burgerzaken", "prefix": "B"}],
        [{"key": "algemeen", "prefix": "A", "label": "Zaken"}, {"key": "zaken", "prefix": "Z"}],
        [{"key": "algemeen", "prefix": "A", "label": "Zaken"}, {"key": "b", "prefix": "B", "label": "zaken"}],
    ],
)
def test_a_name_that_could_mean_two_domains_is_refused(domains):
    assert "kan twee domeinen betekenen" in refused({"domains": domains})


def test_a_domain_may_use_its_own_letter_as_its_key():
    config = config_from_dict({"domains": [{"key": "a", "prefix": "A", "label": "A"}]})
    assert config.domain("a").key == "a"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"retention_days": 100_000_000}, "retention_days mag hoogstens 3650 zijn (dagen)."),
        ({"notes_retention_days": 10**12}, "notes_retention_days mag hoogstens 3650 zijn"),
        ({"notes_retention_days": 0}, "notes_retention_days moet een positief geheel getal zijn."),
        (
            {"domains": [{"key": "a", "prefix": "A", "service_minutes": 10**18}]},
            "service_minutes van a mag hoogstens 240 zijn (minuten).",
        ),
        (
            {"domains": [{"key": "a", "prefix": "A", "target_minutes": 10**6}]},
            "target_minutes van a mag hoogstens 480 zijn (minuten).",
        ),
        ({"domains": [{"key": "a", "prefix": "A", "label": "x" * 41}]}, "label van a is te lang (hoogstens 40 tekens)."),
        ({"domains": [{"key": "a", "prefix": "A", "label": "Zaken\x1b[2J"}]}, "label van a bevat stuurtekens"),
        ({"domains": [{"key": "a", "prefix": "A", "label": "Zaken\x1b]52;c;aGFjaw==\x07"}]}, "bevat stuurtekens"),
        ({"domains": [{"key": "a", "prefix": "A", "label": "Za\x00ken"}]}, "bevat stuurtekens"),
        ({"domains": [{"key": "a", "prefix": "A", "label": 12}]}, "label van a moet tekst zijn."),
    ],
)
def test_what_cannot_be_meant_is_refused(data, message):
    assert message in refused(data)


def test_notes_retention_is_its_own_key_with_a_default():
    assert config_from_dict({}).notes_retention_days == 7
    config = config_from_dict({"retention_days": 2, "notes_retention_days": 30})
    assert (config.retention_days, config.notes_retention_days) == (2, 30)


def test_labels_keep_markup_brackets_and_lose_surrounding_space():
    config = config_from_dict({"domains": [{"key": "b", "prefix": "B", "label": "  Burgerzaken [BRP] [/]  "}]})
    assert config.label("b") == "Burgerzaken [BRP] [/]"


def test_a_config_path_with_control_characters_is_shown_escaped(tmp_path):
    path = tmp_path / "bad\x1b[2Jname.toml"
    path.write_text("retention_days = 0\n", encoding="utf-8")
    with pytest.raises(BalieError) as caught:
        load_config(path)
    assert "\x1b" not in str(caught.value)
    assert "\\x1b" in str(caught.value)
