"""Work off the GUI thread, results back on it (after Anki's taskman and Picard's run_task / to_main).

Lanes: `db` (one worker: one session per task, services return frozen dataclasses), `io` (two workers: the
booking server), `printer` (one worker: one job at a time per printer). Exceptions in a worker go to
`on_error` on the GUI thread; nothing dies silently.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from shared.db.engine import Database

log = logging.getLogger(__name__)


class Lane(StrEnum):
    DB = "db"  # one worker: every transaction of this process, in order
    IO = "io"  # two workers: the booking server
    PRINTER = "printer"  # one worker: one job at a time per printer


WORKERS = {Lane.DB: 1, Lane.IO: 2, Lane.PRINTER: 1}


class _Relay(QObject):
    """Lives on the GUI thread and keeps every task's callbacks there. Workers post only a token and the
    outcome, so a window referenced by a callback is never released (and destroyed) on a worker thread."""

    posted = Signal(int, bool, object)

    def __init__(self) -> None:
        super().__init__()
        self._callbacks: dict[int, tuple[Callable[[Any], None] | None, Callable[[BaseException], None]]] = {}
        self._tokens = itertools.count(1)
        self.posted.connect(self._on_posted, Qt.ConnectionType.QueuedConnection)

    def register(self, on_done: Callable[[Any], None] | None, on_error: Callable[[BaseException], None]) -> int:
        token = next(self._tokens)
        self._callbacks[token] = (on_done, on_error)
        return token

    def forget(self, token: int) -> None:
        self._callbacks.pop(token, None)

    @Slot(int, bool, object)
    def _on_posted(self, token: int, ok: bool, value: object) -> None:
        on_done, on_error = self._callbacks.pop(token, (None, _log_error))
        if ok:
            if on_done is not None:
                on_done(value)
        else:
            on_error(value)  # type: ignore[arg-type]


def _log_error(exc: BaseException) -> None:
    log.error("task failed: %s", "".join(traceback.format_exception(exc)))


class TaskRunner:
    def __init__(self, db: Database | None = None) -> None:
        self._db = db
        self._relay = _Relay()
        self._lanes = {lane: ThreadPoolExecutor(n, thread_name_prefix=f"antrian-{lane}") for lane, n in WORKERS.items()}
        self._closed = False

    def run(
        self,
        lane: Lane,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> Future:
        token = self._relay.register(on_done, on_error or _log_error)
        relay = self._relay

        def work() -> Any:
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # delivered to on_error, never swallowed
                self._post(relay, token, False, exc)
                raise
            self._post(relay, token, True, result)
            return result

        try:
            return self._lanes[Lane(lane)].submit(work)
        except RuntimeError:  # shut down: nothing will run, so nothing will call back
            relay.forget(token)
            raise

    def db(self, service: Callable[..., Any], *args: Any, on_done=None, on_error=None) -> Future:
        """One transaction on the db lane: `with session_factory.begin() as s: return service(s, *args)`."""
        if self._db is None:
            raise RuntimeError("TaskRunner has no database")
        return self.run(Lane.DB, self._db.run, service, *args, on_done=on_done, on_error=on_error)

    def read(self, service: Callable[..., Any], *args: Any, on_done=None, on_error=None) -> Future:
        """A read-only service on the db lane (Database.read): status polls never hold the write lock."""
        if self._db is None:
            raise RuntimeError("TaskRunner has no database")
        return self.run(Lane.DB, self._db.read, service, *args, on_done=on_done, on_error=on_error)

    def _post(self, relay: _Relay, token: int, ok: bool, value: object) -> None:
        if not self._closed:
            relay.posted.emit(token, ok, value)

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        for lane in self._lanes.values():
            lane.shutdown(wait=wait, cancel_futures=True)
