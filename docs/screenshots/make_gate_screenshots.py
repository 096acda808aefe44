"""Screenshots of every gate decision from the real window (offscreen, 1280x800).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_gate_screenshots.py [OUT_DIR]

A temporary SQLite database gets the gate scenario (one booking per decision); each code is typed through the
keyboard-wedge path like a hand scanner, and the tickets print to a loopback ESC/POS printer.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANTRIAN_SOUND", "0")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from demo.camera import render_frame  # noqa: E402
from demo.gate_scenario import build_scenario  # noqa: E402
from printing.service import TicketPrinter  # noqa: E402
from printing.testing import LoopbackPrinter  # noqa: E402
from scanner.decode.debounce import SharedDebouncer  # noqa: E402
from scanner.decode.decoder import make_decoder  # noqa: E402
from scanner.gate.camera import CAMERA_ON  # noqa: E402
from scanner.gate.sounds import SoundBoard  # noqa: E402
from scanner.gate.window import GateWindow  # noqa: E402
from shared.config import load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.domain import Decision  # noqa: E402
from shared.palette import Level  # noqa: E402
from shared.qt.tasks import TaskRunner  # noqa: E402

SHOTS = {
    Decision.VALID: "gate-valid.png",
    Decision.ALREADY_CHECKED_IN: "gate-already.png",
    Decision.TOO_LATE: "gate-too-late.png",
    Decision.UNKNOWN: "gate-unknown.png",
    Decision.MALFORMED: "gate-malformed.png",
    Decision.WRONG_DATE: "gate-wrong-date.png",
    Decision.TOO_EARLY: "gate-too-early.png",
    Decision.CANCELLED: "gate-cancelled.png",
    Decision.WITHDRAWN: "gate-withdrawn.png",
    Decision.WRONG_OFFICE: "gate-wrong-office.png",
}


def wait_until(app: QApplication, predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the gate window did not reach the expected state")
        app.processEvents()
        time.sleep(0.01)


def show_camera_frame(window: GateWindow, code: str) -> None:
    """A demo camera frame of the phone showing `code`, with the decoder's outline, in the preview."""
    frame = render_frame(code if code.isalnum() else None, seed=len(code))
    window.preview.show_frame(frame)
    codes = make_decoder("pyzbar").decode(frame)
    window.preview.set_codes([list(c.polygon) for c in codes])


def type_code(window: GateWindow, code: str) -> None:
    QTest.keyClicks(window, code)
    QTest.keyClick(window, Qt.Key.Key_Return)


def main(out: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, LoopbackPrinter() as printer:
        config = load_config(REPO / "config.toml", environ={"ANTRIAN_STATION_NAME": "GATE-1"})
        config = replace(config, printer=replace(config.printer, url=printer.url))
        db = Database(f"sqlite:///{Path(tmp) / 'gate.sqlite3'}")
        db.upgrade()
        scenario = build_scenario(db, config)
        runner = TaskRunner(db)
        window = GateWindow(config, runner, TicketPrinter(config), clock=lambda: scenario.now,
                            sounds=SoundBoard(enabled=False), debouncer=SharedDebouncer(0.0))
        window.resize(1280, 800)
        window.show()
        window.status_bar.set_camera(Level.OK, CAMERA_ON)
        for decision, name in SHOTS.items():
            code = scenario.codes[decision]
            show_camera_frame(window, code)
            type_code(window, code)
            wait_until(app, lambda d=decision: window.card.decision is d)
            if decision is Decision.VALID:
                wait_until(app, lambda: all("✔" in s or "✖" in s for s in window.card.print_states.values()))
            window.status.refresh()
            wait_until(app, lambda: not window.status.refreshing)
            app.processEvents()
            window.grab().save(str(out / name))
            print(out / name)
        window.close()
        runner.shutdown()
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent))
