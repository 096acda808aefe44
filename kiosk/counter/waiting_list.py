"""The waiting list in the order the queue policy gives: the officer sees who comes next, and why.

Per ticket, in minutes: how long it has waited (what matters most at the counter) and the estimated wait until
it is called ("10–20", "≤5" when the estimator says soon); the estimate's full words are in the row's tooltip,
and a range past closing time is shown in red. Bare numbers keep the name column wide at 1280x800."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from shared.domain import TicketView, WaitEstimate
from shared.palette import RED, STRIP, Level
from shared.services.wait_estimate import wait_text
from shared.text import Text

COLUMNS = (Text("No."), Text("Nama", "Name"), Text("Tunggu", "Waited"), Text("Perkiraan", "Estimate"))
STACKED = (2, 3)  # headers shown Indonesian over English: the columns stay as narrow as their numbers
WAITING = Text("Menunggu: {count}", "Waiting: {count}")
HINT = Text("Urutan panggilan, hijau = berikutnya · menit", "Call order, green = next · minutes")
NEXT_BACKGROUND = QColor(STRIP[Level.OK][0])  # the "ok" strip's green: the row the next call takes
PRIORITY_TEXT = QColor("#8a4b00")
LATE_TEXT = QColor(RED)
WAITED, ESTIMATE = 2, 3


def estimate_cell(wait: WaitEstimate) -> str:
    """The estimated wait in minutes, short: '10–20', '≤5' when the estimator says soon."""
    if wait.soon:
        return "≤5"
    return f"{wait.low_minutes}–{wait.high_minutes}"


def row_texts(ticket: TicketView) -> tuple[str, str, str, str]:
    """The service is in the number's letter (and the tooltip); the name column gets the room."""
    name = ticket.applicant_name or (f"Walk-in: {ticket.service_name}" if ticket.walk_in_kind else "—")
    return (ticket.number, name, str(ticket.minutes_waited), estimate_cell(ticket.wait))


def tooltip_text(ticket: TicketView) -> str:
    """'A-012 · Paspor Baru / New passport' and, below, the estimate in full words."""
    service = f"{ticket.number} · {Text(ticket.service_name, ticket.service_name_en).line()}"
    return f"{service}\n{wait_text(ticket.wait, label=True).line()}"


def title_text(count: int) -> str:
    return WAITING.format(count=count).line()


class WaitingList(QFrame):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.title = QLabel(title_text(0))
        self.title.setObjectName("panelTitle")
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([title.lines() if col in STACKED else title.line()
                                              for col, title in enumerate(COLUMNS)])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setStyleSheet("QHeaderView::section { padding: 6px 3px; font-size: 13px; }")  # room for the names
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                    QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(col, mode)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(self.title)
        hint = QLabel(HINT.lines())
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)

    def show_tickets(self, tickets: tuple[TicketView, ...]) -> None:
        self.title.setText(title_text(len(tickets)))
        self.table.setRowCount(len(tickets))
        for row, ticket in enumerate(tickets):
            for col, text in enumerate(row_texts(ticket)):
                self.table.setItem(row, col, self._item(text, row, col, ticket))

    def _item(self, text: str, row: int, col: int, ticket: TicketView) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setToolTip(tooltip_text(ticket))
        if col == 0:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        if row == 0:  # the policy's next call
            item.setBackground(QBrush(NEXT_BACKGROUND))
        if ticket.priority or ticket.walk_in_kind == "priority":
            item.setForeground(QBrush(PRIORITY_TEXT))
        if col in (WAITED, ESTIMATE):
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if col == ESTIMATE and ticket.may_not_be_served_today:
            item.setForeground(QBrush(LATE_TEXT))
        return item

    def numbers(self) -> list[str]:
        return [self.table.item(row, 0).text() for row in range(self.table.rowCount())]
