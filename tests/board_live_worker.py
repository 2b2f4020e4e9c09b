"""A real waiting board in its own process, headless, reporting what it shows.

Run as ``python board_live_worker.py DB``. Prints ``SHOWN <epoch seconds> <ticket>
<counter>`` (or ``SHOWN <t> -`` when nobody was called) each time the newest call
on the board changes, after the board put it on its widgets. A line ``quit`` on
stdin (or stdin closing) makes the app exit normally.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import balie.screens.board
from balie.app import BalieApp
from balie.clock import clock_from_env
from balie.config import default_config
from balie.screens.board import BoardScreen
from balie.store import Store


class WatchedBoard(BoardScreen):
    CSS_PATH = str(Path(balie.screens.board.__file__).with_name("board.tcss"))  # else relative to this file
    shown: str | None = None

    def show(self, view) -> None:
        super().show(view)
        newest = view.calls[0] if view.calls else None
        text = f"{newest.ticket} {newest.counter}" if newest else "-"
        if text != self.shown:
            self.shown = text
            print(f"SHOWN {time.time():.6f} {text}", flush=True)


class WatchedApp(BalieApp):
    MODES = {**BalieApp.MODES, "board": WatchedBoard}

    def on_mount(self) -> None:
        super().on_mount()
        threading.Thread(target=self._read_stdin, daemon=True).start()

    def _read_stdin(self) -> None:
        for line in sys.stdin:
            if line.strip() == "quit":
                break
        self.call_from_thread(self.exit, 0)


def main() -> int:
    clock = clock_from_env()
    app = WatchedApp(Store(sys.argv[1], clock), default_config(), clock, mode="board", poll=True)
    app.run(headless=True, size=(100, 30))
    print("EXIT", flush=True)
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
