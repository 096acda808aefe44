"""The frame a role window is put inside: the sign-in screen until an officer signs in, then the role's widget;
the lock screen over it when the session locks.

`SignedInFrame(config, runner, db, role, station, content=None, place="", claims=(), idle_ms=None,
require_sign_in=None, clock=None, parent=None)` — a QStackedWidget:
- `session` (`OfficerSession`), `sign_in` (`SignInScreen`), `content` (the role's widget; `set_content(w)`).
- `require_sign_in=None` asks the database (`staff.any_officers`, db lane) whether any officer exists: with none
  (a fresh install) the content is shown at once and actions stay unattributed; True/False decide it (tests).
- Signal `content_shown()` each time the role's widget comes (back) to the front.
- Locking changes only which page is in front: the content keeps its timers and state.

`OfficerBadge(session, parent=None)` — a small widget for the role's header: the officer's name and a
"Keluar / Sign out" button (hidden while nobody is signed in); it follows the session by itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from shared.config import Config
from shared.db.engine import Database
from shared.palette import WHITE
from shared.services import staff
from shared.services.staff import Actor, StaffRole
from shared.services.stations import StationClaim
from shared.text import Text

from ..tasks import TaskRunner
from .session import OfficerSession
from .sign_in import SignInScreen

log = logging.getLogger(__name__)
SIGN_OUT = Text("Keluar", "Sign out")
OFFICER = Text("Petugas", "Officer")


class SignedInFrame(QStackedWidget):
    content_shown = Signal()

    def __init__(self, config: Config, runner: TaskRunner, db: Database, role: StaffRole | str, station: str,
                 content: QWidget | None = None, place: str = "", claims: Sequence[StationClaim | None] = (),
                 idle_ms: int | None = None, require_sign_in: bool | None = None,
                 clock: Callable[[], datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signedInFrame")
        self.session = OfficerSession(runner, db, config, str(role), station, claims, idle_ms, None, self)
        self.sign_in = SignInScreen(runner, db, config, role, station, place, clock)
        self.content: QWidget | None = None
        self.sign_in_required: bool | None = require_sign_in
        self.addWidget(self.sign_in)
        self.sign_in.signed_in.connect(self.session.begin)
        self.session.changed.connect(self._on_session_changed)
        self.session.locked.connect(self._on_session_locked)
        if content is not None:
            self.set_content(content)
        if require_sign_in is None:
            self.sign_in.setEnabled(False)  # until the database says whether anyone can sign in
            runner.read(staff.any_officers, on_done=self._on_officers_known, on_error=self._on_officers_unknown)

    def set_content(self, widget: QWidget) -> None:
        """The role's widget, shown once an officer is signed in (at once on a fresh install)."""
        if self.content is not None:
            self.removeWidget(self.content)
        self.content = widget
        self.addWidget(widget)
        self.setWindowTitle(widget.windowTitle())
        self._show_front()

    # ---- which page is in front

    def _show_front(self) -> None:
        open_door = self.sign_in_required is False
        if self.content is not None and (open_door or (self.session.actor and not self.session.is_locked)):
            self.setCurrentWidget(self.content)
            self.content_shown.emit()
        else:
            self.setCurrentWidget(self.sign_in)
            self.sign_in.focus_first()

    def _on_officers_known(self, any_officer: bool) -> None:
        self.sign_in_required = any_officer
        if not any_officer:
            log.warning("no officer registered yet: the window opens without sign-in and actions are unattributed")
        self.sign_in.setEnabled(True)
        self._show_front()

    def _on_officers_unknown(self, exc: BaseException) -> None:
        log.warning("officers not read (%s): sign-in asked", exc)
        self._on_officers_known(True)

    def require_sign_in_now(self) -> None:
        """An officer was registered while this window ran without one: from now on it asks."""
        if self.sign_in_required is False:
            self.sign_in_required = True
            self._show_front()

    def _on_session_changed(self, actor: Actor | None) -> None:
        if actor is None:
            self.sign_in.show_sign_in()
            if self.sign_in_required is False:
                self.sign_in_required = True  # signed out on purpose: the door closes
        self._show_front()

    def _on_session_locked(self, actor: Actor) -> None:
        self.sign_in.show_locked(actor)
        self._show_front()


class OfficerBadge(QWidget):
    """The officer's name and "Keluar / Sign out", for the role's header (white on the header's navy)."""

    def __init__(self, session: OfficerSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("officerBadge")
        caption = QLabel(OFFICER.line())
        caption.setObjectName("officerCaption")
        self.name = QLabel("")
        self.name.setObjectName("officerName")
        self.sign_out_button = QPushButton(SIGN_OUT.line())
        self.sign_out_button.setObjectName("signOut")
        self.sign_out_button.setAutoDefault(False)
        self.sign_out_button.clicked.connect(session.sign_out)
        self.setStyleSheet(
            f"QLabel#officerName {{ color: {WHITE}; font-size: 18px; font-weight: 700; }}"
            f" QLabel#officerCaption {{ color: #c9d7ea; font-size: 13px; }}"
            f" QPushButton#signOut {{ color: {WHITE}; background: transparent; font-size: 15px;"
            f" border: 1px solid #9fb3cc; border-radius: 8px; padding: 6px 12px; }}"
            f" QPushButton#signOut:pressed {{ background: #1c4a7e; }}")
        who = QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(caption)
        who.addWidget(self.name)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addLayout(who)
        row.addWidget(self.sign_out_button)
        session.changed.connect(self.show_actor)
        self.show_actor(session.actor)

    def show_actor(self, actor: Actor | None) -> None:
        self.name.setText(actor.name if actor else "")
        self.setVisible(actor is not None)
