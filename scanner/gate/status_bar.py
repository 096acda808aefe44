"""The always-visible parts around the card: the header (office, counts, clock) and the status bar (camera,
printer and the tickets that did not print, how fresh the booking list is)."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from scanner.gate_queries import GateSnapshot

from .texts import AMBER, EN_GREY, GREEN, RED, Freshness, bi

LEVEL_COLOUR = {"ok": GREEN, "wait": AMBER, "amber": AMBER, "error": RED, "red": RED}
MAX_LISTED = 4


def _rich(text: str = "", elide: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText)
    if elide:  # a long fault must not widen the window; the tooltip keeps the whole text
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


def _state_html(level: str, text_id: str, text_en: str, head: str) -> str:
    colour = LEVEL_COLOUR.get(level, EN_GREY)
    return (f"<span style='color:{colour};font-size:14pt;'>●</span> "
            f"<span style='font-weight:600;'>{head}</span> <span style='color:{colour};'>{escape(text_id)}</span>"
            f"<br><span style='color:{EN_GREY};font-size:8pt;'>{escape(text_en)}</span>")


class GateHeader(QFrame):
    def __init__(self, office: str, station: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gateHeader")
        self.setStyleSheet("#gateHeader { background: #263238; } QLabel { color: #eceff1; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 8, 18, 8)
        self.title = _rich(bi(office, f"Gerbang masuk / Entrance gate — {station}", 14, 9, bold=True,
                              en_colour="#b0bec5"))
        self.counts = _rich()
        self.clock = _rich()
        row.addWidget(self.title, 1)
        row.addWidget(self.counts)
        row.addSpacing(24)
        row.addWidget(self.clock)
        self.set_counts(None)

    def set_counts(self, snap: GateSnapshot | None) -> None:
        cells = [("Booking", "Booked", snap.bookings if snap else "–"),
                 ("Sudah masuk", "Checked in", snap.checked_in if snap else "–"),
                 ("Menunggu", "Waiting", snap.waiting if snap else "–")]
        html = "".join(
            f"<td style='padding:0 14px;' align='center'><span style='font-size:18pt;font-weight:700;'>{value}"
            f"</span><br><span style='font-size:9pt;'>{label_id}</span>"
            f"<span style='font-size:8pt;color:#b0bec5;'> / {label_en}</span></td>"
            for label_id, label_en, value in cells)
        self.counts.setText(f"<table><tr>{html}</tr></table>")

    def set_time(self, now: datetime) -> None:
        self.clock.setText(f"<span style='font-size:22pt;font-weight:700;'>{now:%H:%M}</span>"
                           f"<br><span style='font-size:9pt;color:#b0bec5;'>{now:%d-%m-%Y}</span>")


class GateStatusBar(QFrame):
    reprint_requested = Signal(list)  # [(ticket_id, number), ...]
    sync_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gateStatus")
        self.setStyleSheet("#gateStatus { background: #eceff1; border-top: 1px solid #b0bec5; }"
                           "QPushButton, QToolButton { font-size: 10pt; padding: 4px 10px; }")
        self.camera = _rich(elide=True)
        self.printer = _rich(elide=True)
        self.sync = _rich(elide=True)
        self.unprinted_items: list[tuple[int, str]] = []
        self.sync_level = "red"
        self.sync_error: str | None = None
        self._fresh: Freshness | None = None
        self.unprinted_button = QToolButton()
        self.unprinted_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.unprinted_button.setMenu(QMenu(self.unprinted_button))
        self.reprint_all_action = QAction("Cetak ulang semua / Reprint all", self)
        self.reprint_all_action.triggered.connect(self._on_reprint_all_triggered)
        self.sync_button = QPushButton("Sinkron sekarang / Sync now")
        self.sync_button.clicked.connect(self.sync_requested)
        for button in (self.unprinted_button, self.sync_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._layout()
        self.set_camera("wait", "Kamera belum dibuka", "Camera not opened yet")
        self.set_printer("wait", "Memeriksa printer…", "Checking the printer…")
        self.set_unprinted(())

    def _layout(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 6, 14, 6)
        row.setSpacing(10)
        row.addWidget(self.camera, 3)
        row.addWidget(_separator())
        row.addWidget(self.printer, 3)
        row.addWidget(self.unprinted_button)
        row.addWidget(_separator())
        row.addWidget(self.sync, 3)
        row.addWidget(self.sync_button)

    def set_camera(self, level: str, text_id: str, text_en: str) -> None:
        self.camera_level = level
        self.camera.setText(_state_html(level, text_id, text_en, "Kamera:"))
        self.camera.setToolTip(f"{text_id}\n{text_en}")

    def set_printer(self, level: str, text_id: str, text_en: str) -> None:
        self.printer_level = level
        self.printer.setText(_state_html(level, text_id, text_en, "Printer:"))
        self.printer.setToolTip(f"{text_id}\n{text_en}")

    def set_unprinted(self, items) -> None:
        """`items`: UnprintedTicket records (with the failure reason) or (ticket_id, number) pairs."""
        rows = [(i.ticket_id, i.number, i.reason) if hasattr(i, "ticket_id") else (i[0], i[1], None) for i in items]
        self.unprinted_items = [(ticket_id, number) for ticket_id, number, _ in rows]
        numbers = ", ".join(n for _, n, _ in rows[:MAX_LISTED]) + (" …" if len(rows) > MAX_LISTED else "")
        if rows:
            self.unprinted_button.setText(f"Belum tercetak / Not printed: {len(rows)}\n{numbers}  ▾")
            self.unprinted_button.setStyleSheet("QToolButton { color: #b71c1c; font-weight: 600; }")
        else:
            self.unprinted_button.setText("Semua tiket tercetak\nAll tickets printed")
            self.unprinted_button.setStyleSheet("QToolButton { color: #1b873f; }")
        self._fill_menu(rows)
        self.unprinted_button.setEnabled(bool(rows))

    def _fill_menu(self, rows: list[tuple[int, str, str | None]]) -> None:
        menu = self.unprinted_button.menu()
        menu.clear()
        menu.addAction(self.reprint_all_action)
        menu.addSeparator()
        for ticket_id, number, reason in rows:
            why = f" — {reason.split(': ', 1)[-1]}" if reason else ""
            action = menu.addAction(f"Cetak ulang / Reprint {number}{why}")
            action.triggered.connect(lambda _=False, item=(ticket_id, number): self.reprint_requested.emit([item]))

    def set_freshness(self, fresh: Freshness) -> None:
        self._fresh = fresh
        self.sync_level = fresh.level
        level = {"ok": "ok", "amber": "wait", "red": "error"}[fresh.level]
        text_id, text_en = fresh.text_id, fresh.text_en
        if self.sync_error:
            text_id, text_en = f"{text_id} · sinkron gagal", f"{text_en} · last sync attempt failed"
        self.sync.setText(_state_html(level, text_id, text_en, "Booking:"))
        self.sync.setToolTip(self.sync_error or f"{fresh.text_id}\n{fresh.text_en}")

    def set_sync_error(self, error: str | None) -> None:
        self.sync_error = error
        if self._fresh is not None:
            self.set_freshness(self._fresh)

    def set_syncing(self, running: bool, available: bool = True) -> None:
        self.sync_button.setVisible(available)
        self.sync_button.setEnabled(not running)
        self.sync_button.setText("Menyinkron… / Syncing…" if running else "Sinkron sekarang / Sync now")

    def _on_reprint_all_triggered(self) -> None:
        if self.unprinted_items:
            self.reprint_requested.emit(list(self.unprinted_items))


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setStyleSheet("color: #b0bec5;")
    return line
