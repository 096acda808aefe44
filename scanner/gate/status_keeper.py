"""Keeps the gate's status current: the clock, counts and unprinted tickets (db lane), the printer's state
(printer lane) and the booking list's freshness, with "Sync now" and a periodic sync (io lane)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from printing.status import MESSAGES
from scanner.gate_queries import gate_snapshot

from .flow import PrintReport

if TYPE_CHECKING:
    from scanner.gate_window import GateWindow

log = logging.getLogger(__name__)
STATUS_MS = 3000
PRINTER_MS = 30_000


class GateStatusKeeper(QObject):
    def __init__(self, window: GateWindow, sync: Callable[[], object] | None) -> None:
        super().__init__(window)
        self.window = window
        self.sync = sync
        self._refreshing = False
        self._syncing = False
        self._clock = self._timer(1000, self._on_clock_timeout)
        self._status = self._timer(STATUS_MS, self.refresh)
        self._printer = self._timer(PRINTER_MS, self.query_printer)
        minutes = window.config.booking_server.sync_minutes
        self._sync = self._timer(max(1, minutes) * 60_000, self.sync_now)
        window.status_bar.sync_requested.connect(self.sync_now)
        window.status_bar.set_syncing(False, available=sync is not None)

    def _timer(self, ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self, interval=ms)
        timer.timeout.connect(slot)
        return timer

    def start(self) -> None:
        for timer in (self._clock, self._status, self._printer):
            timer.start()
        if self.sync is not None:
            self._sync.start()
        self._on_clock_timeout()
        self.refresh()
        self.query_printer()
        self.sync_now()  # the booking list is brought up to date at start, then every sync_minutes

    def stop(self) -> None:
        for timer in (self._clock, self._status, self._printer, self._sync):
            timer.stop()

    def _on_clock_timeout(self) -> None:
        self.window.header.set_time(self.window.clock())

    # ---- counts, unprinted, freshness

    def refresh(self) -> None:
        if self._refreshing:
            return  # the last query is still on the db lane; do not pile up
        self._refreshing = True
        w = self.window
        w.runner.read(gate_snapshot, w.config, w.clock().date(), on_done=self._on_snapshot_done,
                    on_error=self._on_snapshot_error)

    def _on_snapshot_done(self, snap) -> None:
        self._refreshing = False
        self.window.apply_snapshot(snap)

    def _on_snapshot_error(self, exc: BaseException) -> None:
        self._refreshing = False
        log.error("gate status query failed: %r", exc)

    # ---- printer

    def query_printer(self) -> None:
        flow = self.window.flow
        if flow.printer is None:
            text_id, text_en = flow.printer_problem or ("Printer belum diatur", "No printer configured")
            self.window.status_bar.set_printer("error", text_id, text_en)
            return
        flow.query_printer(self._on_printer_status, self._on_printer_fault)

    def _on_printer_status(self, status) -> None:
        bar = self.window.status_bar
        if status is None:
            bar.set_printer("ok", "Siap (status tidak terbaca)", "Ready (no status from this connection)")
        elif status.fault is not None:
            self._show_fault(status.fault)
        elif status.warning is not None:
            self._show_fault(status.warning, level="wait")
        else:
            bar.set_printer("ok", "Siap", "Ready")

    def _on_printer_fault(self, exc: BaseException) -> None:
        text_id = getattr(exc, "message_id", f"Printer galat: {exc}")
        text_en = getattr(exc, "message_en", f"Printer error: {exc}")
        self.window.status_bar.set_printer("error", text_id, text_en)

    def _show_fault(self, fault, level: str = "error") -> None:
        text_id, text_en = MESSAGES.get(fault, (str(fault), str(fault)))
        self.window.status_bar.set_printer(level, text_id, text_en)

    def on_print_finished(self, report: PrintReport) -> None:
        if report.ok and not report.fault:
            self.window.status_bar.set_printer("ok", f"Siap · {report.number} tercetak", f"Ready · {report.number} printed")
        elif report.ok:
            self.window.status_bar.set_printer("wait", report.text_id, report.text_en)
        else:
            self.window.status_bar.set_printer("error", report.text_id, report.text_en)
        self.refresh()

    # ---- booking sync

    def sync_now(self) -> None:
        if self.sync is None or self._syncing:
            return
        self._syncing = True
        self.window.status_bar.set_syncing(True)
        self.window.runner.run("io", self.sync, on_done=self._on_sync_done, on_error=self._on_sync_error)

    def _on_sync_done(self, report) -> None:
        self._syncing = False
        self.window.status_bar.set_syncing(False)
        self.window.status_bar.set_sync_error(getattr(report, "error", None))
        self.refresh()

    def _on_sync_error(self, exc: BaseException) -> None:
        self._syncing = False
        self.window.status_bar.set_syncing(False)
        log.error("booking sync failed: %r", exc)
        self.window.status_bar.set_sync_error(f"Sinkron gagal / Sync failed: {exc}")
