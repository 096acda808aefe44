"""One way to start, run and stop every role's window.

- `load_role(role)`: logging (`shared.logs`: stderr and a rotating file), then config and database, before any
  window. A wrong value or an unreachable database stops with its message: one stderr line, the log, a small
  bilingual dialog where people look (when there is a screen), exit 2. The dialog closes by itself after
  ANTRIAN_ERROR_DIALOG_SECONDS, and at once offscreen or on autopilot (`ERROR-DIALOG <role>: …` on stdout).
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
from typing import Any, NoReturn, Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from shared.config import Config, ConfigError, load_config
from shared.db.engine import Database, masked_url, open_config_database
from shared.db.errors import DatabaseError
from shared.logs import set_station, setup_logging
from shared.services import office_clock, stations
from shared.services.stations import StationClaim
from shared.text import Text

PILOT_ENV = "ANTRIAN_PILOT"
AUTOPILOT_ENV = "ANTRIAN_AUTOPILOT"
OUTPUT_ENV = "ANTRIAN_DEMO_OUTPUT"
DIALOG_SECONDS_ENV = "ANTRIAN_ERROR_DIALOG_SECONDS"
WAKE_MS = 200
SETTLE_SECONDS = 15.0  # longest wait for an action or a print under way once the pilot is stopped

log = logging.getLogger(__name__)


@dataclass
class RoleContext:
    config: Config
    db: Database
    claim: StationClaim | None = None  # this process's hold on (station.name, role)


START_FAILED = Text("Antrian tidak bisa mulai", "Antrian cannot start")
CONFIG_WRONG = Text("Konfigurasi salah", "Configuration error")
DB_UNREACHABLE = Text("Basis data tidak terjangkau", "Database unreachable")
STATION_TAKEN = Text("Nama stasiun sudah dipakai", "Station name already in use")
FIX_THEN_START = Text("Perbaiki, lalu jalankan lagi.", "Fix it, then start again.")
LOG_FILE = Text("Log", "Log")


def load_role(role: str, claim: bool = True) -> RoleContext:
    """Logging, config, database, the office clock and this PC's claim on (station.name, role); or exit 2 with
    the error on stderr, in the log and in a dialog (before any window). `claim=False` for a tool that runs
    beside the role on the same PC (a board snapshot)."""
    log_file = setup_logging(role)
    try:
        config = load_config()
    except ConfigError as exc:
        fail_start(role, CONFIG_WRONG, str(exc), str(exc), log_file)
    set_station(config.station.name)
    log.info("antrian-%s starting (config %s, log %s)", role, config.source, log_file)
    try:
        db = open_config_database(config)
    except (DatabaseError, OSError) as exc:
        url = config.database.url
        where = masked_url(url) if url else "SQLite default"
        cause = f"{exc.__class__.__name__}: {_scrub((str(exc).splitlines() or [''])[0], url)}"
        fail_start(role, DB_UNREACHABLE, f"{DB_UNREACHABLE.line()} ({where}): {cause}", f"{where}\n{cause}",
                   log_file)
    _sync_clock(db)
    if not claim:
        return RoleContext(config=config, db=db)
    try:
        held = stations.claim_for_role(db, config, role)
    except stations.StationTaken as exc:
        fail_start(role, STATION_TAKEN, exc.text.line(), exc.text.lines(), log_file)
    except DatabaseError as exc:
        detail = _scrub(exc.detail, config.database.url)
        fail_start(role, DB_UNREACHABLE, f"{DB_UNREACHABLE.line()}: {detail}", detail, log_file)
    return RoleContext(config=config, db=db, claim=held)


def _sync_clock(db: Database) -> None:
    """On PostgreSQL, decisions follow the server's clock from the first scan on (a warning when far off)."""
    try:
        reading = office_clock.sync_office_clock(db)
    except DatabaseError as exc:
        log.warning("office clock not read: %s", exc)
        return
    warning = office_clock.clock_warning(reading)
    if warning is not None:
        log.warning("%s", warning.line())


def _scrub(text: str, url: str) -> str:
    """A driver's message with the URL's password (if it ever repeats it) replaced by ***."""
    from urllib.parse import unquote, urlsplit

    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    for secret in {password, unquote(password or "")} - {None, ""}:
        text = text.replace(secret, "***")
    return text


def fail_start(role: str, headline: Text, line: str, detail: str, log_file: Path | None = None) -> NoReturn:
    """Stop a role before its window: `antrian-<role>: <line>` on stderr, the log, the dialog, exit 2."""
    print(f"antrian-{role}: {line}", file=sys.stderr, flush=True)
    log.error("cannot start: %s", line, extra={"console": False})
    try:
        show_start_error(role, headline, detail, log_file)
    except Exception:  # noqa: BLE001 - the dialog is a courtesy; the stderr line and the exit code stay
        log.exception("start-up error dialog failed")
    raise SystemExit(2)


def start_error_box(role: str, headline: Text, detail: str, log_file: Path | None = None) -> QMessageBox:
    """The small bilingual dialog of a start-up error: what is wrong, the message itself, what to do."""
    box = QMessageBox(QMessageBox.Icon.Critical, f"antrian-{role}: {START_FAILED.line()}", headline.lines())
    more = [detail, "", FIX_THEN_START.lines()]
    if log_file is not None:
        more.append(f"{LOG_FILE.line()}: {log_file}")
    box.setInformativeText("\n".join(more))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.setObjectName("start-error")
    return box


def show_start_error(role: str, headline: Text, detail: str, log_file: Path | None = None,
                     environ: Mapping[str, str] = os.environ) -> bool:
    """Show the start-up error dialog until closed (closed by itself offscreen, on autopilot, or after
    ANTRIAN_ERROR_DIALOG_SECONDS); False when there is no screen to show it on."""
    if not screen_available(environ):
        return False
    app = QApplication.instance() or QApplication([f"antrian-{role}"])
    box = start_error_box(role, headline, detail, log_file)
    seconds = _dialog_seconds(environ, app.platformName())

    def shown() -> None:
        if box.isVisible():
            lines = f"{box.text()}\n{box.informativeText()}".splitlines()
            say("ERROR-DIALOG", f"{role}:", " | ".join(line.strip() for line in lines if line.strip()))

    QTimer.singleShot(0, box, shown)
    if seconds is not None:
        QTimer.singleShot(round(seconds * 1000), box, box.close)
    box.exec()
    return True


def _dialog_seconds(environ: Mapping[str, str], platform: str) -> float | None:
    raw = environ.get(DIALOG_SECONDS_ENV, "").strip()
    try:
        if raw and float(raw) >= 0:
            return float(raw)
    except ValueError:
        pass
    if platform in ("offscreen", "minimal") or environ.get(AUTOPILOT_ENV, "").strip():
        return 0.0  # nobody to close it: shown, said on stdout, closed
    return None


def screen_available(environ: Mapping[str, str] = os.environ) -> bool:
    """A window can be shown: QT_QPA_PLATFORM is set, or (Linux) a Wayland or X display is reachable. Checked
    before Qt is asked, because Qt aborts the process when it cannot open the display."""
    if environ.get("QT_QPA_PLATFORM", "").strip() or not sys.platform.startswith("linux"):
        return True
    wayland = environ.get("WAYLAND_DISPLAY", "").strip()
    if wayland:
        runtime = Path(environ.get("XDG_RUNTIME_DIR", "/nonexistent"))
        path = Path(wayland) if wayland.startswith("/") else runtime / wayland
        if path.exists():
            return True
    display = environ.get("DISPLAY", "").strip()
    if not display:
        return False
    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit():
        return False
    if host in ("", "unix"):
        return Path(f"/tmp/.X11-unix/X{number}").exists()
    import socket

    try:
        socket.create_connection((host, 6000 + int(number)), timeout=0.5).close()
    except OSError:
        return False
    return True


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
