"""The gate's pilot for the demo: a phone held to the camera, showing booking codes one after another.

Started through the role's pilot hook (`ANTRIAN_PILOT=demo.pilots.gate:start`), with windows or without:
- ANTRIAN_DEMO_CODES=FILE: the codes the phone shows (one a line). Without the file: today's active bookings;
- with a display the phone cycles through the codes for as long as the gate runs; on autopilot
  (ANTRIAN_AUTOPILOT) it shows each code once, in order (a code listed twice comes back after the debounce),
  then only the empty desk, and the pilot ends the run once every check-in and print has finished and 3 s passed;
- every decision is one stdout line, ``DECISION <code> <result> <tickets>``, kept in the demo's gate.log;
- with officers registered (demo/run.py seeds them) the demo's gate officer (ANTRIAN_DEMO_OFFICER, default
  demo.officers.GATE) signs in at the sign-in screen by typing NIP and PIN, and again after an idle lock; the
  phone shows its codes only once the gate admits. A late applicant (TOO_LATE) is let in by the demo's supervisor
  (demo.officers.SUPERVISOR) through the real supervisor dialog: NIP, PIN and a reason typed there;
- ``SIGNED-IN <nip>`` and ``AUTHORISED <action> <code>`` lines say when those happened.
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

from PySide6.QtCore import QObject, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtTest import QTest
from shiboken6 import isValid

from demo import officers
from demo.camera import DemoCamera
from scanner.gate.print_report import PrintReport
from scanner.gate.window import GateWindow
from shared.domain import CheckinResult, Decision
from shared.qt.app import RoleLifecycle, say
from shared.services.gate_status import active_booking_codes
from shared.text import Text

log = logging.getLogger(__name__)
CODES_ENV = "ANTRIAN_DEMO_CODES"
QUIET_S = 3.0  # after the last decision / print, so the card is on screen and nothing is cut off
POLL_MS = 250
LABEL = "demo"
UNREADABLE = Text("tidak terbaca", "unreadable")
OFFICER_ENV = "ANTRIAN_DEMO_OFFICER"
LATE_REASON = "Bus dari Sukadana terlambat (demo)"
HANDS_MS = 600  # a person's pause between looking at the screen and typing


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
        self.asking = 0  # late applicants waiting for the supervisor

    @property
    def busy(self) -> bool:
        return bool(self.started or self.printing or self.asking)

    def _on_flow_checkin_started(self, code: str, _source: str) -> None:
        self.started.append(code)
        self.last_activity = time.monotonic()

    def _on_flow_checkin_finished(self, result: CheckinResult) -> None:
        code = self.started.popleft() if self.started else result.code
        # TOO_LATE: the supervisor comes (OfficerHands); every other refusal: the card shows it.
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


class OfficerHands(QObject):
    """The demo's gate officer at the keyboard: signs in (and back in after an idle lock), and fetches the
    supervisor for a late applicant, who types NIP, PIN and the reason into the real supervisor dialog."""

    def __init__(self, window: GateWindow, decisions: DecisionLog, officer: officers.DemoOfficer,
                 supervisor: officers.DemoOfficer = officers.SUPERVISOR) -> None:
        super().__init__(window)
        self.window, self.decisions = window, decisions
        self.officer, self.supervisor = officer, supervisor
        self.stopped = False
        self._typed_for: object = None  # the sign-in screen state last typed into (never retried blindly)
        self._watch = QTimer(self, interval=POLL_MS, timeout=self._on_watch_timeout)
        self._watch.start()
        window.flow.checkin_finished.connect(self._on_flow_checkin_finished)

    def _on_watch_timeout(self) -> None:
        frame = self.window.frame
        if self.stopped or frame is None or self.window.admitting:
            self._typed_for = None
            return
        screen = frame.sign_in
        state = (screen.locked_actor, screen.nip_asked())
        if screen.isEnabled() and not screen.checking and state != self._typed_for:
            self._typed_for = state  # one try per screen: a refusal stays on screen for a person to read
            QTimer.singleShot(HANDS_MS, self._sign_in)

    def _sign_in(self) -> None:
        screen = self.window.frame.sign_in if self.window.frame else None
        if screen is None or self.window.admitting:
            return
        if screen.nip_asked():
            screen.nip.clear()
            QTest.keyClicks(screen.nip, self.officer.nip)
            QTest.keyClick(screen.nip, Qt.Key.Key_Return)
        QTest.keyClicks(screen.pin, self.officer.pin)
        QTest.keyClick(screen.pin, Qt.Key.Key_Return)
        say(f"SIGNED-IN {self.officer.nip}")

    # ---- a late applicant

    def _on_flow_checkin_finished(self, result: CheckinResult) -> None:
        if result.decision is Decision.TOO_LATE and not self.stopped and self.window.frame is not None \
                and not self.decisions.asking:  # one supervisor at a time; a late one scanned again waits
            self.decisions.asking += 1
            QTimer.singleShot(HANDS_MS * 2, lambda: self._fetch_supervisor(result.code))

    def _fetch_supervisor(self, code: str) -> None:
        card = self.window.card
        if self.stopped or card.result is None or card.result.code != code or not self.window.admitting:
            self.decisions.asking -= 1
            return
        card.override_button.click()
        dialog = self.window.dialog
        if dialog is None:
            self.decisions.asking -= 1
            return
        dialog.finished.connect(lambda _result: self._on_dialog_finished(code, dialog))
        QTest.keyClicks(dialog.nip_field, self.supervisor.nip)
        QTest.keyClick(dialog.nip_field, Qt.Key.Key_Return)
        QTest.keyClicks(dialog.pin_field, self.supervisor.pin)
        QTest.keyClicks(dialog.reason_field, LATE_REASON)
        QTimer.singleShot(HANDS_MS, lambda: self._approve(dialog))

    def _approve(self, dialog) -> None:
        if isValid(dialog) and dialog.isVisible():
            dialog.approve_button.click()
            QTimer.singleShot(HANDS_MS * 5, lambda: self._give_up(dialog))

    def _give_up(self, dialog) -> None:
        """Refused (the log says why): the supervisor walks away; the applicant stays outside."""
        if isValid(dialog) and dialog.isVisible():
            log.warning("supervisor refused: %s", dialog.refusal.en if dialog.refusal else "?")
            dialog.reject()

    def _on_dialog_finished(self, code: str, dialog) -> None:
        self.decisions.asking -= 1
        if dialog.authority is not None:
            say(f"AUTHORISED {dialog.authority.action} {code}")

    def stop(self) -> None:
        self.stopped = True
        self._watch.stop()


class GatePilot(QObject):
    """Holds the demo phone to the gate's camera; on autopilot, ends the run when the phone is done."""

    def __init__(self, window: GateWindow, lifecycle: RoleLifecycle, codes: list[str] | None) -> None:
        super().__init__(window)
        self.window, self.lifecycle = window, lifecycle
        self.decisions = DecisionLog(window)
        self.hands = OfficerHands(window, self.decisions, demo_officer())
        self.source: DemoCamera | None = None
        self._stopped = False
        self._codes = codes
        self._poll = QTimer(self, interval=POLL_MS, timeout=self._on_poll_timeout)
        # The phone is on the desk at once (so the configured camera is never opened); it shows its codes once
        # the gate admits (an officer signed in): codes shown to a locked gate would only be refused.
        self.window.start_source(DemoCamera((), once=True), LABEL)
        self._wait = QTimer(self, interval=POLL_MS, timeout=self._on_wait_timeout)
        self._wait.start()
        self._on_wait_timeout()  # a gate that admits already (no officer registered) shows them now

    def _on_wait_timeout(self) -> None:
        if not self.window.admitting or self._stopped:
            return
        self._wait.stop()
        if self._codes is not None:
            self.show(self._codes)
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
        self._wait.stop()
        self.hands.stop()
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


def demo_officer() -> officers.DemoOfficer:
    """The officer demo/run.py put at this gate (ANTRIAN_DEMO_OFFICER: a NIP), by default the demo's gate officer."""
    nip = os.environ.get(OFFICER_ENV, "").strip()
    return next((o for o in officers.OFFICERS if o.nip == nip), officers.GATE)


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
