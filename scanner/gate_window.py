"""The entrance officer's gate window: camera preview, the big result card, manual / hand-scanner entry,
and the status bar. It wires the parts in scanner/gate/ together; the work runs on the task runner's lanes."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from scanner.gate.camera import GateCamera
from scanner.gate.flow import GateFlow, PrintReport, SharedDebouncer
from scanner.gate.preview import PreviewView
from scanner.gate.recent_scans import RecentScans
from scanner.gate.result_card import ResultCard, print_state_html
from scanner.gate.status_bar import GateHeader, GateStatusBar
from scanner.gate.status_keeper import GateStatusKeeper
from scanner.gate.texts import bi, freshness
from scanner.gate.wedge import KeyboardWedge
from scanner.gate_queries import GateSnapshot, active_booking_codes
from scanner.sounds import SoundBoard
from shared import clock as office_clock
from shared.config import Config
from shared.domain import CheckinResult, Decision
from shared.qt.tasks import TaskRunner

log = logging.getLogger(__name__)
CARD_SECONDS = 6


class GateWindow(QMainWindow):
    def __init__(self, config: Config, runner: TaskRunner, printer=None, *, clock: Callable[[], datetime] | None = None,
                 sounds: SoundBoard | None = None, sync: Callable[[], object] | None = None,
                 debouncer: SharedDebouncer | None = None, card_seconds: float = CARD_SECONDS,
                 printer_problem: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.config = config
        self.runner = runner
        self.clock = clock or (lambda: office_clock.now(config.office.tz))
        self.sounds = sounds or SoundBoard()
        self.flow = GateFlow(config, runner, printer, self.clock, debouncer, parent=self)
        self.flow.printer_problem = printer_problem
        self.camera = GateCamera(config, self.flow.debouncer, parent=self)
        self.setWindowTitle(f"Antrian — Gerbang / Gate {config.station.name}")
        self._build()
        self.status = GateStatusKeeper(self, sync)
        self._card_timer = QTimer(self, singleShot=True, interval=int(card_seconds * 1000))
        self._card_timer.timeout.connect(self._on_card_timer_timeout)
        self._wire()
        self.wedge = KeyboardWedge(self)
        self.wedge.code_typed.connect(lambda code: self.flow.submit_typed(code, "keyboard"))
        self.wedge.install()
        self.status.start()

    # ---- layout

    def _build(self) -> None:
        self.header = GateHeader(self.config.office.name, self.config.station.name)
        self.preview = PreviewView()
        self.card = ResultCard(self.config.office.tz)
        self.recent = RecentScans(self.config.office.tz)
        self.status_bar = GateStatusBar()
        self.manual_field = QLineEdit()
        self.manual_field.setPlaceholderText("Kode booking / Booking code")
        self.manual_field.setMaxLength(64)
        self.manual_field.setMinimumHeight(44)
        self.manual_field.setStyleSheet("font-size: 16pt; font-family: monospace; padding: 2px 8px;")
        self.manual_button = QPushButton("Periksa / Check")
        self.manual_button.setMinimumHeight(44)
        self.manual_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        central = QWidget()
        central.setStyleSheet("QMainWindow > QWidget { background: #f5f7f8; }")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.header)
        middle = QHBoxLayout()
        middle.setContentsMargins(16, 14, 16, 14)
        middle.setSpacing(16)
        left = QWidget()
        left.setLayout(self._left_column())
        # Ignored: the columns keep their 4:6 share whatever a card's content asks for (no jumping layout).
        for part in (left, self.card):
            part.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        middle.addWidget(left, 4)
        middle.addWidget(self.card, 6)
        outer.addLayout(middle, 1)
        outer.addWidget(self.status_bar)
        self.setCentralWidget(central)
        self.manual_field.setFocus()

    def _left_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(self.preview)
        entry_label = QLabel(bi("Ketik kode booking lalu Enter (pemindai tangan bisa langsung dipakai)",
                                "Type the booking code and press Enter (a hand scanner works at any time)", 10, 8))
        entry_label.setWordWrap(True)
        column.addWidget(entry_label)
        entry = QHBoxLayout()
        entry.addWidget(self.manual_field, 1)
        entry.addWidget(self.manual_button)
        column.addLayout(entry)
        column.addSpacing(6)
        column.addWidget(self.recent, 1)
        return column

    def _wire(self) -> None:
        self.manual_field.returnPressed.connect(self._on_manual_submitted)
        self.manual_button.clicked.connect(self._on_manual_submitted)
        self.flow.checkin_finished.connect(self._on_flow_checkin_finished)
        self.flow.checkin_failed.connect(self._on_flow_checkin_failed)
        self.flow.print_updated.connect(self._on_flow_print_updated)
        self.card.reprint_requested.connect(self._on_card_reprint_requested)
        self.card.override_requested.connect(self._on_card_override_requested)
        self.status_bar.reprint_requested.connect(self._on_status_reprint_requested)
        self.camera.state_changed.connect(self._on_camera_state_changed)
        self.camera.code_scanned.connect(self.flow.submit_camera)
        self.camera.codes_located.connect(self.preview.set_codes)

    def _on_card_override_requested(self, code: str, reason: str) -> None:
        # A hand scan while the reason field has focus types the NEXT applicant's code there and presses
        # Enter: that is a scan, not a supervisor's reason.
        if re.fullmatch(self.config.checkin.code_pattern, reason.strip().upper()):
            self.card.reason_field.clear()
            self.flow.submit_typed(reason)
            return
        self.flow.override(code, reason)

    # ---- camera

    def start_camera(self, spec: str | None = None) -> None:
        """Open the configured source; the demo camera first needs today's booking codes (db lane)."""
        spec = self.config.camera.source if spec is None else spec
        self.preview.attach(self.camera.mailbox)
        if spec.strip().lower() != "demo":
            self.camera.open_spec(spec)
            return
        day = self.clock().date()
        self.runner.read(active_booking_codes, self.config, day,
                       on_done=lambda codes: self.camera.open_spec(spec, codes),
                       on_error=lambda exc: self.camera.open_spec(spec, ()))

    def stop_camera(self) -> None:
        self.camera.stop()
        self.preview.attach(None)

    # ---- slots

    def _on_manual_submitted(self) -> None:
        code = self.manual_field.text()
        self.manual_field.clear()
        self.flow.submit_typed(code, "manual")

    def _on_flow_checkin_finished(self, result: CheckinResult) -> None:
        fresh = None
        if result.decision is Decision.UNKNOWN:
            fresh = freshness(result.last_sync_at, self.clock(), self.config.booking_server.stale_minutes)
        self.card.show_result(result, fresh)
        self.recent.add(result)
        self.sounds.play(result.decision.tone)
        self._card_timer.start()
        self.status.refresh()

    def _on_flow_checkin_failed(self, text_id: str, text_en: str) -> None:
        self.card.show_error(text_id, text_en)
        self.sounds.play(Decision.MALFORMED.tone)
        self._card_timer.start()

    def _on_flow_print_updated(self, report: PrintReport) -> None:
        if self.card.result is not None and self.card.result.event_id == report.event_id:
            cell = print_state_html(report.ok, report.text_id, report.text_en, bool(report.fault))
            self.card.set_print_state(report.number, cell)
            if report.ok is False:
                self.card.show_print_notice(report.text_id, report.text_en)
            self._card_timer.start()  # the officer reads the outcome before the card clears
        if report.ok is not None:
            self.status.on_print_finished(report)

    def _on_card_reprint_requested(self, result: CheckinResult) -> None:
        self.flow.print_tickets(result.event_id, result.tickets)
        self._card_timer.start()

    def _on_status_reprint_requested(self, items: list) -> None:
        event_id = self.card.result.event_id if self.card.result else ""
        for ticket_id, number in items:  # pressed twice, or while printing: nothing prints twice
            self.flow.print_one(event_id, ticket_id, number, only_if_unprinted=True)

    def _on_camera_state_changed(self, level: str, text_id: str, text_en: str) -> None:
        self.status_bar.set_camera(level, text_id, text_en)
        if level == "error":
            self.preview.set_message(text_id, text_en)

    def _on_card_timer_timeout(self) -> None:
        if self.card.busy:
            self._card_timer.start()
            return
        self.card.show_idle()

    def apply_snapshot(self, snap: GateSnapshot) -> None:
        self.header.set_counts(snap)
        self.status_bar.set_unprinted(snap.unprinted)
        fresh = freshness(snap.last_sync_at, self.clock(), self.config.booking_server.stale_minutes)
        self.status_bar.set_freshness(fresh)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.status.stop()
        self.wedge.uninstall()
        self.stop_camera()
        super().closeEvent(event)
