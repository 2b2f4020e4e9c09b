"""The counter commands for integrations: next, finish, noshow, transfer, recall, export."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from balie.cli import EXIT_ERROR, EXIT_NOTHING, EXIT_USAGE, main
from balie.core.visits import State

NOW = "2026-11-20T10:00"


@pytest.fixture
def run(db_path, monkeypatch, capsys):
    monkeypatch.setenv("BALIE_NOW", NOW)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_next_finish_and_nobody_waiting(run, store):
    assert run("register", "--domain", "B")[0] == 0
    assert run("register", "--domain", "sociaal", "--name", "J. de Vries")[0] == 0
    assert run("next", "--counter", "Balie 3", "--domains", "sociaal") == (0, "S001\n", "")
    code, _, err = run("next", "--counter", "Balie 3", "--domains", "sociaal")
    assert code == EXIT_ERROR and "Balie 3 helpt nog S001" in err
    code, out, _ = run("finish", "s1", "--outcome", "callback", "--topic", "WMO")
    assert code == 0 and out == "S001 afgerond: terugbelafspraak\n"
    visit = store.visits.find_ticket("S001")
    assert (visit.state, visit.topic, visit.counter) == (State.FINISHED, "WMO", "Balie 3")
    assert store.visits.events(visit.id)[-1]["actor"] == "Balie 3"
    code, out, err = run("next", "--counter", "Balie 3", "--domains", "sociaal")
    assert (code, out) == (EXIT_NOTHING, "")
    assert err == "balie: er wacht niemand voor Sociaal.\n"


def test_recall_noshow_and_transfer(run, store, monkeypatch):
    run("register", "--domain", "B")
    run("next", "--counter", "Balie 1")
    # Right after the call the visitor cannot have failed to come yet.
    code, _, err = run("recall", "B001")
    assert (code, err) == (
        EXIT_ERROR, "balie: B001 is net opgeroepen; opnieuw oproepen kan over 10 seconden.\n"
    )
    monkeypatch.setenv("BALIE_NOW", "2026-11-20T10:01")
    assert run("recall", "B-001")[1] == "B001 opnieuw opgeroepen bij Balie 1\n"
    code, out, _ = run("transfer", "B001", "--domain", "V", "--note", "bouwtekening mee")
    assert (code, out) == (0, "B001 doorgestuurd naar Vergunningen\n")
    assert store.visits.find_ticket("B001").domain == "vergunningen"
    run("next", "--counter", "Balie 4", "--domains", "vergunningen")
    assert run("noshow", "B001")[0] == EXIT_ERROR  # called this very minute
    monkeypatch.setenv("BALIE_NOW", "2026-11-20T10:02")
    assert run("noshow", "B001") == (0, "B001 niet verschenen\n", "")
    # Now it is a no-show: recalling is refused in Dutch, with exit 1.
    code, _, err = run("recall", "B001")
    assert code == EXIT_ERROR and err == "balie: B001 is als niet verschenen gemeld; dat kan nu niet.\n"


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["finish", "X999", "--outcome", "handled"], EXIT_ERROR, "Ticket X999 bestaat vandaag niet."),
        (["finish", "hallo", "--outcome", "handled"], EXIT_ERROR, "is geen ticketnummer"),
        (["finish", "B1", "--outcome", "klaar"], EXIT_USAGE, "ongeldige keuze"),
        (["next", "--counter", "Balie 1", "--domains", "paspoort"], EXIT_ERROR, "Onbekend domein"),
        (["next", "--counter", "  "], EXIT_ERROR, "naam van de balie"),
        (["transfer", "B1"], EXIT_USAGE, "deze opties zijn verplicht: --domain"),
        (["export", "--from", "20-11-2026"], EXIT_USAGE, "geen datum"),
        (["export", "--from", "2026-11-21", "--to", "2026-11-20"], EXIT_ERROR, "ligt na --to"),
    ],
)
def test_bad_input_gets_dutch_message_and_exit_code(run, argv, code, message):
    try:
        result = run(*argv)
    except SystemExit as exit_:  # argparse exits itself for usage errors
        assert exit_.code == code
        return
    assert result[0] == code and message in result[2]
    assert "Traceback" not in result[2]


def test_usage_errors_are_dutch(run, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["finish", "B1", "--outcome", "klaar"])
    assert exit_.value.code == EXIT_USAGE
    assert "ongeldige keuze" in capsys.readouterr().err


def test_export_csv_without_personal_data(run, store, config, clock, tmp_path):
    store.desk.register(config.domain("burgerzaken"), name="J. de Vries", question="paspoort")
    clock.advance(minutes=4)
    visit = store.queue.call_next("Balie 1", ["burgerzaken"])
    code, out, _ = run("export")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out), delimiter=";"))
    assert len(table) == 1
    row = table[0]
    assert row["ticket"] == "B001" and row["state"] == "called" and row["counter"] == "Balie 1"
    assert row["arrived_at"] == "2026-11-20T10:00:00+01:00"
    assert row["wait_seconds"] == "240"
    assert "J. de Vries" not in out and "name" not in row

    target = tmp_path / "bezoeken.csv"
    code, _, err = run("export", "--from", "2026-11-01", "--to", "2026-11-20", "--personal",
                       "--sep", ",", "--output", str(target))
    assert code == 0 and "1 bezoeken" in err
    text = target.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].endswith("name,question")
    assert "J. de Vries,paspoort" in text
    assert visit.id


def test_real_process_next_exit_code_and_no_textual(db_path, store, config):
    """`python -m balie next` as an integration runs it: exit 3, Dutch stderr, no Textual."""
    env = {**os.environ, "BALIE_NOW": NOW, "PYTHONPATH": str(Path(__file__).parents[1])}
    command = [sys.executable, "-X", "importtime", "-m", "balie", "--db", str(db_path)]
    empty = subprocess.run(
        [*command, "next", "--counter", "Balie 1"], capture_output=True, text=True, env=env, timeout=30
    )
    assert empty.returncode == EXIT_NOTHING
    assert "balie: er wacht niemand voor Burgerzaken, Vergunningen, Sociaal." in empty.stderr
    assert "textual" not in empty.stderr  # importtime lists every module imported
    store.desk.register(config.domain("sociaal"))
    called = subprocess.run(
        [sys.executable, "-m", "balie", "--db", str(db_path), "next", "--counter", "Balie 5"],
        capture_output=True, text=True, env=env, timeout=30,
    )
    assert (called.returncode, called.stdout, called.stderr) == (0, "S001\n", "")
