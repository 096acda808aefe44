"""The board's data feed: re-reads the call log when notified and on a poll, and tracks the connection.

Reads run on the db lane (TaskRunner); results and errors come back on the GUI thread. At most one read is
in flight: a poke during a read asks for exactly one more read after it, so a burst of calls costs two
reads, never a pile-up. A failed read shows the lost-connection notice; the poll keeps trying, and the
first good read clears it.

The estimated wait per service simulates the day's queue, so it is not read on every poll: a read asks for it
when the last one is `waits_every_ms` old (or the day changed); between those the board shows the last ones.
"""

from __future__ import annotations

import logging
import time
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
from shared.services.wait_estimate import ServiceWait

from .listener import NotifyThread
from .state import BoardState

log = logging.getLogger(__name__)
SAFETY_POLL_MS = 3000  # while LISTEN works the poll only refreshes the waiting counts
WAITS_EVERY_MS = 20_000  # the estimated waits follow the day; a few seconds late is no harm


@dataclass(frozen=True)
class BoardView:
    day: date
    newest: CallEventView | None
    previous: tuple[CallEventView, ...]
    counts: tuple[ServiceCount, ...]
    waits: tuple[ServiceWait, ...] = ()  # the newest estimate per service (empty until the first one is read)


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
        self.waits_every_ms = WAITS_EVERY_MS
        self._waits: tuple[ServiceWait, ...] = ()
        self._waits_day: date | None = None
        self._waits_read_at: float | None = None  # time.monotonic() of the read that brought them

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
        now = self._clock()
        day = now.date()
        self._runner.read(
            read_board, self._config, day, self._state.last_seen, now if self._waits_due(day) else None,
            on_done=self._on_read_done, on_error=self._on_read_failed,
        )

    @property
    def waits(self) -> tuple[ServiceWait, ...]:
        return self._waits

    def _waits_due(self, day: date) -> bool:
        read_at = self._waits_read_at
        return (read_at is None or day != self._waits_day
                or (time.monotonic() - read_at) * 1000 >= self.waits_every_ms)

    # ---- slots

    def _on_read_done(self, read: BoardRead) -> None:
        self._in_flight = False
        if self._lost:
            self._lost = False
            self.connection_restored.emit()
        if read.waits is not None:
            self._waits, self._waits_day, self._waits_read_at = read.waits, read.day, time.monotonic()
        fresh = self._state.apply(read.day, list(read.calls))
        state = self._state
        waits = self._waits if self._waits_day == read.day else ()
        self.board_updated.emit(BoardView(read.day, state.newest, tuple(state.previous), read.counts, waits))
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
