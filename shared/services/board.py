"""The board's one database read: the calls newer than the last one seen and the waiting counts per service.

One read-only transaction returns everything a refresh needs. The board reads through a reader database
(`Database(url, reader=True)`), so a lost SQLite file shows as an error, never as a silently stale screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from shared.config import Config
from shared.domain import CallEventView, ServiceCount
from shared.services.status import recent_calls, service_counts

FIRST_READ_LIMIT = 60  # enough calls to fill the screen with distinct numbers after a start
NEXT_READ_LIMIT = 30  # more new calls than this between two reads: only the newest matter


@dataclass(frozen=True)
class BoardRead:
    day: date
    calls: tuple[CallEventView, ...]  # newest first, id > after_id
    counts: tuple[ServiceCount, ...]


def read_board(session: Session, config: Config, day: date, after_id: int) -> BoardRead:
    limit = FIRST_READ_LIMIT if after_id == 0 else NEXT_READ_LIMIT
    calls = recent_calls(session, config, day, limit=limit, after_id=after_id)
    return BoardRead(day=day, calls=tuple(calls), counts=service_counts(session, config, day))
