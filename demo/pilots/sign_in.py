"""Signing in on autopilot: a role window inside its `SignedInFrame` (counter, supervisor) gets the station's demo
officer typed into the real NIP and PIN fields whenever the sign-in or lock screen is in front; the role's own
pilot (the `worker`) starts once the officer is in.

ANTRIAN_DEMO_OFFICER names the NIP (demo/run.py gives each station its officer; demo/officers.py holds the PINs).
"""

from __future__ import annotations

import os
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from demo import officers
from shared.qt.app import say
from shared.qt.auth import SignedInFrame
from shared.text import Text

OFFICER_ENV = "ANTRIAN_DEMO_OFFICER"  # the NIP demo.run gives this station
SIGN_IN_POLL_MS = 400


class Worker(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def idle(self) -> bool: ...


def demo_officer(nip: str, fallback: officers.DemoOfficer) -> tuple[str, str]:
    """The NIP and PIN the pilot types: the demo officer with this NIP, else `fallback`."""
    officer = next((o for o in officers.OFFICERS if o.nip == nip), fallback)
    return officer.nip, officer.pin


class SignInPilot(QObject):
    """Signs in at the frame's sign-in or lock screen whenever it is in front, then lets the worker work."""

    def __init__(self, frame: SignedInFrame, worker: Worker, label: str, fallback: officers.DemoOfficer) -> None:
        super().__init__(frame)
        self.frame, self.worker, self.label = frame, worker, label
        self.nip, self.pin = demo_officer(os.environ.get(OFFICER_ENV, ""), fallback)
        self._started = False
        self._stopped = False
        self._poll = QTimer(self, interval=SIGN_IN_POLL_MS, timeout=self._on_poll_timeout)
        frame.sign_in.refused.connect(self._on_sign_in_refused)
        frame.session.signed_in.connect(self._on_session_signed_in)
        self._poll.start()

    def _on_poll_timeout(self) -> None:
        frame = self.frame
        if frame.currentWidget() is frame.content:
            if not self._started and not self._stopped:
                self._started = True
                self.worker.start()
            return
        screen = frame.sign_in
        if screen.checking or not screen.isEnabled():
            return
        if screen.nip_asked():
            screen.nip.setText(self.nip)
        screen.pin.setText(self.pin)
        screen.button.click()

    def _on_sign_in_refused(self, text: Text) -> None:
        say("SIGNIN-REFUSED", self.label, text.line())

    def _on_session_signed_in(self, actor: object) -> None:
        say("SIGNIN", self.label, getattr(actor, "name", ""))

    def stop(self) -> None:
        self._stopped = True
        self._poll.stop()
        self.worker.stop()

    def idle(self) -> bool:
        return self.worker.idle() and not self.frame.sign_in.checking
