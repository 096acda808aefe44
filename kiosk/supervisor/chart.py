"""A small grouped bar chart painted with QPainter: one group per label, one bar per series, a legend on top.

It is told what to show (`set_data(labels, series)`, series = (Text name, colour, values)); it reads nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from shared.palette import INK, LINE, MUTED, WHITE
from shared.text import Text

Series = tuple[Text, str, tuple[float, ...]]


class BarChart(QWidget):
    def __init__(self, title: Text, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.labels: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, labels: tuple[str, ...], series: tuple[Series, ...]) -> None:
        self.labels, self.series = labels, series
        self.update()

    def values(self) -> dict[str, tuple[float, ...]]:
        return {name.en or name.id: values for name, _colour, values in self.series}

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        p.fillRect(self.rect(), QColor(WHITE))
        p.setPen(QPen(QColor(LINE)))
        p.drawRect(0, 0, w - 1, h - 1)
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor(INK))
        p.drawText(QRectF(10, 6, w - 20, 20), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self.title.line())
        font.setBold(False)
        p.setFont(font)
        x = w - 10.0  # the legend, right-aligned on the title's line
        for name, colour, _values in reversed(self.series):
            text = name.line()
            tw = p.fontMetrics().horizontalAdvance(text)
            x -= tw
            p.setPen(QColor(INK))
            p.drawText(QRectF(x, 6, tw, 20), Qt.AlignmentFlag.AlignVCenter, text)
            x -= 16
            p.fillRect(QRectF(x, 11, 11, 11), QColor(colour))
            x -= 14
        left, top, bottom = 40.0, 34.0, h - 24.0
        right = w - 10.0
        peak = max((v for _n, _c, vals in self.series for v in vals), default=0) or 1
        step = _nice_step(peak)
        top_value = step * (int(peak // step) + 1)
        p.setPen(QPen(QColor(LINE)))
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        p.setFont(small)
        v = 0.0
        while v <= top_value + 1e-9:
            y = bottom - (bottom - top) * v / top_value
            p.setPen(QPen(QColor(LINE)))
            p.drawLine(int(left), int(y), int(right), int(y))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{v:g}")
            v += step
        n = len(self.labels)
        if not n or not self.series:
            p.end()
            return
        group = (right - left) / n
        bar = max(2.0, group * 0.8 / len(self.series))
        for i, label in enumerate(self.labels):
            gx = left + i * group + group * 0.1
            for j, (_name, colour, values) in enumerate(self.series):
                value = values[i] if i < len(values) else 0
                bh = (bottom - top) * value / top_value
                p.fillRect(QRectF(gx + j * bar, bottom - bh, bar - 1, bh), QColor(colour))
            p.setPen(QColor(INK))
            p.drawText(QRectF(left + i * group, bottom + 2, group, 18), Qt.AlignmentFlag.AlignCenter, label)
        p.end()


def _nice_step(peak: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000):
        if peak / step <= 5:
            return float(step)
    return float(10 ** len(str(int(peak))))
