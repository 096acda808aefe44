"""The status bar under the card: the camera, the printer and the tickets that did not print, and how fresh
the booking list is. Each indicator is told a `Level` and a `Text`; the bar asks for reprints and a sync."""

from __future__ import annotations

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

from shared.palette import DARK_RED, EN_GREY, GREEN, Level, colour
from shared.text import Text

from .style import HEADER_EN, STATUS_BG
from .texts import Freshness

MAX_LISTED = 4
CAMERA_NOT_OPEN = Text("Kamera belum dibuka", "Camera not opened yet")
CHECKING_PRINTER = Text("Memeriksa printer…", "Checking the printer…")
REPRINT_ALL = Text("Cetak ulang semua", "Reprint all")
REPRINT = Text("Cetak ulang", "Reprint")
NOT_PRINTED = Text("Belum tercetak", "Not printed")
ALL_PRINTED = Text("Semua tiket tercetak", "All tickets printed")
SYNC_NOW = Text("Sinkron sekarang", "Sync now")
SYNCING = Text("Menyinkron…", "Syncing…")
LAST_SYNC_FAILED = Text(" · sinkron gagal", " · last sync attempt failed")


def _rich() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # a long fault must not
    return label  # widen the window; the tooltip keeps the whole text


def _state_html(level: Level, text: Text, head: str) -> str:
    shade = colour(level)
    return (f"<span style='color:{shade};font-size:14pt;'>●</span> "
            f"<span style='font-weight:600;'>{head}</span> <span style='color:{shade};'>{escape(text.id)}</span>"
            f"<br><span style='color:{EN_GREY};font-size:8pt;'>{escape(text.en or text.id)}</span>")


class GateStatusBar(QFrame):
    reprint_requested = Signal(list)  # [(ticket_id, number), ...]
    sync_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gateStatus")
        self.setStyleSheet(f"#gateStatus {{ background: {STATUS_BG}; border-top: 1px solid {HEADER_EN}; }}"
                           "QPushButton, QToolButton { font-size: 10pt; padding: 4px 10px; }")
        self.camera = _rich()
        self.printer = _rich()
        self.sync = _rich()
        self.clock_warning = _rich()  # shown only while this PC's clock is more than a minute off the server's
        self.clock_warning.hide()
        self.camera_level = self.printer_level = Level.BUSY
        self.sync_level = Level.ERROR
        self.unprinted_items: list[tuple[int, str]] = []
        self.sync_error: Text | None = None
        self._fresh: Freshness | None = None
        self.unprinted_button = QToolButton()
        self.unprinted_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.unprinted_button.setMenu(QMenu(self.unprinted_button))
        self.reprint_all_action = QAction(REPRINT_ALL.line(), self)
        self.reprint_all_action.triggered.connect(self._on_reprint_all_triggered)
        self.sync_button = QPushButton(SYNC_NOW.line())
        self.sync_button.clicked.connect(self.sync_requested)
        for button in (self.unprinted_button, self.sync_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._layout()
        self.set_camera(Level.BUSY, CAMERA_NOT_OPEN)
        self.set_printer(Level.BUSY, CHECKING_PRINTER)
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
        row.addWidget(self.clock_warning, 3)

    # ---- slots: what the window's parts report

    def set_clock_warning(self, text: Text | None) -> None:
        """The office clock (on PostgreSQL the server's) and this PC's differ by more than a minute, or not."""
        self.clock_warning.setVisible(text is not None)
        if text is not None:
            self.clock_warning.setText(_state_html(Level.BUSY, text, "Jam:"))
            self.clock_warning.setToolTip(text.lines())

    def set_camera(self, level: Level, text: Text) -> None:
        self.camera_level, self.camera_text = level, text
        self.camera.setText(_state_html(level, text, "Kamera:"))
        self.camera.setToolTip(text.lines())

    def set_printer(self, level: Level, text: Text) -> None:
        self.printer_level, self.printer_text = level, text
        self.printer.setText(_state_html(level, text, "Printer:"))
        self.printer.setToolTip(text.lines())

    def health(self) -> dict[str, tuple[Level, Text]]:
        """What the supervisor's window shows of this gate: its camera and its printer, as last seen."""
        out = {}
        for part in ("camera", "printer"):
            level, text = getattr(self, f"{part}_level", None), getattr(self, f"{part}_text", None)
            if level is not None and text is not None:
                out[part] = (level, text)
        return out

    def set_unprinted(self, items) -> None:
        """`items`: UnprintedTicket records (with the failure reason) or (ticket_id, number) pairs."""
        rows = [(i.ticket_id, i.number, i.words) if hasattr(i, "ticket_id") else (i[0], i[1], None) for i in items]
        self.unprinted_items = [(ticket_id, number) for ticket_id, number, _ in rows]
        numbers = ", ".join(n for _, n, _ in rows[:MAX_LISTED]) + (" …" if len(rows) > MAX_LISTED else "")
        if rows:
            self.unprinted_button.setText(f"{NOT_PRINTED.line()}: {len(rows)}\n{numbers}  ▾")
            self.unprinted_button.setStyleSheet(f"QToolButton {{ color: {DARK_RED}; font-weight: 600; }}")
        else:
            self.unprinted_button.setText(ALL_PRINTED.lines())
            self.unprinted_button.setStyleSheet(f"QToolButton {{ color: {GREEN}; }}")
        self._fill_menu(rows)
        self.unprinted_button.setEnabled(bool(rows))

    def _fill_menu(self, rows: list[tuple[int, str, str | None]]) -> None:
        menu = self.unprinted_button.menu()
        menu.clear()
        menu.addAction(self.reprint_all_action)
        menu.addSeparator()
        for ticket_id, number, words in rows:
            why = f" — {words}" if words else ""
            action = menu.addAction(f"{REPRINT.line()} {number}{why}")
            action.triggered.connect(lambda _=False, item=(ticket_id, number): self.reprint_requested.emit([item]))

    def set_freshness(self, fresh: Freshness) -> None:
        self._fresh = fresh
        self.sync_level = fresh.level
        text = fresh.text + LAST_SYNC_FAILED if self.sync_error else fresh.text
        self.sync.setText(_state_html(fresh.level, text, "Booking:"))
        self.sync.setToolTip((self.sync_error or fresh.text).lines())

    def set_sync_error(self, error: Text | None) -> None:
        self.sync_error = error
        if self._fresh is not None:
            self.set_freshness(self._fresh)

    def set_syncing(self, running: bool, available: bool = True) -> None:
        self.sync_button.setVisible(available)
        self.sync_button.setEnabled(not running)
        self.sync_button.setText((SYNCING if running else SYNC_NOW).line())

    def _on_reprint_all_triggered(self) -> None:
        if self.unprinted_items:
            self.reprint_requested.emit(list(self.unprinted_items))


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setStyleSheet(f"color: {HEADER_EN};")
    return line
