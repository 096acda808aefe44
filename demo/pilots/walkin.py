"""The walk-in kiosk's pilot for the demo: a visitor taps a service every ~10 s, through the real buttons.

The kinds take turns (pickup, info, priority: whichever the start page offers). The ticket is issued and printed
by the window as for a person; a tap while the window still shows the previous number waits for the start page.

Started through the role's pilot hook (`ANTRIAN_PILOT=demo.pilots.walkin:start`), on autopilot only.
"""

from __future__ import annotations

import itertools
import random

from PySide6.QtCore import QObject, QTimer

from kiosk.walkin.window import KioskWindow
from shared.qt.app import RoleLifecycle, say
from shared.services.print_jobs import PrintOutcome
from shared.text import Text

TAP_SECONDS = (9.0, 11.0)
FIRST_TAP_SECONDS = (1.0, 2.0)
RETRY_MS = 500
SEED = 20261128
NO_SERVICE = Text("tidak ada layanan walk-in", "no walk-in service configured")


class KioskAutopilot(QObject):
    def __init__(self, window: KioskWindow, seed: int = SEED) -> None:
        super().__init__(window)
        self.window = window
        self.rng = random.Random(seed)
        self._kinds = itertools.cycle([b.option.kind for b in window.start_page.buttons])
        self._next_kind: str | None = None
        self._in_flight: str | None = None  # the kind tapped, until its print (or its failure) is known
        self._stopped = True
        self._timer = QTimer(self, singleShot=True, timeout=self._on_timer_timeout)
        window.ticket_issued.connect(self._on_window_ticket_issued)
        window.print_finished.connect(self._on_window_print_finished)
        window.issue_failed.connect(self._on_window_issue_failed)

    # ---- Pilot

    def start(self) -> None:
        if not self.window.start_page.buttons:
            say("WAIT kiosk:", NO_SERVICE.line())
            return
        self._stopped = False
        self._timer.start(round(self.rng.uniform(*FIRST_TAP_SECONDS) * 1000))

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    def idle(self) -> bool:
        return self._in_flight is None

    # ---- taps

    def _on_timer_timeout(self) -> None:
        if self._stopped:
            return
        window = self.window
        if window.busy or window.stack.currentWidget() is not window.start_page:
            self._timer.start(RETRY_MS)
            return
        kind = self._next_kind or next(self._kinds)
        self._in_flight = kind
        window.start_page.button_for(kind).click()
        if not window.busy:  # a tap in the debounce right after the start page came back: tap again soon
            self._in_flight, self._next_kind = None, kind
            self._timer.start(RETRY_MS)
            return
        self._next_kind = None
        say("TAP kiosk", kind)
        self._timer.start(round(self.rng.uniform(*TAP_SECONDS) * 1000))

    def _on_window_ticket_issued(self, ticket: object) -> None:
        say("WALKIN", self._in_flight or "?", getattr(ticket, "number", ticket))

    def _on_window_print_finished(self, outcome: PrintOutcome) -> None:
        number = self.window.ticket_page.number.text()
        if outcome.ok:
            say("PRINTED", number)
        else:
            say("PRINT-FAILED", number, outcome.message.en or outcome.message.id)
        self._in_flight = None

    def _on_window_issue_failed(self, message: str) -> None:
        say("ERROR kiosk", self._in_flight or "?", message)
        self._in_flight = None


def start(window: KioskWindow, lifecycle: RoleLifecycle) -> KioskAutopilot | None:
    """The pilot hook's factory: a visitor on autopilot, nobody otherwise."""
    if not lifecycle.autopilot:
        return None
    pilot = KioskAutopilot(window)
    pilot.start()
    return pilot
