"""Who is signed in at this window, and the idle lock.

`OfficerSession(runner, db, config, role, station, claims=(), idle_ms=None, clock=None, parent=None)`:
- `actor` — the signed-in `staff.Actor`, None before the first sign-in and after a sign-out;
  `is_locked` — True while the lock screen is up (the actor stays signed in: the queue goes on).
- `begin(actor)` — after `staff.sign_in` succeeded (the SIGN_IN row is already written): the actor is set, the
  idle timer starts, and `station.officer_id` of every claim in `claims` is set to the officer (db lane).
  With another officer while locked (or signed in), it is a shift change: a SIGN_OUT row for the one leaving.
  The same officer while locked: an UNLOCK row. Emits `signed_in(Actor)` or `unlocked(Actor)`, then `changed`.
- `add_claim(claim)` — one more claim whose officer follows the session (a loket opened later).
- `lock()` — the idle timer's end (or a role's own "lock now"): an IDLE_LOCK row, `locked(Actor)`.
- `sign_out()` — a SIGN_OUT row, the claims' officer cleared, `signed_out(Actor)`, `changed(None)`.
- The idle timer is reset by any key, mouse, wheel or touch event anywhere in the application (an event
  filter on the QApplication), so a barcode scanner typing into a field counts as activity too.
Every row is written by `staff.sign_out` / `staff.record` on the db lane; nothing here blocks the GUI.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from shared import clock as office_clock
from shared.config import Config
from shared.db.engine import Database
from shared.services import staff
from shared.services.signed_in import set_station_officer
from shared.services.staff import Actor, AuthKind
from shared.services.stations import StationClaim

from ..tasks import Lane, TaskRunner

log = logging.getLogger(__name__)
ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
})


class OfficerSession(QObject):
    signed_in = Signal(object)  # Actor: the first sign-in and every shift change
    unlocked = Signal(object)  # Actor: the same officer back after a lock
    locked = Signal(object)  # Actor
    signed_out = Signal(object)  # Actor
    changed = Signal(object)  # the Actor now at the window, or None

    def __init__(self, runner: TaskRunner, db: Database, config: Config, role: str, station: str,
                 claims: Sequence[StationClaim | None] = (), idle_ms: int | None = None,
                 clock: Callable[[], datetime] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner, self.db, self.config = runner, db, config
        self.role, self.station = str(role), station
        self.claims: list[StationClaim] = [c for c in claims if c is not None]
        self.clock = clock or (lambda: office_clock.now(UTC))
        self._actor: Actor | None = None
        self._locked = False
        minutes_ms = config.staff.idle_lock_minutes * 60_000
        self.idle_timer = QTimer(self, singleShot=True, interval=idle_ms or minutes_ms, timeout=self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def actor(self) -> Actor | None:
        return self._actor

    @property
    def is_locked(self) -> bool:
        return self._locked

    def add_claim(self, claim: StationClaim | None) -> None:
        """Another claim whose `station.officer_id` follows the officer (a loket opened after the frame)."""
        if claim is not None:
            self.claims.append(claim)
            self._write_officer(self._actor)

    # ---- the officer comes and goes

    def begin(self, actor: Actor) -> None:
        """`staff.sign_in` accepted `actor` at this window (its SIGN_IN row is written)."""
        before, was_locked = self._actor, self._locked
        self._actor, self._locked = actor, False
        if before is not None and before.officer_id == actor.officer_id:
            if was_locked:
                self._record(AuthKind.UNLOCK, actor)
            self.unlocked.emit(actor)
        else:
            if before is not None:  # a shift change: the one leaving signs out
                self._record(AuthKind.SIGN_OUT, before, detail=f"shift change to {actor.nip}")
            self._write_officer(actor)
            self.signed_in.emit(actor)
        self.idle_timer.start()
        self.changed.emit(actor)

    def lock(self) -> None:
        """The window locks; the officer stays signed in, the queue goes on."""
        self.idle_timer.stop()
        if self._actor is None or self._locked:
            return
        self._locked = True
        actor = self._actor
        self._run(staff.sign_out, actor, self.station, self.role, self.clock(), True)
        self.locked.emit(actor)

    def sign_out(self) -> None:
        self.idle_timer.stop()
        actor, self._actor, self._locked = self._actor, None, False
        if actor is None:
            return
        self._run(staff.sign_out, actor, self.station, self.role, self.clock())
        self._write_officer(None)
        self.signed_out.emit(actor)
        self.changed.emit(None)

    # ---- idle

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in ACTIVITY and self._actor is not None and not self._locked:
            self.idle_timer.start()  # restart: the officer is here
        return False

    def set_idle_ms(self, millis: int) -> None:
        self.idle_timer.setInterval(millis)
        if self.idle_timer.isActive():
            self.idle_timer.start()

    # ---- rows, on the db lane

    def _record(self, kind: AuthKind, actor: Actor, detail: str = "") -> None:
        self._run(lambda s, now: staff.record(s, kind, now, nip=actor.nip, officer_id=actor.officer_id,
                                              station=self.station, role=self.role, detail=detail),
                  self.clock())

    def _write_officer(self, actor: Actor | None) -> None:
        officer_id = actor.officer_id if actor else None
        for claim in self.claims:
            self._run(set_station_officer, claim, officer_id)

    def _run(self, service: Callable[..., object], *args: object) -> None:
        try:
            self.runner.run(Lane.DB, self.db.run, service, *args,
                            on_error=lambda exc: log.warning("%s not recorded: %s", getattr(service, "__name__", "row"), exc))
        except RuntimeError:  # the runner stopped: the process is on its way out
            log.warning("sign-in row not written: the db lane is closed")

    def shutdown(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.idle_timer.stop()
