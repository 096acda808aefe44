"""The gate with officers, from the real window (offscreen, 1280x800): signed in, and the supervisor dialog over a
TOO_LATE card.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_supervisor_dialog_screenshot.py [OUT_DIR]

A temporary SQLite database gets the gate scenario and the demo's officers (demo/officers.py); the gate officer
signs in through the sign-in screen, codes are typed like a hand scanner, and the tickets print to a loopback
ESC/POS printer. The dialog is a window of its own: it is painted onto the window's picture where it stands.
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
from PySide6.QtGui import QColor, QPainter  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from demo import officers  # noqa: E402
from demo.gate_scenario import build_scenario  # noqa: E402
from docs.screenshots.make_gate_screenshots import show_camera_frame, type_code, wait_until  # noqa: E402
from printing.service import TicketPrinter  # noqa: E402
from printing.testing import LoopbackPrinter  # noqa: E402
from scanner.decode.debounce import SharedDebouncer  # noqa: E402
from scanner.gate.camera import CAMERA_ON  # noqa: E402
from scanner.gate.sounds import SoundBoard  # noqa: E402
from scanner.gate.window import GateWindow  # noqa: E402
from shared.config import load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.domain import Decision  # noqa: E402
from shared.palette import Level  # noqa: E402
from shared.qt.tasks import TaskRunner  # noqa: E402

WRONG_PIN = "000000"
REASON = "Bus dari Sukadana terlambat karena banjir"


def sign_in(app: QApplication, window: GateWindow, officer: officers.DemoOfficer) -> None:
    screen = window.frame.sign_in
    wait_until(app, lambda: screen.isEnabled())
    QTest.keyClicks(screen.nip, officer.nip)
    QTest.keyClick(screen.nip, Qt.Key.Key_Return)
    QTest.keyClicks(screen.pin, officer.pin)
    QTest.keyClick(screen.pin, Qt.Key.Key_Return)
    wait_until(app, lambda: window.admitting)


def scan(app: QApplication, window: GateWindow, code: str, decision: Decision) -> None:
    show_camera_frame(window, code)
    type_code(window, code)
    wait_until(app, lambda: window.card.decision is decision)
    if decision is Decision.VALID:
        wait_until(app, lambda: all("✔" in s or "✖" in s for s in window.card.print_states.values()))
    window.status.refresh()
    wait_until(app, lambda: not window.status.refreshing)


def with_dialog(window: GateWindow):
    """The window's picture, dimmed a little as a window-modal dialog leaves it, with the dialog on top."""
    picture = window.grab()
    dialog = window.dialog
    dialog.adjustSize()
    dialog.move(window.geometry().center() - dialog.rect().center())  # where Qt puts it over a real window
    QApplication.processEvents()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 70))
    corner = dialog.mapToGlobal(dialog.rect().topLeft()) - window.mapToGlobal(window.rect().topLeft())
    painter.drawPixmap(corner, dialog.grab())
    painter.setPen(QColor("#5f6368"))
    painter.drawRect(corner.x() - 1, corner.y() - 1, dialog.width() + 1, dialog.height() + 1)
    painter.end()
    return picture


def ask_supervisor_with_a_wrong_pin(app: QApplication, window: GateWindow) -> None:
    QTest.mouseClick(window.card.override_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    QTest.keyClicks(dialog.nip_field, officers.SUPERVISOR.nip)
    QTest.keyClick(dialog.nip_field, Qt.Key.Key_Return)
    QTest.keyClicks(dialog.pin_field, WRONG_PIN)
    QTest.keyClicks(dialog.reason_field, REASON)
    QTest.keyClick(dialog.reason_field, Qt.Key.Key_Return)
    wait_until(app, lambda: dialog.refusal is not None and not dialog.checking)
    QTest.keyClicks(dialog.pin_field, "135")  # the supervisor types again
    dialog.reason_field.setCursorPosition(0)
    app.processEvents()


def main(out: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, LoopbackPrinter() as printer:
        config = load_config(REPO / "config.toml", environ={"ANTRIAN_STATION_NAME": "GATE-1"})
        config = replace(config, printer=replace(config.printer, url=printer.url),
                         staff=replace(config.staff, pin_time_cost=1, pin_memory_kib=1024))
        db = Database(f"sqlite:///{Path(tmp) / 'gate.sqlite3'}")
        db.upgrade()
        scenario = build_scenario(db, config)
        officers.seed_officers(db, config, scenario.now)
        runner = TaskRunner(db)
        window = GateWindow(config, runner, TicketPrinter(config), clock=lambda: scenario.now, db=db,
                            sounds=SoundBoard(enabled=False), debouncer=SharedDebouncer(0.0), card_seconds=600)
        window.resize(1280, 800)
        window.show()
        window.status_bar.set_camera(Level.OK, CAMERA_ON)
        sign_in(app, window, officers.GATE)
        scan(app, window, scenario.codes[Decision.VALID], Decision.VALID)
        time.sleep(0.2)
        app.processEvents()
        window.grab().save(str(out / "gate_signed_in.png"))
        print(out / "gate_signed_in.png")
        scan(app, window, scenario.codes[Decision.TOO_LATE], Decision.TOO_LATE)
        ask_supervisor_with_a_wrong_pin(app, window)
        with_dialog(window).save(str(out / "supervisor_dialog.png"))
        print(out / "supervisor_dialog.png")
        window.dialog.reject()
        window.close()
        runner.shutdown()
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent))
