"""One office clock: on PostgreSQL every PC follows the database server's clock.

`read_server_clock(session)` measures the server's clock against this PC's (`shared.clock.pc_now`), halfway
through the round trip; `sync_office_clock(db)` does that and makes `shared.clock.now()` apply the offset.
Called at start (the CLI; the roles' `load_role`) and every SYNC_SECONDS on the db lane (the roles):
`runner.read(read_server_clock, on_done=apply_reading)`. On SQLite there is one PC and no server: offset 0.

`clock_warning(reading)` is the Text a status bar shows when this PC's own clock is more than WARN_SECONDS off
(the decisions are right anyway; the warning is for the PC's other programs and its logs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import clock
from shared.db.engine import Database
from shared.text import Text

SYNC_SECONDS = 300
WARN_SECONDS = 60.0
FIX_CLOCK = Text(
    "setel jam PC ini (Linux: sudo timedatectl set-ntp true; Windows: Pengaturan > Waktu > Sinkronkan)",
    "set this PC's clock (Linux: sudo timedatectl set-ntp true; Windows: Settings > Time > Sync now)",
)


@dataclass(frozen=True)
class ClockReading:
    """server: the database server's time (None on SQLite: no server); offset_seconds = server - this PC."""

    server: datetime | None
    offset_seconds: float
    round_trip_ms: float

    @property
    def on_server(self) -> bool:
        return self.server is not None


def read_server_clock(session: Session) -> ClockReading:
    if session.get_bind().dialect.name != "postgresql":
        return ClockReading(None, 0.0, 0.0)
    session.execute(select(1))  # the connection is open before the clock is read
    before = clock.pc_now(UTC)
    server = session.execute(select(func.clock_timestamp())).scalar_one()
    after = clock.pc_now(UTC)
    middle = before + (after - before) / 2
    return ClockReading(
        server.astimezone(UTC), (server - middle).total_seconds(), (after - before).total_seconds() * 1000
    )


def apply_reading(reading: ClockReading) -> ClockReading:
    """Make clock.now() follow the server (PostgreSQL only)."""
    if reading.on_server:
        clock.set_offset(reading.offset_seconds)
    return reading


def sync_office_clock(db: Database) -> ClockReading:
    """Measure and apply; raises DatabaseError when the server cannot be reached."""
    return apply_reading(db.read(read_server_clock))


def clock_warning(reading: ClockReading, limit: float = WARN_SECONDS) -> Text | None:
    """None when this PC's clock is within `limit` seconds of the server's, else what to say and do (for the
    gate's status bar: `Level.BUSY` and this text)."""
    said = clock_offset_text(reading, limit)
    return None if said is None else said + " " + FIX_CLOCK


def clock_offset_text(reading: ClockReading, limit: float = WARN_SECONDS) -> Text | None:
    """What clock_warning says, without the fix."""
    if not reading.on_server or abs(reading.offset_seconds) <= limit:
        return None
    seconds = round(reading.offset_seconds)
    ahead = seconds < 0
    return Text(
        f"Jam PC ini {'lebih cepat' if ahead else 'lebih lambat'} {abs(seconds)} dtk dari server basis data; "
        f"Antrian memakai jam server.",
        f"This PC's clock is {abs(seconds)} s {'ahead of' if ahead else 'behind'} the database server; "
        f"Antrian uses the server's time.",
    )
