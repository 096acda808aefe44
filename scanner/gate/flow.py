"""The gate's check-in flow: code -> check_in on the db lane -> result -> tickets on the printer lane.

Nothing here runs on the GUI thread except the hand-offs: decisions on the single db worker, printing on the
single printer worker (one job at a time, in order), results back through the task runner's callbacks.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from sqlalchemy.exc import SQLAlchemyError

from scanner.debounce import Debouncer
from shared.config import Config
from shared.domain import CheckinResult, Decision, TicketView
from shared.qt.tasks import TaskRunner
from shared.services.checkin import check_in

log = logging.getLogger(__name__)


class SharedDebouncer(Debouncer):
    """One debounce for the camera (decode thread) and the keyboard (GUI thread): a lock makes it safe."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()

    def accept(self, code: str) -> bool:
        with self._lock:
            return super().accept(code.strip().upper())


@dataclass(frozen=True)
class PrintReport:
    """A print attempt as the card shows it: ok (None while printing), and the reason in both languages."""

    event_id: str
    number: str
    ok: bool | None
    text_id: str
    text_en: str
    fault: str | None = None


class GateFlow(QObject):
    checkin_started = Signal(str, str)  # code, source
    checkin_finished = Signal(object)  # CheckinResult
    checkin_failed = Signal(str, str)  # message id, en
    print_updated = Signal(object)  # PrintReport
    scan_ignored = Signal(str)  # a repeat inside the debounce window

    def __init__(self, config: Config, runner: TaskRunner, printer, clock: Callable[[], datetime],
                 debouncer: Debouncer | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.runner = runner
        self.printer = printer  # printing.service.TicketPrinter, or None when printer.url cannot be used
        self.clock = clock
        self.debouncer = debouncer or SharedDebouncer(config.decoder.debounce_seconds)
        self.printer_problem: tuple[str, str] | None = None

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
        if isinstance(exc, SQLAlchemyError):
            self.checkin_failed.emit(
                "Check-in gagal: basis data sibuk atau tidak terjangkau — pindai lagi. Tidak ada tiket yang dibuat.",
                "Check-in failed: the database is busy or unreachable — scan again. No ticket was issued.")
            return
        self.checkin_failed.emit(f"Check-in gagal: {exc}", f"Check-in failed: {type(exc).__name__}: {exc}")

    # ---- printing

    def print_tickets(self, event_id: str, tickets: tuple[TicketView, ...] | list[TicketView]) -> None:
        for ticket in tickets:
            self.print_one(event_id, ticket.id, ticket.number)

    def print_one(self, event_id: str, ticket_id: int, number: str, only_if_unprinted: bool = False) -> None:
        self.print_updated.emit(PrintReport(event_id, number, None, "Mencetak…", "Printing…"))
        if self.printer is None:
            text_id, text_en = self.printer_problem or ("Printer belum diatur", "No printer configured")
            self.print_updated.emit(PrintReport(event_id, number, False, text_id, text_en, "unavailable"))
            return
        self.runner.run(
            "printer", self.printer.print_ticket, ticket_id, self.clock(), only_if_unprinted,
            on_done=lambda outcome: self._on_print_done(event_id, outcome),
            on_error=lambda exc: self._on_print_error(event_id, number, exc),
        )

    def _on_print_done(self, event_id: str, outcome) -> None:
        self.print_updated.emit(
            PrintReport(event_id, outcome.number, outcome.ok, outcome.message_id, outcome.message_en, outcome.fault))

    def _on_print_error(self, event_id: str, number: str, exc: BaseException) -> None:
        # TicketPrinter records faults itself; this is a bug or a database error around it.
        log.error("print of %s failed: %r", number, exc)
        self.print_updated.emit(PrintReport(event_id, number, False, f"Gagal mencetak: {exc}",
                                            f"Print failed: {type(exc).__name__}: {exc}", "error"))

    def query_printer(self, on_done: Callable[[object], None], on_error: Callable[[BaseException], None]) -> None:
        if self.printer is not None:
            self.runner.run("printer", self.printer.status, on_done=on_done, on_error=on_error)
