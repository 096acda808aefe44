"""The running text: `board.running_text` scrolling right to left along the bottom, endlessly."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from . import style

FRAME_MS = 16  # ~60 frames a second: smooth on a TV, and only a strip of the screen is repainted
SPEED_HEIGHTS_PER_S = 0.12  # scroll speed as a fraction of the window height per second
GAP = "      ✦      "


class RunningText(QWidget):
    def __init__(self, text: str, parent=None) -> None:
        super().__init__(parent)
        self._text = text.strip()
        self._offset = 0.0
        self._speed = 130.0
        self._font = style.font(1080, 0.034, bold=True)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_tick)
        if self._text:
            self._timer.start(FRAME_MS)
        else:
            self.hide()

    @property
    def text(self) -> str:
        return self._text

    @property
    def offset(self) -> float:
        return self._offset

    def rescale(self, height: int) -> None:
        self._font = style.font(height, 0.034, bold=True)
        self._speed = height * SPEED_HEIGHTS_PER_S
        self.setFixedHeight(style.px(height, 0.058))
        self.update()

    def _loop_width(self) -> float:
        return QFontMetricsF(self._font).horizontalAdvance(self._text + GAP)

    def _on_timer_tick(self) -> None:
        self._offset = (self._offset + self._speed * FRAME_MS / 1000) % max(1.0, self._loop_width())
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(style.TICKER_BACKGROUND))
        if not self._text:
            return
        painter.setFont(self._font)
        painter.setPen(QColor(style.TICKER_TEXT))
        loop = self._loop_width()
        x = self.height() * 0.5 - self._offset  # a short lead-in before the first word
        while x > 0:
            x -= loop
        while x < self.width():  # repeat the text so the strip is never empty
            painter.drawText(QRectF(x, 0, loop, self.height()), Qt.AlignmentFlag.AlignVCenter, self._text + GAP)
            x += loop
        painter.end()
