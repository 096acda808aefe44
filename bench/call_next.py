"""Call-next throughput and latency at 1, 8 and 32 counters, on SQLite and PostgreSQL.

    .venv/bin/python bench/call_next.py [--tickets 2000] [--mode threads|processes|both] [--db sqlite|pg|both]

Each counter presses Call next as fast as it can until the queue is empty (each press also closes the previous
ticket, as at a real counter). `threads`: one process, each counter a thread with its own connection.
`processes`: each counter its own process with its own engine (one connection), as counters on separate PCs;
they start together at a barrier. Round trips per call are counted by `bench._common.RoundTrips` (statements
plus BEGIN and COMMIT; the pool's pre-ping at checkout is printed apart, per call)."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    RoundTrips,
    config_with_counters,
    fresh_pg_database,
    median,
    pct,
    pg_admin_url,
)
from shared.db.engine import Database  # noqa: E402
from shared.services.counter_ops import call_next, ensure_counters  # noqa: E402
from shared.services.tickets import issue_ticket  # noqa: E402


def fill(db: Database, config, tickets: int, now: datetime) -> None:
    service = config.service("A")

    def add(session):
        for i in range(tickets):
            issue_ticket(session, config, service, now, now + timedelta(seconds=i))

    db.run(add)
    db.run(ensure_counters, config)


def _press_until_empty(db: Database, config, name: str, now: datetime) -> list[float]:
    mine = []
    while True:
        t0 = time.perf_counter()
        result = db.run(call_next, config, name, now)
        mine.append((time.perf_counter() - t0) * 1000)
        if result.ticket is None:
            return mine


def _summary(latencies: list[float], tickets: int, wall: float, trips: int, checkouts: int) -> dict:
    calls = len(latencies)
    return {"calls": calls, "per_s": tickets / wall, "p50": median(latencies), "p99": pct(latencies, 99),
            "trips": trips / calls, "pings": checkouts / calls}


def run_threads(url: str, counters: int, tickets: int) -> dict:
    config = config_with_counters(counters)
    db = Database(url, **({} if url.startswith("sqlite") else {"pool_size": counters + 2}))
    db.upgrade()
    now = datetime.now(config.office.tz)
    fill(db, config, tickets, now)
    trips = RoundTrips(db.engine)
    latencies: list[float] = []
    lock = threading.Lock()

    def counter(name: str) -> None:
        mine = _press_until_empty(db, config, name, now)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=counter, args=(f"Loket {i}",)) for i in range(1, counters + 1)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    db.dispose()
    return _summary(latencies, tickets, wall, trips.total, trips.checkouts)


def _counter_process(url: str, config_path: str, name: str, now: datetime, barrier, results) -> None:
    """One counter PC: its own engine with one connection, pressing Call next from the barrier on."""
    from shared.config import load_config

    config = load_config(config_path, environ={})
    db = Database(url, **({} if url.startswith("sqlite") else {"pool_size": 1}))
    db.run(lambda session: None)  # connect before the start, as a counter window would have
    trips = RoundTrips(db.engine)
    barrier.wait()
    latencies = _press_until_empty(db, config, name, now)
    results.put((latencies, trips.total, trips.checkouts))
    db.dispose()


def run_processes(url: str, counters: int, tickets: int) -> dict:
    config = config_with_counters(counters)
    db = Database(url)
    db.upgrade()
    now = datetime.now(config.office.tz)
    fill(db, config, tickets, now)
    db.dispose()
    ctx = multiprocessing.get_context("spawn")  # each process builds its own engine; nothing inherited
    barrier, results = ctx.Barrier(counters + 1), ctx.Queue()
    procs = [ctx.Process(target=_counter_process, args=(url, config.source, f"Loket {i}", now, barrier, results))
             for i in range(1, counters + 1)]
    for p in procs:
        p.start()
    barrier.wait()
    start = time.perf_counter()
    parts = [results.get(timeout=600) for _ in procs]
    wall = time.perf_counter() - start
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise RuntimeError(f"a counter process failed with exit code {p.exitcode}")
    latencies = [ms for part, _trips, _pings in parts for ms in part]
    return _summary(latencies, tickets, wall, sum(t for _, t, _ in parts), sum(c for _, _, c in parts))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--mode", choices=["threads", "processes", "both"], default="both")
    parser.add_argument("--db", choices=["sqlite", "pg", "both"], default="both")
    parser.add_argument("--counters", type=int, nargs="+", default=[1, 8, 32])
    args = parser.parse_args()
    targets = []
    if args.db in ("sqlite", "both"):
        targets.append(("SQLite", lambda: f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"))
    if args.db in ("pg", "both"):
        admin = pg_admin_url()
        if admin:
            targets.append(("PostgreSQL", lambda: fresh_pg_database(admin)))
        else:
            print("PostgreSQL: not available (set ANTRIAN_BENCH_PG_URL)")
    modes = ["threads", "processes"] if args.mode == "both" else [args.mode]
    runners = {"threads": run_threads, "processes": run_processes}
    print(f"call-next, {args.tickets} waiting tickets per run; trips = statements + BEGIN + COMMIT per call, "
          "ping = pool pre-ping round trips per call")
    print(f"{'database':<11} {'mode':<9} {'counters':>8} {'calls/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'trips':>6} {'ping':>5}")
    for label, make_url in targets:
        for mode in modes:
            for counters in args.counters:
                r = runners[mode](make_url(), counters, args.tickets)
                print(f"{label:<11} {mode:<9} {counters:>8} {r['per_s']:>9.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} "
                      f"{r['trips']:>6.2f} {r['pings']:>5.2f}", flush=True)


if __name__ == "__main__":
    main()
