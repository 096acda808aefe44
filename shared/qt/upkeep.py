"""What every running role does in the background besides its window: the station's heartbeat (so a second PC
with the same station name is refused, and the supervisor sees who is alive) and the office clock (on
PostgreSQL every PC follows the database server's time). Both run on the db lane; nothing here blocks the GUI.
"""

from __future__ import annotations

import logging
from datetime import UTC

from PySide6.QtCore import QObject, QTimer, Signal

from shared import clock
from shared.db.engine import Database
from shared.services import office_clock, stations
from shared.services.stations import StationClaim

from .tasks import Lane, TaskRunner

log = logging.getLogger(__name__)
RELEASE_WAIT_S = 3.0


class RoleUpkeep(QObject):
    clock_checked = Signal(object)  # Text when this PC's clock is more than a minute off the server's, else None

    def __init__(self, db: Database, runner: TaskRunner, claim: StationClaim | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db, self._runner, self._claim = db, runner, claim
        self._beat = QTimer(self, interval=stations.HEARTBEAT_SECONDS * 1000, timeout=self._on_beat_timeout)
        self._sync = QTimer(self, interval=office_clock.SYNC_SECONDS * 1000, timeout=self._on_sync_timeout)
        if claim is not None:
            self._beat.start()
        self._sync.start()

    def _on_beat_timeout(self) -> None:
        # The role's own db (a writer): the board's lane reads through a read-only engine.
        self._runner.run(Lane.DB, self._db.run, stations.beat, self._claim, clock.now(UTC),
                         on_error=lambda exc: log.warning("station heartbeat failed: %s", exc))

    def _on_sync_timeout(self) -> None:
        self._runner.run(Lane.DB, self._db.read, office_clock.read_server_clock, on_done=self._on_clock_read,
                         on_error=lambda exc: log.warning("office clock not read: %s", exc))

    def _on_clock_read(self, reading: office_clock.ClockReading) -> None:
        office_clock.apply_reading(reading)
        self.clock_checked.emit(office_clock.clock_warning(reading))

    def release(self) -> None:
        """At a clean exit (after the event loop, the window gone): the station name is free at once. Waited for,
        briefly: the runner's shutdown cancels what is still queued on the db lane."""
        self._beat.stop()
        self._sync.stop()
        if self._claim is None:
            return
        try:
            self._runner.run(Lane.DB, self._db.run, stations.release, self._claim).result(timeout=RELEASE_WAIT_S)
        except Exception as exc:  # noqa: BLE001 - the runner stopped or the database is away: the heartbeat goes stale
            log.warning("station %s not released: %s", self._claim.name, exc)
