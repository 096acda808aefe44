"""How every kiosk role stops: SIGTERM/SIGINT quit the Qt app cleanly (exit 0), and the demo's autopilot contract.

Environment (set by `demo.run`, see README):
- ANTRIAN_AUTOPILOT=SECONDS: a pilot drives the real window for SECONDS, then the role waits for what is still
  on its way (bounded), saves a screenshot and quits with 0.
- ANTRIAN_DEMO_OUTPUT=DIR: screenshots go to DIR/screenshots/<role>.png (the board also writes its
  announcements to DIR/announcements, see kiosk.board.autopilot).

Python runs signal handlers only between bytecodes; while Qt waits in C++ nothing would run them. A 200 ms
timer hands control back to Python often enough, and the handler only queues the quit onto the event loop.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

AUTOPILOT_ENV = "ANTRIAN_AUTOPILOT"
OUTPUT_ENV = "ANTRIAN_DEMO_OUTPUT"
WAKE_MS = 200
SETTLE_SECONDS = 15.0  # longest wait for a running action or print after the autopilot stops


class Pilot(Protocol):
    def stop(self) -> None: ...

    def idle(self) -> bool: ...


def say(*parts: object) -> None:
    """One action, one line on stdout (the demo keeps it in logs/<role>.log)."""
    print(" ".join(str(p) for p in parts), flush=True)


def autopilot_seconds(environ: os._Environ | dict[str, str] = os.environ) -> float | None:
    raw = environ.get(AUTOPILOT_ENV, "").strip()
    if not raw:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if seconds <= 0:
        print(f"{AUTOPILOT_ENV}={raw!r}: harus detik > 0 / must be seconds > 0", file=sys.stderr)
        raise SystemExit(2)
    return seconds


def demo_output(environ: os._Environ | dict[str, str] = os.environ) -> Path | None:
    raw = environ.get(OUTPUT_ENV, "").strip()
    return Path(raw) if raw else None


def role_slug(name: str) -> str:
    """'Loket 1' -> 'loket-1' (file names)."""
    return "-".join(name.lower().split())


class RoleLifecycle(QObject):
    """Owns the way out: a signal, or the autopilot's end -> stop the pilot, let it settle, screenshot, quit."""

    def __init__(self, app: QApplication, window: QWidget, role: str, pilot: Pilot | None = None,
                 seconds: float | None = None, settle_seconds: float = SETTLE_SECONDS) -> None:
        super().__init__(window)
        self._app, self._window, self._role, self._pilot = app, window, role, pilot
        self._autopilot = seconds is not None
        self._settle_seconds = settle_seconds
        self._finishing = False
        self._ready_signal = None
        self._deadline = 0.0
        self._wake = QTimer(self, interval=WAKE_MS, timeout=lambda: None)
        self._wake.start()
        self._settle = QTimer(self, interval=100, timeout=self._on_settle_timeout)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)
        if seconds is not None:
            QTimer.singleShot(round(seconds * 1000), self, self.finish)

    @property
    def finishing(self) -> bool:
        return self._finishing

    def ready_on(self, signal_instance) -> None:
        """Print `READY <role>` once, at the window's first read: from then on it sees what others write."""
        self._ready_signal = signal_instance
        signal_instance.connect(self._on_window_ready)

    def _on_window_ready(self, *_args: object) -> None:
        self._ready_signal.disconnect(self._on_window_ready)
        say("READY", self._role)

    def _on_signal(self, signum: int, _frame: object) -> None:
        say("SIGNAL", signal.Signals(signum).name, self._role)
        QTimer.singleShot(0, self, self.finish)  # out of the handler, onto the event loop

    def finish(self) -> None:
        if self._finishing:
            return
        self._finishing = True
        if self._pilot is not None:
            self._pilot.stop()
        self._deadline = time.monotonic() + self._settle_seconds
        self._settle.start()
        self._on_settle_timeout()

    def _on_settle_timeout(self) -> None:
        idle = self._pilot is None or self._pilot.idle()
        if not idle and time.monotonic() < self._deadline:
            return
        self._settle.stop()
        if not idle:
            say("SETTLE-TIMEOUT", self._role)
        if self._autopilot:
            self.save_screenshot()
        say("QUIT", self._role)
        self._app.quit()

    def save_screenshot(self) -> Path | None:
        out = demo_output()
        if out is None:
            return None
        path = out / "screenshots" / f"{self._role}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        ok = self._window.grab().save(str(path))
        say("SCREENSHOT" if ok else "SCREENSHOT-FAILED", path)
        return path if ok else None
