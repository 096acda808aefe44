from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pytestqt")

from scanner.camera.frames import DeviceSource, VideoFileSource  # noqa: E402
from scanner.camera.mailbox import FrameMailbox  # noqa: E402
from scanner.camera.threads import CaptureThread, DecodeThread  # noqa: E402
from scanner.decode.debounce import Debouncer  # noqa: E402
from scanner.decode.decoder import make_decoder  # noqa: E402
from shared.text import Text  # noqa: E402


def test_video_through_capture_and_decode_threads_scans_once(qtbot, code_video):
    mailbox = FrameMailbox()
    capture = CaptureThread(VideoFileSource(code_video, loop=False, paced=True), mailbox)
    decode = DecodeThread(mailbox, make_decoder("pyzbar"), Debouncer(3.0))
    scans: list[tuple[str, str]] = []
    outlines: list[list] = []
    decode.code_scanned.connect(lambda text, symbology: scans.append((text, symbology)))
    decode.codes_located.connect(outlines.append)
    decode.start()
    with qtbot.waitSignal(capture.camera_started, timeout=5000):
        capture.start()
    with qtbot.waitSignal(capture.source_ended, timeout=10000):
        pass
    qtbot.waitUntil(lambda: bool(outlines) and outlines[-1] == [], timeout=5000)
    capture.stop()
    decode.stop()
    assert scans == [("K7Q2M9XA", "QRCODE")]                   # 20 frames of the same phone: one scan
    assert any(len(polygons) == 1 and len(polygons[0]) == 4 for polygons in outlines)
    assert capture.isFinished() and decode.isFinished()
    seq, frame = mailbox.latest()
    assert seq > 0 and isinstance(frame, np.ndarray)


def test_missing_camera_reports_and_retries_until_stopped(qtbot):
    capture = CaptureThread(DeviceSource("/dev/video-antrian-none"), FrameMailbox(), retry_interval=0.2)
    failures: list = []  # Text
    capture.camera_failed.connect(failures.append)
    capture.start()
    qtbot.waitUntil(lambda: len(failures) >= 2, timeout=5000)   # tried again after the interval
    capture.stop()
    assert capture.isFinished()
    assert failures[0].id.startswith("Kamera tidak ditemukan") and failures[0].en.startswith("Camera not found")


class FlakyCamera:
    """Fails to open twice (camera unplugged), then delivers frames: the capture thread must recover."""

    def __init__(self) -> None:
        self.opens = 0
        self.released = 0

    def open(self) -> None:
        self.opens += 1
        if self.opens <= 2:
            from scanner.camera.frames import CameraError
            raise CameraError(Text("Kamera terputus", "Camera disconnected"))

    def read(self):
        return np.zeros((4, 4, 3), np.uint8)

    def release(self) -> None:
        self.released += 1


def test_capture_recovers_after_unplug_and_releases_on_stop(qtbot):
    camera = FlakyCamera()
    mailbox = FrameMailbox()
    capture = CaptureThread(camera, mailbox, retry_interval=0.1)
    with qtbot.waitSignal(capture.camera_started, timeout=5000):
        capture.start()
    qtbot.waitUntil(lambda: mailbox.latest()[0] > 5, timeout=5000)
    capture.stop()
    assert camera.opens == 3 and camera.released == 1
