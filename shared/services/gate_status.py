"""What the gate shows beside its decisions (read-only; runs on the db lane, returns frozen records).

`active_booking_codes` feeds the demo camera with today's real codes; `gate_snapshot` is what the status bar
shows every few seconds: counts, how fresh the booking list is, and the tickets that did not print.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Booking
from shared.domain import BookingStatus
from shared.services.print_jobs import UnprintedTicket, unprinted_tickets
from shared.services.status import office_status


@dataclass(frozen=True)
class GateSnapshot:
    day: date
    bookings: int
    applicants_booked: int
    checked_in: int
    tickets_issued: int
    waiting: int
    last_sync_at: datetime | None
    unprinted: tuple[UnprintedTicket, ...]


def active_booking_codes(session: Session, config: Config, day: date, limit: int = 200) -> list[str]:
    """Today's active booking codes at this office, in slot order (the demo camera shows them in turn)."""
    rows = session.scalars(
        select(Booking.code)
        .where(
            Booking.day == day,
            Booking.office_code == config.office.code,
            Booking.status == BookingStatus.ACTIVE,
        )
        .order_by(Booking.slot_start, Booking.code)
        .limit(limit)
    )
    return list(rows)


def gate_snapshot(session: Session, config: Config, day: date) -> GateSnapshot:
    status = office_status(session, config, day, with_unprinted=False)  # read in detail below
    return GateSnapshot(
        day=day,
        bookings=status.bookings,
        applicants_booked=status.applicants_booked,
        checked_in=status.bookings_checked_in,
        tickets_issued=status.tickets_issued,
        waiting=status.waiting,
        last_sync_at=status.last_sync_at,
        unprinted=unprinted_tickets(session, day),
    )
