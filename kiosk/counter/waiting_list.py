"""The waiting list in the order the queue policy gives: the officer sees who comes next, and why."""

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

from shared.domain import TicketView
from shared.palette import STRIP, Level
from shared.text import Text

COLUMNS = (Text("No."), Text("Nama", "Name"), Text("Tunggu", "Wait"))
WAITING = Text("Menunggu: {count}", "Waiting: {count}")
HINT = Text("Urutan panggilan, hijau = berikutnya", "Call order, green = next")
NEXT_BACKGROUND = QColor(STRIP[Level.OK][0])  # the "ok" strip's green: the row the next call takes
PRIORITY_TEXT = QColor("#8a4b00")


def row_texts(ticket: TicketView) -> tuple[str, str, str]:
    """The service is in the number's letter (and the tooltip); the name column gets the room."""
    name = ticket.applicant_name or (f"Walk-in: {ticket.service_name}" if ticket.walk_in_kind else "—")
    return (ticket.number, name, f"{ticket.minutes_waited} mnt")


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
        self.table.setHorizontalHeaderLabels([title.line() for title in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                    QHeaderView.ResizeMode.ResizeToContents)):
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
        item.setToolTip(f"{ticket.number} · {Text(ticket.service_name, ticket.service_name_en).line()}")
        if col == 0:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        if row == 0:  # the policy's next call
            item.setBackground(QBrush(NEXT_BACKGROUND))
        if ticket.priority or ticket.walk_in_kind == "priority":
            item.setForeground(QBrush(PRIORITY_TEXT))
        return item

    def numbers(self) -> list[str]:
        return [self.table.item(row, 0).text() for row in range(self.table.rowCount())]
