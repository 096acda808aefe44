"""A supervisor's yes, asked at the moment it is needed: NIP (typed or scanned from the ID card), PIN and reason.

`ask_supervisor(parent, runner, db, config, action, station, acting, on_authorised, target=...)` opens the dialog
(window modal, never blocking the GUI thread) and returns it. "Setujui" runs `staff.authorise` on the db lane (the
argon2 check costs ~150 ms; the GUI stays live). The authority is bound to `target` (the booking code, ticket
number or loket the action is for, as the service will see it) and to `acting`, the officer who will act: the
service refuses it for anything else. A refusal (wrong PIN with the tries left, not a supervisor,
locked until HH:MM, a reason too short) is shown inside the dialog and the PIN is cleared; on success the dialog
closes and `on_authorised(authority)` runs on the GUI thread. The PIN never leaves the field and the call.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shared import clock as office_clock
from shared.config import Config
from shared.db.engine import Database
from shared.palette import EN_GREY, MUTED, NAVY, RED, SLATE, WHITE
from shared.qt.tasks import Lane, TaskRunner
from shared.services import staff
from shared.services.staff import Action, Actor, Authority
from shared.text import Text

TITLE = Text("Persetujuan supervisor", "Supervisor authority")
NEEDS = Text("Perlu NIP dan PIN supervisor, serta alasannya", "Needs a supervisor's NIP and PIN, and the reason")
NIP = Text("NIP supervisor", "Supervisor's NIP")
NIP_HINT = Text("Ketik atau pindai kartu pegawai", "Type it or scan the ID card")
PIN = Text("PIN", "PIN")
REASON = Text("Alasan", "Reason")
REASON_HINT = Text("Mengapa diizinkan (wajib)", "Why it is allowed (required)")
APPROVE = Text("Setujui", "Approve")
CANCEL = Text("Batal", "Cancel")
CHECKING = Text("Memeriksa…", "Checking…")
REASON_SHORT = Text("Tulis alasannya (paling sedikit 3 huruf)", "Give the reason (3 letters or more)")
NIP_MISSING = Text("Isi NIP supervisor", "Enter the supervisor's NIP")
PIN_MISSING = Text("Isi PIN supervisor", "Enter the supervisor's PIN")
FAILED = Text("Pemeriksaan gagal", "The check failed")
MIN_REASON_LETTERS = 3


def capitalised(text: Text) -> Text:
    """'izin masuk terlambat' as a heading: 'Izin masuk terlambat / Late admission'."""
    return Text(text.id[:1].upper() + text.id[1:], text.en[:1].upper() + text.en[1:])


def rich(text: Text, id_pt: int, en_pt: int, colour: str = "", bold: bool = False) -> str:
    """The Indonesian line, the English one smaller and grey under it."""
    tint = f"color:{colour};" if colour else ""
    weight = "font-weight:700;" if bold else ""
    html = f"<div style='font-size:{id_pt}pt;{tint}{weight}'>{escape(text.id)}</div>"
    if text.en and text.en != text.id:
        html += f"<div style='font-size:{en_pt}pt;color:{EN_GREY};'>{escape(text.en)}</div>"
    return html


def _label(html: str = "") -> QLabel:
    label = QLabel(html)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


class SupervisorDialog(QDialog):
    """Asks for one `action` on `target` (what the authority is bound to); `subject` shows it to the people."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, db: Database, config: Config, action: Action,
                 station: str, acting: Actor | None, on_authorised: Callable[[Authority], None],
                 reason: str = "", subject: Text | None = None,
                 clock: Callable[[], datetime] | None = None, target: str = "") -> None:
        super().__init__(parent)
        self.runner, self.db, self.config = runner, db, config
        self.action, self.station, self.acting, self.target = action, station, acting, target
        self.on_authorised = on_authorised
        self.clock = clock or (lambda: office_clock.now(config.office.tz))
        self.checking = False
        self.cancelled = False
        self.authority: Authority | None = None
        self.refusal: Text | None = None  # the last refusal shown (tests and the log read it)
        self.setObjectName("supervisorDialog")
        self.setWindowTitle(TITLE.line())
        self.setMinimumWidth(640)
        self._build(subject, reason)

    # ---- layout

    def _build(self, subject: Text | None, reason: str) -> None:
        self.heading = _label(rich(capitalised(staff.ACTION_NAMES[self.action]), 17, 11, NAVY, bold=True))
        self.subject = _label(rich(subject, 15, 10, bold=True) if subject else "")
        self.subject.setVisible(subject is not None)
        needs = _label(rich(NEEDS, 10, 9, SLATE))
        self.nip_field = self._field(NIP_HINT, 24)
        self.pin_field = self._field(PIN, 6)
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason_field = self._field(REASON_HINT, 500)
        self.reason_field.setText(reason)
        self.message = _label()
        self.message.setVisible(False)
        # Plain buttons, not a QDialogButtonBox: that makes "Setujui" the default button, and the Enter a hand
        # scanner sends after the NIP would press it half-filled. Enter in a field moves on instead.
        self.approve_button = QPushButton(APPROVE.line())
        self.cancel_button = QPushButton(CANCEL.line())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.cancel_button, self.approve_button):
            button.setAutoDefault(False)
            button.setMinimumHeight(46)
            buttons.addWidget(button)
        self.cancel_button.setStyleSheet("font-size: 12pt; padding: 6px 18px;")
        self.approve_button.setStyleSheet(
            f"QPushButton {{ font-size: 12pt; font-weight: 700; padding: 6px 22px; background: {NAVY};"
            f" color: {WHITE}; border: none; border-radius: 6px; }}"
            f" QPushButton:disabled {{ background: {MUTED}; }}")
        form = QFormLayout()
        form.setVerticalSpacing(10)
        for text, field in ((NIP, self.nip_field), (PIN, self.pin_field), (REASON, self.reason_field)):
            form.addRow(_label(rich(text, 11, 8, bold=True)), field)
        column = QVBoxLayout(self)
        column.setContentsMargins(22, 18, 22, 16)
        column.setSpacing(10)
        for widget in (self.heading, self.subject, needs):
            column.addWidget(widget)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addLayout(buttons)
        self._wire()
        self.nip_field.setFocus()

    def _field(self, hint: Text, length: int) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(hint.line())
        field.setMaxLength(length)
        field.setMinimumHeight(40)
        field.setStyleSheet("font-size: 14pt; padding: 2px 8px;")
        return field

    def _wire(self) -> None:
        # A hand scanner types the NIP from the ID card and presses Enter: that moves on to the PIN.
        self.nip_field.returnPressed.connect(self.pin_field.setFocus)
        self.pin_field.returnPressed.connect(self._after_pin)
        self.reason_field.returnPressed.connect(self.submit)
        self.approve_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)

    def _after_pin(self) -> None:
        if len(self.reason_field.text().strip()) >= MIN_REASON_LETTERS:
            self.submit()
        else:
            self.reason_field.setFocus()

    # ---- the check

    def submit(self) -> None:
        """Check the NIP, PIN and reason on the db lane (nothing happens while a check is under way)."""
        if self.checking:
            return
        missing = self._missing()
        if missing is not None:
            self.show_refusal(missing[0], focus=missing[1])
            return
        nip, pin, reason = self.nip_field.text().strip(), self.pin_field.text(), self.reason_field.text().strip()
        self._set_checking(True)
        self.runner.run(Lane.DB, staff.authorise, self.db, self.config, nip, pin, self.action, reason,
                        self.station, self.clock(), acting=self.acting, subject=self.target,
                        on_done=self._on_authorised, on_error=self._on_refused)

    def _missing(self) -> tuple[Text, QLineEdit] | None:
        if not self.nip_field.text().strip():
            return NIP_MISSING, self.nip_field
        if not self.pin_field.text():
            return PIN_MISSING, self.pin_field
        if sum(ch.isalpha() for ch in self.reason_field.text()) < MIN_REASON_LETTERS:
            return REASON_SHORT, self.reason_field
        return None

    def _set_checking(self, checking: bool) -> None:
        self.checking = checking
        for widget in (self.nip_field, self.pin_field, self.reason_field, self.approve_button):
            widget.setEnabled(not checking)
        self.approve_button.setText((CHECKING if checking else APPROVE).line())

    def _on_authorised(self, authority: Authority) -> None:
        self._set_checking(False)
        if self.cancelled:  # "Batal" while the check ran: the yes is recorded but nothing is done with it
            self.deleteLater()
            return
        self.authority = authority
        self.accept()
        self.on_authorised(authority)

    def _on_refused(self, exc: BaseException) -> None:
        self._set_checking(False)
        if self.cancelled:
            self.deleteLater()
            return
        text = getattr(exc, "text", None)
        words = text if isinstance(text, Text) else FAILED + f": {type(exc).__name__}"
        wrong_pin = isinstance(exc, staff.SignInRefused) and exc.remaining is not None
        self.show_refusal(words, focus=self.pin_field if wrong_pin else self.nip_field)

    def show_refusal(self, text: Text, focus: QLineEdit | None = None) -> None:
        """The refusal in red inside the dialog; the PIN is cleared, the field to fix gets the focus."""
        self.refusal = text
        self.message.setText(rich(text, 12, 9, RED, bold=True))
        self.message.setVisible(True)
        self.pin_field.clear()
        target = focus or self.pin_field
        target.setFocus()
        target.selectAll()

    # ---- closing

    def done(self, code: int) -> None:  # Qt override: every way out (buttons, Esc, the window's X)
        self.cancelled = code != QDialog.DialogCode.Accepted
        self.pin_field.clear()
        super().done(code)
        if not self.checking:
            self.deleteLater()  # a check under way still calls back: the dialog goes after it


def ask_supervisor(parent: QWidget | None, runner: TaskRunner, db: Database, config: Config, action: Action,
                   station: str, acting: Actor | None, on_authorised: Callable[[Authority], None],
                   reason: str = "", subject: Text | None = None,
                   clock: Callable[[], datetime] | None = None, target: str = "") -> SupervisorDialog:
    """Open the dialog (window modal; returns at once) and hand the supervisor's `Authority` for `target` to
    `on_authorised` when one is given. Closed with "Batal", nothing is called."""
    dialog = SupervisorDialog(parent, runner, db, config, action, station, acting, on_authorised, reason,
                              subject, clock, target)
    dialog.open()
    return dialog
