"""The gate's header: the office and station, the officer signed in, today's counts and the clock."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from shared.services.gate_status import GateSnapshot
from shared.text import Text

from .style import HEADER_BG, HEADER_EN, HEADER_INK
from .texts import bi

GATE = Text("Gerbang masuk", "Entrance gate")
BOOKED = Text("Booking", "Booked")
CHECKED_IN = Text("Sudah masuk", "Checked in")
WAITING = Text("Menunggu", "Waiting")


def _rich() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class GateHeader(QFrame):
    def __init__(self, office: str, station: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gateHeader")
        self.setStyleSheet(f"#gateHeader {{ background: {HEADER_BG}; }} QLabel {{ color: {HEADER_INK}; }}")
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 8, 18, 8)
        self.title = _rich()
        self.title.setText(bi(Text(office, f"{GATE.line()} — {station}"), 14, 9, bold=True, en_colour=HEADER_EN))
        self.counts = _rich()
        self.clock = _rich()
        self._row = row
        row.addWidget(self.title, 1)
        row.addWidget(self.counts)
        row.addSpacing(24)
        row.addWidget(self.clock)
        self.set_counts(None)

    def add_badge(self, badge: QWidget) -> None:
        """The signed-in officer's name and "Keluar" (shared.qt.auth.OfficerBadge), between the title and counts;
        the office name may wrap so that the header still fits 1280 px with a long name."""
        self.title.setWordWrap(True)
        self._row.insertWidget(1, badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self._row.insertSpacing(2, 20)

    def set_counts(self, snap: GateSnapshot | None) -> None:
        cells = [(BOOKED, snap.bookings if snap else "–"),
                 (CHECKED_IN, snap.checked_in if snap else "–"),
                 (WAITING, snap.waiting if snap else "–")]
        html = "".join(
            f"<td style='padding:0 14px;' align='center'><span style='font-size:18pt;font-weight:700;'>{value}"
            f"</span><br><span style='font-size:9pt;'>{label.id}</span>"
            f"<span style='font-size:8pt;color:{HEADER_EN};'> / {label.en}</span></td>"
            for label, value in cells)
        self.counts.setText(f"<table><tr>{html}</tr></table>")

    def set_time(self, now: datetime) -> None:
        self.clock.setText(f"<span style='font-size:22pt;font-weight:700;'>{now:%H:%M}</span>"
                           f"<br><span style='font-size:9pt;color:{HEADER_EN};'>{now:%d-%m-%Y}</span>")
