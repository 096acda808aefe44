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


def test_retries_are_quick_at_first_then_back_off_to_the_interval():
    from scanner.camera.threads import FAST_RETRIES, RETRY_FIRST_S, RETRY_INTERVAL_S, retry_delay

    delays = [retry_delay(n) for n in range(1, FAST_RETRIES + 6)]
    assert delays[:FAST_RETRIES] == [RETRY_FIRST_S] * FAST_RETRIES  # about 2 s of quick tries
    assert delays[FAST_RETRIES:] == [0.5, 1.0, 2.0, 2.0, 2.0] and max(delays) == RETRY_INTERVAL_S
    assert retry_delay(1, first=0.1, most=0.05) == 0.05


class SilentCamera:
    """Opens, then fails every read: it never delivered a picture, so it never counts as started."""

    def __init__(self) -> None:
        self.opens = 0

    def open(self) -> None:
        self.opens += 1

    def read(self):
        from scanner.camera.frames import CameraError
        raise CameraError(Text("Kamera terputus", "Camera disconnected"))

    def release(self) -> None:
        pass


def test_a_camera_that_opens_but_sends_nothing_is_never_reported_started(qtbot):
    camera = SilentCamera()
    capture = CaptureThread(camera, FrameMailbox(), first_retry=0.05)
    started: list = []
    failures: list = []
    capture.camera_started.connect(lambda: started.append(1))
    capture.camera_failed.connect(failures.append)
    capture.start()
    qtbot.waitUntil(lambda: camera.opens >= 4, timeout=5000)
    capture.stop()
    qtbot.wait(50)
    assert started == [] and len(failures) >= 3


def test_stop_during_the_long_retry_wait_is_prompt(qtbot):
    import time

    capture = CaptureThread(DeviceSource("/dev/video-antrian-none"), FrameMailbox(), retry_interval=2.0,
                            first_retry=2.0)
    capture.start()
    qtbot.wait(200)
    began = time.monotonic()
    capture.stop()
    assert time.monotonic() - began < 0.5 and capture.isFinished()
