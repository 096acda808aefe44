"""Real parallelism: 8 processes on one SQLite file, 32 connections on PostgreSQL, checking in the same codes
and calling next at once. 0 duplicate numbers, 0 tickets called twice, 0 lost, numbers without gaps."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from sqlalchemy import select

from demo.data import demo_payload
from shared.db.models import Applicant, CallEvent, CheckinEvent, Ticket

from ..conftest import REPO
from . import concurrency_worker
from .helpers import load

DAY = date(2026, 11, 28)


def _setup(db, config, bookings: int) -> list[str]:
    payload = demo_payload(DAY, config.office.code, bookings, seed=3, timezone=config.office.timezone)
    for b in payload["bookings"]:  # everyone in the 08:00 slot, active, so every code is VALID at 08:30
        b["slot"], b["status"], b["date"] = {"start": "08:00", "end": "09:00"}, "active", DAY.isoformat()
    load(db, config, payload["bookings"])
    return [b["booking_code"] for b in payload["bookings"]]


def _jobs(codes: list[str], workers: int, config) -> list[tuple]:
    """Every code goes to two different workers (the same family at two gates); each worker also calls next."""
    counters = [c.name for c in config.counters]
    jobs = []
    for w in range(workers):
        mine = [c for i, c in enumerate(codes) if i % workers in (w, (w + 1) % workers)]
        random.Random(w).shuffle(mine)
        jobs.append((mine, counters[w % len(counters)], 12))
    return jobs


def _verify(db, results: list[dict], codes: list[str]) -> None:
    valid = Counter(code for r in results for code, decision, _ in r["decisions"] if decision == "VALID")
    assert set(valid) == set(codes) and set(valid.values()) == {1}, "each booking accepted exactly once"
    with db.sessions.begin() as s:
        tickets = s.scalars(select(Ticket)).all()
        applicants = len(s.scalars(select(Applicant)).all())
        numbers = [(t.day, t.number) for t in tickets]
        assert len(numbers) == len(set(numbers)), "duplicate ticket numbers"
        assert len(tickets) == applicants, "a ticket per applicant, none lost"
        for prefix in {t.prefix for t in tickets}:
            seqs = sorted(t.seq for t in tickets if t.prefix == prefix)
            assert seqs == list(range(1, len(seqs) + 1)), f"gap or reuse in {prefix}"
        calls = Counter(e.ticket_id for e in s.scalars(select(CallEvent).where(CallEvent.kind == "call")))
        assert not [t for t, n in calls.items() if n > 1], "a ticket called twice"
        assert s.query(CheckinEvent).filter_by(result="VALID").count() == len(codes)
    called = [n for r in results for n in r["called"]]
    assert len(called) == len(set(called)) and called, "two counters got the same ticket"


def test_eight_processes_on_one_sqlite_file(sqlite_db, config):
    codes = _setup(sqlite_db, config, 64)
    script = Path(concurrency_worker.__file__)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), json.dumps([sqlite_db.url, str(REPO / "demo" / "config.toml"), DAY.isoformat(), *job])],
            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        for job in _jobs(codes, 8, config)
    ]
    results = []
    for proc in procs:
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0
        results.append(json.loads(out))
    _verify(sqlite_db, results, codes)


def test_thirty_two_connections_on_postgresql(pg_db, config):
    codes = _setup(pg_db, config, 96)
    with ThreadPoolExecutor(32) as pool:
        futures = [pool.submit(concurrency_worker.work, pg_db.url, str(REPO / "demo" / "config.toml"), DAY.isoformat(), *job)
                   for job in _jobs(codes, 32, config)]
        results = [f.result(timeout=300) for f in futures]
    _verify(pg_db, results, codes)
