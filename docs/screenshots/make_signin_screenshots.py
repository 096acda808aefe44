"""Screenshots of the counter's sign-in screen, its lock screen and the counter signed in, drawn offscreen from a
real demo database with the demo's officers.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_signin_screenshots.py
writes signin.png (a wrong PIN just typed: the tries left), locked.png and counter_signed_in.png (1280x800)
next to this script.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from make_counter_screenshots import seed, wait_ms  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from shared.config import Config, load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.qt.tasks import TaskRunner  # noqa: E402
from shared.services import staff  # noqa: E402

OFFICERS = (("198703152010121002", "Siti Rahmawati", "counter", "246810"),
            ("197905202005011001", "Bambang Hartono", "supervisor,counter", "135790"))
NIP, PIN = OFFICERS[0][0], OFFICERS[0][3]


def register(db: Database, config: Config, now: datetime) -> None:
    for nip, name, roles, pin in OFFICERS:
        db.run(staff.add_officer, config, nip, name, roles, pin, now)


def type_in(frame, nip: str | None, pin: str) -> None:
    screen = frame.sign_in
    if nip is not None:
        screen.nip.setText(nip)
    screen.pin.setText(pin)
    screen.submit()
    for _ in range(50):
        wait_ms(100)
        if not screen.checking:
            return


def screens(config: Config, db: Database, now: datetime) -> None:
    from kiosk.counter.window import CounterWindow
    from shared.qt.auth import SignedInFrame

    runner = TaskRunner(db)
    frame = SignedInFrame(config, runner, db, "counter", config.station.name, place="Loket 1",
                          require_sign_in=True, clock=lambda: now)
    window = CounterWindow(config, runner, "Loket 1", clock=lambda: now, session=frame.session, db=db)
    frame.set_content(window)
    frame.resize(1280, 800)
    frame.show()
    wait_ms(600)
    type_in(frame, NIP, "135799")  # a wrong PIN: the strip says how many tries are left
    frame.grab().save(str(HERE / "signin.png"))
    type_in(frame, NIP, PIN)
    wait_ms(1200)
    frame.grab().save(str(HERE / "counter_signed_in.png"))
    frame.session.lock()
    wait_ms(300)
    frame.grab().save(str(HERE / "locked.png"))
    frame.session.shutdown()
    frame.close()
    runner.shutdown()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)  # noqa: F841 - alive for the widgets
    config = load_config(HERE.parent.parent / "demo" / "config.toml", environ={})
    config = dataclasses.replace(config, station=dataclasses.replace(config.station, name="LOKET-PC-1"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'screens.sqlite3'}")
        db.upgrade()
        now = seed(db, config)
        register(db, config, now - timedelta(hours=2))
        screens(config, db, now)
        db.dispose()
    print("written: signin.png, locked.png, counter_signed_in.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
