"""The clock (local Amsterdam days, DST, BALIE_NOW) and the TOML configuration."""

from __future__ import annotations

import pendulum
import pytest

from balie.clock import (
    FixedClock,
    SystemClock,
    clock_from_env,
    from_ms,
    local_day,
    local_time_on,
    parse_local,
    to_ms,
)
from balie.config import (
    DEFAULT_DOMAINS,
    DEFAULT_HOURS,
    Domain,
    config_from_dict,
    default_config,
    default_config_path,
    load_config,
)
from balie.errors import BalieError


def utc(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz="UTC")


# -- parse_local and BALIE_NOW ---------------------------------------------------


def test_parse_local_is_amsterdam_time():
    winter = parse_local("2026-11-20T09:15")
    assert winter.timezone_name == "Europe/Amsterdam"
    assert to_ms(winter) == to_ms(utc(2026, 11, 20, 8, 15))
    summer = parse_local("2026-06-15T09:15")
    assert to_ms(summer) == to_ms(utc(2026, 6, 15, 7, 15))


def test_parse_local_accepts_a_space_and_surrounding_whitespace():
    assert to_ms(parse_local("  2026-11-20 09:15 ")) == to_ms(utc(2026, 11, 20, 8, 15))


def test_parse_local_a_date_alone_is_local_midnight():
    assert to_ms(parse_local("2026-11-20")) == to_ms(utc(2026, 11, 19, 23, 0))


@pytest.mark.parametrize("text", ["", "   ", "morgen", "2026-13-01T10:00", "2026-11-20T25:00", "20-11-2026 9u"])
def test_parse_local_refuses_nonsense_in_dutch(text):
    with pytest.raises(BalieError, match="Ongeldige tijd"):
        parse_local(text)


def test_clock_from_env_without_balie_now_is_the_real_clock():
    assert isinstance(clock_from_env({}), SystemClock)
    assert isinstance(clock_from_env({"BALIE_NOW": "   "}), SystemClock)
    now = clock_from_env({}).now()
    assert now.timezone_name == "UTC"


def test_clock_from_env_fixes_the_clock():
    clock = clock_from_env({"BALIE_NOW": "2026-11-20T09:15"})
    assert isinstance(clock, FixedClock)
    assert clock.now() == utc(2026, 11, 20, 8, 15)
    assert clock.now().timezone_name == "UTC"
    assert clock.now() == clock.now()  # it stands still


def test_clock_from_env_reads_the_process_environment(monkeypatch):
    monkeypatch.setenv("BALIE_NOW", "2026-03-29T12:00")
    assert clock_from_env().now() == utc(2026, 3, 29, 10, 0)


def test_clock_from_env_bad_value_is_a_dutch_error():
    with pytest.raises(BalieError, match="BALIE_NOW='gisteren' mist een datum"):
        clock_from_env({"BALIE_NOW": "gisteren"})
    with pytest.raises(BalieError, match="Ongeldige tijd '2026-13-40T09:15'"):
        clock_from_env({"BALIE_NOW": "2026-13-40T09:15"})


def test_clock_from_env_needs_a_date():
    with pytest.raises(BalieError, match="mist een datum"):
        clock_from_env({"BALIE_NOW": "09:15"})


def test_fixed_clock_set_and_advance():
    clock = FixedClock(parse_local("2026-11-20T10:00"))
    clock.advance(minutes=90)
    assert clock.now() == utc(2026, 11, 20, 10, 30)
    clock.set(parse_local("2026-11-21T00:30"))
    assert clock.now() == utc(2026, 11, 20, 23, 30)
    assert clock.now().timezone_name == "UTC"


def test_to_ms_and_from_ms_round_trip():
    moment = utc(2026, 11, 20, 23, 30, 15)
    assert to_ms(moment) == 1_795_217_415_000
    assert from_ms(to_ms(moment)) == moment
    assert from_ms(to_ms(moment)).timezone_name == "UTC"


# -- local days --------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment, day",
    [
        # winter: UTC+1
        (utc(2026, 11, 20, 22, 59, 59), "2026-11-20"),
        (utc(2026, 11, 20, 23, 0), "2026-11-21"),
        (utc(2026, 11, 20, 23, 30), "2026-11-21"),  # UTC date and local date differ
        # summer: UTC+2
        (utc(2026, 6, 30, 21, 59, 59), "2026-06-30"),
        (utc(2026, 6, 30, 22, 0), "2026-07-01"),
        # spring forward, Sunday 2026-03-29: starts at 23:00 UTC the day before, lasts 23 hours
        (utc(2026, 3, 28, 22, 59, 59), "2026-03-28"),
        (utc(2026, 3, 28, 23, 0), "2026-03-29"),
        (utc(2026, 3, 29, 0, 59), "2026-03-29"),  # 01:59 CET
        (utc(2026, 3, 29, 1, 0), "2026-03-29"),  # 03:00 CEST
        (utc(2026, 3, 29, 21, 59, 59), "2026-03-29"),
        (utc(2026, 3, 29, 22, 0), "2026-03-30"),
        # fall back, Sunday 2026-10-25: starts at 22:00 UTC the day before, lasts 25 hours
        (utc(2026, 10, 24, 21, 59, 59), "2026-10-24"),
        (utc(2026, 10, 24, 22, 0), "2026-10-25"),
        (utc(2026, 10, 25, 0, 30), "2026-10-25"),  # 02:30 CEST
        (utc(2026, 10, 25, 1, 30), "2026-10-25"),  # 02:30 CET, the second time round
        (utc(2026, 10, 25, 22, 59, 59), "2026-10-25"),
        (utc(2026, 10, 25, 23, 0), "2026-10-26"),
    ],
)
def test_local_day(moment, day):
    assert local_day(moment) == day


def test_dst_days_have_23_and_25_hours():
    def length(day: str, next_day: str) -> float:
        return (to_ms(local_time_on(next_day, "00:00")) - to_ms(local_time_on(day, "00:00"))) / 3_600_000

    assert length("2026-03-29", "2026-03-30") == 23
    assert length("2026-10-25", "2026-10-26") == 25
    assert length("2026-11-20", "2026-11-21") == 24


def test_local_time_on():
    assert to_ms(local_time_on("2026-11-20", "10:30")) == to_ms(utc(2026, 11, 20, 9, 30))
    assert to_ms(local_time_on("2026-06-15", "10:30")) == to_ms(utc(2026, 6, 15, 8, 30))
    # 02:30 does not exist on the spring day: it moves forward to 03:30 CEST
    assert to_ms(local_time_on("2026-03-29", "02:30")) == to_ms(utc(2026, 3, 29, 1, 30))
    # 02:30 happens twice on the autumn day: the second time (CET)
    assert to_ms(local_time_on("2026-10-25", "02:30")) == to_ms(utc(2026, 10, 25, 1, 30))
    assert local_day(local_time_on("2026-10-25", "23:59")) == "2026-10-25"
    assert local_day(local_time_on("2026-03-29", "00:00")) == "2026-03-29"


# -- configuration ---------------------------------------------------------------


def test_empty_config_is_the_default():
    config = config_from_dict({})
    assert config.domains == DEFAULT_DOMAINS
    assert [d.prefix for d in config.domains] == ["B", "V", "S"]
    assert config.opening_hours == DEFAULT_HOURS
    assert config.retention_days == 1
    assert config.service_level_share == 0.8
    assert config == default_config()


def test_full_valid_config():
    config = config_from_dict(
        {
            "retention_days": 30,
            "service_level_share": 0.9,
            "domains": [
                {"key": "Algemeen", "prefix": "a", "label": "Algemene vragen", "target_minutes": 5},
                {"key": "burgerzaken", "prefix": "B", "service_minutes": 8},
            ],
            "opening_hours": {"mon": "08:30-12:00", "sat": "", "thu": " 09:00-20:00 "},
        }
    )
    assert config.domains == (
        Domain("algemeen", "A", "Algemene vragen", target_minutes=5, service_minutes=6),
        Domain("burgerzaken", "B", "Burgerzaken", target_minutes=10, service_minutes=8),
    )
    assert config.opening_hours["mon"] == ("08:30", "12:00")
    assert config.opening_hours["thu"] == ("09:00", "20:00")
    assert config.opening_hours["sat"] is None
    assert config.opening_hours["tue"] == DEFAULT_HOURS["tue"]  # untouched days keep the default
    assert config.retention_days == 30
    assert config.service_level_share == 0.9


@pytest.mark.parametrize(
    "data, message",
    [
        ({"domains": "burgerzaken"}, "'domains' moet een lijst van [[domains]] zijn."),
        ({"domains": []}, "'domains' moet een lijst van [[domains]] zijn."),
        ({"domains": ["burgerzaken"]}, "elk [[domains]]-blok heeft key, prefix en label."),
        ({"domains": [{"prefix": "B"}]}, "domeinnaam '' is ongeldig (kleine letters, zonder spaties)."),
        ({"domains": [{"key": "burger zaken", "prefix": "B"}]}, "domeinnaam 'burger zaken' is ongeldig"),
        ({"domains": [{"key": "1abc", "prefix": "B"}]}, "domeinnaam '1abc' is ongeldig"),
        ({"domains": [{"key": "a" * 33, "prefix": "B"}]}, "is ongeldig"),
        ({"domains": [{"key": "burgerzaken"}]}, "prefix '' van burgerzaken moet één letter zijn."),
        ({"domains": [{"key": "burgerzaken", "prefix": "BZ"}]}, "prefix 'BZ' van burgerzaken moet één letter zijn."),
        ({"domains": [{"key": "burgerzaken", "prefix": "1"}]}, "moet één letter zijn"),
        ({"domains": [{"key": "b", "prefix": "B", "target_minutes": 0}]}, "target_minutes van b moet een positief geheel getal zijn."),
        ({"domains": [{"key": "b", "prefix": "B", "target_minutes": -5}]}, "target_minutes van b moet een positief"),
        ({"domains": [{"key": "b", "prefix": "B", "target_minutes": "10"}]}, "target_minutes van b moet een positief"),
        ({"domains": [{"key": "b", "prefix": "B", "target_minutes": 7.5}]}, "target_minutes van b moet een positief"),
        ({"domains": [{"key": "b", "prefix": "B", "target_minutes": True}]}, "target_minutes van b moet een positief"),
        ({"domains": [{"key": "b", "prefix": "B", "service_minutes": 0}]}, "service_minutes van b moet een positief"),
        (
            {"domains": [{"key": "b", "prefix": "B"}, {"key": "b", "prefix": "C"}]},
            "twee domeinen hebben dezelfde naam.",
        ),
        (
            {"domains": [{"key": "b", "prefix": "B"}, {"key": "c", "prefix": "b"}]},
            "twee domeinen hebben dezelfde prefix.",
        ),
        ({"opening_hours": "09:00-17:00"}, "[opening_hours] moet een tabel zijn."),
        ({"opening_hours": {"maandag": "09:00-17:00"}}, "onbekende dag 'maandag' in [opening_hours]"),
        ({"opening_hours": {"mon": "9-17"}}, "openingstijd '9-17' voor mon moet lijken op 09:00-17:00."),
        ({"opening_hours": {"mon": "09:00-24:00"}}, "openingstijd '09:00-24:00' voor mon"),
        ({"opening_hours": {"mon": "17:00-09:00"}}, "openingstijd '17:00-09:00' voor mon"),
        ({"opening_hours": {"mon": "09:00-09:00"}}, "openingstijd '09:00-09:00' voor mon"),
        ({"opening_hours": {"mon": 9}}, "openingstijd '9' voor mon"),
        ({"retention_days": 0}, "retention_days moet een positief geheel getal zijn."),
        ({"retention_days": "7"}, "retention_days moet een positief geheel getal zijn."),
        ({"service_level_share": 0}, "service_level_share moet tussen 0 en 1 liggen."),
        ({"service_level_share": 1.5}, "service_level_share moet tussen 0 en 1 liggen."),
        ({"service_level_share": "0.8"}, "service_level_share moet tussen 0 en 1 liggen."),
        ({"service_level_share": True}, "service_level_share moet tussen 0 en 1 liggen."),
    ],
)
def test_invalid_config_is_refused_in_dutch(data, message):
    with pytest.raises(BalieError) as caught:
        config_from_dict(data, source="balie.toml")
    text = str(caught.value)
    assert text.startswith("balie.toml: ")
    assert message in text


def test_config_domain_lookup_by_key_prefix_or_label():
    config = default_config()
    assert config.domain("burgerzaken").prefix == "B"
    assert config.domain(" Burgerzaken ").key == "burgerzaken"
    assert config.domain("b").key == "burgerzaken"
    assert config.domain("V").key == "vergunningen"
    assert config.domain("Sociaal").key == "sociaal"
    assert config.by_prefix("S").key == "sociaal"
    assert config.by_prefix("X") is None
    assert config.label("vergunningen") == "Vergunningen"
    assert config.label("oud-domein") == "oud-domein"


def test_config_unknown_domain_names_the_choices():
    with pytest.raises(BalieError) as caught:
        default_config().domain("paspoort")
    assert str(caught.value) == "Onbekend domein 'paspoort'. Kies uit: burgerzaken, vergunningen, sociaal."


# -- load_config -----------------------------------------------------------------


def test_load_config_without_any_file_is_the_default():
    assert not default_config_path().exists()
    assert load_config() == default_config()


def test_load_config_reads_the_users_config_file(tmp_path):
    path = default_config_path()
    assert str(path).startswith(str(tmp_path))  # the autouse fixture isolates XDG_CONFIG_HOME
    path.parent.mkdir(parents=True)
    path.write_text('[[domains]]\nkey = "algemeen"\nprefix = "A"\n', encoding="utf-8")
    assert [d.key for d in load_config().domains] == ["algemeen"]


def test_load_config_explicit_file(tmp_path):
    path = tmp_path / "kantoor.toml"
    path.write_text(
        'retention_days = 7\n\n[[domains]]\nkey = "algemeen"\nprefix = "A"\nlabel = "Algemeen"\n'
        'target_minutes = 5\n\n[opening_hours]\nfri = "09:00-17:00"\nsat = ""\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.retention_days == 7
    assert config.domains == (Domain("algemeen", "A", "Algemeen", 5, 6),)
    assert config.opening_hours["fri"] == ("09:00", "17:00")
    assert config.opening_hours["sat"] is None
    assert load_config(str(path)) == config


def test_load_config_missing_explicit_file(tmp_path):
    missing = tmp_path / "nergens.toml"
    with pytest.raises(BalieError, match="bestaat niet"):
        load_config(missing)


def test_load_config_invalid_toml(tmp_path):
    path = tmp_path / "kapot.toml"
    path.write_text("[[domains]\nkey = burgerzaken\n", encoding="utf-8")
    with pytest.raises(BalieError, match="is geen geldige TOML"):
        load_config(path)


def test_load_config_unreadable(tmp_path):
    binary = tmp_path / "binair.toml"
    binary.write_bytes(b"\xff\xfe\x00key")
    with pytest.raises(BalieError, match="niet te lezen"):
        load_config(binary)
    with pytest.raises(BalieError, match="niet te lezen"):
        load_config(tmp_path)  # a folder


def test_load_config_invalid_content_names_the_file(tmp_path):
    path = tmp_path / "balie.toml"
    path.write_text("retention_days = 0\n", encoding="utf-8")
    with pytest.raises(BalieError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "retention_days" in str(caught.value)
