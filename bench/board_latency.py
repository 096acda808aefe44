"""Board latency: a call committed by another process -> the board shows its number.

SQLite (the board polls every board.poll_ms) and PostgreSQL (LISTEN/NOTIFY, trigger on call_event).
Targets: p95 <= 1 s on SQLite, <= 300 ms on PostgreSQL. The PostgreSQL server comes from
ANTRIAN_BENCH_PG_URL or ANTRIAN_TEST_PG_URL (an admin URL; a scratch database is created and dropped).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/board_latency.py [--calls 40]

The caller runs in its own process and stamps time.time() right after its transaction commits; the board
stamps time.time() when its window has taken the new number (the widgets are updated in that slot).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shared.config import load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.services import counter_ops  # noqa: E402
from shared.services.tickets import issue_walk_in  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TARGET_MS = {"sqlite (poll)": 1000, "postgresql (notify)": 300}


def caller(url: str, conn) -> None:
    """The other process: on each "go", call the next number and report (number, commit time)."""
    config = load_config(REPO / "demo" / "config.toml", environ={})
    db = Database(url)
    while conn.recv() == "go":
        result = db.run(counter_ops.call_next, config, "Loket 1", datetime.now(config.office.tz))
        conn.send((result.ticket.number, time.time()))
    db.dispose()


def prepare(url: str, calls: int) -> None:
    config = load_config(REPO / "demo" / "config.toml", environ={})
    db = Database(url)
    db.upgrade()
    db.run(counter_ops.ensure_counters, config)
    now = datetime.now(config.office.tz)
    for _ in range(calls):
        db.run(issue_walk_in, config, "priority", now)
    db.dispose()


def measure(url: str, calls: int) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from kiosk.board.window import BoardWindow
    from shared.qt.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    config = load_config(REPO / "demo" / "config.toml", environ={})
    reader = Database(url, reader=True)
    runner = TaskRunner(reader)
    window = BoardWindow(config, runner, reader, voice=None)
    shown: dict[str, float] = {}
    window.feed.board_updated.connect(lambda view: view.newest and shown.setdefault(view.newest.number, time.time()))
    window.resize(1280, 720)
    window.show()
    window.start()
    spin(app, lambda: window.feed.state.loaded and (reader.is_sqlite or window.feed.listening), 10)
    spin(app, lambda: False, 1.0)  # let the trigger check and the first poll settle
    parent, child = mp.get_context("spawn").Pipe()
    proc = mp.get_context("spawn").Process(target=caller, args=(url, child))
    proc.start()
    latencies = []
    try:
        for _ in range(calls):
            spin(app, lambda: False, random.uniform(0.05, 0.4))  # calls land at random points of the poll cycle
            parent.send("go")
            number, committed = parent.recv()
            spin(app, lambda n=number: n in shown, 10)
            latencies.append((shown[number] - committed) * 1000)
    finally:
        parent.send("stop")
        proc.join(10)
        window.shutdown()
        window.close()
        window.deleteLater()
        runner.shutdown()
        reader.dispose()
        spin(app, lambda: False, 0.2)  # deliver the deferred delete before the next run
    return latencies


def spin(app, done, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)


def report(name: str, latencies: list[float]) -> bool:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    ok = p95 <= TARGET_MS[name]
    print(f"{name:22s} n={len(ordered):3d}  p50={statistics.median(ordered):6.0f} ms  p95={p95:6.0f} ms  "
          f"max={ordered[-1]:6.0f} ms  target p95 <= {TARGET_MS[name]} ms: {'OK' if ok else 'MISSED'}")
    return ok


def pg_scratch(admin_url: str):
    from sqlalchemy import create_engine, make_url, text

    name = f"antrian_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=40)
    args = parser.parse_args()
    config = load_config(REPO / "demo" / "config.toml", environ={})
    print(f"board.poll_ms = {config.board.poll_ms}")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        prepare(url, args.calls)
        ok &= report("sqlite (poll)", measure(url, args.calls))
    admin_url = os.environ.get("ANTRIAN_BENCH_PG_URL") or os.environ.get("ANTRIAN_TEST_PG_URL")
    if not admin_url:
        print("postgresql (notify)    skipped: set ANTRIAN_BENCH_PG_URL or ANTRIAN_TEST_PG_URL")
        return 0 if ok else 1
    url, drop = pg_scratch(admin_url)
    try:
        prepare(url, args.calls)
        ok &= report("postgresql (notify)", measure(url, args.calls))
    finally:
        drop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
