"""The "your number" page: the number very large, people ahead, estimated wait, and how printing went."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from shared.domain import TicketView

from .messages import PRINTING, ahead_text, countdown_text, wait_text


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(name not in ("ticketNumber",))
    return label


class TicketPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _label("yourNumber", "Nomor antrean Anda / Your queue number")
        self.number = _label("ticketNumber", "—")
        self.service = _label("ticketService")
        self.ahead = _label("ticketInfo")
        self.wait = _label("ticketInfo")
        self.print_state = _label("printState")
        self.countdown = _label("countdown")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 30, 60, 30)
        layout.setSpacing(10)
        layout.addStretch(1)
        for widget in (self.heading, self.number, self.service):
            layout.addWidget(widget)
        layout.addSpacing(14)
        layout.addWidget(self.ahead)
        layout.addWidget(self.wait)
        layout.addSpacing(18)
        layout.addWidget(self.print_state)
        layout.addStretch(1)
        layout.addWidget(self.countdown)

    def show_ticket(self, ticket: TicketView) -> None:
        self.heading.setText("Nomor antrean Anda / Your queue number")
        self.number.setText(ticket.number)
        self.service.setText(f"{ticket.service_name} / {ticket.service_name_en}")
        self.ahead.setText(ahead_text(ticket))
        self.wait.setText(wait_text(ticket))
        self.set_print_state(PRINTING, "busy")
        self.countdown.setText("")

    def show_failure(self, text: str) -> None:
        """No ticket could be issued at all: no number, only what to do."""
        self.heading.setText("")
        self.number.setText("—")
        for label in (self.service, self.ahead, self.wait, self.countdown):
            label.setText("")
        self.set_print_state(text, "error")

    def set_print_state(self, text: str, tone: str) -> None:
        self.print_state.setText(text)
        self.print_state.setProperty("tone", tone)
        self.print_state.style().unpolish(self.print_state)
        self.print_state.style().polish(self.print_state)

    def set_countdown(self, seconds: int) -> None:
        self.countdown.setText(countdown_text(seconds) if seconds > 0 else "")
