"""The kiosk window: start page → issue (db lane) → print (`PrintChain`) → "your number" → back to start.

A tap issues exactly one ticket: the buttons are off from the tap until the start page is back, and a tap that
lands right after the page changes is ignored. A printer failure never loses the number: the page says so.
The printer lane only prints; the chain records the job and its outcome on the db lane.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from shared.clock import now as office_now
from shared.config import Config
from shared.domain import TicketView
from shared.palette import Level
from shared.qt.print_chain import PrintChain, Printer
from shared.qt.tasks import TaskRunner
from shared.services.day_marker import DayClosed
from shared.services.print_jobs import PrintOutcome
from shared.services.tickets import issue_walk_in
from shared.text import Text

from .messages import ISSUE_FAILED, TAKE_TICKET, printer_failed_text
from .options import walk_in_options
from .start_page import StartPage
from .style import STYLESHEET
from .ticket_page import TicketPage

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
TITLE = Text("Ambil nomor", "Take a number")


class KioskWindow(QWidget):
    ticket_issued = Signal(object)  # TicketView
    print_finished = Signal(object)  # PrintOutcome (a failure too: the chain never raises)
    returned_to_start = Signal()
    issue_failed = Signal(str)  # one line for the log, when no ticket could be issued

    def __init__(self, config: Config, runner: TaskRunner, printer: Printer, clock: Clock | None = None,
                 show_seconds: int = 8, debounce_seconds: float = 0.8) -> None:
        """`printer`: a `printing.service.TicketPrinter` (or anything with `url` and `print_view`)."""
        super().__init__()
        self.config = config
        self.runner = runner
        self.chain = PrintChain(runner, printer, config)
        self.clock: Clock = clock or (lambda: office_now(config.office.tz))
        self.show_seconds = show_seconds
        self.debounce_seconds = debounce_seconds
        self.busy = False
        self._ready_at = 0.0
        self._remaining = 0
        self.setObjectName("kioskRoot")
        self.setWindowTitle(f"Antrian — {TITLE.line()}")
        self.setStyleSheet(STYLESHEET)
        self.start_page = StartPage(walk_in_options(config))
        self.ticket_page = TicketPage()
        self.start_page.kind_chosen.connect(self._on_start_kind_chosen)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.ticket_page)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._build_header())
        root.addWidget(self.stack, 1)
        self.countdown_timer = QTimer(self, interval=1000, timeout=self._on_countdown_timer_timeout)
        self.clock_timer = QTimer(self, interval=1000, timeout=self._on_clock_timer_timeout)
        self.clock_timer.start()
        self._on_clock_timer_timeout()

    def _build_header(self) -> QFrame:
        header = QFrame()
        header.setObjectName("kioskHeader")
        office = QLabel(self.config.office.name)
        office.setObjectName("office")
        self.clock_label = QLabel("")
        self.clock_label.setObjectName("clock")
        row = QHBoxLayout(header)
        row.setContentsMargins(30, 14, 30, 14)
        row.addWidget(office, 1)
        row.addWidget(self.clock_label)
        return header

    def _on_clock_timer_timeout(self) -> None:
        self.clock_label.setText(self.clock().strftime("%H:%M"))

    # ---- issue and print

    def _on_start_kind_chosen(self, kind: str) -> None:
        if self.busy or time.monotonic() < self._ready_at:
            return  # a double tap, or a tap that landed as the start page came back
        self.busy = True
        self.start_page.set_enabled(False)
        self.runner.db(issue_walk_in, self.config, kind, self.clock(),
                       on_done=self._on_ticket_issued, on_error=self._on_issue_failed)

    def _on_ticket_issued(self, ticket: TicketView) -> None:
        self.ticket_page.show_ticket(ticket)
        self.stack.setCurrentWidget(self.ticket_page)
        self.ticket_issued.emit(ticket)
        self.chain.print_views([ticket], self.clock(), on_update=lambda outcome: self._on_printed(ticket, outcome))

    def _on_printed(self, ticket: TicketView, outcome: PrintOutcome) -> None:
        if outcome.ok:
            self.ticket_page.set_print_state(TAKE_TICKET.line(), Level.OK)
        else:
            self.ticket_page.set_print_state(printer_failed_text(outcome.message, ticket.number), Level.ERROR)
        self.print_finished.emit(outcome)
        self._start_countdown()

    def _on_issue_failed(self, exc: BaseException) -> None:
        log.error("walk-in ticket not issued: %r", exc)
        said = getattr(exc, "text", None)  # DatabaseError, DayClosed: the words to show
        self.issue_failed.emit(said.line() if isinstance(said, Text) else f"{type(exc).__name__}: {exc}")
        self.ticket_page.show_failure(said if isinstance(exc, DayClosed) else ISSUE_FAILED)
        self.stack.setCurrentWidget(self.ticket_page)
        self._start_countdown()

    # ---- back to the start page

    def _start_countdown(self) -> None:
        self._remaining = self.show_seconds
        self.ticket_page.set_countdown(self._remaining)
        self.countdown_timer.start()

    def _on_countdown_timer_timeout(self) -> None:
        self._remaining -= 1
        self.ticket_page.set_countdown(self._remaining)
        if self._remaining <= 0:
            self.back_to_start()

    def back_to_start(self) -> None:
        self.countdown_timer.stop()
        self.stack.setCurrentWidget(self.start_page)
        self.busy = False
        self._ready_at = time.monotonic() + self.debounce_seconds
        self.start_page.set_enabled(True)
        self.returned_to_start.emit()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.countdown_timer.stop()
        self.clock_timer.stop()
        super().closeEvent(event)
