"""What an officer's sign-in costs: the argon2id PIN hash at several costs, and the whole sign-in service.

    .venv/bin/python bench/signin.py [--repeat 10] [--db sqlite|pg|both]

Target: a sign-in (read the officer, verify the PIN, record the attempt) under 300 ms on this machine with the
config's default cost (`[staff] pin_time_cost`, `pin_memory_kib`). The table shows what each cost would take, so
an office on a slower PC can choose. A wrong PIN costs the same as a right one (plus the lock-out bookkeeping)."""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
for key in ("ANTRIAN_STAFF_PIN_TIME_COST", "ANTRIAN_STAFF_PIN_MEMORY_KIB"):
    os.environ.pop(key, None)  # the real defaults, whatever the shell says

from argon2 import PasswordHasher, Type  # noqa: E402

from bench._common import fresh_pg_database, pg_admin_url  # noqa: E402
from shared.config import DEMO_CONFIG, load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.services import staff  # noqa: E402

NIP, PIN = "198503102010011003", "482913"
COSTS = ((1, 19_456), (2, 19_456), (2, 65_536), (3, 65_536), (4, 65_536), (3, 131_072))


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def hash_costs(repeat: int, default: tuple[int, int]) -> None:
    print("argon2id verify (parallelism 1), ms:")
    for t, m in COSTS:
        ph = PasswordHasher(time_cost=t, memory_cost=m, parallelism=1, type=Type.ID)
        digest = ph.hash(PIN)
        ms = timed(lambda ph=ph, digest=digest: ph.verify(digest, PIN), repeat)
        mark = "  <- default" if (t, m) == default else ""
        print(f"  t={t} m={m // 1024:>3} MiB   median {statistics.median(ms):6.1f}   max {max(ms):6.1f}{mark}")


def service(db: Database, label: str, repeat: int) -> None:
    config = load_config(DEMO_CONFIG)
    config = dataclasses.replace(config, staff=dataclasses.replace(config.staff, lockout_attempts=20))
    db.upgrade()
    db.run(staff.add_officer, config, NIP, "Bench Officer", ["counter"], PIN, datetime.now(UTC))

    def good() -> None:
        staff.sign_in(db, config, NIP, PIN, "counter", "BENCH-1", datetime.now(UTC))

    def wrong() -> None:
        try:
            staff.sign_in(db, config, NIP, "000000", "counter", "BENCH-1", datetime.now(UTC))
        except staff.SignInRefused:
            pass

    ok_ms = timed(good, repeat)
    bad_ms = [timed(wrong, 1)[0] for _ in range(min(repeat, 5))]
    good()  # clears the wrong-PIN count
    print(f"sign-in service on {label}: good PIN median {statistics.median(ok_ms):6.1f} ms, max {max(ok_ms):6.1f}; "
          f"wrong PIN median {statistics.median(bad_ms):6.1f} ms   (target < 300 ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--db", choices=("sqlite", "pg", "both"), default="both")
    args = parser.parse_args()
    defaults = load_config(DEMO_CONFIG).staff
    hash_costs(args.repeat, (defaults.pin_time_cost, defaults.pin_memory_kib))
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            service(Database(f"sqlite:///{tmp}/signin.sqlite3"), "SQLite", args.repeat)
    admin = pg_admin_url()
    if args.db in ("pg", "both") and admin:
        service(Database(fresh_pg_database(admin)), "PostgreSQL", args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
