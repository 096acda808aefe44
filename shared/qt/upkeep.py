"""What every running role does in the background besides its window: the station's heartbeat (so a second PC
with the same station name is refused, and the supervisor sees who is alive) and the office clock (on
PostgreSQL every PC follows the database server's time). Both run on the db lane; nothing here blocks the GUI.

`hold(claim, beat, release, on_lost)` keeps one more claim alive with the station's heartbeat (the counter's
loket: `shared.services.lokets`): `beat(session, claim, now)` every beat, `release(session, claim)` at a clean
exit, and `on_lost(exc)` on the GUI thread when a beat is refused because another PC holds it now; from then on
the claim is dropped: no more heartbeats for it, and nothing to release.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from shared import clock
from shared.db.engine import Database
from shared.services import office_clock, stations
from shared.services.stations import StationClaim

from .tasks import Lane, TaskRunner

log = logging.getLogger(__name__)
FIRST_HEALTH_MS = 3000
RELEASE_WAIT_S = 3.0


@dataclass
class _Held:
    claim: StationClaim
    beat: Callable[..., Any]
    release: Callable[..., Any]
    on_lost: Callable[[BaseException], None] | None
    lost_types: tuple[type[BaseException], ...]


class RoleUpkeep(QObject):
    clock_checked = Signal(object)  # Text when this PC's clock is more than a minute off the server's, else None

    def __init__(self, db: Database, runner: TaskRunner, claim: StationClaim | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db, self._runner, self._claim = db, runner, claim
        self._held: list[_Held] = []
        self._health: Callable[[], dict[str, tuple[Any, Any]]] | None = None
        self._beat = QTimer(self, interval=stations.HEARTBEAT_SECONDS * 1000, timeout=self.beat_now)
        self._sync = QTimer(self, interval=office_clock.SYNC_SECONDS * 1000, timeout=self._on_sync_timeout)
        if claim is not None:
            self._beat.start()
        self._sync.start()

    def hold(self, claim: StationClaim, beat: Callable[..., Any], release: Callable[..., Any],
             on_lost: Callable[[BaseException], None] | None = None,
             lost_types: tuple[type[BaseException], ...] = ()) -> None:
        """Keep `claim` alive with every heartbeat and release it at a clean exit; when a beat raises one of
        `lost_types` (another PC holds it now: `lokets.LoketTaken`) the claim is dropped and `on_lost(exc)` runs.
        Any other failure (the database away) is passing: the next beat tries again."""
        self._held.append(_Held(claim, beat, release, on_lost, lost_types))
        self._beat.start()

    def report_health(self, parts: Callable[[], dict[str, tuple[Any, Any]]]) -> None:
        """Each heartbeat also says what `parts()` returns ({part: (Level, Text)}, read on the GUI thread):
        the supervisor's window shows it (a gate's camera and printer)."""
        self._health = parts
        # once early (the devices have been looked at by then), not only after the first full interval
        QTimer.singleShot(FIRST_HEALTH_MS, self, self.beat_now)

    @property
    def beating(self) -> bool:
        return self._beat.isActive()

    def beat_now(self) -> None:
        """One heartbeat of every claim (the timer's; a test's at once)."""
        # The role's own db (a writer): the board's lane reads through a read-only engine.
        now = clock.now(UTC)
        if self._claim is not None:
            health = stations.health_json(self._health()) if self._health is not None else None
            self._runner.run(Lane.DB, self._db.run, stations.beat, self._claim, now, stations.HEARTBEAT_SECONDS,
                             health, on_error=lambda exc: log.warning("station heartbeat failed: %s", exc))
        for held in self._held:
            self._runner.run(Lane.DB, self._db.run, held.beat, held.claim, now,
                             on_error=lambda exc, h=held: self._on_held_beat_failed(h, exc))

    @property
    def held_claims(self) -> list[StationClaim]:
        """The claims still kept alive besides the station's."""
        return [h.claim for h in self._held]

    def _on_held_beat_failed(self, held: _Held, exc: BaseException) -> None:
        log.warning("%s %s heartbeat failed: %s", held.claim.role, held.claim.name, exc)
        if not isinstance(exc, held.lost_types) or held not in self._held:
            return  # a passing failure (the database away): the next beat tries again
        self._held.remove(held)  # another PC holds it now: this one stops holding it
        if self._claim is None and not self._held:
            self._beat.stop()
        if held.on_lost is not None:
            held.on_lost(exc)

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
        claims = [(h.release, h.claim) for h in self._held]
        if self._claim is not None:
            claims.append((stations.release, self._claim))
        for release, claim in claims:
            try:
                self._runner.run(Lane.DB, self._db.run, release, claim).result(timeout=RELEASE_WAIT_S)
            except Exception as exc:  # noqa: BLE001 - the runner stopped or the database is away: the beat goes stale
                log.warning("%s %s not released: %s", claim.role, claim.name, exc)
