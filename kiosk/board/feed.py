"""The board's data feed: re-reads the call log when notified and on a poll, and tracks the connection.

Reads run on the db lane (TaskRunner); results and errors come back on the GUI thread. At most one read is
in flight: a poke during a read asks for exactly one more read after it, so a burst of calls costs two
reads, never a pile-up. A failed read shows the lost-connection notice; the poll keeps trying, and the
first good read clears it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from shared.config import Config
from shared.db.engine import Database
from shared.domain import CallEventView, ServiceCount
from shared.qt.tasks import Lane, TaskRunner
from shared.services.board import BoardRead, read_board
from shared.services.call_notify import ensure_notify_trigger

from .listener import NotifyThread
from .state import BoardState

log = logging.getLogger(__name__)
SAFETY_POLL_MS = 3000  # while LISTEN works the poll only refreshes the waiting counts


@dataclass(frozen=True)
class BoardView:
    day: date
    newest: CallEventView | None
    previous: tuple[CallEventView, ...]
    counts: tuple[ServiceCount, ...]


class CallFeed(QObject):
    # ---- Signals
    board_updated = Signal(object)  # BoardView
    calls_arrived = Signal(list)  # new CallEventViews to announce, oldest first
    connection_lost = Signal(str)
    connection_restored = Signal()

    def __init__(
        self, runner: TaskRunner, db: Database, config: Config, clock: Callable[[], datetime], parent=None
    ) -> None:
        super().__init__(parent)
        self._runner, self._db, self._config, self._clock = runner, db, config, clock
        self._state = BoardState(recent_limit=config.board.recent_calls)
        self._in_flight = self._again = self._lost = False
        self._listening = self._trigger_ok = False
        self._listener: NotifyThread | None = None
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.refresh)

    @property
    def state(self) -> BoardState:
        return self._state

    @property
    def connected(self) -> bool:
        return not self._lost

    @property
    def listening(self) -> bool:
        return self._listening

    def start(self, listen: bool = True) -> None:
        self._poll.start(self._config.board.poll_ms)
        if listen and not self._db.is_sqlite:
            self._runner.run(Lane.DB, ensure_notify_trigger, self._db.engine,
                             on_done=self._on_trigger_done, on_error=self._on_trigger_failed)
            self._listener = NotifyThread(self._db.url, self)
            self._listener.notified.connect(self._on_listener_notified)
            self._listener.listening_changed.connect(self._on_listener_changed)
            self._listener.start()
        self.refresh()

    def stop(self) -> None:
        self._poll.stop()
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    def refresh(self) -> None:
        if self._in_flight:
            self._again = True
            return
        self._in_flight, self._again = True, False
        day = self._clock().date()
        self._runner.read(
            read_board, self._config, day, self._state.last_seen,
            on_done=self._on_read_done, on_error=self._on_read_failed,
        )

    # ---- slots

    def _on_read_done(self, read: BoardRead) -> None:
        self._in_flight = False
        if self._lost:
            self._lost = False
            self.connection_restored.emit()
        fresh = self._state.apply(read.day, list(read.calls))
        state = self._state
        self.board_updated.emit(BoardView(read.day, state.newest, tuple(state.previous), read.counts))
        if fresh:
            self.calls_arrived.emit(fresh)
        if self._again:
            self.refresh()

    def _on_read_failed(self, exc: BaseException) -> None:
        self._in_flight = False
        if not self._lost:
            log.warning("board read failed: %s", exc)
            self._lost = True
            self.connection_lost.emit(str(exc))

    def _on_listener_notified(self, _payload: str) -> None:
        self.refresh()

    def _on_listener_changed(self, listening: bool) -> None:
        self._listening = listening
        self._set_poll_interval()
        if listening:
            self.refresh()  # calls made while LISTEN was down

    def _set_poll_interval(self) -> None:
        fast = self._config.board.poll_ms
        self._poll.setInterval(max(SAFETY_POLL_MS, fast) if self._listening and self._trigger_ok else fast)

    def _on_trigger_done(self, ok: bool) -> None:
        self._trigger_ok = ok
        self._set_poll_interval()

    def _on_trigger_failed(self, exc: BaseException) -> None:
        log.warning("NOTIFY trigger not installed (%s); the board polls every %d ms", exc, self._config.board.poll_ms)
