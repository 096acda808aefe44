"""Print jobs: every attempt to put a ticket on paper, so that a printer fault never loses a ticket.

A job goes queued -> printed, or queued -> failed with the reason; a retry of a failed job counts an attempt.
Nothing here touches the ticket itself: a ticket whose print failed keeps its number and its place in the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import PrintJob, Ticket
from shared.domain import PrintStatus, TicketView

from .tickets import find_ticket, ticket_view

IN_PROGRESS = timedelta(minutes=2)


@dataclass(frozen=True)
class PrintJobView:
    id: int
    ticket_id: int
    status: str
    attempts: int
    reason: str | None
    printer: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class UnprintedTicket:
    ticket_id: int
    number: str
    day: date
    status: str  # the ticket's own state (waiting, called, ...)
    job_status: str | None  # None: no print was ever recorded
    reason: str | None
    attempts: int


def _view(job: PrintJob) -> PrintJobView:
    return PrintJobView(
        job.id,
        job.ticket_id,
        job.status,
        job.attempts,
        job.reason,
        job.printer,
        job.created_at,
        job.updated_at,
    )


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def create_job(
    session: Session, ticket_id: int, printer: str = "", now: datetime | None = None
) -> PrintJobView:
    """A new queued job (first print, or a reprint of a ticket that already printed)."""
    at = _now(now)
    job = PrintJob(
        ticket_id=ticket_id,
        status=PrintStatus.QUEUED.value,
        attempts=0,
        reason=None,
        printer=printer[:200],
        created_at=at,
        updated_at=at,
    )
    session.add(job)
    session.flush()
    return _view(job)


def latest_job(session: Session, ticket_id: int) -> PrintJobView | None:
    job = session.scalar(
        select(PrintJob).where(PrintJob.ticket_id == ticket_id).order_by(PrintJob.id.desc()).limit(1)
    )
    return _view(job) if job else None


def start_job(
    session: Session, ticket_id: int, printer: str = "", now: datetime | None = None
) -> PrintJobView:
    """The job for this print: the ticket's unfinished one again (a retry), or a new one."""
    job = session.scalar(
        select(PrintJob).where(PrintJob.ticket_id == ticket_id).order_by(PrintJob.id.desc()).limit(1)
    )
    if job is None or job.status == PrintStatus.PRINTED.value:
        return create_job(session, ticket_id, printer, now)
    job.status, job.printer, job.updated_at = PrintStatus.QUEUED.value, printer[:200], _now(now)
    session.flush()
    return _view(job)


def _finish(
    session: Session, job_id: int, status: PrintStatus, reason: str | None, now: datetime | None
) -> PrintJobView:
    job = session.get(PrintJob, job_id, with_for_update=True)
    if job is None:
        raise KeyError(f"print job {job_id}")
    job.status, job.reason, job.updated_at = status.value, reason, _now(now)
    job.attempts += 1
    session.flush()
    return _view(job)


def mark_printed(
    session: Session, job_id: int, note: str | None = None, now: datetime | None = None
) -> PrintJobView:
    """Printed; `note` keeps a warning that did not stop the ticket (paper nearly out)."""
    return _finish(session, job_id, PrintStatus.PRINTED, note, now)


def mark_failed(session: Session, job_id: int, reason: str, now: datetime | None = None) -> PrintJobView:
    return _finish(session, job_id, PrintStatus.FAILED, reason, now)


def unprinted_tickets(session: Session, day: date, now: datetime | None = None) -> tuple[UnprintedTicket, ...]:
    """The day's tickets whose latest job failed, or that never had one, or whose print has hung."""
    now = _now(now)
    latest = (
        select(PrintJob.ticket_id, func.max(PrintJob.id).label("job_id"))
        .group_by(PrintJob.ticket_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Ticket.id,
            Ticket.number,
            Ticket.day,
            Ticket.status,
            PrintJob.status,
            PrintJob.reason,
            PrintJob.attempts,
            PrintJob.updated_at,
        )
        .outerjoin(latest, latest.c.ticket_id == Ticket.id)
        .outerjoin(PrintJob, PrintJob.id == latest.c.job_id)
        .where(Ticket.day == day)
        .order_by(Ticket.id)
    ).all()
    return tuple(
        UnprintedTicket(tid, number, d, status, job_status, reason, attempts or 0)
        for tid, number, d, status, job_status, reason, attempts, updated in rows
        if job_status != PrintStatus.PRINTED.value and not _printing_now(job_status, updated, now)
    )


def _printing_now(job_status: str | None, updated: datetime | None, now: datetime) -> bool:
    """A job queued moments ago is being printed (one at a time per printer): not yet "unprinted"."""
    return job_status == PrintStatus.QUEUED.value and updated is not None and now - updated < IN_PROGRESS


def ticket_view_for_print(
    session: Session, config: Config, ticket: int | tuple[date, str], now: datetime | None = None
) -> TicketView | None:
    """The ticket as printed, by id or by (day, number); people ahead and the wait are counted now."""
    row = session.get(Ticket, ticket) if isinstance(ticket, int) else find_ticket(session, *ticket)
    return ticket_view(session, config, row, _now(now)) if row is not None else None
