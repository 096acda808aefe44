"""Issuing numbered tickets: one per applicant, routed to a service, numbered per day and prefix atomically.

The number comes from the (day, prefix) allocator row, incremented in the same transaction that inserts the
ticket, so numbers are never reused or skipped; UNIQUE(day, prefix, seq) is the safety net.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared import clock
from shared.config import WALK_IN_PREFIX, Config, ServiceConfig
from shared.db.models import Applicant, Booking, Counter, NumberAllocator, PrintJob, Ticket
from shared.domain import PrintStatus, TicketStatus, TicketView, WaitEstimate, mask_nik, ticket_label

from .checklist import checklist_for
from .day_marker import refuse_if_closed
from .wait_estimate import ticket_estimate

PRIORITY = "priority"  # the walk-in kind that joins the priority queue rather than a walk-in service


def office_day(config: Config, now: datetime) -> date:
    return now.astimezone(config.office.tz).date()


def allocate_number(session: Session, day: date, prefix: str, count: int = 1) -> int:
    """The first of `count` next numbers for (day, prefix): insert-if-missing, then one atomic increment
    with RETURNING. Callers needing several prefixes take them in sorted order (no lock-order deadlock)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(NumberAllocator).values(day=day, prefix=prefix, last=0).on_conflict_do_nothing())
    stmt = (
        update(NumberAllocator)
        .where(NumberAllocator.day == day, NumberAllocator.prefix == prefix)
        .values(last=NumberAllocator.last + count)
        .returning(NumberAllocator.last)
    )
    return int(session.execute(stmt).scalar_one()) - count + 1


def route_applicant(config: Config, applicant: Applicant) -> ServiceConfig:
    """Priority applicants go to the priority queue; the rest by application type."""
    if applicant.priority:
        return config.service_for("priority")
    return config.service_for(applicant.application_type)


def issue_ticket(
    session: Session,
    config: Config,
    service: ServiceConfig,
    now: datetime,
    sort_at: datetime,
    *,
    booking: Booking | None = None,
    applicant: Applicant | None = None,
    walk_in_kind: str | None = None,
    late_override: bool = False,
    seq: int | None = None,
    issued_by: int | None = None,
) -> Ticket:
    day = office_day(config, now)
    if seq is None:
        seq = allocate_number(session, day, service.prefix)
    ticket = Ticket(
        day=day,
        prefix=service.prefix,
        seq=seq,
        number=ticket_label(service.prefix, seq),
        service_prefix=service.prefix,
        status=TicketStatus.WAITING,
        is_priority=service.priority,
        booking_id=booking.id if booking else None,
        applicant_id=applicant.id if applicant else None,
        walk_in_kind=walk_in_kind,
        issued_at=now,
        sort_at=sort_at,
        late_override=late_override,
        issued_by=issued_by,  # in the INSERT: the gate's database role may not update tickets
        checklist="",
    )
    session.add(ticket)
    session.flush()
    return ticket


def issue_walk_in(session: Session, config: Config, kind: str, now: datetime) -> TicketView:
    """A ticket without a booking (passport pickup, information, priority walk-in), ordered by arrival."""
    service = config.service_for(PRIORITY if kind == PRIORITY else WALK_IN_PREFIX + kind)
    refuse_if_closed(session, office_day(config, now), config.office.tz)  # DayClosed: the kiosk says so
    ticket = issue_ticket(session, config, service, now, sort_at=now, walk_in_kind=kind)
    return ticket_view(session, config, ticket, now)


def find_ticket(session: Session, day: date, number: str) -> Ticket | None:
    return session.scalar(select(Ticket).where(Ticket.day == day, Ticket.number == number.strip().upper()))


def people_ahead(session: Session, ticket: Ticket) -> int:
    """Waiting tickets of the same service before this one (the simple count; the ticket's own `people_ahead`
    is what the policy calls before it, from `wait_estimate`)."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    return int(
        session.scalar(
            select(func.count(Ticket.id)).where(
                Ticket.day == ticket.day,
                Ticket.service_prefix == ticket.service_prefix,
                Ticket.status == TicketStatus.WAITING,
                # explicit, not a row-value tuple: the typed column comparison converts the datetime on SQLite too
                or_(Ticket.sort_at < ticket.sort_at, and_(Ticket.sort_at == ticket.sort_at, Ticket.id < ticket.id)),
            )
        )
        or 0
    )


def open_counters_for(session: Session, prefix: str) -> int:
    rows = session.scalars(select(Counter.services).where(Counter.paused.is_(False)))
    return max(1, sum(1 for services in rows if prefix in services))


def ticket_view(session: Session, config: Config, ticket: Ticket, now: datetime | None = None) -> TicketView:
    applicant, booking = ticket.applicant, ticket.booking
    counter_name = session.scalar(select(Counter.name).where(Counter.id == ticket.counter_id)) if ticket.counter_id else None
    return view_of(
        config, ticket, applicant, booking.code if booking else None, counter_name=counter_name,
        printed=_printed(session, ticket.id), wait=ticket_estimate(session, config, ticket, now or clock.now(config.office.tz)),
        now=now,
    )


def view_of(
    config: Config, ticket: Ticket, applicant: Applicant | None, booking_code: str | None, *,
    counter_name: str | None, printed: bool, wait: WaitEstimate | None, now: datetime | None,
) -> TicketView:
    """The frozen view of a ticket from what is already read (no query): `ticket_view` and call-next's single
    statement both build it here. `wait` is None for a ticket no longer waiting (no one ahead, nothing to estimate)."""
    service = config.service(ticket.service_prefix)
    wait = wait or WaitEstimate(0, 0, 0)
    since = ticket.called_at or now
    waited = int((since - ticket.issued_at).total_seconds() // 60) if since else 0
    return TicketView(
        id=ticket.id,
        number=ticket.number,
        day=ticket.day,
        service_prefix=ticket.service_prefix,
        service_name=service.name,
        service_name_en=service.name_en,
        status=ticket.status,
        issued_at=ticket.issued_at,
        applicant_name=applicant.name if applicant else None,
        nik_masked=mask_nik(applicant.nik) if applicant else None,
        booking_code=booking_code,
        application_type=applicant.application_type if applicant else None,
        replacement_reason=applicant.replacement_reason if applicant else None,
        priority=applicant.priority if applicant else None,
        walk_in_kind=ticket.walk_in_kind,
        people_ahead=wait.people_ahead,
        estimated_wait_minutes=wait.minutes,
        estimated_wait_low_minutes=wait.low_minutes,
        estimated_wait_high_minutes=wait.high_minutes,
        may_not_be_served_today=wait.may_not_be_served_today,
        printed=printed,
        counter_name=counter_name,
        called_at=ticket.called_at,
        minutes_waited=max(0, waited),
        checklist=_checklist(ticket, applicant),
    )


def _printed(session: Session, ticket_id: int) -> bool:
    status = session.scalar(
        select(PrintJob.status).where(PrintJob.ticket_id == ticket_id).order_by(PrintJob.id.desc()).limit(1)
    )
    return status == PrintStatus.PRINTED.value


def _checklist(ticket: Ticket, applicant: Applicant | None) -> tuple[tuple[str, bool], ...]:
    ticks = json.loads(ticket.checklist) if ticket.checklist else {}
    if applicant is None:
        return tuple((doc, bool(ticks.get(doc))) for doc in ticks)
    docs = checklist_for(applicant.application_type, applicant.replacement_reason, applicant.priority)
    return tuple((doc, bool(ticks.get(doc, False))) for doc in docs)
