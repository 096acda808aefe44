"""USB hand scanners "type" the code and press Enter: accept that anywhere in the gate window, no click first.

An application-level event filter collects fast keystrokes aimed at the gate window and emits the code on
Enter. Keys aimed at a text field (the manual entry, the override reason) are left to that field: the manual
field submits on Enter through the same path, so a scan into it works too. Dialogs are never intercepted.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

MAX_GAP_S = 0.1  # scanners type a character every few ms; a longer pause starts a new code
MIN_LENGTH = 4
MAX_LENGTH = 64
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier


class KeyboardWedge(QObject):
    code_typed = Signal(str)

    def __init__(self, window: QWidget, clock: Callable[[], float] = time.monotonic,
                 max_gap_s: float = MAX_GAP_S) -> None:
        super().__init__(window)
        self._window = window
        self._clock = clock
        self._max_gap = max_gap_s
        self._buffer: list[str] = []
        self._last_key_at = 0.0

    def install(self) -> None:
        QApplication.instance().installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.KeyPress or not self._aimed_at_window(watched):
            return False
        return self._on_key(event)  # type: ignore[arg-type]

    def _aimed_at_window(self, watched: QObject) -> bool:
        # The QWindow sees a key first and forwards it to the focus widget: only the widget copy is handled,
        # so each key is counted once. Text fields keep their keys; modal dialogs keep everything.
        if not isinstance(watched, QWidget) or isinstance(watched, TEXT_INPUTS):
            return False
        if QApplication.activeModalWidget() is not None:
            return False
        return watched.window() is self._window

    def _on_key(self, event: QKeyEvent) -> bool:
        if event.isAutoRepeat():
            return False
        if event.key() in ENTER_KEYS:
            code = "".join(self._buffer)
            self._buffer.clear()
            if len(code) >= MIN_LENGTH:
                self.code_typed.emit(code)
                return True
            return False
        text = event.text()
        if len(text) != 1 or not text.isprintable() or event.modifiers() & MODIFIERS:
            return False
        now = self._clock()
        if now - self._last_key_at > self._max_gap or len(self._buffer) >= MAX_LENGTH:
            self._buffer.clear()
        self._last_key_at = now
        self._buffer.append(text)
        return True
