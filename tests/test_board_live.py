"""Two real processes: calls made here appear on a board run by another process."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

from tests.conftest import FRIDAY

WORKER = Path(__file__).with_name("board_live_worker.py")
TIMEOUT = 20  # generous: only bounds a hang, nothing is asserted about speed


class BoardProcess:
    def __init__(self, db_path: Path) -> None:
        env = {**os.environ, "BALIE_NOW": FRIDAY, "PYTHONPATH": str(WORKER.parent.parent)}
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(db_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("<EOF>")

    def wait_for(self, text: str) -> str:
        """The first SHOWN line whose content is ``text``; fails after TIMEOUT seconds."""
        while True:
            try:
                line = self.lines.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError(f"board never showed {text!r}") from None
            if line == "<EOF>":
                raise AssertionError(f"board process ended: {self.proc.stderr.read()}")
            parts = line.split(" ", 2)
            if parts[0] == "SHOWN" and parts[2] == text:
                return line

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=TIMEOUT)


def test_calls_from_this_process_appear_on_board_in_another(store, config, db_path):
    store.today()  # the file exists (and is migrated) before the board opens it
    board = BoardProcess(db_path)
    try:
        board.wait_for("-")  # started, nobody called yet
        store.desk.register(config.domain("sociaal"), name="Geheime Naam", question="geheime vraag")
        first = store.queue.call_next("Balie 7", ["sociaal"])
        board.wait_for(f"{first.ticket} Balie 7")
        store.desk.register(config.domain("burgerzaken"))
        second = store.queue.call_next("Balie 2", ["burgerzaken"])
        board.wait_for(f"{second.ticket} Balie 2")
    finally:
        board.stop()


def test_board_process_exits_cleanly(store, db_path):
    store.today()
    board = BoardProcess(db_path)
    try:
        board.wait_for("-")
        out, err = board.proc.communicate("quit\n", timeout=TIMEOUT)
        assert board.proc.returncode == 0, err
        assert "Traceback" not in err
    finally:
        board.stop()
