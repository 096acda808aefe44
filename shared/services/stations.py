"""Station names: every PC's roles run under their own name, and two running stations never share one.

A role claims (station.name, role) at start and writes a heartbeat every HEARTBEAT_SECONDS; a claim is live while
its heartbeat is younger than twice that. The claim is refused, naming the other PC, when a live claim of the same
name is held
- by another host (another PC was given the same station name), or
- on this host by the same role in another process that is still running (the role started twice).
The same PC may run two roles under its one name (a gate PC that also drives the board). A claim whose process is
gone (a crash, a power cut) is taken over at once on the same host, and after 2 x HEARTBEAT_SECONDS from another.

For the roles (`shared.qt.app.load_role`, wired by the lead): `claim_for_role(db, config, role)` at start (raises
`StationTaken` with the text to show, exit 2), `beat(session, claim, now)` on the db lane every HEARTBEAT_SECONDS,
`release(session, claim)` at a clean exit.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import clock
from shared.config import Config
from shared.db.engine import Database
from shared.db.models import Station
from shared.text import Text

HEARTBEAT_SECONDS = 30
LIVE_FACTOR = 2


class StationTaken(Exception):
    """The station name is held by a running station elsewhere; `text` names it and says what to do."""

    def __init__(self, text: Text, holder: StationView) -> None:
        super().__init__(text.line())
        self.text = text
        self.holder = holder


@dataclass(frozen=True)
class StationView:
    name: str
    role: str
    host: str
    pid: int
    started_at: datetime
    heartbeat_at: datetime | None
    health: tuple[tuple[str, str, Text], ...] = ()  # (part, level, words) as the role last said
    officer_id: int | None = None  # who is signed in there

    def live(self, now: datetime, interval: float = HEARTBEAT_SECONDS) -> bool:
        return heartbeat_live(self.heartbeat_at, now, interval)


def heartbeat_live(heartbeat_at: datetime | None, now: datetime, interval: float = HEARTBEAT_SECONDS) -> bool:
    """A claim (a station's, a loket's) is live while its heartbeat is younger than LIVE_FACTOR intervals."""
    return heartbeat_at is not None and now - heartbeat_at < timedelta(seconds=LIVE_FACTOR * interval)


@dataclass(frozen=True)
class StationClaim:
    """What this process holds: pass it to beat() and release()."""

    name: str
    role: str
    host: str
    pid: int


def _view(row: Station) -> StationView:
    health = tuple((part, level, text) for part, (level, text) in health_of(row.health).items())
    return StationView(row.name, row.role, row.host, row.pid, row.started_at, row.heartbeat_at, health,
                       row.officer_id)


def pid_running(pid: int) -> bool:
    """Whether a process of this PC with that pid still runs (a claim left by a crash is free at once)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _lock_name(session: Session, name: str) -> None:
    """One claim of a name at a time (SQLite: the write transaction already serialises)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext("antrian-station:" + name))))


def taken_text(name: str, holder: StationView, now: datetime) -> Text:
    age = 0 if holder.heartbeat_at is None else max(0, round((now - holder.heartbeat_at).total_seconds()))
    return Text(
        f"Nama stasiun {name!r} sedang dipakai oleh PC {holder.host!r} ({holder.role}, pid {holder.pid}, "
        f"detak terakhir {age} dtk lalu). Beri PC ini nama sendiri: station.name di config.toml, "
        f"ANTRIAN_STATION_NAME, atau `antrian setup`",
        f"Station name {name!r} is in use by PC {holder.host!r} ({holder.role}, pid {holder.pid}, last heartbeat "
        f"{age} s ago). Give this PC its own name: station.name in config.toml, ANTRIAN_STATION_NAME, "
        f"or `antrian setup`",
    )


def claim_station(
    session: Session,
    name: str,
    role: str,
    host: str,
    pid: int,
    now: datetime,
    interval: float = HEARTBEAT_SECONDS,
    running: Callable[[int], bool] | None = None,
) -> StationClaim:
    """Claim (name, role) for host/pid, or raise StationTaken. `running(pid)` says whether a process of THIS host
    still runs (default: assume it does); a live claim of a dead process on this host is taken over."""
    _lock_name(session, name)
    rows = session.scalars(select(Station).where(Station.name == name).with_for_update()).all()
    mine: Station | None = None
    for row in rows:
        if row.role == role:
            mine = row
        if row.host == host and row.pid == pid:
            continue
        view = _view(row)
        if not view.live(now, interval):
            continue
        if row.host != host:
            raise StationTaken(taken_text(name, view, now), view)
        if row.role == role and (running is None or running(row.pid)):
            raise StationTaken(taken_text(name, view, now), view)
    if mine is None:
        mine = Station(name=name, role=role, host=host, pid=pid, started_at=now, heartbeat_at=now)
        session.add(mine)
    else:
        mine.host, mine.pid, mine.started_at, mine.heartbeat_at = host, pid, now, now
    session.flush()
    return StationClaim(name, role, host, pid)


def held_row(session: Session, claim: StationClaim) -> Station | None:
    """The row of this process's claim, if it still holds it."""
    return session.scalars(select(Station).where(
        Station.name == claim.name, Station.role == claim.role, Station.host == claim.host, Station.pid == claim.pid,
    )).first()


def beat(session: Session, claim: StationClaim, now: datetime, interval: float = HEARTBEAT_SECONDS,
         health: str | None = None) -> bool:
    """The heartbeat. True when the claim is still ours; when it was released or went stale and nobody else
    took it, it is claimed again (True); when another live station holds it now, StationTaken. `health`: what
    the role says of its devices (JSON, `health_json`), kept on the row for the supervisor's window."""
    row = held_row(session, claim)
    if row is None:
        claim_station(session, claim.name, claim.role, claim.host, claim.pid, now, interval)
        row = held_row(session, claim)
    if row is not None:
        row.heartbeat_at = now
        if health is not None:
            row.health = health
    session.flush()
    return True


def health_json(parts: dict[str, tuple[str, Text]]) -> str:
    """{part: (level, words)} as the `station.health` JSON."""
    return json.dumps({name: {"level": str(level), "id": text.id, "en": text.en}
                       for name, (level, text) in parts.items()}, ensure_ascii=False, sort_keys=True)


def health_of(raw: str | None) -> dict[str, tuple[str, Text]]:
    """`station.health` read back; anything unreadable is left out."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): (str(v.get("level", "")), Text(str(v.get("id", "")), str(v.get("en", ""))))
            for k, v in data.items() if isinstance(v, dict)}


def release(session: Session, claim: StationClaim) -> None:
    """A clean exit: the name is free at once."""
    row = held_row(session, claim)
    if row is not None:
        row.heartbeat_at = None


def list_stations(session: Session) -> list[StationView]:
    return [_view(r) for r in session.scalars(select(Station).order_by(Station.name, Station.role))]


def this_host() -> str:
    return os.environ.get("ANTRIAN_STATION_HOST") or socket.gethostname()


def claim_for_role(
    db: Database, config: Config, role: str, host: str | None = None, pid: int | None = None
) -> StationClaim:
    """The role's claim at start, on the office clock (raises StationTaken; the role exits 2 with `.text`)."""
    return db.run(
        claim_station,
        config.station.name,
        role,
        host or this_host(),
        os.getpid() if pid is None else pid,
        clock.now(UTC),
        HEARTBEAT_SECONDS,
        pid_running,
    )
