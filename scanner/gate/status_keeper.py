"""Keeps the gate's status current, on timers: the clock, counts and unprinted tickets (db lane, read-only),
the printer's state (printer lane) and the booking list, with a periodic and an on-demand sync (io lane).

It only reads and says what it read through signals; the window's parts show it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from printing.status import PrinterFault, PrinterStatus
from shared.booking.errors import BookingServerError
from shared.config import Config
from shared.db.errors import DatabaseError
from shared.palette import Level
from shared.qt.print_chain import NO_PRINTER
from shared.qt.tasks import Lane, TaskRunner
from shared.services.gate_status import GateSnapshot, gate_snapshot
from shared.text import Text

from .print_report import PrintReport

log = logging.getLogger(__name__)
STATUS_MS = 3000
PRINTER_MS = 30_000
READY = Text("Siap", "Ready")
READY_NO_STATUS = Text("Siap (status tidak terbaca)", "Ready (no status from this connection)")
SYNC_FAILED = Text("Sinkron gagal", "Sync failed")


class GateStatusKeeper(QObject):
    time_changed = Signal(object)  # datetime, every second
    snapshot_read = Signal(object)  # GateSnapshot
    printer_changed = Signal(object, object)  # Level, Text
    syncing_changed = Signal(bool)
    sync_error_changed = Signal(object)  # Text, or None after a good sync

    def __init__(self, config: Config, runner: TaskRunner, clock: Callable[[], datetime], printer=None,
                 printer_problem: Text | None = None, sync: Callable[[], object] | None = None,
                 parent: QObject | None = None) -> None:
        """`printer`: the TicketPrinter whose status is asked (None: `printer_problem` is shown instead);
        `sync`: the io lane's job that brings the booking list up to date (None: no sync at this gate)."""
        super().__init__(parent)
        self.config, self.runner, self.clock = config, runner, clock
        self.printer, self.printer_problem = printer, printer_problem or NO_PRINTER
        self.sync = sync
        self._refreshing = False
        self._syncing = False
        self._stopped = False
        self._database_down = False  # said once in the log when it goes away, once when it is back
        self._clock = self._timer(1000, self._on_clock_timeout)
        self._status = self._timer(STATUS_MS, self.refresh)
        self._printer = self._timer(PRINTER_MS, self.query_printer)
        self._sync = self._timer(max(1, config.booking_server.sync_minutes) * 60_000, self.sync_now)

    def _timer(self, ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self, interval=ms)
        timer.timeout.connect(slot)
        return timer

    @property
    def refreshing(self) -> bool:
        """A status read is on the db lane."""
        return self._refreshing

    def start(self) -> None:
        self._stopped = False
        for timer in (self._clock, self._status, self._printer):
            timer.start()
        if self.sync is not None:
            self._sync.start()
        self._on_clock_timeout()
        self.refresh()
        self.query_printer()
        self.sync_now()  # the booking list is brought up to date at start, then every sync_minutes

    def stop(self) -> None:
        """No more reads: the window is closing (a print ending now must not queue work on a stopped runner)."""
        self._stopped = True
        for timer in (self._clock, self._status, self._printer, self._sync):
            timer.stop()

    def _on_clock_timeout(self) -> None:
        self.time_changed.emit(self.clock())

    # ---- counts, unprinted, freshness

    def refresh(self) -> None:
        if self._refreshing or self._stopped:
            return  # the last query is still on the db lane; do not pile up
        self._refreshing = True
        self.runner.read(gate_snapshot, self.config, self.clock().date(), on_done=self._on_snapshot_done,
                         on_error=self._on_snapshot_error)

    def _on_snapshot_done(self, snap: GateSnapshot) -> None:
        self._refreshing = False
        if self._database_down:
            self._database_down = False
            log.warning("database back: the gate's status read works again")
        self.snapshot_read.emit(snap)

    def _on_snapshot_error(self, exc: BaseException) -> None:
        self._refreshing = False
        if isinstance(exc, DatabaseError):
            if not self._database_down:  # once, not every 3 s
                self._database_down = True
                log.error("database unreachable: the gate's status read failed: %r", exc)
            return
        log.error("gate status query failed: %r", exc)

    # ---- printer

    def query_printer(self) -> None:
        if self._stopped:
            return
        if self.printer is None:
            self.printer_changed.emit(Level.ERROR, self.printer_problem)
            return
        self.runner.run(Lane.PRINTER, self.printer.status, on_done=self._on_printer_status,
                        on_error=self._on_printer_fault)

    def _on_printer_status(self, status: PrinterStatus | None) -> None:
        if status is None:
            self.printer_changed.emit(Level.OK, READY_NO_STATUS)
        elif status.fault is not None:
            self.printer_changed.emit(Level.ERROR, status.fault.text)
        elif status.warning is not None:
            self.printer_changed.emit(Level.BUSY, status.warning.text)
        else:
            self.printer_changed.emit(Level.OK, READY)

    def _on_printer_fault(self, exc: BaseException) -> None:
        text = exc.text if isinstance(exc, PrinterFault) else Text(f"Printer galat: {exc}", f"Printer error: {exc}")
        self.printer_changed.emit(Level.ERROR, text)

    def on_print_finished(self, report: PrintReport) -> None:
        """A print ended: what it says about the printer, and a fresh read of the unprinted list."""
        if report.ok and not report.fault:
            self.printer_changed.emit(Level.OK, Text(f"Siap · {report.number} tercetak",
                                                     f"Ready · {report.number} printed"))
        else:
            self.printer_changed.emit(Level.BUSY if report.ok else Level.ERROR, report.text)
        self.refresh()

    # ---- booking sync

    def sync_now(self) -> None:
        if self.sync is None or self._syncing or self._stopped:
            return
        self._syncing = True
        self.syncing_changed.emit(True)
        self.runner.run(Lane.IO, self.sync, on_done=self._on_sync_done, on_error=self._on_sync_error)

    def _on_sync_done(self, report) -> None:
        self._syncing = False
        self.syncing_changed.emit(False)
        self.sync_error_changed.emit(getattr(report, "error", None))
        self.refresh()

    def _on_sync_error(self, exc: BaseException) -> None:
        self._syncing = False
        self.syncing_changed.emit(False)
        log.error("booking sync failed: %r", exc)
        words = exc.text if isinstance(exc, BookingServerError | DatabaseError) else Text(str(exc))
        self.sync_error_changed.emit(SYNC_FAILED + ": " + words)
