"""Work off the GUI thread, results back on it (after Anki's taskman and Picard's run_task / to_main).

Lanes: `db` (one worker: one session per task, services return frozen dataclasses), `io` (two workers: the
booking server), `printer` (one worker: one job at a time per printer). Exceptions in a worker go to
`on_error` on the GUI thread; nothing dies silently.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from shared.db.engine import Database

log = logging.getLogger(__name__)
LANES = {"db": 1, "io": 2, "printer": 1}


class _Relay(QObject):
    """Lives on the GUI thread; a queued signal carries callables from workers to it."""

    posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._on_posted, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_posted(self, fn: Callable[[], None]) -> None:
        fn()


def _log_error(exc: BaseException) -> None:
    log.error("task failed: %s", "".join(traceback.format_exception(exc)))


class TaskRunner:
    def __init__(self, db: Database | None = None) -> None:
        self._db = db
        self._relay = _Relay()
        self._lanes = {name: ThreadPoolExecutor(n, thread_name_prefix=f"antrian-{name}") for name, n in LANES.items()}
        self._closed = False

    def run(
        self,
        lane: str,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> Future:
        def work() -> Any:
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # delivered to on_error, never swallowed
                handler = on_error or _log_error
                self._post(lambda error=exc: handler(error))
                raise
            if on_done is not None:
                self._post(lambda value=result: on_done(value))
            return result

        return self._lanes[lane].submit(work)

    def db(self, service: Callable[..., Any], *args: Any, on_done=None, on_error=None) -> Future:
        """One transaction on the db lane: `with session_factory.begin() as s: return service(s, *args)`."""
        if self._db is None:
            raise RuntimeError("TaskRunner has no database")
        return self.run("db", self._db.run, service, *args, on_done=on_done, on_error=on_error)

    def _post(self, fn: Callable[[], None]) -> None:
        if not self._closed:
            self._relay.posted.emit(fn)

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        for lane in self._lanes.values():
            lane.shutdown(wait=wait, cancel_futures=True)
