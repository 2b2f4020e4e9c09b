"""Labels and typed text reach every terminal literally: tables, CSV, screens (issue 14)."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import replace

from rich.cells import cell_len
from textual.widgets import RadioButton, SelectionList

from balie import reporting
from balie.config import config_from_dict
from balie.core.periods import range_period
from tests.figures_data import HAND_VISITS, insert_visits

WIDE_LABEL = "住民票 Zaken 🏠"
WIDE_TOPIC = "住民票 🙂"


def _review(store, config):
    visits = [replace(v, topic=WIDE_TOPIC if v.topic == "paspoort" else v.topic) for v in HAND_VISITS]
    insert_visits(store, visits)
    day = datetime.date(2026, 11, 19)
    return reporting.load_review(store, config, range_period(day, day))


def _wide_config():
    return config_from_dict(
        {"domains": [
            {"key": "burgerzaken", "prefix": "B", "label": WIDE_LABEL},
            {"key": "vergunningen", "prefix": "V", "label": "=HYPERLINK(\"x\")"},
        ]}
    )


def test_the_text_table_pads_by_display_width(store):
    config = _wide_config()
    lines = reporting.table_lines(config, _review(store, config))
    head, sub = lines[3], lines[4]
    # Each domain's label ends right above its "verschil" column.
    assert cell_len(head[: head.index(WIDE_LABEL) + len(WIDE_LABEL)]) == cell_len(
        sub[: sub.index("verschil") + len("verschil")]
    )
    figures = [line for line in lines[5:] if line.startswith(("Bezoekers", "Niet verschenen", "Doorgestuurd"))]
    assert len({cell_len(line) for line in figures}) == 1
    topics = lines[lines.index("Meest gevraagde onderwerpen") + 1:]
    assert any(WIDE_TOPIC in line for line in topics)
    assert len({cell_len(line) for line in topics}) == 1  # the counts stand in one column


def test_a_label_too_wide_for_its_column_is_cut_by_display_width(store):
    config = config_from_dict({"domains": [{"key": "b", "prefix": "B", "label": "住民票" * 6}]})
    lines = reporting.table_lines(config, _review(store, config))
    head, sub = lines[3], lines[4]
    assert cell_len(head) <= cell_len(sub)


def test_labels_in_the_report_csv_header_get_the_formula_guard(store):
    config = _wide_config()
    out = io.StringIO()
    reporting.write_report_csv(out, config, _review(store, config), excel=True)
    header = next(row for row in csv.reader(io.StringIO(out.getvalue()), delimiter=";") if row and row[0] == "cijfer")
    assert "'=HYPERLINK(\"x\")" in header
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in header)


# -- labels on every screen and dialog ----------------------------------------------

MARKUP_LABEL = "Burgerzaken [BRP] [/] {x}"


def _markup_config():
    return config_from_dict(
        {"domains": [
            {"key": "burgerzaken", "prefix": "B", "label": MARKUP_LABEL},
            {"key": "sociaal", "prefix": "S", "label": "Sociaal [b]WMO[/b] {0}"},
        ]}
    )


def _shows(app, text: str) -> bool:
    """Whether ``text`` is drawn on the screen as it is (not eaten as markup)."""
    return text.replace(" ", "\xa0") in app.export_screenshot().replace("&#160;", "\xa0")


async def _no_error(app) -> None:
    assert app.is_running
    assert not [n for n in app._notifications if n.severity == "error"]


async def test_markup_in_labels_is_shown_literally_on_the_desk_and_its_dialogs(store, clock):
    from balie.app import BalieApp
    from tests.helpers import settle

    config = _markup_config()
    store.desk.register(config.domain("b"), name="An")
    app = BalieApp(store=store, config=config, clock=clock, mode="desk", poll=False)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await _no_error(app)
        assert _shows(app, "Burgerzaken [BRP] [/] {x}")
        await pilot.press("b")  # the registration dialog names the domain
        await settle(pilot)
        assert _shows(app, "Burgerzaken [BRP]")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")  # correct the domain: a list of labels
        await settle(pilot)
        assert _shows(app, "Sociaal [b]WMO[/b]")
        await pilot.press("s", "enter")
        await settle(pilot)
        await _no_error(app)
        assert store.queue.waiting()[0].domain == "sociaal"


async def test_markup_in_labels_is_shown_literally_at_the_counter(store, clock):
    from balie.app import BalieApp
    from tests.helpers import settle

    config = _markup_config()
    store.desk.register(config.domain("b"), name="An")
    store.desk.register(config.domain("s"), name="Bo")
    app = BalieApp(
        store=store, config=config, clock=clock, mode="counter", poll=False,
        counter_name="Balie 1", counter_domains=["burgerzaken", "sociaal"],
    )
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        assert _shows(app, "[BRP]")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("d")  # transfer: the other domains by label
        await settle(pilot)
        assert _shows(app, "Sociaal [b]WMO[/b]")
        await pilot.press("s", "enter")
        await settle(pilot)
        await pilot.press("enter")  # no note
        await settle(pilot)
        await _no_error(app)
        assert any("doorgestuurd naar Sociaal [b]WMO[/b] {0}" in n.message for n in app._notifications)
        await pilot.press("z")  # walk-up: a choice of domains
        await settle(pilot)
        assert [str(b.label) for b in app.screen.query(RadioButton)] == [MARKUP_LABEL, "Sociaal [b]WMO[/b] {0}"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("i")  # set the counter up: its domains by label
        await settle(pilot)
        prompts = [str(option.prompt) for option in app.screen.query_one(SelectionList)._options]
        assert prompts == [MARKUP_LABEL, "Sociaal [b]WMO[/b] {0}"]
        await pilot.press("escape")
        await settle(pilot)
        await _no_error(app)


async def test_markup_in_labels_is_shown_literally_on_board_dagstart_and_report(store, clock):
    from balie.app import BalieApp
    from tests.helpers import settle

    config = _markup_config()
    friday = clock.now()
    clock.set(friday.subtract(days=1))  # yesterday's figures: the dagstart's table
    store.desk.register(config.domain("b"), name="An")
    clock.set(friday)
    store.desk.register(config.domain("b"), name="Bo")
    for mode in ("board", "dagstart", "report"):
        app = BalieApp(store=store, config=config, clock=clock, mode=mode, poll=False, standup_actor="Petra")
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            await _no_error(app)
            assert _shows(app, "[BRP]"), mode


# -- the command line ------------------------------------------------------------------


def test_paths_and_messages_reach_the_terminal_without_control_characters(capsys, monkeypatch, db_path, tmp_path):
    from balie.cli import main

    monkeypatch.setenv("BALIE_NOW", "2026-11-20T10:00")
    out = tmp_path / "bezoeken\x1b]52;c;aGFjaw==\x07\x1b[2J.csv"
    assert main(["--db", str(db_path), "export", "--output", str(out)]) == 0
    assert main(["--db", str(db_path), "export", "--output", str(tmp_path / "nergens" / "x\x1b[2J.csv")]) == 1
    printed = capsys.readouterr()
    for stream in (printed.out, printed.err):
        assert "\x1b" not in stream and "\x07" not in stream
    assert "\\x1b]52" in printed.err and "geschreven naar" in printed.err


def test_a_ticket_of_ten_thousand_can_be_addressed(capsys, monkeypatch, db_path, store, config):
    from balie.cli import main

    with store.write() as (conn, now_ms, day):  # a very busy day, without 10000 registrations
        conn.execute(
            "INSERT INTO visits (day, prefix, seq, ticket, domain, kind, state, arrived_ms, queue_ms) "
            "VALUES (?, 'B', 9999, 'B9999', 'burgerzaken', 'walk_in', 'finished', ?, ?)",
            (day, now_ms, now_ms),
        )
    visit = store.desk.register(config.domain("b"))
    assert visit.ticket == "B10000"
    store.queue.call_next("Balie 1", ["burgerzaken"])
    monkeypatch.setenv("BALIE_NOW", "2026-11-20T10:05")
    assert main(["--db", str(db_path), "finish", "b10000", "--outcome", "handled"]) == 0
    assert capsys.readouterr().out == "B10000 afgerond: afgehandeld\n"
