"""Who is signed in at a station right now: `station.officer_id` of the claim a window holds.

A role window sets it at sign-in (and at a shift change) and clears it at sign-out, so the supervisor window and
a refused second PC can name the officer at a station or a loket (`shared.services.lokets`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.models import Officer

from .stations import StationClaim, held_row


def set_station_officer(session: Session, claim: StationClaim, officer_id: int | None) -> bool:
    """The officer at this claim's station (None: nobody). False when this process no longer holds the claim."""
    row = held_row(session, claim)
    if row is None:
        return False
    row.officer_id = officer_id
    session.flush()
    return True


def officer_name(session: Session, officer_id: int | None) -> str | None:
    """The name of the officer with this id (None for None or a row gone)."""
    if officer_id is None:
        return None
    return session.scalar(select(Officer.name).where(Officer.id == officer_id))
