"""The kill -9 scenario and the invariants read back from the database, shared by the tests and bench/soak.py.

`kill_rounds` loads a day of families (1 to 5 applicants, mixed services), then round after round forks two
check-in workers on the same codes (the same family at two gates) and kills both with SIGKILL: one at a chosen
fault point (mid-family, before the COMMIT, inside it, after it) and one at a random moment. After every round
and at the end, `check_invariants` reads the database:

  no partial family          a booking has no tickets or one per applicant, each applicant of its own booking
  no double admission        at most one VALID check-in per booking, at most one ticket per applicant
  tickets for every VALID    a VALID check-in's ticket list is exactly its booking's tickets, and the reverse
  no duplicate/skipped number per (day, prefix) the numbers are 1..N, labelled as such, the allocator says N
  acknowledged is durable    every check-in and walk-in a worker saw committed is there, with those numbers
  integrity                  SQLite: PRAGMA integrity_check and foreign_key_check; PostgreSQL: amcheck on the
                             B-tree indexes where the extension can be created, and the orphan queries
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from demo.data import demo_payload
from shared.config import Config, load_config
from shared.db.engine import Database
from shared.domain import ticket_label
from shared.services.bookings_import import import_bookings, parse_bookings_payload
from shared.services.checkin import check_in
from shared.services.counter_ops import ensure_counters
from shared.services.tickets import issue_walk_in

from . import kill_worker

REPO = Path(__file__).resolve().parents[2]
CONFIG_PATH = REPO / "demo" / "config.toml"  # the demo settings (the office template names no station)
DAY = date(2026, 11, 28)
WORKER = Path(kill_worker.__file__)
SCALE = max(1, int(os.environ.get("ANTRIAN_SOAK_SCALE", "1")))  # bench/soak.py multiplies the counts
ENV = kill_worker.ENV  # the office template names no station: every process here is one


def load_test_config() -> Config:
    return load_config(CONFIG_PATH, environ=ENV)


# ---- the day


def load_day(db: Database, config: Config, count: int, seed: int = 11) -> dict[str, int]:
    """`count` families in the 08:00-09:00 slot, all active (every code VALID at 08:30); code -> family size."""
    payload = demo_payload(DAY, config.office.code, count, seed=seed, timezone=config.office.timezone)
    for b in payload["bookings"]:
        b["slot"], b["status"], b["date"] = {"start": "08:00", "end": "09:00"}, "active", DAY.isoformat()
    records, problems = parse_bookings_payload(payload)
    assert not problems, problems
    db.run(import_bookings, records, datetime(2026, 11, 28, 6, 0, tzinfo=config.office.tz))
    db.run(ensure_counters, config)
    return {r.code: len(r.applicants) for r in records}


def at_0830(config: Config) -> datetime:
    return datetime.combine(DAY, datetime.min.time().replace(hour=8, minute=30), tzinfo=config.office.tz)


# ---- the zygote


class Zygote:
    """The forking parent of the workers (tests/reliability/kill_worker.py), driven over its stdin/stdout."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen([sys.executable, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env, cwd=str(REPO))
        self.live: set[int] = set()

    def _ask(self, command: dict) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the zygote ended (exit {self.proc.poll()})")
        return json.loads(line)

    def spawn(self, **args: Any) -> int:
        pid = int(self._ask({"spawn": args})["pid"])
        self.live.add(pid)
        return pid

    def kill(self, pid: int) -> None:
        """SIGKILL one of our own workers, by its pid (it is not reaped until `wait`, so the pid is not reused)."""
        if pid in self.live:
            os.kill(pid, signal.SIGKILL)

    def wait(self, pid: int) -> dict:
        answer = self._ask({"wait": pid})
        self.live.discard(pid)
        return answer

    def close(self) -> None:
        for pid in list(self.live):
            self.kill(pid)
            self.wait(pid)
        try:
            self._ask({"quit": True})
        except (RuntimeError, OSError, ValueError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self) -> Zygote:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---- worker output


@dataclass
class WorkerLog:
    path: Path

    def lines(self) -> list[str]:
        try:
            data = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [line for line in data.split("\n")[:-1] if line]  # a last line without "\n" was cut by the kill

    def wait_for(self, prefix: str, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines():
                if line.startswith(prefix):
                    return line
                if line.startswith("ERROR"):
                    raise RuntimeError(f"{self.path.name}: {line}")
            time.sleep(0.002)
        return None


@dataclass
class Acknowledged:
    """What workers saw committed: VALID check-ins (code -> numbers, event id) and walk-in numbers."""

    valid: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    decisions: Counter = field(default_factory=Counter)
    walk_ins: list[str] = field(default_factory=list)
    conflicting_valid: list[str] = field(default_factory=list)  # a second VALID acknowledged for one booking

    def read(self, log: WorkerLog) -> None:
        for line in log.lines():
            parts = line.split(" ")
            if parts[0] == "OK" and len(parts) == 5:
                code, decision, numbers, event_id = parts[1:]
                self.decisions[decision] += 1
                if decision == "VALID":
                    if code in self.valid:
                        self.conflicting_valid.append(code)
                    self.valid[code] = (tuple(numbers.split(",")), event_id)
            elif parts[0] == "WALKIN" and len(parts) == 2:
                self.walk_ins.append(parts[1])


# ---- invariants


@dataclass
class InvariantReport:
    checks: int = 0
    violations: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        self.checks += 1
        if not ok:
            self.violations.append(what)


def check_invariants(db: Database, ack: Acknowledged | None = None, deep: bool = True) -> InvariantReport:
    """Everything the database must say after any number of kills; the counts and the violations found.
    `deep`: also the integrity checks (PRAGMA integrity_check / amcheck), which read every page."""
    report = InvariantReport()
    with db.engine.connect() as conn:
        applicants = dict(conn.execute(text("SELECT booking_id, count(*) FROM applicant GROUP BY booking_id")).all())
        tickets = defaultdict(list)
        for booking_id, number, applicant_booking in conn.execute(text(
            "SELECT t.booking_id, t.number, a.booking_id FROM ticket t LEFT JOIN applicant a ON a.id = t.applicant_id"
            " WHERE t.booking_id IS NOT NULL"
        )):
            tickets[booking_id].append(number)
            report.check(applicant_booking == booking_id, f"ticket {number}: applicant of another booking")
        valid = defaultdict(list)
        for booking_id, event_tickets, event_id, upload in conn.execute(text(
            "SELECT booking_id, tickets, id, upload_state FROM checkin_event WHERE result = 'VALID'"
        )):
            valid[booking_id].append((event_tickets, event_id))
            report.check(upload == "pending", f"VALID {event_id}: upload_state {upload!r}, not pending")
        codes = dict(conn.execute(text("SELECT id, code FROM booking")).all())
        for booking_id, code in codes.items():
            have, family, accepted = tickets.get(booking_id, []), applicants.get(booking_id, 0), valid.get(booking_id, [])
            report.check(len(have) in (0, family), f"{code}: partial family, {len(have)} of {family} tickets")
            report.check(len(accepted) <= 1, f"{code}: {len(accepted)} VALID check-ins (double admission)")
            report.check(bool(accepted) == bool(have), f"{code}: {len(accepted)} VALID but {len(have)} tickets")
            for event_tickets, event_id in accepted:
                listed = sorted(t for t in event_tickets.split(",") if t)
                report.check(listed == sorted(have), f"{code}: VALID {event_id} lists {listed}, tickets {sorted(have)}")
        per_applicant = conn.execute(text(
            "SELECT count(*) FROM (SELECT applicant_id FROM ticket WHERE applicant_id IS NOT NULL"
            " GROUP BY applicant_id HAVING count(*) > 1) x"
        )).scalar_one()
        report.check(per_applicant == 0, f"{per_applicant} applicants with more than one ticket")
        _check_numbers(conn, report)
        if deep:
            _check_integrity(conn, db.is_sqlite, report)
        if ack is not None:
            _check_acknowledged(conn, ack, codes, report)
    return report


def _check_numbers(conn: Any, report: InvariantReport) -> None:
    seqs = defaultdict(list)
    for day, prefix, seq, number in conn.execute(text("SELECT day, prefix, seq, number FROM ticket")):
        seqs[(str(day), prefix)].append(seq)
        report.check(number == ticket_label(prefix, seq), f"ticket {number} has seq {seq}")
    allocator = {(str(d), p): last for d, p, last in conn.execute(text("SELECT day, prefix, last FROM number_allocator"))}
    for key in sorted(set(seqs) | set(allocator)):
        got = sorted(seqs.get(key, []))
        dupes = [s for s, n in Counter(got).items() if n > 1]
        missing = sorted(set(range(1, len(got) + 1)) - set(got))
        report.check(not dupes, f"{key}: duplicate numbers {dupes[:5]}")
        report.check(got == list(range(1, len(got) + 1)), f"{key}: skipped numbers {missing[:5]}")
        report.check(allocator.get(key) == len(got), f"{key}: allocator says {allocator.get(key)}, {len(got)} issued")


def _check_integrity(conn: Any, sqlite: bool, report: InvariantReport) -> None:
    if sqlite:
        result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
        report.check(result == ["ok"], f"PRAGMA integrity_check: {result[:3]}")
        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        report.check(not fk, f"PRAGMA foreign_key_check: {fk[:3]}")
        return
    orphans = conn.execute(text(
        "SELECT (SELECT count(*) FROM ticket t WHERE t.booking_id IS NOT NULL"
        "        AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.id = t.booking_id))"
        " + (SELECT count(*) FROM applicant a WHERE NOT EXISTS (SELECT 1 FROM booking b WHERE b.id = a.booking_id))"
    )).scalar_one()
    report.check(orphans == 0, f"{orphans} orphan rows")
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
    except Exception:  # noqa: BLE001 - amcheck is a contrib module; without it the orphan query is the check
        return
    indexes = conn.execute(text(
        "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE am.amname = 'btree' AND n.nspname = 'public'"
    )).scalars().all()
    for index in indexes:
        try:
            conn.execute(text("SELECT bt_index_check(CAST(:i AS regclass), true)"), {"i": index})
            report.check(True, "")
        except Exception as exc:  # noqa: BLE001 - a corrupt index is the violation
            report.check(False, f"amcheck {index}: {str(exc).splitlines()[0]}")
    conn.rollback()


def _check_acknowledged(conn: Any, ack: Acknowledged, codes: dict[int, str], report: InvariantReport) -> None:
    report.check(not ack.conflicting_valid, f"two workers were both told VALID for {ack.conflicting_valid[:5]}")
    by_code = {code: booking_id for booking_id, code in codes.items()}
    stored = {
        event_id: (booking_id, event_tickets)
        for event_id, booking_id, event_tickets in conn.execute(text(
            "SELECT id, booking_id, tickets FROM checkin_event WHERE result = 'VALID'"
        ))
    }
    for code, (numbers, event_id) in ack.valid.items():
        row = stored.get(event_id)
        report.check(row is not None, f"{code}: acknowledged VALID {event_id} is not in the database")
        if row is not None:
            report.check(row[0] == by_code.get(code) and row[1] == ",".join(numbers),
                         f"{code}: acknowledged {numbers}, stored {row[1]}")
    walk_ins = set(conn.execute(text("SELECT number FROM ticket WHERE walk_in_kind IS NOT NULL")).scalars())
    lost = [n for n in ack.walk_ins if n not in walk_ins]
    report.check(not lost, f"acknowledged walk-ins missing: {lost[:5]}")
    report.check(len(ack.walk_ins) == len(set(ack.walk_ins)), "a walk-in number acknowledged twice")


# ---- the scenario


@dataclass
class KillStats:
    backend: str
    rounds: int = 0
    kills: int = 0
    kills_by_point: Counter = field(default_factory=Counter)
    in_commit_durable: int = 0  # kills inside the commit after which the check-in was there
    in_commit_rolled_back: int = 0
    families: int = 0
    accepted: int = 0  # VALID check-ins in the database at the end
    acknowledged: int = 0  # VALID check-ins a worker was told about before it died
    walk_ins: int = 0
    after_kills: Counter = field(default_factory=Counter)  # decisions of the check-ins made after the kills
    decisions: Counter = field(default_factory=Counter)
    invariant_checks: int = 0
    violations: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        points = ", ".join(f"{k} {v}" for k, v in sorted(self.kills_by_point.items()))
        return (f"kill -9 [{self.backend}]: {self.kills} kills in {self.rounds} rounds ({points}); "
                f"in-commit kills durable {self.in_commit_durable} / rolled back {self.in_commit_rolled_back}; "
                f"{self.accepted} check-ins accepted of {self.families} families ({self.acknowledged} acknowledged "
                f"before a kill, {sum(self.after_kills.values())} after), {self.walk_ins} walk-ins; "
                f"{self.invariant_checks} invariant checks, "
                f"{len(self.violations)} violations; {self.seconds:.1f} s")


def kill_rounds(db: Database, config: Config, workdir: Path, *, rounds: int, families: int, seed: int,
                backend: str, max_random_delay: float = 0.5, zygote: Zygote | None = None,
                deep_every: int = 4, after: int = 20) -> KillStats:
    """The scenario: `rounds` rounds of two workers, both killed with SIGKILL; invariants after each round."""
    started = time.perf_counter()
    rng = random.Random(seed)
    sizes = load_day(db, config, families, seed=seed)
    codes = sorted(sizes)
    stats = KillStats(backend=backend, families=len(codes))
    ack = Acknowledged()
    with contextlib.ExitStack() as stack:
        zygote = zygote or stack.enter_context(Zygote())
        for r in range(rounds):
            if len(fresh_codes(db, codes)) < 12:
                break  # the day is full: more rounds would only see ALREADY_CHECKED_IN
            mode = kill_worker.MODES[r % len(kill_worker.MODES)]
            _one_round(zygote, db, config, workdir, r, mode, codes, sizes, rng, stats, ack, max_random_delay)
            report = check_invariants(db, ack, deep=(r + 1) % deep_every == 0)
            stats.invariant_checks += report.checks
            stats.violations += [f"round {r} ({mode}): {v}" for v in report.violations]
            stats.rounds += 1
    # The day goes on: a fresh connection checks in families not yet in (`after` of them; all of them when
    # `after` is 0), and numbers continue without a gap.
    now = at_0830(config)
    stats.acknowledged = len(ack.valid)
    left = fresh_codes(db, codes)
    for code in left[:after] if after else left:
        result = db.run(check_in, config, code, "GATE-AFTER", now)
        stats.after_kills[result.decision.value] += 1
        if result.decision.value == "VALID":
            ack.valid[code] = (tuple(t.number for t in result.tickets), result.event_id)
    ack.walk_ins.append(db.run(issue_walk_in, config, "pickup", now).number)
    final = check_invariants(db, ack)
    stats.invariant_checks += final.checks
    stats.violations += [f"after the kills: {v}" for v in final.violations]
    with db.engine.connect() as conn:
        stats.accepted = conn.execute(text("SELECT count(*) FROM checkin_event WHERE result = 'VALID'")).scalar_one()
        stats.walk_ins = conn.execute(text("SELECT count(*) FROM ticket WHERE walk_in_kind IS NOT NULL")).scalar_one()
    stats.decisions = ack.decisions
    stats.seconds = time.perf_counter() - started
    return stats


def fresh_codes(db: Database, codes: list[str]) -> list[str]:
    with db.engine.connect() as conn:
        done = set(conn.execute(text(
            "SELECT b.code FROM booking b JOIN checkin_event e ON e.booking_id = b.id AND e.result = 'VALID'"
        )).scalars())
    return [c for c in codes if c not in done]


def _one_round(zygote: Zygote, db: Database, config: Config, workdir: Path, r: int, mode: str, codes: list[str],
               sizes: dict[str, int], rng: random.Random, stats: KillStats, ack: Acknowledged,
               max_random_delay: float) -> None:
    logs = [WorkerLog(workdir / f"round{r:04d}-{side}.log") for side in "ab"]
    mine = fresh_codes(db, codes)  # families not yet in: every round issues tickets
    rng.shuffle(mine)
    theirs = mine[::-1]  # the same families from the other end: the faulted worker always starts on fresh ones
    common = {"url": db.url, "config": str(CONFIG_PATH), "day": DAY.isoformat(), "sizes": sizes,
              "walk_in_every": 7, "max_seconds": 30, "pace": 0.01}
    a = zygote.spawn(**common, out=str(logs[0].path), codes=mine, mode=mode, pause_after=rng.randint(0, 3),
                     seed=rng.random(), gate=f"GATE-A{r}")
    b = zygote.spawn(**common, out=str(logs[1].path), codes=theirs, mode="random", seed=rng.random(),
                     gate=f"GATE-B{r}")
    for log in logs:
        if log.wait_for("READY", 30) is None:
            raise RuntimeError(f"{log.path.name}: the worker never got ready")
    committing = None
    if mode in kill_worker.PAUSE_POINTS:
        paused = logs[0].wait_for("PAUSED", 20)
        if paused is None:
            raise RuntimeError(f"round {r}: worker a never reached {mode}")
        zygote.kill(a)
        time.sleep(rng.uniform(0, 0.05))
    elif mode == "in_commit":
        committing = logs[0].wait_for("COMMITTING", 20)
        zygote.kill(a)  # it killed itself (a no-op then), unless the codes ran out
    else:
        time.sleep(rng.uniform(0.02, max_random_delay))
        zygote.kill(a)
    time.sleep(rng.uniform(0, max_random_delay / 3))
    zygote.kill(b)
    for pid, point in ((a, mode), (b, "random")):
        status = zygote.wait(pid)
        if status["signal"] != signal.SIGKILL:
            tail = "; ".join(logs[0 if pid == a else 1].lines()[-2:])
            raise RuntimeError(f"round {r}: worker {pid} ({point}) ended with {status}, not SIGKILL: {tail}")
        stats.kills += 1
        stats.kills_by_point[point] += 1
    for log in logs:
        ack.read(log)
    if committing is not None:
        event_id = committing.split(" ")[2]
        with db.engine.connect() as conn:
            there = conn.execute(text("SELECT count(*) FROM checkin_event WHERE id = :i"), {"i": event_id}).scalar_one()
        if there:
            stats.in_commit_durable += 1
        else:
            stats.in_commit_rolled_back += 1


# ---- two (or more) gates, one family, the same moment


@dataclass
class RaceStats:
    backend: str
    racers: int = 0
    families: int = 0
    attempts: int = 0
    decisions: Counter = field(default_factory=Counter)
    invariant_checks: int = 0
    violations: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        shown = ", ".join(f"{k} {v}" for k, v in sorted(self.decisions.items()))
        return (f"double admission [{self.backend}]: {self.racers} processes x {self.families} families at the same "
                f"moment, {self.attempts} check-ins ({shown}); {self.invariant_checks} invariant checks, "
                f"{len(self.violations)} violations; {self.seconds:.1f} s")


def race(db: Database, config: Config, workdir: Path, *, racers: int, families: int, seed: int,
         backend: str, zygote: Zygote | None = None) -> RaceStats:
    """`racers` processes check in the same families in the same order, starting at the same instant: each
    family must be admitted once, with one set of tickets, and every other scan told ALREADY_CHECKED_IN."""
    started = time.perf_counter()
    sizes = load_day(db, config, families, seed=seed)
    codes = sorted(sizes)
    random.Random(seed).shuffle(codes)
    stats = RaceStats(backend=backend, racers=racers, families=len(codes))
    logs = [WorkerLog(workdir / f"racer{i}.log") for i in range(racers)]
    with contextlib.ExitStack() as stack:
        zygote = zygote or stack.enter_context(Zygote())
        start_at = time.time() + 1.0
        pids = [zygote.spawn(url=db.url, config=str(CONFIG_PATH), day=DAY.isoformat(), codes=codes, once=True,
                             start_at=start_at, out=str(log.path), seed=i, gate=f"GATE-{i + 1}", max_seconds=120)
                for i, log in enumerate(logs)]
        for pid, log in zip(pids, logs, strict=True):
            status = zygote.wait(pid)
            if status["code"] != 0:
                raise RuntimeError(f"racer {pid} ended with {status}: {log.lines()[-1:]}")
    valid: Counter = Counter()
    for log in logs:
        for line in log.lines():
            parts = line.split(" ")
            if parts[0] == "OK":
                stats.attempts += 1
                stats.decisions[parts[2]] += 1
                valid[parts[1]] += parts[2] == "VALID"
    wrong = {c: n for c, n in valid.items() if n != 1}
    stats.invariant_checks += len(codes)
    stats.violations += [f"{c}: {n} processes were told VALID" for c, n in sorted(wrong.items())]
    if stats.attempts != racers * len(codes):
        stats.violations.append(f"{stats.attempts} decisions, expected {racers * len(codes)}")
    report = check_invariants(db)
    stats.invariant_checks += report.checks
    stats.violations += report.violations
    stats.seconds = time.perf_counter() - started
    return stats
