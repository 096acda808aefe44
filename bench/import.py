"""Import a 10,000-booking day (target <= 2 s) and time booking-code lookups (target <= 1 ms), on SQLite.

    .venv/bin/python bench/import.py [--bookings 10000] [--url URL]"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from bench._common import median, pct  # noqa: E402
from demo.data import demo_payload  # noqa: E402
from shared.config import DEMO_CONFIG, load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.db.models import Booking  # noqa: E402
from shared.services.bookings_import import import_bookings, parse_bookings_payload  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=10_000)
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    config = load_config(DEMO_CONFIG, environ={})
    url = args.url or f"sqlite:///{tempfile.mkdtemp()}/import.sqlite3"
    db = Database(url)
    db.upgrade()
    day = date.today()
    payload = demo_payload(day, config.office.code, args.bookings, seed=11, timezone=config.office.timezone)
    now = datetime.now(config.office.tz)
    t0 = time.perf_counter()
    records, problems = parse_bookings_payload(payload)
    t1 = time.perf_counter()
    report = db.run(import_bookings, records, now)
    t2 = time.perf_counter()
    again = db.run(import_bookings, records, now)
    t3 = time.perf_counter()
    codes = [r.code for r in records]
    random.Random(1).shuffle(codes)
    lookups = []
    with db.sessions() as session:
        for code in codes[:2000]:
            s = time.perf_counter()
            session.execute(select(Booking.id, Booking.status).where(Booking.code == code)).one()
            lookups.append((time.perf_counter() - s) * 1000)
    print(f"database: {db.engine.dialect.name}")
    print(f"bookings: {len(records)} parsed ({len(problems)} skipped), {report.inserted} inserted")
    print(f"parse: {t1 - t0:.2f} s   import (new day): {t2 - t1:.2f} s   total: {t2 - t0:.2f} s   target <= 2 s")
    print(f"re-import (all unchanged): {t3 - t2:.2f} s ({again.unchanged} unchanged)")
    print(f"code lookup: median {median(lookups):.3f} ms, p99 {pct(lookups, 99):.3f} ms over {len(lookups)}   target <= 1 ms")
    db.dispose()


if __name__ == "__main__":
    main()
