"""The counter window: wiring between the widgets, the clock and the db lane.

Every read and write is a service call on the TaskRunner's db lane. While an action is on its way the buttons are
off (a double press never calls twice), and they come back only with the fresh state read after it. Reads that
were queued before an action are dropped by a generation number, so an old read never hides the action's result.

The database going away (a poll fails with DatabaseError) is one short message under the ticket and one log line;
the first good read afterwards logs that it is back and clears the message by itself.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from shared.clock import now as office_now
from shared.config import Config
from shared.db.errors import DatabaseError
from shared.palette import Level, colour
from shared.qt.tasks import TaskRunner
from shared.services import counter_ops
from shared.services.counter_view import CounterSnapshot, load_snapshot
from shared.text import Text

from ..message_strip import set_tone
from .action_bar import ActionBar
from .actions import Act, CounterState, enabled_actions
from .choices import served_services, transfer_targets
from .messages import DB_DOWN, READY, TYPE_NUMBER, error_message, result_message
from .style import STYLESHEET
from .ticket_panel import TicketPanel
from .waiting_list import WaitingList

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
SERVES = Text("Melayani", "Serves")
PAUSED_PILL = Text("ISTIRAHAT", "PAUSED")
OPEN_PILL = Text("BUKA", "OPEN")


class CounterWindow(QWidget):
    snapshot_applied = Signal(object)  # CounterSnapshot
    action_finished = Signal(str)  # the Act's value, once the state after it is on screen
    checklist_saved = Signal(object)  # TicketView

    def __init__(self, config: Config, runner: TaskRunner, counter_name: str, clock: Clock | None = None,
                 refresh_ms: int = 1500) -> None:
        super().__init__()
        self.config = config
        self.runner = runner
        self.counter_name = config.counter(counter_name).name
        self.clock: Clock = clock or (lambda: office_now(config.office.tz))
        self.state = CounterState()
        self._generation = 0
        self._refresh_in_flight = False
        self.database_down = False  # the last read failed with DatabaseError (said once in the log)
        self._database_message = False  # the message line shows a database failure, cleared when it is back
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
        self.set_message(error_message(exc), Level.ERROR)
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
        call = self._service_call(act)
        if call is None:
            return
        service, args = call
        self._generation += 1
        self._set_state(busy=True)
        self.runner.db(
            service, self.config, self.counter_name, *args,
            on_done=lambda result: self._on_action_done(act, result),
            on_error=lambda exc: self._on_action_failed(act, exc),
        )

    def _service_call(self, act: Act) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        now = self.clock()
        if act is Act.TRANSFER:
            prefix = self.actions.transfer_prefix()
            return (counter_ops.transfer, (prefix, now)) if prefix else None
        if act is Act.CALL_NUMBER:
            number = self.actions.typed_number()
            if not number:
                self.actions.number.setFocus()
                self.set_message(TYPE_NUMBER, Level.BUSY)
                return None
            return counter_ops.call_specific, (number, now)
        if act is Act.PAUSE:
            return counter_ops.set_paused, (not self.state.paused, now)
        simple = {Act.CALL_NEXT: counter_ops.call_next, Act.RECALL: counter_ops.recall,
                  Act.NO_SHOW: counter_ops.no_show, Act.DONE: counter_ops.done}
        return simple[act], (now,)

    def _on_action_done(self, act: Act, result: object) -> None:
        if act is Act.CALL_NUMBER:
            self.actions.number.clear()
        self.set_message(result_message(act, result), Level.OK)
        self.refresh(after_action=act)

    def _on_action_failed(self, act: Act, exc: BaseException) -> None:
        self._show_error(exc)
        self.refresh(after_action=act)

    # ---- checklist

    def _on_panel_checklist_changed(self, ticks: dict[str, bool]) -> None:
        self.runner.db(
            # The ticket the officer is looking at: refused if the counter moved on before this ran.
            counter_ops.save_checklist, self.config, self.counter_name, ticks, self.clock(), self.panel.ticket_number,
            on_done=self.checklist_saved.emit,
            on_error=self._show_error,
        )

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.refresh_timer.stop()
        self.clock_timer.stop()
        super().closeEvent(event)
