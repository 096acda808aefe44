"""Print jobs: every attempt to put a ticket on paper, so that a printer fault never loses a ticket.

A job goes queued -> printed, or queued -> failed with the reason; a retry of a failed job counts an attempt.
Nothing here touches the ticket itself: a ticket whose print failed keeps its number and its place in the queue.

`PrintOutcome` (one attempt's result) lives here, in the Qt-free core, so that the printer (`printing`) and the
GUI's print chain (`shared.qt.print_chain`, which must not import `printing`) build and pass the same type.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import clock
from shared.config import Config
from shared.db.models import PrintJob, Ticket
from shared.domain import PrintStatus, TicketView
from shared.text import Text

from .staff import Action, Actor, Authority, require_actor, require_authority
from .tickets import find_ticket, ticket_view

IN_PROGRESS = timedelta(minutes=2)

PRINTED = Text("Tiket tercetak", "Ticket printed")
PRINTED_SHORT = Text("Tercetak", "Printed")
ALREADY_PRINTED = Text("Sudah tercetak", "Already printed")
TICKET_NOT_FOUND = Text("Nomor antrean tidak ditemukan", "Ticket number not found")


@dataclass(frozen=True)
class PrintOutcome:
    """One print attempt as a person reads it: `message` is the full instruction ("Paper out — replace the
    paper roll, then reprint"), `short` the brief reason for a per-ticket cell ("Paper out", "Printed")."""

    ok: bool
    number: str
    message: Text
    short: Text
    fault: str | None = None  # a printing.status.Fault (a StrEnum) when not ok, or the warning when ok
    status: Any = None  # the printer's PrinterStatus after printing (before, if it never printed)
    job_id: int | None = None
    output: str = ""  # where it went: the printer URL or the preview PNG
    detail: str = ""  # the technical cause, for the log and the job record, never for the screen

    @property
    def record_reason(self) -> str | None:
        """What the job row keeps: None for a clean print, else the fault, the message and the cause."""
        if self.fault is None:
            return None
        reason = f"{self.fault}: {self.message.line()}"
        return reason + (f" [{self.detail}]" if self.detail else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "number": self.number,
            "message_id": self.message.id,
            "message_en": self.message.en or self.message.id,
            "short": self.short.as_dict(),
            "fault": str(self.fault) if self.fault is not None else None,
            "detail": self.detail,
            "status": self.status.as_dict() if self.status is not None else None,
            "job_id": self.job_id,
            "output": self.output,
        }


def ticket_not_found(number: str) -> PrintOutcome:
    return PrintOutcome(False, number, TICKET_NOT_FOUND, TICKET_NOT_FOUND, "ticket_not_found")


def already_printed(number: str) -> PrintOutcome:
    """The "print what did not print" buttons: a ticket that printed meanwhile is not printed twice."""
    return PrintOutcome(True, number, ALREADY_PRINTED, ALREADY_PRINTED)


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
    reason: str | None  # as stored: "<fault>: <words> [<cause>]" (PrintOutcome.record_reason)
    attempts: int

    @property
    def words(self) -> str | None:
        """What the officer reads of the stored reason: the words, without the fault code and the cause."""
        if not self.reason:
            return None
        words = self.reason.split(": ", 1)[-1]
        return words.rsplit(" [", 1)[0] if words.endswith("]") else words


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
    return now or clock.now(UTC)  # the office clock (the database server's on PostgreSQL)


def create_job(
    session: Session, ticket_id: int, printer: str = "", now: datetime | None = None, *,
    officer_id: int | None = None, supervisor_id: int | None = None,
) -> PrintJobView:
    """A new queued job (first print, or a reprint of a ticket that already printed)."""
    at = _now(now)
    job = PrintJob(
        officer_id=officer_id,
        supervisor_id=supervisor_id,
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
    session: Session, ticket_id: int, printer: str = "", now: datetime | None = None, *,
    officer_id: int | None = None, supervisor_id: int | None = None,
) -> PrintJobView:
    """The job for this print: the ticket's unfinished one again (a retry: it keeps the officer who started it),
    or a new one in `officer_id`'s name."""
    job = _latest_locked(session, ticket_id)
    if job is None or job.status == PrintStatus.PRINTED:
        return create_job(session, ticket_id, printer, now, officer_id=officer_id, supervisor_id=supervisor_id)
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


def record_outcome(
    session: Session, job_id: int, ok: bool, reason: str | None, now: datetime | None = None
) -> PrintJobView:
    """A finished print, in one transaction: printed (`reason` keeps a warning) or failed with the reason."""
    if ok:
        return mark_printed(session, job_id, reason, now)
    return mark_failed(session, job_id, reason or "failed", now)


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
        if job_status != PrintStatus.PRINTED and not _printing_now(job_status, updated, now)
    )


def _printing_now(job_status: str | None, updated: datetime | None, now: datetime) -> bool:
    """A job queued moments ago is being printed (one at a time per printer): not yet "unprinted"."""
    return job_status == PrintStatus.QUEUED and updated is not None and now - updated < IN_PROGRESS


def view_by_id(
    session: Session, config: Config, ticket_id: int, now: datetime | None = None
) -> TicketView | None:
    """The ticket as printed; people ahead and the wait are counted now."""
    row = session.get(Ticket, ticket_id)
    return ticket_view(session, config, row, _now(now)) if row is not None else None


def view_by_number(
    session: Session, config: Config, day: date, number: str, now: datetime | None = None
) -> TicketView | None:
    """The ticket as printed, by the number an officer types ("a-042" finds A-042)."""
    row = find_ticket(session, day, number)
    return ticket_view(session, config, row, _now(now)) if row is not None else None


@dataclass(frozen=True)
class PrintStart:
    """A (re)print about to go to the printer: `view` None means no such ticket; `job` None means nothing to
    print (it printed already and only unprinted tickets were asked for)."""

    view: TicketView | None
    job: PrintJobView | None


def begin_print(
    session: Session, view: TicketView | None, printer: str = "", now: datetime | None = None,
    only_if_unprinted: bool = False, *, config: Config | None = None, actor: Actor | None = None,
    authority: Authority | None = None,
) -> PrintStart:
    """The job for this print, or none: a missing ticket; with `only_if_unprinted` ("print what did not print",
    pressed twice or at two gates at once) a ticket that printed or is being printed right now. A second copy of
    a ticket that already printed is a reprint: it needs a supervisor's authority (`config` given)."""
    if view is None:
        return PrintStart(view, None)
    officer_id = require_actor(session, actor) if config is not None else (actor.officer_id if actor else None)
    latest = _latest_locked(session, view.id)  # a second press waits here until the first one's job is visible
    if only_if_unprinted and latest is not None and (
        latest.status == PrintStatus.PRINTED or _printing_now(latest.status, latest.updated_at, _now(now))
    ):
        return PrintStart(view, None)
    supervisor_id = None
    if config is not None and latest is not None and latest.status == PrintStatus.PRINTED:
        granted = require_authority(session, config, authority, Action.REPRINT, _now(now),
                                    view.booking_code or view.number, officer_id)
        supervisor_id = granted.supervisor_id if granted else None
    return PrintStart(view, start_job(session, view.id, printer, now, officer_id=officer_id,
                                      supervisor_id=supervisor_id))


def _latest_locked(session: Session, ticket_id: int) -> PrintJob | None:
    return session.scalar(
        select(PrintJob).where(PrintJob.ticket_id == ticket_id).order_by(PrintJob.id.desc()).limit(1)
        .with_for_update()
    )


def reprint_by_id(
    session: Session, config: Config, ticket_id: int, printer: str = "", now: datetime | None = None,
    only_if_unprinted: bool = False, *, actor: Actor | None = None, authority: Authority | None = None,
) -> PrintStart:
    """One transaction: the ticket's view and its print job (a reprint from the gate's list)."""
    return begin_print(session, view_by_id(session, config, ticket_id, now), printer, now, only_if_unprinted,
                       config=config, actor=actor, authority=authority)


def reprint_by_number(
    session: Session, config: Config, day: date, number: str, printer: str = "", now: datetime | None = None,
    only_if_unprinted: bool = False, *, actor: Actor | None = None, authority: Authority | None = None,
) -> PrintStart:
    """One transaction: the ticket's view and its print job (a reprint by the number the officer types)."""
    view = view_by_number(session, config, day, number, now)
    return begin_print(session, view, printer, now, only_if_unprinted, config=config, actor=actor,
                       authority=authority)
