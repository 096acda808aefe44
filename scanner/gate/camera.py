"""Starts and stops the camera pipeline (capture thread -> mailbox -> decode thread) for the gate window.

The threads are the scanner pipeline's; this only wires them and keeps their state in words the status bar
can show. Stopping is requestInterruption() + wait(), never terminate().
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from scanner.debounce import Debouncer
from scanner.decoder import make_decoder
from scanner.frames import FrameSource, make_source
from scanner.mailbox import FrameMailbox
from scanner.pipeline import CaptureThread, DecodeThread
from shared.config import Config

log = logging.getLogger(__name__)


class GateCamera(QObject):
    state_changed = Signal(str, str, str)  # level ("ok", "wait", "error"), text id, text en
    code_scanned = Signal(str, str)
    codes_located = Signal(list)

    def __init__(self, config: Config, debouncer: Debouncer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.debouncer = debouncer
        self.mailbox = FrameMailbox()
        self.capture: CaptureThread | None = None
        self.decode: DecodeThread | None = None
        self._stragglers: list[CaptureThread | DecodeThread] = []
        self.level = "wait"

    def open_spec(self, spec: str, demo_codes: Sequence[str] = ()) -> bool:
        try:
            source = make_source(spec, demo_codes)
        except ValueError as exc:
            self._set_state("error", f"Sumber kamera salah: {exc}", f"Bad camera source: {exc}")
            return False
        return self.start(source, spec)

    def start(self, source: FrameSource, label: str = "") -> bool:
        self.stop()
        try:
            decoder = make_decoder(self.config.decoder.name, self.config.decoder.symbologies)
        except (ValueError, ImportError) as exc:
            self._set_state("error", f"Dekoder tidak tersedia: {exc}", f"Decoder unavailable: {exc}")
            return False
        self.mailbox.reopen()
        self.capture = CaptureThread(source, self.mailbox)
        self.decode = DecodeThread(self.mailbox, decoder, self.debouncer)
        self.capture.camera_started.connect(self._on_capture_started)
        self.capture.camera_failed.connect(self._on_capture_failed)
        self.capture.source_ended.connect(self._on_capture_ended)
        self.decode.code_scanned.connect(self.code_scanned)
        self.decode.codes_located.connect(self.codes_located)
        self._label = label
        self._set_state("wait", f"Membuka kamera {label}…", f"Opening camera {label}…")
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
        self._set_state("ok", "Kamera aktif", "Camera on")

    def _on_capture_failed(self, message: str) -> None:
        text_id, _, text_en = message.partition(" / ")
        self._set_state("error", f"{text_id} — mencoba lagi", f"{text_en or text_id} — retrying")

    def _on_capture_ended(self) -> None:
        self._set_state("error", "Video kamera selesai", "Camera source ended")

    def _set_state(self, level: str, text_id: str, text_en: str) -> None:
        self.level = level
        log.info("camera: %s / %s", text_id, text_en)
        self.state_changed.emit(level, text_id, text_en)
