"""The counter window: wiring between the widgets, the clock and the db lane.

Every read and write is a service call on the TaskRunner's db lane. While an action is on its way the buttons are
off (a double press never calls twice), and they come back only with the fresh state read after it. Reads that
were queued before an action are dropped by a generation number, so an old read never hides the action's result.

The database going away (a poll fails with DatabaseError) is one short message under the ticket and one log line;
the first good read afterwards logs that it is back and clears the message by itself.

Officers (`shared.qt.auth`): with a `session`, every action carries `actor=session.actor` and the officer's name
and "Keluar / Sign out" sit in the header. Calling a number out of order, re-opening a no-show and voiding a
ticket first ask a supervisor (`ask_supervisor`, needs `db`) for that ticket number and the officer signed in;
the authority goes with the action. The dialog closes when the window locks or the officer changes, and an
authority that comes back after that (or while another action is on its way) is not used: the message line
says so. Without an officer registered (a fresh install) they run unattributed, as the services allow.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget
from shiboken6 import isValid

from shared.clock import now as office_now
from shared.config import Config
from shared.db.errors import DatabaseError
from shared.palette import Level, colour
from shared.qt.auth import OfficerBadge, OfficerSession
from shared.qt.auth.supervisor_dialog import ask_supervisor
from shared.qt.tasks import TaskRunner
from shared.services import counter_ops, staff
from shared.services.counter_view import CounterSnapshot, load_snapshot
from shared.services.staff import Action, Authority, StaffError
from shared.text import Text

from ..message_strip import set_tone
from .action_bar import ActionBar
from .actions import SUPERVISED, Act, CounterState, enabled_actions
from .choices import served_services, transfer_targets
from .messages import (
    AUTHORITY_BUSY,
    AUTHORITY_STALE,
    DB_DOWN,
    LOKET_LOST,
    READY,
    TYPE_NUMBER,
    error_message,
    result_message,
)
from .style import STYLESHEET
from .ticket_panel import TicketPanel
from .waiting_list import WaitingList

if TYPE_CHECKING:
    from shared.db.engine import Database

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
SERVES = Text("Melayani", "Serves")
PAUSED_PILL = Text("ISTIRAHAT", "PAUSED")
OPEN_PILL = Text("BUKA", "OPEN")
NUMBER_SUBJECT = Text("Nomor {number}", "Number {number}")
VOID_UNATTRIBUTED = "dibatalkan di loket tanpa supervisor terdaftar / voided before any supervisor was registered"
AUTHORITY_FOR: dict[Act, Action] = {Act.CALL_NUMBER: Action.CALL_OUT_OF_ORDER, Act.REOPEN: Action.REOPEN_NO_SHOW,
                                    Act.VOID: Action.VOID}


class CounterWindow(QWidget):
    snapshot_applied = Signal(object)  # CounterSnapshot
    action_finished = Signal(str)  # the Act's value, once the state after it is on screen
    checklist_saved = Signal(object)  # TicketView
    sign_in_needed = Signal()  # an action was refused for want of an officer (one was registered meanwhile)

    def __init__(self, config: Config, runner: TaskRunner, counter_name: str, clock: Clock | None = None,
                 refresh_ms: int = 1500, session: OfficerSession | None = None, db: Database | None = None) -> None:
        super().__init__()
        self.config = config
        self.runner = runner
        self.session = session
        self.db = db  # only for the supervisor's dialog (its check runs on the db lane)
        self.supervisor_dialog: Any = None  # the dialog open now, if any (tests fill it in)
        self.counter_name = config.counter(counter_name).name
        self.clock: Clock = clock or (lambda: office_now(config.office.tz))
        self.state = CounterState()
        self._generation = 0
        self._refresh_in_flight = False
        self.database_down = False  # the last read failed with DatabaseError (said once in the log)
        self._database_message = False  # the message line shows a database failure, cleared when it is back
        self._awaiting_result = False  # an action was sent and its outcome has not come back yet
        self._unused_authority: Text | None = None  # said again after the action that was on its way
        self.setObjectName("counterRoot")
        self.setWindowTitle(f"Antrian — {self.counter_name}")
        self.setStyleSheet(STYLESHEET)
        self._build()
        self.refresh_timer = QTimer(self, interval=refresh_ms, timeout=self._on_refresh_timer_timeout)
        self.clock_timer = QTimer(self, interval=1000, timeout=self._on_clock_timer_timeout)
        self._apply_state()
        self._on_clock_timer_timeout()
        self.refresh_timer.start()
        self.clock_timer.start()
        if session is not None:
            session.locked.connect(self._on_session_locked)
            session.changed.connect(self._on_session_changed)
        self.refresh()

    # ---- layout

    def _build(self) -> None:
        self.panel = TicketPanel()
        self.waiting = WaitingList()
        self.actions = ActionBar()
        targets, default = transfer_targets(self.config, self.counter_name)
        self.actions.set_targets(targets, default)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.panel.checklist_changed.connect(self._on_panel_checklist_changed)
        self.actions.action_triggered.connect(self._on_actions_triggered)
        body = QHBoxLayout()
        body.setSpacing(14)
        for panel in (self.panel, self.waiting):  # the stretch factors alone share the width
            panel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        body.addWidget(self.panel, 13)
        body.addWidget(self.waiting, 7)
        content = QVBoxLayout()
        content.setContentsMargins(16, 12, 16, 14)
        content.setSpacing(10)
        content.addLayout(body, 1)
        content.addWidget(self.message)
        content.addWidget(self.actions)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._build_header())
        root.addLayout(content, 1)
        self.set_message(None)

    def _build_header(self) -> QFrame:
        header = QFrame()
        header.setObjectName("header")
        name = QLabel(self.counter_name)
        name.setObjectName("counterName")
        services = " · ".join(f"{s.prefix} {s.name}" for s in served_services(self.config, self.counter_name))
        line = QLabel(f"{SERVES.line()}: {services}")  # the service names once: they are names
        line.setObjectName("servicesLine")
        line.setMinimumWidth(1)  # a long list is cut at the edge rather than widen the window
        line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state_pill = QLabel("")
        self.state_pill.setObjectName("statePill")
        self.clock_label = QLabel("")
        self.clock_label.setObjectName("clock")
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(name)
        titles.addWidget(line)
        row = QHBoxLayout(header)
        row.setContentsMargins(20, 10, 20, 10)
        row.addLayout(titles, 1)
        if self.session is not None:
            self.officer_badge = OfficerBadge(self.session)
            row.addWidget(self.officer_badge)
            row.addSpacing(18)
        row.addWidget(self.state_pill)
        row.addSpacing(18)
        row.addWidget(self.clock_label)
        return header

    # ---- state shown

    def set_message(self, text: Text | None, level: Level = Level.OK) -> None:
        """One line under the ticket; None: nothing to say ("Ready", in the idle colour)."""
        self._database_message = False
        self.message.setText((text or READY).line())
        set_tone(self.message, level if text is not None else Level.IDLE)

    def _show_error(self, exc: BaseException) -> None:
        self._say_after_action(error_message(exc), Level.ERROR)
        self._database_message = isinstance(exc, DatabaseError)

    def _apply_state(self) -> None:
        self.actions.set_enabled(enabled_actions(self.state))
        self.actions.set_paused(self.state.paused)
        paused = self.state.paused
        self.state_pill.setText((PAUSED_PILL if paused else OPEN_PILL).line())
        self.state_pill.setStyleSheet(f"background: {colour(Level.BUSY if paused else Level.OK)};")

    def _set_state(self, **changes: Any) -> None:
        self.state = dataclasses.replace(self.state, **changes)
        self._apply_state()

    # ---- reading

    def refresh(self, after_action: Act | None = None) -> None:
        generation = self._generation
        self._refresh_in_flight = True
        self.runner.read(
            load_snapshot, self.config, self.counter_name, self.clock(),
            on_done=lambda snap: self._on_snapshot_loaded(snap, generation, after_action),
            on_error=lambda exc: self._on_snapshot_failed(exc, after_action),
        )

    def _on_refresh_timer_timeout(self) -> None:
        if not self.state.busy and not self._refresh_in_flight:
            self.refresh()

    def _on_clock_timer_timeout(self) -> None:
        self.clock_label.setText(self.clock().strftime("%H:%M:%S"))

    def _on_snapshot_loaded(self, snap: CounterSnapshot, generation: int, after_action: Act | None) -> None:
        self._refresh_in_flight = False
        if self.database_down:
            self.database_down = False
            log.warning("counter %s: database back", self.counter_name)
            if self._database_message:
                self.set_message(None)
        if generation != self._generation:
            return  # read before the latest action: its result is on its way
        self.panel.show_ticket(snap.current)
        self.waiting.show_tickets(snap.waiting)
        self._set_state(has_current=snap.current is not None, paused=snap.paused, waiting=len(snap.waiting),
                        loaded=True, busy=False if after_action else self.state.busy)
        self.snapshot_applied.emit(snap)
        if after_action is not None:
            self.action_finished.emit(after_action.value)

    def _on_snapshot_failed(self, exc: BaseException, after_action: Act | None) -> None:
        self._refresh_in_flight = False
        if not isinstance(exc, DatabaseError):
            self._show_error(exc)
        else:
            if not self.database_down:  # once per outage, not every poll
                self.database_down = True
                log.error("counter %s: database unreachable: %s", self.counter_name, exc.detail)
            if not self._database_message:  # an action's "not saved" stays until the database is back
                self.set_message(DB_DOWN, Level.ERROR)
                self._database_message = True
        if after_action is not None:
            self._set_state(busy=False)
            self.action_finished.emit(after_action.value)

    # ---- actions

    def _on_actions_triggered(self, act: Act) -> None:
        if self.state.busy:
            return
        if act in SUPERVISED:
            self._ask_supervisor(act)
            return
        call = self._service_call(act)
        if call is not None:
            self._start(act, *call)

    def _start(self, act: Act, service: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._generation += 1
        self._awaiting_result = True
        self._set_state(busy=True)
        self.runner.db(
            service, self.config, *args,
            on_done=lambda result: self._on_action_done(act, result),
            on_error=lambda exc: self._on_action_failed(act, exc),
        )

    @property
    def actor(self) -> staff.Actor | None:
        return self.session.actor if self.session is not None else None

    def _service_call(self, act: Act) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        now, name, actor = self.clock(), self.counter_name, self.actor
        if act is Act.TRANSFER:
            prefix = self.actions.transfer_prefix()
            return (partial(counter_ops.transfer, actor=actor), (name, prefix, now)) if prefix else None
        if act is Act.PAUSE:
            return partial(counter_ops.set_paused, actor=actor), (name, not self.state.paused, now)
        simple = {Act.CALL_NEXT: counter_ops.call_next, Act.RECALL: counter_ops.recall,
                  Act.NO_SHOW: counter_ops.no_show, Act.DONE: counter_ops.done}
        return partial(simple[act], actor=actor), (name, now)

    # ---- what needs a supervisor

    def _number_for(self, act: Act) -> str | None:
        """The typed number (Void: or the ticket being served); None after asking for one."""
        number = self.actions.typed_number()
        if not number and act is Act.VOID:
            number = self.panel.ticket_number or ""
        if not number:
            self.actions.number.setFocus()
            self.set_message(TYPE_NUMBER, Level.BUSY)
            return None
        return number

    def _ask_supervisor(self, act: Act) -> None:
        number = self._number_for(act)
        if number is None:
            return
        if self.db is None or self.actor is None:  # a fresh install has no supervisor; the service decides
            self._run_authorised(act, number, None)
            return
        asked_by = self.actor
        self.supervisor_dialog = ask_supervisor(
            self, self.runner, self.db, self.config, AUTHORITY_FOR[act], self.config.station.name, asked_by,
            lambda authority: self._run_authorised(act, number, authority, asked_by),
            subject=NUMBER_SUBJECT.format(number=number), clock=self.clock, target=number)

    def _run_authorised(self, act: Act, number: str, authority: Authority | None,
                        asked_by: staff.Actor | None = None) -> None:
        self.supervisor_dialog = None
        if authority is not None and not self._same_officer_here(asked_by):
            log.warning("counter %s: a supervisor's authority for %s came back after the officer left; not used",
                        self.counter_name, number)
            self.set_message(AUTHORITY_STALE, Level.ERROR)
            return
        if self.state.busy:
            log.warning("counter %s: authority for %s not used: another action was on its way",
                        self.counter_name, number)
            self.set_message(AUTHORITY_BUSY, Level.ERROR)
            if self._awaiting_result:  # the outcome on its way would hide this line: it is said after it
                self._unused_authority = AUTHORITY_BUSY
            return
        now, who = self.clock(), {"actor": self.actor, "authority": authority}
        if act is Act.CALL_NUMBER:
            self._start(act, partial(counter_ops.call_specific, **who), (self.counter_name, number, now))
        elif act is Act.REOPEN:
            self._start(act, partial(counter_ops.reopen_no_show, **who), (number, now))
        else:
            reason = authority.reason if authority else VOID_UNATTRIBUTED
            self._start(act, partial(counter_ops.void_ticket, reason=reason, **who), (number, now))

    def _same_officer_here(self, asked_by: staff.Actor | None) -> bool:
        """The officer who asked is still the one at the window, and it is not locked."""
        if self.session is None:
            return True
        now = self.session.actor
        same = (now.officer_id if now else None) == (asked_by.officer_id if asked_by else None)
        return same and not self.session.is_locked

    def _on_session_locked(self, _actor: staff.Actor) -> None:
        self._close_supervisor_dialog()  # nobody approves anything behind the lock screen

    def _on_session_changed(self, actor: staff.Actor | None) -> None:
        dialog = self.supervisor_dialog
        acting = getattr(dialog, "acting", None)
        if dialog is not None and (actor is None or acting is None or acting.officer_id != actor.officer_id):
            self._close_supervisor_dialog()  # asked for the officer who left

    def _close_supervisor_dialog(self) -> None:
        dialog, self.supervisor_dialog = self.supervisor_dialog, None
        if dialog is not None and isValid(dialog) and dialog.isVisible():
            dialog.reject()

    def _on_action_done(self, act: Act, result: object) -> None:
        self._awaiting_result = False
        if act in SUPERVISED:
            self.actions.number.clear()
        self._say_after_action(result_message(act, result), Level.OK)
        self.refresh(after_action=act)

    def _say_after_action(self, text: Text, level: Level) -> None:
        """The action's outcome; an authority left unused meanwhile stays on the line after it."""
        unused, self._unused_authority = self._unused_authority, None
        if unused is not None:
            self.set_message(text + " · " + unused, Level.ERROR)
        else:
            self.set_message(text, level)

    def _on_action_failed(self, act: Act, exc: BaseException) -> None:
        self._awaiting_result = False
        self._show_error(exc)
        if isinstance(exc, StaffError) and exc.text == staff.UNATTRIBUTED and self.actor is None:
            self.sign_in_needed.emit()
        self.refresh(after_action=act)

    def loket_lost(self, _exc: BaseException | None = None) -> None:
        """Another PC holds this loket now (a supervisor's take-over): nothing more is done from here."""
        self._set_state(lost=True)
        self.set_message(LOKET_LOST, Level.ERROR)

    # ---- checklist

    def _on_panel_checklist_changed(self, ticks: dict[str, bool]) -> None:
        self.runner.db(
            # The ticket the officer is looking at: refused if the counter moved on before this ran.
            partial(counter_ops.save_checklist, actor=self.actor), self.config, self.counter_name, ticks, self.clock(), self.panel.ticket_number,
            on_done=self.checklist_saved.emit,
            on_error=self._show_error,
        )

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.refresh_timer.stop()
        self.clock_timer.stop()
        super().closeEvent(event)
