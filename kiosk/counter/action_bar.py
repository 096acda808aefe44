"""Big action buttons with function keys, the transfer target and the number to call out of order."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shared.config import ServiceConfig
from shared.text import Text

from .actions import ACTIONS, RESUME_LABEL, Act, ActionSpec
from .style import button_style

NUMBER_PATTERN = r"[A-Za-z]-?\d{1,3}"
TRANSFER_TO = Text("Ke", "To")
NUMBER = Text("Nomor", "No.")
COMPACT = frozenset({Act.REOPEN, Act.VOID})  # a supervisor's, rarely: small, beside the number they act on


def button_text(spec: ActionSpec, paused: bool = False) -> str:
    label = RESUME_LABEL if spec.act is Act.PAUSE and paused else spec.label
    return f"{label.line() if spec.act in COMPACT else label.lines()}  [{spec.key}]"


def normalise_number(text: str) -> str:
    """'c4', 'C-4', 'c004' -> 'C-004': the officer types what the applicant says."""
    text = text.strip().upper().replace(" ", "")
    if len(text) >= 2 and text[0].isalpha():
        digits = text[1:].lstrip("-")
        if digits.isdigit():
            return f"{text[0]}-{int(digits):03d}"
    return text


class ActionBar(QWidget):
    """`action_triggered(Act)` when a button is pressed or its key is hit; the window decides what happens."""

    action_triggered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[Act, QPushButton] = {}
        self._specs = {spec.act: spec for spec in ACTIONS}
        for spec in ACTIONS:
            self.buttons[spec.act] = self._make_button(spec)
        self.target = QComboBox()
        self.target.setMinimumWidth(160)
        self.number = QLineEdit()
        self.number.setPlaceholderText("A-012")
        self.number.setValidator(QRegularExpressionValidator(NUMBER_PATTERN))
        self.number.setMaxLength(5)
        self.number.setFixedWidth(110)
        self.number.returnPressed.connect(lambda: self._trigger(Act.CALL_NUMBER))
        self._layout()

    def _make_button(self, spec: ActionSpec) -> QPushButton:
        button = QPushButton(button_text(spec))
        button.setProperty("act", spec.act.value)
        button.setStyleSheet(button_style(spec.act))
        button.setShortcut(QKeySequence(spec.key))
        button.setToolTip(f"{spec.label.line()} ({spec.key})")
        button.clicked.connect(lambda _=False, act=spec.act: self._trigger(act))
        return button

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        for col, act in enumerate((Act.CALL_NEXT, Act.RECALL, Act.NO_SHOW, Act.DONE)):
            grid.addWidget(self.buttons[act], 0, col)
            grid.setColumnStretch(col, 1)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addLayout(self._with_field(TRANSFER_TO, self.target, Act.TRANSFER), 6)
        row.addSpacing(6)
        row.addLayout(self._number_group(), 7)
        row.addWidget(self.buttons[Act.PAUSE], 2)
        grid.addLayout(row, 1, 0, 1, 4)

    def _number_group(self) -> QHBoxLayout:
        """Call number, the number field, and what a supervisor may allow for that number (re-open, void)."""
        field = QVBoxLayout()
        field.setSpacing(2)
        label = QLabel(NUMBER.line())
        label.setObjectName("hint")
        field.addWidget(label)
        field.addWidget(self.number)
        supervised = QVBoxLayout()
        supervised.setSpacing(6)
        for act in (Act.REOPEN, Act.VOID):
            self.buttons[act].setProperty("compact", True)
            supervised.addWidget(self.buttons[act])
        group = QHBoxLayout()
        group.setSpacing(8)
        group.addWidget(self.buttons[Act.CALL_NUMBER], 4)
        group.addLayout(field)
        group.addLayout(supervised, 5)
        return group

    def _with_field(self, title: Text, field: QWidget, act: Act) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.buttons[act], 2)
        label = QLabel(title.line())
        label.setObjectName("hint")
        row.addWidget(label)
        row.addWidget(field, 3)  # the service's whole name fits
        return row

    def _trigger(self, act: Act) -> None:
        if self.buttons[act].isEnabled():
            self.action_triggered.emit(act)

    # ---- state from the window

    def set_targets(self, services: tuple[ServiceConfig, ...], default: int) -> None:
        self.target.clear()
        for s in services:
            self.target.addItem(f"{s.prefix} · {s.name}", s.prefix)
        if services:
            self.target.setCurrentIndex(default)

    def set_enabled(self, acts: frozenset[Act]) -> None:
        for act, button in self.buttons.items():
            button.setEnabled(act in acts)
        self.target.setEnabled(Act.TRANSFER in acts)
        self.number.setEnabled(Act.CALL_NUMBER in acts)

    def set_paused(self, paused: bool) -> None:
        self.buttons[Act.PAUSE].setText(button_text(self._specs[Act.PAUSE], paused))

    def transfer_prefix(self) -> str | None:
        return self.target.currentData()

    def typed_number(self) -> str:
        return normalise_number(self.number.text())
