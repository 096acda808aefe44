"""The gate's camera pipeline threads: capture into the mailbox, decode from it.

The only Qt in the camera and decode path. Both threads stop on ``requestInterruption()`` + ``wait()`` (see ``stop``),
never ``terminate()``, and the camera is opened and released inside the capture thread's ``run()``.
"""
from __future__ import annotations

import logging
import time

from PySide6.QtCore import QThread, Signal

from scanner.camera.frames import CameraError, FrameSource
from scanner.camera.mailbox import FrameMailbox
from scanner.decode.debounce import Debouncer
from scanner.decode.decoder import Decoder
from scanner.decode.imaging import to_grey
from shared.text import Text

log = logging.getLogger(__name__)
RETRY_FIRST_S = 0.25  # a camera that went away is tried again quickly at first (a loose cable, a re-plug)
FAST_RETRIES = 8  # about 2 s of quick retries, then the interval doubles up to RETRY_INTERVAL_S
RETRY_INTERVAL_S = 2.0
WAIT_SLICE_S = 0.1


def retry_delay(failures: int, first: float = RETRY_FIRST_S, most: float = RETRY_INTERVAL_S) -> float:
    """Seconds to wait after the `failures`-th failure in a row (1, 2, ...): `first` for FAST_RETRIES
    failures, then doubling, never more than `most`."""
    return min(most, first * 2 ** max(0, failures - FAST_RETRIES))


class CaptureThread(QThread):
    """Opens the source, puts its frames into the mailbox, and on a `CameraError` releases it and tries again
    (quickly at first, then every `retry_interval` s) until stopped.

    `camera_started`: frames arrive (emitted at the first frame after each open, so a device that opens but
    delivers nothing never looks alive); `camera_failed(Text)`: one attempt failed (emitted for every attempt: the
    listener decides what is news); `source_ended`: a recorded source ran out (no retry).
    """

    camera_started = Signal()
    camera_failed = Signal(object)  # Text
    source_ended = Signal()

    def __init__(self, source: FrameSource, mailbox: FrameMailbox, retry_interval: float = RETRY_INTERVAL_S,
                 parent=None, first_retry: float = RETRY_FIRST_S) -> None:
        super().__init__(parent)
        self._source = source
        self._mailbox = mailbox
        self._retry_interval = retry_interval
        self._first_retry = min(first_retry, retry_interval)
        self._failures = 0  # in a row, since frames last arrived

    @property
    def source(self) -> FrameSource:
        return self._source

    def run(self) -> None:
        while not self.isInterruptionRequested():
            try:
                self._capture_until_stopped()
                return
            except CameraError as error:
                self._failures += 1
                self.camera_failed.emit(error.text)
            except Exception as error:  # a driver bug must not kill the gate silently
                self._failures += 1
                if self._failures == 1:  # the traceback once, not on every retry
                    log.exception("capture failed")
                self.camera_failed.emit(Text("Kamera galat", "Camera error") + f": {error}")
            self._sleep_interruptibly(retry_delay(self._failures, self._first_retry, self._retry_interval))

    def _capture_until_stopped(self) -> None:
        self._source.open()
        try:
            delivering = False
            while not self.isInterruptionRequested():
                frame = self._source.read()
                if frame is None:
                    self.source_ended.emit()
                    return
                self._mailbox.put(frame)
                if not delivering:
                    delivering = True
                    self._failures = 0
                    self.camera_started.emit()
        finally:
            self._source.release()

    def _sleep_interruptibly(self, seconds: float) -> None:
        # Waiting up to 2 s between retries must not delay a stop request by 2 s.
        deadline = time.monotonic() + seconds
        while not self.isInterruptionRequested():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self.msleep(max(1, int(min(left, WAIT_SLICE_S) * 1000)))

    def stop(self) -> None:
        self.requestInterruption()
        self.wait()


class DecodeThread(QThread):
    code_scanned = Signal(str, str)       # text, symbology
    codes_located = Signal(list)          # polygons (tuples of (x, y)) for the preview outline
    decode_failed = Signal(object)        # Text

    def __init__(self, mailbox: FrameMailbox, decoder: Decoder, debouncer: Debouncer | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self._mailbox = mailbox
        self._decoder = decoder
        self._debouncer = debouncer or Debouncer()
        self._had_codes = False

    def run(self) -> None:
        seq = 0
        while not self.isInterruptionRequested():
            item = self._mailbox.get_newer(seq, timeout=WAIT_SLICE_S)
            if item is None:
                if self._mailbox.closed:   # a closed mailbox answers at once: do not spin until stopped
                    self.msleep(int(WAIT_SLICE_S * 1000))
                continue
            seq, frame = item
            try:
                self._handle(frame)
            except Exception as error:  # one bad frame must not stop scanning
                log.exception("decode failed")
                self.decode_failed.emit(Text("Gagal membaca kode", "Decode failed") + f": {error}")

    def _handle(self, frame) -> None:
        codes = self._decoder.decode(to_grey(frame))
        # Outlines are sent only while codes are seen (and once to clear), not 30 empty lists a second.
        if codes or self._had_codes:
            self.codes_located.emit([list(code.polygon) for code in codes])
        self._had_codes = bool(codes)
        for code in codes:
            if self._debouncer.accept(code.text):
                self.code_scanned.emit(code.text, code.symbology)

    def stop(self) -> None:
        self.requestInterruption()
        self.wait()
