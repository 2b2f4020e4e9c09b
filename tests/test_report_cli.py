"""balie report on the command line: table, csv, json and the Dutch-Excel file."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from balie.cli import EXIT_ERROR, EXIT_USAGE, main
from tests.figures_data import DAY, insert_visits

NOW = "2026-11-20T10:00"  # a Friday: the default period is Thursday 19 November


@pytest.fixture
def run(db_path, store, monkeypatch, capsys):
    monkeypatch.setenv("BALIE_NOW", NOW)
    insert_visits(store)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["report", "--db", str(db_path), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _row(rows: list[list[str]], label: str) -> list[str]:
    return next(row for row in rows if row and row[0] == label)


def test_table_defaults_to_the_last_opening_day(run):
    code, out, err = run("--format", "table")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"Rapport donderdag 19 november 2026 ({DAY} t/m {DAY})"
    assert lines[1].startswith("Vergeleken met donderdag 12 november 2026")
    visitors = next(line for line in lines if line.startswith("Bezoekers")).split()
    # burgerzaken 5 (+5), vergunningen 3 (+3), sociaal 0 (0), total 8, before 0, +8
    assert visitors[1:] == ["5", "+5", "3", "+3", "0", "0", "8", "0", "+8"]
    median = next(line for line in lines if line.startswith("Wacht mediaan")).split()
    assert median[3:] == ["4,0", "14,0", "8,5"]  # no figures a week earlier: no change shown
    assert any(line.startswith("10:00  ") and line.split()[-2] == "9,8" for line in lines)
    assert "  paspoort" in out


def test_json_has_both_periods_in_milliseconds(run):
    code, out, _ = run("--format", "json", "--from", DAY, "--to", DAY)
    data = json.loads(out)
    assert code == 0
    assert data["period"]["first_day"] == DAY and data["period"]["label"] == "donderdag 19 november 2026"
    assert data["comparison"]["first_day"] == "2026-11-12"
    assert data["period"]["total"]["visitors"] == 8
    assert data["period"]["total"]["median_wait_ms"] == 8.5 * 60_000
    burgerzaken = data["period"]["domains"]["burgerzaken"]
    assert burgerzaken["label"] == "Burgerzaken" and burgerzaken["front_share"] == 0.5
    assert data["period"]["top_topics"][0] == {"topic": "paspoort", "count": 3}


def test_plain_csv_uses_commas_and_decimal_points(run):
    code, out, _ = run("--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and not out.startswith("\ufeff")
    header = _row(rows, "cijfer")
    mean = dict(zip(header, _row(rows, "Wacht gemiddeld (min)")))
    assert mean["Burgerzaken"] == "6.0" and mean["Totaal"] == "9.8"
    assert mean["Burgerzaken vorige"] == "" and mean["Burgerzaken verschil"] == ""


def test_excel_file_reads_back_with_the_dutch_dialect(run, tmp_path, store):
    with store.write() as (conn, _, _):  # typed text that a spreadsheet would run as a formula
        conn.execute("UPDATE visits SET topic = '=HYPERLINK(\"x\")' WHERE ticket = 'V001'")
    target = tmp_path / "rapport.csv"
    code, out, err = run("--from", "2026-11-19", "--format", "excel", "--output", str(target))
    assert code == 0 and out == ""
    assert err == f"Rapport 19 t/m 20 november 2026 geschreven naar {target}\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == ["periode", "2026-11-19", "2026-11-20", "19 t/m 20 november 2026"]
    header = _row(rows, "cijfer")
    level = dict(zip(header, _row(rows, "Servicelevel (%)")))
    assert level["Burgerzaken"] == "66,7" and level["Totaal"] == "66,7"
    mean = dict(zip(header, _row(rows, "Wacht gemiddeld (min)")))
    assert mean["Vergunningen"] == "13,7"
    assert _row(rows, "10:00") == ["10:00", "6", "9,8"]
    assert ["'=HYPERLINK(\"x\")", "1"] in rows


def test_output_without_format_writes_the_excel_file(run, tmp_path):
    target = tmp_path / "r.csv"
    assert run("--output", str(target))[0] == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf") and b";" in target.read_bytes()


def test_excel_on_stdout_starts_with_the_bom(run):
    code, out, _ = run("--format", "excel")
    assert code == 0 and out.startswith("\ufeffperiode;")


def test_bad_dates_are_refused_in_dutch(run, capsys):
    with pytest.raises(SystemExit) as caught:
        run("--from", "19-11-2026x", "--format", "table")
    assert caught.value.code == EXIT_USAGE
    assert "is geen datum" in capsys.readouterr().err
    code, _, err = run("--from", "2026-11-20", "--to", "2026-11-19", "--format", "table")
    assert code == EXIT_ERROR and err == "balie: --from (2026-11-20) ligt na --to (2026-11-19).\n"


def test_unwritable_output_is_a_dutch_error(run, tmp_path):
    code, _, err = run("--format", "excel", "--output", str(tmp_path / "geen-map" / "r.csv"))
    assert code == EXIT_ERROR and err.startswith("balie: Kan ") and "Traceback" not in err


def test_report_formats_do_not_import_textual(tmp_path, db_path):
    script = (
        "import sys\n"
        "from balie.cli import main\n"
        f"code = main(['report', '--db', {str(db_path)!r}, '--format', 'json'])\n"
        "print(code, any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALIE_")}
    env.update(BALIE_NOW=NOW, XDG_DATA_HOME=str(tmp_path / "d"), XDG_CONFIG_HOME=str(tmp_path / "c"))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 False"


def test_without_format_the_screen_opens_on_the_period_asked_for(run, monkeypatch):
    import balie.app

    started = {}

    class FakeApp:
        return_code = 0

        def __init__(self, **options):
            started.update(options)

        def run(self):
            pass

    monkeypatch.setattr(balie.app, "BalieApp", FakeApp)
    assert run("--from", "2026-11-16", "--to", "2026-11-22")[0] == 0
    assert started["mode"] == "report"
    assert started["report_period"].label() == "week 47 2026 (16 t/m 22 november 2026)"


def test_from_and_to_understand_period_words(run):
    code, out, _ = run("--from", "gisteren", "--format", "table")
    assert code == 0 and out.splitlines()[0] == f"Rapport donderdag 19 november 2026 ({DAY} t/m {DAY})"
    code, out, _ = run("--from", "deze week", "--format", "table")
    assert code == 0 and "(2026-11-16 t/m 2026-11-22)" in out.splitlines()[0]
    code, out, _ = run("--from", "vorige maand", "--to", "vandaag", "--format", "table")
    assert code == 0 and "(2026-10-01 t/m 2026-11-20)" in out.splitlines()[0]
