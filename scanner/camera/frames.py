"""Frame sources for the gate camera: a webcam, a video file or a folder of images.

Every source is a plain object with ``open()``, ``read() -> frame | None`` (None: the source has ended) and
``release()``. A camera that cannot be opened or stops delivering raises ``CameraError``. The demo's synthetic
phone is not a product source: the demo installs it itself (demo/pilots/gate.py).
"""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from shared.text import Text

log = logging.getLogger(__name__)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff")


class CameraError(RuntimeError):
    """The camera is missing, unplugged or stopped sending frames; `text` says so in both languages."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.line())


class SourceError(ValueError):
    """camera.source names nothing a gate can open; `text` says what is allowed."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.line())


ALLOWED = Text("pakai 0, /dev/video0, berkas video atau folder gambar",
               "use 0, /dev/video0, a video file or an image folder")


class FrameSource(Protocol):
    def open(self) -> None: ...
    def read(self) -> np.ndarray | None: ...
    def release(self) -> None: ...


class Pacer:
    """Sleeps so a recorded source delivers frames at camera speed instead of as fast as the disk allows."""

    def __init__(self, fps: float | None) -> None:
        self.interval = 1.0 / fps if fps else 0.0
        self._next = 0.0

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self._next > now:
            time.sleep(self._next - now)
        self._next = max(self._next, now - self.interval) + self.interval


class DeviceSource:
    """A webcam by index ("0") or device path ("/dev/video0", better "/dev/v4l/by-id/…"). `width`, `height`
    and `fps` ([camera] in config.toml) are asked of it when it opens; 0 or None keeps the camera's default.
    What the camera actually gives is logged."""

    def __init__(self, target: int | str, width: int | None = None, height: int | None = None,
                 fps: int | None = None) -> None:
        self.target, self.width, self.height, self.fps = target, width, height, fps
        self._capture: cv2.VideoCapture | None = None

    def open(self) -> None:
        if isinstance(self.target, str) and not Path(self.target).exists():
            raise CameraError(Text("Kamera tidak ditemukan", "Camera not found") + f": {self.target}")
        capture = cv2.VideoCapture(self.target)
        if not capture.isOpened():
            capture.release()
            raise CameraError(Text("Kamera tidak bisa dibuka", "Cannot open camera") + f": {self.target}")
        apply_camera_settings(capture, self.width, self.height, self.fps, str(self.target))
        self._capture = capture

    def read(self) -> np.ndarray | None:
        if self._capture is None:
            raise CameraError(Text("Kamera belum dibuka", "Camera not opened"))
        ok, frame = self._capture.read()
        if not ok:
            # A live camera never "ends": a failed read means it was unplugged or the driver gave up.
            raise CameraError(Text("Kamera terputus", "Camera disconnected") + f": {self.target}")
        return frame

    def release(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


def apply_camera_settings(capture: cv2.VideoCapture, width: int | None, height: int | None, fps: int | None,
                          label: str = "") -> tuple[int, int, float]:
    """Ask an opened camera for a frame size and rate (0/None: leave it); returns and logs what it gives."""
    if width and height:
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
    if fps:
        capture.set(cv2.CAP_PROP_FPS, fps)
    got = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
           float(capture.get(cv2.CAP_PROP_FPS)))
    asked = f" (asked {width or '-'}x{height or '-'} @ {fps or '-'})" if (width or fps) else ""
    log.info("camera %s: %dx%d @ %.0f fps%s", label, got[0], got[1], got[2], asked)
    return got


class VideoFileSource:
    """A recorded video, paced at its own frame rate unless ``paced`` is False; loops when ``loop``."""

    def __init__(self, path: str | Path, loop: bool = False, paced: bool = True) -> None:
        self.path, self.loop, self.paced = Path(path), loop, paced
        self._capture: cv2.VideoCapture | None = None
        self._pacer = Pacer(None)

    def open(self) -> None:
        if not self.path.is_file():
            raise CameraError(Text("Berkas video tidak ditemukan", "Video file not found") + f": {self.path}")
        capture = cv2.VideoCapture(str(self.path))
        if not capture.isOpened():
            capture.release()
            raise CameraError(Text("Video tidak bisa dibuka", "Cannot open video") + f": {self.path}")
        fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
        self._pacer = Pacer(fps if self.paced else None)
        self._capture = capture

    def read(self) -> np.ndarray | None:
        if self._capture is None:
            raise CameraError(Text("Video belum dibuka", "Video not opened"))
        self._pacer.wait()
        ok, frame = self._capture.read()
        if not ok and self.loop:
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._capture.read()
        return frame if ok else None

    def release(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class ImageFolderSource:
    """The images of a folder in name order, at ``fps``; loops when ``loop``, unreadable files are skipped."""

    def __init__(self, folder: str | Path, loop: bool = True, fps: float | None = 10.0) -> None:
        self.folder, self.loop = Path(folder), loop
        self._pacer = Pacer(fps)
        self._files: list[Path] = []
        self._index = 0

    def open(self) -> None:
        if not self.folder.is_dir():
            raise CameraError(Text("Folder tidak ditemukan", "Folder not found") + f": {self.folder}")
        self._files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self._files:
            raise CameraError(Text("Folder tanpa gambar", "No images in folder") + f": {self.folder}")
        self._index = 0

    def read(self) -> np.ndarray | None:
        for _ in range(len(self._files)):
            if self._index >= len(self._files):
                if not self.loop:
                    return None
                self._index = 0
            path = self._files[self._index]
            self._index += 1
            frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if frame is not None:
                self._pacer.wait()
                return frame
        return None

    def release(self) -> None:
        self._files = []


DEMO_ONLY = Text("Sumber kamera 'demo' hanya untuk demo", "The 'demo' camera source is for the demo only")


def make_source(spec: str, *, loop: bool = True, paced: bool = True, width: int = 0, height: int = 0,
                fps: int = 0) -> FrameSource:
    """Pick a source from the config string: "0", "/dev/video0", a video file or an image folder; a device is
    asked for `width`x`height` at `fps` ([camera] width/height/fps; 0: its default)."""
    text = spec.strip()
    if not text:
        raise SourceError(Text("Sumber kamera kosong", "Empty camera source") + "; " + ALLOWED)
    if text.lower() == "demo":
        raise SourceError(DEMO_ONLY + "; " + ALLOWED)
    if text.isdigit():
        return DeviceSource(int(text), width, height, fps)
    if text.startswith("/dev/"):
        return DeviceSource(text, width, height, fps)
    path = Path(text).expanduser()
    if path.is_dir():
        return ImageFolderSource(path, loop=loop, fps=10.0 if paced else None)
    return VideoFileSource(path, loop=loop, paced=paced)
