"""The scriptable command line: register, demo, Dutch errors, exit codes, no Textual."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from balie.cli import EXIT_ERROR, EXIT_USAGE, default_db_path, main
from balie.clock import FixedClock, local_time_on, parse_local, to_ms
from balie.core.visits import Kind, State
from balie.store import Store

FRIDAY = "2026-11-20T10:00"


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch):
    monkeypatch.setenv("BALIE_NOW", FRIDAY)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    assert caught.value.code == EXIT_USAGE
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return err


def open_store(path, now: str = FRIDAY) -> Store:
    return Store(path, FixedClock(parse_local(now)))


def assert_no_traceback(err: str) -> None:
    assert "Traceback" not in err
    assert "Error:" not in err  # no Python exception names either


# -- register --------------------------------------------------------------------


def _said(db_path, ticket: str) -> str:
    """What the store estimates for this waiting visitor, as the visitor hears it."""
    from balie.config import default_config
    from balie.core.wording import wait_phrase

    store = open_store(db_path)
    try:
        ahead, wait = store.waits.outlook(store.visits.find_ticket(ticket), default_config())
        return f"{ahead} voor u  wachttijd: {wait_phrase(wait)}"
    finally:
        store.close()


def test_register_prints_the_ticket(capsys, db_path):
    code, out, err = run(capsys, "register", "--db", str(db_path), "--domain", "burgerzaken")
    assert code == 0
    assert err == ""
    assert out.split()[0] == "B001"
    # no counter at work yet: a range, never the promise of no wait
    assert out == f"B001  Burgerzaken  {_said(db_path, 'B001')}\n"
    assert "0 voor u  wachttijd: binnen" in out
    code, out, _ = run(capsys, "register", "--db", str(db_path), "--domain", "burgerzaken")
    assert code == 0
    assert out == f"B002  Burgerzaken  {_said(db_path, 'B002')}\n"
    assert "1 voor u  wachttijd: ongeveer" in out
    store = open_store(db_path)
    assert [v.ticket for v in store.queue.waiting()] == ["B001", "B002"]
    assert store.visits.events(store.visits.find_ticket("B001").id)[0]["actor"] == "opdrachtregel"
    store.close()


def test_register_promises_no_wait_only_with_a_free_counter(capsys, db_path):
    from balie.config import default_config
    from balie.core.visits import Outcome

    store = open_store(db_path)
    helped = store.desk.register(default_config().domain("burgerzaken"))
    store.queue.call_next("Balie 1", ["burgerzaken"])
    store.counter.finish(helped.id, Outcome.HANDLED, "Balie 1")  # Balie 1 is free now
    store.close()
    code, out, _ = run(capsys, "register", "--db", str(db_path), "--domain", "burgerzaken")
    assert code == 0
    assert out == "B002  Burgerzaken  0 voor u  wachttijd: geen wachttijd\n"
    code, out, _ = run(capsys, "register", "--db", str(db_path), "--domain", "burgerzaken")
    assert out == f"B003  Burgerzaken  {_said(db_path, 'B003')}\n"
    assert "geen wachttijd" not in out  # one ahead now


def test_register_with_all_options(capsys, db_path):
    code, out, _ = run(
        capsys, "register", "--db", str(db_path), "--domain", "S",
        "--name", "[b]mw. Jansen[/b]", "--question", "hulp bij\x1b[2J huishouden", "--urgent",
        "--appointment", "9:45",
    )
    assert code == 0
    assert out.split()[0] == "S001"
    store = open_store(db_path)
    visit = store.visits.find_ticket("S001")
    store.close()
    assert visit.domain == "sociaal"
    assert visit.name == "[b]mw. Jansen[/b]"
    assert visit.question == "hulp bij huishouden"
    assert visit.urgent is True
    assert visit.kind == Kind.APPOINTMENT
    assert visit.appointment_ms == to_ms(local_time_on("2026-11-20", "09:45"))
    assert visit.state == State.WAITING


def test_options_may_come_before_the_command(capsys, db_path):
    code, out, _ = run(capsys, "--db", str(db_path), "register", "--domain", "vergunningen")
    assert code == 0 and out.startswith("V001 ")


def test_unknown_domain_is_a_dutch_error(capsys, db_path):
    code, out, err = run(capsys, "register", "--db", str(db_path), "--domain", "paspoort")
    assert code == EXIT_ERROR == 1
    assert out == ""
    assert err == "balie: Onbekend domein 'paspoort'. Kies uit: burgerzaken, vergunningen, sociaal.\n"
    assert_no_traceback(err)


@pytest.mark.parametrize("value", ["25:00", "10:60", "half elf", "1030", ""])
def test_bad_appointment_is_a_usage_error(capsys, db_path, value):
    err = usage_error(capsys, "register", "--db", str(db_path), "--domain", "b", "--appointment", value)
    assert "is geen tijd; gebruik UU:MM" in err
    assert "gebruik: " in err
    assert not db_path.exists()  # nothing opened, nothing written


def test_missing_domain_is_a_usage_error_in_dutch(capsys, db_path):
    err = usage_error(capsys, "register", "--db", str(db_path))
    assert "deze opties zijn verplicht: --domain" in err


def test_unknown_command_is_a_usage_error_in_dutch(capsys):
    err = usage_error(capsys, "registreer")
    assert "ongeldige keuze" in err


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["register", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: ")
    assert "toon deze hulp en stop" in out


def test_db_pointing_at_a_text_file(capsys, tmp_path):
    notes = tmp_path / "notities.txt"
    notes.write_text("dit is geen database\n", encoding="utf-8")
    code, out, err = run(capsys, "register", "--db", str(notes), "--domain", "b")
    assert code == 1
    assert out == ""
    assert "is geen balie-database" in err
    assert err.startswith("balie: ")
    assert_no_traceback(err)
    assert notes.read_text(encoding="utf-8") == "dit is geen database\n"


def test_screen_command_on_a_bad_database_fails_before_any_screen(capsys, tmp_path):
    notes = tmp_path / "notities.txt"
    notes.write_text("dit is geen database\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(notes))
    assert code == 1
    assert "is geen balie-database" in err
    code, _, err = run(capsys, "desk", "--db", str(notes))
    assert code == 1


def test_db_folder_that_cannot_be_made(capsys, tmp_path):
    blocker = tmp_path / "bestand"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "register", "--db", str(blocker / "balie.sqlite"), "--domain", "b")
    assert code == 1
    assert "kan niet worden aangemaakt" in err
    assert_no_traceback(err)


def test_balie_db_env_is_honoured_and_db_option_wins(capsys, tmp_path, monkeypatch):
    from_env = tmp_path / "env.sqlite"
    monkeypatch.setenv("BALIE_DB", str(from_env))
    code, out, _ = run(capsys, "register", "--domain", "b")
    assert code == 0 and out.startswith("B001 ")
    assert from_env.exists()
    code, out, _ = run(capsys, "register", "--domain", "b")
    assert out.startswith("B002 ")
    explicit = tmp_path / "optie.sqlite"
    code, out, _ = run(capsys, "register", "--db", str(explicit), "--domain", "b")
    assert out.startswith("B001 ")
    assert explicit.exists()


def test_default_database_is_in_the_users_data_folder(capsys, tmp_path):
    code, out, _ = run(capsys, "register", "--domain", "b")
    assert code == 0 and out.startswith("B001 ")
    path = default_db_path()
    assert str(path).startswith(str(tmp_path / "data"))  # isolated by the autouse fixture
    assert path.exists()


def test_balie_now_is_honoured(capsys, db_path, monkeypatch):
    assert run(capsys, "register", "--db", str(db_path), "--domain", "b")[1].startswith("B001 ")
    # 23:30 UTC on Friday is already Saturday in Amsterdam: numbering starts again
    monkeypatch.setenv("BALIE_NOW", "2026-11-21T00:30")
    assert run(capsys, "register", "--db", str(db_path), "--domain", "b")[1].startswith("B001 ")
    store = open_store(db_path, "2026-11-21T00:30")
    saturday = store.visits.find_ticket("B001")
    friday = store.visits.find_ticket("B001", "2026-11-20")
    store.close()
    assert saturday.day == "2026-11-21"
    assert saturday.arrived_ms == to_ms(parse_local("2026-11-21T00:30"))
    assert friday.arrived_ms == to_ms(parse_local(FRIDAY))


def test_appointment_is_on_the_local_day_of_balie_now(capsys, db_path, monkeypatch):
    monkeypatch.setenv("BALIE_NOW", "2026-03-29T09:00")  # the spring DST Sunday
    assert run(capsys, "register", "--db", str(db_path), "--domain", "b", "--appointment", "10:30")[0] == 0
    store = open_store(db_path, "2026-03-29T09:00")
    visit = store.visits.find_ticket("B001")
    store.close()
    assert visit.appointment_ms == to_ms(parse_local("2026-03-29T10:30"))


def test_bad_balie_now_is_a_dutch_error(capsys, db_path, monkeypatch):
    monkeypatch.setenv("BALIE_NOW", "straks")
    code, out, err = run(capsys, "register", "--db", str(db_path), "--domain", "b")
    assert code == 1 and out == ""
    assert "BALIE_NOW='straks' mist een datum" in err
    assert_no_traceback(err)


def test_config_file_from_option_and_env(capsys, db_path, tmp_path, monkeypatch):
    toml = tmp_path / "kantoor.toml"
    toml.write_text('[[domains]]\nkey = "algemeen"\nprefix = "A"\nlabel = "Algemeen"\n', encoding="utf-8")
    code, out, _ = run(capsys, "register", "--db", str(db_path), "--config", str(toml), "--domain", "algemeen")
    assert code == 0 and out.startswith("A001  Algemeen ")
    monkeypatch.setenv("BALIE_CONFIG", str(toml))
    code, out, _ = run(capsys, "register", "--db", str(db_path), "--domain", "a")
    assert code == 0 and out.startswith("A002 ")
    code, _, err = run(capsys, "register", "--db", str(db_path), "--domain", "burgerzaken")
    assert code == 1 and "Onbekend domein" in err


def test_missing_or_broken_config_file(capsys, db_path, tmp_path):
    code, _, err = run(capsys, "register", "--db", str(db_path), "--config", str(tmp_path / "weg.toml"), "--domain", "b")
    assert code == 1 and "bestaat niet" in err
    broken = tmp_path / "kapot.toml"
    broken.write_text("domains = [\n", encoding="utf-8")
    code, _, err = run(capsys, "register", "--db", str(db_path), "--config", str(broken), "--domain", "b")
    assert code == 1 and "geen geldige TOML" in err
    assert_no_traceback(err)


# -- demo ------------------------------------------------------------------------


def test_demo_command(capsys, db_path):
    code, out, err = run(capsys, "demo", "--db", str(db_path), "--days", "0")
    assert code == 0
    assert out == ""
    assert err.startswith("Demo klaar: ")
    store = open_store(db_path)
    made = len(store.visits.on("2026-11-20"))
    assert store.queue.waiting()
    store.close()
    assert f"Demo klaar: {made} bezoeken" in err


def test_demo_refuses_a_real_database(capsys, db_path):
    assert run(capsys, "register", "--db", str(db_path), "--domain", "b")[0] == 0
    code, _, err = run(capsys, "demo", "--db", str(db_path), "--days", "0")
    assert code == 1
    assert "echte bezoeken" in err
    assert_no_traceback(err)


def test_demo_days_out_of_range(capsys, db_path):
    code, _, err = run(capsys, "demo", "--db", str(db_path), "--days", "-1")
    assert code == 1 and "--days moet tussen 0 en 400 liggen" in err
    err = usage_error(capsys, "demo", "--db", str(db_path), "--days", "tien")
    assert "ongeldige waarde 'tien'" in err


# -- real processes: the console entry point, and no Textual where none is needed


def _python(code: str, env_extra: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALIE_")}
    env.update(env_extra)
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return subprocess.run(
        [sys.executable, *code.split("\0")], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path
    )


def test_python_m_balie_register(tmp_path, db_path):
    result = _python(
        "\0".join(["-m", "balie", "register", "--db", str(db_path), "--domain", "vergunningen", "--name", "Kees"]),
        {"BALIE_NOW": FRIDAY},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"V001  Vergunningen  {_said(db_path, 'V001')}\n"
    assert result.stderr == ""
    bad = _python("\0".join(["-m", "balie", "register", "--db", str(db_path), "--domain", "x"]), {}, tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.startswith("balie: Onbekend domein 'x'")
    assert "Traceback" not in bad.stderr


def test_register_does_not_import_textual(tmp_path, db_path):
    script = (
        "import sys\n"
        "from balie.cli import main\n"
        f"code = main(['register', '--db', {str(db_path)!r}, '--domain', 'burgerzaken'])\n"
        "print(code, any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n"
    )
    result = _python("\0".join(["-c", script]), {"BALIE_NOW": FRIDAY}, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("B001 ")
    assert lines[-1] == "0 False"


def test_core_store_and_cli_import_without_textual(tmp_path):
    script = (
        "import sys\n"
        "import balie.core.visits, balie.core.queue, balie.core.tickets, balie.core.estimate\n"
        "import balie.core.stats, balie.core.wording, balie.core.standup, balie.store.standup\n"
        "import balie.store, balie.store.database, balie.store.schema\n"
        "import balie.clock, balie.config, balie.errors, balie.demo, balie.cli\n"
        "import balie.core.estimators, balie.core.office_now, balie.core.erlang, balie.core.staffing\n"
        "import balie.store.waits, balie.store.simulation, balie.sim.office, balie.sim.play\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'rich'))))\n"
    )
    result = _python("\0".join(["-c", script]), {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
