"""The board's one database read: the calls newer than the last one seen, the waiting counts per service and,
when asked for, the estimated wait per service.

One read-only transaction returns everything a refresh needs. The board reads through a reader database
(`Database(url, reader=True)`), so a lost SQLite file shows as an error, never as a silently stale screen.
The calls and counts are cheap and read on every poll; the waits simulate the day's queue, so the board asks
for them only every few seconds (`kiosk.board.feed.WAITS_EVERY_MS`) by passing `waits_at`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from shared.config import Config
from shared.domain import CallEventView, ServiceCount
from shared.services.status import recent_calls, service_counts
from shared.services.wait_estimate import ServiceWait, service_waits

FIRST_READ_LIMIT = 60  # enough calls to fill the screen with distinct numbers after a start
NEXT_READ_LIMIT = 30  # more new calls than this between two reads: only the newest matter


@dataclass(frozen=True)
class BoardRead:
    day: date
    calls: tuple[CallEventView, ...]  # newest first, id > after_id
    counts: tuple[ServiceCount, ...]
    waits: tuple[ServiceWait, ...] | None = None  # None: not asked for in this read (the last ones still hold)


def read_board(session: Session, config: Config, day: date, after_id: int,
               waits_at: datetime | None = None) -> BoardRead:
    """The new calls and the counts; with `waits_at` (the office's now) also what a new ticket of each service
    would wait."""
    limit = FIRST_READ_LIMIT if after_id == 0 else NEXT_READ_LIMIT
    calls = recent_calls(session, config, day, limit=limit, after_id=after_id)
    waits = service_waits(session, config, waits_at) if waits_at is not None else None
    return BoardRead(day=day, calls=tuple(calls), counts=service_counts(session, config, day), waits=waits)
