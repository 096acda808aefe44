"""The gate's check-in flow: a code -> check_in on the db lane -> the result -> its tickets to the print chain.

Nothing here runs on the GUI thread except the hand-offs: decisions on the single db worker; printing through
`PrintChain` (db lane: record the job -> printer lane: print the view it is handed -> db lane: record the
outcome), so the printer thread never reads the database. Results come back through the runner's callbacks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from scanner.decode.debounce import Debouncer, SharedDebouncer
from shared.config import Config
from shared.db.errors import DatabaseError
from shared.domain import CheckinResult, Decision, TicketView
from shared.qt.print_chain import PrintChain, Printer
from shared.qt.tasks import TaskRunner
from shared.services.checkin import check_in
from shared.services.print_jobs import PrintOutcome
from shared.text import Text

from .print_report import PrintReport, printing

log = logging.getLogger(__name__)
CHECKIN_FAILED = Text("Check-in gagal", "Check-in failed")
NO_TICKET = Text("Tidak ada tiket yang dibuat.", "No ticket was issued.")


class GateFlow(QObject):
    checkin_started = Signal(str, str)  # code, source
    checkin_finished = Signal(object)  # CheckinResult
    checkin_failed = Signal(object)  # Text
    print_updated = Signal(object)  # PrintReport
    scan_ignored = Signal(str)  # a repeat inside the debounce window

    def __init__(self, config: Config, runner: TaskRunner, printer: Printer | None, clock: Callable[[], datetime],
                 debouncer: Debouncer | None = None, printer_problem: Text | None = None,
                 parent: QObject | None = None) -> None:
        """`printer`: a printing.service.TicketPrinter, or None when printer.url cannot be used (`printer_problem`
        says why; every print then fails with it and the tickets stay in the unprinted list)."""
        super().__init__(parent)
        self.config = config
        self.runner = runner
        self.clock = clock
        self.debouncer = debouncer or SharedDebouncer(config.decoder.debounce_seconds)
        self.chain = PrintChain(runner, printer, config, printer_problem)

    # ---- input

    def submit_camera(self, text: str, symbology: str = "") -> None:
        """A camera code: the decode thread has already debounced it with the same debouncer."""
        self._check(text, "camera")

    def submit_typed(self, text: str, source: str = "keyboard") -> None:
        """A code from the hand scanner or the manual field: the same debounce as the camera."""
        if not text.strip():
            return
        if not self.debouncer.accept(text):
            self.scan_ignored.emit(text)
            return
        self._check(text, source)

    def override(self, code: str, reason: str) -> None:
        """Supervisor lets a late applicant in: the same check-in, with the reason (audited)."""
        self._check(code, "override", reason)

    def _check(self, raw: str, source: str, override: str | None = None) -> None:
        self.checkin_started.emit(raw, source)
        c = self.config
        self.runner.db(check_in, c, raw, c.station.name, self.clock(), override,
                       on_done=self._on_checkin_done, on_error=self._on_checkin_error)

    def _on_checkin_done(self, result: CheckinResult) -> None:
        self.checkin_finished.emit(result)
        if result.decision is Decision.VALID:
            self.print_tickets(result.event_id, result.tickets)

    def _on_checkin_error(self, exc: BaseException) -> None:
        log.error("check-in failed: %r", exc)  # the SQL and its parameters go to the log, not on the screen
        if isinstance(exc, DatabaseError):
            self.checkin_failed.emit(CHECKIN_FAILED + ": " + exc.text + ". " + NO_TICKET)
            return
        self.checkin_failed.emit(Text(f"{CHECKIN_FAILED.id}: {exc}", f"{CHECKIN_FAILED.en}: {type(exc).__name__}: {exc}"))

    # ---- printing

    def print_tickets(self, event_id: str, tickets: Iterable[TicketView]) -> None:
        """Print the tickets a check-in just issued: their views are in hand, nothing is read again."""
        views = tuple(tickets)
        for view in views:
            self.print_updated.emit(printing(event_id, view.number))
        self.chain.print_views(views, self.clock(), lambda outcome: self._on_printed(event_id, outcome))

    def reprint(self, event_id: str, ticket_id: int, number: str, only_if_unprinted: bool = False) -> None:
        """Print a ticket again (its view is read fresh on the db lane); `only_if_unprinted`: never twice."""
        self.print_updated.emit(printing(event_id, number))
        self.chain.reprint(ticket_id, self.clock(), only_if_unprinted,
                           lambda outcome: self._on_printed(event_id, outcome), number=number)

    def _on_printed(self, event_id: str, outcome: PrintOutcome) -> None:
        fault = str(outcome.fault) if outcome.fault is not None else None
        self.print_updated.emit(PrintReport(event_id, outcome.number, outcome.ok, outcome.message, outcome.short, fault))
