"""The LISTEN thread: waits on PostgreSQL notifications and pokes the board on the GUI thread.

A QThread with its own `run()` loop and its own psycopg connection (never the db lane's). It waits in short
slices so `requestInterruption()` + `wait()` stop it promptly; a dropped connection is reopened with a
growing pause. While it is down the board polls at its short interval, so no call is missed.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QThread, Signal

from shared.services.call_notify import CallListener

log = logging.getLogger(__name__)
WAIT_SLICE_S = 0.25  # how long one wait blocks: bounds the time to stop
RETRY_MIN_S = 0.5
RETRY_MAX_S = 5.0


class NotifyThread(QThread):
    # ---- Signals (emitted from this thread; Qt queues them to the receivers' GUI thread)
    notified = Signal(str)  # payload: the newest call_event id of a burst
    listening_changed = Signal(bool)

    def __init__(self, url: str, parent=None) -> None:
        super().__init__(parent)
        self._url = url

    def run(self) -> None:
        listener = CallListener(self._url)
        pause = RETRY_MIN_S
        try:
            while not self.isInterruptionRequested():
                if self._listen(listener):
                    pause = RETRY_MIN_S
                else:
                    self._sleep(pause)
                    pause = min(pause * 2, RETRY_MAX_S)
        finally:
            listener.close()

    def _listen(self, listener: CallListener) -> bool:
        """Connect and wait for notifications until interrupted or the connection fails."""
        try:
            listener.connect()
        except Exception as exc:  # server down, refused, bad password: retry later
            log.warning("LISTEN connect failed: %s", exc)
            return False
        self.listening_changed.emit(True)
        try:
            while not self.isInterruptionRequested():
                payloads = listener.wait(WAIT_SLICE_S)
                if payloads:  # a burst of calls is one re-read
                    self.notified.emit(payloads[-1])
            return True
        except Exception as exc:  # terminated backend, network gone
            log.warning("LISTEN connection lost: %s", exc)
            return False
        finally:
            listener.close()
            self.listening_changed.emit(False)

    def _sleep(self, seconds: float) -> None:
        slices = max(1, round(seconds / 0.05))
        for _ in range(slices):
            if self.isInterruptionRequested():
                return
            self.msleep(50)

    def stop(self) -> None:
        self.requestInterruption()
        self.wait()
