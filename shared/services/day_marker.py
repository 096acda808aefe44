"""Whether an office day is closed: the `day_closed:YYYY-MM-DD` row of `sync_state` that `antrian day close`
writes (shared/services/day_close.py). Once it exists, no ticket is issued for that day any more: its unserved
count and its stored visits (the reports) stay what the close fixed."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from shared.db.models import SyncState
from shared.text import Text


def marker_key(day: date) -> str:
    return f"day_closed:{day.isoformat()}"


def marker_of(row: SyncState) -> dict[str, Any]:
    try:
        value = json.loads(row.value)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def day_closed_at(session: Session, day: date) -> datetime | None:
    """When `day` was closed, or None while it is open."""
    row = session.get(SyncState, marker_key(day))
    if row is None:
        return None
    try:
        return datetime.fromisoformat(marker_of(row)["closed_at"])
    except (ValueError, KeyError, TypeError):
        return row.updated_at


class DayClosed(ValueError):
    """A ticket asked for on a day that was closed; `text` says so (the kiosk and the gate show it)."""

    def __init__(self, day: date, closed_at: datetime, tz: Any) -> None:
        at = f"{closed_at.astimezone(tz):%H:%M}"
        self.text = Text(f"Antrean {day:%d-%m-%Y} sudah ditutup pukul {at}; tidak ada nomor baru hari ini",
                         f"The queue of {day:%Y-%m-%d} was closed at {at}; no new numbers today")
        super().__init__(self.text.line())


def refuse_if_closed(session: Session, day: date, tz: Any) -> None:
    closed = day_closed_at(session, day)
    if closed is not None:
        raise DayClosed(day, closed, tz)
