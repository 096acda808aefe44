"""The gate's camera pipeline threads: capture into the mailbox, decode from it.

The only Qt in the camera and decode path. Both threads stop on ``requestInterruption()`` + ``wait()`` (see ``stop``),
never ``terminate()``, and the camera is opened and released inside the capture thread's ``run()``.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QThread, Signal

from scanner.camera.frames import CameraError, FrameSource
from scanner.camera.mailbox import FrameMailbox
from scanner.decode.debounce import Debouncer
from scanner.decode.decoder import Decoder
from scanner.decode.imaging import to_grey
from shared.text import Text

log = logging.getLogger(__name__)
RETRY_INTERVAL_S = 2.0
WAIT_SLICE_S = 0.1


class CaptureThread(QThread):
    camera_started = Signal()
    camera_failed = Signal(object)  # Text
    source_ended = Signal()

    def __init__(self, source: FrameSource, mailbox: FrameMailbox, retry_interval: float = RETRY_INTERVAL_S,
                 parent=None) -> None:
        super().__init__(parent)
        self._source = source
        self._mailbox = mailbox
        self._retry_interval = retry_interval

    @property
    def source(self) -> FrameSource:
        return self._source

    def run(self) -> None:
        while not self.isInterruptionRequested():
            try:
                self._capture_until_stopped()
                return
            except CameraError as error:
                self.camera_failed.emit(error.text)
            except Exception as error:  # a driver bug must not kill the gate silently
                log.exception("capture failed")
                self.camera_failed.emit(Text("Kamera galat", "Camera error") + f": {error}")
            self._sleep_interruptibly(self._retry_interval)

    def _capture_until_stopped(self) -> None:
        self._source.open()
        try:
            self.camera_started.emit()
            while not self.isInterruptionRequested():
                frame = self._source.read()
                if frame is None:
                    self.source_ended.emit()
                    return
                self._mailbox.put(frame)
        finally:
            self._source.release()

    def _sleep_interruptibly(self, seconds: float) -> None:
        # Retrying every 2 s must not delay a stop request by 2 s.
        slices = max(1, int(seconds / WAIT_SLICE_S))
        for _ in range(slices):
            if self.isInterruptionRequested():
                return
            self.msleep(int(WAIT_SLICE_S * 1000))

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
