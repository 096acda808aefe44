"""Read-only views of the day: the office's counts (gate, CLI) and the board's call log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Applicant, Booking, CallEvent, CheckinEvent, Counter, Ticket
from shared.domain import BookingStatus, CallEventView, Decision, OfficeStatus, ServiceCount

from .counter_ops import counter_view
from .print_jobs import unprinted_tickets
from .sync import last_sync_at

NOT_BOOKED = (BookingStatus.CANCELLED, BookingStatus.WITHDRAWN)  # not counted among the day's bookings


def _day_bounds(config: Config, day: date) -> tuple[datetime, datetime]:
    tz = config.office.tz
    start = datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day, time.max, tzinfo=tz).astimezone(UTC)
    return start, end


def service_counts(session: Session, config: Config, day: date) -> tuple[ServiceCount, ...]:
    rows = session.execute(
        select(Ticket.service_prefix, Ticket.status, func.count()).where(Ticket.day == day).group_by(Ticket.service_prefix, Ticket.status)
    ).all()
    counts: dict[str, dict[str, int]] = {}
    for prefix, status, n in rows:
        counts.setdefault(prefix, {})[status] = n
    return tuple(
        ServiceCount(
            prefix=s.prefix,
            name=s.name,
            name_en=s.name_en,
            waiting=counts.get(s.prefix, {}).get("waiting", 0),
            called=counts.get(s.prefix, {}).get("called", 0),
            done=counts.get(s.prefix, {}).get("done", 0),
            no_show=counts.get(s.prefix, {}).get("no_show", 0),
        )
        for s in config.services
    )


def unprinted_numbers(session: Session, day: date) -> tuple[str, ...]:
    """The numbers of the day's tickets that did not print (the print jobs' one rule)."""
    return tuple(t.number for t in unprinted_tickets(session, day))


def office_status(session: Session, config: Config, day: date, with_unprinted: bool = True) -> OfficeStatus:
    """The day's counts; `with_unprinted=False` for callers that read the unprinted tickets in detail anyway."""
    start, end = _day_bounds(config, day)
    bookings = session.scalar(select(func.count(Booking.id)).where(Booking.day == day, Booking.status.not_in(NOT_BOOKED))) or 0
    applicants = session.scalar(
        select(func.count(Applicant.id)).join(Booking).where(Booking.day == day, Booking.status.not_in(NOT_BOOKED))
    ) or 0
    decisions = session.execute(
        select(CheckinEvent.result, func.count()).where(CheckinEvent.at.between(start, end)).group_by(CheckinEvent.result)
    ).all()
    by_result = dict(decisions)
    services = service_counts(session, config, day)
    counters = tuple(counter_view(session, c) for c in session.scalars(select(Counter).order_by(Counter.name)))
    return OfficeStatus(
        day=day,
        bookings=bookings,
        applicants_booked=applicants,
        bookings_checked_in=by_result.get(Decision.VALID, 0),
        tickets_issued=session.scalar(select(func.count(Ticket.id)).where(Ticket.day == day)) or 0,
        waiting=sum(s.waiting for s in services),
        services=services,
        counters=counters,
        decisions=tuple(sorted(by_result.items())),
        last_sync_at=last_sync_at(session),
        unprinted=unprinted_numbers(session, day) if with_unprinted else (),
    )


def recent_calls(session: Session, config: Config, day: date, limit: int = 10, after_id: int = 0) -> list[CallEventView]:
    """The day's calls, newest first; `after_id` lets the board fetch only what is new since its last read."""
    start, end = _day_bounds(config, day)
    rows = session.scalars(
        select(CallEvent)
        .where(CallEvent.at.between(start, end), CallEvent.id > after_id)
        .order_by(CallEvent.id.desc())
        .limit(limit)
    )
    return [CallEventView(r.id, r.number, r.counter_name, r.kind, r.at) for r in rows]
