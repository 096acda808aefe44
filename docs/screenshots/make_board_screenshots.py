"""Screenshots of the public board: docs/screenshots/board.png (1920x1080) and board-720p.png (1280x720).

A fresh SQLite database gets a demo morning (the bookings whose applicants have come checked in, walk-ins),
counters call a few numbers over the last minutes, the newest one just now; then `antrian-board --snapshot`
renders the board offscreen, exactly as the installed command does, on the same morning (ANTRIAN_CLOCK), so
the estimated waits are a morning's, whatever the time the script runs.

    .venv/bin/python docs/screenshots/make_board_screenshots.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from demo.data import demo_payload  # noqa: E402
from shared.config import load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.services import counter_ops  # noqa: E402
from shared.services.bookings_import import import_bookings, parse_bookings_payload  # noqa: E402
from shared.services.checkin import check_in  # noqa: E402
from shared.services.tickets import issue_walk_in  # noqa: E402

OUT = Path(__file__).resolve().parent
STATION = "BOARD-1"  # the repo's config.toml names no station; the board needs one
DAY = date(2026, 11, 26)  # a Thursday
AT = (9, 40)  # the board's time: mid-morning
SIZES = {"board.png": "1920x1080", "board-720p.png": "1280x720"}
# (minutes ago, counter): older calls first; the last is the fresh one that blinks
CALLS = [(14, "Loket 1"), (12, "Loket 2"), (10, "Loket 3"), (8, "Loket 1"), (6, "Loket 2"), (5, "Loket 3"),
         (3, "Loket 1"), (2, "Loket 2"), (0, "Loket 3")]


def populate(db: Database) -> datetime:
    """The demo morning up to `AT`; returns that moment."""
    config = load_config(REPO / "config.toml", environ={"ANTRIAN_STATION_NAME": STATION})
    now = datetime.combine(DAY, datetime.min.time(), tzinfo=config.office.tz).replace(hour=AT[0], minute=AT[1])
    payload = demo_payload(DAY, config.office.code, 40, 7, config.office.timezone)
    records, _problems = parse_bookings_payload(payload)
    db.run(import_bookings, records, now - timedelta(hours=3))
    db.run(counter_ops.ensure_counters, config)
    for booking in payload["bookings"]:
        if booking["status"] != "active":
            continue
        start = datetime.fromisoformat(f"{booking['date']}T{booking['slot']['start']}").replace(tzinfo=config.office.tz)
        if start - timedelta(minutes=20) <= now - timedelta(minutes=15):  # the later ones have not come yet
            db.run(check_in, config, booking["booking_code"], "GATE-1", start - timedelta(minutes=20))
    for i in range(14):
        db.run(issue_walk_in, config, ("pickup", "info")[i % 2], now - timedelta(minutes=40 - i))
    for minutes_ago, counter in CALLS:
        db.run(counter_ops.call_next, config, counter, now - timedelta(minutes=minutes_ago, seconds=1))
    return now


def snapshot(db_path: Path, name: str, size: str, now: datetime) -> None:
    env = dict(os.environ, ANTRIAN_DATABASE_URL=f"sqlite:///{db_path}", QT_QPA_PLATFORM="offscreen",
               ANTRIAN_STATION_NAME=STATION, ANTRIAN_CONFIG=str(REPO / "config.toml"),
               ANTRIAN_CLOCK=f"{now.isoformat()}@{time.time()}")
    exe = REPO / ".venv" / "bin" / "antrian-board"
    subprocess.run([str(exe), "--snapshot", str(OUT / name), "--size", size], env=env, check=True)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "board-demo.sqlite3"
        db = Database(f"sqlite:///{db_path}")
        db.upgrade()
        now = populate(db)
        db.dispose()
        for name, size in SIZES.items():
            snapshot(db_path, name, size, now)
    return 0


if __name__ == "__main__":
    sys.exit(main())
