"""Call-next throughput and latency at 1, 8 and 32 counters, on SQLite and PostgreSQL.

    .venv/bin/python bench/call_next.py [--tickets 2000]
Each counter is a thread with its own connection, pressing Call next as fast as it can until the queue is
empty (each press also closes the previous ticket, as at a real counter)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import config_with_counters, fresh_pg_database, median, pct, pg_admin_url  # noqa: E402
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


def run(url: str, counters: int, tickets: int) -> dict:
    config = config_with_counters(counters)
    db = Database(url, **({} if url.startswith("sqlite") else {"pool_size": counters + 2}))
    db.upgrade()
    now = datetime.now(config.office.tz)
    fill(db, config, tickets, now)
    latencies: list[float] = []
    lock = threading.Lock()

    def counter(name: str) -> None:
        mine = []
        while True:
            t0 = time.perf_counter()
            result = db.run(call_next, config, name, now)
            mine.append((time.perf_counter() - t0) * 1000)
            if result.ticket is None:
                break
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
    return {"calls": len(latencies), "per_s": tickets / wall, "p50": median(latencies), "p99": pct(latencies, 99)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=2000)
    args = parser.parse_args()
    targets = [("SQLite", lambda: f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")]
    admin = pg_admin_url()
    if admin:
        targets.append(("PostgreSQL", lambda: fresh_pg_database(admin)))
    else:
        print("PostgreSQL: not available (set ANTRIAN_BENCH_PG_URL)")
    print(f"call-next, {args.tickets} waiting tickets per run")
    print(f"{'database':<11} {'counters':>8} {'calls/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for label, make_url in targets:
        for counters in (1, 8, 32):
            r = run(make_url(), counters, args.tickets)
            print(f"{label:<11} {counters:>8} {r['per_s']:>9.0f} {r['p50']:>8.2f} {r['p99']:>8.2f}")


if __name__ == "__main__":
    main()
