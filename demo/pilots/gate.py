"""The gate's pilot for the demo: a phone held to the camera, showing booking codes one after another.

Started through the role's pilot hook (`ANTRIAN_PILOT=demo.pilots.gate:start`), with windows or without:
- ANTRIAN_DEMO_CODES=FILE: the codes the phone shows (one a line). Without the file: today's active bookings;
- with a display the phone cycles through the codes for as long as the gate runs; on autopilot
  (ANTRIAN_AUTOPILOT) it shows each code once, in order (a code listed twice comes back after the debounce),
  then only the empty desk, and the pilot ends the run once every check-in and print has finished and 3 s passed;
- every decision is one stdout line, ``DECISION <code> <result> <tickets>``, kept in the demo's gate.log.
The synthetic phone replaces the configured camera, which is then never opened.
"""

from __future__ import annotations

import logging
import os
import shlex
import sys
import time
from collections import deque
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QtMsgType, qInstallMessageHandler

from demo.camera import DemoCamera
from scanner.gate.print_report import PrintReport
from scanner.gate.window import GateWindow
from shared.domain import CheckinResult
from shared.qt.app import RoleLifecycle, say
from shared.services.gate_status import active_booking_codes
from shared.text import Text

log = logging.getLogger(__name__)
CODES_ENV = "ANTRIAN_DEMO_CODES"
QUIET_S = 3.0  # after the last decision / print, so the card is on screen and nothing is cut off
POLL_MS = 250
LABEL = "demo"
UNREADABLE = Text("tidak terbaca", "unreadable")


def read_codes(path: str | os.PathLike[str]) -> list[str]:
    """The codes file: one code a line, blank lines skipped, surrounding whitespace kept out."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def decision_line(code: str, result: str, tickets: Sequence[str]) -> str:
    """``DECISION <code> <result> <tickets>``: a code with spaces is quoted, tickets comma-joined or '-'."""
    shown = shlex.quote(code) if code else "''"
    return f"DECISION {shown} {result} {','.join(tickets) or '-'}"


def quiet_offscreen_warnings() -> None:
    """The offscreen platform warns on every window size hint; it would bury the decisions in the demo's log."""

    def handler(mode: QtMsgType, _context, message: str) -> None:
        if "does not support propagateSizeHints" not in message:
            print(f"qt {mode.name}: {message}", file=sys.stderr, flush=True)

    qInstallMessageHandler(handler)


class DecisionLog(QObject):
    """Says every decision of the gate's flow on stdout; counts the check-ins and prints still under way."""

    def __init__(self, window: GateWindow) -> None:
        super().__init__(window)
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
        # TOO_LATE and every other refusal: nothing to do, the card shows it (no supervisor in the demo).
        self._write(decision_line(code, result.decision.value, [t.number for t in result.tickets]))

    def _on_flow_checkin_failed(self, text: Text) -> None:
        code = self.started.popleft() if self.started else ""
        self._write(decision_line(code, "ERROR", []))
        log.error("check-in of %r failed: %s", code, text.en)

    def _on_flow_print_updated(self, report: PrintReport) -> None:
        key = (report.event_id, report.number)
        if report.ok is None:
            self.printing.add(key)
        else:
            self.printing.discard(key)
            if not report.ok:
                log.warning("ticket %s not printed: %s", report.number, report.text.en)
        self.last_activity = time.monotonic()

    def _write(self, line: str) -> None:
        self.decisions.append(line)
        self.last_activity = time.monotonic()
        say(line)


class GatePilot(QObject):
    """Holds the demo phone to the gate's camera; on autopilot, ends the run when the phone is done."""

    def __init__(self, window: GateWindow, lifecycle: RoleLifecycle, codes: list[str] | None) -> None:
        super().__init__(window)
        self.window, self.lifecycle = window, lifecycle
        self.decisions = DecisionLog(window)
        self.source: DemoCamera | None = None
        self._stopped = False
        self._poll = QTimer(self, interval=POLL_MS, timeout=self._on_poll_timeout)
        if codes is not None:
            self.show(codes)
        else:
            self._show_todays_codes()

    def show(self, codes: Sequence[str]) -> None:
        """The phone shows `codes`: once each on autopilot, in a cycle with a display."""
        if self.lifecycle.autopilot:
            gap = self.window.config.decoder.debounce_seconds + 1.0
            self.source = DemoCamera(codes, once=True, repeat_gap=gap)
            self._poll.start()
        else:
            self.source = DemoCamera(codes, loop=True)
        self.window.start_source(self.source, LABEL)

    def _show_todays_codes(self) -> None:
        # The phone is on the desk at once (so the configured camera is never opened); its codes follow the read.
        self.window.start_source(DemoCamera((), once=True), LABEL)
        w = self.window
        w.runner.read(active_booking_codes, w.config, w.clock().date(),
                      on_done=self._on_codes_read, on_error=self._on_codes_error)

    def _on_codes_read(self, codes: list[str]) -> None:
        if not self._stopped:
            self.show(codes)

    def _on_codes_error(self, exc: BaseException) -> None:
        log.error("today's booking codes unreadable: %r", exc)
        if not self._stopped:
            self.show(())

    # ---- Pilot

    def stop(self) -> None:
        """No new scans from the phone; check-ins and prints under way may finish (the lifecycle waits)."""
        self._stopped = True
        self._poll.stop()
        try:
            self.window.camera.code_scanned.disconnect(self.window.flow.submit_camera)
        except (RuntimeError, TypeError):
            pass  # already disconnected

    def idle(self) -> bool:
        return not self.decisions.busy

    def _on_poll_timeout(self) -> None:
        quiet = time.monotonic() - self.decisions.last_activity >= QUIET_S
        if self.source is not None and self.source.finished and not self.decisions.busy and quiet:
            self._poll.stop()
            self.lifecycle.finish()


def start(window: GateWindow, lifecycle: RoleLifecycle) -> GatePilot:
    """The pilot hook's factory: the demo phone in front of the gate's camera, with a display or without."""
    path = os.environ.get(CODES_ENV, "").strip()
    codes = None
    if path:
        try:
            codes = read_codes(path)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"antrian-gate: {CODES_ENV} {UNREADABLE.line()}: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
    if lifecycle.autopilot:
        quiet_offscreen_warnings()
    return GatePilot(window, lifecycle, codes)
