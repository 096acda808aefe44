"""One loket, one PC: the counter window holds its loket while it runs, and a second PC is refused.

A loket's hold is a row of `station` with role "loket" and the loket's name, kept alive by the counter's heartbeat
(the same rules as a station name: live while the heartbeat is younger than 2 x HEARTBEAT_SECONDS; a dead process
on the same PC is taken over at once). Only loket rows count here, so a PC whose station is also called "Loket 1"
never blocks the loket itself.

- `open_loket(session, counter_name, host, pid, now, running=None)` -> `StationClaim`, or `LoketTaken` whose
  `.text` names the officer signed in there and the PC holding it (`holder`: a `LoketHolder`).
- `beat_loket(session, claim, now)` — the heartbeat; `LoketTaken` once the row names another PC or process (a
  supervisor gave the loket away, or another PC opened it while this one looked dead): the loket is never
  taken back by a heartbeat, only by opening it again (a restarted window does, when that PC is gone).
- `release_loket(session, claim)` — a clean exit.
- `open_for_counter(db, counter_name)` — the counter window's opening at start, on the office clock, for this
  PC and process (a crashed window's hold on this PC is taken over at once).
- `take_over_loket(session, config, counter_name, host, pid, now, *, authority, actor=None, station="")` — a
  supervisor gives the loket to this PC even though another one still seems to hold it (it hangs, its
  network is gone): needs `Action.TAKE_OVER` and writes an `AuthKind.TAKE_OVER` row naming the PC taken from.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import clock
from shared.config import Config
from shared.db.engine import Database
from shared.db.models import Station
from shared.text import Text

from . import staff
from .signed_in import officer_name
from .staff import Action, Actor, AuthKind, Authority
from .stations import HEARTBEAT_SECONDS, StationClaim, heartbeat_live, pid_running, this_host

LOKET_ROLE = "loket"


@dataclass(frozen=True)
class LoketHolder:
    counter_name: str
    host: str
    pid: int
    heartbeat_at: datetime | None
    officer_name: str | None  # who is signed in there (None: nobody yet)


class LoketTaken(Exception):
    """The loket is open on another running PC; `text` names the officer and the PC."""

    def __init__(self, text: Text, holder: LoketHolder) -> None:
        super().__init__(text.line())
        self.text = text
        self.holder = holder


def _rows(session: Session, counter_name: str) -> Station | None:
    if session.get_bind().dialect.name == "postgresql":  # one opening of a loket at a time
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext("antrian-loket:" + counter_name))))
    return session.scalars(select(Station).where(Station.name == counter_name, Station.role == LOKET_ROLE)
                           .with_for_update()).first()


def _live(row: Station, now: datetime, interval: float) -> bool:
    return heartbeat_live(row.heartbeat_at, now, interval)


def _holder(session: Session, row: Station) -> LoketHolder:
    return LoketHolder(row.name, row.host, row.pid, row.heartbeat_at, officer_name(session, row.officer_id))


def taken_text(holder: LoketHolder, now: datetime) -> Text:
    age = 0 if holder.heartbeat_at is None else max(0, round((now - holder.heartbeat_at).total_seconds()))
    who_id = f"oleh {holder.officer_name}" if holder.officer_name else "(belum ada petugas masuk)"
    who_en = f"by {holder.officer_name}" if holder.officer_name else "(no officer signed in yet)"
    return Text(
        f"{holder.counter_name} sudah dibuka di PC {holder.host!r} {who_id} (pid {holder.pid}, detak terakhir "
        f"{age} dtk lalu). Tutup di sana dulu; bila PC itu mati atau macet, supervisor dapat mengambil alih.",
        f"{holder.counter_name} is open on PC {holder.host!r} {who_en} (pid {holder.pid}, last heartbeat {age} s "
        f"ago). Close it there first; if that PC died or hangs, a supervisor can take it over.",
    )


def _take(session: Session, row: Station | None, counter_name: str, host: str, pid: int, now: datetime) -> StationClaim:
    if row is None:
        row = Station(name=counter_name, role=LOKET_ROLE, host=host, pid=pid, started_at=now, heartbeat_at=now)
        session.add(row)
    else:
        row.host, row.pid, row.started_at, row.heartbeat_at, row.officer_id = host, pid, now, now, None
    session.flush()
    return StationClaim(counter_name, LOKET_ROLE, host, pid)


def open_loket(
    session: Session, counter_name: str, host: str, pid: int, now: datetime,
    running: Callable[[int], bool] | None = None, interval: float = HEARTBEAT_SECONDS,
) -> StationClaim:
    """This PC opens the loket, or LoketTaken naming who has it open. `running(pid)` says whether a process of
    THIS host still runs (default: assume it does): a loket left by a crashed window here is opened again."""
    row = _rows(session, counter_name)
    if row is not None and _live(row, now, interval) and (row.host, row.pid) != (host, pid):
        if row.host != host or running is None or running(row.pid):
            holder = _holder(session, row)
            raise LoketTaken(taken_text(holder, now), holder)
    return _take(session, row, counter_name, host, pid, now)


def beat_loket(session: Session, claim: StationClaim, now: datetime) -> bool:
    """The heartbeat: True while the row is ours (also after a stale spell, e.g. the network was away: nobody
    opened it meanwhile); LoketTaken as soon as the row names another PC or process, alive or not: from then on
    that PC (or its officer) answered for the loket, and this one stopped holding it."""
    row = _rows(session, claim.name)
    if row is None:  # the row was removed (a clean-up): nobody else holds it
        _take(session, None, claim.name, claim.host, claim.pid, now)
        return True
    if (row.host, row.pid) != (claim.host, claim.pid):
        holder = _holder(session, row)
        raise LoketTaken(taken_text(holder, now), holder)
    row.heartbeat_at = now
    session.flush()
    return True


def release_loket(session: Session, claim: StationClaim) -> None:
    """A clean exit: the loket is free at once (the row stays, without a heartbeat or an officer)."""
    row = _rows(session, claim.name)
    if row is not None and (row.host, row.pid) == (claim.host, claim.pid):
        row.heartbeat_at, row.officer_id = None, None
        session.flush()


def loket_holder(session: Session, counter_name: str, now: datetime,
                 interval: float = HEARTBEAT_SECONDS) -> LoketHolder | None:
    """Who has the loket open now (None: nobody alive)."""
    row = session.scalars(select(Station).where(Station.name == counter_name, Station.role == LOKET_ROLE)).first()
    return _holder(session, row) if row is not None and _live(row, now, interval) else None


def take_over_loket(
    session: Session, config: Config, counter_name: str, host: str, pid: int, now: datetime, *,
    authority: Authority | None, actor: Actor | None = None, station: str = "",
) -> StationClaim:
    """A supervisor gives the loket to this PC (the PC holding it died or hangs); recorded as TAKE_OVER."""
    # before anyone signs in at this PC: the supervisor answers for it (their authority names this loket)
    allowed = staff.require_authority(session, config, authority, Action.TAKE_OVER, now, counter_name)
    row = _rows(session, counter_name)
    before = f"from {row.host} pid {row.pid}" if row is not None else "from nobody"
    staff.record(session, AuthKind.TAKE_OVER, now, nip=actor.nip if actor else "",
                 officer_id=actor.officer_id if actor else None,
                 supervisor_id=allowed.supervisor_id if allowed else None, station=station, role=LOKET_ROLE,
                 action=str(Action.TAKE_OVER), reason=allowed.reason if allowed else None,
                 detail=f"{counter_name} {before} to {host} pid {pid}")
    return _take(session, row, counter_name, host, pid, now)


def open_for_counter(db: Database, counter_name: str, host: str | None = None, pid: int | None = None) -> StationClaim:
    """The counter window opens its loket at start (raises LoketTaken: the window offers a take-over)."""
    return db.run(open_loket, counter_name, host or this_host(), os.getpid() if pid is None else pid,
                  clock.now(UTC), pid_running)
