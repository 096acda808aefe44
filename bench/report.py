"""A year of one office's history (250 working days x 400 tickets, with their calls, transfers and dones) in
SQLite and PostgreSQL, each day closed as the office does (`close_queue`: its visits stored for the reports), then
the whole year's report by service and by counter, and a month's PDF, timed.

    .venv/bin/python bench/report.py [--days 250] [--per-day 400] [--pg postgresql+psycopg://postgres@127.0.0.1:54329/postgres]

Targets: the year by service and by counter <= 2 s on SQLite, <= 1 s on PostgreSQL; a month's PDF <= 5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shared.config import load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.db.models import CallEvent, Counter, QueueEvent, Ticket  # noqa: E402
from shared.services.counter_ops import ensure_counters  # noqa: E402
from shared.services.day_close import close_queue  # noqa: E402
from shared.services.report_export import report_pdf  # noqa: E402
from shared.services.reports import all_groupings, build_report  # noqa: E402

FIRST_DAY = date(2025, 1, 6)


def working_days(n: int) -> list[date]:
    days, d = [], FIRST_DAY
    while len(days) < n:
        if d.weekday() < 5:
            days.append(d)
        d += timedelta(days=1)
    return days


def generate(db: Database, config, days: int, per_day: int) -> None:
    db.run(ensure_counters, config)
    with db.sessions.begin() as s:
        counters = {c.name: c.id for c in s.query(Counter)}
    by_service = {p: [c.name for c in config.counters if p in c.services] for p in (s.prefix for s in config.services)}
    rng = random.Random(13)
    tz = config.office.tz
    ticket_id = call_id = event_id = 0
    for day in working_days(days):
        tickets, calls, events = [], [], []
        seqs: dict[str, int] = {}
        opening = datetime.combine(day, datetime.min.time(), tzinfo=tz).replace(hour=7, minute=30)
        for i in range(per_day):
            prefix = rng.choices(["A", "B", "P", "C", "I"], [45, 25, 8, 15, 7])[0]
            seqs[prefix] = seqs.get(prefix, 0) + 1
            ticket_id += 1
            issued = opening + timedelta(seconds=i * 60 + rng.randint(0, 50))
            walk_in = {"C": "pickup", "I": "info"}.get(prefix)
            stages = [(prefix, issued)]
            if prefix in "ABP" and rng.random() < 0.8:
                stages.append(("D", None))
            status, finished, last_counter = "done", None, None
            start = issued
            for k, (service, _) in enumerate(stages):
                counter = rng.choice(by_service[service])
                called = start + timedelta(seconds=rng.randint(60, 3600))
                call_id += 1
                calls.append({"id": call_id, "ticket_id": ticket_id, "counter_id": counters[counter],
                              "number": f"{prefix}-{seqs[prefix]:03d}", "counter_name": counter, "kind": "call",
                              "at": called})
                if rng.random() < 0.05:
                    call_id += 1
                    calls.append({"id": call_id, "ticket_id": ticket_id, "counter_id": counters[counter],
                                  "number": f"{prefix}-{seqs[prefix]:03d}", "counter_name": counter, "kind": "recall",
                                  "at": called + timedelta(seconds=90)})
                end = called + timedelta(seconds=rng.randint(120, 900))
                event_id += 1
                if k + 1 < len(stages):
                    kind, detail = "transfer", f"{service}->{stages[k + 1][0]}"
                elif rng.random() < 0.04:
                    kind, detail, status = "no_show", "", "no_show"
                else:
                    kind, detail = "done", ""
                events.append({"id": event_id, "ticket_id": ticket_id, "counter_name": counter, "kind": kind,
                               "detail": detail, "at": end})
                start, finished, last_counter = end, end, counters[counter]
            tickets.append({"id": ticket_id, "day": day, "prefix": prefix, "seq": seqs[prefix],
                            "number": f"{prefix}-{seqs[prefix]:03d}", "service_prefix": stages[-1][0],
                            "status": status, "is_priority": prefix == "P", "walk_in_kind": walk_in,
                            "issued_at": issued, "sort_at": issued, "called_at": None, "counter_id": last_counter,
                            "finished_at": finished, "late_override": False, "checklist": "",
                            "transferred_from": stages[-2][0] if len(stages) > 1 else None})
        with db.sessions.begin() as s:
            s.execute(insert(Ticket), tickets)
            s.execute(insert(CallEvent), calls)
            s.execute(insert(QueueEvent), events)


def close_days(db: Database, config, days: list[date]) -> None:
    """Close each day at 19:00 office time, the queue step of `antrian day close` (backup and purge left out)."""
    started = time.perf_counter()
    for day in days:
        evening = datetime.combine(day, datetime.min.time(), tzinfo=config.office.tz).replace(hour=19)
        db.run(close_queue, config, day, evening)
    took = time.perf_counter() - started
    print(f"  day close: {1000 * took / len(days):.1f} ms per day ({len(days)} days, {took:.1f} s)")


def timed(label: str, fn, limit: float) -> float:
    started = time.perf_counter()
    fn()
    took = time.perf_counter() - started
    print(f"  {label:<44} {took:6.2f} s  (target <= {limit} s) {'OK' if took <= limit else 'SLOW'}")
    return took


def run(name: str, db: Database, config, days: int, per_day: int, limit: float) -> bool:
    started = time.perf_counter()
    generate(db, config, days, per_day)
    if db.engine.dialect.name == "postgresql":
        with db.sessions.begin() as s:
            for table in ("ticket", "call_event", "queue_event"):  # ids were given: the services' rows come after
                s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"))
            s.execute(text("ANALYZE"))  # what autovacuum does soon after a bulk load: plan with statistics
    print(f"{name}: {days} days x {per_day} tickets generated in {time.perf_counter() - started:.1f} s")
    year = working_days(days)
    close_days(db, config, year)
    if db.engine.dialect.name == "postgresql":
        with db.sessions.begin() as s:
            s.execute(text("ANALYZE report_visit"))
    now = datetime.now(UTC)
    ok = True
    for by in ("service", "counter"):
        ok &= timed(f"the year by {by}", lambda by=by: db.read(build_report, config, year[0], year[-1], by, now),
                    limit) <= limit
    month = [d for d in year if d.month == 3]
    with tempfile.TemporaryDirectory() as tmp:
        def pdf() -> None:
            reports = db.read(all_groupings, config, month[0], month[-1], now)
            report_pdf(reports, config, Path(tmp) / "month.pdf")

        ok &= timed("a month's PDF (read + charts + PDF)", pdf, 5.0) <= 5.0
    return ok


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--days", type=int, default=250)
    p.add_argument("--per-day", type=int, default=400)
    p.add_argument("--pg", default=os.environ.get("ANTRIAN_TEST_PG_URL", ""))
    args = p.parse_args()
    config = load_config(Path(__file__).resolve().parent.parent / "demo" / "config.toml", environ={})
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'year.sqlite3'}")
        db.upgrade()
        ok &= run("SQLite", db, config, args.days, args.per_day, 2.0)
        db.dispose()
    if args.pg:
        name = f"antrian_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        head, _, query = args.pg.partition("?")
        db = Database(f"{head.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else ""))
        try:
            db.upgrade()
            ok &= run("PostgreSQL", db, config, args.days, args.per_day, 1.0)
        finally:
            db.dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        print("PostgreSQL: skipped (no --pg / ANTRIAN_TEST_PG_URL)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
