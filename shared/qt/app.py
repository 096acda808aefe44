"""One way to start, run and stop every role's window.

- `load_role(role)`: config and database first (a wrong value stops with its message, exit 2), before any window.
- `make_app(role)`: the QApplication with the office's organisation name for QSettings.
- `RoleLifecycle` / `run_role(...)`: SIGTERM and SIGINT quit cleanly (exit 0); an optional pilot drives the
  real window (the demo's); at the end the pilot is stopped, may settle, a screenshot is saved and the app quits.

The pilot hook, the one door through which a demo (or a test) drives a shipped role without the role knowing it:
- `ANTRIAN_PILOT=module:factory` — after the window is built, `factory(window, lifecycle)` is called and returns
  a `Pilot` (or None). The factory lives outside the product (the demo's drivers are in `demo/pilots/`);
- `ANTRIAN_AUTOPILOT=SECONDS` — the role finishes by itself after SECONDS (a pilot may call
  `lifecycle.finish()` sooner, when its work is done);
- `ANTRIAN_DEMO_OUTPUT=DIR` — on an autopilot finish the window is saved to DIR/screenshots/<role>.png.
Each step is one stdout line (`READY <role>`, `SIGNAL …`, `SCREENSHOT <path>`, `QUIT <role>`), for the demo's logs.

Python runs signal handlers only between bytecodes; while Qt waits in C++ nothing would run them. A 200 ms
timer hands control back to Python often enough, and the handler only queues the finish onto the event loop.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from shared.config import Config, ConfigError, load_config
from shared.db.engine import Database, open_database
from shared.db.errors import DatabaseError
from shared.text import Text

PILOT_ENV = "ANTRIAN_PILOT"
AUTOPILOT_ENV = "ANTRIAN_AUTOPILOT"
OUTPUT_ENV = "ANTRIAN_DEMO_OUTPUT"
WAKE_MS = 200
SETTLE_SECONDS = 15.0  # longest wait for an action or a print under way once the pilot is stopped

log = logging.getLogger(__name__)


@dataclass
class RoleContext:
    config: Config
    db: Database


def load_role(role: str) -> RoleContext:
    """Config and database for a role, or exit 2 with the config error on stderr (before any window)."""
    logging.basicConfig(level=os.environ.get("ANTRIAN_LOG_LEVEL", "INFO"),
                        format=f"%(asctime)s {role} %(levelname)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # schema checks at start are not news
    try:
        config = load_config()
    except ConfigError as exc:
        print(f"antrian-{role}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    try:
        db = open_database(config.database.url)
    except (DatabaseError, OSError) as exc:
        what = Text("Basis data tidak terjangkau", "Database unreachable")
        print(f"antrian-{role}: {what.line()} ({config.database.url or 'SQLite default'}): "
              f"{exc.__class__.__name__}: {(str(exc).splitlines() or [''])[0]}", file=sys.stderr)
        raise SystemExit(2) from None
    return RoleContext(config=config, db=db)


def make_app(role: str, argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName("Antrian")
    app.setApplicationName(f"antrian-{role}")
    return app


# ---- the lifecycle and the pilot hook


class Pilot(Protocol):
    def stop(self) -> None:
        """No new actions from now on (the lifecycle is finishing)."""

    def idle(self) -> bool:
        """True when nothing the pilot started is still on its way (an action, a print)."""


def say(*parts: object) -> None:
    """One step, one line on stdout (the demo keeps it in logs/<role>.log)."""
    print(" ".join(str(p) for p in parts), flush=True)


def autopilot_seconds(environ: Mapping[str, str] = os.environ) -> float | None:
    """ANTRIAN_AUTOPILOT as seconds > 0, None when unset; anything else stops the role with exit 2."""
    raw = environ.get(AUTOPILOT_ENV, "").strip()
    if not raw:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds > 0 or seconds == float("inf"):
        problem = Text("harus jumlah detik > 0", "must be a number of seconds > 0")
        print(f"{AUTOPILOT_ENV}={raw!r}: {problem.line()}", file=sys.stderr)
        raise SystemExit(2)
    return seconds


def demo_output(environ: Mapping[str, str] = os.environ) -> Path | None:
    raw = environ.get(OUTPUT_ENV, "").strip()
    return Path(raw) if raw else None


def role_slug(name: str) -> str:
    """'Loket 1' -> 'loket-1' (file names)."""
    return "-".join(name.lower().split())


def load_pilot(window: QWidget, lifecycle: RoleLifecycle, environ: Mapping[str, str] = os.environ) -> Pilot | None:
    """The pilot ANTRIAN_PILOT names (`module:factory`), built on this window; a bad name stops with exit 2."""
    spec = environ.get(PILOT_ENV, "").strip()
    if not spec:
        return None
    module_name, _, factory_name = spec.partition(":")
    try:
        factory: Callable[[QWidget, RoleLifecycle], Pilot | None] = getattr(
            importlib.import_module(module_name), factory_name or "start")
    except (ImportError, AttributeError) as exc:
        problem = Text("pilot tidak ditemukan", "pilot not found")
        print(f"{PILOT_ENV}={spec!r}: {problem.line()}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    return factory(window, lifecycle)


class RoleLifecycle(QObject):
    """Owns the way out: a signal, the autopilot's time, or the pilot's own end -> stop the pilot, let it
    settle, save a screenshot (autopilot), quit."""

    def __init__(self, app: QApplication, window: QWidget, role: str, seconds: float | None = None,
                 settle_seconds: float = SETTLE_SECONDS) -> None:
        super().__init__(window)
        self.app, self.window, self.role = app, window, role
        self.seconds = seconds
        self.pilot: Pilot | None = None
        self._settle_seconds = settle_seconds
        self._finishing = False
        self._ready_signal: Any = None
        self._deadline = 0.0
        self._before_quit: list[Callable[[], None]] = []
        self._wake = QTimer(self, interval=WAKE_MS, timeout=lambda: None)
        self._wake.start()
        self._settle = QTimer(self, interval=100, timeout=self._on_settle_timeout)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)
        if seconds is not None:
            QTimer.singleShot(round(seconds * 1000), self, self.finish)

    @property
    def autopilot(self) -> bool:
        return self.seconds is not None

    @property
    def finishing(self) -> bool:
        return self._finishing

    def attach(self, pilot: Pilot | None) -> None:
        self.pilot = pilot

    def before_quit(self, callback: Callable[[], None]) -> None:
        """Run on the GUI thread after the screenshot, before the app quits (release a camera, close a window)."""
        self._before_quit.append(callback)

    def ready_on(self, signal_instance: Any) -> None:
        """Print `READY <role>` once, at the window's first read: from then on it sees what others write."""
        self._ready_signal = signal_instance
        signal_instance.connect(self._on_window_ready)

    def _on_window_ready(self, *_args: object) -> None:
        self._ready_signal.disconnect(self._on_window_ready)
        say("READY", self.role)

    def _on_signal(self, signum: int, _frame: object) -> None:
        say("SIGNAL", signal.Signals(signum).name, self.role)
        QTimer.singleShot(0, self, self.finish)  # out of the handler, onto the event loop

    def finish(self) -> None:
        if self._finishing:
            return
        self._finishing = True
        if self.pilot is not None:
            self.pilot.stop()
        self._deadline = time.monotonic() + self._settle_seconds
        self._settle.start()
        self._on_settle_timeout()

    def _on_settle_timeout(self) -> None:
        idle = self.pilot is None or self.pilot.idle()
        if not idle and time.monotonic() < self._deadline:
            return
        self._settle.stop()
        if not idle:
            say("SETTLE-TIMEOUT", self.role)
        if self.autopilot:
            self.save_screenshot()
        for callback in self._before_quit:
            callback()
        say("QUIT", self.role)
        self.app.quit()

    def save_screenshot(self) -> Path | None:
        out = demo_output()
        if out is None:
            return None
        path = out / "screenshots" / f"{self.role}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        ok = self.window.grab().save(str(path))
        say("SCREENSHOT" if ok else "SCREENSHOT-FAILED", path)
        return path if ok else None


def run_role(app: QApplication, window: QWidget, role: str, ready_signal: Any = None) -> int:
    """Run a shown role window to its end: signals, the pilot hook, the autopilot's time; returns the exit code."""
    lifecycle = RoleLifecycle(app, window, role, autopilot_seconds())
    if ready_signal is not None:
        lifecycle.ready_on(ready_signal)
    lifecycle.attach(load_pilot(window, lifecycle))
    return int(app.exec())
