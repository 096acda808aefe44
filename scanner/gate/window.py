"""The entrance officer's gate window: camera preview, the big result card, manual / hand-scanner entry, the
header and the status bar. It builds the parts in scanner/gate/ and wires their signals to each other's slots;
the work runs on the task runner's lanes.

With a database (`db`) the window is put inside `shared.qt.auth.SignedInFrame`: it opens on the sign-in screen
for role `gate` (at once on the gate's content when no officer is registered yet: a fresh install), shows the
officer in the header, locks itself after `staff.idle_lock_minutes`, and every check-in and print carries the
officer. The camera keeps running behind the sign-in and lock screens (no re-open, no lost device), but the
flow admits nobody while they are in front: the gate is unattended then. A late applicant and a second copy of
a printed ticket need a supervisor's NIP, PIN and reason (`shared.qt.auth.supervisor_dialog`)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
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

from scanner.camera.frames import FrameSource
from scanner.decode.debounce import SharedDebouncer
from shared import clock as office_clock
from shared.config import Config
from shared.db.engine import Database
from shared.domain import CheckinResult, Decision
from shared.palette import Level
from shared.qt.auth import OfficerBadge, SignedInFrame
from shared.qt.auth.supervisor_dialog import SupervisorDialog, ask_supervisor
from shared.qt.tasks import TaskRunner
from shared.services.gate_status import GateSnapshot
from shared.services.journal import Journal, journal_path
from shared.services.staff import Action, Actor, Authority, StaffRole
from shared.services.stations import StationClaim
from shared.text import Text

from .camera import GateCamera
from .flow import GateFlow
from .header import GateHeader
from .preview import PreviewView
from .print_report import PrintReport
from .recent_scans import RecentScans
from .result_card import ResultCard
from .sounds import SoundBoard
from .status_bar import GateStatusBar
from .status_keeper import GateStatusKeeper
from .style import WINDOW_BG
from .texts import bi, freshness
from .wedge import KeyboardWedge

log = logging.getLogger(__name__)
CARD_SECONDS = 6
TITLE = Text("Gerbang", "Gate")
CODE_PLACEHOLDER = Text("Kode booking", "Booking code")
CHECK = Text("Periksa", "Check")
NO_SUPERVISOR = Text("Persetujuan supervisor tidak bisa diminta di jendela ini (tanpa basis data)",
                      "A supervisor cannot be asked at this window (no database)")
ENTRY_HINT = Text("Ketik kode booking lalu Enter (pemindai tangan bisa langsung dipakai)",
                  "Type the booking code and press Enter (a hand scanner works at any time)")


class GateWindow(QMainWindow):
    def __init__(self, config: Config, runner: TaskRunner, printer=None, *, clock: Callable[[], datetime] | None = None,
                 sounds: SoundBoard | None = None, sync: Callable[[], object] | None = None,
                 debouncer: SharedDebouncer | None = None, card_seconds: float = CARD_SECONDS,
                 printer_problem: Text | None = None, journal: Journal | None = None, db: Database | None = None,
                 claims: Sequence[StationClaim | None] = (), idle_ms: int | None = None,
                 require_sign_in: bool | None = None) -> None:
        """`journal`: where scans go that the database could not take (default: `journal_path`, next to the
        SQLite file or in the user's data directory, or ANTRIAN_GATE_JOURNAL). `db`: the database the officers
        sign in against (None: no sign-in frame, no supervisor; a test of the scanning alone). `claims`: the
        station claim whose officer follows the sign-in. `idle_ms`, `require_sign_in`: see SignedInFrame."""
        super().__init__()
        self.config = config
        self.runner = runner
        self.db = db
        self.dialog: SupervisorDialog | None = None  # the supervisor being asked, if any
        self.clock = clock or (lambda: office_clock.now(config.office.tz))
        self.sounds = sounds or SoundBoard()
        journal = journal or Journal(journal_path(config.database.url, config.station.name))
        self.flow = GateFlow(config, runner, printer, self.clock, debouncer, printer_problem, journal, parent=self)
        self.camera = GateCamera(config, self.flow.debouncer, parent=self)
        self.status = GateStatusKeeper(config, runner, self.clock, printer, printer_problem, sync, parent=self)
        self.setWindowTitle(f"Antrian — {TITLE.line()} {config.station.name}")
        self._build()
        self.frame = self._frame(claims, idle_ms, require_sign_in) if db is not None else None
        self._card_timer = QTimer(self, singleShot=True, interval=int(card_seconds * 1000))
        self._card_timer.timeout.connect(self._on_card_timer_timeout)
        self.wedge = KeyboardWedge(self)
        self._wire()
        self.wedge.install()
        self.status_bar.set_syncing(False, available=sync is not None)
        self.status.start()

    # ---- layout

    def _build(self) -> None:
        self.header = GateHeader(self.config.office.name, self.config.station.name)
        self.preview = PreviewView()
        self.card = ResultCard(self.config.office.tz)
        self.recent = RecentScans(self.config.office.tz)
        self.status_bar = GateStatusBar()
        self.manual_field = QLineEdit()
        self.manual_field.setPlaceholderText(CODE_PLACEHOLDER.line())
        self.manual_field.setMaxLength(64)
        self.manual_field.setMinimumHeight(44)
        self.manual_field.setStyleSheet("font-size: 16pt; font-family: monospace; padding: 2px 8px;")
        self.manual_button = QPushButton(CHECK.line())
        self.manual_button.setMinimumHeight(44)
        self.manual_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        central = QWidget()
        central.setStyleSheet(f"QMainWindow > QWidget {{ background: {WINDOW_BG}; }}")
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

    def _frame(self, claims: Sequence[StationClaim | None], idle_ms: int | None,
               require_sign_in: bool | None) -> SignedInFrame:
        """The gate's content inside the sign-in frame; admissions only while the content is in front."""
        assert self.db is not None
        frame = SignedInFrame(self.config, self.runner, self.db, StaffRole.GATE, self.config.station.name,
                              place=TITLE.line(), claims=claims, idle_ms=idle_ms, require_sign_in=require_sign_in,
                              clock=self.clock)
        frame.set_content(self.takeCentralWidget())
        self.setCentralWidget(frame)
        self.header.add_badge(OfficerBadge(frame.session))
        self.flow.locked = frame.currentWidget() is not frame.content
        frame.currentChanged.connect(self._on_frame_current_changed)
        frame.session.changed.connect(self._on_session_changed)
        frame.session.locked.connect(self._on_session_locked)
        return frame

    @property
    def actor(self) -> Actor | None:
        """The officer signed in at this gate (None: nobody, or a fresh install without officers)."""
        return self.flow.actor

    @property
    def admitting(self) -> bool:
        """True while a scan can check someone in (the gate's content is in front, nobody is away)."""
        return not self.flow.locked

    def _left_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(self.preview)
        entry_label = QLabel(bi(ENTRY_HINT, 10, 8))
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
        self.wedge.code_typed.connect(self._on_wedge_code_typed)
        self.flow.checkin_finished.connect(self._on_flow_checkin_finished)
        self.flow.checkin_failed.connect(self._on_flow_checkin_failed)
        self.flow.sign_in_needed.connect(self._on_flow_sign_in_needed)
        self.flow.print_updated.connect(self._on_flow_print_updated)
        self.card.reprint_requested.connect(self._on_card_reprint_requested)
        self.card.override_requested.connect(self._on_card_override_requested)
        self.camera.state_changed.connect(self._on_camera_state_changed)
        self.camera.code_scanned.connect(self.flow.submit_camera)
        self.camera.codes_located.connect(self.preview.set_codes)
        self.status_bar.reprint_requested.connect(self._on_status_reprint_requested)
        self.status_bar.sync_requested.connect(self.status.sync_now)
        self.status.time_changed.connect(self.header.set_time)
        self.status.snapshot_read.connect(self._on_status_snapshot_read)
        self.status.printer_changed.connect(self.status_bar.set_printer)
        self.status.syncing_changed.connect(self.status_bar.set_syncing)
        self.status.sync_error_changed.connect(self.status_bar.set_sync_error)

    # ---- camera

    def start_camera(self, spec: str | None = None) -> None:
        """Open camera.source (or `spec`): a device, a video file or an image folder."""
        self.preview.attach(self.camera.mailbox)
        self.camera.open_spec(self.config.camera.source if spec is None else spec)

    def start_source(self, source: FrameSource, label: str = "") -> None:
        """Scan from a frame source someone else built (a test's, the demo's phone)."""
        self.preview.attach(self.camera.mailbox)
        self.camera.start(source, label)

    def stop_camera(self) -> None:
        self.camera.stop()
        self.preview.attach(None)

    def stop(self) -> None:
        """Timers, the hand-scanner filter and the camera threads off (closing, or the role quitting)."""
        self.status.stop()
        self.wedge.uninstall()
        self.stop_camera()
        if self.frame is not None:
            self.frame.session.shutdown()

    # ---- slots

    def _on_manual_submitted(self) -> None:
        code = self.manual_field.text()
        self.manual_field.clear()
        self.flow.submit_typed(code, "manual")

    def _on_wedge_code_typed(self, code: str) -> None:
        self.flow.submit_typed(code, "keyboard")

    def _on_card_override_requested(self, result: CheckinResult) -> None:
        names = ", ".join(a.name for a in result.booking.applicants) if result.booking else ""
        subject = Text(f"Kode booking {result.code}", f"Booking code {result.code}") + (f" · {names}" if names else "")
        code = result.code
        target = result.booking.code if result.booking else code  # the service binds it to the booking's code
        self.ask_supervisor(Action.LATE_ADMISSION, subject, lambda authority: self.flow.override(code, authority),
                            target)

    def ask_supervisor(self, action: Action, subject: Text, then: Callable[[Authority], None],
                       target: str = "") -> None:
        """The supervisor dialog over the gate; `then(authority)` once a supervisor said yes (the card stays).
        The authority is for `target` (a booking code, a ticket number) and the officer signed in now."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        if self.db is None:
            log.error("%s asked at a gate window without a database", action)
            self.card.show_print_notice(NO_SUPERVISOR)
            return
        self.dialog = ask_supervisor(self, self.runner, self.db, self.config, action, self.config.station.name,
                                     self.actor, then, subject=subject, clock=self.clock, target=target)
        self.dialog.finished.connect(self._on_dialog_finished)

    def _on_dialog_finished(self, _code: int) -> None:
        self.dialog = None
        self._card_timer.start()  # the card stays a moment after the dialog, then clears as usual

    def _on_flow_checkin_finished(self, result: CheckinResult) -> None:
        fresh = None
        if result.decision is Decision.UNKNOWN:
            fresh = freshness(result.last_sync_at, self.clock(), self.config.booking_server.stale_minutes)
        self.card.show_result(result, fresh)
        self.recent.add(result)
        self.sounds.play(result.decision.tone)
        self._card_timer.start()
        self.status.refresh()

    def _on_flow_checkin_failed(self, text: Text) -> None:
        self.card.show_error(text)
        self.sounds.play(Decision.MALFORMED.tone)
        self._card_timer.start()

    def _on_flow_sign_in_needed(self) -> None:
        if self.frame is not None:  # from now on the gate asks who is there
            self.frame.require_sign_in_now()

    def _on_flow_print_updated(self, report: PrintReport) -> None:
        if self.card.show_print(report):
            self._card_timer.start()  # the officer reads the outcome before the card clears
        if report.ok is not None:
            self.status.on_print_finished(report)

    def _on_card_reprint_requested(self, result: CheckinResult) -> None:
        """Tickets that never printed print at once; a second copy of a printed one needs a supervisor."""
        if not any(ticket.printed for ticket in result.tickets):
            for ticket in result.tickets:  # never twice: one printed meanwhile is not printed again
                self.flow.reprint(result.event_id, ticket.id, ticket.number, only_if_unprinted=True)
            self._card_timer.start()
            return
        numbers = ", ".join(t.number for t in result.tickets)
        subject = Text(f"Karcis {numbers} (kode booking {result.code})", f"Tickets {numbers} (booking {result.code})")
        first = result.tickets[0]  # one booking's tickets: one authority for the family
        self.ask_supervisor(Action.REPRINT, subject, lambda authority: self._reprint(result, authority),
                            first.booking_code or first.number)

    def _reprint(self, result: CheckinResult, authority: Authority) -> None:
        for ticket in result.tickets:
            self.flow.reprint(result.event_id, ticket.id, ticket.number, authority=authority)
        self._card_timer.start()

    def _on_status_reprint_requested(self, items: list) -> None:
        event_id = self.card.result.event_id if self.card.result else ""
        for ticket_id, number in items:  # pressed twice, or while printing: nothing prints twice
            self.flow.reprint(event_id, ticket_id, number, only_if_unprinted=True)

    def _on_camera_state_changed(self, level: Level, text: Text) -> None:
        self.status_bar.set_camera(level, text)
        if level is Level.ERROR:
            self.preview.set_message(text)
        elif level is Level.OK:
            self.preview.set_live()

    def _on_status_snapshot_read(self, snap: GateSnapshot) -> None:
        self.header.set_counts(snap)
        self.status_bar.set_unprinted(snap.unprinted)
        self.status_bar.set_freshness(
            freshness(snap.last_sync_at, self.clock(), self.config.booking_server.stale_minutes))
        self.flow.replay_journal()  # the database answers: scans kept while it did not go into the audit trail

    def _on_card_timer_timeout(self) -> None:
        if self.dialog is not None:  # the supervisor is being asked about this card: it stays
            self._card_timer.start()
            return
        self.card.show_idle()

    # ---- the officer

    def _on_frame_current_changed(self, _index: int) -> None:
        assert self.frame is not None
        self.flow.locked = self.frame.currentWidget() is not self.frame.content
        if self.flow.locked and self.dialog is not None:
            self.dialog.reject()  # nobody admits anyone behind the lock screen
        if not self.flow.locked:
            self.manual_field.setFocus()

    def _on_session_changed(self, actor: Actor | None) -> None:
        self.flow.actor = actor

    def _on_session_locked(self, _actor: Actor) -> None:
        self.card.show_idle()  # the last applicant's names are not left on the screen behind the lock

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.stop()
        super().closeEvent(event)
