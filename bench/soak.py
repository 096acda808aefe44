"""The fault suite's long run: hundreds of kill -9 on a SQLite file and on PostgreSQL, repeated double-admission
races, and the rest of tests/reliability (fuzzing, printer faults, booking-server faults, the outbox hour) with
their counts multiplied. Prints a table; exits 1 if any invariant was violated.

    .venv/bin/python bench/soak.py                       # 300 kills per backend, fuzz x5
    .venv/bin/python bench/soak.py --kills 1000 --scale 10
    .venv/bin/python bench/soak.py --kills 60 --scale 1 --sqlite-only      # a quick look

PostgreSQL: ANTRIAN_BENCH_PG_URL or ANTRIAN_TEST_PG_URL (else scripts/start-postgres.sh is tried).
CI runs the same scenarios, short, in `pytest tests/reliability` (see the `reliability:` lines it prints).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, text  # noqa: E402

from bench._common import fresh_pg_database, pg_admin_url  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from tests.reliability import harness  # noqa: E402

ROUNDS_PER_DAY = 40  # a fresh day (database) every this many rounds: families run out, and a day has an end


def _databases(sqlite_only: bool) -> list[tuple[str, Callable]]:
    out: list[tuple[str, Callable]] = []

    def sqlite() -> tuple[Database, Callable]:
        folder = Path(tempfile.mkdtemp(prefix="antrian-soak-"))
        db = Database(f"sqlite:///{folder / 'antrian.sqlite3'}")
        db.upgrade()
        return db, db.dispose

    out.append(("sqlite", sqlite))
    admin = None if sqlite_only else pg_admin_url()
    if admin:
        def postgres() -> tuple[Database, Callable]:
            url = fresh_pg_database(admin)
            db = Database(url)
            db.upgrade()

            def drop() -> None:
                db.dispose()
                engine = create_engine(admin, isolation_level="AUTOCOMMIT")
                with engine.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
                engine.dispose()

            return db, drop

        out.append(("postgresql", postgres))
    elif not sqlite_only:
        print("PostgreSQL: not reachable (set ANTRIAN_TEST_PG_URL); SQLite only", file=sys.stderr)
    return out


def soak_kills(name: str, make, kills: int, seed: int, zygote: harness.Zygote) -> harness.KillStats:  # noqa: ANN001
    config = harness.load_test_config()
    total = harness.KillStats(backend=name)
    rounds_left, day = (kills + 1) // 2, 0
    while rounds_left > 0:
        rounds = min(ROUNDS_PER_DAY, rounds_left)
        db, close = make()
        try:
            with tempfile.TemporaryDirectory(prefix="antrian-soak-logs-") as logs:
                stats = harness.kill_rounds(db, config, Path(logs), rounds=rounds, families=rounds * 25 + 60,
                                            seed=seed + day, backend=name, max_random_delay=0.3, zygote=zygote,
                                            after=0)
        finally:
            close()
        for attr in ("rounds", "kills", "in_commit_durable", "in_commit_rolled_back", "families", "accepted",
                     "acknowledged", "walk_ins", "invariant_checks", "seconds"):
            setattr(total, attr, getattr(total, attr) + getattr(stats, attr))
        total.kills_by_point.update(stats.kills_by_point)
        total.after_kills.update(stats.after_kills)
        total.violations += [f"day {day}: {v}" for v in stats.violations]
        rounds_left -= stats.rounds or rounds
        day += 1
        print(f"  {stats.line()}", flush=True)
    return total


def soak_races(name: str, make, repeats: int, zygote: harness.Zygote) -> harness.RaceStats:  # noqa: ANN001
    config = harness.load_test_config()
    total = harness.RaceStats(backend=name, racers=6)
    for i in range(repeats):
        db, close = make()
        try:
            with tempfile.TemporaryDirectory(prefix="antrian-soak-race-") as logs:
                stats = harness.race(db, config, Path(logs), racers=6, families=60, seed=100 + i, backend=name,
                                     zygote=zygote)
        finally:
            close()
        total.families += stats.families
        total.attempts += stats.attempts
        total.decisions.update(stats.decisions)
        total.invariant_checks += stats.invariant_checks
        total.violations += stats.violations
        total.seconds += stats.seconds
    return total


def rest_of_the_suite(scale: int) -> tuple[int, list[str], float]:
    """pytest tests/reliability without the kill and race tests (run above), counts x `scale`."""
    env = {**os.environ, "ANTRIAN_SOAK_SCALE": str(scale), "QT_QPA_PLATFORM": "offscreen"}
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/reliability",
         "-k", "not kill_minus_nine and not racing"],
        cwd=REPO, env=env, capture_output=True, text=True,
    )
    lines = [line.removeprefix("reliability: ") for line in proc.stdout.splitlines() if line.startswith("reliability: ")]
    tail = [line for line in proc.stdout.splitlines() if " passed" in line or " failed" in line][-1:]
    return proc.returncode, lines + tail, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--kills", type=int, default=300, help="kill -9 per backend (two a round)")
    p.add_argument("--races", type=int, default=5, help="double-admission races per backend (6 processes each)")
    p.add_argument("--scale", type=int, default=5, help="multiplier of the fuzz and printer counts")
    p.add_argument("--seed", type=int, default=20261128)
    p.add_argument("--sqlite-only", action="store_true")
    p.add_argument("--skip-suite", action="store_true", help="only the kills and the races")
    args = p.parse_args(argv)

    backends = _databases(args.sqlite_only)
    kill_rows, race_rows = [], []
    with harness.Zygote() as zygote:
        for name, make in backends:
            print(f"kill -9 on {name}: {args.kills} kills ...", flush=True)
            kill_rows.append(soak_kills(name, make, args.kills, args.seed, zygote))
            print(f"races on {name}: {args.races} x 6 processes ...", flush=True)
            race_rows.append(soak_races(name, make, args.races, zygote))
    suite = None if args.skip_suite else rest_of_the_suite(args.scale)

    print()
    print("| backend | kills | at random | mid-family | before COMMIT | inside COMMIT (durable/rolled back) "
          "| after COMMIT | families in | acknowledged | invariant checks | violations | s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in kill_rows:
        k = s.kills_by_point
        print(f"| {s.backend} | {s.kills} | {k['random']} | {k['mid_family']} | {k['before_commit']} | "
              f"{k['in_commit']} ({s.in_commit_durable}/{s.in_commit_rolled_back}) | {k['after_commit']} | "
              f"{s.accepted} of {s.families} | {s.acknowledged} | {s.invariant_checks} | {len(s.violations)} | "
              f"{s.seconds:.0f} |")
    print()
    print("| backend | races | processes | check-ins | VALID | ALREADY_CHECKED_IN | invariant checks | violations | s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in race_rows:
        print(f"| {s.backend} | {s.families} families | {s.racers} | {s.attempts} | {s.decisions['VALID']} | "
              f"{s.decisions['ALREADY_CHECKED_IN']} | {s.invariant_checks} | {len(s.violations)} | {s.seconds:.0f} |")
    violations = [v for s in kill_rows + race_rows for v in s.violations]
    code = 1 if violations else 0
    if suite is not None:
        rc, lines, seconds = suite
        print(f"\nThe rest of tests/reliability, counts x{args.scale} ({seconds:.0f} s, pytest exit {rc}):")
        for line in lines:
            print(f"  {line}")
        code = code or (1 if rc else 0)
    for v in violations[:50]:
        print(f"VIOLATION {v}")
    print(f"\n{sum(s.kills for s in kill_rows)} kills, {len(violations)} violations")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
