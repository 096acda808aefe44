"""The live camera preview: a GUI timer pulls the newest frame from the mailbox, only when its number changed.

Capture never waits for the screen and the screen never waits for capture (Stytra's rule): frames are not pushed
per frame through signals, and a slow repaint just skips frames. Detected codes are outlined in green.
"""

from __future__ import annotations

import time

import cv2
import numpy as np
from PySide6.QtCore import QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from scanner.camera.mailbox import FrameMailbox
from shared.text import Text

from .style import OUTLINE, PREVIEW_BG, PREVIEW_INK

PULL_MS = 33
OUTLINE_HOLD_S = 0.8  # an outline outlives its frame briefly, so it does not flicker between decodes
WAITING = Text("Menunggu kamera…", "Waiting for the camera…")


class PreviewView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._mailbox: FrameMailbox | None = None
        self._seq = 0
        self._image: QImage | None = None
        self._pixels: np.ndarray | None = None  # keeps the QImage's memory alive
        self._frame_size = (0, 0)
        self._polygons: list[list[tuple[int, int]]] = []
        self._polygons_at = 0.0
        self.frames_shown = 0
        self.message = WAITING
        self.stale = False  # the camera failed: the last picture is old, shown dimmed under the message
        self._timer = QTimer(self)
        self._timer.setInterval(PULL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return width * 9 // 16  # the camera's shape: no black bands above and below the picture

    def attach(self, mailbox: FrameMailbox | None) -> None:
        self._mailbox = mailbox
        self._seq = 0
        if mailbox is None:
            self._timer.stop()
        else:
            self._timer.start()

    def set_message(self, text: Text) -> None:
        """What the preview says while it has no live picture (a camera failure); the last picture, if any,
        stays dimmed underneath until `set_live`."""
        self.message = text
        self.stale = True
        self.update()

    def set_live(self) -> None:
        """Frames arrive again: no message over the picture."""
        self.stale = False
        self.update()

    def set_codes(self, polygons: list) -> None:
        self._polygons = [[(int(x), int(y)) for x, y in poly] for poly in polygons]
        self._polygons_at = time.monotonic()
        self.update()

    def show_frame(self, frame: np.ndarray) -> None:
        """Show one BGR frame now (also used for a still picture when there is no camera)."""
        h, w = frame.shape[:2]
        target = self._target_size(w, h)
        small = cv2.resize(frame, target, interpolation=cv2.INTER_AREA) if target != (w, h) else frame
        if small.ndim == 2:
            small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
        self._pixels = np.ascontiguousarray(small)
        ph, pw = self._pixels.shape[:2]
        self._image = QImage(self._pixels.data, pw, ph, pw * 3, QImage.Format.Format_BGR888)
        self._frame_size = (w, h)
        self.frames_shown += 1
        self.update()

    def _target_size(self, w: int, h: int) -> tuple[int, int]:
        # Scale once to the widget's size (never up): painting a 1080p image 30 times a second is wasted work.
        ratio = self.devicePixelRatioF()
        scale = min(self.width() * ratio / w, self.height() * ratio / h, 1.0)
        return max(1, int(w * scale)), max(1, int(h * scale))

    def _on_timer_timeout(self) -> None:
        if self._mailbox is None:
            return
        seq, frame = self._mailbox.latest()
        if seq == self._seq or frame is None:
            return
        self._seq = seq
        self.show_frame(frame)

    # ---- painting

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(PREVIEW_BG))
        if self._image is None:
            self._paint_message(painter)
            return
        area = self._image_rect()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(area, self._image)
        if self.stale:
            painter.fillRect(self.rect(), QColor(0, 0, 0, 170))
            self._paint_message(painter)
            return
        if self._polygons and time.monotonic() - self._polygons_at < OUTLINE_HOLD_S:
            self._paint_outlines(painter, area)

    def _image_rect(self) -> QRect:
        w, h = self._frame_size
        scale = min(self.width() / w, self.height() / h)
        dw, dh = int(w * scale), int(h * scale)
        return QRect((self.width() - dw) // 2, (self.height() - dh) // 2, dw, dh)

    def _paint_outlines(self, painter: QPainter, area: QRect) -> None:
        sx = area.width() / self._frame_size[0]
        sy = area.height() / self._frame_size[1]
        pen = QPen(QColor(OUTLINE), 4)
        painter.setPen(pen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for poly in self._polygons:
            points = [QPointF(area.x() + x * sx, area.y() + y * sy) for x, y in poly]
            if len(points) >= 2:
                painter.drawPolygon(QPolygonF(points))

    def _paint_message(self, painter: QPainter) -> None:
        painter.setPen(QColor(PREVIEW_INK))
        font = painter.font()
        font.setPointSize(14)
        painter.setFont(font)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message.lines())
