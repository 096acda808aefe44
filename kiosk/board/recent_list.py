"""The calls before the newest one: number and counter, newest at the top, each number once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel

from shared.domain import CallEventView

from . import style
from .texts import RECENT_CALLS, counter_upper


class RecentCallsPanel(QFrame):
    def __init__(self, rows: int, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("recentCalls")
        self._height = 1080
        self._title_id = QLabel(RECENT_CALLS.id, self)  # the two languages in two sizes
        self._title_en = QLabel(RECENT_CALLS.en, self)
        self._numbers: list[QLabel] = []
        self._counters: list[QLabel] = []
        grid = QGridLayout(self)
        grid.addWidget(self._title_id, 0, 0, 1, 2)
        grid.addWidget(self._title_en, 1, 0, 1, 2)
        for row in range(rows):
            number, counter = QLabel("", self), QLabel("", self)
            number.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(number, row + 2, 0)
            grid.addWidget(counter, row + 2, 1)
            grid.setRowStretch(row + 2, 1)
            self._numbers.append(number)
            self._counters.append(counter)
        self._apply_style()

    @property
    def shown_numbers(self) -> list[str]:
        return [label.text() for label in self._numbers if label.text()]

    def show_calls(self, calls: list[CallEventView] | tuple[CallEventView, ...]) -> None:
        for i, (number, counter) in enumerate(zip(self._numbers, self._counters, strict=True)):
            call = calls[i] if i < len(calls) else None
            number.setText(call.number if call else "")
            counter.setText(counter_upper(call.counter_name) if call else "")

    def rescale(self, height: int) -> None:
        self._height = height
        self._title_id.setFont(style.font(height, 0.032, bold=True))
        self._title_en.setFont(style.font(height, 0.024))
        for number, counter in zip(self._numbers, self._counters, strict=True):
            number.setFont(style.font(height, 0.064, bold=True))
            counter.setFont(style.font(height, 0.048, bold=True))
        margin = style.px(height, 0.02)
        grid = self.layout()
        grid.setContentsMargins(margin * 2, margin, margin * 2, margin)
        grid.setVerticalSpacing(style.px(height, 0.002))
        grid.setHorizontalSpacing(0)  # one unbroken rule under each row
        self._apply_style()

    def _apply_style(self) -> None:
        edge = style.px(self._height, 0.002)
        self.setStyleSheet(
            f"QFrame#recentCalls {{ background: {style.PANEL}; border: {style.px(self._height, 0.004)}px solid "
            f"{style.PANEL_EDGE}; border-radius: {style.px(self._height, 0.018)}px; }}"
            f"QLabel {{ background: transparent; border-bottom: {edge}px solid {style.PANEL_EDGE}; }}"
        )
        self._title_id.setStyleSheet(f"color: {style.TEXT}; border: none;")
        self._title_en.setStyleSheet(f"color: {style.MUTED}; border: none;")
        for number, counter in zip(self._numbers, self._counters, strict=True):
            number.setStyleSheet(f"color: {style.NUMBER};")
            counter.setStyleSheet(f"color: {style.TEXT};")
