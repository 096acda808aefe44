"""The sign-in screen and the lock screen (one widget, two modes).

`SignInScreen(runner, db, config, role, station, place="", clock=None, parent=None)`:
- Keyboard first: the NIP field has the focus; Enter there moves to the PIN (a USB hand scanner reading the
  officer's ID-card barcode types the digits and Enter); Enter in the PIN signs in. The PIN field takes six
  digits, shows dots, and is cleared after every attempt; the PIN is never logged.
- The check runs on the db lane: `runner.run(Lane.DB, staff.sign_in, db, config, nip, pin, role, station, now)`;
  a refusal (`staff.SignInRefused` / `StaffError`: tries left, locked until HH:MM, disabled, unknown, wrong role,
  malformed) shows its text in the message strip.
- Signal `signed_in(Actor)`.
- `show_sign_in()` — the plain mode (NIP and PIN). `show_locked(actor)` — "Terkunci — NAME / Locked": only that
  officer's PIN, with a "Ganti petugas / Change officer" link that asks the NIP too (a shift change).
- `place` is what the screen names big (e.g. "Loket 1"); `station` is recorded with every attempt and shown small.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from shared import clock as office_clock
from shared.config import Config
from shared.db.engine import Database
from shared.db.errors import DatabaseError
from shared.palette import Level
from shared.services import staff
from shared.services.staff import Actor, StaffError, StaffRole
from shared.text import Text

from ..tasks import Lane, TaskRunner
from .strip import MessageStrip
from .style import STYLESHEET

log = logging.getLogger(__name__)
SIGN_IN = Text("Masuk", "Sign in")
UNLOCK = Text("Buka kunci", "Unlock")
SIGN_IN_TITLE = Text("Masuk petugas", "Officer sign-in")
LOCKED = Text("Terkunci — {name}", "Locked — {name}")
LOCKED_HINT = Text("Layar dikunci karena tidak dipakai; antrean tetap berjalan. Masukkan PIN untuk lanjut.",
                   "The screen locked itself while unused; the queue goes on. Enter the PIN to continue.")
CHANGE_OFFICER = Text("Ganti petugas", "Change officer")
CHANGE_TITLE = Text("Ganti petugas", "Change officer")
CHANGE_HINT = Text("Petugas berikutnya masuk dengan NIP dan PIN sendiri; nomor yang sedang dilayani tetap.",
                   "The next officer signs in with their own NIP and PIN; the ticket being served stays.")
BACK_TO = Text("Kembali ke {name}", "Back to {name}")
NIP = Text("NIP", "NIP")
NIP_HINT = Text("Ketik, atau pindai kartu pegawai", "Type it, or scan the ID card")
PIN = Text("PIN (6 angka)", "PIN (6 digits)")
STATION = Text("Stasiun", "Station")
CHECKING = Text("Memeriksa…", "Checking…")
NIP_MISSING = Text("Isi NIP dulu (atau pindai kartu pegawai)", "Enter the NIP first (or scan the ID card)")
PIN_MISSING = Text("Isi PIN 6 angka", "Enter the 6-digit PIN")
FAILED = Text("Pemeriksaan gagal, coba lagi", "The check failed, try again")


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    return label


def _field_label(text: Text) -> QLabel:
    label = QLabel(text.line())
    label.setObjectName("fieldLabel")
    return label


class SignInScreen(QWidget):
    signed_in = Signal(object)  # Actor
    refused = Signal(object)  # Text shown (tests and the demo's log read it)

    def __init__(self, runner: TaskRunner, db: Database, config: Config, role: StaffRole | str, station: str,
                 place: str = "", clock: Callable[[], datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.db, self.config = runner, db, config
        self.role, self.station, self.place = str(role), station, place
        self.clock = clock or (lambda: office_clock.now(config.office.tz))
        self.locked_actor: Actor | None = None  # lock mode: whose PIN is asked
        self.changing = False  # lock mode, "Change officer" pressed: the NIP is asked too
        self.checking = False
        self.setObjectName("signInRoot")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # the sheet's background on a QWidget
        self.setStyleSheet(STYLESHEET)
        self._build()
        self.show_sign_in()

    # ---- layout

    def _build(self) -> None:
        role_name = staff.ROLE_NAMES.get(StaffRole(self.role), Text(self.role))
        self.place_label = _label(self.place or role_name.id.capitalize(), "place")
        english = role_name.en.removeprefix("an ").removeprefix("a ")  # "a counter officer": a heading
        self.role_label = _label(f"{role_name.id.capitalize()} / {english.capitalize()}"
                                 f"   ·   {STATION.line()}: {self.station}", "roleLine")
        self.title = _label("", "title")
        self.hint = _label("", "hint")
        self.nip_label = _field_label(NIP)
        self.nip = QLineEdit()
        self.nip.setObjectName("nip")
        self.nip.setPlaceholderText(NIP_HINT.line())
        self.nip.setMaxLength(24)  # room for spaces or dots a person types; the service reads the 18 digits
        self.nip.setValidator(QRegularExpressionValidator(QRegularExpression(r"[\d .\-]*")))
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(staff.PIN_LENGTH)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{staff.PIN_LENGTH}}}")))
        self.button = QPushButton(SIGN_IN.line())
        self.button.setObjectName("signIn")
        self.button.setAutoDefault(False)
        self.message = MessageStrip()
        self.change_link = QPushButton(CHANGE_OFFICER.line())
        self.change_link.setObjectName("link")
        self.change_link.setFlat(True)
        self.change_link.setCursor(Qt.CursorShape.PointingHandCursor)
        self._wire()
        self._lay_out()

    def _lay_out(self) -> None:
        card = QFrame()
        card.setObjectName("card")
        card.setFixedWidth(560)
        column = QVBoxLayout(card)
        column.setContentsMargins(36, 28, 36, 26)
        column.setSpacing(8)
        for widget in (self.title, self.hint):
            column.addWidget(widget)
        column.addSpacing(10)
        column.addWidget(self.nip_label)
        column.addWidget(self.nip)
        column.addSpacing(6)
        column.addWidget(_field_label(PIN))
        column.addWidget(self.pin)
        column.addSpacing(12)
        column.addWidget(self.button)
        column.addWidget(self.message)
        column.addWidget(self.change_link, 0, Qt.AlignmentFlag.AlignHCenter)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addWidget(self.place_label)
        outer.addWidget(self.role_label)
        outer.addSpacing(18)
        middle = QHBoxLayout()  # stretches, not an alignment: an aligned widget would lose its wrapped height
        middle.addStretch(1)
        middle.addWidget(card)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)

    def _wire(self) -> None:
        # A hand scanner types the card's digits and Enter: Enter in the NIP moves on to the PIN.
        self.nip.returnPressed.connect(self._on_nip_return_pressed)
        self.pin.returnPressed.connect(self.submit)
        self.button.clicked.connect(self.submit)
        self.change_link.clicked.connect(self._on_change_link_clicked)

    # ---- modes

    def show_sign_in(self) -> None:
        """The plain sign-in: NIP and PIN."""
        self.locked_actor, self.changing = None, False
        self._show_mode(SIGN_IN_TITLE, None, nip=True)
        self.nip.clear()

    def show_locked(self, actor: Actor) -> None:
        """The lock screen: only `actor`'s PIN, and the way to a shift change."""
        self.locked_actor, self.changing = actor, False
        self._show_mode(LOCKED.format(name=actor.name), LOCKED_HINT, nip=False)

    def _on_change_link_clicked(self) -> None:
        if self.locked_actor is None:
            return
        self.changing = not self.changing
        if self.changing:
            self._show_mode(CHANGE_TITLE, CHANGE_HINT, nip=True)
            self.nip.clear()
        else:
            self.show_locked(self.locked_actor)

    def _show_mode(self, title: Text, hint: Text | None, nip: bool) -> None:
        self.title.setText(title.lines())
        self.hint.setText(hint.lines() if hint else "")
        self.hint.setVisible(hint is not None)
        self.nip_label.setVisible(nip)
        self.nip.setVisible(nip)
        self.button.setText((SIGN_IN if nip else UNLOCK).line())
        self.change_link.setVisible(self.locked_actor is not None)
        if self.locked_actor is not None:
            back = BACK_TO.format(name=self.locked_actor.name)
            self.change_link.setText((back if self.changing else CHANGE_OFFICER).line())
        self.pin.clear()
        self.message.say(None)
        self._set_checking(False)
        self.focus_first()

    def focus_first(self) -> None:
        (self.nip if self.nip_asked() else self.pin).setFocus()

    def nip_asked(self) -> bool:
        return self.locked_actor is None or self.changing

    # ---- the check

    def _on_nip_return_pressed(self) -> None:
        if self.nip.text().strip():
            self.pin.setFocus()

    def typed_nip(self) -> str:
        return self.nip.text().strip() if self.nip_asked() else self.locked_actor.nip  # type: ignore[union-attr]

    def submit(self) -> None:
        if self.checking:
            return
        nip, pin = self.typed_nip(), self.pin.text()
        self.pin.clear()  # after every attempt, whatever comes of it
        if not nip:
            self._refuse(NIP_MISSING, self.nip)
            return
        if not pin:
            self._refuse(PIN_MISSING, self.pin)
            return
        self._set_checking(True)
        self.message.say(CHECKING, Level.BUSY)
        self.runner.run(Lane.DB, staff.sign_in, self.db, self.config, nip, pin, self.role, self.station,
                        self.clock(), on_done=self._on_signed_in, on_error=self._on_refused)

    def _on_signed_in(self, actor: Actor) -> None:
        self._set_checking(False)
        self.message.say(None)
        self.nip.clear()
        log.info("signed in: %s (%s) at %s as %s", actor.name, actor.nip, self.station, self.role)
        self.signed_in.emit(actor)

    def _on_refused(self, exc: BaseException) -> None:
        self._set_checking(False)
        if isinstance(exc, (StaffError, DatabaseError)):
            text = exc.text
        else:
            log.error("sign-in check failed: %r", exc)
            text = FAILED
        self._refuse(text, self.pin if self.nip.text().strip() or not self.nip_asked() else self.nip)

    def _refuse(self, text: Text, focus: QWidget) -> None:
        self.message.say(text, Level.ERROR)
        focus.setFocus()
        self.refused.emit(text)

    def _set_checking(self, checking: bool) -> None:
        self.checking = checking
        for widget in (self.nip, self.pin, self.button, self.change_link):
            widget.setEnabled(not checking)
