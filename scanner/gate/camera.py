"""Starts and stops the camera pipeline (capture thread -> mailbox -> decode thread) for the gate window.

The threads are the camera package's; this only wires them and keeps their state as a `Level` and a `Text`
the status bar shows. `state_changed` is emitted, and logged, only when the state changes: a camera that stays
unplugged is one "camera lost" line and one status update, not one every retry; "camera back" once when frames
arrive again. Stopping is requestInterruption() + wait(), never terminate().
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from scanner.camera.frames import FrameSource, SourceError, make_source
from scanner.camera.mailbox import FrameMailbox
from scanner.camera.threads import CaptureThread, DecodeThread
from scanner.decode.debounce import Debouncer
from scanner.decode.decoder import DecoderError, make_decoder
from shared.config import Config
from shared.palette import Level
from shared.text import Text

log = logging.getLogger(__name__)
BAD_SOURCE = Text("Sumber kamera salah", "Bad camera source")
NO_DECODER = Text("Dekoder tidak tersedia", "Decoder unavailable")
OPENING = Text("Membuka kamera", "Opening camera")
CAMERA_ON = Text("Kamera aktif", "Camera on")
RETRYING = Text(" — mencoba lagi", " — retrying")
SOURCE_ENDED = Text("Video kamera selesai", "Camera source ended")


class GateCamera(QObject):
    state_changed = Signal(object, object)  # Level, Text
    code_scanned = Signal(str, str)  # text, symbology
    codes_located = Signal(list)

    def __init__(self, config: Config, debouncer: Debouncer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.debouncer = debouncer
        self.mailbox = FrameMailbox()
        self.capture: CaptureThread | None = None
        self.decode: DecodeThread | None = None
        self._stragglers: list[CaptureThread | DecodeThread] = []
        self.level = Level.BUSY
        self.text: Text | None = None

    @property
    def running(self) -> bool:
        """A source is installed (opening, delivering, or retrying after a failure)."""
        return self.capture is not None

    @property
    def source(self) -> FrameSource | None:
        return self.capture.source if self.capture is not None else None

    def open_spec(self, spec: str) -> bool:
        """Open camera.source ("0", "/dev/video0", a video file, an image folder)."""
        try:
            cam = self.config.camera
            source = make_source(spec, width=cam.width, height=cam.height, fps=cam.fps)
        except SourceError as exc:
            self._set_state(Level.ERROR, BAD_SOURCE + ": " + exc.text)
            return False
        return self.start(source, spec)

    def start(self, source: FrameSource, label: str = "") -> bool:
        self.stop()
        try:
            decoder = make_decoder(self.config.decoder.name, self.config.decoder.symbologies)
        except DecoderError as exc:
            self._set_state(Level.ERROR, NO_DECODER + ": " + exc.text)
            return False
        except ImportError as exc:
            self._set_state(Level.ERROR, NO_DECODER + f": {exc}")
            return False
        self.mailbox.reopen()
        self.capture = CaptureThread(source, self.mailbox)
        self.decode = DecodeThread(self.mailbox, decoder, self.debouncer)
        self.capture.camera_started.connect(self._on_capture_started)
        self.capture.camera_failed.connect(self._on_capture_failed)
        self.capture.source_ended.connect(self._on_capture_ended)
        self.decode.code_scanned.connect(self.code_scanned)
        self.decode.codes_located.connect(self.codes_located)
        self._set_state(Level.BUSY, OPENING + f" {label}…")
        self.decode.start()
        self.capture.start()
        return True

    def stop(self) -> None:
        for thread in (self.capture, self.decode):
            if thread is not None and thread.isRunning():
                thread.requestInterruption()
        self.mailbox.close()  # wakes the decode thread waiting for a frame
        for thread in (self.capture, self.decode):
            # Bounded: a half-dead V4L2 device can block read() for ~10 s; the window must not freeze meanwhile.
            if thread is not None and not thread.wait(2000):
                log.warning("camera thread still busy after 2 s; it stops on its own when the device answers")
                self._stragglers.append(thread)  # a running QThread must stay referenced until it ends
        self._stragglers = [t for t in self._stragglers if t.isRunning()]
        self.capture = self.decode = None

    # ---- slots

    def _on_capture_started(self) -> None:
        self._set_state(Level.OK, CAMERA_ON)

    def _on_capture_failed(self, text: Text) -> None:
        self._set_state(Level.ERROR, text + RETRYING)

    def _on_capture_ended(self) -> None:
        self._set_state(Level.ERROR, SOURCE_ENDED)

    def _set_state(self, level: Level, text: Text) -> None:
        if (level, text) == (self.level, self.text):
            return  # the same failure again (a retry): nothing new to show or to log
        before = self.level
        self.level, self.text = level, text
        if level is Level.ERROR and before is not Level.ERROR:
            log.warning("camera %s: %s", "lost" if before is Level.OK else "unavailable", text.line())
        elif level is Level.ERROR:
            log.debug("camera still unavailable: %s", text.line())
        elif level is Level.OK and before is Level.ERROR:
            log.warning("camera back: %s", text.line())
        else:
            log.info("camera: %s", text.line())
        self.state_changed.emit(level, text)
