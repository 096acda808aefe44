"""Benchmark: a 10,000-booking day synced from the simulator into a fresh SQLite file (target <= 3 s).

    .venv/bin/python bench/sync.py [--bookings 10000] [--page-size 500] [--database URL]

Prints the fetch time (HTTP + JSON, all pages), the import time (parse + upsert, one transaction) and the total,
then the same for a second sync (ETag: 304) and a changes-only sync after 50 cancellations.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo.booking_sim import SimServer  # noqa: E402
from shared.booking import BookingClient  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.services.sync import sync_day  # noqa: E402

OFFICE = "KANIM-KETAPANG"


def _line(label: str, report, total: float) -> str:
    return (
        f"{label:<22} fetched {report.fetched:>6} in {report.pages:>3} pages | fetch {report.fetch_seconds:6.3f} s"
        f" | import {report.import_seconds:6.3f} s | total {total:6.3f} s | inserted {report.inserted}"
        f" updated {report.updated} skipped {len(report.skipped)}{' (304)' if report.not_modified else ''}"
    )


def run(bookings: int, page_size: int, url: str | None) -> float:
    day = date(2026, 11, 28)
    print(f"generating {bookings} demo bookings ...", flush=True)
    with SimServer(day, OFFICE, count=bookings, page_size=page_size) as sim, tempfile.TemporaryDirectory() as tmp:
        db = Database(url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        db.upgrade()
        with BookingClient(sim.url, "demo-token", OFFICE) as client:
            started = time.perf_counter()
            first = sync_day(db, client, day)
            total = time.perf_counter() - started
            assert first.ok, first.error
            print(_line("full sync", first, total))
            started = time.perf_counter()
            print(_line("again (ETag)", sync_day(db, client, day), time.perf_counter() - started))
            for code in sorted(sim.state.bookings)[::max(1, bookings // 50)][:50]:
                sim.cancel(code)
            started = time.perf_counter()
            print(_line("50 cancellations", sync_day(db, client, day), time.perf_counter() - started))
        db.dispose()
    verdict = "OK" if total <= 3.0 else "SLOWER THAN TARGET"
    print(f"full sync of {bookings} bookings: {total:.2f} s (target <= 3 s): {verdict}")
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--database", default=None, help="default: a SQLite file in a temp dir")
    args = parser.parse_args()
    run(args.bookings, args.page_size, args.database)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
