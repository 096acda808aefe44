"""The "your number" page: the number very large, people ahead, estimated wait, and how printing went."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from shared.domain import TicketView
from shared.palette import Level
from shared.text import Text

from ..message_strip import set_tone
from .messages import HEADING, PRINTING, ahead_text, countdown_text, wait_text


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(name not in ("ticketNumber",))
    return label


class TicketPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _label("yourNumber", HEADING.line())
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
        self.heading.setText(HEADING.line())
        self.number.setText(ticket.number)
        self.service.setText(Text(ticket.service_name, ticket.service_name_en).line())
        self.ahead.setText(ahead_text(ticket).line())
        wait = wait_text(ticket)  # a range past closing time is long: each language on its own line
        self.wait.setText(wait.lines() if ticket.may_not_be_served_today else wait.line())
        self.set_print_state(PRINTING.line(), Level.BUSY)
        self.countdown.setText("")

    def show_failure(self, text: Text) -> None:
        """No ticket could be issued at all: no number, only what to do."""
        self.heading.setText("")
        self.number.setText("—")
        for label in (self.service, self.ahead, self.wait, self.countdown):
            label.setText("")
        self.set_print_state(text.line(), Level.ERROR)

    def set_print_state(self, text: str, level: Level) -> None:
        """`text` is rendered already: a line, or rich text (the printer's failure)."""
        self.print_state.setText(text)
        set_tone(self.print_state, level)

    def set_countdown(self, seconds: int) -> None:
        self.countdown.setText(countdown_text(seconds).line() if seconds > 0 else "")
