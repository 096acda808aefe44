"""The last few decisions at this gate, newest first: what the officer looks at when an applicant argues."""

from __future__ import annotations

from datetime import tzinfo
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from shared.domain import CheckinResult, Tone
from shared.palette import EN_GREY, WHITE
from shared.text import Text

from .style import LIST_BORDER, LIST_EMPTY
from .texts import bi, hhmm

KEEP = 6
TITLE = Text("Pindaian terakhir", "Recent scans")
NO_SCANS = Text("Belum ada pindaian", "No scans yet")


class RecentScans(QWidget):
    def __init__(self, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self.rows: list[str] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(QLabel(bi(TITLE, 10, 8, bold=True)))
        self._list = QLabel()
        self._list.setTextFormat(Qt.TextFormat.RichText)
        self._list.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._list.setStyleSheet(f"background: {WHITE}; border: 1px solid {LIST_BORDER}; border-radius: 6px;"
                                 " padding: 6px;")
        column.addWidget(self._list, 1)
        self._render()

    def add(self, result: CheckinResult) -> None:
        d = result.decision
        numbers = ", ".join(t.number for t in result.tickets) if d.tone is not Tone.REFUSE else ""
        code = result.code if len(result.code) <= 10 else result.code[:9] + "…"
        row = (f"<tr><td style='color:{EN_GREY};padding-right:6px;'>{hhmm(result.at, self._tz)}</td>"
               f"<td style='font-family:monospace;padding-right:6px;'>{escape(code)}</td>"
               f"<td style='color:{d.colour};font-weight:700;padding-right:6px;'>● {escape(d.title.id)}</td>"
               f"<td>{escape(numbers)}</td></tr>")
        self.rows.insert(0, row)
        del self.rows[KEEP:]
        self._render()

    def _render(self) -> None:
        if not self.rows:
            self._list.setText(f"<span style='color:{LIST_EMPTY};'>{escape(NO_SCANS.line())}</span>")
            return
        self._list.setText(f"<table style='font-size:10pt;'>{''.join(self.rows)}</table>")
