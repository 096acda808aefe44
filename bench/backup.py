"""A year of an office (250 working days x 400 tickets, with bookings, applicants, check-ins, calls, queue events
and print jobs): backup and restore time and file size, on SQLite and (when ANTRIAN_TEST_PG_URL or
ANTRIAN_BENCH_PG_URL is set) PostgreSQL; then the first privacy purge of that year.

    .venv/bin/python bench/backup.py [--days 250] [--tickets 400] [--sqlite-only] [--no-purge]

The year is written with bulk INSERTs (the services would take an hour for 100,000 check-ins); the rows have the
shapes the services write. Everything lives in temporary folders / databases that are removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from contextlib import closing
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402

from bench._common import fresh_pg_database  # noqa: E402
from shared.config import DEMO_CONFIG, load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.db.models import (  # noqa: E402
    Applicant,
    Booking,
    CallEvent,
    CheckinEvent,
    Counter,
    NumberAllocator,
    PrintJob,
    QueueEvent,
    Ticket,
)
from shared.services.backup import backup_database, restore_database  # noqa: E402
from shared.services.counter_ops import ensure_counters  # noqa: E402
from shared.services.privacy import purge_personal_data  # noqa: E402

SIZES = (1, 1, 2, 1, 3, 1, 2, 1)  # applicants per booking, repeating: 12 people per 8 bookings
SERVICE = {"new": "A", "replacement": "B", "priority": "P"}


def working_days(n: int, last: date) -> list[date]:
    days: list[date] = []
    day = last
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def generate(db: Database, config, days: list[date], tickets_per_day: int) -> dict[str, int]:
    """The year into `db`, one transaction per day; returns the row counts."""
    db.run(ensure_counters, config)
    with db.sessions() as s:
        counters = {c.name: c.id for c in s.scalars(select(Counter))}
    counter_for = {"A": "Loket 2", "B": "Loket 2", "P": "Loket 1", "C": "Loket 3"}
    tz = config.office.tz
    ids = {"booking": 0, "applicant": 0, "ticket": 0}
    person = 0
    walk_ins = tickets_per_day // 10
    for day in days:
        bookings, applicants, tickets, calls, queue, checkins, prints = [], [], [], [], [], [], []
        seqs: dict[str, int] = {}
        booked_tickets = 0
        b = 0
        while booked_tickets < tickets_per_day - walk_ins:
            size = SIZES[b % len(SIZES)]
            ids["booking"] += 1
            booking_id = ids["booking"]
            hour = 8 + b % 7
            start = datetime.combine(day, dtime(hour), tzinfo=tz)
            bookings.append({"id": booking_id, "code": f"Y{booking_id:09d}", "office_code": config.office.code,
                             "day": day, "slot_start": dtime(hour), "slot_end": dtime(hour + 1), "status": "active",
                             "server_updated_at": start - timedelta(days=2), "imported_at": start - timedelta(hours=3)})
            came = b % 10 != 9  # one booking in ten does not come
            numbers = []
            for position in range(1, size + 1):
                ids["applicant"] += 1
                person += 1
                kind = ("priority", "new", "replacement", "new")[person % 4]
                applicants.append({"id": ids["applicant"], "booking_id": booking_id, "position": position,
                                   "nik": f"6104{(person * 7919) % 10**12:012d}", "name": f"PEMOHON {person}",
                                   "application_type": "replacement" if kind == "replacement" else "new",
                                   "replacement_reason": "expired" if kind == "replacement" else None,
                                   "priority": "elderly" if kind == "priority" else None, "nik_problem": None})
                if came and booked_tickets < tickets_per_day - walk_ins:
                    prefix = SERVICE[kind]
                    numbers.append(_ticket(ids, seqs, tickets, calls, queue, prints, day, prefix, start,
                                           start + timedelta(minutes=b % 50), counters[counter_for[prefix]],
                                           counter_for[prefix], booking_id, ids["applicant"]))
                    booked_tickets += 1
            if came:
                checkins.append({"id": str(uuid.uuid4()), "code": f"Y{booking_id:09d}", "booking_id": booking_id,
                                 "result": "VALID", "gate": "GATE-1", "at": start + timedelta(minutes=b % 50),
                                 "detail": "Welcome: " + ", ".join(a["name"] for a in applicants[-size:]),
                                 "override_reason": None, "tickets": ",".join(numbers), "upload_state": "accepted",
                                 "upload_attempts": 1, "upload_reason": None, "next_attempt_at": None,
                                 "uploaded_at": start + timedelta(minutes=b % 50 + 1)})
            b += 1
        for w in range(walk_ins):
            arrived = datetime.combine(day, dtime(8 + w % 7, w % 60), tzinfo=tz)
            _ticket(ids, seqs, tickets, calls, queue, prints, day, "C", arrived, arrived, counters["Loket 3"],
                    "Loket 3", None, None)
        allocators = [{"day": day, "prefix": p, "last": n} for p, n in seqs.items()]

        def write(session, rows=(bookings, applicants, tickets, calls, queue, checkins, prints, allocators)) -> None:
            for model, batch in zip((Booking, Applicant, Ticket, CallEvent, QueueEvent, CheckinEvent, PrintJob,
                                     NumberAllocator), rows, strict=True):
                if batch:
                    session.execute(insert(model.__table__), batch)

        db.run(write)
    if not db.is_sqlite:
        with db.engine.begin() as conn:
            for table in ("booking", "applicant", "ticket", "call_event", "queue_event", "print_job"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
    return counts(db)


def _ticket(ids, seqs, tickets, calls, queue, prints, day, prefix, sort_at, issued, counter_id, counter_name,
            booking_id, applicant_id) -> str:
    ids["ticket"] += 1
    seqs[prefix] = seqs.get(prefix, 0) + 1
    number = f"{prefix}-{seqs[prefix]:03d}"
    called = issued + timedelta(minutes=12)
    finished = called + timedelta(minutes=6)
    tid = ids["ticket"]
    tickets.append({"id": tid, "day": day, "prefix": prefix, "seq": seqs[prefix], "number": number,
                    "service_prefix": prefix, "status": "done", "is_priority": prefix == "P", "booking_id": booking_id,
                    "applicant_id": applicant_id, "walk_in_kind": "pickup" if booking_id is None else None,
                    "issued_at": issued, "sort_at": sort_at, "called_at": called, "counter_id": counter_id,
                    "finished_at": finished, "late_override": False, "checklist": "", "transferred_from": None})
    calls.append({"ticket_id": tid, "counter_id": counter_id, "number": number, "counter_name": counter_name,
                  "kind": "call", "at": called})
    if tid % 20 == 0:
        calls.append({"ticket_id": tid, "counter_id": counter_id, "number": number, "counter_name": counter_name,
                      "kind": "recall", "at": called + timedelta(minutes=1)})
    queue.append({"ticket_id": tid, "counter_name": counter_name, "kind": "done", "detail": "", "at": finished})
    prints.append({"ticket_id": tid, "status": "printed", "attempts": 1, "reason": None, "printer": "network://gate",
                   "created_at": issued, "updated_at": issued})
    return number


def counts(db: Database) -> dict[str, int]:
    with db.sessions() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0
                for m in (Booking, Applicant, Ticket, CallEvent, QueueEvent, CheckinEvent, PrintJob)}


def run(kind: str, url: str, fresh_url: str, config, args, folder: Path) -> None:
    db = Database(url)
    db.upgrade()
    days = working_days(args.days, date(2026, 11, 27))
    t0 = time.perf_counter()
    rows = generate(db, config, days, args.tickets)
    generated = time.perf_counter() - t0
    print(f"[{kind}] a year: {len(days)} days, " + ", ".join(f"{k} {v:,}" for k, v in rows.items())
          + f" (written in {generated:.1f} s)")
    if kind == "sqlite":
        db.dispose()
        path = Path(url.removeprefix("sqlite:///"))
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = path.stat().st_size
        print(f"[{kind}] database file: {size / 1e6:.1f} MB")
    now = datetime.now(config.office.tz)
    report = backup_database(db, config, now, folder)
    print(f"[{kind}] backup:  {report.seconds:6.2f} s  {report.size_bytes / 1e6:7.1f} MB  {Path(report.path).name}")
    target = Database(fresh_url)
    target.upgrade()
    restored = restore_database(target, config, Path(report.path))
    assert counts(target) == rows, (counts(target), rows)
    print(f"[{kind}] restore: {restored.seconds:6.2f} s  (all {sum(rows.values()):,} rows back, schema upgraded)")
    target.dispose()
    if not args.no_purge:
        purge = purge_personal_data(db, config, days[-1] + timedelta(days=1))
        print(f"[{kind}] first privacy purge of the year (keep 30 days): {purge.seconds:.1f} s, "
              f"{purge.applicants:,} applicants of {purge.days} days, {purge.checkin_events:,} check-in records")
        again = purge_personal_data(db, config, days[-1] + timedelta(days=1))
        print(f"[{kind}] the next day's purge (nothing new): {again.seconds:.2f} s")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--tickets", type=int, default=400)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--no-purge", action="store_true")
    args = parser.parse_args()
    config = load_config(DEMO_CONFIG, environ={})
    work = Path(tempfile.mkdtemp(prefix="antrian-bench-backup-"))
    try:
        run("sqlite", f"sqlite:///{work / 'year.sqlite3'}", f"sqlite:///{work / 'restored.sqlite3'}", config, args,
            work / "backups")
        admin = os.environ.get("ANTRIAN_BENCH_PG_URL") or os.environ.get("ANTRIAN_TEST_PG_URL")
        if admin and not args.sqlite_only:
            urls = [fresh_pg_database(admin), fresh_pg_database(admin)]
            try:
                run("postgresql", urls[0], urls[1], config, args, work / "backups")
            finally:
                engine = create_engine(admin, isolation_level="AUTOCOMMIT")
                with engine.connect() as conn:
                    for url in urls:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
                engine.dispose()
        elif not args.sqlite_only:
            print("[postgresql] skipped: set ANTRIAN_TEST_PG_URL (or ANTRIAN_BENCH_PG_URL)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
