"""balie kennis zoek|lijst|import|export, and the kennisbank's part of balie report --format."""

from __future__ import annotations

import json
from pathlib import Path

from balie.cli import EXIT_NOTHING, main
from balie.demo import STARTER_SET

NOW = "2026-11-20T10:00:00+01:00"


def run(capsys, monkeypatch, db, *argv):
    monkeypatch.setenv("BALIE_NOW", NOW)
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_dry_run_then_import_search_list_export(capsys, monkeypatch, tmp_path):
    db = tmp_path / "k.sqlite"
    code, out, err = run(capsys, monkeypatch, db, "kennis", "import", str(STARTER_SET), "--proef")
    assert code == 0 and "46 nieuw" in err and "niets veranderd" in err
    code, out, err = run(capsys, monkeypatch, db, "kennis", "lijst")
    assert out == "" and "0 onderwerpen" in err  # the dry run wrote nothing
    assert run(capsys, monkeypatch, db, "kennis", "import", str(STARTER_SET))[0] == 0
    code, out, _ = run(capsys, monkeypatch, db, "kennis", "zoek", "mijn paspoort is verlopen")
    assert code == 0 and out.startswith("1. Paspoort aanvragen (Burgerzaken)\n")
    code, out, _ = run(capsys, monkeypatch, db, "kennis", "zoek", "--json", "-n", "1", "kliko kapot")
    assert json.loads(out)[0]["name"] == "Afvalpas en grofvuil" and json.loads(out)[0]["domain"] is None
    assert run(capsys, monkeypatch, db, "kennis", "zoek", "xyzzy")[0] == EXIT_NOTHING
    exported = tmp_path / "kennis.txt"
    assert run(capsys, monkeypatch, db, "kennis", "export", str(exported))[0] == 0
    assert exported.read_text(encoding="utf-8") == STARTER_SET.read_text(encoding="utf-8")  # exactly back
    as_csv = tmp_path / "kennis.csv"
    assert run(capsys, monkeypatch, db, "kennis", "export", str(as_csv))[0] == 0
    assert as_csv.read_bytes().startswith(b"\xef\xbb\xbfonderwerp;woorden;")
    code, _, err = run(capsys, monkeypatch, db, "kennis", "import", str(as_csv))
    assert code == 0 and "0 nieuw, 0 gewijzigd, 46 ongewijzigd" in err


def test_a_wrong_file_is_a_dutch_message(capsys, monkeypatch, tmp_path):
    db = tmp_path / "k.sqlite"
    bad = tmp_path / "kennis.txt"
    bad.write_text("onderwerp: Paspoort\ndomein: kapsalon\n", encoding="utf-8")
    code, _, err = run(capsys, monkeypatch, db, "kennis", "import", str(bad))
    assert code == 1 and "Onbekend domein" in err and "Traceback" not in err
    code, _, err = run(capsys, monkeypatch, db, "kennis", "import", str(tmp_path / "nergens.csv"))
    assert code == 1 and "niet lezen" in err


def test_report_formats_carry_the_kennisbank(capsys, monkeypatch, tmp_path):
    from balie.clock import FixedClock, parse_local
    from balie.config import default_config
    from balie.core.knowledge import Subject
    from balie.store import Store

    db = tmp_path / "k.sqlite"
    store = Store(db, FixedClock(parse_local("2026-11-19T10:00")))
    woz = store.knowledge.add(Subject("Bezwaar WOZ", ("WOZ",), "vergunningen"), None, "kim")
    store.knowledge.quick_answer(woz.id)
    store.desk.register(default_config().domain("vergunningen"), subject_id=woz.id)
    store.knowledge.quick_answer(None, question="=kan ik hier pinnen")
    store.close()
    code, out, _ = run(capsys, monkeypatch, db, "report", "--format", "table")
    assert code == 0 and "Wat we nog niet zelf beantwoorden" in out
    assert "Bezwaar WOZ                                 2     1" in out
    code, out, _ = run(capsys, monkeypatch, db, "report", "--format", "json")
    knowledge = json.loads(out)["knowledge"]
    assert knowledge["subjects"][0]["asked"] == 2 and knowledge["target"] == 0.8
    assert knowledge["unmatched"] == [{"text": "=kan ik hier pinnen", "count": 1}]
    code, out, _ = run(capsys, monkeypatch, db, "report", "--format", "excel")
    assert "'=kan ik hier pinnen;1" in out  # the formula guard


def test_kennis_commands_and_core_import_no_textual(tmp_path):
    import subprocess
    import sys

    script = (
        "import sys\n"
        "import balie.core.knowledge, balie.core.knowledge_match, balie.core.knowledge_formats\n"
        "import balie.core.knowledge_figures, balie.knowledge_reporting, balie.store.knowledge\n"
        "from balie.cli import main\n"
        f"code = main(['kennis', 'zoek', '--db', {str(tmp_path / 'k.sqlite')!r}, 'paspoort'])\n"
        "print(code, sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).parents[1], env={"BALIE_NOW": NOW, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.stdout.strip().splitlines()[-1] == "3 []", done.stderr  # nothing found in an empty kennisbank
