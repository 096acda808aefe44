"""The top bar: the office's name, and the clock with the Indonesian date ("Sabtu, 28 November 2026")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel

from . import style
from .texts import SUBTITLE, format_clock, format_date_id


class HeaderBar(QFrame):
    def __init__(self, office_name: str, clock: Callable[[], datetime], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self._clock = clock
        self._office = QLabel(office_name, self)
        self._subtitle = QLabel(SUBTITLE.line(), self)
        self._time = QLabel("", self)
        self._date = QLabel("", self)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self._time.setAlignment(right)
        self._date.setAlignment(right)
        grid = QGridLayout(self)
        grid.addWidget(self._office, 0, 0)
        grid.addWidget(self._subtitle, 1, 0)
        grid.addWidget(self._time, 0, 1, 2, 1)
        grid.addWidget(self._date, 0, 2, 2, 1)
        grid.setColumnStretch(0, 1)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)  # seconds on the clock; the Qt timer drift is corrected by reading the clock
        self.tick()

    @property
    def shown_date(self) -> str:
        return self._date.text()

    def tick(self) -> None:
        now = self._clock()
        self._time.setText(format_clock(now))
        self._date.setText(format_date_id(now.date()))

    def rescale(self, height: int) -> None:
        self._office.setFont(style.font(height, 0.036, bold=True))
        self._subtitle.setFont(style.font(height, 0.022))
        self._time.setFont(style.font(height, 0.060, bold=True))
        self._date.setFont(style.font(height, 0.028, bold=True))
        margin = style.px(height, 0.012)
        self.layout().setContentsMargins(margin * 2, margin, margin * 2, margin)
        self.layout().setHorizontalSpacing(style.px(height, 0.03))
        self.layout().setVerticalSpacing(0)
        self.setStyleSheet(f"QFrame#header {{ background: {style.HEADER}; }} QLabel {{ background: transparent; }}")
        self._office.setStyleSheet(f"color: {style.TEXT};")
        self._subtitle.setStyleSheet(f"color: {style.MUTED};")
        self._time.setStyleSheet(f"color: {style.NUMBER};")
        self._date.setStyleSheet(f"color: {style.TEXT};")
