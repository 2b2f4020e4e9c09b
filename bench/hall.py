"""The served office: hall pages one server feeds, commit → page delay, memory per screen.

Run with the others: ``python -m bench`` (or ``python -m bench --only hall``).
A real ``balie serve`` runs on a demo office; this process opens N hall pages
(server-sent event streams, as a TV's browser does), commits calls on the same
SQLite file and notes, per page, when the call arrived. The terminal board's
delay for the same kind of commit (bench/propagation.py's measurement) is the
baseline. Memory per screen compares textual-serve as balie used it before
(a shell and a Python process per browser tab, any size asked) with balie
serve (one process, the size clamped).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from balie.core.visits import Outcome

from bench.common import (
    NOW,
    balie_command,
    balie_env,
    cpu_seconds,
    make_demo,
    median,
    percentile,
    ratio,
    rss_mb,
    table,
)

PASSWORD = "benchmark wachtwoord"
SIZES = {"80x24": (80, 24), "10000x3000 (asked by a hostile page)": (10000, 3000)}
OLD_SERVER = """
import sys
from textual_serve.server import Server
Server(sys.argv[1], host="127.0.0.1", port=int(sys.argv[2])).serve()
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_listening(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start") from None
            time.sleep(0.1)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _children(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc)."""
    below: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            below.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in below.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _serve(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [*balie_command(), "--db", str(db), "serve", "--port", str(port), "--max-sessions", "50"],
        env=balie_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    _wait_listening(port, proc)
    return proc


# -- hall pages ---------------------------------------------------------------------


async def _feed(port: int, db: Path, pages: int, events: int) -> dict:
    from balie.clock import FixedClock, parse_local
    from balie.config import default_config
    from balie.store import Store

    config = default_config()
    store = Store(db, FixedClock(parse_local(NOW)))
    url = f"http://127.0.0.1:{port}/bord/stroom"
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        streams = [await session.get(url, timeout=aiohttp.ClientTimeout(total=None)) for _ in range(pages)]

        async def first_event(stream) -> dict:
            while True:
                line = await stream.content.readline()
                if line.startswith(b"data: ") and len(line) > 8:  # not the keep-alive
                    return json.loads(line[6:])

        await asyncio.gather(*(first_event(stream) for stream in streams))

        async def arrival(stream, ticket: str) -> float:
            while True:
                event = await first_event(stream)
                if event["oproepen"] and event["oproepen"][0]["ticket"] == ticket:
                    return time.time()

        delays: list[float] = []
        for number in range(events):
            await asyncio.to_thread(store.desk.register, config.domain("sociaal"))
            await asyncio.sleep(0.05 + (number % 5) * 0.07)  # calls at uneven moments
            committed = time.time()
            counter = f"Balie {number % 9 + 11}"  # not one of the demo's busy counters
            visit = await asyncio.to_thread(store.queue.call_next, counter, ["sociaal"])
            waiting = [asyncio.create_task(arrival(stream, visit.ticket)) for stream in streams]
            arrived = await asyncio.wait_for(asyncio.gather(*waiting), 60)
            delays += [(at - committed) * 1000 for at in arrived]
            # A counter helps one visitor at a time: done before it is called on again.
            await asyncio.to_thread(store.counter.finish, visit.id, Outcome.HANDLED, counter)
        for stream in streams:
            stream.close()
    store.close()
    return {"pages": pages, "delays_ms": delays}


def _pages(db: Path, counts: tuple[int, ...], events: int) -> list[dict]:
    port = _free_port()
    server = _serve(db, port)
    try:
        rows = []
        for pages in counts:
            before = cpu_seconds(server.pid)
            started = time.perf_counter()
            result = asyncio.run(_feed(port, db, pages, events))
            result["server_cpu_share"] = (cpu_seconds(server.pid) - before) / (time.perf_counter() - started)
            result["server_rss_mb"] = rss_mb(server.pid)
            result["processes"] = len(_children(server.pid))
            rows.append(result)
        return rows
    finally:
        _stop(server)


# -- memory per screen --------------------------------------------------------------


async def _open_screen(url: str, origin: str, cookies: dict[str, str], server_pid: int) -> dict:
    async with aiohttp.ClientSession(cookies=cookies) as session:
        async with session.ws_connect(url, headers={"Origin": origin}) as socket_:
            received = 0
            deadline = time.monotonic() + 60
            while received < 2000 and time.monotonic() < deadline:
                message = await socket_.receive(timeout=60)
                if message.type != aiohttp.WSMsgType.BINARY:
                    break
                received += len(message.data)
            await asyncio.sleep(3.0)  # settle after the first frames
            pids = _children(server_pid)
            rss = 0.0
            for pid in pids:
                try:
                    rss += rss_mb(pid)
                except (OSError, RuntimeError):
                    pass
            return {"processes": len(pids), "rss_mb": rss}


async def _sign_in(port: int) -> dict[str, str]:
    origin = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        response = await session.post(
            f"{origin}/aanmelden", data={"naam": "bench", "wachtwoord": PASSWORD},
            headers={"Origin": origin}, allow_redirects=False,
        )
        assert response.status == 303, response.status
        return {cookie.key: cookie.value for cookie in session.cookie_jar}


def _memory(db: Path) -> dict:
    subprocess.run(
        [*balie_command(), "--db", str(db), "user", "add", "bench", "--role", "lead", "--password-stdin"],
        input=PASSWORD + "\n", text=True, env=balie_env(), check=True, capture_output=True,
    )
    result: dict[str, dict] = {"before": {}, "after": {}}
    for size, (width, height) in SIZES.items():
        port = _free_port()
        command = f"{sys.executable} -m balie --db {db} desk"  # how balie serve started a screen before
        old = subprocess.Popen(
            [sys.executable, "-c", OLD_SERVER, command, str(port)], env=balie_env(),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            _wait_listening(port, old)
            result["before"][size] = asyncio.run(_open_screen(
                f"ws://127.0.0.1:{port}/ws?width={width}&height={height}", "http://evil.example", {}, old.pid,
            ))
        finally:
            _stop(old)
        port = _free_port()
        new = _serve(db, port)
        try:
            cookies = asyncio.run(_sign_in(port))
            result["after"][size] = asyncio.run(_open_screen(
                f"ws://127.0.0.1:{port}/ws/desk?width={width}&height={height}",
                f"http://127.0.0.1:{port}", cookies, new.pid,
            ))
        finally:
            _stop(new)
    return result


def run(quick: bool = False) -> dict:
    from bench import propagation

    counts = (1, 20) if quick else (1, 50, 200)
    events = 5 if quick else 20
    with tempfile.TemporaryDirectory() as folder:
        db = make_demo(Path(folder) / "demo.sqlite", days=1 if quick else 10)
        pages = _pages(db, counts, events)
        memory = _memory(db)
        board_db = Path(folder) / "board.sqlite"
        shutil.copy(db, board_db)
        case = propagation.CASES[0]  # the terminal board, a call at a time
        board = propagation.measure(case, board_db, events, seed=0)[case.label]
    return {"pages": pages, "board_ms": board, "memory": memory, "events": events}


def section(result: dict) -> str:
    board = result["board_ms"]
    rows = [
        [
            row["pages"], f"{median(row['delays_ms']):.0f}", f"{percentile(row['delays_ms'], 0.95):.0f}",
            f"{max(row['delays_ms']):.0f}", ratio(median(row["delays_ms"]), median(board)),
            f"{row['server_cpu_share'] * 100:.0f} %", f"{row['server_rss_mb']:.0f}", row["processes"],
        ]
        for row in result["pages"]
    ]
    rows.append([
        "terminal board (baseline)", f"{median(board):.0f}", f"{percentile(board, 0.95):.0f}",
        f"{max(board):.0f}", "1.0x", "", "", "",
    ])
    memory = result["memory"]
    memory_rows = [
        [
            size, f"{memory['before'][size]['processes']}", f"{memory['before'][size]['rss_mb']:.0f}",
            f"{memory['after'][size]['processes']}", f"{memory['after'][size]['rss_mb']:.0f}",
        ]
        for size in SIZES
    ]
    return (
        "## Hall pages and served screens\n\n"
        "`balie serve` on a demo office; this process opens N hall pages (`/bord/stroom`, the "
        "server-sent events a TV's browser reads) and commits a call on the same SQLite file "
        f"{result['events']} times, 0.05–0.33 s apart; the server's change watcher (the terminal "
        "screens' own: asleep on inotify until SQLite writes the files) wakes the feed. Delay = when a page "
        "received the call minus just before the commit, over every page and call (the client "
        "reading all N streams shares the 2 cores with the server). Baseline: a terminal board in "
        "its own process, as in *Propagation*. Server CPU is its share of one core over the run; "
        "no page starts a process.\n\n"
        + table(["hall pages", "median ms", "95th ms", "max ms", "median vs board",
                 "server CPU", "server MB", "processes"], rows)
        + "\n\nMemory per served screen (the desk), the processes the server started for one "
        "browser tab and their resident memory once the screen settled: textual-serve as balie "
        "used it before (any size a page asks for, a shell plus balie) against `balie serve` "
        "(`exec`: balie alone; the size clamped to 320x120).\n\n"
        + table(["size asked", "before: processes", "before: MB", "after: processes", "after: MB"], memory_rows)
        + "\n"
    )


if __name__ == "__main__":
    from bench.__main__ import main

    raise SystemExit(main(["--only", "hall", *sys.argv[1:]]))
