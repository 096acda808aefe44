"""Screenshots of the supervisor window, drawn offscreen from a demo-like morning in a fresh SQLite file.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_supervisor_screenshots.py
writes supervisor.png (today, with an alert) and supervisor-report.png (the report page, by hour), 1400x900,
next to this script.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from demo.data import demo_payload  # noqa: E402
from shared.config import Config, load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.qt.tasks import TaskRunner  # noqa: E402
from shared.services import counter_ops  # noqa: E402
from shared.services.bookings_import import import_bookings, parse_bookings_payload  # noqa: E402
from shared.services.checkin import check_in  # noqa: E402
from shared.services.print_jobs import create_job, mark_printed  # noqa: E402
from shared.services.stations import StationClaim, beat, claim_station  # noqa: E402
from shared.services.tickets import issue_walk_in  # noqa: E402

DAY = date(2026, 11, 28)


def wait_ms(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def printed(db: Database, tickets, when: datetime) -> None:
    """Each ticket's print job, printed (the gate's unprinted count stays small)."""
    for ticket in tickets:
        job = db.run(create_job, ticket.id, "preview", when)
        db.run(mark_printed, job.id, None, when)


def seed(db: Database, config: Config) -> datetime:
    """A morning: bookings checked in around their slots, walk-ins, four lokets at work; returns 'now' (11:40)."""
    tz = config.office.tz
    rng = random.Random(13)
    at = lambda h, m=0: datetime(DAY.year, DAY.month, DAY.day, h, m, tzinfo=tz)  # noqa: E731
    payload = demo_payload(DAY, config.office.code, 70, 7, config.office.timezone)
    records, _problems = parse_bookings_payload(payload)
    db.run(import_bookings, records, at(6))
    db.run(counter_ops.ensure_counters, config)
    arrivals = []
    for b in payload["bookings"]:
        if b["status"] == "active" and rng.random() < 0.85:
            h, m = map(int, b["slot"]["start"].split(":"))
            arrivals.append((at(h, m) + timedelta(minutes=rng.randint(-40, 20)), b["booking_code"]))
    now = at(11, 40)
    busy_until: dict[str, datetime | None] = {c.name: None for c in config.counters}
    t = at(7, 30)
    while t < now:
        for when, code in [a for a in arrivals if t <= a[0] < t + timedelta(minutes=1)]:
            printed(db, db.run(check_in, config, code, "GATE-1", when).tickets, when)
        if rng.random() < 0.12:
            printed(db, [db.run(issue_walk_in, config, rng.choice(("pickup", "pickup", "info")), t)], t)
        if t == at(11, 5):
            db.run(counter_ops.set_paused, config, "Loket 2", True, t)
        for name, until in busy_until.items():
            if name == "Loket 2" and t >= at(11, 5):
                continue
            if until is not None and t >= until:
                finish = counter_ops.transfer if name in ("Loket 1", "Loket 2") and rng.random() < 0.5 else None
                if finish is not None:
                    db.run(finish, config, name, "D", t)
                else:
                    db.run(counter_ops.done, config, name, t)
                busy_until[name] = None
            if busy_until[name] is None:
                result = db.run(counter_ops.call_next, config, name, t)
                if result.ticket is not None:
                    minutes = {"Loket 3": 3, "Loket 4": 5}.get(name, 7)
                    busy_until[name] = t + timedelta(minutes=rng.randint(minutes - 2, minutes + 4))
        t += timedelta(minutes=1)
    for i, (name, role, host) in enumerate((("GATE-1", "gate", "pc-gerbang"), ("LOKET-1", "counter", "pc-loket-1"),
                                            ("LOKET-2", "counter", "pc-loket-2"), ("LOKET-3", "counter", "pc-loket-3"),
                                            ("LOKET-4", "counter", "pc-loket-4"), ("BOARD-1", "board", "pc-layar"),
                                            ("KIOSK-1", "kiosk", "pc-kios"))):
        db.run(claim_station, name, role, host, 1000 + i, at(7, 15))
        last = now - timedelta(minutes=4) if name == "KIOSK-1" else now - timedelta(seconds=12 + i)
        db.run(beat, StationClaim(name, role, host, 1000 + i), last)
    return now


def main() -> int:
    from kiosk.supervisor.window import SupervisorWindow

    app = QApplication.instance() or QApplication([])
    config = load_config(HERE.parent.parent / "demo" / "config.toml", environ={})
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'antrian.sqlite3'}")
        db.upgrade()
        now = seed(db, config)
        runner = TaskRunner(db)
        window = SupervisorWindow(config, runner, clock=lambda: now, refresh_ms=60_000, beep=lambda: None)
        window.resize(1400, 900)
        window.show()
        wait_ms(1500)
        window.grab().save(str(HERE / "supervisor.png"))
        window.tabs.setCurrentWidget(window.report)
        window.report.set_period(DAY, DAY, "hour")
        window.load_report()
        wait_ms(1500)
        window.grab().save(str(HERE / "supervisor-report.png"))
        window.close()
        runner.shutdown()
        db.dispose()
    app.processEvents()
    print("wrote", HERE / "supervisor.png", HERE / "supervisor-report.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
