"""Screenshots of the counter window and the walk-in kiosk, drawn offscreen from a real demo database.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_counter_screenshots.py
writes counter.png (1280x800), kiosk-start.png and kiosk-ticket.png (1080x1920 portrait) and their
-landscape twins (1280x800, the demo window) next to this script.
"""

from __future__ import annotations

import os
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
from shared.services.tickets import issue_walk_in  # noqa: E402

DAY = date(2026, 11, 28)


def wait_ms(ms: int) -> None:
    """An event loop, not QTest.qWait: the worker threads need the GIL released while we wait."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def seed(db: Database, config: Config) -> datetime:
    """Demo bookings checked in through the morning, one ticket called at Loket 1; returns 'now'."""
    tz = config.office.tz
    start = datetime.combine(DAY, datetime.min.time(), tzinfo=tz).replace(hour=7, minute=20)
    payload = demo_payload(DAY, config.office.code, 30, 7, config.office.timezone)
    records, _problems = parse_bookings_payload(payload)
    db.run(import_bookings, records, start)
    active = [b for b in payload["bookings"] if b["status"] == "active" and b["slot"]["start"] in ("08:00", "09:00")]
    for i, booking in enumerate(active):
        db.run(check_in, config, booking["booking_code"], "GATE-1", start + timedelta(minutes=6 * i))
    now = start + timedelta(minutes=6 * len(active) + 4)
    for kind in ("pickup", "info", "priority"):
        db.run(issue_walk_in, config, kind, now - timedelta(minutes=3))
    db.run(counter_ops.call_next, config, "Loket 1", now - timedelta(minutes=2))
    db.run(counter_ops.call_next, config, "Loket 1", now - timedelta(minutes=1))
    db.run(counter_ops.save_checklist, config, "Loket 1", {"e-KTP / ID card": True}, now)
    return now


def counter_screenshot(config: Config, db: Database, now: datetime, out: Path) -> None:
    from kiosk.counter.messages import CALLING
    from kiosk.counter.window import CounterWindow
    from shared.palette import Level

    runner = TaskRunner(db)
    window = CounterWindow(config, runner, "Loket 1", clock=lambda: now)
    window.resize(1280, 800)
    window.show()
    wait_ms(1200)
    window.set_message(CALLING.format(number=window.panel.number.text()), Level.OK)
    wait_ms(100)
    window.grab().save(str(out))
    window.close()
    runner.shutdown()


def kiosk_screenshots(config: Config, db: Database, now: datetime, tmp: Path, out: Path) -> None:
    """Start page and "your number" page, portrait (the kiosk) and landscape (the demo window)."""
    import dataclasses

    from kiosk.walkin.window import KioskWindow
    from printing.service import TicketPrinter

    config = dataclasses.replace(config, printer=dataclasses.replace(config.printer, url=f"preview://{tmp / 'tickets'}"))
    runner = TaskRunner(db)
    window = KioskWindow(config, runner, TicketPrinter(config), clock=lambda: now)
    for size, suffix in (((1080, 1920), ""), ((1280, 800), "-landscape")):
        window.resize(*size)
        window.show()
        wait_ms(300)
        window.grab().save(str(out / f"kiosk-start{suffix}.png"))
        window.start_page.kind_chosen.emit("pickup")
        wait_ms(1500)
        window.grab().save(str(out / f"kiosk-ticket{suffix}.png"))
        window.back_to_start()
        window._ready_at = 0.0  # the next "tap" is the script's, not a double tap
    window.close()
    runner.shutdown()
    offline_screenshot(config, db, now, out / "kiosk-printer-offline.png")


def offline_screenshot(config: Config, db: Database, now: datetime, path: Path) -> None:
    """The printer is off (nothing listens on its port): the number is shown and kept, the message says what to do."""
    import dataclasses
    import socket

    from kiosk.walkin.window import KioskWindow
    from printing.service import TicketPrinter

    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
    printer = dataclasses.replace(config.printer, url=f"network://127.0.0.1:{port}", timeout_seconds=1.0)
    config = dataclasses.replace(config, printer=printer)
    runner = TaskRunner(db)
    window = KioskWindow(config, runner, TicketPrinter(config), clock=lambda: now)
    window.resize(1280, 800)
    window.show()
    window.start_page.kind_chosen.emit("info")
    wait_ms(2000)
    window.grab().save(str(path))
    window.close()
    runner.shutdown()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)  # noqa: F841 - alive for the widgets
    config = load_config(HERE.parent.parent / "config.toml", environ={"ANTRIAN_STATION_NAME": "LOKET-PC-1"})
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'screens.sqlite3'}")
        db.upgrade()
        now = seed(db, config)
        counter_screenshot(config, db, now, HERE / "counter.png")
        if "--counter-only" not in sys.argv:
            kiosk_screenshots(config, db, now, Path(tmp), HERE)
        db.dispose()
    print("written:", ", ".join(p.name for p in sorted(HERE.glob("*.png")) if p.name.startswith(("counter", "kiosk"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
