"""The gate on autopilot, for the office demo and the end-to-end test (no officer, no display).

The orchestrator (demo/run.py) talks to the gate through environment variables:
- ANTRIAN_DEMO_CODES=FILE: the demo camera shows these codes (one a line) once each, in order, then the empty desk;
- ANTRIAN_AUTOPILOT=SECONDS: the gate runs normally; once the list is done, every check-in and print has finished
  and 3 s passed (or after SECONDS at the latest, without cutting a print job off), the window is saved to
  ANTRIAN_DEMO_OUTPUT/screenshots/gate.png and the app quits with 0;
- every decision is one stdout line, ``DECISION <code> <result> <tickets>``, kept in the demo's gate.log.
SIGTERM / SIGINT quit the Qt app cleanly in every mode (see ``install_quit_signals``).
"""

from __future__ import annotations

import logging
import os
import shlex
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QtMsgType, qInstallMessageHandler

from scanner.demo_camera import DemoCamera
from shared.domain import CheckinResult

if TYPE_CHECKING:
    from scanner.gate.flow import PrintReport
    from scanner.gate_window import GateWindow

log = logging.getLogger(__name__)
QUIET_S = 3.0  # after the last decision / print, so the card is on screen and nothing is cut off
DRAIN_S = 20.0  # at the deadline: how long unfinished check-ins and prints may still take
POLL_MS = 250
SIGNAL_TICK_MS = 200  # Python runs signal handlers only between bytecodes: a timer gives it the chance


def read_codes(path: str | os.PathLike[str]) -> list[str]:
    """The codes file: one code a line, blank lines skipped, surrounding whitespace kept out."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def autopilot_seconds(environ: Mapping[str, str] = os.environ) -> float | None:
    value = environ.get("ANTRIAN_AUTOPILOT", "").strip()
    if not value:
        return None
    try:
        return max(1.0, float(value))
    except ValueError:
        raise SystemExit(f"ANTRIAN_AUTOPILOT harus angka detik / must be seconds: {value!r}") from None


def start_demo_codes(window: GateWindow, codes: list[str]) -> DemoCamera:
    """Point the gate's camera at a demo phone showing ``codes`` once each, in order, then the empty desk."""
    gap = window.config.decoder.debounce_seconds + 1.0
    source = DemoCamera(codes, once=True, repeat_gap=gap)
    window.preview.attach(window.camera.mailbox)
    window.camera.start(source, "demo")
    return source


def install_quit_signals(on_signal: Callable[[], None], parent: QObject) -> QTimer:
    """SIGTERM and SIGINT call ``on_signal`` on the GUI thread, so a stopped gate releases the camera, exits 0."""

    def handler(signum: int, _frame) -> None:
        log.info("signal %s: quitting", signal.Signals(signum).name)
        QTimer.singleShot(0, on_signal)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    tick = QTimer(parent, interval=SIGNAL_TICK_MS)
    tick.timeout.connect(lambda: None)
    tick.start()
    return tick


def quiet_offscreen_warnings() -> None:
    """The offscreen platform warns on every window size hint; it would bury the decisions in the demo's log."""

    def handler(mode: QtMsgType, _context, message: str) -> None:
        if "does not support propagateSizeHints" not in message:
            print(f"qt {mode.name}: {message}", file=sys.stderr, flush=True)

    qInstallMessageHandler(handler)


def decision_line(code: str, result: str, tickets: list[str] | tuple[str, ...]) -> str:
    """``DECISION <code> <result> <tickets>``: a code with spaces is quoted, tickets comma-joined or '-'."""
    shown = shlex.quote(code) if code else "''"
    return f"DECISION {shown} {result} {','.join(tickets) or '-'}"


class DecisionLog(QObject):
    """Writes every decision of the gate's flow to stdout; counts check-ins and prints still under way."""

    def __init__(self, window: GateWindow, out=None) -> None:
        super().__init__(window)
        self.out = out or sys.stdout
        self.started: deque[str] = deque()  # the db lane is one worker: results come back in order
        self.printing: set[tuple[str, str]] = set()
        self.decisions: list[str] = []
        self.last_activity = time.monotonic()
        flow = window.flow
        flow.checkin_started.connect(self._on_flow_checkin_started)
        flow.checkin_finished.connect(self._on_flow_checkin_finished)
        flow.checkin_failed.connect(self._on_flow_checkin_failed)
        flow.print_updated.connect(self._on_flow_print_updated)

    @property
    def busy(self) -> bool:
        return bool(self.started or self.printing)

    def _on_flow_checkin_started(self, code: str, _source: str) -> None:
        self.started.append(code)
        self.last_activity = time.monotonic()

    def _on_flow_checkin_finished(self, result: CheckinResult) -> None:
        code = self.started.popleft() if self.started else result.code
        # TOO_LATE and every other refusal: nothing to do, the card shows it (no supervisor on autopilot).
        self._write(decision_line(code, result.decision.value, [t.number for t in result.tickets]))

    def _on_flow_checkin_failed(self, _text_id: str, text_en: str) -> None:
        code = self.started.popleft() if self.started else ""
        self._write(decision_line(code, "ERROR", []))
        log.error("check-in of %r failed: %s", code, text_en)

    def _on_flow_print_updated(self, report: PrintReport) -> None:
        key = (report.event_id, report.number)
        if report.ok is None:
            self.printing.add(key)
        else:
            self.printing.discard(key)
            if not report.ok:
                log.warning("ticket %s not printed: %s", report.number, report.text_en)
        self.last_activity = time.monotonic()

    def _write(self, line: str) -> None:
        self.decisions.append(line)
        self.last_activity = time.monotonic()
        print(line, file=self.out, flush=True)


class GateAutopilot(QObject):
    """Ends the autopilot run: when the demo phone is done and all is quiet, or at the deadline."""

    def __init__(self, window: GateWindow, seconds: float, source: DemoCamera | None,
                 output: str | os.PathLike[str] | None, quit_app: Callable[[], None]) -> None:
        super().__init__(window)
        self.window, self.source, self.quit_app = window, source, quit_app
        self.output = Path(output) if output else None
        self.decisions = DecisionLog(window)
        self.finished = False
        self._drain_until: float | None = None
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._on_poll_timeout)
        self._deadline = QTimer(self, singleShot=True, interval=int(seconds * 1000))
        self._deadline.timeout.connect(self._on_deadline_timeout)

    def start(self) -> None:
        self._poll.start()
        self._deadline.start()

    def _on_poll_timeout(self) -> None:
        quiet = time.monotonic() - self.decisions.last_activity >= QUIET_S
        if self._drain_until is not None:
            if not self.decisions.busy or time.monotonic() > self._drain_until:
                self.finish()
        elif self.source is not None and self.source.finished and not self.decisions.busy and quiet:
            self.finish()

    def _on_deadline_timeout(self) -> None:
        """Time is up: no new scans, but the check-ins and prints under way may finish first."""
        log.info("autopilot: time is up")
        try:
            self.window.camera.code_scanned.disconnect(self.window.flow.submit_camera)
        except (RuntimeError, TypeError):
            pass  # already disconnected
        self._drain_until = time.monotonic() + DRAIN_S

    def finish(self) -> None:
        """Screenshot, stop the camera and the window, quit the app (main shuts the task runner down)."""
        if self.finished:
            return
        self.finished = True
        self._poll.stop()
        self._deadline.stop()
        if self.decisions.busy:
            log.warning("autopilot: quitting with work under way: %s", self.decisions.printing or "check-in")
        self.save_screenshot()
        self.window.stop_camera()
        self.window.close()
        self.quit_app()

    def save_screenshot(self) -> Path | None:
        if self.output is None:
            return None
        path = self.output / "screenshots" / "gate.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not self.window.grab().save(str(path)):
            log.error("screenshot not saved: %s", path)
            return None
        log.info("screenshot: %s", path)
        return path
